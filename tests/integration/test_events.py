#!/usr/bin/env python3
"""Integration tests of GET /v1/events, the long poll of changes.

- Without after: the newest seq at once, to start from.
- A parked poll wakes on a change the caller may see and answers with that
  event (its seq and request id), long before its wait is over: the poll is
  shown to be waiting before the change is made, and answered after.
- A change the caller may not see is never delivered: an outsider's poll
  runs to the end of its wait and answers without it, though its last_seq
  has moved past it.
- Parked polls hold no worker: with 40 polls waiting (sent, read by the
  service, and unanswered), a directory GET is answered while every one of
  them is still open; one change then answers all 40 with the event.
- Bad after and wait are 400.

Polls are sent on raw sockets so the test can tell "sent and waiting" from
"answered" without timing anything: a socket with nothing to read is a poll
still open. Where /proc/net/tcp exists, the test also waits until the
service has read every poll off its sockets before going on.

Runs against the service and PostgreSQL that tools/check starts (GOVDX_URL,
GOVDX_TOKENS); skips without them.
"""
import datetime
import json
import os
import select
import socket
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")), "tests/lib"))
from govdxtest import Tap, api, env_or_skip, token, users, wait_until  # noqa: E402

tap = Tap()
URL, TOKENS = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS")
USERS = {u["user"]: u for u in users()}
T = {name: token(name) for name in USERS}
u = urllib.parse.urlsplit(URL)
HOST, PORT = u.hostname, u.port or 80
N_POLLS = 40


def get(user, path, **kw):
    return api("GET", path, tok=T[user], **kw)


class Poll:
    """One GET /v1/events on a socket of its own."""

    def __init__(self, user, after, wait):
        self.sock = socket.create_connection((HOST, PORT), timeout=90)
        self.port = self.sock.getsockname()[1]
        req = (f"GET /v1/events?after={after}&wait={wait} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\n"
               f"Authorization: Bearer {T[user]}\r\nConnection: close\r\n\r\n")
        self.sock.sendall(req.encode())
        self.data = b""

    def answered(self):
        """Has anything come back yet? (never blocks)"""
        r, _, _ = select.select([self.sock], [], [], 0)
        return bool(r)

    def read(self, timeout):
        """Reads the whole answer (the service closes after it). Returns
        (status, json) or (None, None) when the deadline passes."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None, None
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                continue
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            self.data += chunk
        self.sock.close()
        head, _, body = self.data.partition(b"\r\n\r\n")
        try:
            status = int(head.split(b" ", 2)[1])
            return status, json.loads(body)
        except (IndexError, ValueError):
            return None, None


def server_read_all(polls):
    """True when the service has read every poll's request off its socket
    (its receive queue for that connection is empty), per /proc/net/tcp
    and tcp6. None when they are not there to tell."""
    lines = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                lines += f.read().splitlines()[1:]
        except OSError:
            pass
    if not lines:
        return None
    mine = {p.port for p in polls}
    seen = {}
    for line in lines:
        parts = line.split()
        local, remote, queues = parts[1], parts[2], parts[4]
        lport = int(local.rsplit(":", 1)[1], 16)
        rport = int(remote.rsplit(":", 1)[1], 16)
        if lport == PORT and rport in mine:
            seen[rport] = int(queues.split(":")[1], 16)  # rx_queue of the service's end
    return len(seen) == len(mine) and all(v == 0 for v in seen.values())


def last_seq(user="hebei-approver"):
    r = get(user, "/v1/events")
    return r.json["last_seq"] if r.status == 200 else None


PROVIDER = USERS["hebei-approver"]["department"]
r = get("hebei-official", "/v1/entries?" + urllib.parse.urlencode(
    {"department": PROVIDER, "sharing": "conditional", "limit": 5}))
ENTRY = r.json["items"][0]["code"] if r.status == 200 and r.json["items"] else None
if not ENTRY:
    tap.skip_all(f"no conditional entry in department {PROVIDER}")
ITEM = get("hebei-official", f"/v1/entries/{ENTRY}").json["items"][0]["name"]

# A usage period from today in Beijing (a period may not start in the past).
TODAY = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
PERIOD = {"from": TODAY.isoformat(), "to": (TODAY + datetime.timedelta(days=180)).isoformat()}


def file_request():
    r = api("POST", "/v1/requests", tok=T["hebei-official"],
            body={"entry_code": ENTRY, "purpose": "核实社会组织登记状态", "legal_basis": "《行政许可法》第三十一条",
                  "items": [ITEM], "period": PERIOD})
    return (r.json or {}).get("id") if r.status == 201 else None


# ---- start ---------------------------------------------------------------------------

r = get("hebei-approver", "/v1/events")
tap.ok(r.status == 200 and r.json["items"] == [] and isinstance(r.json["last_seq"], int),
       "without after: no items and the newest seq, at once", repr(r))
start = last_seq()
r = get("hebei-approver", f"/v1/events?after={start + 10**9}&wait=30", timeout=20)
tap.ok(r.status == 200 and r.json["items"] == [] and r.json["last_seq"] == start,
       "after beyond the newest seq: answered at once with the newest", repr(r))
r = get("hebei-approver", f"/v1/events?after={start}&wait=0")
tap.ok(r.status == 200 and r.json["items"] == [], "wait=0 answers at once", repr(r))
for bad in ("after=-1", "after=x", "after=1&wait=61", "after=1&wait=-1", "after=1&wait=1.5", "bogus=1"):
    r = get("hebei-approver", f"/v1/events?{bad}")
    tap.ok(r.status == 400 and r.error_code == "invalid_parameter", f"GET /v1/events?{bad}: 400", repr(r))

# ---- a waiting poll wakes on a change it may see; an outsider's does not --------------------

start = last_seq()
insider = Poll("hebei-approver", start, 50)
outsider = Poll("guangdong-approver", start, 2)
tap.ok(wait_until(lambda: server_read_all([insider, outsider]) is not False, 10),
       "the service has read both polls")
tap.ok(not insider.answered(), "the approver's poll is waiting before the change")
rid = file_request()
tap.ok(rid, "a request to 河北省民政厅 is filed", rid)
status, body = insider.read(45)
items = (body or {}).get("items", [])
ours = [e for e in items if e.get("id") == rid]
tap.eq(status, 200, "the approver's poll answers 200")
tap.ok(ours and ours[0]["action"] == "submit" and ours[0]["state"] == "pending" and ours[0]["kind"] == "request"
       and ours[0]["seq"] > start, "the poll answers with the new request's event", repr(body))
tap.ok(body and body["last_seq"] >= max([e["seq"] for e in items] or [0]), "last_seq covers the events", repr(body))
status, body = outsider.read(30)
tap.eq(status, 200, "the outsider's poll answers 200 when its wait is over")
tap.ok(body is not None and rid not in [e.get("id") for e in body.get("items", [])],
       "the outsider is not told of the other province's request", repr(body))
tap.ok(body is not None and ours and body["last_seq"] >= ours[0]["seq"],
       "… though its last_seq moved past that event", repr(body))
if ours:
    seq = ours[0]["seq"]
    r = get("hebei-official", f"/v1/events?after={seq - 1}&wait=0")
    tap.ok(r.status == 200 and [e["id"] for e in r.json["items"]][:1] == [rid],
           "the requester sees the same event", repr(r))

# ---- 40 parked polls hold no worker ------------------------------------------------------------

start = last_seq()
polls = [Poll("hebei-approver", start, 55) for _ in range(N_POLLS)]
read = wait_until(lambda: server_read_all(polls) is not False, 15)
tap.ok(read, f"the service has read all {N_POLLS} polls")
d = get("hebei-official", "/v1/platforms/130000/children?limit=5", timeout=20)
open_now = sum(1 for p in polls if not p.answered())
tap.eq(d.status, 200, f"a directory GET answers while {N_POLLS} polls wait")
tap.eq(open_now, N_POLLS, f"… and all {N_POLLS} polls were still open when it answered")
m = get("hebei-approver", "/v1/requests?box=inbox&limit=1", timeout=20)
tap.eq((m.status, sum(1 for p in polls if not p.answered())), (200, N_POLLS),
       "a request list answers too, the polls still open")
rid = file_request()
got = [p.read(45) for p in polls]
woke = [b for s, b in got if s == 200 and rid in [e.get("id") for e in (b or {}).get("items", [])]]
tap.eq(len(woke), N_POLLS, f"one change answers all {N_POLLS} polls with its event")

tap.done()
