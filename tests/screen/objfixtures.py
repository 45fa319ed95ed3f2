"""objfixtures — what the objection screen tests need from the running
system: who raises (an official), who accepts and closes (the helpdesk of
the provider's platform), who verifies (the approver of the provider
department), entries of that department that are not disputed, and
objections made and moved on through the API (faster than typing them).

The demo's Hebei users fit: hebei-official raises against data of
hebei-approver's department (河北省民政厅), hebei-helpdesk decides.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import console  # noqa: E402,F401  (sets the path to tests/lib)
import reqfixtures  # noqa: E402
from govdxtest import api, token, users  # noqa: E402


def setup(tap):
    """Skips the test (with the reason) unless the service answers
    /v1/objections; returns (official, helpdesk, approver) user rows, all
    of one platform, the official of another department than the
    approver's."""
    console.setup(tap)
    us = users()
    trio = None
    for pref in ("hebei", None):
        for h in us:
            if h["role"] != "helpdesk" or (pref and not h["user"].startswith(pref)):
                continue
            a = [u for u in us if u["role"] == "approver" and u["platform"] == h["platform"]]
            o = [u for u in us if u["role"] == "official" and u["platform"] == h["platform"] and
                 a and u["department"] != a[0]["department"]]
            if a and o:
                trio = (o[0], h, a[0])
                break
        if trio:
            break
    if not trio:
        tap.skip_all("no demo official, helpdesk and approver on one platform")
    r = api("GET", "/v1/objections?limit=1", token(trio[0]["user"]))
    if r.status in (404, 405):
        tap.skip_all("the service does not offer /v1/objections yet (%d)" % r.status)
    if r.status != 200:
        tap.skip_all("GET /v1/objections answers %d: %s" % (r.status, r.body[:200]))
    return trio


def undisputed(tok, department, n=1, skip=0):
    """Up to n entries (full detail, with two items or more) of a department
    that are not disputed, in code order after the first skip of them."""
    page = api("GET", "/v1/entries?department=%s&disputed=false&limit=100" % department,
               tok).json or {}
    out = []
    for e in page.get("items", [])[skip:]:
        full = api("GET", "/v1/entries/" + e["code"], tok).json
        if full and len(full.get("items", [])) >= 2:
            out.append(full)
        if len(out) == n:
            break
    return out


def entry(tok, code):
    return api("GET", "/v1/entries/" + code, tok).json


def raise_objection(tok, code, description, item=None, kind="incorrect"):
    body = {"entry_code": code, "kind": kind, "description": description}
    if item:
        body["item"] = item
    return api("POST", "/v1/objections", tok, body=body)


def get(tok, oid):
    return reqfixtures.case_get(tok, "objections", oid)


def transition(tok, oid, action, reason=None):
    """POST a transition with the current ETag as If-Match; the answer."""
    return reqfixtures.case_transition(tok, "objections", oid, action, reason)
