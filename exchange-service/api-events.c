/*
 * api-events.c — the events long poll and its listener; see api-events.h.
 *
 * Invariants: a waiter is in the hub's list exactly while its request is
 * parked; the listener removes it from the list before resuming it, and
 * from then on the waiter belongs to the resumed request (which answers and
 * frees it, or parks it again). Parking and resuming both happen under the
 * hub's lock, so a resume can never overtake the suspend it undoes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api-events.h"

#define PURGE_EVERY_S 3600
#define STRINGIFY(x) #x
#define TEXT_OF(x) STRINGIFY(x)
#define BATCH_TEXT TEXT_OF(API_EVENTS_BATCH)

struct waiter {
	struct waiter *next;
	struct http_request *rq;
	char actor[64];           /* the caller's user name */
	long long after;          /* the caller's after */
	long long seen;           /* newest seq the last query saw */
	struct timespec deadline; /* CLOCK_MONOTONIC */
};

struct api_events {
	pthread_mutex_t lock;
	struct waiter *waiters;   /* parked polls */
	long long latest;         /* newest seq the listener heard of */
	bool stopping;
	bool running;             /* the thread was started */
	unsigned resuming;        /* woken polls that have not run again yet */
	pthread_cond_t resumed;   /* signalled when resuming drops */
	int pipe_fd[2];           /* wakes the listener: new deadline, stop */
	pthread_t thread;
	char *conninfo;
};

static const struct db_statement statements[] = {
	/* The newest seq in the same snapshot as the events, so that last_seq
	 * never skips an event the caller may see. */
	{"events",
	 "WITH last AS (SELECT coalesce(max(seq), 0) AS seq FROM audit_event), "
	 "me AS (SELECT u.role, u.department_code, p.subtree_prefix FROM app_user u "
	 " JOIN platform p ON p.code = left(u.department_code, 6) WHERE u.name = $1::text) "
	 "SELECT last.seq, e.seq, e.at, e.kind, e.id, e.action, e.state FROM last "
	 "LEFT JOIN LATERAL (SELECT v.seq, govdx_utc(v.at) AS at, v.kind, v.id, v.action, v.state "
	 " FROM workflow_event v, me WHERE v.seq > $2::bigint AND v.seq <= last.seq "
	 " AND (govdx_sees(me.role, me.department_code, me.subtree_prefix, v.side_a, v.side_b) "
	 "      OR me.department_code = ANY (v.readers)) "
	 " ORDER BY v.seq LIMIT " BATCH_TEXT ") e ON true ORDER BY e.seq"},
	{"events_last", "SELECT coalesce(max(seq), 0) FROM audit_event"},
};

const struct db_statement *api_events_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

/* ---- time --------------------------------------------------------------- */

static struct timespec now_mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

/* Milliseconds from a to b (negative when b is earlier). */
static long long ms_between(struct timespec a, struct timespec b)
{
	return (long long)(b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
}

/* ---- the hub ------------------------------------------------------------ */

struct api_events *api_events_new(const char *conninfo)
{
	struct api_events *ev = calloc(1, sizeof *ev);

	if (!ev)
		return NULL;
	ev->conninfo = strdup(conninfo ? conninfo : "");
	if (!ev->conninfo || pipe2(ev->pipe_fd, O_CLOEXEC | O_NONBLOCK) != 0) {
		free(ev->conninfo);
		free(ev);
		return NULL;
	}
	pthread_mutex_init(&ev->lock, NULL);
	pthread_cond_init(&ev->resumed, NULL);
	return ev;
}

static void poke(struct api_events *ev)
{
	char c = 1;
	ssize_t n = write(ev->pipe_fd[1], &c, 1);

	(void)n; /* a full pipe already wakes the listener */
}

/* Resumes the waiters that match; called with the lock held. all: every
 * waiter; else those whose seen < latest or whose deadline passed. */
static void wake(struct api_events *ev, bool all)
{
	struct waiter **pw = &ev->waiters;
	struct timespec now = now_mono();

	while (*pw) {
		struct waiter *w = *pw;

		if (all || w->seen < ev->latest || ms_between(now, w->deadline) <= 0) {
			*pw = w->next;
			w->next = NULL;
			ev->resuming++;
			http_resume(w->rq);
		} else {
			pw = &w->next;
		}
	}
}

/* ---- the listener thread ------------------------------------------------ */

/* Opens the LISTEN connection; on success wakes every waiter (what happened
 * while nobody listened is unknown). */
static PGconn *listen_connect(struct api_events *ev)
{
	char err[256];
	PGconn *conn = db_connect(ev->conninfo, err, sizeof err);
	PGresult *r;
	long long last = 0;

	if (!conn)
		return NULL;
	if (!db_run(conn, "LISTEN govdx_events", err, sizeof err)) {
		fprintf(stderr, "govdx-exchanged: events: %s\n", err);
		PQfinish(conn);
		return NULL;
	}
	r = PQexec(conn, "SELECT coalesce(max(seq), 0) FROM audit_event");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		last = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	pthread_mutex_lock(&ev->lock);
	if (last > ev->latest)
		ev->latest = last;
	wake(ev, true);
	pthread_mutex_unlock(&ev->lock);
	return conn;
}

/* The users (of actors, a text[] literal) who may see an event with
 * from < seq <= to: the same rule as the polls' own query. */
static const char visible_sql[] =
	"SELECT u.name FROM app_user u JOIN platform p ON p.code = left(u.department_code, 6) "
	"WHERE u.name = ANY ($1::text[]) AND EXISTS (SELECT 1 FROM workflow_event v "
	" WHERE v.seq > $2::bigint AND v.seq <= $3::bigint "
	" AND (govdx_sees(u.role, u.department_code, p.subtree_prefix, v.side_a, v.side_b) "
	"      OR u.department_code = ANY (v.readers)))";

/* Wakes the waiters a batch of new events (up to max) concerns. Rather
 * than waking every poll to query for itself, the listener asks once which
 * of the waiting users may see any of the new events, and wakes only
 * theirs; the others move their "seen" up to max and sleep on. latest is
 * raised first, so a poll parking meanwhile looks again by itself instead. */
static void wake_for(struct api_events *ev, PGconn *conn, long long max)
{
	char *actors = NULL, from[32], to[32];
	size_t len = 3, used = 0;
	long long lowest = max;
	PGresult *r = NULL;
	const char *params[3];

	pthread_mutex_lock(&ev->lock);
	if (max > ev->latest)
		ev->latest = max;
	for (struct waiter *w = ev->waiters; w; w = w->next)
		if (w->seen < max)
			len += strlen(w->actor) + 1;
	actors = malloc(len);
	if (actors) {
		actors[used++] = '{';
		for (struct waiter *w = ev->waiters; w; w = w->next)
			if (w->seen < max) {
				/* User names are [a-z0-9-]: no quoting needed. */
				used += (size_t)sprintf(actors + used, "%s%s", used > 1 ? "," : "", w->actor);
				if (w->seen < lowest)
					lowest = w->seen;
			}
		actors[used++] = '}';
		actors[used] = '\0';
	}
	pthread_mutex_unlock(&ev->lock);
	if (actors && used > 2) {
		snprintf(from, sizeof from, "%lld", lowest);
		snprintf(to, sizeof to, "%lld", max);
		params[0] = actors;
		params[1] = from;
		params[2] = to;
		r = PQexecParams(conn, visible_sql, 3, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, "govdx-exchanged: events: %s", PQresultErrorMessage(r));
			PQclear(r);
			r = NULL; /* then every poll looks for itself */
		}
	}
	pthread_mutex_lock(&ev->lock);
	if (r) {
		struct waiter **pw = &ev->waiters;

		while (*pw) {
			struct waiter *w = *pw;
			bool sees = false;

			for (int i = 0; w->seen < max && !sees && i < PQntuples(r); i++)
				sees = strcmp(PQgetvalue(r, i, 0), w->actor) == 0;
			if (sees) {
				*pw = w->next;
				w->next = NULL;
				ev->resuming++;
				http_resume(w->rq);
				continue;
			}
			if (w->seen < max)
				w->seen = max; /* nothing new for this user up to max */
			pw = &w->next;
		}
	}
	wake(ev, false);
	pthread_mutex_unlock(&ev->lock);
	PQclear(r);
	free(actors);
}

/* Reads the notifications that arrived; returns false when the connection broke. */
static bool drain_notifies(struct api_events *ev, PGconn *conn)
{
	PGnotify *n;
	long long max = 0;

	if (!PQconsumeInput(conn))
		return false;
	while ((n = PQnotifies(conn)) != NULL) {
		long long seq = strtoll(n->extra ? n->extra : "0", NULL, 10);

		/* A payload that is no seq still means "something changed". */
		if (seq <= 0)
			seq = ev->latest + 1;
		if (seq > max)
			max = seq;
		PQfreemem(n);
	}
	if (max > 0)
		wake_for(ev, conn, max);
	return PQstatus(conn) == CONNECTION_OK;
}

static void purge_keys(PGconn *conn)
{
	char err[256];

	if (!db_run(conn, "DELETE FROM idempotency_key WHERE created_at < now() - interval '1 day'",
	            err, sizeof err))
		fprintf(stderr, "govdx-exchanged: purging idempotency keys: %s\n", err);
}

/* The calendar warning, into the log when it is new or a day old (*said
 * keeps what was said and when). */
struct calendar_said {
	char text[512];
	struct timespec at;
};

static void check_calendar(PGconn *conn, struct calendar_said *said)
{
	PGresult *r = PQexec(conn, "SELECT govdx_calendar_warning()");
	struct timespec now = now_mono();

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		const char *w = PQgetisnull(r, 0, 0) ? "" : PQgetvalue(r, 0, 0);

		if (*w && (strncmp(w, said->text, sizeof said->text - 1) != 0 ||
		           ms_between(said->at, now) >= 24 * 3600 * 1000LL)) {
			fprintf(stderr, "govdx-exchanged: warning: %s\n", w);
			said->at = now;
		}
		snprintf(said->text, sizeof said->text, "%s", w);
	}
	PQclear(r);
}

static void *listener(void *arg)
{
	struct api_events *ev = arg;
	PGconn *conn = NULL;
	struct timespec last_try = {0, 0}, last_purge = now_mono();
	struct calendar_said said = {"", {0, 0}};
	bool tried = false;

	for (;;) {
		struct pollfd fds[2];
		long long timeout = 60000;
		struct timespec now;
		int nfds = 1;

		pthread_mutex_lock(&ev->lock);
		if (ev->stopping) {
			wake(ev, true);
			pthread_mutex_unlock(&ev->lock);
			break;
		}
		wake(ev, false); /* deadlines that passed */
		now = now_mono();
		for (struct waiter *w = ev->waiters; w; w = w->next) {
			long long left = ms_between(now, w->deadline);

			if (left < timeout)
				timeout = left < 1 ? 1 : left;
		}
		pthread_mutex_unlock(&ev->lock);

		if (!conn && (!tried || ms_between(last_try, now) >= 1000)) {
			tried = true;
			last_try = now;
			conn = listen_connect(ev);
			if (conn)
				check_calendar(conn, &said);
		}
		if (!conn && timeout > 1000)
			timeout = 1000; /* try again in a second */
		if (conn && ms_between(last_purge, now) >= PURGE_EVERY_S * 1000LL) {
			last_purge = now;
			purge_keys(conn);
			check_calendar(conn, &said);
		}
		fds[0].fd = ev->pipe_fd[0];
		fds[0].events = POLLIN;
		if (conn) {
			fds[1].fd = PQsocket(conn);
			fds[1].events = POLLIN;
			nfds = 2;
		}
		if (poll(fds, (nfds_t)nfds, (int)timeout) < 0 && errno != EINTR)
			timeout = 0;
		if (fds[0].revents & POLLIN) {
			char buf[64];

			while (read(ev->pipe_fd[0], buf, sizeof buf) > 0)
				;
		}
		/* Also with no readable socket: libpq may hold buffered input. */
		if (conn && !drain_notifies(ev, conn)) {
			fprintf(stderr, "govdx-exchanged: events: the LISTEN connection broke; "
			                "reconnecting\n");
			PQfinish(conn);
			conn = NULL;
		}
	}
	if (conn)
		PQfinish(conn);
	return NULL;
}

bool api_events_start(struct api_events *ev, char *err, size_t errsz)
{
	int rc = pthread_create(&ev->thread, NULL, listener, ev);

	if (rc != 0) {
		snprintf(err, errsz, "cannot start the events thread: %s", strerror(rc));
		return false;
	}
	ev->running = true;
	return true;
}

void api_events_stop(struct api_events *ev)
{
	struct timespec until;

	if (!ev)
		return;
	pthread_mutex_lock(&ev->lock);
	ev->stopping = true;
	if (!ev->running)
		wake(ev, true);
	pthread_mutex_unlock(&ev->lock);
	poke(ev);
	if (ev->running)
		pthread_join(ev->thread, NULL);
	ev->running = false;
	/* Give the woken polls a moment to answer (empty) before the daemon
	 * closes their connections; a stuck one does not hold the stop up. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	pthread_mutex_lock(&ev->lock);
	while (ev->resuming > 0)
		if (pthread_cond_timedwait(&ev->resumed, &ev->lock, &until) != 0)
			break;
	pthread_mutex_unlock(&ev->lock);
}

void api_events_free(struct api_events *ev)
{
	if (!ev)
		return;
	pthread_cond_destroy(&ev->resumed);
	pthread_mutex_destroy(&ev->lock);
	close(ev->pipe_fd[0]);
	close(ev->pipe_fd[1]);
	free(ev->conninfo);
	free(ev);
}

unsigned api_events_waiting(struct api_events *ev)
{
	unsigned n = 0;

	pthread_mutex_lock(&ev->lock);
	for (const struct waiter *w = ev->waiters; w; w = w->next)
		n++;
	pthread_mutex_unlock(&ev->lock);
	return n;
}

/* ---- the endpoint ------------------------------------------------------- */

/* Parses a non-negative decimal of at most 18 digits. */
static bool parse_count(const char *s, long long max, long long *out)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 18 || strspn(s, "0123456789") != n || (n > 1 && s[0] == '0'))
		return false;
	*out = strtoll(s, NULL, 10);
	return *out <= max;
}

static void on_resume(struct http_request *rq, const char *arg);

/* Queries once; answers (and frees w) when there is something to say or
 * the wait is over, else parks the request. Loops when the listener heard
 * of a newer seq than the query saw. */
static void poll_events(struct http_request *rq, struct waiter *w)
{
	struct api_events *ev = http_context(rq);
	char after[32];
	const char *params[2];

	snprintf(after, sizeof after, "%lld", w->after);
	params[0] = http_user(rq)->name;
	params[1] = after;
	for (;;) {
		PGresult *r;
		enum db_status st = db_exec(http_db(rq), "events", 2, params, &r);
		json_t *items;
		long long last;
		int n;

		if (st != DB_OK) {
			free(w);
			http_reply_db_status(rq, st);
			return;
		}
		n = PQntuples(r);
		last = n > 0 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
		items = json_array();
		for (int i = 0; i < n; i++) {
			if (PQgetisnull(r, i, 1))
				continue; /* the LEFT JOIN's row when there is no event */
			json_array_append_new(
				items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "seq",
				                 (json_int_t)strtoll(PQgetvalue(r, i, 1), NULL, 10), "at",
				                 PQgetvalue(r, i, 2), "kind", PQgetvalue(r, i, 3), "id",
				                 PQgetvalue(r, i, 4), "action", PQgetvalue(r, i, 5), "state",
				                 PQgetvalue(r, i, 6)));
		}
		/* A full batch: resume after its last event, not after the newest. */
		if (json_array_size(items) >= API_EVENTS_BATCH)
			last = (long long)json_integer_value(
				json_object_get(json_array_get(items, json_array_size(items) - 1), "seq"));
		PQclear(r);
		/* after beyond the newest seq (a client of another database) is
		 * answered at once too, so that it can start over. */
		if (json_array_size(items) > 0 || w->after > last || !ev ||
		    ms_between(now_mono(), w->deadline) <= 0) {
			free(w);
			http_reply_json(rq, 200, json_pack("{s:o,s:I}", "items", items, "last_seq",
			                                   (json_int_t)last));
			return;
		}
		w->seen = last;
		pthread_mutex_lock(&ev->lock);
		if (ev->stopping) {
			pthread_mutex_unlock(&ev->lock);
			free(w);
			http_reply_json(rq, 200,
			                json_pack("{s:o,s:I}", "items", items, "last_seq", (json_int_t)last));
			return;
		}
		json_decref(items);
		if (ev->latest > w->seen) {
			pthread_mutex_unlock(&ev->lock);
			continue; /* something committed after our snapshot: look again */
		}
		w->rq = rq;
		w->next = ev->waiters;
		ev->waiters = w;
		http_suspend(rq, on_resume, w);
		pthread_mutex_unlock(&ev->lock);
		poke(ev); /* the listener recomputes its nearest deadline */
		return;
	}
}

static void on_resume(struct http_request *rq, const char *arg)
{
	struct api_events *ev = http_context(rq);

	poll_events(rq, http_suspend_data(rq)); /* answers, or parks again */
	pthread_mutex_lock(&ev->lock);
	ev->resuming--;
	pthread_cond_broadcast(&ev->resumed);
	pthread_mutex_unlock(&ev->lock);
}

static void get_events(struct http_request *rq, const char *arg)
{
	const char *a = http_param(rq, "after"), *ws = http_param(rq, "wait");
	long long after, wait = API_EVENTS_WAIT_DEFAULT;
	struct waiter *w;
	struct timespec now;

	if (ws && !parse_count(ws, API_EVENTS_WAIT_MAX, &wait)) {
		http_reply_bad_parameter(rq, "wait", "must be a whole number of seconds from 0 to 60");
		return;
	}
	if (a && !parse_count(a, 999999999999999999LL, &after)) {
		http_reply_bad_parameter(rq, "after", "must be an event seq (a whole number, 0 or more)");
		return;
	}
	if (!a) {
		PGresult *r;
		enum db_status st = db_exec(http_db(rq), "events_last", 0, NULL, &r);

		if (st != DB_OK) {
			http_reply_db_status(rq, st);
			return;
		}
		http_reply_json(rq, 200, json_pack("{s:[],s:I}", "items", "last_seq",
		                                   (json_int_t)strtoll(PQgetvalue(r, 0, 0), NULL, 10)));
		PQclear(r);
		return;
	}
	w = calloc(1, sizeof *w);
	if (!w) {
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		return;
	}
	now = now_mono();
	snprintf(w->actor, sizeof w->actor, "%s", http_user(rq)->name);
	w->after = after;
	w->deadline = now;
	w->deadline.tv_sec += (time_t)wait;
	poll_events(rq, w);
}

static const char *const events_params[] = {"after", "wait", NULL};

const struct http_route api_events_routes[] = {
	{"/v1/events", true, events_params, get_events, NULL, NULL},
	{NULL, false, NULL, NULL, NULL, NULL},
};
