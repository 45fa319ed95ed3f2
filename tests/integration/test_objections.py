#!/usr/bin/env python3
"""Integration tests of the objection workflow over HTTP (issue 4): every
transition and every refusal status of a transition (428, 412, 409, 422,
403, 404), the create and its refusals, bad input with nothing written, the
disputed mark on and off (entry detail, entry lists, search results and
GET /v1/entries?disputed=true), two objections on one entry, reopen inside
and outside the window, jurisdiction, idempotent retries, the lists and their
boxes, the entry filter (exactly an entry's objections the caller may see,
with state, box and pages; its cursor kept to that entry), the audit of an
objection, and the events stream.

Reopen outside the window: the window is made to have ended by backdating
the objection's reopen_until to yesterday in the database (psql with
GOVDX_DB; those checks skip without it), and a seeded objection closed long
ago is refused too. No setting is changed: reopen_days is at least 1.

Runs against the service and PostgreSQL that tools/check starts (GOVDX_URL,
GOVDX_TOKENS, GOVDX_DB); skips without them. It raises objections of its own
against entries of 河北省民政厅 that are not disputed when it starts (and, for
the entry filter, two other 河北 entries no objection names yet), and leaves
every one it raised closed or dismissed, so a rerun starts alike.
"""
import datetime
import os
import sys
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")), "tests/lib"))
from govdxtest import Tap, run_sql, api, env_or_skip, token, users  # noqa: E402

tap = Tap()
URL, TOKENS = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS")
DB = os.environ.get("GOVDX_DB")
USERS = {u["user"]: u for u in users()}
T = {name: token(name) for name in USERS}


def q(path, **params):
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def get(user, path, **kw):
    return api("GET", path, tok=T[user], **kw)


def is_error(r, status, code):
    j = r.json
    return (r.status == status and isinstance(j, dict) and set(j) == {"error"}
            and j["error"].get("code") == code and isinstance(j["error"].get("message"), str)
            and j["error"]["message"] != "" and isinstance(j["error"].get("details"), dict))


def err(r, status, code, name, parameter=None):
    ok = tap.ok(is_error(r, status, code), f"{name}: {status} {code}", repr(r))
    if ok and parameter is not None:
        tap.eq(r.json["error"]["details"].get("parameter"), parameter, f"{name}: names {parameter}")
    return ok


def details(r):
    return ((r.json or {}).get("error") or {}).get("details") or {}


def etag(r):
    return {k.lower(): v for k, v in r.headers.items()}.get("etag")


def psql(sql):
    """Runs SQL on the test database; None when it cannot."""
    if not DB:
        return None
    rc, out, _ = run_sql(DB, sql, 60)
    return out if rc == 0 else None


def raise_(user, entry, key=None, **fields):
    body = {"entry_code": entry, "kind": "incorrect", "description": "登记日期与登记证书不一致"}
    body.update(fields)
    h = {"Idempotency-Key": key} if key else {}
    return api("POST", "/v1/objections", tok=T[user], body=body, headers=h)


def act(user, oid, action, version, reason=None, key=None, if_match=True):
    body = {"action": action}
    if reason is not None:
        body["reason"] = reason
    h = {}
    if if_match:
        h["If-Match"] = f'"{version}"'
    if key:
        h["Idempotency-Key"] = key
    return api("POST", f"/v1/objections/{oid}/transitions", tok=T[user], body=body, headers=h)


def step(user, oid, action, version, want_state, reason=None, name=None):
    """A transition that must succeed; returns the new objection (or {})."""
    r = act(user, oid, action, version, reason)
    name = name or f"{user} {action}s {oid}"
    if not tap.ok(r.status == 200 and isinstance(r.json, dict), f"{name}: 200", repr(r)):
        return {}
    tap.eq((r.json["state"], r.json["version"], etag(r)), (want_state, version + 1, f'"{version + 1}"'),
           f"{name}: {want_state}, version and ETag {version + 1}")
    return r.json


def new_id(r):
    return (r.json or {}).get("id", "OBJ-000000") if r.status == 201 else "OBJ-000000"


def entry_disputed(code):
    r = get("hebei-official", f"/v1/entries/{code}")
    return r.json.get("disputed") if r.status == 200 else None


def disputed_everywhere(code, name):
    """The mark as the detail, the department list, a code search, a name
    search and the disputed=true list show it: a tuple of five."""
    dept = code[:9]
    detail = entry_disputed(code)
    lst = get("hebei-official", q("/v1/entries", department=dept, limit=200))
    in_list = next((e["disputed"] for e in (lst.json or {}).get("items", []) if e["code"] == code), None)
    s1 = get("zhejiang-official", q("/v1/entries", q=code))
    by_code = next((e["disputed"] for e in (s1.json or {}).get("items", []) if e["code"] == code), None)
    s2 = get("guangdong-official", q("/v1/entries", q=name, department=dept, limit=200))
    by_name = next((e["disputed"] for e in (s2.json or {}).get("items", []) if e["code"] == code), None)
    d = get("nat-official", q("/v1/entries", department=dept, disputed="true", limit=200))
    in_disputed = code in [e["code"] for e in (d.json or {}).get("items", [])] if d.status == 200 else None
    return (detail, in_list, by_code, by_name, in_disputed)


def mark(code, name, want, what):
    tap.eq(disputed_everywhere(code, name), (want,) * 5,
           f"{what}: disputed is {str(want).lower()} in the entry, its department's list, a code search, "
           f"a name search and disputed=true")


def working_days_after(start, n, listed):
    d = start
    while n > 0:
        d += datetime.timedelta(days=1)
        kind = listed.get(d.isoformat())
        if kind == "workday" or (kind is None and d.weekday() < 5):
            n -= 1
    return d


def last_seq(user):
    r = get(user, "/v1/events")
    return r.json["last_seq"] if r.status == 200 else 0


# ---- fixtures ---------------------------------------------------------------------

PROVIDER = USERS["hebei-approver"]["department"]     # 河北省民政厅
RAISER = USERS["hebei-official"]["department"]       # 河北省公安厅
r = get("hebei-official", q("/v1/entries", department=PROVIDER, disputed="false", limit=20))
free = [e for e in (r.json or {}).get("items", [])] if r.status == 200 else []
if len(free) < 3:
    tap.skip_all(f"fewer than 3 undisputed entries in department {PROVIDER}")
ENTRY, ENTRY2, ENTRY3 = free[0]["code"], free[1]["code"], free[2]["code"]
NAME, NAME2 = free[0]["name"], free[1]["name"]
ITEMS = [i["name"] for i in get("hebei-official", f"/v1/entries/{ENTRY}").json["items"]]
today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
cal = get("hebei-official", q("/v1/calendar", **{"from": today.isoformat(),
                                                  "to": (today + datetime.timedelta(days=60)).isoformat()}))
LISTED = {d["date"]: d["kind"] for d in cal.json["items"]} if cal.status == 200 else {}
VERIFY_BY = working_days_after(today, 5, LISTED).isoformat()
REOPEN_UNTIL = working_days_after(today, 10, LISTED).isoformat()

# ---- raise, read, ETag -----------------------------------------------------------------

start = last_seq("hebei-approver")
r = raise_("hebei-official", ENTRY, item=ITEMS[0], record_key="52130000MJ0127436X", evidence="登记证书复印件")
tap.eq((r.status, etag(r)), (201, '"1"'), "an official raises an objection against an item: 201 with ETag \"1\"")
obj = r.json if r.status == 201 else {}
OID = new_id(r)
tap.ok(OID.startswith("OBJ-") and len(OID) >= 10, "the objection has an id OBJ-…", OID)
tap.eq((obj.get("state"), obj.get("entry_code"), obj.get("item"), obj.get("record_key"), obj.get("kind"),
        obj.get("evidence")),
       ("raised", ENTRY, ITEMS[0], "52130000MJ0127436X", "incorrect", "登记证书复印件"),
       "state raised with the entry, item, record, kind and evidence given")
tap.eq((obj.get("raiser_department"), obj.get("raiser_platform"), obj.get("raiser_user"),
        obj.get("provider_department"), obj.get("provider_platform")),
       (RAISER, RAISER[:6], "hebei-official", PROVIDER, PROVIDER[:6]),
       "the raiser is the caller's department, the provider the entry's")
tap.eq((obj.get("deadline"), obj.get("working_days_left"), obj.get("due_soon"), obj.get("overdue"),
        obj.get("reopen_until"), obj.get("note"), obj.get("reason"), obj.get("decided_by")),
       (None, None, False, False, None, None, None, None), "a raised objection has no deadline nor decision yet")
tap.ok(obj.get("entry_name") and obj.get("provider_department_name") and obj.get("raiser_department_name")
       and obj.get("created_at") and obj.get("updated_at"), "names and times are filled in", repr(obj))
g = get("hebei-approver", f"/v1/objections/{OID}")
tap.eq((g.status, etag(g), g.json), (200, '"1"', obj), "GET the objection: 200, ETag \"1\", the object of the 201")
tap.eq(get("hebei-helpdesk", f"/v1/objections/{OID}", headers={"If-None-Match": '"1"'}).status, 304,
       "If-None-Match with the current ETag: 304")
mark(ENTRY, NAME, False, "a raised objection does not dispute its entry")

# ---- refusals of a create -------------------------------------------------------------

err(raise_("hebei-admin", ENTRY), 403, "forbidden", "an admin raising an objection")
err(raise_("hebei-official", ENTRY, kind="wrong"), 400, "invalid_parameter", "an unknown kind", "kind")
err(raise_("hebei-official", ENTRY, item="没有这个信息项"), 400, "invalid_parameter",
    "an item the entry does not have", "item")
err(raise_("hebei-official", PROVIDER + "-399999-9999"), 404, "not_found", "an unknown entry")
err(raise_("hebei-official", "13-1"), 400, "invalid_parameter", "a malformed entry code", "entry_code")
err(raise_("hebei-official", ENTRY, description="   "), 400, "invalid_parameter", "a blank description",
    "description")
err(raise_("hebei-official", ENTRY, description="错" * 4001), 400, "invalid_parameter",
    "a description over 4000 characters", "description")
err(raise_("hebei-official", ENTRY, evidence="证" * 4001), 400, "invalid_parameter",
    "evidence over 4000 characters", "evidence")
err(raise_("hebei-official", ENTRY, record_key="k" * 201), 400, "invalid_parameter",
    "a record key over 200 characters", "record_key")
err(raise_("hebei-official", ENTRY, kind=5), 400, "invalid_parameter", "kind a number", "kind")
err(raise_("hebei-official", ENTRY, colour="red"), 400, "invalid_parameter", "an unknown field", "colour")
err(api("POST", "/v1/objections", tok=T["hebei-official"], body={"entry_code": ENTRY, "kind": "other"}),
    422, "invalid_parameter", "no description", "description")


def raised_box(user):
    ids, cursor = [], None
    for _ in range(100):
        p = {"box": "raised", "limit": 200}
        if cursor:
            p["cursor"] = cursor
        r = get(user, q("/v1/objections", **p))
        if r.status != 200:
            return None
        ids += [x["id"] for x in r.json["items"]]
        cursor = r.json["next_cursor"]
        if not cursor:
            return ids
    return None


before = raised_box("guangdong-official")
bad = [(b"{", "invalid_json", "malformed JSON"), (b"[]", "invalid_json", "a JSON array"),
       ('{"entry_code":"%s","kind":"other","description":"\xff"}' % ENTRY).encode("latin-1"),
       (b'{"entry_code":"x","entry_code":"y"}', "invalid_json", "a repeated key"),
       (b'{"description":"\\\xc3\xa9"}', "invalid_json", "a backslash before a non-ASCII character")]
bad[2] = (bad[2], "invalid_utf8", "broken UTF-8")
for raw, code, what in bad:
    err(api("POST", "/v1/objections", tok=T["guangdong-official"], raw=raw,
            headers={"Content-Type": "application/json"}), 400, code, f"a create with {what}")
big = api("POST", "/v1/objections", tok=T["guangdong-official"],
          raw=b'{"entry_code":"' + b"1" * 70000 + b'"}', headers={"Content-Type": "application/json"})
err(big, 413, "payload_too_large", "a create body over 64 KiB")
tap.eq(raised_box("guangdong-official"), before, "no refused create wrote anything")

# ---- refusals of a transition, in the contract's order -------------------------------------

err(act("hebei-helpdesk", OID, "accept", 1, if_match=False), 428, "precondition_required",
    "a transition without If-Match")
r = api("POST", f"/v1/objections/{OID}/transitions", tok=T["hebei-helpdesk"], body={"action": "accept"},
        headers={"If-Match": "1"})
err(r, 400, "invalid_parameter", "If-Match without quotes", "If-Match")
for tag, what in (('W/"1"', "a weak If-Match"), ('"stale-0"', "an If-Match of another form")):
    r = api("POST", f"/v1/objections/{OID}/transitions", tok=T["hebei-helpdesk"], body={"action": "accept"},
            headers={"If-Match": tag})
    err(r, 412, "precondition_failed", what + " fails the precondition")
err(act("hebei-helpdesk", OID, "approve", 1), 400, "invalid_parameter", "a request's action on an objection",
    "action")
r = act("hebei-helpdesk", OID, "accept", 7)
err(r, 412, "precondition_failed", "If-Match of a version never had")
tap.eq((details(r).get("current") or {}).get("version"), 1, "the 412 carries the current objection")
err(act("hebei-official", OID, "accept", 1), 403, "forbidden", "the raising official accepting")
err(act("hebei-approver", OID, "accept", 1), 403, "forbidden", "the provider's approver accepting")
err(act("hebei-authority", OID, "dismiss", 1, reason="x"), 403, "forbidden", "an authority dismissing")
err(act("hebei-approver", OID, "correct", 1, reason="已更正"), 409, "illegal_transition",
    "correcting a raised objection")
r = act("hebei-helpdesk", OID, "close", 1)
err(r, 409, "illegal_transition", "closing a raised objection")
tap.eq(details(r).get("state"), "raised", "the 409 names the current state")
err(act("hebei-official", OID, "reopen", 1, reason="x"), 409, "illegal_transition", "reopening a raised objection")
err(act("hebei-helpdesk", OID, "dismiss", 1), 422, "reason_required", "dismiss without a reason")
err(act("hebei-helpdesk", OID, "dismiss", 1, reason=" \t "), 422, "reason_required", "dismiss with a blank reason")
err(act("hebei-helpdesk", OID, "dismiss", 1, reason="理" * 2001), 400, "invalid_parameter",
    "dismiss with a reason over 2000 characters", "reason")
for outsider in ("zhejiang-helpdesk", "guangdong-approver", "zhejiang-official", "nat-approver"):
    err(get(outsider, f"/v1/objections/{OID}"), 404, "not_found", f"{outsider} reads another province's objection")
    err(act(outsider, OID, "accept", 1), 404, "not_found", f"{outsider} acts on another province's objection")
for viewer in ("hebei-helpdesk", "hebei-authority", "hebei-admin", "nat-helpdesk", "nat-admin"):
    tap.eq(get(viewer, f"/v1/objections/{OID}").status, 200, f"{viewer} sees the objection in its jurisdiction")
err(get("hebei-official", "/v1/objections/OBJ-999999999"), 404, "not_found", "an unknown objection")
err(get("hebei-official", "/v1/objections/REQ-000001"), 404, "not_found", "a request id as an objection")
err(act("hebei-helpdesk", "OBJ-999999999", "accept", 1), 404, "not_found", "a transition of an unknown objection")
tap.eq(get("hebei-official", f"/v1/objections/{OID}").json.get("version"), 1, "no refusal changed the objection")

# ---- raised → verifying → corrected → closed → verifying (reopen) → upheld → closed ------------

cur = step("hebei-helpdesk", OID, "accept", 1, "verifying", name="the helpdesk accepts")
tap.eq((cur.get("deadline"), cur.get("decided_by"), cur.get("reopen_until")),
       (VERIFY_BY, "hebei-helpdesk", None),
       "an accepted objection is due the 5th working day after today; the helpdesk decided")
tap.ok(cur.get("working_days_left") is not None and cur.get("working_days_left") >= 0
       and not cur.get("overdue"), "verifying: working days left, not overdue", repr(cur))
mark(ENTRY, NAME, True, "accepted")
r = act("hebei-helpdesk", OID, "accept", 1)
err(r, 412, "precondition_failed", "accepting again with the old ETag")
c = details(r).get("current") or {}
tap.eq((c.get("state"), c.get("version"), c.get("decided_by")), ("verifying", 2, "hebei-helpdesk"),
       "the 412 shows who changed it to what")
tap.ok(c.get("decided_at") and c.get("updated_at"), "… and when")
err(act("hebei-helpdesk", OID, "correct", 2, reason="x"), 403, "forbidden", "the helpdesk correcting")
err(act("hebei-official", OID, "uphold", 2, reason="x"), 403, "forbidden", "the raiser upholding")
err(act("zhejiang-approver", OID, "correct", 2, reason="x"), 404, "not_found",
    "an approver of another province correcting")
err(act("hebei-approver", OID, "correct", 2), 422, "reason_required", "correct without a note")
err(act("hebei-approver", OID, "uphold", 2, reason=""), 422, "reason_required", "uphold with an empty note")
err(act("hebei-approver", OID, "dismiss", 2, reason="x"), 403, "forbidden", "the approver dismissing")
err(act("hebei-helpdesk", OID, "dismiss", 2, reason="x"), 409, "illegal_transition", "dismissing a verifying objection")
cur = step("hebei-approver", OID, "correct", 2, "corrected", reason="已按登记证书更正登记日期", name="the approver corrects")
tap.eq((cur.get("note"), cur.get("reason"), cur.get("deadline"), cur.get("reopen_until"), cur.get("decided_by")),
       ("已按登记证书更正登记日期", "已按登记证书更正登记日期", None, REOPEN_UNTIL, "hebei-approver"),
       "corrected: the note, no deadline, reopen window of 10 working days")
mark(ENTRY, NAME, True, "corrected, not yet closed")
err(act("hebei-approver", OID, "close", 3), 403, "forbidden", "the approver closing")
err(act("zhejiang-helpdesk", OID, "close", 3), 404, "not_found", "another province's helpdesk closing")
cur = step("hebei-helpdesk", OID, "close", 3, "closed", name="the helpdesk closes")
tap.eq((cur.get("reopen_until"), cur.get("note")), (REOPEN_UNTIL, "已按登记证书更正登记日期"),
       "closed: the reopen window counts from the close; the note stays")
mark(ENTRY, NAME, False, "closed")
err(act("hebei-helpdesk", OID, "close", 4), 409, "illegal_transition", "closing a closed objection")
err(act("hebei-approver", OID, "reopen", 4, reason="x"), 403, "forbidden", "the provider reopening")
err(act("hebei-helpdesk", OID, "reopen", 4, reason="x"), 403, "forbidden", "the helpdesk reopening")
err(act("hebei-official", OID, "reopen", 4), 422, "reason_required", "reopen without a reason")
cur = step("hebei-official", OID, "reopen", 4, "verifying", reason="接口返回的仍是旧数据", name="the raiser reopens")
tap.eq((cur.get("deadline"), cur.get("reopen_until"), cur.get("reason"), cur.get("decided_by")),
       (VERIFY_BY, None, "接口返回的仍是旧数据", "hebei-helpdesk"),
       "reopened: verifying with a new deadline; the last decision stays on record")
mark(ENTRY, NAME, True, "reopened")
cur = step("hebei-approver", OID, "uphold", 5, "upheld", reason="复核后数据无误", name="the approver upholds")
tap.eq((cur.get("note"), cur.get("reopen_until")), ("复核后数据无误", REOPEN_UNTIL), "upheld: the new note and window")
err(act("hebei-official", OID, "uphold", 6, reason="x"), 403, "forbidden", "the raiser upholding")
cur = step("hebei-official", OID, "reopen", 6, "verifying", reason="仍有异议", name="the raiser reopens an upheld one")
cur = step("hebei-approver", OID, "uphold", 7, "upheld", reason="维持", name="upheld again")
cur = step("hebei-helpdesk", OID, "close", 8, "closed", name="closed again")
mark(ENTRY, NAME, False, "closed again")

# ---- reopen outside the window ------------------------------------------------------------------

if psql("SELECT 1") == "1":
    psql(f"UPDATE objection SET reopen_until = govdx_today() WHERE id = '{OID}'")
    r = act("hebei-official", OID, "reopen", 9, reason="最后一天")
    tap.ok(r.status == 200 and r.json["state"] == "verifying", "reopen on the last day of the window: 200", repr(r))
    step("hebei-approver", OID, "correct", 10, "corrected", reason="再次更正")
    step("hebei-helpdesk", OID, "close", 11, "closed")
    psql(f"UPDATE objection SET reopen_until = govdx_today() - 1 WHERE id = '{OID}'")
    r = act("hebei-official", OID, "reopen", 12, reason="窗口已过")
    err(r, 409, "reopen_window_closed", "reopen the day after the window (reopen_until backdated in the database)")
    tap.eq((details(r).get("state"), details(r).get("reopen_until")),
           ("closed", (today - datetime.timedelta(days=1)).isoformat()), "the 409 names the state and the window's end")
    tap.eq(get("hebei-official", f"/v1/objections/{OID}").json.get("version"), 12, "the refused reopen changed nothing")
else:
    tap.skip("reopen inside and outside the window", "psql or GOVDX_DB is not available")
# A seeded objection closed long ago (the demo's "closed" story) is past its window.
old = get("hebei-official", q("/v1/objections", box="raised", state="closed", limit=200))
past = [o for o in (old.json or {}).get("items", []) if o["reopen_until"] < today.isoformat()]
if past:
    err(act("hebei-official", past[0]["id"], "reopen", past[0]["version"], reason="仍有误"), 409,
        "reopen_window_closed", "reopening a demo objection closed long ago")
else:
    tap.skip("a demo objection past its reopen window", "the demo objections are not seeded")

# ---- dismiss --------------------------------------------------------------------------------------

D = new_id(raise_("hebei-official", ENTRY3, kind="other", description="更新周期标注有误"))
cur = step("hebei-helpdesk", D, "dismiss", 1, "dismissed", reason="不属于目录数据异议", name="the helpdesk dismisses")
tap.eq((cur.get("reason"), cur.get("deadline"), cur.get("reopen_until"), cur.get("decided_by")),
       ("不属于目录数据异议", None, None, "hebei-helpdesk"), "dismissed: the reason, no deadline, no reopen")
tap.eq(entry_disputed(ENTRY3), False, "a dismissed objection never disputes its entry")
err(act("hebei-official", D, "reopen", 2, reason="x"), 409, "illegal_transition", "reopening a dismissed objection")
err(act("hebei-helpdesk", D, "accept", 2), 409, "illegal_transition", "accepting a dismissed objection")

# ---- two objections on one entry ------------------------------------------------------------------

A = new_id(raise_("hebei-official", ENTRY2, kind="outdated", description="已注销仍显示正常"))
B = new_id(raise_("zhejiang-official", ENTRY2, kind="inconsistent", description="成立日期与其他目录不一致"))
step("hebei-helpdesk", A, "accept", 1, "verifying")
mark(ENTRY2, NAME2, True, "one of two objections accepted")
step("nat-helpdesk", B, "accept", 1, "verifying", name="the national helpdesk accepts a cross-province objection")
step("hebei-approver", A, "correct", 2, "corrected", reason="已更新状态")
step("hebei-helpdesk", A, "close", 3, "closed")
mark(ENTRY2, NAME2, True, "one of two closed, the other still verifying")
step("hebei-approver", B, "uphold", 2, "upheld", reason="与原始登记一致")
tap.eq(entry_disputed(ENTRY2), True, "the second upheld, not yet closed: still disputed")
step("hebei-helpdesk", B, "close", 3, "closed")
mark(ENTRY2, NAME2, False, "both closed")

# ---- jurisdiction of a cross-province objection ----------------------------------------------------

tap.eq(get("zhejiang-helpdesk", f"/v1/objections/{B}").status, 200,
       "the raiser province's helpdesk sees a cross-province objection")
tap.eq(get("zhejiang-official", f"/v1/objections/{B}").status, 200, "the raiser sees its objection")
C = new_id(raise_("zhejiang-official", ENTRY3, description="字段缺失"))
err(act("zhejiang-helpdesk", C, "accept", 1), 403, "forbidden",
    "the raiser province's helpdesk accepting (the provider is outside its subtree)")
err(act("guangdong-helpdesk", C, "accept", 1), 404, "not_found", "a third province's helpdesk accepting")
step("hebei-helpdesk", C, "dismiss", 1, "dismissed", reason="重复提交")

# ---- idempotent retries ----------------------------------------------------------------------------

key = "obj-" + uuid.uuid4().hex
r1 = raise_("hebei-official", ENTRY3, key=key, description="重试测试")
r2 = raise_("hebei-official", ENTRY3, key=key, description="重试测试")
tap.eq((r1.status, r2.status, r2.body, etag(r2)), (201, 201, r1.body, '"1"'),
       "a create retried with its Idempotency-Key returns the first answer and ETag")
K = new_id(r1)
err(raise_("hebei-official", ENTRY3, key=key, description="另一个正文"), 422, "idempotency_key_reused",
    "the same key with another body")
tk = "obj-t-" + uuid.uuid4().hex
t1 = act("hebei-helpdesk", K, "dismiss", 1, reason="重复", key=tk)
t2 = act("hebei-helpdesk", K, "dismiss", 1, reason="重复", key=tk)
tap.eq((t1.status, t2.status, t2.body), (200, 200, t1.body), "a transition retried with its key returns the first answer")
a = get("hebei-official", q("/v1/audit", subject=f"objection:{K}"))
tap.eq([e["action"] for e in (a.json or {}).get("items", [])], ["raise", "dismiss"],
       "the retries wrote one audit event each for the create and the transition")
results = []


def racer():
    results.append(act("hebei-helpdesk", D2, "accept", 1, key="race-" + rk))


D2 = new_id(raise_("hebei-official", ENTRY3, description="并发重试"))
rk = uuid.uuid4().hex
threads = [threading.Thread(target=racer) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
tap.eq(sorted((x.status, x.body) for x in results)[0:1] * 4, sorted((x.status, x.body) for x in results),
       "four concurrent retries with one key: one write, four equal answers")
g = get("hebei-official", f"/v1/objections/{D2}").json or {}
tap.eq((g.get("state"), g.get("version")), ("verifying", 2), "… the objection moved once")
step("hebei-approver", D2, "uphold", 2, "upheld", reason="无误")
step("hebei-helpdesk", D2, "close", 3, "closed")

# ---- events ----------------------------------------------------------------------------------------

ev = get("hebei-approver", f"/v1/events?after={start}&wait=0")
mine = [e for e in (ev.json or {}).get("items", []) if e.get("id") == OID]
tap.ok(ev.status == 200 and mine and all(e["kind"] == "objection" for e in mine),
       "the provider's approver gets the objection's events with kind objection", repr(ev)[:400])
tap.eq([e["action"] for e in mine][:4], ["raise", "accept", "correct", "close"],
       "… in order: raise, accept, correct, close")
tap.eq([e["state"] for e in mine][:2], ["raised", "verifying"], "… with the state each left")
ev = get("guangdong-official", f"/v1/events?after={start}&wait=0")
tap.ok(ev.status == 200 and OID not in [e.get("id") for e in ev.json["items"]],
       "another province's official is not told of it", repr(ev)[:300])
poll = {}
s0 = last_seq("hebei-helpdesk")


def long_poll():
    """Polls from s0 until E's raise arrives (other tests' events may come
    first) or 30 s pass; keeps the answers."""
    after, poll["answers"] = s0, []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        r = get("hebei-helpdesk", f"/v1/events?after={after}&wait=20", timeout=60)
        poll["answers"].append(r)
        if r.status != 200:
            return
        if any(e["id"] == poll.get("E") for e in r.json["items"]):
            return
        after = r.json["last_seq"]


th = threading.Thread(target=long_poll)
th.start()
E = new_id(raise_("hebei-official", ENTRY3, description="长轮询"))
poll["E"] = E
th.join(45)
got = [(e["kind"], e["id"], e["action"]) for a in poll.get("answers", []) if a.status == 200
       for e in a.json["items"]]
tap.ok(("objection", E, "raise") in got, "a waiting poll of the helpdesk answers with a new objection",
       repr(poll.get("answers"))[:300])
step("hebei-helpdesk", E, "dismiss", 1, "dismissed", reason="测试")

# ---- lists -----------------------------------------------------------------------------------------


def walk(user, limit, **params):
    out, cursor = [], None
    for _ in range(500):
        p = dict(params, limit=limit)
        if cursor:
            p["cursor"] = cursor
        r = get(user, q("/v1/objections", **p))
        if r.status != 200:
            return None, r
        out += r.json["items"]
        cursor = r.json["next_cursor"]
        if not cursor:
            return out, r
    return out, None


def order_key(acting):
    """The list order: the states the box's owner acts on first, then by
    deadline (none last), then id."""
    return lambda x: (x["state"] not in acting, x["deadline"] is None, x["deadline"] or "", x["id"])


hd, last = walk("hebei-helpdesk", 200, box="helpdesk")
tap.ok(hd is not None, "hebei-helpdesk's box lists", repr(last))
hd = hd or []
ids = [x["id"] for x in hd]
tap.ok({OID, A, B, C, D} <= set(ids), "the helpdesk box holds the objections against 河北 data")
tap.ok(all(x["provider_platform"].startswith("13") for x in hd), "… and only those")
tap.eq(ids, [x["id"] for x in sorted(hd, key=order_key({"raised", "corrected", "upheld"}))],
       "what the helpdesk acts on (raised, corrected, upheld) first, then by deadline (nulls last), "
       "then id")
new = [i for i, x in enumerate(hd) if x["state"] == "raised"]
rest = [i for i, x in enumerate(hd) if x["state"] in ("verifying", "closed", "dismissed")]
tap.ok(hd and hd[0]["actions"] and new and rest and max(new) < min(rest),
       "new (raised) objections come before the ones the helpdesk waits on or finished",
       [(x["id"], x["state"]) for x in hd])
paged, _ = walk("hebei-helpdesk", 3, box="helpdesk")
tap.eq([x["id"] for x in paged or []], ids, "pages of 3 walk the same box without gaps or repeats")
pv, _ = walk("hebei-approver", 200, box="provider")
tap.ok(pv is not None and OID in [x["id"] for x in pv] and all(x["provider_department"] == PROVIDER for x in pv),
       "the approver's provider box holds its department's objections only")
rs, _ = walk("hebei-official", 200, box="raised")
tap.ok(rs is not None and {OID, A} <= {x["id"] for x in rs} and B not in {x["id"] for x in rs}
       and all(x["raiser_department"] == RAISER for x in rs), "the raised box holds what the department raised")
al, _ = walk("zhejiang-official", 200)
tap.ok(al is not None and B in {x["id"] for x in al} and OID not in {x["id"] for x in al},
       "all = what the caller may see")
st, _ = walk("hebei-helpdesk", 200, box="helpdesk", state="closed")
tap.ok(st is not None and st and all(x["state"] == "closed" for x in st), "state=closed lists only closed ones")
for flag in ("overdue", "due_soon"):
    for val in ("true", "false"):
        lst, _ = walk("hebei-helpdesk", 200, **{flag: val})
        tap.ok(lst is not None and all(x[flag] == (val == "true") for x in lst),
               f"{flag}={val} lists only objections whose {flag} is {val}")
tap.eq(walk("guangdong-official", 200, box="helpdesk")[0], [],
       "an official's helpdesk box: nothing of other departments")
err(get("hebei-helpdesk", q("/v1/objections", box="inbox")), 400, "invalid_parameter", "box=inbox", "box")
err(get("hebei-helpdesk", q("/v1/objections", state="pending")), 400, "invalid_parameter", "state=pending", "state")
err(get("hebei-helpdesk", q("/v1/objections", overdue="1")), 400, "invalid_parameter", "overdue=1", "overdue")
err(get("hebei-helpdesk", q("/v1/objections", limit="0")), 400, "invalid_parameter", "limit=0", "limit")
err(get("hebei-helpdesk", q("/v1/objections", cursor="bm9wZQ")), 400, "invalid_cursor", "a made-up cursor")
rc = get("hebei-approver", q("/v1/requests", box="inbox", limit=1)).json.get("next_cursor")
if rc:
    err(get("hebei-helpdesk", q("/v1/objections", cursor=rc)), 400, "invalid_cursor", "a request list's cursor")
err(get("hebei-helpdesk", q("/v1/objections", kind="incorrect")), 400, "invalid_parameter", "an unknown parameter")
err(api("POST", q("/v1/objections", box="raised"), tok=T["hebei-official"], body={}), 400,
    "invalid_parameter", "a POST with a query parameter")
err(api("DELETE", f"/v1/objections/{OID}", tok=T["hebei-official"]), 405, "method_not_allowed", "DELETE an objection")
err(api("GET", f"/v1/objections/{OID}/transitions", tok=T["hebei-official"]), 405, "method_not_allowed",
    "GET the transitions path")
err(api("GET", "/v1/objections"), 401, "unauthorized", "the list without a token")

# ---- the entry filter ------------------------------------------------------------------------------


def ids_of(lst):
    return None if lst is None else [x["id"] for x in lst]


def on_entry(user, entry, limit=200, **params):
    """The ids of every page of entry=<entry> as user (None on an error)."""
    return ids_of(walk(user, limit, entry=entry, **params)[0])


# Two entries of other 河北 departments that no objection names yet (the
# national helpdesk sees them all), from the end of the page so that other
# tests' entries are not among them.
seen = {x["entry_code"] for x in walk("nat-helpdesk", 200)[0] or []}
r = get("hebei-official", q("/v1/entries", platform=PROVIDER[:6], disputed="false", limit=200))
spare = [e["code"] for e in (r.json or {}).get("items", []) if e["code"] not in seen
         and e["code"][:9] not in (PROVIDER, RAISER)] if r.status == 200 else []
if len(spare) >= 2:
    EA, EB = spare[-1], spare[-2]
    X1 = new_id(raise_("hebei-official", EA, kind="incomplete", description="缺少注销日期"))
    X2 = new_id(raise_("zhejiang-official", EA, kind="outdated", description="地址已变更"))
    Y1 = new_id(raise_("hebei-official", EB, kind="other", description="名称有误"))
    tap.ok("OBJ-000000" not in (X1, X2, Y1), "two objections raised on one entry, one on another")
    step("hebei-helpdesk", X2, "dismiss", 1, "dismissed", reason="不属于目录数据异议",
         name="the helpdesk dismisses the other province's objection")
    for viewer in ("hebei-helpdesk", "hebei-authority", "nat-helpdesk"):
        tap.eq(on_entry(viewer, EA), [X1, X2], f"entry= as {viewer}: exactly the two objections on it, by id")
    tap.eq(on_entry("hebei-helpdesk", EB), [Y1], "entry= of the other entry: its one objection")
    tap.eq(on_entry("hebei-official", EA), [X1], "an official gets only what its department may see on the entry")
    tap.eq(on_entry("zhejiang-official", EA), [X2], "… and so does the other province's raiser")
    tap.eq(on_entry("zhejiang-helpdesk", EA), [X2],
           "another province's helpdesk sees only the objection its province raised")
    tap.eq(on_entry("zhejiang-helpdesk", EB), [], "an entry in another province's jurisdiction: an empty list")
    tap.eq(on_entry("guangdong-helpdesk", EA), [], "… for a province on neither side as well")
    for user, entry in (("hebei-helpdesk", ENTRY2), ("zhejiang-official", ENTRY2), ("hebei-approver", ENTRY)):
        want = ids_of([x for x in walk(user, 200)[0] or [] if x["entry_code"] == entry])
        got = on_entry(user, entry)
        tap.ok(want and got == want, f"entry= as {user} is the unfiltered list's objections on that entry, "
               "in order", f"got:  {got!r}\nwant: {want!r}")
    tap.eq(on_entry("hebei-helpdesk", EA, state="raised"), [X1], "entry= with state=raised")
    tap.eq(on_entry("hebei-helpdesk", EA, state="dismissed"), [X2], "entry= with state=dismissed")
    tap.eq(on_entry("hebei-helpdesk", EB, state="dismissed"), [], "entry= with a state none of it is in")
    tap.eq(on_entry("hebei-official", EA, box="raised"), [X1], "entry= with box=raised")
    tap.eq(on_entry("hebei-helpdesk", EA, box="helpdesk"), [X1, X2], "entry= with box=helpdesk")
    tap.eq(on_entry("zhejiang-helpdesk", EA, box="helpdesk"), [], "entry= with another province's helpdesk box")
    tap.eq(on_entry("hebei-helpdesk", EA, overdue="false", due_soon="false"), [X1, X2],
           "entry= with overdue and due_soon")
    p1 = get("hebei-helpdesk", q("/v1/objections", entry=EA, limit=1))
    c1 = (p1.json or {}).get("next_cursor") if p1.status == 200 else None
    tap.ok(ids_of((p1.json or {}).get("items")) == [X1] and c1, "entry= with limit=1: the first and a cursor",
           repr(p1))
    p2 = get("hebei-helpdesk", q("/v1/objections", entry=EA, limit=1, cursor=c1 or ""))
    tap.eq((p2.status, ids_of((p2.json or {}).get("items")), (p2.json or {}).get("next_cursor")),
           (200, [X2], None), "… its cursor gives the second and last")
    tap.eq(on_entry("hebei-helpdesk", EA, limit=1), [X1, X2], "pages of 1 walk the entry without gaps or repeats")
    if c1:
        err(get("hebei-helpdesk", q("/v1/objections", entry=EB, limit=1, cursor=c1)), 400, "invalid_cursor",
            "the cursor of entry=A on entry=B", "cursor")
        err(get("hebei-helpdesk", q("/v1/objections", limit=1, cursor=c1)), 400, "invalid_cursor",
            "the cursor of entry=A without entry", "cursor")
        err(get("zhejiang-helpdesk", q("/v1/objections", entry=EA, limit=1, cursor=c1)), 400, "invalid_cursor",
            "the cursor of entry=A by another caller", "cursor")
    else:
        tap.skip("a cursor of entry=A on other lists", "no cursor was given out")
    for user, oid in (("hebei-helpdesk", X1), ("hebei-helpdesk", Y1)):
        step(user, oid, "dismiss", 1, "dismissed", reason="测试", name=f"{user} dismisses {oid}")
else:
    tap.skip("the entry filter", "fewer than 2 河北 entries without objections")
tap.eq(on_entry("nat-helpdesk", PROVIDER + "-399999-9999"), [], "entry= of an entry that does not exist: empty")
for bad in ("13-1", "", "130000008-310008-00011", "130000008-410008-0001", "130000008_310008_0001"):
    err(get("hebei-helpdesk", q("/v1/objections", entry=bad)), 400, "invalid_parameter",
        f"entry={bad!r}", "entry")
err(get("hebei-helpdesk", q("/v1/objections", entry=ENTRY, box="inbox")), 400, "invalid_parameter",
    "entry= with a bad box: the box is named", "box")
err(get("hebei-helpdesk", q("/v1/objections", entry=ENTRY) + "&entry=" + ENTRY2), 400, "invalid_parameter",
    "entry given twice", "entry")
err(get("hebei-approver", q("/v1/requests", entry=ENTRY)), 400, "invalid_parameter",
    "the request list takes no entry", "entry")

# ---- the demo objections ------------------------------------------------------------------------

demo, _ = walk("nat-helpdesk", 200)
states = {x["state"] for x in demo or []}
if demo and len(demo) > 10:
    tap.eq(states, {"raised", "verifying", "dismissed", "corrected", "upheld", "closed"},
           "the demo has objections in every state")
    tap.ok(any(x["overdue"] for x in demo), "… some overdue")
    d = get("hebei-approver", q("/v1/entries", department=PROVIDER, disputed="true"))
    tap.ok(d.status == 200 and d.json["items"], "… and disputed entries in hebei-approver's department", repr(d))
else:
    tap.skip("the demo objections", "the demo objections are not seeded")

# ---- audit -----------------------------------------------------------------------------------------

a = get("hebei-official", q("/v1/audit", subject=f"objection:{OID}", limit=200))
events = (a.json or {}).get("items", []) if a.status == 200 else []
tap.eq([(e["action"], e["from_state"], e["to_state"]) for e in events][:6],
       [("raise", None, "raised"), ("accept", "raised", "verifying"), ("correct", "verifying", "corrected"),
        ("close", "corrected", "closed"), ("reopen", "closed", "verifying"), ("uphold", "verifying", "upheld")],
       "the audit of an objection lists its events in order")
tap.eq([e["actor"] for e in events][:6],
       ["hebei-official", "hebei-helpdesk", "hebei-approver", "hebei-helpdesk", "hebei-official", "hebei-approver"],
       "each audit event names its actor")
tap.eq([e["reason"] for e in events][2:5], ["已按登记证书更正登记日期", None, "接口返回的仍是旧数据"],
       "notes and reasons are on the record")
err(get("guangdong-approver", q("/v1/audit", subject=f"objection:{OID}")), 404, "not_found",
    "another province's audit of the objection")
err(get("hebei-official", q("/v1/audit", subject="objection:OBJ-999999999")), 404, "not_found",
    "the audit of an unknown objection")
err(get("hebei-official", q("/v1/audit", subject="objection:bogus")), 400, "invalid_parameter",
    "a malformed objection subject")
v = get("nat-authority", "/v1/audit/verify")
tap.ok(v.status == 200 and v.json.get("ok") is True, "the audit chain is intact after the run", repr(v))

tap.done()
