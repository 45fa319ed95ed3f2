/*
 * secret.c — the service's secrets in the database; see secret.h.
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <libpq-fe.h>

#include "secret.h"

struct secret_store {
	pthread_mutex_t lock;
	bool loaded;
	struct cursor_secret cursor;
};

static const struct db_statement statements[] = {
	/* The first instance's key wins; every one reads the one kept (in the
	 * same transaction, after its own insert, so it sees a key another
	 * instance committed meanwhile: the insert waited for it). */
	{"secret_make", "INSERT INTO service_secret (name, value) VALUES ('cursor', $1::bytea) "
	                "ON CONFLICT (name) DO NOTHING"},
	{"secret_read", "SELECT value FROM service_secret WHERE name = 'cursor'"},
};

const struct db_statement *secret_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

struct secret_store *secret_store_new(void)
{
	struct secret_store *s = calloc(1, sizeof *s);

	if (s && pthread_mutex_init(&s->lock, NULL) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

void secret_store_free(struct secret_store *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	explicit_bzero(&s->cursor, sizeof s->cursor);
	free(s);
}

/* Makes (if none) and reads the key through db. */
static bool load(struct db *db, struct cursor_secret *out)
{
	unsigned char fresh[sizeof out->key];
	char hex[2 + 2 * sizeof fresh + 1];
	const char *params[1] = {hex};
	PGresult *r = NULL;
	bool ok = false;
	size_t n = 0;

	if (getrandom(fresh, sizeof fresh, 0) != (ssize_t)sizeof fresh)
		return false;
	snprintf(hex, sizeof hex, "\\x");
	for (size_t i = 0; i < sizeof fresh; i++)
		snprintf(hex + 2 + 2 * i, 3, "%02x", fresh[i]);
	if (db_begin_write(db) != DB_OK)
		goto out;
	if (db_tx_exec(db, "secret_make", 1, params, &r) != DB_OK)
		goto fail;
	PQclear(r);
	if (db_tx_exec(db, "secret_read", 0, NULL, &r) != DB_OK || PQntuples(r) != 1)
		goto fail;
	{
		unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 0), &n);

		if (raw && n == sizeof out->key) {
			memcpy(out->key, raw, n);
			ok = true;
		}
		if (raw) {
			explicit_bzero(raw, n);
			PQfreemem(raw);
		}
	}
	PQclear(r);
	r = NULL;
	if (ok && db_commit(db) != DB_OK)
		ok = false;
	if (ok)
		goto out;
fail:
	PQclear(r);
	db_rollback(db);
	ok = false;
out:
	explicit_bzero(fresh, sizeof fresh);
	explicit_bzero(hex, sizeof hex);
	return ok;
}

const struct cursor_secret *secret_cursor(struct secret_store *s, struct db *db)
{
	const struct cursor_secret *key = NULL;

	pthread_mutex_lock(&s->lock);
	if (!s->loaded)
		s->loaded = load(db, &s->cursor);
	if (s->loaded)
		key = &s->cursor;
	pthread_mutex_unlock(&s->lock);
	return key;
}
