#!/usr/bin/env python3
"""The actions a request or objection offers are exactly what its transitions
accept.

For every state of each workflow and every user who can see the case (the
requester or raiser, the provider's approver, the helpdesk, authorities and
admins of the province and the nation), the case's "actions" as that user
gets them (one case, the answer that brought it to the state, the list) are
compared with what the service does when the user tries each action of the
kind: a listed action succeeds — without a reason when its reason is
"optional", and only with one when "required" (422 reason_required without)
—; an action not listed is refused with 403 or 409, whatever reason is
given, and leaves the case as it was. Every success is tried on a case of
its own, brought to that state for it. Objections are also tried after
their reopen window (reopen_until backdated in the database, with psql and
GOVDX_DB; skipped without).

Runs against the service and PostgreSQL that tools/check starts (GOVDX_URL,
GOVDX_TOKENS); skips without them. It works in Zhejiang, which the console's
screen tests do not use (its many new cases would change their lists): it
files requests from 浙江省公安厅 to 浙江省民政厅 and raises objections against one
浙江省民政厅 entry that is not disputed when it starts; every objection it
raised ends closed or dismissed, so the entry is not left disputed.
"""
import datetime
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")), "tests/lib"))
from govdxtest import Tap, run_sql, api, env_or_skip, token, users  # noqa: E402

tap = Tap()
URL, TOKENS = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS")
DB = os.environ.get("GOVDX_DB")
USERS = {u["user"]: u for u in users()}
T = {name: token(name) for name in USERS}
REASON = "核对后按规定处理"


def q(path, **params):
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def get(user, path):
    return api("GET", path, tok=T[user])


def psql(sql):
    if not DB:
        return None
    rc, out, _ = run_sql(DB, sql, 60)
    return out if rc == 0 else None


class Kind:
    """One workflow: its path, its actions, how to make a case, and the
    transitions that bring a new case to each state."""

    def __init__(self, noun, path, actions, box):
        self.noun, self.path, self.actions, self.box = noun, path, actions, box

    def act(self, user, cid, action, version, reason=None):
        body = {"action": action}
        if reason is not None:
            body["reason"] = reason
        return api("POST", f"{self.path}/{cid}/transitions", tok=T[user], body=body,
                   headers={"If-Match": f'"{version}"'})


REQUESTS = Kind("request", "/v1/requests",
                ["approve", "reject", "return", "withdraw", "resubmit", "escalate", "close"], "all")
OBJECTIONS = Kind("objection", "/v1/objections",
                  ["accept", "dismiss", "correct", "uphold", "close", "reopen"], "all")

# ---- fixtures ------------------------------------------------------------------------

PROVIDER = USERS["zhejiang-approver"]["department"]       # 浙江省民政厅
REQUESTER = USERS["zhejiang-official"]["department"]      # 浙江省公安厅
r = get("zhejiang-official", q("/v1/entries", department=PROVIDER, sharing="conditional", limit=20))
conditional = []
for e in (r.json or {}).get("items", []) if r.status == 200 else []:
    d = get("zhejiang-official", f"/v1/entries/{e['code']}")
    if d.status == 200 and d.json.get("items"):
        conditional.append((e["code"], [i["name"] for i in d.json["items"]][:1]))
        break
r = get("zhejiang-official", q("/v1/entries", department=PROVIDER, disputed="false", limit=20))
free = [e["code"] for e in (r.json or {}).get("items", [])] if r.status == 200 else []
if not conditional or not free:
    tap.skip_all(f"no conditional entry with items, or no undisputed entry, in department {PROVIDER}")
REQ_ENTRY, REQ_ITEMS = conditional[0]
OBJ_ENTRY = free[-1]
TODAY = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
PERIOD = {"from": TODAY.isoformat(), "to": (TODAY + datetime.timedelta(days=90)).isoformat()}

# Everyone who may see the cases of this test (the national official and the
# other provinces' users may not: 404, not an empty list of actions).
VIEWERS = ["zhejiang-official", "zhejiang-approver", "zhejiang-helpdesk", "zhejiang-authority", "zhejiang-admin",
           "nat-helpdesk", "nat-authority", "nat-admin"]


def new_request():
    r = api("POST", "/v1/requests", tok=T["zhejiang-official"],
            body={"entry_code": REQ_ENTRY, "purpose": "核查社会组织登记信息", "legal_basis": "《社会组织登记管理条例》",
                  "items": REQ_ITEMS, "period": PERIOD})
    assert r.status == 201, repr(r)
    return r.json


def new_objection():
    r = api("POST", "/v1/objections", tok=T["zhejiang-official"],
            body={"entry_code": OBJ_ENTRY, "kind": "incorrect", "description": "登记日期与登记证书不一致"})
    assert r.status == 201, repr(r)
    return r.json


# Each state: how a new case gets there (who takes which action, with a reason).
REQUEST_PATHS = {
    "pending": [],
    "approved": [("zhejiang-approver", "approve")],
    "rejected": [("zhejiang-approver", "reject")],
    "returned": [("zhejiang-approver", "return")],
    "withdrawn": [("zhejiang-official", "withdraw")],
    "coordinating": [("zhejiang-approver", "reject"), ("zhejiang-official", "escalate")],
    "closed": [("zhejiang-approver", "reject"), ("zhejiang-official", "escalate"), ("zhejiang-authority", "close")],
}
OBJECTION_PATHS = {
    "raised": [],
    "verifying": [("zhejiang-helpdesk", "accept")],
    "dismissed": [("zhejiang-helpdesk", "dismiss")],
    "corrected": [("zhejiang-helpdesk", "accept"), ("zhejiang-approver", "correct")],
    "upheld": [("zhejiang-helpdesk", "accept"), ("zhejiang-approver", "uphold")],
    "closed": [("zhejiang-helpdesk", "accept"), ("zhejiang-approver", "correct"), ("zhejiang-helpdesk", "close")],
}
MADE_OBJECTIONS = []


def case_in(kind, state):
    """A new case brought to state; returns it as its last mover got it."""
    cur = new_request() if kind is REQUESTS else new_objection()
    if kind is OBJECTIONS:
        MADE_OBJECTIONS.append(cur["id"])
    for user, action in (REQUEST_PATHS if kind is REQUESTS else OBJECTION_PATHS)[state]:
        r = kind.act(user, cur["id"], action, cur["version"], REASON)
        assert r.status == 200, f"{user} {action}: {r!r}"
        cur = r.json
    assert cur["state"] == state, cur
    return cur


def shape_ok(actions, kind):
    return (isinstance(actions, list)
            and all(isinstance(a, dict) and set(a) == {"name", "reason"} and a["name"] in kind.actions
                    and a["reason"] in ("required", "optional", "none") for a in actions)
            and [a["name"] for a in actions] == [x for x in kind.actions if x in {a["name"] for a in actions}])


def in_list(kind, user, cid, state):
    """The case as it stands in user's list (state filter, all pages)."""
    cursor = None
    for _ in range(200):
        params = {"box": kind.box, "state": state, "limit": 200}
        if cursor:
            params["cursor"] = cursor
        r = get(user, q(kind.path, **params))
        if r.status != 200:
            return None
        for it in r.json["items"]:
            if it["id"] == cid:
                return it
        cursor = r.json.get("next_cursor")
        if not cursor:
            return None
    return None


def check_state(kind, state, paths):
    """Every viewer's actions on a case in state against what the service does."""
    base = case_in(kind, state)
    cid = base["id"]
    offered = {}
    for user in VIEWERS:
        g = get(user, f"{kind.path}/{cid}")
        if not tap.eq(g.status, 200, f"{kind.noun} {state}: {user} sees it"):
            continue
        acts = g.json.get("actions")
        tap.ok(shape_ok(acts, kind), f"{kind.noun} {state}: {user}'s actions are a list of "
               "{name, reason} in the kind's order", repr(acts))
        offered[user] = {a["name"]: a["reason"] for a in acts or []}
        listed = in_list(kind, user, cid, state)
        tap.eq((listed or {}).get("actions"), acts, f"{kind.noun} {state}: {user}'s list has the same actions")
    # The refusals first, all on the one case (a refusal changes nothing).
    for user, acts in offered.items():
        for action in kind.actions:
            if action in acts:
                continue
            r = kind.act(user, cid, action, base["version"], REASON)
            tap.ok(r.status in (403, 409) and (r.json or {}).get("error", {}).get("code") in
                   ("forbidden", "illegal_transition", "reopen_window_closed"),
                   f"{kind.noun} {state}: {user} is not offered {action} and is refused (403/409)", repr(r))
    after = get("zhejiang-official", f"{kind.path}/{cid}")
    tap.ok(after.status == 200 and after.json["version"] == base["version"] and after.json["state"] == state,
           f"{kind.noun} {state}: the refusals left the case as it was", repr(after))
    # Each offered action on a case of its own.
    for user, acts in offered.items():
        for action, reason in acts.items():
            cur = case_in(kind, state)
            if reason == "required":
                r = kind.act(user, cur["id"], action, cur["version"])
                tap.ok(r.status == 422 and r.json["error"]["code"] == "reason_required",
                       f"{kind.noun} {state}: {user}'s {action} (reason required) without one: 422", repr(r))
                r = kind.act(user, cur["id"], action, cur["version"], REASON)
            else:
                r = kind.act(user, cur["id"], action, cur["version"])
            tap.ok(r.status == 200 and r.json.get("version") == cur["version"] + 1,
                   f"{kind.noun} {state}: {user} is offered {action} ({reason}) and it is accepted", repr(r))
            if r.status == 200:
                tap.ok(shape_ok(r.json.get("actions"), kind),
                       f"{kind.noun} {state}: the answer to {user}'s {action} carries actions for the new state",
                       repr(r.json.get("actions")))
                g = get(user, f"{kind.path}/{cur['id']}")
                tap.eq(g.json.get("actions"), r.json.get("actions"),
                       f"{kind.noun} {state}: after {action}, {user}'s GET offers what the answer did")
    return offered


# ---- requests ----------------------------------------------------------------------------

seen = {}
for state in REQUEST_PATHS:
    seen[state] = check_state(REQUESTS, state, REQUEST_PATHS)

# What the rule gives, spelled out once here so that a rule that offers
# nothing (or everything) cannot pass the comparison above by itself.
tap.eq(seen["pending"].get("zhejiang-approver"), {"approve": "optional", "reject": "required", "return": "required"},
       "a pending request: the provider's approver may approve, reject (reason) or return (reason)")
tap.eq(seen["pending"].get("zhejiang-official"), {"withdraw": "optional"},
       "a pending request: the requester may withdraw")
tap.eq(seen["returned"].get("zhejiang-official"), {"withdraw": "optional", "resubmit": "optional"},
       "a returned request: the requester may withdraw or resubmit")
tap.eq(seen["rejected"].get("zhejiang-official"), {"escalate": "optional"}, "a rejected request: the requester may escalate")
tap.eq(seen["coordinating"].get("zhejiang-authority"), {"approve": "optional", "close": "required"},
       "a coordinating request: the province's authority may approve or close (reason)")
tap.eq(seen["coordinating"].get("nat-authority"), {"approve": "optional", "close": "required"},
       "a coordinating request: the national authority may too")
tap.eq(seen["pending"].get("zhejiang-authority"), {}, "a pending request: an authority may not approve it yet")
tap.ok(all(not acts for st in ("approved", "withdrawn", "closed") for acts in seen[st].values()),
       "an approved, withdrawn or closed request offers nobody anything")

# ---- objections ----------------------------------------------------------------------------

seen = {}
for state in OBJECTION_PATHS:
    seen[state] = check_state(OBJECTIONS, state, OBJECTION_PATHS)
tap.eq(seen["raised"].get("zhejiang-helpdesk"), {"accept": "optional", "dismiss": "required"},
       "a raised objection: the province's helpdesk may accept or dismiss (reason)")
tap.eq(seen["raised"].get("nat-helpdesk"), {"accept": "optional", "dismiss": "required"},
       "a raised objection: the national helpdesk may too")
tap.eq(seen["verifying"].get("zhejiang-approver"), {"correct": "required", "uphold": "required"},
       "a verifying objection: the provider's approver corrects or upholds (note)")
tap.eq(seen["corrected"].get("zhejiang-official"), {"reopen": "required"},
       "a corrected objection: the raiser may reopen (reason)")
tap.eq(seen["closed"].get("zhejiang-official"), {"reopen": "required"}, "a closed objection: the raiser may reopen")
tap.eq(seen["corrected"].get("zhejiang-helpdesk"), {"close": "optional"}, "a corrected objection: the helpdesk may close")
tap.ok(all(not acts for acts in seen["dismissed"].values()), "a dismissed objection offers nobody anything")

# After the reopen window: reopen is no longer offered, and refused.
if psql("SELECT 1") == "1":
    cur = case_in(OBJECTIONS, "closed")
    tap.eq(psql(f"UPDATE objection SET reopen_until = govdx_today() - 1 WHERE id = '{cur['id']}' RETURNING 1"), "1",
           "a closed objection's reopen window ended yesterday (backdated in the database)")
    g = get("zhejiang-official", f"{OBJECTIONS.path}/{cur['id']}")
    tap.eq(g.json.get("actions"), [], "after the window the raiser is offered nothing")
    r = OBJECTIONS.act("zhejiang-official", cur["id"], "reopen", g.json["version"], REASON)
    tap.ok(r.status == 409 and r.json["error"]["code"] == "reopen_window_closed",
           "and a reopen is refused: 409 reopen_window_closed", repr(r))
else:
    tap.skip("reopen after the window is neither offered nor accepted", "GOVDX_DB or psql is missing")

# ---- an unknown action names what there is and what the caller may do -------------------------

cur = case_in(REQUESTS, "pending")
r = REQUESTS.act("zhejiang-approver", cur["id"], "dance", cur["version"])
msg = (r.json or {}).get("error", {}).get("message", "")
tap.ok(r.status == 400 and all(a in msg for a in REQUESTS.actions) and "approve, reject or return" in msg,
       "an unknown action: 400 naming the kind's actions and those the caller may take now", repr(r))
r = api("POST", f"/v1/requests/{cur['id']}/transitions", tok=T["zhejiang-approver"], body={"action": "dance"})
tap.eq(r.status, 400, "an unknown action without If-Match is still 400, not 428")

# ---- leave no entry disputed ------------------------------------------------------------------

for oid in MADE_OBJECTIONS:
    o = get("zhejiang-official", f"/v1/objections/{oid}").json
    for user, action in {"raised": [("zhejiang-helpdesk", "dismiss")],
                         "verifying": [("zhejiang-approver", "correct"), ("zhejiang-helpdesk", "close")],
                         "corrected": [("zhejiang-helpdesk", "close")],
                         "upheld": [("zhejiang-helpdesk", "close")]}.get(o["state"], []):
        o = OBJECTIONS.act(user, oid, action, o["version"], REASON).json or o
tap.eq(get("zhejiang-official", f"/v1/entries/{OBJ_ENTRY}").json.get("disputed"), False,
       "every objection of this test ended closed or dismissed: the entry is not disputed")

tap.done()
