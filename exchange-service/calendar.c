/*
 * calendar.c — reading, checking and importing the working-day calendar;
 * see calendar.h.
 *
 * The file is parsed and checked completely in C first, so a bad file
 * writes nothing and every message names its line; the checked rows are
 * then sent again as clean CSV with COPY into a temporary table, and the
 * listed years replaced in one transaction.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "db.h"
#include "files.h"
#include "statute.h"
#include "validate.h"

/* The advisory lock every change of the calendar's tables takes first, so
 * two at once (two migrate runs, each importing the calendar) run one after
 * the other and the second sees what the first committed. An arbitrary
 * constant, not migrate's. */
#define CALENDAR_LOCK "7348201"

#define NAME_MAX_CHARS 100
#define FIELD_MAX 1024

void calendar_rows_free(struct calendar_rows *rows)
{
	if (!rows)
		return;
	for (size_t i = 0; i < rows->n; i++)
		free(rows->name[i]);
	free(rows->date);
	free(rows->kind);
	free(rows->name);
	free(rows->line);
	memset(rows, 0, sizeof *rows);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Strict YYYY-MM-DD of a real date in 1900..2999; *weekday 1 Monday .. 7 Sunday. */
static bool parse_date(const char *s, int *year, int *weekday)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, dim;
	long days;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2999 || m < 1 || m > 12)
		return false;
	dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d < 1 || d > dim)
		return false;
	days = days_from_civil(y, m, d);
	/* 1970-01-01 was a Thursday (4). */
	*weekday = (int)(((days % 7) + 7 + 3) % 7) + 1;
	*year = y;
	return true;
}

/* Splits one line into up to 4 fields (a 4th means too many). A field may
 * be "quoted" with "" for a quote inside. Returns the number of fields, or
 * -1 for a broken quote or a field longer than FIELD_MAX. */
static int split_fields(const char *p, const char *end, char f[4][FIELD_MAX])
{
	int n = 0;

	for (;;) {
		size_t len = 0;

		if (n == 4)
			return 4;
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				if (p >= end)
					return -1;
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"')
						p++;
					else
						break;
				}
				if (len + 1 >= FIELD_MAX)
					return -1;
				f[n][len++] = *p++;
			}
			p++; /* the closing quote */
			if (p < end && *p != ',')
				return -1;
		} else {
			while (p < end && *p != ',') {
				if (*p == '"' || len + 1 >= FIELD_MAX)
					return -1;
				f[n][len++] = *p++;
			}
		}
		f[n++][len] = '\0';
		if (p >= end)
			return n;
		p++; /* the comma */
	}
}

static bool grow(struct calendar_rows *r, size_t *cap)
{
	size_t c = *cap ? *cap * 2 : 128;
	void *a = realloc(r->date, c * sizeof *r->date);

	if (!a)
		return false;
	r->date = a;
	if (!(a = realloc(r->kind, c * sizeof *r->kind)))
		return false;
	r->kind = a;
	if (!(a = realloc(r->name, c * sizeof *r->name)))
		return false;
	r->name = a;
	if (!(a = realloc(r->line, c * sizeof *r->line)))
		return false;
	r->line = a;
	*cap = c;
	return true;
}

/* Checks one data line; returns NULL if good, else why (a static string or
 * one written into why). */
static const char *check_line(const char *p, const char *end, char f[4][FIELD_MAX],
                              const struct calendar_rows *rows, char *why, size_t whysz)
{
	int n = split_fields(p, end, f), year, wday;

	if (n < 0)
		return "a broken field (an unclosed quote, a quote inside a field, or over 1 KiB)";
	if (n != 3)
		return "expected 3 fields: date,kind,name";
	if (!parse_date(f[0], &year, &wday)) {
		snprintf(why, whysz, "\"%.40s\" is no date YYYY-MM-DD (years 1900 to 2999)", f[0]);
		return why;
	}
	if (strcmp(f[1], "holiday") != 0 && strcmp(f[1], "workday") != 0) {
		snprintf(why, whysz, "kind \"%.40s\" is neither holiday nor workday", f[1]);
		return why;
	}
	if (strcmp(f[1], "workday") == 0 && wday < 6) {
		snprintf(why, whysz, "%s is a weekday: only a Saturday or Sunday can be a make-up workday",
		         f[0]);
		return why;
	}
	if (validate_utf8_chars(f[2]) > NAME_MAX_CHARS)
		return "the name is longer than 100 characters";
	for (size_t i = 0; i < rows->n; i++)
		if (strcmp(rows->date[i], f[0]) == 0) {
			snprintf(why, whysz, "%s is listed twice (first on line %d)", f[0], rows->line[i]);
			return why;
		}
	return NULL;
}

bool calendar_parse(const char *label, const char *text, size_t len, struct calendar_rows *out,
                    char *err, size_t errsz)
{
	char (*f)[FIELD_MAX] = malloc(4 * FIELD_MAX);
	const char *p = text, *end = text + len;
	struct calendar_rows rows = {0};
	size_t cap = 0;
	int line = 0, bad = 0;
	bool first = true;

	if (!f) {
		snprintf(err, errsz, "out of memory");
		return false;
	}
	if (!validate_utf8(text, len)) {
		snprintf(err, errsz, "%s: not UTF-8 text (or it holds NUL bytes)", label);
		free(f);
		return false;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *le;
		const char *why;
		char whybuf[160];

		if (!eol)
			eol = end;
		le = eol;
		if (le > p && le[-1] == '\r')
			le--;
		line++;
		if (le == p || *p == '#') {
			p = eol + 1;
			continue;
		}
		if (first && (size_t)(le - p) == 14 && memcmp(p, "date,kind,name", 14) == 0) {
			first = false;
			p = eol + 1;
			continue;
		}
		first = false;
		why = check_line(p, le, f, &rows, whybuf, sizeof whybuf);
		if (why) {
			if (bad++ == 0)
				snprintf(err, errsz, "%s:%d: %s", label, line, why);
		} else if (!bad) {
			if (rows.n == cap && !grow(&rows, &cap)) {
				snprintf(err, errsz, "out of memory");
				bad = -1;
				break;
			}
			memcpy(rows.date[rows.n], f[0], 11);
			rows.kind[rows.n] = strcmp(f[1], "holiday") == 0 ? "holiday" : "workday";
			rows.name[rows.n] = strdup(f[2]);
			rows.line[rows.n] = line;
			rows.n++;
		}
		p = eol + 1;
	}
	free(f);
	if (bad > 1) {
		size_t l = strlen(err);

		snprintf(err + l, errsz - l, " (and %d more bad line%s); nothing was imported", bad - 1,
		         bad > 2 ? "s" : "");
	} else if (bad == 1) {
		size_t l = strlen(err);

		snprintf(err + l, errsz - l, "; nothing was imported");
	} else if (bad == 0 && rows.n == 0) {
		snprintf(err, errsz, "%s: no calendar days in the file", label);
		bad = 1;
	}
	if (bad) {
		calendar_rows_free(&rows);
		return false;
	}
	*out = rows;
	return true;
}

bool calendar_check_statute(const char *label, const struct calendar_rows *rows, char *err,
                            size_t errsz)
{
	int done[64], ndone = 0;

	for (size_t i = 0; i < rows->n; i++) {
		struct statute_day days[STATUTE_MAX_DAYS];
		int year = atoi(rows->date[i]), n;
		bool seen = false;

		for (int k = 0; k < ndone && !seen; k++)
			seen = done[k] == year;
		if (seen)
			continue;
		if (ndone < (int)(sizeof done / sizeof done[0]))
			done[ndone++] = year;
		n = statute_days(year, days);
		for (int d = 0; d < n; d++) {
			size_t k = 0;

			while (k < rows->n && strcmp(rows->date[k], days[d].date) != 0)
				k++;
			if (k == rows->n || strcmp(rows->kind[k], "holiday") != 0) {
				if (k == rows->n)
					snprintf(err, errsz,
					         "%s: %s (%s) is a statutory holiday of %d but the file has no holiday "
					         "row for it (a notice gives every statutory day off); nothing was imported",
					         label, days[d].date, days[d].name, year);
				else
					snprintf(err, errsz,
					         "%s:%d: %s (%s) is a statutory holiday of %d but the file makes it a "
					         "workday; nothing was imported",
					         label, rows->line[k], days[d].date, days[d].name, year);
				return false;
			}
		}
	}
	return true;
}

bool calendar_store_statute(PGconn *conn, char *err, size_t errsz)
{
	size_t cap = (size_t)(STATUTE_LAST_YEAR - STATUTE_FIRST_YEAR + 1) * STATUTE_MAX_DAYS * 48 + 1;
	size_t len = 0;
	char *csv = malloc(cap), why[512];
	bool ok;

	if (!csv) {
		snprintf(err, errsz, "out of memory");
		return false;
	}
	for (int y = STATUTE_FIRST_YEAR; y <= STATUTE_LAST_YEAR; y++) {
		struct statute_day days[STATUTE_MAX_DAYS];
		int n = statute_days(y, days);

		for (int d = 0; d < n; d++)
			len += (size_t)snprintf(csv + len, cap - len, "%s,%s\n", days[d].date, days[d].name);
	}
	ok = db_run(conn, "BEGIN; SELECT pg_advisory_xact_lock(" CALENDAR_LOCK "); DELETE FROM statutory_day",
	            why, sizeof why) &&
	     db_copy_in(conn, "COPY statutory_day (date, name) FROM STDIN (FORMAT csv)", csv, len, why,
	                sizeof why);
	free(csv);
	ok = ok && db_run(conn, "COMMIT", why, sizeof why);
	if (!ok) {
		char ignore[64];

		db_run(conn, "ROLLBACK", ignore, sizeof ignore);
		snprintf(err, errsz, "storing the statutory holidays: %s", why);
	}
	return ok;
}

/* The rows again as clean CSV for COPY. */
static char *to_csv(const struct calendar_rows *rows, size_t *len)
{
	size_t cap = 64, n = 0;
	char *buf;

	for (size_t i = 0; i < rows->n; i++)
		cap += 24 + 2 * strlen(rows->name[i]) + 2;
	buf = malloc(cap);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < rows->n; i++) {
		n += (size_t)snprintf(buf + n, cap - n, "%s,%s,\"", rows->date[i], rows->kind[i]);
		for (const char *s = rows->name[i]; *s; s++) {
			if (*s == '"')
				buf[n++] = '"';
			buf[n++] = *s;
		}
		buf[n++] = '"';
		buf[n++] = '\n';
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static bool copy_rows(PGconn *conn, const struct calendar_rows *rows, char *err, size_t errsz)
{
	size_t len;
	char *csv = to_csv(rows, &len);
	PGresult *r;
	bool ok;

	if (!csv) {
		snprintf(err, errsz, "out of memory");
		return false;
	}
	r = PQexec(conn, "COPY stg_calendar (date, kind, name) FROM STDIN (FORMAT csv)");
	ok = PQresultStatus(r) == PGRES_COPY_IN;
	if (!ok)
		db_error_line(PQresultErrorMessage(r), err, errsz);
	PQclear(r);
	if (ok) {
		ok = PQputCopyData(conn, csv, (int)len) == 1 && PQputCopyEnd(conn, NULL) == 1;
		r = PQgetResult(conn);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			ok = false;
			db_error_line(PQresultErrorMessage(r), err, errsz);
		}
		PQclear(r);
		while ((r = PQgetResult(conn)) != NULL)
			PQclear(r);
	}
	free(csv);
	return ok;
}

/* Replaces the staged years (only those without rows when only_new) and
 * reports "N|years|replaced" in out. */
static bool replace_years(PGconn *conn, bool only_new, char *out, size_t outsz, char *err,
                          size_t errsz)
{
	PGresult *r;
	bool ok;

	if (!db_run(conn,
	            only_new ? "CREATE TEMP TABLE stg_year ON COMMIT DROP AS"
	                       " SELECT DISTINCT extract(year FROM date)::int AS year FROM stg_calendar"
	                       " EXCEPT SELECT year FROM calendar_notice"
	                     : "CREATE TEMP TABLE stg_year ON COMMIT DROP AS"
	                       " SELECT DISTINCT extract(year FROM date)::int AS year FROM stg_calendar",
	            err, errsz))
		return false;
	r = PQexec(conn,
	           "SELECT (SELECT count(*) FROM stg_calendar"
	           "        WHERE extract(year FROM date)::int IN (SELECT year FROM stg_year)) || '|' ||"
	           " coalesce((SELECT string_agg(year::text, ', ' ORDER BY year) FROM stg_year), '') || '|' ||"
	           " (SELECT count(*) FROM calendar_day"
	           "  WHERE extract(year FROM date)::int IN (SELECT year FROM stg_year))");
	ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	if (ok)
		snprintf(out, outsz, "%s", PQgetvalue(r, 0, 0));
	else
		db_error_line(PQresultErrorMessage(r), err, errsz);
	PQclear(r);
	return ok && db_run(conn,
	                    "DELETE FROM calendar_day"
	                    " WHERE extract(year FROM date)::int IN (SELECT year FROM stg_year);"
	                    "INSERT INTO calendar_day (date, kind, name)"
	                    " SELECT date, kind, name FROM stg_calendar"
	                    " WHERE extract(year FROM date)::int IN (SELECT year FROM stg_year)",
	                    err, errsz);
}

/* The staged years have a notice now: audit, recompute (011). */
static bool notice_imported(PGconn *conn, const char *path, bool audit, int *recomputed, char *err,
                            size_t errsz)
{
	const char *params[] = {path, audit ? "true" : "false"};
	PGresult *r = PQexecParams(conn,
	                           "SELECT govdx_calendar_imported((SELECT array_agg(year ORDER BY year)"
	                           " FROM stg_year), $1, $2::boolean)",
	                           2, NULL, params, NULL, NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;

	if (ok)
		*recomputed = atoi(PQgetvalue(r, 0, 0));
	else
		db_error_line(PQresultErrorMessage(r), err, errsz);
	PQclear(r);
	return ok;
}

bool calendar_import(PGconn *conn, const char *path, bool only_new_years, char *err,
                     size_t errsz)
{
	struct calendar_rows rows;
	char result[256], why[512];
	int recomputed = 0;
	size_t len;
	char *text = files_read(path, &len, err, errsz);
	bool ok;

	if (!text)
		return false;
	ok = calendar_parse(path, text, len, &rows, err, errsz);
	free(text);
	if (!ok)
		return false;
	if (!calendar_check_statute(path, &rows, err, errsz)) {
		calendar_rows_free(&rows);
		return false;
	}
	ok = db_run(conn,
	            "BEGIN; SET LOCAL client_min_messages = warning;"
	            "SELECT pg_advisory_xact_lock(" CALENDAR_LOCK ");"
	            "CREATE TEMP TABLE stg_calendar (date date, kind text, name text) ON COMMIT DROP",
	            why, sizeof why) &&
	     copy_rows(conn, &rows, why, sizeof why) &&
	     replace_years(conn, only_new_years, result, sizeof result, why, sizeof why) &&
	     notice_imported(conn, path, !only_new_years, &recomputed, why, sizeof why) &&
	     db_run(conn, "COMMIT", why, sizeof why);
	calendar_rows_free(&rows);
	if (!ok) {
		char ignore[64];

		db_run(conn, "ROLLBACK", ignore, sizeof ignore);
		snprintf(err, errsz, "importing %s: %s", path, why);
		return false;
	}
	{
		char *years = strchr(result, '|'), *replaced;

		if (!years)
			return true;
		*years++ = '\0';
		replaced = strchr(years, '|');
		if (replaced)
			*replaced++ = '\0';
		if (*years)
			printf("calendar: %s days for %s from %s (replacing %s); %d open deadline%s "
			       "recomputed\n",
			       result, years, path, replaced ? replaced : "0", recomputed,
			       recomputed == 1 ? "" : "s");
		else if (!only_new_years)
			printf("calendar: nothing to import from %s\n", path);
	}
	return true;
}

static int calendar_usage(FILE *f, int status)
{
	fprintf(f, "Usage: govdx-exchanged calendar import FILE [--db CONNINFO]\n"
	           "Replace the working-day calendar of the years FILE lists (CSV date,kind,name;\n"
	           "kind holiday or workday): the State Council's holiday notice. A bad line, a\n"
	           "workday that is no Saturday or Sunday, or a statutory holiday without a holiday\n"
	           "line refuses the whole file. Open deadlines over those years are recomputed.\n");
	return status;
}

int calendar_main(int argc, char **argv, const char *db)
{
	char err[1024];
	PGconn *conn;
	bool ok;
	int rc = cli_db_options(argc, argv, &db, calendar_usage);

	if (rc >= 0)
		return rc;
	if (argc - optind != 2 || strcmp(argv[optind], "import") != 0) {
		fprintf(stderr, "govdx-exchanged: calendar wants: import FILE\n");
		return calendar_usage(stderr, 2);
	}
	conn = db_connect(db, err, sizeof err);
	if (!conn) {
		fprintf(stderr, "govdx-exchanged calendar: %s\n", err);
		return 1;
	}
	ok = calendar_import(conn, argv[optind + 1], false, err, sizeof err);
	PQfinish(conn);
	if (!ok) {
		fprintf(stderr, "govdx-exchanged calendar: %s\n", err);
		return 1;
	}
	return 0;
}
