#!/usr/bin/env python3
"""Integration tests of refusal wording: the state filter of the case lists
names the states ("must be one of the objection states: …", no "a
objection"), the length limits of optional texts say a blank value means
none (evidence, record_key are taken blank), and an empty and a
whitespace-only required text (description, purpose) get one message.

Runs against the service that tools/check starts (GOVDX_URL, GOVDX_TOKENS);
skips without them. Every write it tries is refused, so nothing is left.
"""
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")), "tests/lib"))
from govdxtest import Tap, api, env_or_skip, token, users  # noqa: E402

tap = Tap()
URL, TOKENS = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS")
T = {u["user"]: token(u["user"]) for u in users()}
BAD_ARTICLE = re.compile(r"\ba [aeiou]", re.I)


def message(r, status, parameter, name):
    j = r.json if isinstance(r.json, dict) else {}
    e = j.get("error", {})
    tap.ok(r.status == status and e.get("code") == "invalid_parameter"
           and e.get("details", {}).get("parameter") == parameter,
           f"{name}: {status} invalid_parameter naming {parameter}", repr(r))
    return e.get("message", "")


for path, noun, states in (("/v1/objections", "objection", "raised, verifying, dismissed, corrected, upheld, closed"),
                           ("/v1/requests", "request",
                            "pending, approved, rejected, returned, withdrawn, coordinating, closed")):
    m = message(api("GET", path + "?state=lost", tok=T["hebei-helpdesk"]), 400, "state", f"{path}?state=lost")
    tap.ok(not BAD_ARTICLE.search(m), f"{path}?state=lost: no \"a\" before a vowel", m)
    tap.ok(m.endswith(f"must be one of the {noun} states: {states}"), f"{path}?state=lost: names the states", m)

entries = api("GET", "/v1/entries?department=130000008&limit=1", tok=T["hebei-official"])
ENTRY = entries.json["items"][0]["code"] if entries.status == 200 and entries.json["items"] else "130000008-310008-0001"
for field, limit in (("evidence", 4000), ("record_key", 200)):
    body = {"entry_code": ENTRY, "kind": "other", "description": "x", field: "字" * (limit + 1)}
    m = message(api("POST", "/v1/objections", tok=T["hebei-official"], body=body), 400, field,
                f"an overlong {field}")
    tap.ok("non-empty" not in m and f"at most {limit} characters" in m and "blank means none" in m,
           f"an overlong {field}: says at most {limit} characters, blank means none", m)
# A blank optional text is absent (checked without writing: the description refuses the create).
for field in ("evidence", "record_key"):
    for blank in ("", " \t"):
        body = {"entry_code": ENTRY, "kind": "other", "description": " ", field: blank}
        r = api("POST", "/v1/objections", tok=T["hebei-official"], body=body)
        tap.ok(r.status == 400 and r.json["error"]["details"].get("parameter") == "description",
               f"{field}={blank!r} is taken as none (only the blank description is refused)", repr(r))

msgs = {}
for blank in ("", " ", "\u3000\t"):
    body = {"entry_code": ENTRY, "kind": "other", "description": blank}
    msgs[blank] = message(api("POST", "/v1/objections", tok=T["hebei-official"], body=body), 400,
                          "description", f"description {blank!r}")
tap.eq(len(set(msgs.values())), 1, "an empty and a whitespace-only description get the same message")
tap.ok("blank" in msgs[""], "the description's message says it may not be blank", msgs[""])

PROVIDER_ENTRY = api("GET", "/v1/entries?department=130000008&sharing=conditional&limit=1",
                     tok=T["hebei-official"]).json["items"][0]
items = api("GET", f"/v1/entries/{PROVIDER_ENTRY['code']}", tok=T["hebei-official"]).json["items"]
import datetime  # noqa: E402
today = datetime.date.today()
for field in ("purpose", "legal_basis"):
    got = set()
    for blank in ("", "  "):
        body = {"entry_code": PROVIDER_ENTRY["code"], "purpose": "办理业务", "legal_basis": "条例",
                "items": [items[0]["name"]],
                "period": {"from": (today + datetime.timedelta(days=2)).isoformat(),
                           "to": (today + datetime.timedelta(days=30)).isoformat()}}
        body[field] = blank
        got.add(message(api("POST", "/v1/requests", tok=T["hebei-official"], body=body), 400, field,
                        f"a request's {field} {blank!r}"))
    tap.eq(len(got), 1, f"an empty and a whitespace-only {field} get the same message")

tap.done()
