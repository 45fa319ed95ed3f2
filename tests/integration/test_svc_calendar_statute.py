#!/usr/bin/env python3
"""Working days of a year whose holiday notice is not imported: the statute.

The first year from today on without an imported notice (2027 while the
shipped calendar ends in 2026) is counted by the statute alone: its
statutory holidays (computed by the service, statute.c) and weekends are
days off. A request whose deadline reaches into it gets a provisional
deadline (deadline_provisional, deadline_basis "statute") that skips the
statutory days; GET /v1/calendar says each day's source; GET /v1/health
and the service's log warn from 1 December. Importing a notice for that year is checked against
the statute (a missing statutory day, a statutory day made a workday are
refused, naming the date), recomputes the request's deadline from the same
start and working-day count, bumps its version and writes audit events for
the import and the change.

Cleans up what it changes: the test notice is removed again (and the
deadlines recomputed back, which is checked too), the request withdrawn,
the platform setting restored; an objection's deadline is tried in a
transaction that is rolled back. Needs GOVDX_URL, GOVDX_TOKENS, GOVDX_DB and
psql; skips without them.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, token, users, wait_until  # noqa: E402

tap = Tap()
URL, TOKENS, DB = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS", "GOVDX_DB")
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")
BIN = None
for cand in (os.path.join(os.environ.get("top_builddir", ""), "exchange-service/govdx-exchanged"),
             os.environ.get("GOVDX_EXCHANGED", ""), shutil.which("govdx-exchanged")):
    if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
        BIN = cand
        break
if not BIN:
    tap.skip_all("govdx-exchanged is not built (set top_builddir)")
USERS = {u["user"]: u for u in users()}
T = {name: token(name) for name in ("guangdong-official", "guangdong-approver", "guangdong-admin")}
TMP = tempfile.mkdtemp(prefix="govdx-statute-")
D1 = datetime.timedelta(days=1)


def q(sql):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", DB],
                       input=sql, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip())
    return p.stdout.strip()


def day(s):
    return datetime.date.fromisoformat(s)


def get(path, user="guangdong-official"):
    return api("GET", path, tok=T[user])


def cal_import(text):
    path = os.path.join(TMP, "notice.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path, subprocess.run([BIN, "calendar", "import", path, "--db", DB], capture_output=True,
                                text=True, timeout=120)


TODAY = day(q("SELECT govdx_today()"))
Y = int(q("SELECT min(y) FROM generate_series(extract(year FROM govdx_today())::int, 2100) y"
          " WHERE NOT EXISTS (SELECT 1 FROM calendar_notice n WHERE n.year = y)"))
STATUTE = [(day(d), n) for d, n in (r.split("|") for r in q(
    f"SELECT date, name FROM statutory_day WHERE extract(year FROM date) = {Y} ORDER BY date").splitlines())]


def expected_deadline(start, n, notice_years):
    """The n-th working day after start, counted here from the tables' data:
    a notice year by its listed days, any other year by the statute."""
    listed = {day(d): k for d, k in (r.split("|") for r in q(
        "SELECT date, kind FROM calendar_day").splitlines())}
    statute = {day(d) for d in q("SELECT date FROM statutory_day").splitlines()}
    x = start
    while n > 0:
        x += D1
        if x.year in notice_years:
            working = listed.get(x, "workday" if x.weekday() < 5 else "holiday") == "workday"
        else:
            working = x.weekday() < 5 and x not in statute
        n -= working
    return x


# ---- the statute in the database --------------------------------------------------
tap.ok(len(STATUTE) in (12, 13) and STATUTE[0] == (datetime.date(Y, 1, 1), "元旦"),
       f"statutory_day holds {Y}: 12 or 13 days from 元旦 on", STATUTE)
if Y == 2027:
    tap.eq([(d.isoformat(), n) for d, n in STATUTE if n in ("春节", "清明节", "端午节", "中秋节")],
           [("2027-02-05", "春节"), ("2027-02-06", "春节"), ("2027-02-07", "春节"), ("2027-02-08", "春节"),
            ("2027-04-05", "清明节"), ("2027-06-09", "端午节"), ("2027-09-15", "中秋节")],
           "2027: 除夕 02-05 to 初三 02-08, 清明 04-05, 端午 06-09, 中秋 09-15")
    tap.eq(q("SELECT govdx_add_working_days('2026-12-25', 10) || ' ' || govdx_is_working_day('2027-01-01')"
             " || ' ' || govdx_is_working_day('2027-01-04')"),
           "2027-01-11 false true", "filed 2026-12-25, 10 working days: 2027-01-11, 元旦 2027-01-01 not counted")
tap.eq(q(f"SELECT string_agg(DISTINCT source, ',') FROM govdx_calendar_span('{Y}-01-01', '{Y}-12-31')"), "statute",
       f"every day of {Y} comes from the statute")
tap.eq(q(f"SELECT govdx_calendar_warning('{Y - 1}-11-30') IS NULL, govdx_calendar_warning('{Y - 1}-12-01') LIKE"
         f" 'the {Y} holiday notice is not imported%', govdx_calendar_warning('{Y}-03-01') LIKE 'the {Y} %'")
       if q(f"SELECT count(*) FROM calendar_notice WHERE year = {Y - 1}") == "1" else "t|t|t", "t|t|t",
       f"the calendar warning: not on {Y - 1}-11-30, from {Y - 1}-12-01 on, and in {Y} itself")

# ---- GET /v1/calendar and /v1/health ------------------------------------------------
r = get(f"/v1/calendar?from={Y - 1}-12-31&to={Y}-01-31")
j = r.json or {}
tap.ok(r.status == 200 and j.get("years") == [
           {"year": Y - 1, "source": "notice" if q(f"SELECT count(*) FROM calendar_notice WHERE year = {Y - 1}") == "1"
            else "statute", "imported_at": j["years"][0]["imported_at"]},
           {"year": Y, "source": "statute", "imported_at": None}]
       and {"date": f"{Y}-01-01", "kind": "holiday", "name": "元旦", "source": "statute"} in j.get("items", []),
       f"/v1/calendar: {Y} from the statute (元旦 listed with source statute), per year", r)
r = get("/v1/calendar?from=2026-09-20&to=2026-10-10")
tap.ok(r.status == 200 and len(r.json["items"]) > 5 and all(i["source"] == "notice" for i in r.json["items"])
       and {"date": "2026-09-20", "kind": "workday", "name": "国庆节", "source": "notice"} in r.json["items"],
       "/v1/calendar: 2026 from its notice, make-up day included", r)
warn_now = q("SELECT govdx_calendar_warning() IS NOT NULL") == "t"
h = api("GET", "/v1/health").json or {}
tap.ok(h.get("calendar", {}).get("status") == ("warning" if warn_now else "ok")
       and (not warn_now or f"{Y} holiday notice is not imported" in h["calendar"].get("warning", "")),
       f"/v1/health: calendar {'warning about ' + str(Y) if warn_now else 'ok'}", h)

log = os.path.join(os.environ.get("GOVDX_STATE", ""), "service.log")
if not os.environ.get("GOVDX_STATE") or not os.path.isfile(log):
    tap.skip("the service's log warns", "no GOVDX_STATE/service.log")
else:
    def logged():
        with open(log, encoding="utf-8", errors="replace") as f:
            return f"warning: the {Y} holiday notice is not imported" in f.read()
    tap.ok(wait_until(logged, timeout=10) if warn_now else not logged(),
           f"the service's log {'warns of' if warn_now else 'says nothing of'} the {Y} notice", log)

# ---- a request whose deadline reaches into year Y ------------------------------------
# D: the first statutory weekday of Y after today; the reply deadline is set
# 6 working days past it, by a reply_days setting on the provider's platform.
D = next(d for d, _ in STATUTE if d > TODAY and d.weekday() < 5)
prov_dept = USERS["guangdong-approver"]["department"]
plat = prov_dept[:6]
old_setting = q(f"SELECT coalesce(reply_days::text, 'null') FROM platform_setting WHERE platform_code = '{plat}'")
N = int(q(f"SELECT govdx_working_days_between(govdx_today(), '{D}')")) + 6
entry = q(f"SELECT code FROM entry WHERE department_code = '{prov_dept}' AND sharing_type = 'conditional'"
          " ORDER BY code LIMIT 1")
item = q(f"SELECT t.items -> 0 ->> 'name' FROM entry e JOIN resource_template t ON t.id = e.template_id"
         f" WHERE e.code = '{entry}'")
# ---- an objection's deadline, in a transaction that is rolled back --------------
# A verifying objection given a verification deadline of N working days from
# today (past D): provisional; a notice for Y (imported as the import does
# it, in SQL) recomputes it, bumps its version and writes its audit event.
oid = q("SELECT id FROM objection WHERE state = 'verifying' ORDER BY id LIMIT 1")
if not oid or N > 365:
    tap.skip("an objection's provisional deadline", "no verifying objection in the database")
else:
    sat_o = next(d for d in (D + i * D1 for i in range(1, 15)) if d.weekday() == 5)
    rows_sql = ", ".join(f"('{d}', 'holiday', '{n}')" for d, n in STATUTE)
    out = q("BEGIN;"
            f"UPDATE objection SET deadline = govdx_add_working_days(govdx_today(), {N}),"
            f" deadline_from = govdx_today(), deadline_days = {N} WHERE id = '{oid}';"
            f"SELECT j ->> 'deadline', j ->> 'deadline_provisional', j ->> 'deadline_basis', j ->> 'version'"
            f" FROM govdx_objection_json('{oid}') j;"
            f"INSERT INTO calendar_day (date, kind, name) VALUES {rows_sql}, ('{sat_o}', 'workday', '测试调休');"
            f"SELECT govdx_calendar_imported(ARRAY[{Y}], 'test', true) >= 1;"
            f"SELECT j ->> 'deadline', j ->> 'deadline_provisional', j ->> 'deadline_basis', j ->> 'version'"
            f" FROM govdx_objection_json('{oid}') j;"
            f"SELECT action || '|' || from_state || '|' || to_state || '|' || reason FROM audit_event"
            f" WHERE subject = 'objection:{oid}' ORDER BY seq DESC LIMIT 1;"
            "ROLLBACK;").splitlines()
    before = out[0].split("|") if out else []
    after = out[2].split("|") if len(out) > 2 else []
    tap.ok(len(before) == 4 and before[1] == "true" and before[2] == "statute",
           f"an objection whose verification deadline reaches past {D}: provisional, basis statute", out)
    tap.ok(len(after) == 4 and out[1] == "t" and after[0] < before[0] and after[1] == "false"
           and after[2] == "notice" and int(after[3]) == int(before[3]) + 1,
           f"the {Y} notice recomputes it ({before[0] if before else '?'} → {after[0] if after else '?'}), "
           "basis notice, version bumped", out)
    tap.ok(len(out) > 3 and out[3].startswith("deadline_recomputed|verifying|verifying|deadline ")
           and f"the {Y} holiday notice was imported" in out[3],
           "and writes the objection's audit event", out)

rid = None
notice_imported = False
try:
    if N > 365:
        raise RuntimeError(f"{D} is more than a year of working days away")
    q(f"INSERT INTO platform_setting (platform_code, reply_days) VALUES ('{plat}', {N})"
      " ON CONFLICT (platform_code) DO UPDATE SET reply_days = excluded.reply_days")
    r = api("POST", "/v1/requests", tok=T["guangdong-official"],
            body={"entry_code": entry, "purpose": "法定节假日期限测试", "legal_basis": "《全国年节及纪念日放假办法》",
                  "items": [item], "period": {"from": TODAY.isoformat(), "to": (TODAY + 180 * D1).isoformat()}})
    req = r.json if r.status == 201 else {}
    rid = req.get("id")
    notice_years = {int(y) for y in q("SELECT year FROM calendar_notice").split()}
    want = expected_deadline(TODAY, N, notice_years)
    tap.ok(r.status == 201 and req.get("deadline") == want.isoformat() and day(req["deadline"]) > D
           and req.get("working_days_left") == N,
           f"a request with reply_days {N}: deadline {want}, {N} working days counted past {D} (a statutory "
           "day off)", r)
    tap.ok(req.get("deadline_provisional") is True and req.get("deadline_basis") == "statute"
           and Y in req.get("deadline_statute_years", []),
           f"its deadline is provisional: basis statute, {Y} counted by the statute", req)
    tap.ok(want != expected_deadline(TODAY, N, notice_years | {Y}),
           f"(the count differs from one that treats {D} as an ordinary working day)")

    # ---- refused notices ------------------------------------------------------------
    rows = [f"{d},holiday,{n}" for d, n in STATUTE]
    digest = q("SELECT md5(coalesce(string_agg(date || kind || name, ',' ORDER BY date), '')) FROM calendar_day"
               " UNION ALL SELECT count(*)::text FROM calendar_notice")
    path, p = cal_import("date,kind,name\n" + "\n".join(x for x in rows if not x.startswith(D.isoformat())) + "\n")
    tap.ok(p.returncode == 1 and f"{D.isoformat()}" in p.stderr and "statutory holiday" in p.stderr
           and "nothing was imported" in p.stderr,
           f"a {Y} notice without the statutory day {D} is refused, naming it", p.stderr)
    bad = [x if not x.startswith(D.isoformat()) else f"{D},workday,调休" for x in rows]
    path, p = cal_import("\n".join(bad) + "\n")
    line = 1 + [x.startswith(D.isoformat()) for x in bad].index(True)
    tap.ok(p.returncode == 1 and f"{path}:{line}:" in p.stderr and D.isoformat() in p.stderr,
           f"a notice making {D} a workday is refused, naming the line", p.stderr)
    sat = next(d for d in (D + i * D1 for i in range(1, 15)) if d.weekday() == 5)
    path, p = cal_import("\n".join(rows) + f"\n{sat + 2 * D1},workday,调休\n")
    tap.ok(p.returncode == 1 and "weekday" in p.stderr and (sat + 2 * D1).isoformat() in p.stderr,
           "a make-up workday on a Monday is refused", p.stderr)
    tap.eq(q("SELECT md5(coalesce(string_agg(date || kind || name, ',' ORDER BY date), '')) FROM calendar_day"
             " UNION ALL SELECT count(*)::text FROM calendar_notice"), digest,
           "the refused files changed nothing")

    # ---- the notice comes: the deadline is recomputed ---------------------------------
    # A test notice: the statutory days and one make-up Saturday inside the
    # request's span, which brings its deadline one working day earlier.
    path, p = cal_import("date,kind,name\n" + "\n".join(rows) + f"\n{sat},workday,测试调休\n")
    notice_imported = p.returncode == 0
    tap.ok(p.returncode == 0 and f"for {Y} from" in p.stdout and "recomputed" in p.stdout,
           f"a good {Y} notice imports", (p.stdout, p.stderr))
    r = get(f"/v1/requests/{rid}")
    new = r.json or {}
    want2 = expected_deadline(TODAY, N, notice_years | {Y})
    tap.ok(r.status == 200 and new.get("deadline") == want2.isoformat() and want2 < want
           and new.get("deadline_provisional") is False and new.get("deadline_basis") == "notice"
           and new.get("deadline_statute_years") == [] and new.get("version") == req.get("version", 0) + 1
           and new.get("working_days_left") == N,
           f"the import recomputed the deadline: {want} → {want2} ({N} working days with Saturday {sat} worked), "
           "basis notice, version bumped", r)
    ev = (get(f"/v1/audit?subject=request:{rid}").json or {}).get("items", [])
    last = ev[-1] if ev else {}
    tap.ok(last.get("action") == "deadline_recomputed" and last.get("actor") == "system"
           and last.get("from_state") == "pending" and last.get("to_state") == "pending"
           and f"{want} → {want2}" in (last.get("reason") or "") and f"{Y}" in last.get("reason", ""),
           "an audit event of the request says the deadline changed, from what to what", last)
    ev = (get(f"/v1/audit?subject=calendar:{Y}").json or {}).get("items", [])
    last = ev[-1] if ev else {}
    tap.ok(last.get("action") == "calendar_import" and last.get("from_state") == "statute"
           and last.get("to_state") == "notice" and path in (last.get("reason") or ""),
           f"the import is an audit event of calendar:{Y} (statute → notice, naming the file)", last)
    v = (api("GET", "/v1/audit/verify", tok=T["guangdong-admin"]).json or {})
    tap.ok(v.get("ok") is True, "the audit chain verifies", v)
    r = get(f"/v1/calendar?from={Y}-01-01&to={Y}-01-10")
    tap.ok(r.status == 200 and r.json["years"][0]["source"] == "notice" and r.json["years"][0]["imported_at"]
           and all(i["source"] == "notice" for i in r.json["items"]),
           f"/v1/calendar: {Y} now from its notice", r)
finally:
    if notice_imported:
        q(f"BEGIN; DELETE FROM calendar_day WHERE extract(year FROM date) = {Y};"
          f"DELETE FROM calendar_notice WHERE year = {Y};"
          f"SELECT govdx_calendar_recompute(ARRAY[{Y}], 'system', 'the test notice of {Y} was removed'); COMMIT")
    if rid:
        r = get(f"/v1/requests/{rid}")
        if notice_imported:
            tap.ok(r.status == 200 and r.json.get("deadline") == want.isoformat()
                   and r.json.get("deadline_provisional") is True,
                   f"with the test notice removed the deadline is recomputed back to {want}, provisional", r)
        if r.status == 200:
            api("POST", f"/v1/requests/{rid}/transitions", tok=T["guangdong-official"],
                body={"action": "withdraw"}, headers={"If-Match": f'"{r.json["version"]}"'})
    if old_setting == "":
        q(f"DELETE FROM platform_setting WHERE platform_code = '{plat}'")
    else:
        q(f"UPDATE platform_setting SET reply_days = {old_setting} WHERE platform_code = '{plat}'")
    shutil.rmtree(TMP, ignore_errors=True)

tap.eq(q(f"SELECT count(*) FROM calendar_notice WHERE year = {Y}"), "0", f"{Y} has no notice again")
tap.done()
