#!/usr/bin/env python3
"""Integration tests of the sharing-request POSTs against bad input,
retries and races: malformed JSON, wrong types, unknown fields, oversize
bodies and broken UTF-8 are refused with nothing written; an
Idempotency-Key retry returns the first answer with one audit event only,
and the same key with another body is 422; two approvers deciding the same
version at once get exactly one 200 and one 412.

Runs against the service and PostgreSQL that tools/check starts (GOVDX_URL,
GOVDX_TOKENS); skips without them. The bad bodies are sent as
guangdong-official, whose outbox no other test writes to, so "nothing was
written" is checked on that outbox.
"""
import datetime
import os
import sys
import threading
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
            and j["error"].get("code") == code and isinstance(j["error"].get("details"), dict))


def err(r, status, code, name, parameter=None):
    ok = tap.ok(is_error(r, status, code), f"{name}: {status} {code}", repr(r))
    if ok and parameter is not None:
        tap.eq(r.json["error"]["details"].get("parameter"), parameter, f"{name}: names {parameter}")


def etag(r):
    return {k.lower(): v for k, v in r.headers.items()}.get("etag")


PROVIDER = USERS["hebei-approver"]["department"]
r = get("hebei-official", q("/v1/entries", department=PROVIDER, sharing="conditional", limit=5))
ENTRY = r.json["items"][0]["code"] if r.status == 200 and r.json["items"] else None
if not ENTRY:
    tap.skip_all(f"no conditional entry in department {PROVIDER}")
ITEMS = [i["name"] for i in get("hebei-official", f"/v1/entries/{ENTRY}").json["items"]][:2]
# A usage period from today in Beijing (a period may not start in the past).
TODAY = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
PERIOD = {"from": TODAY.isoformat(), "to": (TODAY + datetime.timedelta(days=180)).isoformat()}
GOOD = {"entry_code": ENTRY, "purpose": "办理社会组织年检", "legal_basis": "《社会组织登记管理条例》",
        "items": ITEMS, "period": PERIOD}


def outbox(user):
    ids, cursor = [], None
    while True:
        p = {"box": "outbox", "limit": 200}
        if cursor:
            p["cursor"] = cursor
        r = get(user, q("/v1/requests", **p))
        if r.status != 200:
            return None
        ids += [x["id"] for x in r.json["items"]]
        cursor = r.json["next_cursor"]
        if not cursor:
            return ids


def post(user, path, raw=None, body=None, headers=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return api("POST", path, tok=T[user], raw=raw, body=body, headers=h)


def audit(rid):
    r = get("nat-admin", q("/v1/audit", subject=f"request:{rid}"))
    return r.json["items"] if r.status == 200 else None


# ---- bad bodies on POST /v1/requests: refused, nothing written ----------------------------

BAD = "guangdong-official"
before = outbox(BAD)
tap.ok(before is not None, "the outbox of guangdong-official lists")
cases = [
    # jansson's message quotes the bytes after the backslash and cuts the
    # character: still invalid_json, with a message the reply can carry.
    (b'{"purpose":"\\\xc3\xa9"}', 400, "invalid_json", None, "a backslash before a non-ASCII character"),
    (b'{"entry_code": ', 400, "invalid_json", None, "truncated JSON"),
    (b"", 400, "invalid_json", None, "an empty body"),
    (b"[1,2]", 400, "invalid_json", None, "a JSON array instead of an object"),
    (b'{"entry_code":"a","entry_code":"b"}', 400, "invalid_json", None, "a repeated field"),
    (b'{"purpose":"\xff\xfe"}', 400, "invalid_utf8", None, "a body that is not UTF-8"),
    (b'{"purpose":"\xed\xa0\x80"}', 400, "invalid_utf8", None, "a UTF-16 surrogate in UTF-8"),
]
for raw, status, code, param, name in cases:
    err(post(BAD, "/v1/requests", raw=raw), status, code, f"POST /v1/requests with {name}", param)


def with_(**changes):
    b = dict(GOOD)
    b.update(changes)
    return b


def without(field):
    return {k: v for k, v in GOOD.items() if k != field}


typed = [
    (with_(entry_code=130000008), "entry_code", "entry_code a number"),
    (with_(purpose=["x"]), "purpose", "purpose an array"),
    (with_(items="单位名称"), "items", "items a string"),
    (with_(items=[1, 2]), "items", "items of numbers"),
    (with_(items=[]), "items", "items empty"),
    (with_(period="2026"), "period", "period a string"),
    (with_(period={"from": "2026-01-01"}), "period.to", "period without to"),
    (with_(period={"from": "2026-02-30", "to": "2026-03-01"}), "period.from", "period.from 30 February"),
    (with_(period={"from": "2026-01-01", "to": "2026-02-01", "until": "x"}), "period.until",
     "an unknown field in period"),
    (with_(entry_code="not-a-code"), "entry_code", "a malformed entry code"),
    (with_(colour="blue"), "colour", "an unknown field"),
    (with_(purpose=""), "purpose", "an empty purpose"),
]
for body, param, name in typed:
    err(post(BAD, "/v1/requests", body=body), 400, "invalid_parameter", f"POST /v1/requests, {name}", param)
for field in ("entry_code", "items", "period"):
    r = post(BAD, "/v1/requests", body=without(field))
    tap.ok(r.status in (400, 422) and r.error_code == "invalid_parameter" and
           r.json["error"]["details"].get("parameter") == field,
           f"POST /v1/requests without {field}: 4xx invalid_parameter naming it", repr(r))
big = with_(purpose="用" * 30000)  # 90,000 bytes of UTF-8
err(post(BAD, "/v1/requests", body=big), 413, "payload_too_large", "a body over 64 KiB")
err(post(BAD, "/v1/requests", body=GOOD, headers={"Idempotency-Key": "k" * 129}), 400,
    "invalid_parameter", "an Idempotency-Key of 129 characters", "Idempotency-Key")
err(post(BAD, "/v1/requests", body=GOOD, headers={"Idempotency-Key": "a\tb"}), 400,
    "invalid_parameter", "an Idempotency-Key with a tab", "Idempotency-Key")
tap.eq(outbox(BAD), before, "none of the refused POSTs wrote a request")

# ---- bad bodies on a transition: refused, the request unchanged --------------------------------

r = post("hebei-official", "/v1/requests", body=GOOD)
RID = (r.json or {}).get("id", "REQ-000000")
tap.eq(r.status, 201, "a request to decide is filed")
path = f"/v1/requests/{RID}/transitions"
im = {"If-Match": '"1"'}
for raw, status, code, param, name in cases[:6]:
    err(post("hebei-approver", path, raw=raw, headers=im), status, code, f"a transition with {name}", param)
for body, param, name in [({"action": 1}, "action", "action a number"),
                          ({"action": "approve", "reason": 5}, "reason", "reason a number"),
                          ({"action": "approve", "note": "x"}, "note", "an unknown field"),
                          ({"reason": "x"}, None, "no action")]:
    r = post("hebei-approver", path, body=body, headers=im)
    tap.ok(r.status in (400, 422) and r.error_code == "invalid_parameter" and
           (param is None or r.json["error"]["details"].get("parameter") == param),
           f"a transition with {name}: 4xx invalid_parameter", repr(r))
err(post("hebei-approver", path, body={"action": "reject", "reason": "理" * 30000}, headers=im),
    413, "payload_too_large", "a transition body over 64 KiB")
g = get("hebei-approver", f"/v1/requests/{RID}")
tap.eq(((g.json or {}).get("version"), (g.json or {}).get("state")), (1, "pending"),
       "no refused transition changed the request")
tap.eq(len(audit(RID) or []), 1, "no refused transition wrote an audit event")

# ---- idempotent retries --------------------------------------------------------------------------

key = str(uuid.uuid4())
first = post("hebei-official", "/v1/requests", body=GOOD, headers={"Idempotency-Key": key})
again = post("hebei-official", "/v1/requests", body=GOOD, headers={"Idempotency-Key": key})
tap.eq((first.status, again.status), (201, 201), "a create and its retry with the same key: 201 both")
tap.eq(again.body, first.body, "the retry returns the first answer byte for byte")
tap.eq(etag(again), etag(first), "the retry carries the first answer's ETag")
NEW = (first.json or {}).get("id", "REQ-000000")
tap.eq(len(audit(NEW) or []), 1, "the retried create wrote one audit event")
other = post("hebei-official", "/v1/requests", body=dict(GOOD, purpose="另一个用途"),
             headers={"Idempotency-Key": key})
err(other, 422, "idempotency_key_reused", "the same key with another body")
err(post("hebei-official", f"/v1/requests/{NEW}/transitions", body={"action": "withdraw"},
         headers={"Idempotency-Key": key, "If-Match": '"1"'}),
    422, "idempotency_key_reused", "the same key on another path")
same_key_other_user = post("zhejiang-official", "/v1/requests", body=GOOD, headers={"Idempotency-Key": key})
tap.eq(same_key_other_user.status, 201, "another user's key space is their own")

tkey = str(uuid.uuid4())
h = {"Idempotency-Key": tkey, "If-Match": '"1"'}
t1 = post("hebei-approver", f"/v1/requests/{NEW}/transitions", body={"action": "approve"}, headers=h)
t2 = post("hebei-approver", f"/v1/requests/{NEW}/transitions", body={"action": "approve"}, headers=h)
tap.eq((t1.status, t2.status), (200, 200), "a transition and its retry (stale If-Match by then): 200 both")
tap.eq(t2.body, t1.body, "the transition's retry returns the first answer")
tap.eq(etag(t2), '"2"', "the retry's ETag is the first answer's")
tap.eq([e["action"] for e in audit(NEW) or []], ["submit", "approve"],
       "the retried transition wrote one audit event")
err(post("hebei-approver", f"/v1/requests/{NEW}/transitions", body={"action": "approve"},
         headers={"If-Match": '"1"'}), 412, "precondition_failed", "the same stale transition without the key")

# Concurrent requests with one key: one write, both get its answer.
ckey = str(uuid.uuid4())
answers = [None] * 6
barrier = threading.Barrier(len(answers))


def racer(i):
    barrier.wait()
    answers[i] = post("zhejiang-approver", "/v1/requests", body=GOOD, headers={"Idempotency-Key": ckey})


threads = [threading.Thread(target=racer, args=(i,)) for i in range(len(answers))]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
tap.ok(all(a is not None and a.status == 201 for a in answers),
       "six concurrent POSTs with one key: all 201", repr(answers))
tap.eq(len({a.body for a in answers if a is not None}), 1, "… all with the same answer (one request)")
cid = ((answers[0] and answers[0].json) or {}).get("id")
tap.eq(len(audit(cid) or []) if cid else None, 1, "… and one audit event")

# ---- two approvers deciding the same version at once -----------------------------------------------

for round_ in range(3):
    r = post("hebei-official", "/v1/requests", body=GOOD)
    rid = (r.json or {}).get("id", "REQ-000000")
    results = [None, None]
    barrier = threading.Barrier(2)
    moves = [("approve", None), ("reject", "不符合共享条件")]

    def decide(i):
        action, reason = moves[i]
        body = {"action": action}
        if reason:
            body["reason"] = reason
        barrier.wait()
        results[i] = post("hebei-approver", f"/v1/requests/{rid}/transitions", body=body,
                          headers={"If-Match": '"1"', "Idempotency-Key": str(uuid.uuid4())})

    ts = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    statuses = sorted(x.status for x in results if x is not None)
    tap.eq(statuses, [200, 412], f"race {round_ + 1}: approve and reject of version 1 at once: one 200, one 412")
    loser = next((x for x in results if x is not None and x.status == 412), None)
    winner = next((x for x in results if x is not None and x.status == 200), None)
    if loser and winner:
        cur = loser.json["error"]["details"].get("current") or {}
        tap.eq((cur.get("state"), cur.get("version"), cur.get("decided_by")),
               (winner.json["state"], 2, "hebei-approver"), f"race {round_ + 1}: the 412 shows the winner's decision")
    tap.eq(len(audit(rid) or []), 2, f"race {round_ + 1}: one decision on the record")

v = get("hebei-admin", "/v1/audit/verify")
tap.ok(v.status == 200 and v.json.get("ok") is True, "the audit chain is intact after the races", repr(v))
tap.done()
