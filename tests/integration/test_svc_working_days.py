#!/usr/bin/env python3
"""working_day (migration 016): the calendar's working days, counted ahead.

- working_day holds every day of 2000-2100 once, each marked as
  govdx_calendar_span marks it, with the running count of working days.
- govdx_working_days_between, govdx_add_working_days and
  govdx_is_working_day answer, from it, what the span's definition answers:
  over many pairs of days in both directions, across years with a notice
  and years counted by the statute, and outside the table's years.
- A change to the calendar's tables (a statutory day added, a notice's
  make-up working day removed, in a transaction rolled back) is in
  working_day at once.

Talks to the real database with psql (GOVDX_DB).
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, run_sql, env_or_skip  # noqa: E402

tap = Tap()
(DB,) = env_or_skip(tap, "GOVDX_DB")
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")


def psql(sql):
    rc, out, err = run_sql(DB, sql, 300, sep="\t")
    return out if rc == 0 else f"error: {err}"


tap.eq(psql("SELECT count(*), min(day), max(day), count(DISTINCT day) FROM working_day"),
       "36890\t2000-01-01\t2100-12-31\t36890", "working_day holds each day of 2000-2100 once")
tap.eq(psql("""
    SELECT count(*) FROM working_day w
    FULL JOIN govdx_calendar_span(date '2000-01-01', date '2100-12-31') s ON s.day = w.day
    WHERE w.working IS DISTINCT FROM s.working"""),
       "0", "every day is a working day in working_day exactly when govdx_calendar_span says so")
tap.eq(psql("""
    SELECT count(*) FROM (SELECT ordinal, count(*) FILTER (WHERE working) OVER (ORDER BY day) AS c
                          FROM working_day) x WHERE ordinal <> c"""),
       "0", "each day's ordinal is the number of working days from 2000-01-01 to it")

# Pairs: the fast functions against the span's definition. The days are
# spread over notice years (2024-2026), statute years and the table's ends.
PAIRS = """
    WITH d AS (SELECT date '2023-12-20' + (i * 37 % 1500) AS a, date '2023-12-20' + (i * 53 % 1500) AS b
               FROM generate_series(1, 400) i
               UNION ALL SELECT date '2000-01-01', date '2000-02-01'
               UNION ALL SELECT date '2000-01-02', date '2000-01-01'
               UNION ALL SELECT date '2100-12-01', date '2100-12-31'
               UNION ALL SELECT date '1999-12-01', date '2000-01-10'
               UNION ALL SELECT date '2100-12-20', date '2101-01-20'
               UNION ALL SELECT date '2026-12-25', date '2027-01-08')"""
tap.eq(psql(PAIRS + """
    SELECT count(*) FROM d WHERE govdx_working_days_between(a, b) <> CASE
        WHEN b >= a THEN (SELECT count(*)::integer FROM govdx_calendar_span(a + 1, b) s WHERE s.working)
        ELSE -greatest(1, (SELECT count(*)::integer FROM govdx_calendar_span(b, a - 1) s WHERE s.working)) END"""),
       "0", "govdx_working_days_between equals the span's count for 406 pairs, both ways, ends included")
tap.eq(psql(PAIRS + """
    , n AS (SELECT a, k FROM d, generate_series(0, 25, 5) k)
    SELECT count(*) FROM n WHERE govdx_add_working_days(a, k) <> coalesce(
        (SELECT max(s.day) FROM (SELECT day FROM govdx_calendar_span(a + 1, a + 60) WHERE working
                                 ORDER BY day LIMIT k) s), a)"""),
       "0", "govdx_add_working_days(d, n) is the n-th working day after d, for n = 0..25")
tap.eq(psql("""
    SELECT count(*) FROM generate_series(date '1999-12-25', date '2001-01-05', interval '1 day') g
    WHERE govdx_is_working_day(g::date) IS DISTINCT FROM
          (SELECT working FROM govdx_calendar_span(g::date, g::date))"""),
       "0", "govdx_is_working_day agrees with the span inside and before the table's years")
tap.eq(psql("SELECT govdx_add_working_days(date '2026-12-25', 10), "
            "govdx_working_days_between(date '2026-12-25', date '2027-01-11')"),
       "2027-01-11\t10",
       "10 working days from 2026-12-25 skip 元旦 2027 (the statute's day): 2027-01-11")

out = psql("""
BEGIN;
SELECT 'before', (SELECT working FROM working_day WHERE day = date '2090-06-07'),
       govdx_working_days_between(date '2090-06-01', date '2090-06-30');
INSERT INTO statutory_day (date, name) VALUES (date '2090-06-07', '测试');
SELECT 'after', (SELECT working FROM working_day WHERE day = date '2090-06-07'),
       govdx_working_days_between(date '2090-06-01', date '2090-06-30'),
       (SELECT count(*) FROM working_day w
        JOIN govdx_calendar_span(date '2090-01-01', date '2090-12-31') s USING (day)
        WHERE w.working IS DISTINCT FROM s.working);
ROLLBACK;
""")
rows = {r.split("\t")[0]: r.split("\t")[1:] for r in out.split("\n") if "\t" in r}
tap.ok(rows.get("before", [None])[0] == "t" and rows.get("after", [None])[0] == "f",
       "a statutory day added on a Thursday of 2090: working_day says it is no working day at once", out)
tap.ok(rows.get("before") and rows.get("after") and
       int(rows["after"][1]) == int(rows["before"][1]) - 1 and rows["after"][2] == "0",
       "June 2090 counts one working day less, and the whole year still agrees with the span", out)

workday = psql("SELECT date FROM calendar_day WHERE kind = 'workday' ORDER BY date LIMIT 1")
if workday and not workday.startswith("error"):
    out = psql(f"""
    BEGIN;
    DELETE FROM calendar_day WHERE date = date '{workday}';
    SELECT (SELECT working FROM working_day WHERE day = date '{workday}');
    ROLLBACK;
    """)
    tap.eq(out, "f", f"the notice's make-up working day {workday} removed: a weekend day again in working_day")
else:
    tap.skip("a make-up working day removed", "the calendar holds no notice's make-up working day")
tap.eq(psql("SELECT count(*) FROM working_day WHERE day = date '2090-06-07' AND NOT working"), "0",
       "the rollbacks left working_day as it was")

tap.done()
