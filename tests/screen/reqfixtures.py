"""reqfixtures — what the sharing-request screen tests need from the running
system: who files and who decides, entries of each sharing type from the
approver's department, and requests made through the API (faster than
typing them) for the console to show.

The pair is a demo official and a demo approver of another department on
the same platform (hebei-official and hebei-approver when the demo has
them); the official asks for data the approver's department publishes.
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import console  # noqa: E402,F401  (sets the path to tests/lib)
from govdxtest import api, token, users  # noqa: E402


def setup(tap):
    """Skips the test (with the reason) unless the service answers
    /v1/requests; returns (official, approver) user rows."""
    console.setup(tap)
    us = users()
    pair = None
    for pref in ("hebei", None):
        for o in us:
            if o["role"] != "official" or (pref and not o["user"].startswith(pref)):
                continue
            for a in us:
                if a["role"] == "approver" and a["platform"] == o["platform"] and \
                        a["department"] != o["department"]:
                    pair = (o, a)
                    break
            if pair:
                break
        if pair:
            break
    if not pair:
        tap.skip_all("no demo official and approver of two departments on one platform")
    r = api("GET", "/v1/requests?limit=1", token(pair[0]["user"]))
    if r.status == 404 or r.status == 405:
        tap.skip_all("the service does not offer /v1/requests yet (%d)" % r.status)
    if r.status != 200:
        tap.skip_all("GET /v1/requests answers %d: %s" % (r.status, r.body[:200]))
    return pair


def entries(tok, department, sharing, n=1):
    """Up to n entries (full detail) of a department with this sharing type,
    whose names are not substrings of each other (so a filter can tell
    them apart)."""
    page = api("GET", "/v1/entries?department=%s&sharing=%s&limit=100" % (department, sharing),
               tok).json or {}
    out = []
    for e in page.get("items", []):
        if any(e["name"] in o["name"] or o["name"] in e["name"] for o in out):
            continue
        full = api("GET", "/v1/entries/" + e["code"], tok).json
        if full and full.get("items"):
            out.append(full)
        if len(out) == n:
            break
    return out


def period():
    today = datetime.date.today()
    return {"from": today.isoformat(), "to": (today + datetime.timedelta(days=180)).isoformat()}


def file_request(tok, entry, purpose, basis="《政务数据共享条例》第十条"):
    """POST /v1/requests for the first two items of entry; the answer."""
    body = {
        "entry_code": entry["code"],
        "purpose": purpose,
        "legal_basis": basis,
        "items": [i["name"] for i in entry["items"][:2]],
        "period": period(),
    }
    return api("POST", "/v1/requests", tok, body=body)


def case_get(tok, path, cid):
    """GET /v1/<path>/<id> (path: requests or objections)."""
    return api("GET", "/v1/%s/%s" % (path, cid), tok)


def case_transition(tok, path, cid, action, reason=None):
    """POST a transition of a request or objection with the current ETag as
    If-Match; the answer."""
    cur = case_get(tok, path, cid)
    etag = cur.headers.get("ETag") or cur.headers.get("Etag") or '"%s"' % cur.json["version"]
    body = {"action": action}
    if reason is not None:
        body["reason"] = reason
    return api("POST", "/v1/%s/%s/transitions" % (path, cid), tok, body=body,
               headers={"If-Match": etag})


def get(tok, rid):
    return case_get(tok, "requests", rid)


def transition(tok, rid, action, reason=None):
    """POST a transition with the current ETag as If-Match; the answer."""
    return case_transition(tok, "requests", rid, action, reason)
