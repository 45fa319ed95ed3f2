/*
 * migrate.c — versioned schema migrations; see migrate.h.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "files.h"
#include "migrate.h"

/* An arbitrary constant: the advisory lock all migrate runs share. */
#define MIGRATE_LOCK "7301220001"
#define MAX_MIGRATIONS 256

/* NNN-name.sql with a lower-case name of letters, digits and '-'. */
static bool is_migration(const char *name)
{
	size_t n = strlen(name);

	if (n < 9 || strcmp(name + n - 4, ".sql") != 0)
		return false;
	for (int i = 0; i < 3; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	if (name[3] != '-')
		return false;
	for (size_t i = 4; i < n - 4; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '-'))
			return false;
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool applied(PGconn *conn, int version, bool *yes, char *err, size_t errsz)
{
	char v[16];
	const char *params[] = {v};
	PGresult *r;
	bool ok;

	snprintf(v, sizeof v, "%d", version);
	r = PQexecParams(conn, "SELECT 1 FROM schema_migrations WHERE version = $1::int", 1, NULL,
	                 params, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	if (ok)
		*yes = PQntuples(r) > 0;
	else
		db_error_line(PQresultErrorMessage(r), err, errsz);
	PQclear(r);
	return ok;
}

static bool apply(PGconn *conn, const char *dir, const char *file, int version, char *err,
                  size_t errsz)
{
	char path[4096], name[256], v[16], why[512];
	const char *params[2] = {v, name};
	char *sql;
	PGresult *r;
	bool ok;

	if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) {
		snprintf(err, errsz, "path too long: %s", dir);
		return false;
	}
	snprintf(name, sizeof name, "%.*s", (int)(strlen(file) - 4), file);
	snprintf(v, sizeof v, "%d", version);
	sql = files_read(path, NULL, err, errsz);
	if (!sql)
		return false;
	if (!db_run(conn, "BEGIN", err, errsz)) {
		free(sql);
		return false;
	}
	ok = db_run(conn, sql, why, sizeof why);
	free(sql);
	if (ok) {
		r = PQexecParams(conn, "INSERT INTO schema_migrations (version, name) VALUES ($1::int, $2)",
		                 2, NULL, params, NULL, NULL, 0);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			db_error_line(PQresultErrorMessage(r), why, sizeof why);
		PQclear(r);
	}
	if (ok)
		ok = db_run(conn, "COMMIT", why, sizeof why);
	if (!ok) {
		char ignore[64];

		db_run(conn, "ROLLBACK", ignore, sizeof ignore);
		snprintf(err, errsz, "migration %s failed: %s", file, why);
		return false;
	}
	printf("applied migration %s\n", name);
	return true;
}

bool migrate_run(PGconn *conn, const char *data_dir, char *err, size_t errsz)
{
	char dir[4096];
	char *files[MAX_MIGRATIONS];
	size_t n = 0, pending = 0;
	struct dirent *de;
	DIR *d;
	bool ok = true;

	if (snprintf(dir, sizeof dir, "%s/sql", data_dir) >= (int)sizeof dir - 300) {
		snprintf(err, errsz, "--data-dir is too long");
		return false;
	}
	d = opendir(dir);
	if (!d) {
		snprintf(err, errsz, "cannot read migrations from %s (is --data-dir right?)", dir);
		return false;
	}
	while ((de = readdir(d)) != NULL && n < MAX_MIGRATIONS)
		if (is_migration(de->d_name))
			files[n++] = strdup(de->d_name);
	closedir(d);
	qsort(files, n, sizeof files[0], by_name);
	if (n == 0) {
		snprintf(err, errsz, "no migrations (NNN-name.sql) in %s", dir);
		return false;
	}
	for (size_t i = 1; i < n; i++)
		if (strncmp(files[i], files[i - 1], 3) == 0) {
			snprintf(err, errsz, "two migrations share version %.3s: %s and %s", files[i],
			         files[i - 1], files[i]);
			ok = false;
			goto out;
		}
	if (!db_run(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", err, errsz) ||
	    !db_run(conn,
	            "SET client_min_messages = warning;"
	            "CREATE TABLE IF NOT EXISTS schema_migrations ("
	            " version integer PRIMARY KEY, name text NOT NULL,"
	            " applied_at timestamptz NOT NULL DEFAULT now())",
	            err, errsz)) {
		ok = false;
		goto out;
	}
	for (size_t i = 0; i < n && ok; i++) {
		int version = atoi(files[i]);
		bool done = false;

		ok = applied(conn, version, &done, err, errsz);
		if (ok && !done) {
			ok = apply(conn, dir, files[i], version, err, errsz);
			pending++;
		}
	}
	if (ok && pending == 0)
		printf("schema is up to date (%zu migrations)\n", n);
	{
		char ignore[64];

		db_run(conn, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", ignore, sizeof ignore);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	return ok;
}
