#!/usr/bin/env python3
"""Integration tests of the sharing-request workflow over HTTP: every
transition of the state machine, every refusal status of a transition
(428, 412, 409, 422, 403, 404), automatic approval and refusal at submit,
jurisdiction, the lists and their filters, ETags, the audit of a request and
the chain, and deadlines counted on the working-day calendar.

Runs against the service and PostgreSQL that tools/check starts (GOVDX_URL,
GOVDX_TOKENS); skips without them. It files new requests of its own (from
河北省公安厅 to 河北省民政厅 and from 浙江省民政厅 to 河北省民政厅), so it works on
any demo database, seeded requests or not.
"""
import datetime
import json
import os
import sys
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")), "tests/lib"))
from govdxtest import Tap, api, env_or_skip, token, users  # noqa: E402

tap = Tap()
URL, TOKENS = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS")
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


def err(r, status, code, name):
    return tap.ok(is_error(r, status, code), f"{name}: {status} {code}", repr(r))


def etag(r):
    return {k.lower(): v for k, v in r.headers.items()}.get("etag")


def entries(dept, sharing):
    r = get("hebei-official", q("/v1/entries", department=dept, sharing=sharing, limit=20))
    return r.json["items"] if r.status == 200 else []


def items_of(code):
    r = get("hebei-official", f"/v1/entries/{code}")
    return [i["name"] for i in r.json["items"]] if r.status == 200 else []


# A usage period from today in Beijing (a period may not start in the past).
TODAY = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
PERIOD = {"from": TODAY.isoformat(), "to": (TODAY + datetime.timedelta(days=180)).isoformat()}


def create(user, entry, items, key=None, **extra):
    body = {"entry_code": entry, "purpose": "核查社会组织登记信息，用于行政审批",
            "legal_basis": "《社会组织登记管理条例》第十条", "items": items,
            "period": PERIOD}
    body.update(extra)
    h = {"Idempotency-Key": key} if key else {}
    return api("POST", "/v1/requests", tok=T[user], body=body, headers=h)


def act(user, rid, action, version, reason=None, key=None, if_match=True):
    body = {"action": action}
    if reason is not None:
        body["reason"] = reason
    h = {}
    if if_match:
        h["If-Match"] = f'"{version}"'
    if key:
        h["Idempotency-Key"] = key
    return api("POST", f"/v1/requests/{rid}/transitions", tok=T[user], body=body, headers=h)


def step(user, rid, action, version, want_state, reason=None, name=None):
    """A transition that must succeed; returns the new request (or None)."""
    r = act(user, rid, action, version, reason)
    name = name or f"{user} {action}s {rid}"
    if not tap.ok(r.status == 200 and isinstance(r.json, dict), f"{name}: 200", repr(r)):
        return None
    tap.eq(r.json["state"], want_state, f"{name}: state {want_state}")
    tap.eq(r.json["version"], version + 1, f"{name}: version {version + 1}")
    tap.eq(etag(r), f'"{version + 1}"', f"{name}: ETag \"{version + 1}\"")
    return r.json


# ---- fixtures ---------------------------------------------------------------

PROVIDER = USERS["hebei-approver"]["department"]       # 河北省民政厅
REQUESTER = USERS["hebei-official"]["department"]      # 河北省公安厅
conditional = [e for e in entries(PROVIDER, "conditional") if items_of(e["code"])]
if not conditional:
    tap.skip_all(f"no conditional entry with items in department {PROVIDER}")
ENTRY = conditional[0]["code"]
ITEMS = items_of(ENTRY)
PICK = ITEMS[:2]

# ---- create, read, ETag -------------------------------------------------------

r = create("hebei-official", ENTRY, PICK)
tap.eq(r.status, 201, "an official files a request for a conditional entry: 201")
req = r.json if isinstance(r.json, dict) else {}
RID = req.get("id", "REQ-000000")
tap.ok(RID.startswith("REQ-"), "the new request has an id REQ-…", RID)
tap.eq(req.get("state"), "pending", "a conditional entry's request is pending")
tap.eq(etag(r), '"1"', "the 201 carries ETag \"1\"")
tap.eq((req.get("requester_department"), req.get("provider_department"), req.get("items")),
       (REQUESTER, PROVIDER, PICK), "requester is the caller's department, provider the entry's")
tap.eq(req.get("requester_user"), "hebei-official", "requester_user is the caller")
tap.ok(req.get("deadline") and req.get("working_days_left") is not None,
       "a pending request has a deadline and working days left", repr(req))

g = get("hebei-official", f"/v1/requests/{RID}")
tap.eq((g.status, etag(g)), (200, '"1"'), "GET the request: 200 with ETag \"1\"")
tap.eq(g.json, req, "GET answers the object the 201 did")
g = get("hebei-approver", f"/v1/requests/{RID}", headers={"If-None-Match": '"1"'})
tap.eq(g.status, 304, "If-None-Match with the current ETag: 304")
g = get("hebei-approver", f"/v1/requests/{RID}", headers={"If-None-Match": '"7"'})
tap.eq(g.status, 200, "If-None-Match with another ETag: 200")

# ---- deadline on the working-day calendar ----------------------------------------


def working_days_after(start, n, listed):
    d = start
    while n > 0:
        d += datetime.timedelta(days=1)
        kind = listed.get(d.isoformat())
        if kind == "workday" or (kind is None and d.weekday() < 5):
            n -= 1
    return d


today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
cal = get("hebei-official", q("/v1/calendar", **{"from": today.isoformat(),
                                                  "to": (today + datetime.timedelta(days=60)).isoformat()}))
if tap.eq(cal.status, 200, "GET /v1/calendar for the next 60 days: 200"):
    listed = {d["date"]: d["kind"] for d in cal.json["items"]}
    tap.eq(req.get("deadline"), working_days_after(today, 10, listed).isoformat(),
           "the reply deadline is the 10th working day after today on the calendar")
cal = get("hebei-official", q("/v1/calendar", **{"from": "2025-01-01", "to": "2025-02-28"}))
days = {d["date"]: d["kind"] for d in cal.json["items"]} if cal.status == 200 else {}
tap.eq((days.get("2025-01-29"), days.get("2025-01-26")), ("holiday", "workday"),
       "the calendar lists 春节 2025 (29 Jan holiday, Sunday 26 Jan a make-up working day)")
tap.eq([d["date"] for d in cal.json["items"]] if cal.status == 200 else None,
       sorted(days), "calendar days come in date order")
err(get("hebei-official", q("/v1/calendar", **{"from": "2025-01-01", "to": "2026-01-02"})),
    400, "invalid_parameter", "a calendar span over 366 days")
tap.eq(get("hebei-official", q("/v1/calendar", **{"from": "2024-01-01", "to": "2024-12-31"})).status,
       200, "a calendar span of 366 days (2024) is fine")
err(get("hebei-official", q("/v1/calendar", **{"from": "2025-03-01", "to": "2025-02-01"})),
    400, "invalid_parameter", "calendar to before from")
err(get("hebei-official", q("/v1/calendar", **{"from": "2025-02-30", "to": "2025-03-01"})),
    400, "invalid_parameter", "calendar from=2025-02-30")
err(get("hebei-official", q("/v1/calendar", to="2025-03-01")), 400, "invalid_parameter",
    "calendar without from")
# A real date before the supported range: the answer says the range, not
# that it is no date.
r = get("hebei-official", q("/v1/calendar", **{"from": "1899-12-31", "to": "1899-12-31"}))
tap.ok(is_error(r, 400, "invalid_parameter") and "from 1900-01-01 on" in r.json["error"]["message"],
       "calendar from=1899-12-31 says the supported range", r)

# ---- refusals of a transition, in the contract's order ---------------------------

err(act("hebei-approver", RID, "approve", 1, if_match=False), 428, "precondition_required",
    "a transition without If-Match")
r = api("POST", f"/v1/requests/{RID}/transitions", tok=T["hebei-approver"],
        body={"action": "approve"}, headers={"If-Match": "1"})
err(r, 400, "invalid_parameter", "If-Match without quotes")
# RFC 9110: a well-formed tag that is not the current one fails the
# precondition, whatever its form; "*" names no version.
for tag, what in (('W/"1"', "a weak If-Match"), ('"stale-0"', "an If-Match of another form"),
                  ('"2147483648"', "an If-Match past any version")):
    r = api("POST", f"/v1/requests/{RID}/transitions", tok=T["hebei-approver"],
            body={"action": "approve"}, headers={"If-Match": tag})
    err(r, 412, "precondition_failed", what)
r = api("POST", f"/v1/requests/{RID}/transitions", tok=T["hebei-approver"],
        body={"action": "approve"}, headers={"If-Match": "*"})
err(r, 428, "precondition_required", "If-Match: *")
r = api("POST", f"/v1/requests/{RID}/transitions", tok=T["hebei-approver"],
        body={"action": "approve"}, headers={"If-Match": '"1", "2"'})
err(r, 400, "invalid_parameter", "an If-Match naming two versions")
err(act("hebei-approver", RID, "approve", 5), 412, "precondition_failed", "If-Match of a version never had")
err(act("hebei-approver", RID, "dance", 1), 400, "invalid_parameter", "an unknown action")
err(act("hebei-official", RID, "approve", 1), 403, "forbidden", "the requesting official approving")
err(act("hebei-approver", RID, "escalate", 1), 403, "forbidden", "the provider's approver escalating")
err(act("hebei-official", RID, "resubmit", 1), 409, "illegal_transition",
    "resubmitting a pending request")
err(act("hebei-approver", RID, "reject", 1), 422, "reason_required", "reject without a reason")
err(act("hebei-approver", RID, "reject", 1, reason="   "), 422, "reason_required",
    "reject with a blank reason")
err(act("hebei-approver", RID, "return", 1, reason=""), 422, "reason_required",
    "return with an empty reason")
err(act("hebei-approver", RID, "reject", 1, reason="理" * 2001), 400, "invalid_parameter",
    "reject with a reason over 2000 characters")
for outsider in ("guangdong-approver", "zhejiang-official", "nat-approver"):
    err(get(outsider, f"/v1/requests/{RID}"), 404, "not_found", f"{outsider} reads another's request")
    err(act(outsider, RID, "approve", 1), 404, "not_found", f"{outsider} approves another's request")
err(get("hebei-official", "/v1/requests/REQ-999999999"), 404, "not_found", "an unknown request")
err(get("hebei-official", "/v1/requests/not-an-id"), 404, "not_found", "a malformed request id")
for viewer in ("hebei-helpdesk", "hebei-authority", "nat-admin"):
    tap.eq(get(viewer, f"/v1/requests/{RID}").status, 200, f"{viewer} sees the request in its jurisdiction")
g = get("hebei-official", f"/v1/requests/{RID}")
tap.eq((g.json or {}).get("version"), 1, "no refusal changed the request")

# ---- pending → rejected → coordinating → closed -------------------------------------

cur = step("hebei-approver", RID, "reject", 1, "rejected", reason="用途与数据不相符")
tap.eq((cur or {}).get("decided_by"), "hebei-approver", "a rejection records who decided")
tap.eq((cur or {}).get("reason"), "用途与数据不相符", "a rejection carries its reason")
tap.eq((cur or {}).get("deadline"), None, "a rejected request has no deadline")
r = act("hebei-approver", RID, "approve", 1)
err(r, 412, "precondition_failed", "approving with the old ETag")
current = ((r.json or {}).get("error") or {}).get("details", {}).get("current") or {}
tap.eq((current.get("state"), current.get("decided_by"), current.get("version")),
       ("rejected", "hebei-approver", 2), "the 412 shows the current request: who decided what")
tap.ok(current.get("decided_at"), "the 412's current request says when it was decided")
err(act("hebei-approver", RID, "approve", 2), 409, "illegal_transition", "approving a rejected request")
r = act("hebei-official", RID, "withdraw", 2)
err(r, 409, "illegal_transition", "withdrawing a rejected request")
tap.eq(((r.json or {}).get("error") or {}).get("details", {}).get("state"), "rejected",
       "the 409 names the current state")
cur = step("hebei-official", RID, "escalate", 2, "coordinating", name="the requester escalates")
tap.ok((cur or {}).get("deadline"), "a request in coordination has a coordination deadline")
err(act("hebei-approver", RID, "approve", 3), 403, "forbidden",
    "the provider's approver approving a request in coordination")
err(act("zhejiang-authority", RID, "close", 3, reason="x"), 404, "not_found",
    "another province's authority closing")
err(act("hebei-authority", RID, "close", 3), 422, "reason_required", "the authority closes without a reason")
cur = step("hebei-authority", RID, "close", 3, "closed", reason="协调后维持不予共享", name="the authority closes")
tap.eq((cur or {}).get("decided_by"), "hebei-authority", "the close records the authority")
err(act("hebei-official", RID, "escalate", 4), 409, "illegal_transition", "escalating a closed request")

# ---- pending → returned → pending → withdrawn ----------------------------------------

r = create("hebei-official", ENTRY, PICK[:1])
R2 = (r.json or {}).get("id", "REQ-000000")
step("hebei-approver", R2, "return", 1, "returned", reason="请补充用途说明")
err(act("hebei-official", R2, "approve", 2), 403, "forbidden", "the requester approving a returned request")
cur = step("hebei-official", R2, "resubmit", 2, "pending", name="the requester resubmits")
tap.ok((cur or {}).get("deadline"), "a resubmitted request has a new reply deadline")
cur = step("hebei-official", R2, "withdraw", 3, "withdrawn", name="the requester withdraws a pending request")
r = create("hebei-official", ENTRY, PICK[:1])
R3 = (r.json or {}).get("id", "REQ-000000")
step("hebei-approver", R3, "return", 1, "returned", reason="请补充法律依据")
step("hebei-official", R3, "withdraw", 2, "withdrawn", name="the requester withdraws a returned request")

# ---- pending → approved; rejected → coordinating → approved -------------------------------

r = create("hebei-official", ENTRY, PICK)
R4 = (r.json or {}).get("id", "REQ-000000")
cur = step("hebei-approver", R4, "approve", 1, "approved", reason="同意共享")
tap.eq(((cur or {}).get("decided_by"), (cur or {}).get("deadline")), ("hebei-approver", None),
       "an approval records the approver and ends the deadline")
r = create("hebei-official", ENTRY, PICK)
R5 = (r.json or {}).get("id", "REQ-000000")
step("hebei-approver", R5, "reject", 1, "rejected", reason="不符合共享条件")
step("hebei-official", R5, "escalate", 2, "coordinating")
cur = step("hebei-authority", R5, "approve", 3, "approved", name="the authority approves in coordination")
tap.eq((cur or {}).get("decided_by"), "hebei-authority", "the coordinated approval records the authority")

# ---- 403 for an approver of the wrong department ---------------------------------------

r = create("zhejiang-approver", ENTRY, PICK)
tap.eq(r.status, 201, "an approver of 浙江省民政厅 files a request to 河北省民政厅")
R6 = (r.json or {}).get("id", "REQ-000000")
tap.eq(get("zhejiang-approver", f"/v1/requests/{R6}").status, 200, "the requesting approver sees it")
err(act("zhejiang-approver", R6, "approve", 1), 403, "forbidden",
    "an approver of the requesting department approving")
err(act("guangdong-approver", R6, "approve", 1), 404, "not_found",
    "an approver of a third province approving")
tap.eq(get("zhejiang-helpdesk", f"/v1/requests/{R6}").status, 200,
       "the requester province's helpdesk sees a cross-province request")

# ---- at submit: unconditional approved by the system, none refused ----------------------------

unc = [e for e in entries(PROVIDER, "unconditional") if items_of(e["code"])]
if unc:
    r = create("hebei-official", unc[0]["code"], items_of(unc[0]["code"])[:1])
    tap.eq(r.status, 201, "a request for an unconditional entry: 201")
    j = r.json or {}
    tap.eq((j.get("state"), j.get("decided_by"), j.get("deadline")), ("approved", "system", None),
           "an unconditional entry is approved by the system at once")
else:
    tap.skip("unconditional entry approved by the system", f"no unconditional entry in {PROVIDER}")
none = [e for e in entries(PROVIDER, "none") if items_of(e["code"])]
if none:
    r = create("hebei-official", none[0]["code"], items_of(none[0]["code"])[:1])
    err(r, 422, "sharing_refused", "a request for a none entry")
    tap.ok(((r.json or {}).get("error") or {}).get("details", {}).get("basis"),
           "the refusal shows the entry's basis", repr(r))
else:
    tap.skip("a none entry is refused at submit", f"no none entry in {PROVIDER}")
err(create("hebei-helpdesk", ENTRY, PICK), 403, "forbidden", "a helpdesk user filing a request")
err(create("hebei-official", ENTRY, ["没有这个信息项"]), 400, "invalid_parameter",
    "an item the entry does not have")
err(create("hebei-official", "130000008-399999-9999", PICK), 404, "not_found", "an unknown entry")
err(create("hebei-official", ENTRY, PICK, period={"from": "2026-05-01", "to": "2026-04-01"}),
    400, "invalid_parameter", "a period ending before it starts")
err(create("hebei-approver", ENTRY, PICK), 400, "invalid_parameter",
    "a department requesting its own entry")

# ---- lists -------------------------------------------------------------------------------------


def walk(user, limit, **params):
    out, cursor = [], None
    for _ in range(500):
        p = dict(params, limit=limit)
        if cursor:
            p["cursor"] = cursor
        r = get(user, q("/v1/requests", **p))
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


inbox, last = walk("hebei-approver", 200, box="inbox")
tap.ok(inbox is not None, "hebei-approver's inbox lists", repr(last))
inbox = inbox or []
ids = [x["id"] for x in inbox]
tap.ok(R4 in ids and R6 in ids, "the inbox holds the requests to 河北省民政厅")
tap.ok(all(x["provider_department"] == PROVIDER for x in inbox), "the inbox holds only the provider's requests")
tap.eq(ids, [x["id"] for x in sorted(inbox, key=order_key({"pending"}))],
       "the inbox lists what the approver decides (pending) first, then by deadline (nulls last), "
       "then id")
tap.ok(inbox and inbox[0]["state"] == "pending" and inbox[0]["actions"] and
       any(x["state"] == "coordinating" for x in inbox[1:]) and
       all(not x["actions"] for x in inbox if x["state"] == "coordinating"),
       "the first request offers the approver an action; coordinating ones (the authority's) "
       "come after", [(x["id"], x["state"]) for x in inbox][:6])
paged, _ = walk("hebei-approver", 3, box="inbox")
tap.eq([x["id"] for x in paged or []], ids, "pages of 3 walk the same inbox without gaps or repeats")
out, _ = walk("hebei-official", 200, box="outbox")
tap.ok(out is not None and RID in [x["id"] for x in out] and
       all(x["requester_department"] == REQUESTER for x in out), "the official's outbox holds its requests")
pend, _ = walk("hebei-approver", 200, box="inbox", state="pending")
tap.ok(pend is not None and all(x["state"] == "pending" for x in pend), "state=pending lists only pending")
for flag in ("overdue", "due_soon"):
    for val in ("true", "false"):
        lst, _ = walk("hebei-approver", 200, box="all", **{flag: val})
        tap.ok(lst is not None and all(x[flag] == (val == "true") for x in lst),
               f"{flag}={val} lists only requests whose {flag} is {val}")
auth, _ = walk("hebei-authority", 200, box="inbox")
tap.ok(auth is not None and all(x["state"] == "coordinating" for x in auth),
       "an authority's inbox holds requests in coordination")
alls, _ = walk("guangdong-approver", 200)
tap.ok(alls is not None and not {RID, R4, R6} & {x["id"] for x in alls},
       "another province's approver lists none of these requests")
err(get("hebei-approver", q("/v1/requests", box="trash")), 400, "invalid_parameter", "box=trash")
err(get("hebei-approver", q("/v1/requests", state="lost")), 400, "invalid_parameter", "state=lost")
err(get("hebei-approver", q("/v1/requests", overdue="yes")), 400, "invalid_parameter", "overdue=yes")
err(get("hebei-approver", q("/v1/requests", limit="201")), 400, "invalid_parameter", "limit=201")
err(get("hebei-approver", q("/v1/requests", cursor="bm9wZQ")), 400, "invalid_cursor", "a made-up cursor")
err(api("POST", q("/v1/requests", box="inbox"), tok=T["hebei-official"], body={}),
    400, "invalid_parameter", "a POST with a query parameter")
err(api("DELETE", f"/v1/requests/{RID}", tok=T["hebei-official"]), 405, "method_not_allowed",
    "DELETE a request")
err(api("GET", f"/v1/requests/{RID}/transitions", tok=T["hebei-official"]), 405,
    "method_not_allowed", "GET the transitions path")

# ---- audit ---------------------------------------------------------------------------------------

a = get("hebei-official", q("/v1/audit", subject=f"request:{RID}"))
events = (a.json or {}).get("items", []) if a.status == 200 else []
tap.eq([(e["action"], e["from_state"], e["to_state"]) for e in events],
       [("submit", None, "pending"), ("reject", "pending", "rejected"),
        ("escalate", "rejected", "coordinating"), ("close", "coordinating", "closed")],
       "the audit of a request lists its events in order")
tap.eq([e["actor"] for e in events], ["hebei-official", "hebei-approver", "hebei-official", "hebei-authority"],
       "each audit event names its actor")
tap.ok(all(x["seq"] < y["seq"] for x, y in zip(events, events[1:])), "audit seqs increase")
tap.eq([e["reason"] for e in events][1::3] if events else None, ["用途与数据不相符"] if events else None,
       "the rejection's reason is on the record")
a2 = get("hebei-official", q("/v1/audit", subject=f"request:{RID}", limit=1))
tap.ok(a2.status == 200 and len(a2.json["items"]) == 1 and a2.json["next_cursor"],
       "the audit pages with limit and cursor")
if a2.status == 200 and a2.json["next_cursor"]:
    a3 = get("hebei-official", q("/v1/audit", subject=f"request:{RID}", limit=1, cursor=a2.json["next_cursor"]))
    tap.eq([e["seq"] for e in (a3.json or {}).get("items", [])], [events[1]["seq"]] if len(events) > 1 else [],
           "the second audit page starts after the first")
err(get("guangdong-approver", q("/v1/audit", subject=f"request:{RID}")), 404, "not_found",
    "another province's audit of the request")
err(get("hebei-official", q("/v1/audit", subject="bogus")), 400, "invalid_parameter", "a malformed subject")
err(get("hebei-official", "/v1/audit"), 400, "invalid_parameter", "the audit without a subject")
e = get("hebei-official", q("/v1/audit", subject=f"entry:{ENTRY}"))
tap.eq(e.status, 200, "the audit of an entry (public) answers")
err(get("hebei-official", "/v1/audit/verify"), 403, "forbidden", "an official verifying the chain")
for who in ("hebei-admin", "nat-authority"):
    v = get(who, "/v1/audit/verify")
    tap.ok(v.status == 200 and v.json.get("ok") is True and v.json.get("checked", 0) >= len(events)
           and v.json.get("last_seq", 0) >= max([x["seq"] for x in events] or [0]),
           f"the audit chain is intact after the run ({who})", repr(v))

tap.done()
