#!/usr/bin/env python3
"""The working-day calendar in the database and `govdx-exchanged calendar import`.

Deadlines across the 2025 National Day holiday (10-01 to 10-08, make-up
working Sunday 09-28 and Saturday 10-11); the sign conventions of
govdx_working_days_between (working_days_left); per-platform deadline
settings inherited from ancestors; a new request's deadline and
working_days_left; the import refusing bad files with FILE:LINE and leaving
the table as it was, and replacing only the years a file lists.

Talks to the real database with psql (GOVDX_DB). Whatever it changes is
rolled back or removed again (a made-up year 2031 is imported and deleted,
its notice with it). The statute, provisional deadlines and their
recomputation: test_svc_calendar_statute.py.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, run_sql, env_or_skip  # noqa: E402

tap = Tap()
(DB,) = env_or_skip(tap, "GOVDX_DB")
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")
BIN = None
for cand in (os.path.join(os.environ.get("top_builddir", ""), "exchange-service/govdx-exchanged"),
             os.environ.get("GOVDX_EXCHANGED", ""), shutil.which("govdx-exchanged")):
    if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
        BIN = cand
        break
DEFAULT_CSV = os.path.join(TOP_SRC, "exchange-service/data/holidays-cn.csv")
TMP = tempfile.mkdtemp(prefix="govdx-cal-")


def psql(sql):
    """Runs SQL in one psql session (ON_ERROR_STOP); returns (rc, stdout, stderr)."""
    return run_sql(DB, sql, 60)


def q(sql):
    rc, out, err = psql(sql)
    if rc != 0:
        raise RuntimeError(err)
    return out


def one(sql):
    try:
        return q(sql)
    except RuntimeError as e:
        return f"error: {e}"


# ---- the default calendar, loaded by migrate ----------------------------------
rows = one("SELECT y || ':' || count(*) FROM (SELECT extract(year FROM date)::int AS y FROM calendar_day"
           " WHERE date BETWEEN '2024-01-01' AND '2026-12-31') d GROUP BY y ORDER BY y")
tap.eq(rows.split(), ["2024:36", "2025:33", "2026:39"], "migrate loaded the official calendar 2024-2026 (108 days)")
tap.eq(one("SELECT string_agg(date || ' ' || kind, ', ' ORDER BY date) FROM calendar_day"
           " WHERE date BETWEEN '2025-09-27' AND '2025-10-12'"),
       "2025-09-28 workday, 2025-10-01 holiday, 2025-10-02 holiday, 2025-10-03 holiday, 2025-10-04 holiday, "
       "2025-10-05 holiday, 2025-10-06 holiday, 2025-10-07 holiday, 2025-10-08 holiday, 2025-10-11 workday",
       "National Day 2025: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked")

# ---- working days -------------------------------------------------------------
for day, want, why in (("2025-09-28", "t", "the make-up Sunday 09-28"), ("2025-10-11", "t", "the make-up Saturday 10-11"),
                       ("2025-10-06", "f", "Monday 10-06 inside the holiday"), ("2025-10-12", "f", "the ordinary Sunday 10-12"),
                       ("2025-10-09", "t", "Thursday 10-09 after the holiday"), ("2025-09-27", "f", "the ordinary Saturday 09-27")):
    tap.eq(one(f"SELECT govdx_is_working_day('{day}')"), want, f"is_working_day: {why}")

for start, n, want, why in (
        ("2025-09-26", 1, "2025-09-28", "Friday + 1 is the make-up Sunday"),
        ("2025-09-30", 1, "2025-10-09", "the day before the holiday + 1 skips all of it"),
        ("2025-09-30", 3, "2025-10-11", "... + 3 lands on the make-up Saturday"),
        ("2025-09-25", 10, "2025-10-15", "a 10-working-day reply deadline across the holiday"),
        ("2025-10-10", 0, "2025-10-10", "+ 0 is the day itself")):
    tap.eq(one(f"SELECT govdx_add_working_days('{start}', {n})"), want, f"add_working_days({start}, {n}): {why}")

for a, b, want, why in (
        ("2025-09-25", "2025-10-15", "10", "10 working days ahead, across the holiday"),
        ("2025-10-15", "2025-10-15", "0", "0 on the deadline day"),
        ("2025-10-14", "2025-10-15", "1", "1 the working day before"),
        ("2025-09-30", "2025-10-09", "1", "the whole holiday counts as nothing"),
        ("2025-10-09", "2025-09-30", "-1", "first working day after a deadline before the holiday: -1"),
        ("2025-10-04", "2025-09-30", "-1", "a holiday after the deadline: already -1 (overdue)"),
        ("2025-10-13", "2025-10-09", "-3", "Monday after a Thursday deadline, across the make-up Saturday: -3"),
        ("2025-10-18", "2025-10-17", "-1", "the Saturday after a Friday deadline is overdue: -1"),
        ("2025-10-20", "2025-10-17", "-1", "so is the next Monday: -1"),
        ("2025-10-21", "2025-10-17", "-2", "and Tuesday: -2")):
    tap.eq(one(f"SELECT govdx_working_days_between('{a}', '{b}')"), want, f"working_days_between({a}, {b}): {why}")

# ---- settings and a new request's deadline --------------------------------------
out = one("BEGIN;"
          "INSERT INTO platform_setting (platform_code, reply_days) VALUES ('130000', 5);"
          "INSERT INTO platform_setting (platform_code, reply_days, verify_days) VALUES ('130100', 7, 3);"
          "SELECT govdx_setting('130102', 'reply_days') || ' ' || govdx_setting('130200', 'reply_days') || ' ' ||"
          " govdx_setting('330000', 'reply_days') || ' ' || govdx_setting('130102', 'coordination_days') || ' ' ||"
          " govdx_setting('130102', 'verify_days') || ' ' || govdx_setting('130000', 'verify_days');"
          "ROLLBACK;")
tap.eq(out, "7 5 10 10 3 5", "settings: nearest ancestor wins (county 7 from its city, another city 5 from the "
       "province), defaults 10/10/5 elsewhere")

# A conditional entry of hebei-approver's department, filed by hebei-official,
# in a transaction that is rolled back.
entry_sql = ("(SELECT e.code FROM entry e WHERE e.department_code ="
             " (SELECT department_code FROM app_user WHERE name = 'hebei-approver')"
             " AND e.sharing_type = 'conditional' ORDER BY e.code LIMIT 1)")
item_sql = (f"ARRAY[(SELECT t.items -> 0 ->> 'name' FROM entry e JOIN resource_template t ON t.id = e.template_id"
            f" WHERE e.code = {entry_sql})]")
create = (f"govdx_request_create('hebei-official', {entry_sql}, '日历测试', '《政务信息资源共享管理暂行办法》第九条',"
          f" {item_sql}, govdx_today(), govdx_today() + 180)")
# (Two statements: the STABLE govdx_request_json sees the statement's
# snapshot, which a create in the same statement is not part of.)
out = one("BEGIN;"
          f"CREATE TEMP TABLE new_req AS SELECT {create} AS id;"
          "SELECT j ->> 'deadline' = govdx_add_working_days(govdx_today(), 10)::text, j ->> 'working_days_left',"
          " j ->> 'due_soon', j ->> 'overdue' FROM (SELECT govdx_request_json(id) AS j FROM new_req) x;"
          "ROLLBACK;")
tap.eq(out.split("|"), ["t", "10", "false", "false"],
       "a new request: deadline = 10 working days from today (Beijing), working_days_left 10, neither due soon nor overdue")
out = one("BEGIN;"
          "INSERT INTO platform_setting (platform_code, reply_days) VALUES ('130000', 2);"
          f"CREATE TEMP TABLE new_req AS SELECT {create} AS id;"
          "SELECT j ->> 'working_days_left', j ->> 'due_soon' FROM (SELECT govdx_request_json(id) AS j FROM new_req) x;"
          "ROLLBACK;")
tap.eq(out.split("|"), ["2", "true"], "with reply_days 2 for 河北: working_days_left 2 and due soon")

# ---- calendar import ----------------------------------------------------------
DIGEST = "SELECT md5(coalesce(string_agg(date || kind || name, ',' ORDER BY date), '')) FROM calendar_day"


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def cal_import(path):
    e = dict(os.environ)
    return subprocess.run([BIN, "calendar", "import", path, "--db", DB], capture_output=True, text=True,
                          timeout=60, env=e)


if not BIN:
    tap.skip("calendar import", "govdx-exchanged is not built (set top_builddir)")
else:
    before = one(DIGEST)
    bad_files = (
        ("bad-date.csv", "date,kind,name\n2031-01-01,holiday,元旦\n2031-02-03,holiday,春节\n2031-02-30,holiday,春节\n",
         4, "no date"),
        ("bad-kind.csv", "2031-01-01,holiday,元旦\n2031-05-01,vacation,劳动节\n", 2, "neither holiday nor workday"),
        ("weekday-workday.csv", "2031-01-01,holiday,元旦\n# comment\n\n2031-01-02,workday,元旦\n", 4, "weekday"),
        ("duplicate.csv", "date,kind,name\n2031-01-01,holiday,元旦\n2031-01-01,holiday,元旦\n", 3, "twice"),
        ("fields.csv", "2031-01-01,holiday\n", 1, "3 fields"),
        ("quote.csv", "2031-01-01,holiday,\"元旦\n", 1, "broken field"),
        ("latin1.csv", None, 1, "UTF-8"),
    )
    for name, text, line, words in bad_files:
        if text is None:
            path = os.path.join(TMP, name)
            with open(path, "wb") as f:
                f.write("2031-01-01,holiday,元旦\n".encode("gb18030"))
        else:
            path = write(name, text)
        p = cal_import(path)
        msg = p.stderr.strip()
        where = f"{path}:{line}:" if words != "UTF-8" else path
        tap.ok(p.returncode == 1 and where in msg and words in msg and len(msg.splitlines()) == 1,
               f"import refuses {name}: exit 1, one line naming {'line %d' % line if words != 'UTF-8' else 'the file'}",
               (p.returncode, msg))
    p = cal_import(write("many.csv", "2031-13-01,holiday,x\n2031-01-01,holiday,元旦\nnope\nalso,bad,x\n"))
    tap.ok(p.returncode == 1 and ":1:" in p.stderr and "2 more bad lines" in p.stderr
           and "nothing was imported" in p.stderr,
           "several bad lines: the first is named, the others counted, nothing imported", p.stderr)
    tap.eq(one(DIGEST), before, "after the refused files the calendar is unchanged")

    # A good file for a made-up year: only that year changes; then it goes.
    # A notice gives every statutory day off, so the file starts with the
    # statutory days of 2031 (computed by the service, tested in
    # test-svc-statute.c), then a make-up Saturday with a quoted name.
    statute_2031 = "\r\n".join(one("SELECT date || ',holiday,' || name FROM statutory_day"
                                   " WHERE date BETWEEN '2031-01-01' AND '2031-12-31' ORDER BY date").splitlines())
    tap.eq(len(statute_2031.split("\r\n")), 12, "2031 has 12 statutory days (中秋 falls on 10-01, inside 国庆)")
    p = cal_import(write("y2031.csv", "date,kind,name\r\n" + statute_2031 + "\r\n2031-01-04,workday,\"元旦, 调休\"\r\n"))
    tap.ok(p.returncode == 0 and "2031" in p.stdout, "a good file for 2031 imports (CRLF, a quoted name with a comma)",
           (p.returncode, p.stdout, p.stderr))
    tap.eq(one("SELECT count(*) FILTER (WHERE kind = 'holiday') || ' ' || string_agg(date || ' ' || name, '; ')"
               " FILTER (WHERE kind = 'workday') FROM calendar_day WHERE date >= '2031-01-01' AND date < '2032-01-01'"),
           "12 2031-01-04 元旦, 调休", "2031 holds exactly the file's rows")
    tap.eq(one("SELECT govdx_is_working_day('2031-01-04') || ' ' || govdx_is_working_day('2031-01-01')"), "true false",
           "Saturday 2031-01-04 became a working day, Wednesday 2031-01-01 a day off")
    p = cal_import(write("y2031b.csv", statute_2031.replace("\r\n", "\n") + "\n2031-10-06,holiday,国庆节\n"))
    tap.eq(one("SELECT count(*) || ' ' || max(date) FROM calendar_day WHERE date >= '2031-01-01'"),
           "13 2031-10-06", "importing 2031 again replaces the whole year")
    one("DELETE FROM calendar_day WHERE date >= '2031-01-01' AND date < '2032-01-01';"
        "DELETE FROM calendar_notice WHERE year = 2031")

    p = cal_import(DEFAULT_CSV)
    tap.ok(p.returncode == 0 and "108 days for 2024, 2025, 2026" in p.stdout,
           "re-importing the default file replaces 2024-2026", (p.stdout, p.stderr))
    tap.eq(one(DIGEST), before, "and leaves the calendar as it was")
    p = subprocess.run([BIN, "calendar", "export", "x"], capture_output=True, text=True, timeout=30)
    tap.ok(p.returncode == 2 and "import FILE" in p.stderr, "an unknown calendar subcommand is a usage error (exit 2)",
           (p.returncode, p.stderr))

shutil.rmtree(TMP, ignore_errors=True)
tap.done()
