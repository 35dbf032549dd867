/*
 * sandbox.h: running a parser jixiao does not trust — a program of
 * Debian's (poppler-utils) on a file of the user's — in a child process
 * whose address space, time and files are capped, its output read through
 * a pipe by the parent, which never holds more than the caller allows.
 */
#ifndef JX_SANDBOX_H
#define JX_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct input_error;

struct sandbox_limits {
	size_t as_bytes;  /* RLIMIT_AS of the child */
	unsigned seconds; /* wall-clock time (alarm) and CPU time (RLIMIT_CPU) */
};

/* Takes a chunk of the child's standard output; false stops reading (the
 * child is killed). */
typedef bool sandbox_sink(void *ud, const char *p, size_t n);

struct sandbox_result {
	int status;       /* waitpid's */
	bool stopped;     /* the sink stopped it */
	bool missing;     /* the program is not installed (exec failed) */
	char err[512];    /* the start of its standard error, NUL-terminated */
};

/*
 * Run argv (argv[0] looked up in PATH) with standard input /dev/null,
 * nothing of the parent's open but its output pipes, a new session, no
 * core file, no file it may write (RLIMIT_FSIZE 0) and the limits given.
 * Its standard output goes to `sink`.  False (and *err) only when it could
 * not be started at all.
 */
bool sandbox_run(const char *const argv[], const struct sandbox_limits *lim, sandbox_sink *sink,
		 void *ud, struct sandbox_result *res, struct input_error *err);

/* The child's file: what sandbox_memfile made is descriptor 3 in the child
 * (SANDBOX_FILE names it), nothing else of the parent's. */
#define SANDBOX_FILE "/dev/fd/3"
struct sandbox_file {
	int fd; /* -1: none */
};
/* The same as sandbox_run, the file open in the child as SANDBOX_FILE. */
bool sandbox_run_file(const char *const argv[], const struct sandbox_limits *lim,
		      const struct sandbox_file *file, sandbox_sink *sink, void *ud,
		      struct sandbox_result *res, struct input_error *err);
/* <data, n> in an anonymous file in memory (memfd): no path, so nothing is
 * left on disk whatever ends the process.  False and errno on failure. */
bool sandbox_memfile(const char *data, size_t n, struct sandbox_file *out);
void sandbox_file_close(struct sandbox_file *f);

/* A private temporary file holding <data, n>, its path in path (cap
 * bytes); `tag` names it (jixiao-TAG.XXXXXX).  False and errno on failure. */
bool sandbox_temp_copy(const char *data, size_t n, const char *tag, char *path, size_t cap);

/* The child ended by itself with exit status 0. */
bool sandbox_ok(const struct sandbox_result *res);

#endif
