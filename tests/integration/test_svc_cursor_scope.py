#!/usr/bin/env python3
"""Integration tests: a list cursor belongs to the list that gave it out.

A next_cursor is taken back only by the same list: the same kind of list,
the same caller and the same filters (every parameter but cursor and
limit; for a platform's children and departments, the platform in the
path). Presented anywhere else it is 400 invalid_cursor; presented to its
own list (whatever the limit) it continues the page. Checked on the request
and objection lists, the audit of a subject, the entry list and a
platform's children and departments.

Runs against the service that tools/check starts (GOVDX_URL, GOVDX_TOKENS);
skips without them. It only reads.
"""
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")), "tests/lib"))
from govdxtest import Tap, api, env_or_skip, token, users  # noqa: E402

tap = Tap()
URL, TOKENS = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS")
T = {u["user"]: token(u["user"]) for u in users()}


def get(user, path, **params):
    return api("GET", path + ("?" + urllib.parse.urlencode(params) if params else ""), tok=T[user])


def is_invalid_cursor(r):
    j = r.json
    return (r.status == 400 and isinstance(j, dict) and j.get("error", {}).get("code") == "invalid_cursor"
            and j["error"].get("details", {}).get("parameter") == "cursor")


def cursor_of(user, path, **params):
    r = get(user, path, **params)
    c = r.json.get("next_cursor") if r.status == 200 and isinstance(r.json, dict) else None
    tap.ok(isinstance(c, str) and c != "", f"{user} {path} {params} gives a next_cursor", repr(r))
    return c


def check(name, user, path, params, cursor, others):
    """cursor came from (user, path, params): it continues there (with
    another limit too) and is refused by each of others (user, path, params)."""
    if not cursor:
        tap.skip(name, "no cursor to try")
        return
    r = get(user, path, **dict(params, cursor=cursor))
    tap.ok(r.status == 200, f"{name}: the list that gave the cursor takes it", repr(r))
    r = get(user, path, **dict(params, cursor=cursor, limit=1))
    tap.ok(r.status == 200, f"{name}: the same list with another limit takes it", repr(r))
    for ouser, opath, oparams, why in others:
        r = get(ouser, opath, **dict(oparams, cursor=cursor))
        tap.ok(is_invalid_cursor(r), f"{name}: refused {why} (400 invalid_cursor)", repr(r))


# ---- objections: the QA case (box=helpdesk, limit=2) ---------------------------------------------

c = cursor_of("hebei-helpdesk", "/v1/objections", box="helpdesk", limit=2)
check("objections", "hebei-helpdesk", "/v1/objections", {"box": "helpdesk", "limit": 2}, c, [
    ("hebei-helpdesk", "/v1/objections", {"box": "all"}, "on box=all"),
    ("hebei-helpdesk", "/v1/objections", {}, "without box"),
    ("hebei-helpdesk", "/v1/objections", {"box": "helpdesk", "state": "raised"}, "with state=raised added"),
    ("hebei-helpdesk", "/v1/objections", {"box": "helpdesk", "overdue": "false"}, "with overdue=false added"),
    ("hebei-helpdesk", "/v1/objections", {"box": "helpdesk", "due_soon": "true"}, "with due_soon=true added"),
    ("hebei-authority", "/v1/objections", {"box": "helpdesk"}, "by another user"),
    ("nat-helpdesk", "/v1/objections", {"box": "helpdesk"}, "by another helpdesk user"),
    ("hebei-helpdesk", "/v1/requests", {}, "on the request list"),
])

# ---- requests ------------------------------------------------------------------------------------

c = cursor_of("hebei-approver", "/v1/requests", box="all", limit=1)
check("requests", "hebei-approver", "/v1/requests", {"box": "all", "limit": 1}, c, [
    ("hebei-approver", "/v1/requests", {"box": "inbox"}, "on box=inbox"),
    ("hebei-approver", "/v1/requests", {"box": "all", "state": "pending"}, "with state=pending added"),
    ("hebei-official", "/v1/requests", {"box": "all"}, "by another user"),
    ("hebei-approver", "/v1/objections", {"box": "all"}, "on the objection list"),
])

# ---- audit: a subject with at least two events ---------------------------------------------------

objs = get("hebei-helpdesk", "/v1/objections", box="all", limit=200)
decided = [o["id"] for o in (objs.json or {}).get("items", []) if o["state"] != "raised"] if objs.status == 200 else []
if len(decided) >= 2:
    subj, other = f"objection:{decided[0]}", f"objection:{decided[1]}"
    c = cursor_of("hebei-helpdesk", "/v1/audit", subject=subj, limit=1)
    check("audit", "hebei-helpdesk", "/v1/audit", {"subject": subj, "limit": 1}, c, [
        ("hebei-helpdesk", "/v1/audit", {"subject": other}, "for another subject"),
        ("nat-helpdesk", "/v1/audit", {"subject": subj}, "by another user"),
    ])
else:
    tap.skip("audit", "no two decided objections to page the audit of")

# ---- directory -----------------------------------------------------------------------------------

c = cursor_of("hebei-official", "/v1/entries", platform="130000", limit=2)
check("entries", "hebei-official", "/v1/entries", {"platform": "130000", "limit": 2}, c, [
    ("hebei-official", "/v1/entries", {}, "without the platform"),
    ("hebei-official", "/v1/entries", {"platform": "000000"}, "for another platform"),
    ("hebei-official", "/v1/entries", {"platform": "130000", "sharing": "conditional"}, "with sharing added"),
    ("hebei-official", "/v1/entries", {"platform": "130000", "open": "open"}, "with open added"),
    ("hebei-official", "/v1/entries", {"platform": "130000", "disputed": "false"}, "with disputed added"),
    ("hebei-official", "/v1/entries", {"platform": "130000", "q": "13"}, "with q added"),
    ("hebei-official", "/v1/entries", {"platform": "130000", "department": "130000008"}, "with department added"),
    ("hebei-approver", "/v1/entries", {"platform": "130000"}, "by another user"),
])
c = cursor_of("hebei-official", "/v1/platforms/130000/children", limit=2)
check("children", "hebei-official", "/v1/platforms/130000/children", {"limit": 2}, c, [
    ("hebei-official", "/v1/platforms/140000/children", {}, "for another platform"),
    ("hebei-approver", "/v1/platforms/130000/children", {}, "by another user"),
    ("hebei-official", "/v1/platforms/130000/departments", {}, "on the departments list"),
])
c = cursor_of("hebei-official", "/v1/platforms/130000/departments", limit=2)
check("departments", "hebei-official", "/v1/platforms/130000/departments", {"limit": 2}, c, [
    ("hebei-official", "/v1/platforms/140000/departments", {}, "for another platform"),
    ("hebei-approver", "/v1/platforms/130000/departments", {}, "by another user"),
])

# A cursor made by hand: the head (kind and tag) of a real one before
# another key of the right shape. Its tag signs the key too, so it is
# refused; only the list's own pages resume.
import base64  # noqa: E402


def b64d(c):
    return base64.urlsafe_b64decode(c + "=" * (-len(c) % 4))


def b64e(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


c = cursor_of("hebei-official", "/v1/platforms/130000/children", limit=2)
raw = b64d(c) if c else b""
head, _, key = raw.rpartition(b":")
forged = b64e(head + b":" + (b"130900" if key != b"130900" else b"131000")) if head else None
tap.ok(forged and forged != c and
       is_invalid_cursor(get("hebei-official", "/v1/platforms/130000/children", limit=2, cursor=forged)),
       "a cursor made by hand with a real one's tag and another key is refused", (c, forged))
r = get("hebei-official", "/v1/platforms/130000/children", limit=2, cursor=c)
tap.ok(r.status == 200 and r.json["items"], "the real one continues its list", r)

tap.done()
