/*
 * sandbox.c: a capped child process running an untrusted parser (see
 * sandbox.h).  The limits are set between fork and exec, so they hold for
 * the program run, not for jixiao (a sanitized jixiao reserves terabytes
 * of address space; the program exec'd is not sanitized).
 */
#include "input.h"
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "banned.h"

enum { EXEC_FAILED = 127 };

/* A limit set to v, or kept where it is already lower (a limit cannot be
 * raised past the hard one the caller inherited: `ulimit -t` in a test). */
static bool lower(int resource, rlim_t v)
{
	struct rlimit rl;
	if (getrlimit(resource, &rl))
		return false;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < v)
		v = rl.rlim_max;
	rl.rlim_cur = rl.rlim_max = v;
	return setrlimit(resource, &rl) == 0;
}

/* In the child: the pipes on 1 and 2, the file on 3, limits, then the
 * program. */
static void child(const char *const argv[], const struct sandbox_limits *lim, int out, int errfd,
		  int file)
{
	int null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0 ||
	    (file >= 0 && dup2(file, 3) < 0))
		_exit(EXEC_FAILED + 1);
	close_range(file >= 0 ? 4 : 3, ~0U, 0);
	setsid();
	struct rlimit none = {0, 0};
	if (!lower(RLIMIT_AS, lim->as_bytes) || !lower(RLIMIT_CPU, lim->seconds) ||
	    setrlimit(RLIMIT_FSIZE, &none) || setrlimit(RLIMIT_CORE, &none) ||
	    !lower(RLIMIT_NOFILE, 16))
		_exit(EXEC_FAILED + 1);
	alarm(lim->seconds); /* kept across exec: wall-clock time too */
	execvp(argv[0], (char *const *)argv);
	_exit(EXEC_FAILED);
}

bool sandbox_run(const char *const argv[], const struct sandbox_limits *lim, sandbox_sink *sink,
		 void *ud, struct sandbox_result *res, struct input_error *err)
{
	const struct sandbox_file none = {-1};
	return sandbox_run_file(argv, lim, &none, sink, ud, res, err);
}

bool sandbox_memfile(const char *data, size_t n, struct sandbox_file *out)
{
	int fd = memfd_create("jixiao-input", MFD_CLOEXEC);
	if (fd < 0)
		return false;
	/* above the descriptors the child rearranges (0–3): with standard
	 * input closed the memfd could be 0, or 3 itself, which dup2 would
	 * leave close-on-exec */
	out->fd = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	close(fd);
	if (out->fd < 0)
		return false;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(out->fd, data + off, n - off);
		if (w <= 0) {
			int e = w < 0 ? errno : ENOSPC;
			sandbox_file_close(out);
			errno = e;
			return false;
		}
		off += (size_t)w;
	}
	return true;
}

void sandbox_file_close(struct sandbox_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

bool sandbox_run_file(const char *const argv[], const struct sandbox_limits *lim,
		      const struct sandbox_file *file, sandbox_sink *sink, void *ud,
		      struct sandbox_result *res, struct input_error *err)
{
	*res = (struct sandbox_result){0};
	int out[2], errp[2];
	if (pipe2(out, O_CLOEXEC) < 0) {
		input_fail(err, 0, "无法创建管道来运行 %s：%s", argv[0], strerror(errno));
		return false;
	}
	if (pipe2(errp, O_CLOEXEC) < 0) {
		input_fail(err, 0, "无法创建管道来运行 %s：%s", argv[0], strerror(errno));
		close(out[0]);
		close(out[1]);
		return false;
	}
	/* no fflush(NULL) before the fork: the child only execs or _exits, so
	 * the caller's unwritten stdio buffers are never written twice, and a
	 * reader in a worker thread must not flush the caller's streams at a
	 * moment of its own (check --jobs: stdout and stderr in input order) */
	pid_t pid = fork();
	if (pid < 0) {
		input_fail(err, 0, "无法创建进程来运行 %s：%s", argv[0], strerror(errno));
		close(out[0]);
		close(out[1]);
		close(errp[0]);
		close(errp[1]);
		return false;
	}
	if (pid == 0)
		child(argv, lim, out[1], errp[1], file->fd);
	close(out[1]);
	close(errp[1]);
	struct pollfd pf[2] = {{out[0], POLLIN, 0}, {errp[0], POLLIN, 0}};
	size_t nerr = 0;
	char buf[1 << 16];
	while (pf[0].fd >= 0 || pf[1].fd >= 0) {
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (pf[i].fd < 0 || !pf[i].revents)
				continue;
			ssize_t k = read(pf[i].fd, buf, sizeof buf);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				close(pf[i].fd);
				pf[i].fd = -1;
				continue;
			}
			if (i == 1) { /* the start of its complaints, for the message */
				size_t room = sizeof res->err - 1 - nerr;
				size_t take = (size_t)k < room ? (size_t)k : room;
				memcpy(res->err + nerr, buf, take);
				nerr += take;
				continue;
			}
			if (!res->stopped && !sink(ud, buf, (size_t)k)) {
				res->stopped = true;
				kill(pid, SIGKILL);
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (pf[i].fd >= 0)
			close(pf[i].fd);
	while (waitpid(pid, &res->status, 0) < 0 && errno == EINTR)
		;
	res->err[nerr] = '\0';
	res->missing = WIFEXITED(res->status) && WEXITSTATUS(res->status) == EXEC_FAILED;
	return true;
}

bool sandbox_ok(const struct sandbox_result *res)
{
	return !res->stopped && WIFEXITED(res->status) && WEXITSTATUS(res->status) == 0;
}

bool sandbox_temp_copy(const char *data, size_t n, const char *tag, char *path, size_t cap)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, cap, "%s/jixiao-%s.XXXXXX", dir && *dir ? dir : "/tmp", tag);
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, data + off, n - off);
		if (w <= 0) {
			int e = w < 0 ? errno : ENOSPC;
			close(fd);
			unlink(path);
			errno = e;
			return false;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		int e = errno;
		unlink(path);
		errno = e;
		return false;
	}
	return true;
}
