#!/usr/bin/env python3
"""Where serve listens, and who the client is behind a proxy.

--listen unix:PATH: a Unix socket of mode 0660 that answers the API; a
second service on the same path is refused while the first lives; a
socket file left by a killed service is replaced; any other file at the
path is refused; the file is removed on SIGTERM; --port-file is refused
with it (exit 2). --trust-proxy: for requests from a listed peer the
client is the last address of X-Forwarded-For (the one the proxy saw), for
the rate limit and the request log; earlier elements and anything that is
not an address are ignored; without the option the header is ignored.
Each instance of the service is this test's own, on the test database.
"""
import http.client
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Exchanged, Tap, env_or_skip, exchanged_or_skip, token, wait_until  # noqa: E402

tap = Tap()
url, db = env_or_skip(tap, "GOVDX_URL", "GOVDX_DB")
BIN = exchanged_or_skip(tap)
TMP = tempfile.mkdtemp(prefix="govdx-listen-")
SOCK = os.path.join(TMP, "s")
A = token("hebei-official")


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=10)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(self.path)


def get(path, tok=None, headers=None, sock=SOCK):
    """(status, body) of one GET over the Unix socket; (None, error) when
    nothing answers."""
    h = dict(headers or {})
    if tok:
        h["Authorization"] = "Bearer " + tok
    c = UnixHTTP(sock)
    try:
        c.request("GET", path, headers=h)
        r = c.getresponse()
        return r.status, r.read().decode()
    except OSError as e:
        return None, str(e)
    finally:
        c.close()


class Server(Exchanged):
    def __init__(self, name, *args):
        super().__init__(BIN, TMP, name, "--request-log", "text", *args, db=db, port=False)

    def ready(self, sock=SOCK):
        return wait_until(lambda: get("/v1/health", sock=sock)[0] == 200 or self.proc.poll() is not None,
                          30) and self.proc.poll() is None


def run(*args):
    return subprocess.run([BIN, "serve", "--db", db, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60)


# ---- unix:PATH ---------------------------------------------------------------
s = Server("unix", "--listen", "unix:" + SOCK)
try:
    tap.ok(s.ready(), "serve --listen unix:PATH answers on the socket", s.text())
    mode = stat.S_IMODE(os.lstat(SOCK).st_mode) if os.path.exists(SOCK) else None
    tap.ok(stat.S_ISSOCK(os.lstat(SOCK).st_mode) and mode == 0o660, "... a socket of mode 0660",
           oct(mode or 0))
    status, body = get("/v1/me", A)
    tap.ok(status == 200 and '"hebei-official"' in body, "... the API with a token", (status, body))
    tap.ok(s.logged("user=hebei-official method=GET path=/v1/me status=200"), "... logged")
    line = [ln for ln in s.text().splitlines() if "path=/v1/me" in ln]
    tap.ok(line and line[-1].endswith("addr=unix"), "... the client's address is unix", line)
    status, body = get("/v1/me", A, {"X-Forwarded-For": "203.0.113.7"})
    tap.ok(status == 200 and s.logged("addr=unix") and "203.0.113.7" not in s.text(),
           "without --trust-proxy X-Forwarded-For is ignored", s.text()[-300:])
    r = run("--listen", "unix:" + SOCK)
    tap.ok(r.returncode == 1 and "another process is listening there" in r.stderr,
           "a second service on a live socket's path is refused, exit 1", (r.returncode, r.stderr))
    tap.eq(get("/v1/health")[0], 200, "... and the first one still answers")
    tap.eq(s.stop(signal.SIGKILL), -signal.SIGKILL, "the service killed with SIGKILL")
    tap.ok(os.path.exists(SOCK), "... leaves its socket file behind")
finally:
    s.stop()

s = Server("again", "--listen", "unix:" + SOCK)
try:
    tap.ok(s.ready(), "a new service replaces the stale socket file and answers", s.text())
    tap.eq(s.stop(), 0, "SIGTERM stops it with status 0")
    tap.ok(not os.path.exists(SOCK), "... and removes the socket file")
finally:
    s.stop()

with open(SOCK, "w") as f:
    f.write("not a socket\n")
r = run("--listen", "unix:" + SOCK)
tap.ok(r.returncode == 1 and "exists and is not a socket" in r.stderr,
       "another kind of file at the path is refused, exit 1, and kept", (r.returncode, r.stderr))
tap.ok(open(SOCK).read() == "not a socket\n", "... the file is untouched")
os.unlink(SOCK)
r = run("--listen", "unix:relative/s")
tap.ok(r.returncode == 2 and "absolute path" in r.stderr, "unix: with a relative path: exit 2", r.stderr)
r = run("--listen", "unix:" + SOCK, "--port-file", os.path.join(TMP, "port"))
tap.ok(r.returncode == 2 and "--port-file" in r.stderr, "--port-file with a Unix socket: exit 2", r.stderr)
r = run("--listen", "unix:" + SOCK, "--trust-proxy", "example.org")
tap.ok(r.returncode == 2 and "--trust-proxy" in r.stderr, "--trust-proxy with a name: exit 2", r.stderr)

# ---- --trust-proxy -----------------------------------------------------------
s = Server("proxy", "--listen", "unix:" + SOCK, "--trust-proxy", "127.0.0.1,unix",
           "--rate-limit-user", "0", "--rate-limit-address", "1")
try:
    tap.ok(s.ready(), "serve --trust-proxy 127.0.0.1,unix starts", s.text())
    first = "203.0.113.7"
    answers = []
    while len(answers) < 200 and (not answers or answers[-1] != 429):
        answers.append(get("/v1/me", A, {"X-Forwarded-For": first})[0])
    tap.ok(answers[0] == 200 and answers[-1] == 429,
           "a client named by the proxy is limited on its own address", answers)
    tap.eq(get("/v1/me", A, {"X-Forwarded-For": "203.0.113.8"})[0], 200,
           "... while another client behind the same proxy is served")
    tap.ok(s.logged("addr=203.0.113.8"), "... and logged with its own address")
    tap.eq(get("/v1/me", A, {"X-Forwarded-For": "203.0.113.7, 198.51.100.9"})[0], 200,
           "only the last X-Forwarded-For address counts (an earlier one is the client's word)")
    tap.ok(s.logged("addr=198.51.100.9"), "... logged as the last address")
    tap.eq(get("/v1/me", A, {"X-Forwarded-For": "2001:db8::1"})[0], 200, "an IPv6 client")
    tap.ok(s.logged("addr=2001:db8::1"), "... logged as such")
    def me_lines():
        return [ln for ln in s.text().splitlines() if "path=/v1/me " in ln]
    before = len(me_lines())
    status = get("/v1/me", A, {"X-Forwarded-For": "198.51.100.9, not-an-address"})[0]
    wait_until(lambda: len(me_lines()) > before, 20)
    tap.ok(status == 200 and len(me_lines()) > before and me_lines()[before].endswith("addr=unix"),
           "a last element that is not an address is ignored: the peer (unix) is the client",
           (status, me_lines()[before:]))
finally:
    s.stop()
tap.done()
