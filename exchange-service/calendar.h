/*
 * calendar.h — the working-day calendar file (govdx-exchanged calendar import).
 *
 * The file is CSV, UTF-8: `date,kind,name` per line (an optional header line
 * of exactly those words, `#` comment lines and blank lines are skipped),
 * date YYYY-MM-DD, kind `holiday` (a day off) or `workday` (a Saturday or
 * Sunday that is a make-up working day, 调休上班), name at most 100
 * characters (may be "quoted"). Every line is checked before anything is
 * written; one bad line refuses the whole file, naming FILE:LINE.
 *
 * The file is the State Council's yearly notice (国务院办公厅关于部分节假日
 * 安排的通知): it must give every statutory holiday of each year it lists
 * (statute.h) as a holiday row, or it is refused naming the date.
 *
 * An import replaces the calendar_day rows of every year the file lists, in
 * one transaction; other years are kept. Those years then have a notice
 * (calendar_notice): their working days come from it instead of the
 * statute, each year's import is an audit event (subject calendar:YEAR),
 * and the open deadlines whose span touches them are recomputed from the
 * same start and working-day count, each change an audit event of its case
 * (011-calendar-statute.sql).
 */
#ifndef GOVDX_SVC_CALENDAR_H
#define GOVDX_SVC_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

/* The default calendar, relative to the data directory. */
#define CALENDAR_DEFAULT_FILE "data/holidays-cn.csv"

struct calendar_rows {
	size_t n;
	char (*date)[11]; /* YYYY-MM-DD */
	const char **kind; /* "holiday" or "workday" (static strings) */
	char **name;
	int *line; /* where each row was in the file */
};

/* Parses and checks calendar text (label names the file in messages).
 * Returns true with the rows in *out (free with calendar_rows_free), or
 * false with "label:LINE: why" of the first bad line (and how many more
 * there are) in err. */
bool calendar_parse(const char *label, const char *text, size_t len, struct calendar_rows *out,
                    char *err, size_t errsz);
void calendar_rows_free(struct calendar_rows *rows);

/* Checks that every statutory holiday (statute.h) of each year the rows
 * list is a holiday row: a notice gives every statutory day off. Returns
 * false with "label: DATE (NAME) is a statutory holiday of YEAR ..." (with
 * :LINE when the file makes that day a workday) in err. */
bool calendar_check_statute(const char *label, const struct calendar_rows *rows, char *err,
                            size_t errsz);

/* Replaces the statutory_day table (migration 011) with the statutory
 * holidays of STATUTE_FIRST_YEAR..STATUTE_LAST_YEAR, in one transaction
 * (migrate does it on every run). Returns false with a one-line reason. */
bool calendar_store_statute(PGconn *conn, char *err, size_t errsz);

/* Imports a calendar file: replaces the years it lists. With
 * only_new_years, years that already have rows are left alone (what migrate
 * does with the default file, so an administrator's import is never undone).
 * Prints what it did on stdout. Returns false with a one-line reason. */
bool calendar_import(PGconn *conn, const char *path, bool only_new_years, char *err,
                     size_t errsz);

/* `govdx-exchanged calendar ...`: argv[0] is "calendar". db is the default
 * connection string. Returns the exit status (0, 1 failure, 2 usage). */
int calendar_main(int argc, char **argv, const char *db);

#endif
