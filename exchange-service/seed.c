/*
 * seed.c — stages the CSV files and runs the generator SQL; see seed.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "files.h"
#include "seed.h"
#include "users.h"

static const char staging_sql[] =
	"CREATE TEMP TABLE stg_division (code text, name text, level text, parent_code text)"
	" ON COMMIT DROP;"
	"CREATE TEMP TABLE stg_department (ord serial, level text, name_pattern text,"
	" short_name text, data_domain text) ON COMMIT DROP;"
	"CREATE TEMP TABLE stg_resource (ord serial, data_domain text, resource_name text,"
	" items text, sharing_type text, update_cycle text, source text) ON COMMIT DROP;";

/* Streams a CSV file (with header) into a staging table with COPY. */
static bool copy_csv(PGconn *conn, const char *data_dir, const char *file, const char *copy_sql,
                     char *err, size_t errsz)
{
	char path[4096], why[256];
	size_t len;
	char *text;
	bool ok;

	snprintf(path, sizeof path, "%s/data/%s", data_dir, file);
	text = files_read(path, &len, err, errsz);
	if (!text)
		return false;
	ok = db_copy_in(conn, copy_sql, text, len, why, sizeof why);
	free(text);
	if (!ok)
		snprintf(err, errsz, "loading %s: %s", path, why);
	return ok;
}

static long query_long(PGconn *conn, const char *sql)
{
	PGresult *r = PQexec(conn, sql);
	long v = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		v = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return v;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* What the seed files share: the demo events of every workflow, staged and
 * appended to the audit chain in time order at the end; and back(n), the
 * n-th working day before today in Beijing (back(0) = today), which dates
 * the steps of their stories. */
static const char stage_audit_sql[] =
	"CREATE TEMP TABLE demo_audit (at timestamptz NOT NULL, subject text NOT NULL,"
	" step integer NOT NULL, actor text NOT NULL, action text NOT NULL, from_state text,"
	" to_state text, reason text) ON COMMIT DROP;"
	"CREATE TEMP TABLE demo_back ON COMMIT DROP AS"
	" SELECT 0 AS n, govdx_today() AS day UNION ALL"
	" SELECT row_number() OVER (ORDER BY g DESC)::integer, g::date"
	" FROM generate_series(govdx_today() - 120, govdx_today() - 1, interval '1 day') g"
	" WHERE govdx_is_working_day(g::date)";
static const char append_audit_sql[] =
	"SELECT count(govdx_audit_append_at(at, actor, action, subject, from_state, to_state, reason))"
	" FROM (SELECT * FROM demo_audit ORDER BY at, subject, step) e";

/* Runs DIR/sql/NAME inside the open transaction. */
static bool run_file(PGconn *conn, const char *data_dir, const char *name, char *err,
                     size_t errsz)
{
	char path[4096], why[512];
	char *sql;
	bool ok;

	snprintf(path, sizeof path, "%s/sql/%s", data_dir, name);
	sql = files_read(path, NULL, err, errsz);
	if (!sql)
		return false;
	ok = db_run(conn, sql, why, sizeof why);
	if (!ok)
		snprintf(err, errsz, "%s: %.400s", name, why);
	free(sql);
	return ok;
}

/* The demo requests and objections (sql/seed-requests.sql,
 * sql/seed-objections.sql) in the names of the demo accounts, which are
 * created first (without tokens). Each file adds nothing when its table has
 * rows already, so this step is idempotent. */
static bool seed_workflows(PGconn *conn, const char *data_dir, char *err, size_t errsz)
{
	char why[512];
	long requests = query_long(conn, "SELECT count(*) FROM request");
	long objections = query_long(conn, "SELECT count(*) FROM objection");
	long events = query_long(conn, "SELECT count(*) FROM audit_event");

	if (!users_demo_accounts(conn, err, errsz))
		return false;
	if (!db_run(conn, "BEGIN", err, errsz))
		return false;
	if (!db_run(conn, stage_audit_sql, err, errsz) ||
	    !run_file(conn, data_dir, "seed-requests.sql", why, sizeof why) ||
	    !run_file(conn, data_dir, "seed-objections.sql", why, sizeof why) ||
	    !db_run(conn, append_audit_sql, why, sizeof why) || !db_run(conn, "COMMIT", why, sizeof why)) {
		char ignore[64];

		db_run(conn, "ROLLBACK", ignore, sizeof ignore);
		snprintf(err, errsz, "seeding the demo requests and objections: %.400s", why);
		return false;
	}
	if (requests == 0 || objections == 0)
		printf("seeded %ld demo requests and %ld demo objections with %ld audit events\n",
		       query_long(conn, "SELECT count(*) FROM request") - requests,
		       query_long(conn, "SELECT count(*) FROM objection") - objections,
		       query_long(conn, "SELECT count(*) FROM audit_event") - events);
	return true;
}

/* Says that a step begins, when asked to. */
static void say_step(const struct seed_progress *progress, const char *step, const char *detail)
{
	if (progress && progress->step)
		progress->step(progress->arg, step, detail);
}

/* Entries a batch of the entries step loads: about 50 batches, each one
 * progress report, none under 5,000 entries (a small seed is one or a few). */
static long batch_entries(long scale)
{
	long n = (scale + 49) / 50;

	return n < 5000 ? 5000 : n;
}

#define STEP_MARK "-- @step "

/* The first "-- @step " line at or after s, or NULL. */
static char *find_step_mark(char *s)
{
	char *m;

	if (strncmp(s, STEP_MARK, strlen(STEP_MARK)) == 0)
		return s;
	m = strstr(s, "\n" STEP_MARK);
	return m ? m + 1 : NULL;
}

/* Cuts the generator's text at its steps (see sql/seed-directory.sql): the
 * SQL of the step at *cursor up to the next "-- @step" line (its own marker
 * line included, a comment to PostgreSQL), its name in name; *cursor moves
 * past it. NULL when no text is left. Text before the first marker belongs
 * to the first step; a text without markers is one step, "directory". */
static char *next_step(char **cursor, char *name, size_t namesz)
{
	char *sql = *cursor, *mark, *next = NULL;

	if (!sql || !*sql)
		return NULL;
	mark = find_step_mark(sql);
	if (mark) {
		mark += strlen(STEP_MARK);
		snprintf(name, namesz, "%.*s", (int)strcspn(mark, " \t\r\n"), mark);
		next = find_step_mark(mark);
	} else
		snprintf(name, namesz, "directory");
	if (next) {
		next[-1] = '\0';
		*cursor = next;
	} else
		*cursor = NULL;
	return sql;
}

/* The entries step: its SQL once per batch that alloc numbers, each with
 * govdx.batch set, reporting the entries loaded after each. */
static bool load_entries(PGconn *conn, const char *sql, const struct seed_progress *progress,
                         char *err, size_t errsz)
{
	PGresult *r = PQexec(conn, "SELECT batch, sum(n) FROM alloc GROUP BY batch ORDER BY batch");
	struct batch {
		long number, entries;
	} *batches = NULL;
	long total = 0, done = 0;
	char number[32];
	int n = 0;
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQnfields(r) == 2;

	if (!ok)
		db_error_line(PQresultErrorMessage(r), err, errsz);
	else if ((n = PQntuples(r)) > 0 && !(batches = calloc((size_t)n, sizeof *batches))) {
		snprintf(err, errsz, "out of memory");
		ok = false;
	}
	for (int i = 0; ok && i < n; i++) {
		batches[i].number = strtol(PQgetvalue(r, i, 0), NULL, 10);
		batches[i].entries = strtol(PQgetvalue(r, i, 1), NULL, 10);
		total += batches[i].entries;
	}
	PQclear(r);
	if (ok) {
		snprintf(number, sizeof number, "%ld", total);
		say_step(progress, "entries", number);
		if (progress && progress->entries)
			progress->entries(progress->arg, 0, total);
	}
	for (int i = 0; ok && i < n; i++) {
		snprintf(number, sizeof number, "%ld", batches[i].number);
		ok = db_run_param(conn, "SELECT set_config('govdx.batch', $1, true)", number, err,
		                  errsz) &&
		     db_run(conn, sql, err, errsz);
		done += batches[i].entries;
		if (ok && progress && progress->entries)
			progress->entries(progress->arg, done, total);
	}
	free(batches);
	return ok;
}

/* The indexes step: its SQL lists the saved indexes (name, definition);
 * each is built as a step of its own. */
static bool build_indexes(PGconn *conn, const char *sql, const struct seed_progress *progress,
                          char *err, size_t errsz)
{
	PGresult *r = PQexec(conn, sql);
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQnfields(r) == 2;

	if (!ok)
		db_error_line(PQresultErrorMessage(r), err, errsz);
	for (int i = 0; ok && i < PQntuples(r); i++) {
		say_step(progress, "index", PQgetvalue(r, i, 0));
		ok = db_run(conn, PQgetvalue(r, i, 1), err, errsz);
	}
	PQclear(r);
	return ok;
}

/* Runs the generator's steps in the open transaction. */
static bool run_generator(PGconn *conn, char *gen, const struct seed_progress *progress,
                          char *err, size_t errsz)
{
	char *cursor = gen, *sql, step[64], said[64] = "directory";
	bool ok = true;

	while (ok && (sql = next_step(&cursor, step, sizeof step))) {
		if (strcmp(step, "entries") == 0)
			ok = load_entries(conn, sql, progress, err, errsz);
		else if (strcmp(step, "indexes") == 0)
			ok = build_indexes(conn, sql, progress, err, errsz);
		else {
			if (strcmp(step, said) != 0)
				say_step(progress, step, NULL);
			ok = db_run(conn, sql, err, errsz);
		}
		snprintf(said, sizeof said, "%s", step);
	}
	return ok;
}

bool seed_run(PGconn *conn, const char *data_dir, long scale, bool force,
              const struct seed_progress *progress, char *err, size_t errsz)
{
	char path[4096], set[128], batch[32], why[512];
	char *gen;
	long seeded;
	double t0 = now_s();

	if (query_long(conn, "SELECT count(*) FROM pg_tables WHERE tablename = 'seed_info'") != 1) {
		snprintf(err, errsz, "the schema is missing: run \"govdx-exchanged migrate\" first");
		return false;
	}
	seeded = query_long(conn, "SELECT coalesce(max(entries), -1) FROM seed_info");
	if (seeded >= 0 && !force) {
		snprintf(err, errsz,
		         "the directory is already seeded (%ld entries); use --force to replace it "
		         "(this also removes the users)",
		         seeded);
		return false;
	}
	snprintf(path, sizeof path, "%s/sql/seed-directory.sql", data_dir);
	gen = files_read(path, NULL, err, errsz);
	if (!gen)
		return false;
	snprintf(set, sizeof set, "%ld", scale);
	snprintf(batch, sizeof batch, "%ld", batch_entries(scale));
	say_step(progress, "directory", NULL);
	if (!db_run(conn, "BEGIN", err, errsz))
		goto fail;
	if (force && !db_run(conn,
	                     "SET LOCAL client_min_messages = warning;"
	                     "TRUNCATE objection, request, app_user, entry, resource_template, department,"
	                     " platform_counts, platform_ancestor, platform, seed_info CASCADE",
	                     err, errsz))
		goto rollback;
	if (!db_run(conn, staging_sql, err, errsz) ||
	    !copy_csv(conn, data_dir, "divisions.csv",
	              "COPY stg_division FROM STDIN (FORMAT csv, HEADER true)", err, errsz) ||
	    !copy_csv(conn, data_dir, "departments.csv",
	              "COPY stg_department (level, name_pattern, short_name, data_domain) "
	              "FROM STDIN (FORMAT csv, HEADER true)",
	              err, errsz) ||
	    !copy_csv(conn, data_dir, "resources.csv",
	              "COPY stg_resource (data_domain, resource_name, items, sharing_type, "
	              "update_cycle, source) FROM STDIN (FORMAT csv, HEADER true)",
	              err, errsz) ||
	    !db_run_param(conn, "SELECT set_config('govdx.scale', $1, true)", set, err, errsz) ||
	    !db_run_param(conn, "SELECT set_config('govdx.batch_entries', $1, true)", batch, err,
	                  errsz))
		goto rollback;
	if (!run_generator(conn, gen, progress, why, sizeof why)) {
		snprintf(err, errsz, "generating the directory: %s", why);
		goto rollback;
	}
	if (!db_run_param(conn, "INSERT INTO seed_info (entries) VALUES ($1::bigint)", set, err,
	                  errsz) ||
	    !db_run(conn, "COMMIT", err, errsz))
		goto rollback;
	free(gen);
	/* Fresh statistics, or the planner guesses at the new tables. */
	say_step(progress, "statistics", NULL);
	if (!db_run(conn, "ANALYZE platform, platform_ancestor, platform_counts, department,"
	                  " resource_template, entry",
	            err, errsz))
		return false;
	printf("seeded %ld platforms, %ld departments, %ld entries in %.1f s\n",
	       query_long(conn, "SELECT count(*) FROM platform"),
	       query_long(conn, "SELECT count(*) FROM department"),
	       query_long(conn, "SELECT subtree_entries FROM platform_counts WHERE platform_code = '000000'"),
	       now_s() - t0);
	fflush(stdout);
	say_step(progress, "workflows", NULL);
	return seed_workflows(conn, data_dir, err, errsz);
rollback: {
	char ignore[64];

	db_run(conn, "ROLLBACK", ignore, sizeof ignore);
}
fail:
	free(gen);
	return false;
}
