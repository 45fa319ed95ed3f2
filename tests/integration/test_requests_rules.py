#!/usr/bin/env python3
"""Integration tests of the input rules requests and objections share
(docs/architecture.md): a text of whitespace only is blank whatever the
whitespace (tabs, newlines, CR, no-break and ideographic spaces, the other
Unicode spaces), for a request's purpose and legal basis, for the reason of
reject, return and close, for an objection's description and the reasons of
its transitions; a 409 message reads as English ("cannot reject: the
request is approved"); an unknown entry is 404 naming entry_code for both
kinds; a length refusal says the limit; a usage period may not start in the
past (Beijing date, one day of grace for clients behind Beijing) nor last
more than five years.

Runs against the service and PostgreSQL that tools/check starts (GOVDX_URL,
GOVDX_TOKENS); skips without them. Requests are filed by hebei-official
against conditional entries of 河北省民政厅; every objection it raises is left
closed or dismissed, so the entries it uses end undisputed.
"""
import datetime
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")), "tests/lib"))
from govdxtest import Tap, api, env_or_skip, token, users  # noqa: E402

tap = Tap()
URL, TOKENS = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS")
USERS = {u["user"]: u for u in users()}
T = {name: token(name) for name in USERS}

# Whitespace only, each of them: blank.
BLANKS = ["\t\n", "\r", " \r\n ", "\u00a0", "\u3000", "\u2003", "\u202f", "\u2028", "\ufeff",
          "\u00a0\t\u3000", "\u1680\u205f"]
BEIJING_TODAY = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()


def q(path, **params):
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def get(user, path):
    return api("GET", path, tok=T[user])


def post(user, path, body, headers=None):
    return api("POST", path, tok=T[user], body=body, headers=headers or {})


def is_error(r, status, code):
    j = r.json
    return (r.status == status and isinstance(j, dict) and set(j) == {"error"}
            and j["error"].get("code") == code and isinstance(j["error"].get("message"), str)
            and j["error"]["message"] != "" and isinstance(j["error"].get("details"), dict))


def err(r, status, code, name, parameter=None, says=None):
    ok = tap.ok(is_error(r, status, code), f"{name}: {status} {code}", repr(r))
    if ok and parameter is not None:
        tap.eq(r.json["error"]["details"].get("parameter"), parameter, f"{name}: names {parameter}")
    if ok and says is not None:
        tap.ok(says in r.json["error"]["message"], f"{name}: the message says \"{says}\"",
               r.json["error"]["message"])
    return ok


def iso(d):
    return d.isoformat()


def plus_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February: PostgreSQL's date + interval gives the 28th
        return d.replace(year=d.year + n, day=28)


PERIOD = {"from": iso(BEIJING_TODAY), "to": iso(BEIJING_TODAY + datetime.timedelta(days=180))}
PROVIDER = USERS["hebei-approver"]["department"]
r = get("hebei-official", q("/v1/entries", department=PROVIDER, sharing="conditional", limit=5))
ENTRY = r.json["items"][0]["code"] if r.status == 200 and r.json["items"] else None
if not ENTRY:
    tap.skip_all(f"no conditional entry in department {PROVIDER}")
ITEMS = [i["name"] for i in get("hebei-official", f"/v1/entries/{ENTRY}").json["items"]][:2]
GOOD = {"entry_code": ENTRY, "purpose": "核验社会组织登记信息", "legal_basis": "《社会团体登记管理条例》第三十条",
        "items": ITEMS, "period": PERIOD}


def create(**changes):
    body = dict(GOOD)
    body.update(changes)
    return post("hebei-official", "/v1/requests", body)


def act(user, kind, cid, action, version, reason=None):
    body = {"action": action}
    if reason is not None:
        body["reason"] = reason
    return post(user, f"/v1/{kind}/{cid}/transitions", body, {"If-Match": f'"{version}"'})


CREATED = []  # pending requests to withdraw at the end


def keep(r):
    """Remembers a created request for withdrawal; returns the answer."""
    if r.status == 201 and isinstance(r.json, dict):
        CREATED.append(r.json["id"])
    return r


def new_request():
    r = create()
    tap.eq(r.status, 201, "a request to work on is filed: 201")
    return (r.json or {}).get("id", "REQ-000000")


# ---- 1. blank texts ------------------------------------------------------------------------

for b in BLANKS:
    err(create(purpose=b), 400, "invalid_parameter", f"purpose {b!r}", "purpose")
    err(create(legal_basis=b), 400, "invalid_parameter", f"legal_basis {b!r}", "legal_basis")
tap.eq(keep(create(purpose="\u3000用途\u00a0")).status, 201, "a purpose with text between Unicode spaces: 201")

RID = new_request()
for b in BLANKS:
    for action in ("reject", "return"):
        err(act("hebei-approver", "requests", RID, action, 1, reason=b), 422, "reason_required",
            f"{action} with the reason {b!r}")
g = get("hebei-official", f"/v1/requests/{RID}").json or {}
tap.eq((g.get("state"), g.get("version"), g.get("reason")), ("pending", 1, None),
       "no blank reason changed the request")

# close (coordination) with a blank reason
CID = new_request()
ok = act("hebei-approver", "requests", CID, "reject", 1, reason="信息项超出最小必要范围").status == 200
ok = ok and act("hebei-official", "requests", CID, "escalate", 2).status == 200
tap.ok(ok, "a request is rejected and escalated to coordination")
for b in BLANKS:
    err(act("hebei-authority", "requests", CID, "close", 3, reason=b), 422, "reason_required",
        f"close with the reason {b!r}")
tap.eq((get("hebei-official", f"/v1/requests/{CID}").json or {}).get("state"), "coordinating",
       "no blank close reason closed it")

# objections: the same rule through the same function
for b in BLANKS:
    err(post("hebei-official", "/v1/objections", {"entry_code": ENTRY, "kind": "incorrect", "description": b}),
        400, "invalid_parameter", f"an objection's description {b!r}", "description")
r = post("hebei-official", "/v1/objections",
         {"entry_code": ENTRY, "kind": "incorrect", "description": "地址信息与实际不符", "evidence": "\u00a0\u3000",
          "record_key": "\u2003"})
tap.eq(r.status, 201, "an objection with blank evidence and record key is raised")
OID = (r.json or {}).get("id", "OBJ-000000")
tap.eq(((r.json or {}).get("evidence"), (r.json or {}).get("record_key")), (None, None),
       "blank evidence and record key count as absent")
for b in ("\u00a0", "\u3000\t", "\ufeff"):
    err(act("hebei-helpdesk", "objections", OID, "dismiss", 1, reason=b), 422, "reason_required",
        f"dismiss with the reason {b!r}")

# ---- 2. 409 messages read as English -------------------------------------------------------

BAD_ARTICLE = re.compile(r"\ba [aeiou]", re.I)
AID = new_request()
tap.eq(act("hebei-approver", "requests", AID, "approve", 1).status, 200, "a request is approved")
for user, action, reason in (("hebei-approver", "reject", "不同意"), ("hebei-official", "escalate", None),
                             ("hebei-official", "withdraw", None)):
    r = act(user, "requests", AID, action, 2, reason=reason)
    if err(r, 409, "illegal_transition", f"{action} an approved request"):
        m = r.json["error"]["message"]
        tap.ok(not BAD_ARTICLE.search(m), f"{action} an approved request: no \"a\" before a vowel", m)
        tap.eq(m, f"cannot {action}: the request is approved", f"{action} an approved request: the message")
r = act("hebei-helpdesk", "objections", OID, "close", 1)
if err(r, 409, "illegal_transition", "close a raised objection"):
    tap.eq(r.json["error"]["message"], "cannot close: the objection is raised", "close a raised objection: the message")
ok = act("hebei-helpdesk", "objections", OID, "accept", 1).status == 200
ok = ok and act("hebei-approver", "objections", OID, "uphold", 2, reason="数据核实无误").status == 200
tap.ok(ok, "the objection is accepted and upheld")
r = act("hebei-helpdesk", "objections", OID, "accept", 3)
if err(r, 409, "illegal_transition", "accept an upheld objection"):
    m = r.json["error"]["message"]
    tap.ok(not BAD_ARTICLE.search(m), "accept an upheld objection: no \"a\" before a vowel", m)
    tap.eq(m, "cannot accept: the objection is upheld", "accept an upheld objection: the message")
tap.eq(act("hebei-helpdesk", "objections", OID, "close", 3).status, 200, "the objection is closed again")

# ---- 3. unknown entries and length limits --------------------------------------------------

UNKNOWN = PROVIDER + "-399999-9999"
err(create(entry_code=UNKNOWN), 404, "not_found", "a request for an unknown entry", "entry_code")
err(post("hebei-official", "/v1/objections", {"entry_code": UNKNOWN, "kind": "other", "description": "x"}),
    404, "not_found", "an objection on an unknown entry", "entry_code")
for field, n, limit in (("purpose", 2001, 2000), ("legal_basis", 2001, 2000), ("entry_code", 33, 32)):
    err(create(**{field: "字" * n}), 400, "invalid_parameter", f"a request's {field} of {n} characters",
        field, f"at most {limit} characters")
err(create(items=["项" * 201]), 400, "invalid_parameter", "an item of 201 characters", "items",
    "at most 200 characters")
err(create(items=[f"项{i}" for i in range(201)]), 400, "invalid_parameter", "201 items", "items", "at most 200")
for field, n, limit in (("description", 4001, 4000), ("evidence", 4001, 4000), ("record_key", 201, 200),
                        ("item", 201, 200), ("kind", 33, 32)):
    body = {"entry_code": ENTRY, "kind": "other", "description": "x"}
    body[field] = "字" * n
    err(post("hebei-official", "/v1/objections", body), 400, "invalid_parameter",
        f"an objection's {field} of {n} characters", field, f"at most {limit} characters")
# A reason over 2000 characters is a bad parameter (400 naming reason, with
# max_length), whether the action needs a reason or takes an optional one;
# 422 reason_required is only for a missing or blank required reason.


def overlong_reason(r, name):
    if err(r, 400, "invalid_parameter", name, "reason", "at most 2000 characters"):
        tap.eq(r.json["error"]["details"].get("max_length"), 2000, f"{name}: details.max_length is 2000")


overlong_reason(act("hebei-approver", "requests", RID, "reject", 1, reason="理" * 2001),
                "reject a request with a reason of 2001 characters")
overlong_reason(act("hebei-approver", "requests", RID, "approve", 1, reason="理" * 2001),
                "approve a request with an optional reason of 2001 characters")
r = post("hebei-official", "/v1/objections", {"entry_code": ENTRY, "kind": "other", "description": "长度检查"})
tap.eq(r.status, 201, "an objection to refuse overlong reasons on is raised")
OID2 = (r.json or {}).get("id", "OBJ-000000")
overlong_reason(act("hebei-helpdesk", "objections", OID2, "accept", 1, reason="理" * 2001),
                "accept an objection with an optional reason of 2001 characters")
overlong_reason(act("hebei-helpdesk", "objections", OID2, "dismiss", 1, reason="理" * 2001),
                "dismiss an objection with a reason of 2001 characters")
tap.eq(act("hebei-helpdesk", "objections", OID2, "dismiss", 1, reason="理" * 2000).status, 200,
       "a reason of exactly 2000 characters is taken")

# ---- 4. the usage period -------------------------------------------------------------------

two_ago = BEIJING_TODAY - datetime.timedelta(days=2)
err(create(period={"from": iso(two_ago), "to": iso(BEIJING_TODAY + datetime.timedelta(days=30))}),
    400, "invalid_parameter", "a period that started two days ago (Beijing)", "period.from",
    "cannot start in the past")
err(create(period={"from": "2020-01-01", "to": "2020-12-31"}), 400, "invalid_parameter",
    "a period in 2020", "period.from", "cannot start in the past")
yesterday = BEIJING_TODAY - datetime.timedelta(days=1)
tap.eq(keep(create(period={"from": iso(yesterday), "to": iso(BEIJING_TODAY)})).status, 201,
       "a period from yesterday in Beijing (today somewhere behind Beijing): 201")
five = plus_years(BEIJING_TODAY, 5)
r = keep(create(period={"from": iso(BEIJING_TODAY), "to": iso(five)}))
tap.eq(r.status, 201, "a period of exactly five years: 201")
err(create(period={"from": iso(BEIJING_TODAY), "to": iso(five + datetime.timedelta(days=1))}),
    400, "invalid_parameter", "a period of five years and a day", "period.to", "at most 5 years")
later = BEIJING_TODAY + datetime.timedelta(days=400)
tap.eq(keep(create(period={"from": iso(later), "to": iso(plus_years(later, 5))})).status, 201,
       "a period starting next year, five years long: 201")

# Leave no pending request behind in hebei-approver's inbox (the console's
# screen tests page through it).
CREATED.append(RID)
tap.ok(all(act("hebei-official", "requests", rid, "withdraw", 1).status == 200 for rid in CREATED),
       f"the {len(CREATED)} pending requests this test filed are withdrawn")
tap.done()
