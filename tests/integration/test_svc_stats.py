#!/usr/bin/env python3
"""The supervision figures (GET /v1/stats, /v1/stats/unmet, issue 14).

- A hand-checked fixture in a department of 长沙市 (430100), a platform the
  demo seed and the other tests file no requests in: six requests whose
  pending spans are replayed through the span trigger's own function with
  dates around 中秋 and 国庆 2026 (holidays, and the make-up working day
  2026-10-10), so the working days, deadlines and lateness are the
  calendar's. Every figure of by=department, by=month, by=entry, weekly
  and not_held is compared with the values worked out by hand below. The
  fixture lives in one transaction that is rolled back: the figures are
  read there through govdx_stats_answer, the function the service calls
  (its requests have no audit events, and nobody else ever sees them).
- Live, in a department of 湖南省 (430000) with users of its own: a reject
  with the ground not_held (shown as refusal_ground, counted in not_held),
  an unknown ground and a ground on approve refused (400), a return,
  resubmit and approve (two decisions), an objection accepted (accepted,
  one day disputed); figures compared with a baseline read first, so
  earlier runs on the same database do not matter. The audit chain still
  verifies.
- Unmet searches: a nonsense search twice (different case and spacing) is
  one query counted twice; a search that finds something, or one narrowed
  by sharing=, is not logged; a row older than the retention is purged by
  the next new row.
- Scope: the approver sees their department only; an authority of another
  province gets 404 for this one, and for a platform outside its own
  subtree; an official 403. Parameter errors: 400 naming the parameter.

Needs GOVDX_URL, GOVDX_DB, GOVDX_TOKENS and the built govdx-exchanged (for
the users' tokens).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, exchanged_or_skip, token  # noqa: E402

tap = Tap()
url, db = env_or_skip(tap, "GOVDX_URL", "GOVDX_DB", "GOVDX_TOKENS")[:2]
BIN = exchanged_or_skip(tap)
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")
TMP = tempfile.mkdtemp(prefix="govdx-stats-")
PREFIX = "stats-test-"


def sql(statement):
    p = subprocess.run(["psql", "-X", "-q", "-tA", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", db],
                       input=statement, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(p.stderr)
    return p.stdout.strip()


def q(path, **params):
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def get(user_tok, path, **params):
    return api("GET", q(path, **params), tok=user_tok)


def by_code(rows, key="department_code"):
    return {r[key]: r for r in rows}


# ---- departments, entries, users ---------------------------------------------
# Everything the test reads of the directory, in one psql run (each run
# costs a connection).
FACTS = sql("""
    WITH d1 AS (SELECT e.department_code AS code FROM entry e JOIN resource_template t ON t.id = e.template_id
                WHERE e.code > '430000' AND e.code < '430001' AND e.sharing_type = 'conditional'
                  AND jsonb_array_length(t.items) > 0 GROUP BY 1 ORDER BY 1 LIMIT 1),
         d2 AS (SELECT e.department_code AS code FROM entry e WHERE e.code > '430100' AND e.code < '430101'
                GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 LIMIT 1),
         r AS (SELECT code FROM department WHERE code LIKE '440000%' ORDER BY code LIMIT 1),
         e2 AS (SELECT e.code, e.name, row_number() OVER (ORDER BY e.code) AS i FROM entry e, d2
                WHERE e.code > d2.code || '-' AND e.code < d2.code || '.' ORDER BY e.code LIMIT 2),
         c1 AS (SELECT e.code, e.name, t.items -> 0 ->> 'name' AS item
                FROM entry e JOIN resource_template t ON t.id = e.template_id, d1
                WHERE e.code > d1.code || '-' AND e.code < d1.code || '.' AND e.sharing_type = 'conditional'
                  AND jsonb_array_length(t.items) > 0 ORDER BY e.code LIMIT 1)
    SELECT d1.code, d2.code, r.code, (SELECT code FROM e2 WHERE i = 1), (SELECT code FROM e2 WHERE i = 2),
           c1.code, c1.item, c1.name, govdx_today(), govdx_today() + 180, govdx_today() - 364,
           (SELECT name FROM platform WHERE code = '430100'), (SELECT name FROM department WHERE code = d2.code),
           (SELECT name FROM e2 WHERE i = 1), govdx_setting('430100', 'reply_days')
    FROM d1, d2, r, c1""").split("\t")
if len(FACTS) != 15:
    tap.skip_all(f"the directory lacks the departments and entries the fixture needs ({FACTS!r})")
(D1, D2, R, E1, E2, C1, C1_ITEM, C1_NAME, TODAY, IN_180, BACK_364, CHANGSHA, D2_NAME, E1_NAME,
 REPLY_DAYS) = FACTS

USERS = {"authority": ("authority", D1), "approver": ("approver", D1), "approver2": ("approver", D2),
         "helpdesk": ("helpdesk", D1), "official": ("official", R)}


def drop_users():
    names = ",".join(f"'{PREFIX}{n}'" for n in USERS)
    sql(f"DELETE FROM api_token WHERE user_name IN ({names}); DELETE FROM app_user WHERE name IN ({names})")


def make_users():
    toks = {}
    for n, (role, dept) in USERS.items():
        p = subprocess.run([BIN, "user", "add", PREFIX + n, "--role", role, "--department", dept, "--db", db],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError(p.stdout + p.stderr)
        path = os.path.join(TMP, n + ".token")
        p = subprocess.run([BIN, "token", "issue", PREFIX + n, "--out", path, "--db", db],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError(p.stdout + p.stderr)
        with open(path) as f:
            toks[n] = f.read().strip()
    return toks


# ---- the fixture in D2 ---------------------------------------------------------
# (request, entry, created/pending since, [(action, day)], state now, deadline now)
# Deadlines are 10 working days (the default reply_days; checked below).
# Calendar 2026: 中秋 09-25..27 off, 国庆 10-01..07 off, 10-10 (Sat) worked.
#  F1 E1 since 09-28 Mon -> deadline 10-16; approved 10-09: days 4 (09-29, 09-30, 10-08, 10-09)
#  F2 E1 since 09-24 Thu -> deadline 10-15; refused (not_held) 10-20: days 13, late
#  F3 E2 since 09-01 Tue, returned 09-01 (days 0); resubmitted 09-03 -> deadline 09-17,
#     approved 09-16: days 9
#  F4 E2 since 10-12 Mon -> deadline 10-26; still pending: open, overdue
#  F5 E2 since 10-30 Fri, withdrawn 10-30: received, no decision
#  F6 E1 since 08-20 Thu -> deadline 09-03; refused (other) 09-02: days 9 (08-21,
#     08-24..28, 08-31, 09-01, 09-02)
FIXTURE = [
    ("F1", "E1", "2026-09-28", [("approve", "2026-10-09")], "approved", None, None),
    ("F2", "E1", "2026-09-24", [("reject", "2026-10-20")], "rejected", None, "not_held"),
    ("F3", "E2", "2026-09-01", [("return", "2026-09-01"), ("resubmit", "2026-09-03"),
                                ("approve", "2026-09-16")], "approved", None, None),
    ("F4", "E2", "2026-10-12", [], "pending", "2026-10-26", None),
    ("F5", "E2", "2026-10-30", [("withdraw", "2026-10-30")], "withdrawn", None, None),
    ("F6", "E1", "2026-08-20", [("reject", "2026-09-02")], "rejected", None, "other"),
]
STATE_AFTER = {"approve": ("pending", "approved"), "reject": ("pending", "rejected"),
               "return": ("pending", "returned"), "resubmit": ("returned", "pending"),
               "withdraw": ("pending", "withdrawn")}


def fixture_sql():
    """The fixture as SQL, for one transaction that is rolled back: its
    requests have no audit events, and nobody else ever sees them."""
    out = []
    for name, entry, since, steps, state, deadline, ground in FIXTURE:
        code = E1 if entry == "E1" else E2
        out.append(f"""
            INSERT INTO request (state, entry_code, provider_department, requester_department,
                                 requester_user, purpose, legal_basis, items, period_from, period_to,
                                 deadline, created_at, refusal_ground)
            VALUES ('{state}', '{code}', '{D2}', '{R}', '{PREFIX}fixture', '统计测试', '统计测试依据',
                    ARRAY['x'], '2026-01-01', '2026-12-31',
                    {f"'{deadline}'" if deadline else 'NULL'},
                    timestamp '{since} 10:00' AT TIME ZONE 'Asia/Shanghai',
                    {f"'{ground}'" if ground else 'NULL'})
            RETURNING id AS {name} \\gset""")
        # The events, replayed through the span trigger's own function (seq:
        # any number unique per request; at: 10:00 China time of the day).
        events = [("submit", since, None, "pending")] + [(a, d, *STATE_AFTER[a]) for a, d in steps]
        for k, (action, day, frm, to) in enumerate(events):
            out.append(f"""SELECT govdx_request_span_apply({k + 1},
                timestamp '{day} 10:00' AT TIME ZONE 'Asia/Shanghai', 'request:' || :'{name.lower()}',
                '{action}', {f"'{frm}'" if frm else 'NULL'}, '{to}') \\g /dev/null""")
    out.append(f"""INSERT INTO objection (state, entry_code, kind, description, provider_department,
                                          raiser_department, raiser_user, created_at)
            VALUES ('raised', '{E2}', 'other', '统计测试', '{D2}', '{R}', '{PREFIX}fixture',
                    timestamp '2026-09-10 10:00' AT TIME ZONE 'Asia/Shanghai');""")
    return "\n".join(out)


def in_fixture(calls):
    """The answers of SQL expressions (jsonb) with the fixture in place, in
    one transaction rolled back."""
    text = "BEGIN;\n" + fixture_sql() + "\n" + "\n".join(
        f"SELECT 'OUT ' || ({c})::text;" for c in calls) + "\nROLLBACK;\n"
    out = [ln[4:] for ln in sql(text).split("\n") if ln.startswith("OUT ")]
    return [json.loads(x) for x in out]


PERIOD = {"from": "2026-09-01", "to": "2026-10-31"}
D2_ROW = {"received": 5, "decided": 5, "approved": 2, "refused": 2, "returned": 1,
          "approved_share": 0.4, "refused_share": 0.4, "returned_share": 0.2,
          "median_days": 9, "p90_days": 11.4, "decided_late": 1, "open": 1, "overdue": 1}
MONTHS = [
    {"month": "2026-09", "received": 3, "decided": 3, "approved": 1, "refused": 1, "returned": 1,
     "decided_late": 0, "median_days": 9, "p90_days": 9},
    {"month": "2026-10", "received": 2, "decided": 2, "approved": 1, "refused": 1, "returned": 0,
     "decided_late": 1, "median_days": 8.5, "p90_days": 12.1},
]
WEEKS = [("2026-08-31", 2, 0), ("2026-09-07", 0, 0), ("2026-09-14", 1, 0), ("2026-09-21", 0, 0),
         ("2026-09-28", 0, 0), ("2026-10-05", 1, 0), ("2026-10-12", 0, 1), ("2026-10-19", 1, 0),
         ("2026-10-26", 0, 1)]


def figures(row, keys):
    return {k: (float(row[k]) if isinstance(row.get(k), (int, float)) and k.endswith(("days", "share"))
                else row.get(k)) for k in keys}


def stats(user, platform=None, by="department", sort="code", limit=200):
    pl = f"'{platform}'" if platform else "NULL"
    return (f"govdx_stats_answer('stats', '{PREFIX}{user}', {pl}, '{PERIOD['from']}', '{PERIOD['to']}', "
            f"'{by}', '{sort}', {limit})")


def check_fixture():
    unmet = (f"govdx_stats_answer('unmet', '{PREFIX}approver2', NULL, '{PERIOD['from']}', "
             f"'{PERIOD['to']}', NULL, NULL, 200)")
    doc, m, e, e1, p, u = in_fixture([
        stats("authority", "430100"), stats("authority", "430100", "month", "late"),
        stats("authority", "430100", "entry", "requests"), stats("authority", "430100", "entry", limit=1),
        stats("approver2", "000000"), unmet])
    tap.eq(doc.get("scope"), {"kind": "platform", "platform_code": "430100",
                              "platform_name": CHANGSHA,
                              "department_code": None, "department_name": None},
           "the scope is the platform asked for")
    tap.eq((doc.get("from"), doc.get("to"), doc.get("by")), ("2026-09-01", "2026-10-31", "department"),
           "the period and by are echoed")
    rows = by_code(doc.get("rows", []))
    tap.eq(list(rows), [D2], "长沙市 has one department with requests: the fixture's")
    tap.eq(figures(rows.get(D2, {}), D2_ROW), D2_ROW,
           "every figure of the department row is the hand-checked one (holidays counted)")
    tap.eq(rows.get(D2, {}).get("department_name"), D2_NAME,
           "the row names the department")
    totals = {k: v for k, v in D2_ROW.items() if not k.endswith("share")}
    tap.eq(figures(doc.get("totals", {}), totals), totals, "the totals are the one department's")
    tap.eq([(w["week"], w["decided"], w["overdue"]) for w in doc.get("weekly", [])], WEEKS,
           "weekly: decisions per week and requests overdue at each week's end, hand-checked")
    tap.eq(doc.get("truncated"), False, "not truncated")

    tap.eq([figures(r, MONTHS[0]) for r in m.get("rows", [])], MONTHS,
           "by=month: received, decisions and days per month, hand-checked (sort ignored)")

    tap.eq([(r["entry_code"], r["requests"], r["objections"], r["objections_accepted"], r["days_disputed"])
            for r in e.get("rows", [])],
           [(E2, 3, 1, 0, 0), (E1, 2, 0, 0, 0)],
           "by=entry sort=requests: requests and objections of the period per entry, most first")
    tap.eq(([r["entry_code"] for r in e1.get("rows", [])], e1.get("truncated")), ([E1], True),
           "by=entry limit=1: the first by code, truncated")

    # The approver of D2: their department only, whatever platform they name.
    tap.eq(((p.get("scope") or {}).get("kind"), (p.get("scope") or {}).get("department_code"),
            [r["department_code"] for r in p.get("rows", [])]),
           ("department", D2, [D2]), "an approver sees their own department only (platform ignored)")
    tap.eq(figures(p.get("totals", {}), totals), totals, "the approver's totals are their department's")

    tap.eq(u.get("not_held"), [{"entry_code": E1, "entry_name": E1_NAME,
                                "department_code": D2,
                                "department_name": D2_NAME,
                                "refused": 1}],
           "not_held: the one refusal on the ground not_held (the other refusal is 'other')")
    tap.eq(sql(f"SELECT count(*) FROM request WHERE requester_user = '{PREFIX}fixture'"), "0",
           "the fixture was rolled back")


def live(toks):
    """In D1: decisions through the API, compared with a baseline."""
    period = {"from": TODAY, "to": TODAY}

    def d1_row():
        a = get(toks["authority"], "/v1/stats", **period)
        rows = by_code((a.json or {}).get("rows", []))
        zero = {k: 0 for k in ("received", "decided", "approved", "refused", "returned", "decided_late",
                               "open", "overdue")}
        return {k: rows.get(D1, zero)[k] for k in zero}, a

    def c1_entry():
        e = get(toks["authority"], "/v1/stats", by="entry", **period).json or {}
        r = by_code(e.get("rows", []), "entry_code").get(C1, {})
        return tuple(r.get(k, 0) for k in ("requests", "objections", "objections_accepted", "days_disputed"))

    def c1_not_held():
        u = get(toks["authority"], "/v1/stats/unmet", **period).json or {}
        return by_code(u.get("not_held", []), "entry_code").get(C1, {}).get("refused", 0)

    before, a = d1_row()
    tap.eq(((a.json or {}).get("scope") or {}).get("platform_code"), "430000",
           "an authority's default scope is their own platform")
    entry_before, held_before = c1_entry(), c1_not_held()

    body = {"entry_code": C1, "purpose": "统计测试：核对", "legal_basis": "《政务数据共享条例》",
            "items": [C1_ITEM], "period": {"from": TODAY, "to": IN_180}}

    def file():
        r = api("POST", "/v1/requests", tok=toks["official"], body=body)
        if r.status != 201:
            raise RuntimeError(f"filing a request: {r!r}")
        return r.json["id"]

    def act(rid, who, version, **b):
        return api("POST", f"/v1/requests/{rid}/transitions", tok=toks[who], body=b,
                   headers={"If-Match": f'"{version}"'})

    x1 = file()
    r = act(x1, "approver", 1, action="reject", reason="无此数据", ground="nonsense")
    tap.eq((r.status, r.error_code, ((r.json or {}).get("error") or {}).get("details")),
           (400, "invalid_parameter", {"parameter": "ground"}), "an unknown ground: 400 naming ground")
    r = act(x1, "approver", 1, action="reject", reason="本部门未归集该数据", ground="not_held")
    tap.eq((r.status, (r.json or {}).get("state"), (r.json or {}).get("refusal_ground")),
           (200, "rejected", "not_held"), "reject with ground not_held: refusal_ground not_held")
    g = api("GET", f"/v1/requests/{x1}", tok=toks["official"])
    tap.eq((g.json or {}).get("refusal_ground"), "not_held", "GET shows the refusal ground to the requester")

    x2 = file()
    tap.eq(act(x2, "approver", 1, action="return", reason="请补充依据").status, 200, "return")
    tap.eq(act(x2, "official", 2, action="resubmit").status, 200, "resubmit")
    r = act(x2, "approver", 3, action="approve", ground="not_held")
    tap.eq((r.status, r.error_code, ((r.json or {}).get("error") or {}).get("details")),
           (400, "invalid_parameter", {"parameter": "ground"}), "a ground on approve: 400 naming ground")
    r = act(x2, "approver", 3, action="approve")
    tap.eq((r.status, (r.json or {}).get("refusal_ground", "missing")), (200, None),
           "approve: refusal_ground null")
    file()  # stays pending

    after, _ = d1_row()
    delta = {k: after[k] - before[k] for k in after}
    tap.eq(delta, {"received": 3, "decided": 3, "approved": 1, "refused": 1, "returned": 1,
                   "decided_late": 0, "open": 1, "overdue": 0},
           "the department's figures move by the three requests and three decisions made")
    tap.eq(c1_not_held() - held_before, 1, "unmet not_held counts the refusal on the ground not_held")

    # An objection raised and accepted today: counted, accepted, one day disputed.
    o = api("POST", "/v1/objections", tok=toks["official"],
            body={"entry_code": C1, "kind": "incorrect", "description": "统计测试：数据有误"})
    if o.status == 201:
        r = api("POST", f"/v1/objections/{o.json['id']}/transitions", tok=toks["helpdesk"],
                body={"action": "accept"}, headers={"If-Match": '"1"'})
        tap.ok(r.status == 200, "the helpdesk accepts the objection", repr(r))
        e = c1_entry()
        tap.eq((e[0] - entry_before[0], e[1] - entry_before[1], e[2] - entry_before[2], e[3]),
               (3, 1, 1, 1), "by=entry: three requests, one objection accepted, disputed today (1 day)")
    else:
        tap.ok(False, "raising an objection for the entry figures", repr(o))

    counts = sql("""
        SELECT (SELECT count(*) FROM (SELECT provider_department, (created_at AT TIME ZONE 'Asia/Shanghai')::date
                                             AS day, entry_code, count(*) AS n FROM request GROUP BY 1, 2, 3) a
                FULL JOIN request_day b USING (provider_department, day, entry_code) WHERE a.n IS DISTINCT FROM b.n),
               (SELECT count(*) FROM (SELECT provider_department, deadline, count(*) AS n FROM request
                                      WHERE state IN ('pending', 'coordinating') GROUP BY 1, 2) a
                FULL JOIN request_open b USING (provider_department, deadline) WHERE a.n IS DISTINCT FROM b.n)""")
    tap.eq(counts, "0\t0", "request_day and request_open agree with the request table after the transitions")
    v = api("GET", "/v1/audit/verify", tok=token("nat-admin"))
    tap.ok(v.status == 200 and (v.json or {}).get("ok") is True, "the audit chain still verifies", repr(v))


def searches(toks):
    period = {"from": TODAY, "to": TODAY}
    word = "Zqx" + uuid.uuid4().hex[:8]
    norm = f"{word.lower()} 统计 测试"
    sql(f"INSERT INTO search_miss (day, platform_code, query, count) "
        f"VALUES (govdx_today() - 200, '430000', '{PREFIX}old', 1) ON CONFLICT DO NOTHING")
    for text in (f"  {word.upper()}  统计\t测试 ", f"{word} 统计 测试"):
        r = get(toks["official"], "/v1/entries", q=text, platform="430000")
        tap.eq((r.status, (r.json or {}).get("items")), (200, []), f"the search {text!r} finds nothing")
    narrowed = get(toks["official"], "/v1/entries", q=word + " narrowed", platform="430000", sharing="none")
    tap.eq((narrowed.status, (narrowed.json or {}).get("items")), (200, []), "a narrowed search finds nothing")
    found = get(toks["official"], "/v1/entries", q=C1_NAME, platform="430000")
    tap.ok(found.status == 200 and (found.json or {}).get("items"), "a search for an entry's name finds it")

    u = get(toks["authority"], "/v1/stats/unmet", **period).json or {}
    s = {x["query"]: x for x in u.get("searches", [])}
    tap.eq((s.get(norm) or {}).get("count"), 2,
           "the nonsense search, twice in two spellings, is one normalised query counted 2")
    tap.eq((s.get(norm) or {}).get("last_searched"), TODAY, "last_searched is today")
    tap.ok(C1_NAME.lower() not in s, "a search that found something is not logged")
    tap.ok(f"{word.lower()} narrowed" not in s, "a search narrowed by sharing= is not logged")
    old, once = sql(f"SELECT (SELECT count(*) FROM search_miss WHERE query = '{PREFIX}old'), "
                    f"(SELECT count(*) FROM search_miss WHERE query = '{norm}' AND department_code = '')").split("\t")
    tap.eq(old, "0", "a row older than the retention (180 days) is purged by the next new query")
    tap.eq(once, "1", "the log holds the query once, with no user")
    p2 = get(toks["approver2"], "/v1/stats/unmet", **period).json or {}
    tap.ok(norm not in {x["query"] for x in p2.get("searches", [])},
           "a department of 长沙市 does not see the searches of 湖南省's own platform")


def scope_and_errors(toks):
    r = get(token("guangdong-authority"), "/v1/stats", platform="430000")
    tap.eq((r.status, r.error_code), (404, "not_found"), "another province's authority: 404 for 湖南省")
    r = get(token("guangdong-authority"), "/v1/stats/unmet", platform="430100")
    tap.eq((r.status, r.error_code), (404, "not_found"), "… and for a platform below it (unmet)")
    r = get(toks["authority"], "/v1/stats", platform="000000")
    tap.eq((r.status, r.error_code), (404, "not_found"), "a platform above one's own: 404")
    r = get(toks["authority"], "/v1/stats", platform="999999")
    tap.eq((r.status, r.error_code), (404, "not_found"), "an unknown platform: 404")
    r = get(toks["official"], "/v1/stats")
    tap.eq((r.status, r.error_code), (403, "forbidden"), "an official: 403")
    r = get(toks["official"], "/v1/stats/unmet")
    tap.eq((r.status, r.error_code), (403, "forbidden"), "an official: 403 (unmet)")
    r = get(token("nat-authority"), "/v1/stats", platform="430000")
    tap.eq((r.status, ((r.json or {}).get("scope") or {}).get("platform_code")), (200, "430000"),
           "the national authority reads any platform's figures")
    r = get(toks["approver2"], "/v1/stats", platform="440000")
    tap.eq((r.status, ((r.json or {}).get("scope") or {}).get("department_code")), (200, D2),
           "an approver naming another platform still gets their department (HTTP)")
    bad = [({"from": "2026-02-30"}, "from"), ({"to": "2026-13-01"}, "to"),
           ({"from": "2026-10-02", "to": "2026-10-01"}, "from"),
           ({"from": "2020-01-01", "to": "2026-10-01"}, "from"),
           ({"by": "week"}, "by"), ({"sort": "requests"}, "sort"), ({"by": "entry", "sort": "late"}, "sort"),
           ({"limit": "0"}, "limit"), ({"limit": "1001"}, "limit"), ({"platform": "43"}, "platform"),
           ({"colour": "blue"}, "colour")]
    for params, name in bad:
        r = get(toks["authority"], "/v1/stats", **params)
        tap.eq((r.status, r.error_code, ((r.json or {}).get("error") or {}).get("details", {}).get("parameter")),
               (400, "invalid_parameter", name), f"GET /v1/stats?{urllib.parse.urlencode(params)}: 400 {name}")
    r = get(toks["authority"], "/v1/stats/unmet", by="entry")
    tap.eq((r.status, r.error_code), (400, "invalid_parameter"), "unmet takes no by")
    r = get(toks["authority"], "/v1/stats", **{"from": "2021-10-01", "to": "2026-09-30"})
    tap.eq(r.status, 200, "a period of exactly five years (1826 days) is taken")
    ok = get(toks["authority"], "/v1/stats", limit="1000").json or {}
    tap.eq((ok.get("to"), ok.get("from")),
           (TODAY, BACK_364), "the default period: the 365 days up to today")
    p = subprocess.run([BIN, "serve", "--search-log-days", "5000", "--db", db], capture_output=True,
                       text=True, timeout=60)
    tap.ok(p.returncode == 2 and "search-log-days" in p.stderr,
           "serve --search-log-days 5000: a usage error (0 to 3650)", p.stderr)


try:
    tap.eq(REPLY_DAYS, "10",
           "长沙市 answers in 10 working days (what the fixture's deadlines assume)")
    drop_users()
    toks = make_users()
    check_fixture()
    live(toks)
    searches(toks)
    scope_and_errors(toks)
finally:
    try:
        drop_users()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
tap.done()
