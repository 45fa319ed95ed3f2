#!/usr/bin/env python3
"""Two govdx-exchanged instances on one PostgreSQL, behind one nginx.

The test starts instances A and B itself (on $GOVDX_DB, free ports, each
with its own request log) and nginx with mutual TLS in front of both
(tools/tls). What holds across them, each call sent to one instance
directly so it is known which one answered:

- nginx spreads requests over both, and a long poll of /v1/events passes
  through it unbuffered: it answers as soon as the change commits;
- the event stream: a poll parked on B answers with the event of a
  request filed on A (the instances hear each other through PostgreSQL's
  LISTEN/NOTIFY, not through memory);
- idempotency: a POST /v1/requests replayed on B with the Idempotency-Key
  it had on A returns the same answer, and there is one request, not two;
- two decisions at once, an approval sent to A and a rejection to B on the
  same version, released together: one is applied, the other gets the
  conflict answer (412 precondition_failed or 409 illegal_transition),
  and the request ends in the winner's state with one decision event;
- with B stopped nginx passes every request to A; with both stopped it
  answers 502 bad_gateway as JSON.

Needs $GOVDX_DB, $GOVDX_TOKENS and the built service; the nginx part needs
nginx and openssl (skipped with the reason without them).
"""
import datetime
import json
import os
import select
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, exchanged_or_skip, token, users, wait_until  # noqa: E402

tap = Tap()
DB, TOKENS = env_or_skip(tap, "GOVDX_DB", "GOVDX_TOKENS")
BIN = exchanged_or_skip(tap)
TLS = os.path.join(TOP_SRC, "tools", "tls")
USERS = {u["user"]: u for u in users()}
if not all(u in USERS for u in ("hebei-official", "hebei-approver", "hebei-admin")):
    tap.skip_all("the demo users hebei-official, hebei-approver and hebei-admin are missing")
T = {name: token(name) for name in ("hebei-official", "hebei-approver", "hebei-admin")}
WORK = tempfile.mkdtemp(prefix="govdx-two-")


def second_approver():
    """Another approver of hebei-approver's department, made as an operator
    would (user add, token issue): two people deciding at once. Its token,
    or None."""
    name = "two-approver-" + uuid.uuid4().hex[:8]
    out = os.path.join(WORK, name + ".token")
    add = subprocess.run([BIN, "user", "add", name, "--role", "approver", "--department",
                          USERS["hebei-approver"]["department"], "--db", DB],
                         capture_output=True, text=True, timeout=60)
    issue = subprocess.run([BIN, "token", "issue", name, "--out", out, "--days", "1", "--db", DB],
                           capture_output=True, text=True, timeout=60)
    if add.returncode != 0 or issue.returncode != 0:
        print("# " + (add.stderr + issue.stderr).replace("\n", "\n# "), flush=True)
        return None
    with open(out) as f:
        return f.read().strip()


T["second-approver"] = second_approver()
tap.ok(T["second-approver"], "a second approver of the department (user add, token issue)")
HAVE_NGINX = bool(shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK)) and bool(
    shutil.which("openssl"))


class Instance:
    """One govdx-exchanged serve on a free port of 127.0.0.1."""

    def __init__(self, name):
        self.name = name
        self.log = os.path.join(WORK, name + ".log")
        portfile = os.path.join(WORK, name + ".port")
        env = dict(os.environ, GOVDX_DB=DB)
        env.pop("GOVDX_DB_FILE", None)
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen(
                [BIN, "serve", "--listen", "127.0.0.1:0", "--port-file", portfile,
                 "--data-dir", os.path.join(TOP_SRC, "exchange-service")],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        self.url = None
        if wait_until(lambda: os.path.exists(portfile) and os.path.getsize(portfile) > 0
                      or self.proc.poll() is not None, 20) and self.proc.poll() is None:
            with open(portfile) as f:
                self.url = "http://127.0.0.1:%s" % f.read().strip()
        self.healthy = self.url is not None and wait_until(
            lambda: self.get("/v1/health").status == 200, 20)

    def get(self, path, user=None, **kw):
        return api("GET", path, tok=T[user] if user else None, base=self.url, **kw)

    def post(self, path, user, body, headers=None):
        return api("POST", path, tok=T[user], body=body, headers=headers, base=self.url)

    def waiters(self):
        """Its parked long polls (govdx_events_waiters of /v1/metrics)."""
        r = self.get("/v1/metrics", "hebei-admin")
        for line in r.body.splitlines() if r.status == 200 else []:
            if line.startswith("govdx_events_waiters "):
                return int(float(line.split()[1]))
        return None

    def served(self):
        """How many requests its log has a line of."""
        with open(self.log, errors="replace") as f:
            return sum(1 for line in f if line.startswith("request "))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Poll:
    """GET /v1/events on a socket of its own (http, or https through nginx)."""

    def __init__(self, base, after, wait, ctx=None):
        u = urllib.parse.urlsplit(base)
        sock = socket.create_connection((u.hostname, u.port), timeout=90)
        self.sock = ctx.wrap_socket(sock, server_hostname=u.hostname) if ctx else sock
        req = (f"GET /v1/events?after={after}&wait={wait} HTTP/1.1\r\nHost: {u.netloc}\r\n"
               f"Authorization: Bearer {T['hebei-approver']}\r\nConnection: close\r\n\r\n")
        self.sock.sendall(req.encode())
        self.data = b""

    def answered(self):
        if isinstance(self.sock, ssl.SSLSocket) and self.sock.pending():
            return True
        r, _, _ = select.select([self.sock], [], [], 0)
        return bool(r)

    def read(self, timeout):
        """(status, json), or (None, None) at the deadline."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None, None
            if not (isinstance(self.sock, ssl.SSLSocket) and self.sock.pending()):
                r, _, _ = select.select([self.sock], [], [], left)
                if not r:
                    continue
            try:
                chunk = self.sock.recv(65536)
            except ssl.SSLWantReadError:
                continue
            if not chunk:
                break
            self.data += chunk
        self.sock.close()
        head, _, body = self.data.partition(b"\r\n\r\n")
        if b"chunked" in head.lower():
            out, rest = b"", body
            while rest:
                size, _, rest = rest.partition(b"\r\n")
                n = int(size.split(b";")[0] or b"0", 16)
                if n == 0:
                    break
                out, rest = out + rest[:n], rest[n + 2:]
            body = out
        try:
            return int(head.split(b" ", 2)[1]), json.loads(body)
        except (IndexError, ValueError):
            return None, None


def follow(poll, again, rid, timeout=45):
    """Reads poll's answer, and while it does not hold rid's event (other
    tests' changes wake it too) polls again from its last_seq with
    again(after). Returns (status, rid's event), or (status, None) at the
    deadline or on a failure."""
    end = time.monotonic() + timeout
    while True:
        status, body = poll.read(max(0.1, end - time.monotonic()))
        if status != 200 or not isinstance(body, dict):
            return status, None
        ours = [e for e in body.get("items", []) if e.get("id") == rid]
        if ours:
            return status, ours[0]
        if rid is None or time.monotonic() >= end:
            return status, None
        poll = again(body["last_seq"])


def seq_now(inst):
    r = inst.get("/v1/events", "hebei-approver")
    return r.json["last_seq"] if r.status == 200 else None


a = b = None
nginx_dir = os.path.join(WORK, "tls")
nginx_up = False
try:
    a, b = Instance("a"), Instance("b")
    tap.ok(a.healthy and b.healthy, "instances A and B run on the one database (%s, %s)" % (a.url, b.url),
           "A: %s\nB: %s" % (open(a.log).read()[-600:], open(b.log).read()[-600:]))
    if not (a.healthy and b.healthy):
        tap.done()

    PROVIDER = USERS["hebei-approver"]["department"]
    r = a.get("/v1/entries?" + urllib.parse.urlencode(
        {"department": PROVIDER, "sharing": "conditional", "limit": 5}), "hebei-official")
    entry = r.json["items"][0]["code"] if r.status == 200 and r.json["items"] else None
    if not entry:
        tap.skip_all(f"no conditional entry in department {PROVIDER}")
    item = a.get(f"/v1/entries/{entry}", "hebei-official").json["items"][0]["name"]
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    period = {"from": today.isoformat(), "to": (today + datetime.timedelta(days=90)).isoformat()}

    def request_body(purpose):
        return {"entry_code": entry, "purpose": purpose, "legal_basis": "《行政许可法》第三十一条",
                "items": [item], "period": period}

    def file_on(inst, purpose, key=None):
        return inst.post("/v1/requests", "hebei-official", request_body(purpose),
                         headers={"Idempotency-Key": key} if key else None)

    # ---- nginx in front of both ------------------------------------------------------------
    ctx = None
    if not HAVE_NGINX:
        for name in ("nginx spreads requests over A and B", "a long poll through nginx answers on the change"):
            tap.skip(name, "nginx or openssl is not installed (tools/install-deps installs them)")
    else:
        r = subprocess.run([TLS, "start", nginx_dir, "0", urllib.parse.urlsplit(a.url).netloc,
                            urllib.parse.urlsplit(b.url).netloc],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
        nginx_up = r.returncode == 0
        tap.ok(nginx_up, "tools/tls starts nginx with A and B as upstreams", r.stdout)
        if nginx_up:
            with open(os.path.join(nginx_dir, "port")) as f:
                front = "https://127.0.0.1:%s" % f.read().strip()
            ctx = ssl.create_default_context(cafile=os.path.join(nginx_dir, "ca.crt"))
            ctx.load_cert_chain(os.path.join(nginx_dir, "client.crt"), os.path.join(nginx_dir, "client.key"))
            before = (a.served(), b.served())
            statuses = []
            for _ in range(6):
                req = urllib.request.Request(front + "/v1/me",
                                             headers={"Authorization": "Bearer " + T["hebei-official"]})
                with urllib.request.urlopen(req, context=ctx, timeout=10) as resp:
                    statuses.append(resp.status)
            # The request log line is written once the answer is sent.
            spread = wait_until(lambda: a.served() > before[0] and b.served() > before[1]
                                and a.served() + b.served() >= sum(before) + 6, 10)
            tap.ok(statuses == [200] * 6 and spread,
                   "nginx spreads requests over A and B (6 GET /v1/me: %d on A, %d on B)" % (
                       a.served() - before[0], b.served() - before[1]), statuses)
            start = seq_now(a)
            poll = Poll(front, start, 50, ctx)
            filed = time.monotonic()
            # The change is made once the poll is parked on A or B (or was
            # answered already, by another test's change).
            wait_until(lambda: (a.waiters() or 0) + (b.waiters() or 0) >= 1 or poll.answered(), 10)
            r = file_on(a, "经 nginx 的长轮询 " + uuid.uuid4().hex[:8])
            rid = (r.json or {}).get("id") if r.status == 201 else None
            status, ev = follow(poll, lambda after: Poll(front, after, 50, ctx), rid)
            took = time.monotonic() - filed
            tap.ok(rid and status == 200 and ev and took < 40,
                   "a long poll through nginx answers with the change (%.1f s of its 50)" % took,
                   repr((status, ev, rid)))

    # ---- events across instances -----------------------------------------------------------
    start = seq_now(a)
    poll = Poll(b.url, start, 50)
    # B has the poll parked before the change is made (unless another
    # test's change answered it first).
    parked = wait_until(lambda: b.waiters() == 1 or poll.answered(), 10)
    tap.ok(parked, "a poll of hebei-approver waits on B")
    r = file_on(a, "跨实例事件 " + uuid.uuid4().hex[:8])
    rid = (r.json or {}).get("id") if r.status == 201 else None
    tap.ok(rid, "a request to 河北省民政厅 is filed on A", repr(r))
    status, ev = follow(poll, lambda after: Poll(b.url, after, 50), rid)
    tap.ok(status == 200 and ev and ev["action"] == "submit" and ev["seq"] > start,
           "B's poll answers with the event of the request filed on A", repr(ev))

    # ---- idempotency across instances ---------------------------------------------------------
    key = "two-" + uuid.uuid4().hex
    purpose = "跨实例幂等 " + uuid.uuid4().hex[:8]
    r1 = file_on(a, purpose, key)
    tap.eq(r1.status, 201, "a request is filed on A with an Idempotency-Key")
    r2 = file_on(b, purpose, key)
    tap.ok(r2.status == 201 and r2.body == r1.body and r2.headers.get("ETag") == r1.headers.get("ETag"),
           "the same POST with the key on B returns A's answer unchanged", repr(r2))
    mine = []
    cursor = None
    while True:
        q = {"box": "outbox", "state": "pending", "limit": 200}
        if cursor:
            q["cursor"] = cursor
        page = b.get("/v1/requests?" + urllib.parse.urlencode(q), "hebei-official")
        if page.status != 200:
            break
        mine += [x["id"] for x in page.json["items"] if x.get("purpose") == purpose]
        cursor = page.json.get("next_cursor")
        if not cursor:
            break
    tap.eq(mine, [(r1.json or {}).get("id")], "there is one request with that purpose, not two")

    # ---- two decisions at once, one on each instance -------------------------------------------
    r = file_on(a, "跨实例并发决定 " + uuid.uuid4().hex[:8])
    rid = (r.json or {}).get("id") if r.status == 201 else None
    tag = r.headers.get("ETag")
    tap.ok(rid and tag, "a request to decide is filed", repr(r))
    before = seq_now(a)
    go = threading.Barrier(2)
    answers = {}

    def decide(inst, user, action, extra):
        body = dict({"action": action}, **extra)
        go.wait(10)
        answers[inst.name] = inst.post(f"/v1/requests/{rid}/transitions", user, body,
                                       headers={"If-Match": tag})

    # Two approvers, one on each instance, on the version both read.
    th = [threading.Thread(target=decide, args=(a, "hebei-approver", "approve", {})),
          threading.Thread(target=decide, args=(b, "second-approver", "reject", {"reason": "另一实例同时驳回"}))]
    for t in th:
        t.start()
    for t in th:
        t.join(30)
    got = sorted((n, x.status, x.error_code) for n, x in answers.items())
    won = [n for n, x in answers.items() if x.status == 200]
    lost = [n for n, x in answers.items() if x.status in (409, 412) and
            x.error_code in ("precondition_failed", "illegal_transition")]
    tap.ok(len(won) == 1 and len(lost) == 1,
           "two approvers, approve on A and reject on B at once: one is applied, the other gets the conflict answer %r" % (got,),
           repr(got))
    final = a.get(f"/v1/requests/{rid}", "hebei-approver")
    want = {"a": "approved", "b": "rejected"}.get(won[0] if won else "", "?")
    tap.ok(final.status == 200 and final.json.get("state") == want,
           "the request is in the winner's state (%s), read on A" % want, repr(final))
    ev = b.get(f"/v1/events?after={before}&wait=0", "hebei-approver")
    decisions = [e for e in (ev.json or {}).get("items", [])
                 if e.get("id") == rid and e.get("action") in ("approve", "reject")]
    tap.eq(len(decisions), 1, "one decision event, read on B")

    # ---- one instance gone ---------------------------------------------------------------------
    if nginx_up:
        b.stop()
        got = []
        for _ in range(4):
            req = urllib.request.Request(front + "/v1/me",
                                         headers={"Authorization": "Bearer " + T["hebei-official"]})
            try:
                with urllib.request.urlopen(req, context=ctx, timeout=20) as resp:
                    got.append(resp.status)
            except urllib.error.HTTPError as e:
                got.append(e.code)
        tap.eq(got, [200] * 4, "with B stopped, nginx passes every request to A")
        a.stop()
        req = urllib.request.Request(front + "/v1/me", headers={"Authorization": "Bearer " + T["hebei-official"]})
        try:
            with urllib.request.urlopen(req, context=ctx, timeout=20) as resp:
                st, body = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            st, body = e.code, e.read()
        try:
            code = json.loads(body)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = None
        tap.eq((st, code), (502, "bad_gateway"), "with both stopped, nginx answers 502 bad_gateway as JSON")
    else:
        tap.skip("with one instance stopped nginx passes requests to the other", "nginx is not running")
finally:
    if nginx_up:
        subprocess.run([TLS, "stop", nginx_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60)
    for inst in (a, b):
        if inst is not None:
            inst.stop()
    shutil.rmtree(WORK, ignore_errors=True)
tap.done()
