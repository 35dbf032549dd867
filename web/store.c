/*
 * store.c: one read connection to the database per server thread, kept
 * between requests (opening one, reading its schema and preparing its
 * statements was most of a small page's CPU).  A thread's connection is
 * opened again when the file at the database's path is another one
 * (replaced, or removed and made anew) or is gone, and closed when the
 * thread ends; a PostgreSQL connection, when the server dropped it.  Writes (upload, save) open a connection of their own.  A
 * database a newer jixiao migrates in place is read on through the open
 * connection until the file changes (the schema check is at open).
 */
#include "web.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct web_conn {
	struct jx_store *st;
	dev_t dev;
	ino_t ino;
};

static pthread_key_t conn_key;
static pthread_once_t conn_once = PTHREAD_ONCE_INIT;

static void conn_free(void *p)
{
	struct web_conn *c = p;
	jx_store_close(c->st);
	free(c);
}

static void make_key(void)
{
	if (pthread_key_create(&conn_key, conn_free) != 0)
		abort(); /* only without memory at the server's start */
}

/* The file behind a database spec ("sqlite:PATH" or PATH); a server's
 * database (PostgreSQL) is "there" as long as its connection is alive
 * (dev and ino 0). */
static bool file_of(const char *spec, struct stat *sb)
{
	if (jx_store_spec_is_server(spec)) {
		memset(sb, 0, sizeof *sb);
		return true;
	}
	const char *path = strncmp(spec, "sqlite:", 7) == 0 ? spec + 7 : spec;
	return stat(path, sb) == 0;
}

static struct jx_store *thread_store(struct web *w, char *err, size_t errlen);

struct jx_store *web_store(struct web *w, long long account, char *err, size_t errlen)
{
	struct jx_store *st = thread_store(w, err, errlen);
	if (st)
		jx_store_set_scope(st, account);
	return st;
}

static struct jx_store *thread_store(struct web *w, char *err, size_t errlen)
{
	pthread_once(&conn_once, make_key);
	struct web_conn *c = pthread_getspecific(conn_key);
	struct stat sb;
	bool there = file_of(w->db, &sb);
	if (c && c->st && there && sb.st_dev == c->dev && sb.st_ino == c->ino && jx_store_alive(c->st))
		return c->st;
	if (!c) {
		c = calloc(1, sizeof *c);
		if (!c || pthread_setspecific(conn_key, c) != 0) {
			free(c);
			snprintf(err, errlen, "无法分配内存");
			return NULL;
		}
	}
	jx_store_close(c->st);
	c->st = NULL;
	/* the file as it was before the open: replaced in between, the next
	 * request sees another file and opens it */
	c->dev = there ? sb.st_dev : 0;
	c->ino = there ? sb.st_ino : 0;
	if (jx_store_open(w->db, JX_STORE_READ, &c->st, err, errlen) != JX_OK)
		return NULL;
	/* a read waits for a writer's lock (a migration) as long as a write
	 * does, not the CLI's minutes: this thread serves other connections */
	jx_store_set_busy_timeout(c->st, WEB_BUSY_MS);
	return c->st;
}

void web_store_done(struct jx_store *st)
{
	if (!st)
		return;
	jx_store_snapshot(st, false); /* a page that left one open: its thread sees new commits */
	jx_store_set_scope(st, 0);
}
