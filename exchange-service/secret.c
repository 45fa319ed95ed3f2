/*
 * secret.c — the service's secrets in the database; see secret.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <libpq-fe.h>

#include "db.h"
#include "secret.h"

bool secret_cursor(const char *conninfo, struct cursor_secret *out, char *err, size_t errsz)
{
	unsigned char fresh[sizeof out->key];
	char hex[2 + 2 * sizeof fresh + 1];
	const char *params[1] = {hex};
	PGconn *conn;
	PGresult *r;
	bool ok = false;

	if (getrandom(fresh, sizeof fresh, 0) != (ssize_t)sizeof fresh) {
		snprintf(err, errsz, "cannot read the system's random source");
		return false;
	}
	snprintf(hex, sizeof hex, "\\x");
	for (size_t i = 0; i < sizeof fresh; i++)
		snprintf(hex + 2 + 2 * i, 3, "%02x", fresh[i]);
	conn = db_connect(conninfo, err, errsz);
	if (!conn)
		return false;
	/* The first start's key wins; every start reads the one kept (in a
	 * statement of its own, which sees a key another instance made
	 * meanwhile). */
	r = PQexecParams(conn,
	                 "INSERT INTO service_secret (name, value) VALUES ('cursor', $1) "
	                 "ON CONFLICT (name) DO NOTHING",
	                 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		db_error_line(PQresultErrorMessage(r), err, errsz);
		PQclear(r);
		goto out;
	}
	PQclear(r);
	r = PQexecParams(conn, "SELECT value FROM service_secret WHERE name = 'cursor'", 0, NULL,
	                 NULL, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		db_error_line(PQresultErrorMessage(r), err, errsz);
	} else if (PQntuples(r) != 1 || PQgetlength(r, 0, 0) != (int)sizeof out->key) {
		snprintf(err, errsz, "the cursor key in service_secret is not %zu bytes",
		         sizeof out->key);
	} else {
		memcpy(out->key, PQgetvalue(r, 0, 0), sizeof out->key);
		ok = true;
	}
	PQclear(r);
out:
	PQfinish(conn);
	explicit_bzero(fresh, sizeof fresh);
	explicit_bzero(hex, sizeof hex);
	return ok;
}
