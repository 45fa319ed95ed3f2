/*
 * anchor.c — signed checkpoints of the audit head in a file; see anchor.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "anchor.h"
#include "db.h"
#include "sha256.h"

#define ANCHOR_PREFIX "govdx-anchor 1 "
/* A head that moved less than `every` events is anchored after this long. */
#define ANCHOR_QUIET_SECONDS 60

bool anchor_format(const char *key, size_t keylen, const struct anchor *a, char *line, size_t cap)
{
	char mac[2 * SHA256_SIZE + 1];
	int n = snprintf(line, cap, ANCHOR_PREFIX "seq=%lld hash=%s at=%s why=%s", a->seq, a->hash,
	                 a->at, a->why);

	if (n < 0 || (size_t)n + 5 + sizeof mac > cap)
		return false;
	hmac_sha256_hex(key, keylen, line, (size_t)n, mac);
	snprintf(line + n, cap - (size_t)n, " mac=%s", mac);
	return true;
}

/* Copies the n characters at p that all pass ok into out (n + 1 bytes). */
static bool field(const char **p, const char *name, size_t min, size_t max, const char *set,
                  char *out)
{
	size_t nl = strlen(name), len;

	if (strncmp(*p, name, nl) != 0)
		return false;
	*p += nl;
	len = strspn(*p, set);
	if (len < min || len > max)
		return false;
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len;
	return true;
}

enum anchor_status anchor_parse(const char *key, size_t keylen, const char *line, struct anchor *a)
{
	static const char hex[] = "0123456789abcdef";
	const char *p = line, *signed_end;
	char seq[20], mac[2 * SHA256_SIZE + 1], want[2 * SHA256_SIZE + 1];
	unsigned char diff = 0;

	memset(a, 0, sizeof *a);
	if (strncmp(p, ANCHOR_PREFIX, strlen(ANCHOR_PREFIX)) != 0)
		return ANCHOR_MALFORMED;
	p += strlen(ANCHOR_PREFIX);
	if (!field(&p, "seq=", 1, 18, "0123456789", seq) || !field(&p, " hash=", 64, 64, hex, a->hash) ||
	    !field(&p, " at=", 20, 20, "0123456789-:TZ", a->at) ||
	    !field(&p, " why=", 1, sizeof a->why - 1, "abcdefghijklmnopqrstuvwxyz", a->why))
		return ANCHOR_MALFORMED;
	signed_end = p;
	if (!field(&p, " mac=", 64, 64, hex, mac) || *p != '\0')
		return ANCHOR_MALFORMED;
	a->seq = strtoll(seq, NULL, 10);
	hmac_sha256_hex(key, keylen, line, (size_t)(signed_end - line), want);
	for (size_t i = 0; i < sizeof want - 1; i++) /* in constant time */
		diff |= (unsigned char)(want[i] ^ mac[i]);
	return diff ? ANCHOR_BAD_MAC : ANCHOR_OK;
}

/* ---- the writer ---------------------------------------------------------- */

struct anchor_writer {
	char *db;
	char *key;
	size_t keylen;
	long every;
	int fd;
	PGconn *conn;
	struct anchor last;  /* the last line written */
	time_t last_at;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	bool failing;        /* the last write or read failed (said once) */
};

/* Reads the head into a (seq and hash). */
static bool read_head(struct anchor_writer *w, struct anchor *a, char *err, size_t errsz)
{
	PGresult *r;

	if (!w->conn || PQstatus(w->conn) != CONNECTION_OK) {
		if (w->conn)
			PQfinish(w->conn);
		w->conn = db_connect(w->db, err, errsz);
		if (!w->conn)
			return false;
	}
	r = PQexec(w->conn, "SELECT seq, hash FROM audit_head");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		db_error_line(PQresultStatus(r) == PGRES_TUPLES_OK ? "no audit head"
		                                                   : PQresultErrorMessage(r),
		              err, errsz);
		PQclear(r);
		return false;
	}
	a->seq = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	snprintf(a->hash, sizeof a->hash, "%s", PQgetvalue(r, 0, 1));
	PQclear(r);
	return true;
}

static bool write_line(struct anchor_writer *w, struct anchor *a, const char *why, char *err,
                       size_t errsz)
{
	char line[ANCHOR_LINE_MAX];
	time_t now = time(NULL);
	struct tm tm;
	size_t len, off = 0;

	gmtime_r(&now, &tm);
	strftime(a->at, sizeof a->at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(a->why, sizeof a->why, "%s", why);
	if (!anchor_format(w->key, w->keylen, a, line, sizeof line - 1)) {
		snprintf(err, errsz, "audit anchor: the line does not fit");
		return false;
	}
	len = strlen(line);
	line[len++] = '\n';
	while (off < len) {
		ssize_t n = write(w->fd, line + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errsz, "audit anchor: cannot write: %s", strerror(errno));
			return false;
		}
		off += (size_t)n;
	}
	if (fdatasync(w->fd) != 0) {
		snprintf(err, errsz, "audit anchor: cannot sync: %s", strerror(errno));
		return false;
	}
	w->last = *a;
	w->last_at = now;
	return true;
}

/* One look at the head: a line when it moved far enough or long enough ago. */
static void tick(struct anchor_writer *w)
{
	struct anchor a = {0};
	char err[512];
	const char *why = NULL;
	bool ok = read_head(w, &a, err, sizeof err);

	if (ok && a.seq != w->last.seq) {
		if (a.seq - w->last.seq >= w->every || a.seq < w->last.seq)
			why = "events";
		else if (time(NULL) - w->last_at >= ANCHOR_QUIET_SECONDS)
			why = "time";
	}
	if (ok && why)
		ok = write_line(w, &a, why, err, sizeof err);
	if (!ok && !w->failing)
		fprintf(stderr, "govdx-exchanged: %s (the audit anchor waits)\n", err);
	else if (ok && w->failing)
		fprintf(stderr, "govdx-exchanged: audit anchor: writing again\n");
	w->failing = !ok;
}

static void *run(void *arg)
{
	struct anchor_writer *w = arg;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&w->wake, &w->lock, &until);
		if (w->stop)
			break;
		pthread_mutex_unlock(&w->lock);
		tick(w);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static void writer_free(struct anchor_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	if (w->conn)
		PQfinish(w->conn);
	if (w->key) {
		explicit_bzero(w->key, w->keylen);
		free(w->key);
	}
	free(w->db);
	free(w);
}

struct anchor_writer *anchor_writer_start(const char *db, const char *path, const char *key,
                                          size_t keylen, long every, char *err, size_t errsz)
{
	struct anchor_writer *w = calloc(1, sizeof *w);
	struct anchor a = {0};

	if (!w) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	w->fd = -1;
	w->every = every > 0 ? every : ANCHOR_EVERY_DEFAULT;
	w->db = strdup(db ? db : "");
	w->key = malloc(keylen);
	if (!w->db || !w->key) {
		snprintf(err, errsz, "out of memory");
		writer_free(w);
		return NULL;
	}
	memcpy(w->key, key, keylen);
	w->keylen = keylen;
	w->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (w->fd < 0) {
		snprintf(err, errsz, "audit anchor %s: %s", path, strerror(errno));
		writer_free(w);
		return NULL;
	}
	if (!read_head(w, &a, err, errsz) || !write_line(w, &a, "start", err, errsz)) {
		writer_free(w);
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		snprintf(err, errsz, "audit anchor: cannot start its thread");
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		writer_free(w);
		return NULL;
	}
	return w;
}

void anchor_writer_stop(struct anchor_writer *w)
{
	struct anchor a = {0};
	char err[512];

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	if (!read_head(w, &a, err, sizeof err) || !write_line(w, &a, "stop", err, sizeof err))
		fprintf(stderr, "govdx-exchanged: %s (no stop line)\n", err);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	writer_free(w);
}
