/*
 * batch.c: the read loop of the commands that read forms (check, render,
 * report), on as many threads as --jobs says.
 *
 * The input is cut into tasks in input order: a file each, and a large
 * text file into pieces the library says can be read apart
 * (jx_text_pieces).  Workers take the tasks in order; each reads its
 * forms with a context and an audit of its own, scores and audits them,
 * and turns each into the command's item (cli_batch.work), recording
 * findings and items as events.  The calling thread replays each task's
 * events in task order: findings through the command's context, items to
 * cli_batch.take, the audit's cross-form facts merged into the command's
 * audit.  So everything the command sees comes in the order, and with the
 * bytes, of one reader reading the files one after another — which is
 * what --jobs 1 does, on the calling thread, without cutting anything.
 *
 * The task at the head (the oldest not yet replayed) is replayed while it
 * is read, so that a file read whole (a workbook, check's JSON, a small
 * text) streams through as it does with one reader.  Memory: at most
 * WINDOW_PER_JOB tasks per worker are handed out ahead of the head, each
 * holds at most TASK_BYTES of findings and items before its worker waits
 * for it to become the head (HEAD_BYTES at the head, whose events are
 * taken as they come), and its worker up to LOCAL_BATCH of them or
 * LOCAL_BYTES (and the one event past) not handed over yet; a large text
 * is mapped only to find its cuts (the pages scanned given back), its
 * pieces read from the file.
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	/* a piece of a large text: big enough that a task's set-up is
	 * nothing beside its reading, small enough to keep both cores busy
	 * to the end and the events held small */
	PIECE_BYTES = 512 << 10,
	WINDOW_PER_JOB = 2,
	/* a piece's forms and findings take 2 MB as JSON (more where cuts are
	 * rare, up to 9 pieces' worth); a task is held to this, its worker
	 * waiting to be replayed */
	TASK_BYTES = 4 << 20,
	/* the head's events are taken as they come: more held would only be
	 * output waiting for a slow reader of ours (a pipe) */
	HEAD_BYTES = 1 << 20,
	/* a worker hands its events over this many at a time, taking the
	 * pool's lock once for them, not for each */
	LOCAL_BATCH = 64,
	LOCAL_BYTES = 256 << 10,
	/* the replay is woken for this many events at a time, not for each:
	 * each wake-up takes a core from a worker (there may be no other),
	 * and its caches with it */
	EVENTS_BATCH = 512
};

enum ev_kind { EV_DIAG, EV_ITEM };

struct ev {
	enum ev_kind kind;
	struct jx_diag d; /* its strings owned */
	void *item;
	size_t bytes;     /* what it holds */
};

/* A piece of a mapped file (jx_text_cut). */
struct piece {
	size_t off, len;
	unsigned long first_line;
};

/* A file's mapping, shared by the tasks of its pieces. */
struct mapped {
	FILE *in;
	char *data;
	size_t n;
	size_t next;             /* where the next piece starts */
	unsigned long next_line; /* and its first line */
	size_t left;             /* pieces handed out and not yet read */
	bool cut_all;            /* the last piece is handed out */
};

struct pool;

struct task {
	struct pool *pool;
	size_t seq;          /* its place in input order */
	int file;            /* index into files */
	FILE *in;            /* a whole file's task: the file */
	bool unopened;       /* the file could not be opened: open_errno */
	int open_errno;
	struct mapped *map;  /* a piece's task */
	struct piece piece;
	bool first, last;    /* of its file */
	/* results: events under the pool's lock, taken by the replay as they come */
	struct ev *ev;
	size_t nev, capev;
	size_t bytes;           /* what the events not taken hold */
	/* events its worker has not handed over yet (the worker's alone) */
	struct ev *pend;
	size_t npend, cappend, pend_bytes;
	enum jx_status st;
	struct jx_ctx *ctx;     /* the worker's, kept for what it learnt (jx_ctx_merge) */
	struct jx_audit *audit; /* the worker's, with the facts to merge */
	bool done;
};

struct pool {
	struct cli_batch *b;
	char **files;
	int nfiles;
	pthread_mutex_t lock;
	/* Two conditions, so that a change wakes only who waits for it: the
	 * replay (events, a task done or planned) and the workers (room in
	 * the window, events taken).  Signalled only when someone waits. */
	pthread_cond_t replay_cv, work_cv;
	bool replay_waits;
	int workers_wait;
	struct task *ring; /* task seq at ring[seq % window] */
	size_t window;
	size_t planned;    /* tasks handed out */
	size_t replayed;   /* tasks replayed by the calling thread */
	bool planned_all;
	int next_file;
	struct mapped *cur; /* the file being cut into pieces */
};

/* ---- events ------------------------------------------------------------------- */

/* Called with the pool's lock held. */
static void wake_replay(struct pool *p)
{
	if (p->replay_waits)
		pthread_cond_signal(&p->replay_cv);
}

static void wake_workers(struct pool *p)
{
	if (p->workers_wait)
		pthread_cond_broadcast(&p->work_cv);
}

static void wait_work(struct pool *p)
{
	p->workers_wait++;
	pthread_cond_wait(&p->work_cv, &p->lock);
	p->workers_wait--;
}

/* Hand the task's pending events to the replay; wait while the task holds
 * TASK_BYTES that the replay has not taken (it takes them once the task is
 * the head), HEAD_BYTES when it is the head. */
static void publish(struct task *t)
{
	if (!t->npend)
		return;
	struct pool *p = t->pool;
	pthread_mutex_lock(&p->lock);
	while (t->nev && t->bytes >= (t->seq == p->replayed ? HEAD_BYTES : TASK_BYTES))
		wait_work(p);
	if (!t->nev) { /* the common case at the head: hand the array over */
		free(t->ev);
		t->ev = t->pend;
		t->nev = t->npend;
		t->capev = t->cappend;
		t->pend = NULL;
		t->cappend = 0;
	} else {
		if (t->nev + t->npend > t->capev) {
			t->capev = (t->nev + t->npend) * 2;
			t->ev = cli_xrealloc(t->ev, t->capev * sizeof *t->ev);
		}
		memcpy(t->ev + t->nev, t->pend, t->npend * sizeof *t->pend);
		t->nev += t->npend;
	}
	t->bytes += t->pend_bytes;
	if (t->seq == p->replayed && (t->nev >= EVENTS_BATCH || t->bytes >= HEAD_BYTES))
		wake_replay(p); /* it waits for a batch */
	pthread_mutex_unlock(&p->lock);
	t->npend = t->pend_bytes = 0;
}

/* Append an event for the replay, handed over LOCAL_BATCH at a time. */
static void push_ev(struct task *t, const struct ev *e)
{
	if (t->npend == t->cappend) {
		t->cappend = t->cappend ? t->cappend * 2 : LOCAL_BATCH;
		t->pend = cli_xrealloc(t->pend, t->cappend * sizeof *t->pend);
	}
	t->pend[t->npend++] = *e;
	t->pend_bytes += e->bytes;
	if (t->npend >= LOCAL_BATCH || t->pend_bytes >= LOCAL_BYTES)
		publish(t);
}

static void record_diag(const struct jx_diag *d, void *ud)
{
	/* its three strings in one allocation, freed with the file's */
	struct ev e = {.kind = EV_DIAG, .d = *d};
	size_t nf = strlen(d->file) + 1, np = strlen(d->project) + 1, nm = strlen(d->message) + 1;
	char *s = cli_xrealloc(NULL, nf + np + nm);
	e.d.file = memcpy(s, d->file, nf);
	e.d.project = memcpy(s + nf, d->project, np);
	e.d.message = memcpy(s + nf + np, d->message, nm);
	e.bytes = sizeof e + nf + np + nm;
	push_ev(ud, &e);
}

static void free_events(struct ev *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ev[i].kind == EV_DIAG)
			free((char *)ev[i].d.file); /* and the two after it */
	free(ev);
}

/* ---- reading one task ------------------------------------------------------------ */

/* A piece read from its file (pread), not through the mapping: the pages
 * a reader has read are the kernel's cache, never this process's memory. */
struct piece_in {
	int fd;
	off_t at, end;
};

static ssize_t piece_read(void *c, char *buf, size_t size)
{
	struct piece_in *pi = c;
	if (pi->at >= pi->end)
		return 0;
	if ((off_t)size > pi->end - pi->at)
		size = (size_t)(pi->end - pi->at);
	ssize_t k = pread(pi->fd, buf, size, pi->at);
	if (k > 0)
		pi->at += k;
	return k;
}

static int piece_close(void *c)
{
	free(c);
	return 0;
}

static FILE *piece_file(const struct mapped *m, const struct piece *pc)
{
	struct piece_in *pi = cli_xrealloc(NULL, sizeof *pi);
	*pi = (struct piece_in){fileno(m->in), (off_t)pc->off, (off_t)(pc->off + pc->len)};
	cookie_io_functions_t io = {.read = piece_read, .close = piece_close};
	FILE *f = fopencookie(pi, "r", io);
	if (!f)
		abort(); /* out of memory: as cli_xmalloc */
	return f;
}

static void print_open_error(const char *path, int err)
{
	fprintf(stderr, "%s: error: 无法打开文件：%s\n", path, strerror(err));
}

/*
 * Read the task's forms: score, audit and make an item of each.  `direct`:
 * on the calling thread with the command's own context and audit (--jobs
 * 1), items handed to take() at once.
 */
static void run_task(struct cli_batch *b, const char *path, struct task *t, bool direct)
{
	struct jx_ctx *ctx = b->ctx;
	struct jx_audit *audit = b->audit;
	if (!direct) {
		ctx = t->ctx = jx_ctx_new_like(b->ctx);
		jx_ctx_set_diag(ctx, record_diag, t);
		audit = t->audit = jx_audit_new_worker(ctx);
	}
	FILE *in = t->in;
	if (t->map)
		in = piece_file(t->map, &t->piece);
	struct jx_reader *r = cli_reader(ctx, in, path, b->layout);
	if (t->map)
		jx_reader_set_first_line(r, t->piece.first_line);
	char err[1024];
	if (b->template_spec && jx_reader_set_template(r, b->template_spec, err, sizeof err) != JX_OK) {
		fprintf(stderr, "jixiao: %s\n", err); /* refused before any file: not reached */
		t->st = JX_ERR_ARG;
	} else {
		struct jx_form *f;
		while ((t->st = jx_reader_next(r, &f)) == JX_OK) {
			jx_form_score(f, b->profile);
			jx_audit_form(audit, f);
			size_t bytes = 0;
			void *item = b->work(f, &bytes, b->ud);
			if (direct)
				b->take(item, b->ud);
			else
				push_ev(t, &(struct ev){.kind = EV_ITEM, .item = item,
							.bytes = sizeof(struct ev) + bytes});
		}
	}
	jx_reader_free(r);
	if (t->map)
		fclose(in);
	if (!direct) {
		publish(t);
		free(t->pend);
		t->pend = NULL;
		t->cappend = 0;
	}
}

/* ---- the plan: tasks in input order ------------------------------------------- */

static void release_map(struct mapped *m)
{
	munmap(m->data, m->n);
	cli_close(m->in);
	free(m);
}

/* A regular file to be read in pieces, mapped: NULL when it is read whole. */
static struct mapped *map_pieces(struct cli_batch *b, FILE *in)
{
	struct stat st;
	if (b->template_spec || b->layout != JX_LAYOUT_AUTO || in == stdin ||
	    fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= PIECE_BYTES ||
	    (uintmax_t)st.st_size > SIZE_MAX)
		return NULL;
	size_t n = (size_t)st.st_size;
	char *data = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fileno(in), 0);
	if (data == MAP_FAILED)
		return NULL; /* read whole, as one reader would */
	unsigned long lines;
	if (!jx_text_cuttable(data, n, b->layout) ||
	    jx_text_cut(data, n, 0, PIECE_BYTES, &lines) == n) {
		munmap(data, n); /* not to be cut where it starts: read as it comes */
		return NULL;
	}
	(void)madvise(data, n, MADV_DONTNEED);
	struct mapped *m = cli_xrealloc(NULL, sizeof *m);
	*m = (struct mapped){.in = in, .data = data, .n = n, .next_line = 1};
	return m;
}

/* The whole pages of the mapping within [from, to) given back. */
static void give_back(const struct mapped *m, size_t from, size_t to)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t lo = ((uintptr_t)(m->data + from) + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	uintptr_t hi = (uintptr_t)(m->data + to) & ~((uintptr_t)page - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* The next piece of the file being cut, into t. */
static void next_piece(struct pool *p, struct task *t)
{
	struct mapped *m = p->cur;
	unsigned long lines;
	size_t end = jx_text_cut(m->data, m->n, m->next, PIECE_BYTES, &lines);
	give_back(m, m->next, end); /* scanned; the piece is read from the file */
	t->map = m;
	t->piece = (struct piece){m->next, end - m->next, m->next_line};
	m->next = end;
	m->next_line += lines;
	m->left++;
	t->last = end == m->n;
	if (t->last) {
		m->cut_all = true;
		p->cur = NULL;
	}
}

/* The next task, into t; false when every file has been handed out.
 * Called with the pool's lock held. */
static bool plan_next(struct pool *p, struct task *t)
{
	memset(t, 0, sizeof *t);
	t->pool = p;
	t->seq = p->planned;
	if (p->cur) {
		t->file = p->next_file - 1;
		next_piece(p, t);
		return true;
	}
	if (p->next_file == p->nfiles)
		return false;
	t->file = p->next_file++;
	const char *path = p->files[t->file];
	t->first = t->last = true;
	t->in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!t->in) {
		t->unopened = true;
		t->open_errno = errno;
		return true;
	}
	p->cur = map_pieces(p->b, t->in);
	if (!p->cur)
		return true; /* the whole file */
	t->in = NULL;
	next_piece(p, t);
	return true;
}

/* A piece read: the mapping released after the last. */
static void piece_done(struct pool *p, struct task *t)
{
	struct mapped *m = t->map;
	pthread_mutex_lock(&p->lock);
	bool last = --m->left == 0 && m->cut_all;
	pthread_mutex_unlock(&p->lock);
	if (last)
		release_map(m);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!p->planned_all && p->planned >= p->replayed + p->window)
			wait_work(p);
		struct task *t = &p->ring[p->planned % p->window];
		if (p->planned_all || !plan_next(p, t)) {
			p->planned_all = true;
			wake_replay(p);
			wake_workers(p);
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		p->planned++;
		wake_replay(p); /* it may wait for a task to replay */
		pthread_mutex_unlock(&p->lock);
		const char *path = p->files[t->file];
		if (!t->unopened)
			run_task(p->b, path, t, false);
		if (t->map)
			piece_done(p, t);
		else if (t->in)
			cli_close(t->in);
		pthread_mutex_lock(&p->lock);
		t->done = true;
		if (t->seq == p->replayed)
			wake_replay(p);
		pthread_mutex_unlock(&p->lock);
	}
}

/* ---- replay, on the calling thread ------------------------------------------------ */

static void replay_events(struct cli_batch *b, struct ev *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ev[i].kind == EV_DIAG)
			jx_ctx_deliver(b->ctx, &ev[i].d);
		else
			b->take(ev[i].item, b->ud);
	}
	free_events(ev, n);
}

/* Replay the head task t as its events come, until it is done. */
static void replay(struct pool *p, struct task *t, enum jx_status *file_st)
{
	struct cli_batch *b = p->b;
	const char *path = p->files[t->file];
	if (t->first && b->file)
		b->file(path, CLI_FILE_BEGIN, JX_OK, b->ud);
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (t->nev < EVENTS_BATCH && t->bytes < HEAD_BYTES && !t->done) {
			p->replay_waits = true;
			pthread_cond_wait(&p->replay_cv, &p->lock);
			p->replay_waits = false;
		}
		struct ev *ev = t->ev;
		size_t n = t->nev;
		bool done = t->done; /* done: no event comes after these */
		t->ev = NULL;
		t->nev = t->capev = t->bytes = 0;
		wake_workers(p); /* a worker waiting at its bytes */
		pthread_mutex_unlock(&p->lock);
		replay_events(b, ev, n);
		if (done)
			break;
	}
	if (t->ctx) {
		jx_ctx_merge(b->ctx, t->ctx);
		jx_ctx_free(t->ctx);
	}
	if (t->audit) {
		jx_audit_merge(b->audit, t->audit);
		jx_audit_free(t->audit);
	}
	if (t->unopened)
		print_open_error(path, t->open_errno);
	/* a file reads when each of its pieces does */
	if (t->first)
		*file_st = JX_DONE;
	if (t->unopened)
		*file_st = JX_ERR_IO;
	else if (t->st != JX_DONE)
		*file_st = t->st;
	if (t->last && b->file)
		b->file(path, t->unopened ? CLI_FILE_UNOPENED
			      : *file_st == JX_DONE ? CLI_FILE_READ
						    : CLI_FILE_UNREADABLE,
			*file_st, b->ud);
}

static void run_sequential(struct cli_batch *b, char **files, int nfiles)
{
	for (int i = 0; i < nfiles; i++) {
		struct task t = {.file = i, .first = true, .last = true};
		t.in = strcmp(files[i], "-") ? fopen(files[i], "rb") : stdin;
		t.open_errno = errno;
		if (b->file)
			b->file(files[i], CLI_FILE_BEGIN, JX_OK, b->ud);
		if (!t.in) {
			print_open_error(files[i], t.open_errno);
			if (b->file)
				b->file(files[i], CLI_FILE_UNOPENED, JX_ERR_IO, b->ud);
			continue;
		}
		run_task(b, files[i], &t, true);
		cli_close(t.in);
		if (b->file)
			b->file(files[i], t.st == JX_DONE ? CLI_FILE_READ : CLI_FILE_UNREADABLE, t.st,
				b->ud);
	}
}

/* Standard input named twice: one reader reads it to its end, then finds
 * it empty; two workers would share it. */
static bool stdin_twice(char **files, int nfiles)
{
	int k = 0;
	for (int i = 0; i < nfiles; i++)
		k += !strcmp(files[i], "-");
	return k > 1;
}

/* A single file that is not cut: nothing to share out (a worker would
 * only add the replay's cost), read here. */
static bool one_whole_file(struct cli_batch *b, char **files, int nfiles)
{
	if (nfiles != 1)
		return false;
	if (!strcmp(files[0], "-"))
		return true;
	FILE *in = fopen(files[0], "rb");
	if (!in)
		return true; /* said by the sequential read */
	struct mapped *m = map_pieces(b, in);
	if (m) {
		release_map(m); /* and the file */
		return false;
	}
	fclose(in);
	return true;
}

void cli_batch_run(struct cli_batch *b, char **files, int nfiles)
{
	int jobs = b->jobs > 0 ? b->jobs : 1;
	if (jobs == 1 || stdin_twice(files, nfiles) || one_whole_file(b, files, nfiles)) {
		run_sequential(b, files, nfiles);
		return;
	}
	struct pool p = {.b = b, .files = files, .nfiles = nfiles};
	p.window = (size_t)jobs * WINDOW_PER_JOB;
	p.ring = cli_xrealloc(NULL, p.window * sizeof *p.ring);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.replay_cv, NULL);
	pthread_cond_init(&p.work_cv, NULL);
	pthread_t *th = cli_xrealloc(NULL, (size_t)jobs * sizeof *th);
	int started = 0;
	for (; started < jobs; started++)
		if (pthread_create(&th[started], NULL, worker, &p) != 0)
			break;
	if (!started) { /* no thread to be had: one reader, here */
		free(th);
		free(p.ring);
		pthread_mutex_destroy(&p.lock);
		pthread_cond_destroy(&p.replay_cv);
		pthread_cond_destroy(&p.work_cv);
		run_sequential(b, files, nfiles);
		return;
	}
	enum jx_status file_st = JX_DONE;
	for (;;) {
		pthread_mutex_lock(&p.lock);
		while (p.replayed == p.planned && !p.planned_all) {
			p.replay_waits = true;
			pthread_cond_wait(&p.replay_cv, &p.lock);
			p.replay_waits = false;
		}
		bool over = p.replayed == p.planned; /* and every task planned */
		struct task *t = &p.ring[p.replayed % p.window];
		pthread_mutex_unlock(&p.lock);
		if (over)
			break;
		replay(&p, t, &file_st);
		pthread_mutex_lock(&p.lock);
		t->done = false;
		p.replayed++;
		wake_workers(&p); /* room in the window; a new head's limit */
		pthread_mutex_unlock(&p.lock);
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	free(p.ring);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.replay_cv);
	pthread_cond_destroy(&p.work_cv);
}

/* The CPUs this process may run on (taskset, a container's cpuset), not
 * the machine's. */
int cli_jobs_default(void)
{
	cpu_set_t set;
	int n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
	return n < 1 ? 1 : n > 64 ? 64 : n;
}

int cli_jobs(const char *cmd, const char *arg, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 1 || n > 256) {
		cli_usage_error(cmd, "--jobs 应为 1 到 256 的整数，而不是「%s」", arg);
		return 0;
	}
	*out = (int)n;
	return 1;
}
