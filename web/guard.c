/*
 * guard.c: what keeps `jixiao serve` answering other clients while some
 * try to hold it (issue 17): the listening socket (no SO_REUSEPORT: a
 * second server on the port fails instead of sharing it), a deadline for
 * each request head (half-open connections that trickle a byte now and
 * then are cut after WEB_HEAD_DEADLINE_S, and so are bodies slower than
 * WEB_BODY_MIN_RATE after as long a grace), and a throttle on wrong tokens
 * per client address.  libmicrohttpd limits connections per address and
 * in all (web_start); the bodies' memory is bounded in http.c.
 *
 * The head deadline: libmicrohttpd calls the request handler only once a
 * head is complete, and its own timeout is one of inactivity (a byte every
 * few seconds keeps a connection forever).  So every connection is tracked
 * from its start (MHD_OPTION_NOTIFY_CONNECTION) and a thread shuts down
 * (shutdown(2), never close: libmicrohttpd owns the descriptor) those whose
 * head has not come in time.  libmicrohttpd reports a connection closed
 * before it closes its descriptor, and both sides hold the mutex, so a
 * descriptor shut down is always the connection's own.
 */
#include "web.h"

#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
	TRACKED = 1100,       /* more than the connection limit (web_start) */
	STRIKES = 256,        /* addresses remembered for wrong tokens */
	STRIKE_WINDOW_S = 60, /* wrong tokens are counted over this */
	STRIKE_LIMIT = 10     /* more in a window: 429 until it has passed */
};

struct tracked {
	int fd;
	bool used, in_request;
	double since; /* start of the wait for the next head */
	/* a body being received: since when, how much so far */
	bool receiving;
	double body_since;
	size_t body_bytes;
};

struct strike {
	uint32_t addr;
	double since;
	unsigned n;
};

struct web_guard {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	pthread_t reaper;
	bool stop;
	unsigned deadline_s;
	struct tracked slot[TRACKED];
	struct strike strikes[STRIKES];
	unsigned long cut; /* connections cut at the deadline, for the log */
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int web_listen(const struct sockaddr_in *addr, char *err, size_t errlen)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "无法创建套接字：%s", strerror(errno));
		return -1;
	}
	/* SO_REUSEADDR alone lets a restarted server bind while old connections
	 * linger in TIME_WAIT; it never lets two servers listen on one port */
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)addr, sizeof *addr) != 0 || listen(fd, 256) != 0) {
		int e = errno;
		if (e == EADDRINUSE)
			snprintf(err, errlen, "端口已被占用（另一个 jixiao serve 或其他程序正在使用它）");
		else if (e == EACCES)
			snprintf(err, errlen, "没有权限使用这个端口（1024 以下的端口需要管理员权限）");
		else if (e == EADDRNOTAVAIL)
			snprintf(err, errlen, "本机没有这个地址");
		else
			snprintf(err, errlen, "%s", strerror(e));
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- the head deadline --------------------------------------------------------------------- */

static void *reap(void *arg)
{
	struct web_guard *g = arg;
	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += 1;
		pthread_cond_timedwait(&g->wake, &g->mu, &t);
		double now = now_s();
		for (size_t i = 0; i < TRACKED; i++) {
			struct tracked *s = &g->slot[i];
			/* a head too slow, or a body below the minimum rate after
			 * its grace (a byte every 20 s would hold it for ever) */
			double late = now - s->body_since - WEB_HEAD_DEADLINE_S;
			bool slow_head = !s->in_request && now - s->since > g->deadline_s;
			bool slow_body = s->in_request && s->receiving && late > 0 &&
					 (double)s->body_bytes < late * WEB_BODY_MIN_RATE;
			if (s->used && (slow_head || slow_body)) {
				shutdown(s->fd, SHUT_RDWR); /* libmicrohttpd then closes it */
				s->since = s->body_since = now + 1e9; /* once */
				g->cut++;
			}
		}
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

struct web_guard *web_guard_new(unsigned deadline_s)
{
	struct web_guard *g = cli_xrealloc(NULL, sizeof *g);
	memset(g, 0, sizeof *g);
	g->deadline_s = deadline_s;
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->wake, NULL);
	if (pthread_create(&g->reaper, NULL, reap, g) != 0) {
		pthread_mutex_destroy(&g->mu);
		pthread_cond_destroy(&g->wake);
		free(g);
		return NULL;
	}
	return g;
}

void web_guard_free(struct web_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->reaper, NULL);
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->wake);
	free(g);
}

void web_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		      enum MHD_ConnectionNotificationCode toe)
{
	struct web_guard *g = ((struct web *)cls)->guard;
	pthread_mutex_lock(&g->mu);
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = NULL;
		for (size_t i = 0; ci && i < TRACKED; i++)
			if (!g->slot[i].used) {
				g->slot[i] = (struct tracked){.fd = ci->connect_fd, .used = true, .since = now_s()};
				*socket_context = &g->slot[i];
				break;
			}
	} else if (*socket_context) {
		((struct tracked *)*socket_context)->used = false;
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&g->mu);
}

/* The connection's slot (web_guard_notify), or NULL when it has none. */
static struct tracked *slot_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void web_guard_request(struct web_guard *g, struct MHD_Connection *c, bool started)
{
	struct tracked *s = slot_of(c);
	if (!s)
		return;
	pthread_mutex_lock(&g->mu);
	s->in_request = started;
	s->receiving = false;
	if (!started)
		s->since = now_s(); /* the next head of a kept-alive connection */
	pthread_mutex_unlock(&g->mu);
}

void web_guard_body(struct web_guard *g, struct MHD_Connection *c, size_t n)
{
	struct tracked *s = slot_of(c);
	if (!s)
		return;
	pthread_mutex_lock(&g->mu);
	if (!n) {
		s->receiving = true;
		s->body_since = now_s();
		s->body_bytes = 0;
	} else {
		s->body_bytes += n;
	}
	pthread_mutex_unlock(&g->mu);
}

/* ---- wrong tokens --------------------------------------------------------------------------- */

/* The client address's entry (the caller holds the mutex): a new one when
 * it has none (the oldest replaced) or when its window has passed. */
static struct strike *strike_of(struct web_guard *g, uint32_t addr)
{
	double now = now_s();
	struct strike *s = &g->strikes[0];
	for (size_t i = 0; i < STRIKES; i++) {
		if (g->strikes[i].n && g->strikes[i].addr == addr) {
			s = &g->strikes[i];
			break;
		}
		if (!g->strikes[i].n || g->strikes[i].since < s->since)
			s = &g->strikes[i];
	}
	if (!s->n || s->addr != addr || now - s->since > STRIKE_WINDOW_S)
		*s = (struct strike){addr, now, 0};
	return s;
}

bool web_guard_throttled(struct web_guard *g, uint32_t addr)
{
	pthread_mutex_lock(&g->mu);
	bool out = strike_of(g, addr)->n >= STRIKE_LIMIT;
	pthread_mutex_unlock(&g->mu);
	return out;
}

void web_guard_strike(struct web_guard *g, uint32_t addr)
{
	pthread_mutex_lock(&g->mu);
	strike_of(g, addr)->n++;
	pthread_mutex_unlock(&g->mu);
}
