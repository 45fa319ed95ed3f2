#!/usr/bin/env python3
"""Integration tests: an Idempotency-Key is judged before the body.

After authentication, the first thing a POST checks is whether the caller
already used its Idempotency-Key: for another method, path or body it is
422 idempotency_key_reused whatever the body is (another endpoint's
fields, a body that is not JSON, not UTF-8, empty); for the same one the
stored answer comes back unchanged. Another caller's key of the same name
is not theirs. Checked on a create (POST /v1/objections) and a transition.

Runs against the service that tools/check starts (GOVDX_URL, GOVDX_TOKENS);
skips without them. It raises one objection on an undisputed entry of
河北省民政厅 and dismisses it, so a rerun starts alike.
"""
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
T = {u["user"]: token(u["user"]) for u in users()}


def post(user, path, body=None, key=None, raw=None, headers=None):
    h = dict(headers or {})
    if key:
        h["Idempotency-Key"] = key
    if raw is not None:
        h.setdefault("Content-Type", "application/json")
    return api("POST", path, tok=T[user], body=body, raw=raw, headers=h)


def reused(r, name):
    j = r.json
    return tap.ok(r.status == 422 and isinstance(j, dict)
                  and j.get("error", {}).get("code") == "idempotency_key_reused"
                  and j["error"].get("details", {}).get("parameter") == "Idempotency-Key",
                  f"{name}: 422 idempotency_key_reused", repr(r))


lst = api("GET", "/v1/entries?" + urllib.parse.urlencode({"department": "130000008", "disputed": "false",
                                                          "limit": 1}), tok=T["hebei-official"])
if lst.status != 200 or not lst.json["items"]:
    tap.skip_all("no undisputed entry of 130000008")
ENTRY = lst.json["items"][0]["code"]

# ---- a create ------------------------------------------------------------------------------------

K = "first-" + uuid.uuid4().hex
BODY = {"entry_code": ENTRY, "kind": "other", "description": "幂等键先于请求体检查"}
r1 = post("hebei-official", "/v1/objections", BODY, K)
tap.eq(r1.status, 201, "an objection is raised with an Idempotency-Key")
OID = (r1.json or {}).get("id", "OBJ-000000")

reused(post("hebei-official", "/v1/requests", BODY, K), "the key on POST /v1/requests with the objection's body")
reused(post("hebei-official", "/v1/requests", {"entry_code": ENTRY}, K), "the key on POST /v1/requests, body missing fields")
reused(post("hebei-official", "/v1/objections", {}, K), "the key with an empty object")
reused(post("hebei-official", "/v1/objections", dict(BODY, bogus=1), K), "the key with an unknown field")
reused(post("hebei-official", "/v1/objections", raw=b"{not json", key=K), "the key with a body that is not JSON")
reused(post("hebei-official", "/v1/objections", raw=b'{"kind":"\xff"}', key=K), "the key with a body that is not UTF-8")
reused(post("hebei-official", "/v1/objections", raw=b'{"kind":"a\x00"}', key=K), "the key with a NUL byte in the body")
reused(post("hebei-official", f"/v1/objections/{OID}/transitions", {"action": "accept"}, K,
            headers={"If-Match": '"1"'}), "the key on a transition")
reused(post("hebei-official", "/v1/objections/OBJ-999999999/transitions", {"action": "accept"}, K,
            headers={"If-Match": '"1"'}), "the key on a transition of an unknown objection")
r2 = post("hebei-official", "/v1/objections", BODY, K)
tap.ok(r2.status == 201 and r2.body == r1.body and r2.headers.get("ETag") == r1.headers.get("ETag"),
       "the same request with the key replays the stored answer", repr(r2))
r3 = post("hebei-approver", "/v1/objections", {"kind": "other"}, K)
tap.ok(r3.status == 422 and (r3.json or {}).get("error", {}).get("code") == "invalid_parameter",
       "another user's key of the same name is theirs: the body is judged (422 missing field)", repr(r3))

# ---- a transition --------------------------------------------------------------------------------

K2 = "first-" + uuid.uuid4().hex
TR = {"action": "dismiss", "reason": "不属于数据问题"}
d1 = post("hebei-helpdesk", f"/v1/objections/{OID}/transitions", TR, K2, headers={"If-Match": '"1"'})
tap.eq(d1.status, 200, "the objection is dismissed with an Idempotency-Key")
d2 = post("hebei-helpdesk", f"/v1/objections/{OID}/transitions", TR, K2, headers={"If-Match": '"1"'})
tap.ok(d2.status == 200 and d2.body == d1.body, "the retried dismiss replays its answer", repr(d2))
reused(post("hebei-helpdesk", f"/v1/objections/{OID}/transitions", {"action": "dismiss", "kind": "x"}, K2,
            headers={"If-Match": '"1"'}), "the transition's key with an unknown field")
reused(post("hebei-helpdesk", f"/v1/objections/{OID}/transitions", {"action": "explode"}, K2),
       "the transition's key with an unknown action and no If-Match")
reused(post("hebei-helpdesk", "/v1/objections", {"entry_code": ENTRY}, K2), "the transition's key on the create")
tap.eq(json.loads(api("GET", f"/v1/objections/{OID}", tok=T["hebei-helpdesk"]).body).get("version"), 2,
       "the objection was written once per key")

tap.done()
