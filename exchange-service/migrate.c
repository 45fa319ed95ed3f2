/*
 * migrate.c — versioned schema migrations, then every function; see
 * migrate.h.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "files.h"
#include "migrate.h"

/* An arbitrary constant: the advisory lock all migrate runs share. */
#define MIGRATE_LOCK "7301220001"
#define MAX_MIGRATIONS 256
#define MAX_FUNCTION_FILES 512

/* A list of file names, each malloc'd. */
struct names {
	char *at[MAX_FUNCTION_FILES];
	size_t n;
};

static void names_free(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->at[i]);
	l->n = 0;
}

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

/* name.sql with a name of lower-case letters, digits, '_' and '-': a file
 * of functions/ (no path, so ORDER cannot point outside the folder). */
static bool is_function_file(const char *name)
{
	size_t n = strlen(name);

	if (n < 5 || n > 200 || strcmp(name + n - 4, ".sql") != 0)
		return false;
	for (size_t i = 0; i < n - 4; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_' || name[i] == '-'))
			return false;
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The migrations of dir in version order; two sharing a version are an error. */
static bool list_migrations(const char *dir, struct names *out, char *err, size_t errsz)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d) {
		snprintf(err, errsz, "cannot read migrations from %s (is --data-dir right?)", dir);
		return false;
	}
	while ((de = readdir(d)) != NULL && out->n < MAX_MIGRATIONS)
		if (is_migration(de->d_name))
			out->at[out->n++] = strdup(de->d_name);
	closedir(d);
	qsort(out->at, out->n, sizeof out->at[0], by_name);
	if (out->n == 0) {
		snprintf(err, errsz, "no migrations (NNN-name.sql) in %s", dir);
		return false;
	}
	for (size_t i = 1; i < out->n; i++)
		if (strncmp(out->at[i], out->at[i - 1], 3) == 0) {
			snprintf(err, errsz, "two migrations share version %.3s: %s and %s", out->at[i],
			         out->at[i - 1], out->at[i]);
			return false;
		}
	return true;
}

static bool listed(const struct names *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->at[i], name) == 0)
			return true;
	return false;
}

/* The file names of fdir/ORDER in order, checked against the folder: every
 * line a function file's name (or blank, or a '#' comment), none twice,
 * each one there, and every .sql file of the folder listed. */
static bool read_order(const char *fdir, struct names *out, char *err, size_t errsz)
{
	char path[4096];
	char *text, *line, *save = NULL;
	struct dirent *de;
	DIR *d;
	int lineno = 0;
	bool ok = true;

	if (snprintf(path, sizeof path, "%s/ORDER", fdir) >= (int)sizeof path) {
		snprintf(err, errsz, "path too long: %s", fdir);
		return false;
	}
	text = files_read(path, NULL, err, errsz);
	if (!text)
		return false;
	/* strtok_r would skip empty lines and miscount; split by hand. */
	for (line = text; ok && line; line = save) {
		char *end = strchr(line, '\n');
		size_t n;

		save = end ? end + 1 : NULL;
		if (end)
			*end = '\0';
		lineno++;
		n = strlen(line);
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (!is_function_file(line)) {
			snprintf(err, errsz, "%s:%d: not a function file name (name.sql): %.200s", path,
			         lineno, line);
			ok = false;
		} else if (listed(out, line)) {
			snprintf(err, errsz, "%s:%d: %s is listed twice", path, lineno, line);
			ok = false;
		} else if (out->n == MAX_FUNCTION_FILES) {
			snprintf(err, errsz, "%s: more than %d files", path, MAX_FUNCTION_FILES);
			ok = false;
		} else {
			char file[4096];
			struct stat st;

			if (snprintf(file, sizeof file, "%s/%s", fdir, line) >= (int)sizeof file ||
			    stat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
				snprintf(err, errsz, "%s:%d: %s is not in %s", path, lineno, line, fdir);
				ok = false;
			} else {
				out->at[out->n++] = strdup(line);
			}
		}
	}
	free(text);
	if (!ok)
		return false;
	d = opendir(fdir);
	if (!d) {
		snprintf(err, errsz, "cannot read %s", fdir);
		return false;
	}
	while (ok && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 4 && strcmp(de->d_name + n - 4, ".sql") == 0 && !listed(out, de->d_name)) {
			snprintf(err, errsz, "%s is not listed in %s (every function file is, once)",
			         de->d_name, path);
			ok = false;
		}
	}
	closedir(d);
	return ok;
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

/* Runs dir/file inside the open transaction; what went wrong names the file. */
static bool run_file(PGconn *conn, const char *what, const char *dir, const char *file,
                     char *err, size_t errsz)
{
	char path[4096], why[512];
	char *sql;
	bool ok;

	if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) {
		snprintf(err, errsz, "path too long: %s", dir);
		return false;
	}
	sql = files_read(path, NULL, err, errsz);
	if (!sql)
		return false;
	ok = db_run(conn, sql, why, sizeof why);
	free(sql);
	if (!ok)
		snprintf(err, errsz, "%s %s failed: %s", what, file, why);
	return ok;
}

/* Applies migration file (version) and records it, in the open transaction. */
static bool apply_migration(PGconn *conn, const char *dir, const char *file, int version,
                            char *err, size_t errsz)
{
	char name[256], v[16];
	const char *params[2] = {v, name};
	PGresult *r;
	bool ok;

	snprintf(name, sizeof name, "%.*s", (int)(strlen(file) - 4), file);
	snprintf(v, sizeof v, "%d", version);
	if (!run_file(conn, "migration", dir, file, err, errsz))
		return false;
	r = PQexecParams(conn, "INSERT INTO schema_migrations (version, name) VALUES ($1::int, $2)", 2,
	                 NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok) {
		char why[512];

		db_error_line(PQresultErrorMessage(r), why, sizeof why);
		snprintf(err, errsz, "migration %s failed: %s", file, why);
	}
	PQclear(r);
	return ok;
}

/* In the open transaction: the pending migrations, then every function
 * file. done[i] tells which migrations were applied. */
static bool apply_all(PGconn *conn, const char *dir, const char *fdir,
                      const struct names *migrations, const struct names *functions, bool *done,
                      char *err, size_t errsz)
{
	if (!db_run(conn,
	            "SET LOCAL client_min_messages = warning;"
	            "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ");"
	            "CREATE TABLE IF NOT EXISTS schema_migrations ("
	            " version integer PRIMARY KEY, name text NOT NULL,"
	            " applied_at timestamptz NOT NULL DEFAULT now())",
	            err, errsz))
		return false;
	for (size_t i = 0; i < migrations->n; i++) {
		int version = atoi(migrations->at[i]);
		bool yes = false;

		if (!applied(conn, version, &yes, err, errsz))
			return false;
		if (!yes && !apply_migration(conn, dir, migrations->at[i], version, err, errsz))
			return false;
		done[i] = !yes;
	}
	for (size_t i = 0; i < functions->n; i++)
		if (!run_file(conn, "function file", fdir, functions->at[i], err, errsz))
			return false;
	return true;
}

bool migrate_run(PGconn *conn, const char *data_dir, char *err, size_t errsz)
{
	char dir[4096], fdir[4096];
	struct names migrations = {.n = 0}, functions = {.n = 0};
	bool done[MAX_MIGRATIONS] = {false};
	size_t pending = 0;
	bool ok;

	if (snprintf(dir, sizeof dir, "%s/sql", data_dir) >= (int)sizeof dir - 300) {
		snprintf(err, errsz, "--data-dir is too long");
		return false;
	}
	if (snprintf(fdir, sizeof fdir, "%s/functions", dir) >= (int)sizeof fdir) {
		snprintf(err, errsz, "--data-dir is too long");
		return false;
	}
	ok = list_migrations(dir, &migrations, err, errsz) &&
	     read_order(fdir, &functions, err, errsz) && db_run(conn, "BEGIN", err, errsz);
	if (ok) {
		ok = apply_all(conn, dir, fdir, &migrations, &functions, done, err, errsz) &&
		     db_run(conn, "COMMIT", err, errsz);
		if (!ok) {
			char ignore[64];

			db_run(conn, "ROLLBACK", ignore, sizeof ignore);
		}
	}
	if (ok) {
		for (size_t i = 0; i < migrations.n; i++)
			if (done[i]) {
				printf("applied migration %.*s\n", (int)(strlen(migrations.at[i]) - 4),
				       migrations.at[i]);
				pending++;
			}
		if (pending == 0)
			printf("schema is up to date (%zu migrations)\n", migrations.n);
		printf("applied %zu function files (sql/functions/ORDER)\n", functions.n);
	}
	names_free(&migrations);
	names_free(&functions);
	return ok;
}
