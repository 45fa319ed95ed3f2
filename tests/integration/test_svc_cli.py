#!/usr/bin/env python3
"""The govdx-exchanged command line and its life cycle.

Usage errors exit 2, runtime failures 1 with one line on stderr; serve writes
its port file once listening, logs one line per request without tokens,
answers 503 while the database is away and recovers by itself when it comes
back, and stops cleanly on SIGTERM. Starts its own service instances (on
free ports); the shared database is only read (GOVDX_DB, optional: the
parts that need it skip without it). Never rotates the demo tokens.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Exchanged, Tap, api, wait_until  # noqa: E402

tap = Tap()
BIN = None
for cand in (os.path.join(os.environ.get("top_builddir", ""), "exchange-service/govdx-exchanged"),
             os.path.join(TOP_SRC, "exchange-service/govdx-exchanged"), shutil.which("govdx-exchanged")):
    if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
        BIN = cand
        break
if not BIN:
    tap.skip_all("govdx-exchanged is not built (set top_builddir)")
DATA_DIR = os.path.join(TOP_SRC, "exchange-service")
DB = os.environ.get("GOVDX_DB")
TMP = tempfile.mkdtemp(prefix="govdx-cli-")
FAKE_TOKEN = "ab" * 32


def run(*args, env=None, timeout=60):
    e = dict(os.environ)
    e.pop("GOVDX_DB", None)
    e.update(env or {})
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout, env=e)


def one_line_error(p):
    lines = p.stderr.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("govdx-exchanged")


# ---- usage ----------------------------------------------------------------------

p = run("--help")
tap.ok(p.returncode == 0 and all(w in p.stdout for w in ("migrate", "seed", "demo-users", "serve", "--port-file")),
       "--help exits 0 and names every command", p)
p = run("--version")
tap.ok(p.returncode == 0 and re.match(r"^govdx-exchanged \d+\.\d+\.\d+$", p.stdout.strip()), "--version", p)
for args, why in (((), "no command"), (("frobnicate",), "an unknown command"), (("serve",), "serve without --listen"),
                  (("seed", "--scale", "10"), "a scale below 1000"), (("seed", "--scale", "x"), "a scale that is no number"),
                  (("demo-users",), "demo-users without --token-dir"), (("migrate", "--bogus"), "an unknown option"),
                  (("migrate", "--token-dir", TMP), "an option of another command"), (("migrate", "extra"), "a stray argument"),
                  (("serve", "--listen", "127.0.0.1:0", "--threads", "0"), "zero threads"), (("migrate", "--db"), "a missing value")):
    p = run(*args)
    tap.ok(p.returncode == 2 and p.stderr.strip(), f"{why}: exit 2 with a message", p)

bogus_db = "host=" + os.path.join(TMP, "nowhere") + " dbname=govdx user=postgres connect_timeout=2"
p = run("migrate", "--db", bogus_db, "--data-dir", DATA_DIR)
tap.ok(p.returncode == 1 and one_line_error(p), "migrate without a database: exit 1, one line", p)
p = run("demo-users", "--db", bogus_db, "--token-dir", os.path.join(TMP, "tokens"))
tap.ok(p.returncode == 1 and one_line_error(p), "demo-users without a database: exit 1, one line", p)
p = run("serve", "--db", bogus_db, "--listen", "256.1.1.1:0")
tap.ok(p.returncode == 1 and one_line_error(p), "serve on an impossible address: exit 1, one line", p)
p = run("migrate", "--db", bogus_db, "--data-dir", os.path.join(TMP, "empty"))
tap.ok(p.returncode == 1, "migrate with a wrong data dir: exit 1", p)

# ---- against the shared database (read-only use) --------------------------------

if DB:
    p = run("migrate", "--data-dir", DATA_DIR, env={"GOVDX_DB": DB})
    tap.ok(p.returncode == 0 and "up to date" in p.stdout, "migrate again: nothing to do, exit 0", p)
    p = run("seed", "--data-dir", DATA_DIR, env={"GOVDX_DB": DB})
    tap.ok(p.returncode == 1 and one_line_error(p) and "--force" in p.stderr,
           "seed of a seeded database refuses and names --force", p)
else:
    tap.skip("migrate is idempotent", "GOVDX_DB is not set")
    tap.skip("seed refuses a seeded database", "GOVDX_DB is not set")


# ---- serve: life cycle ----------------------------------------------------------

class Server(Exchanged):
    def __init__(self, db, name):
        super().__init__(BIN, TMP, name, db=db, timeout=10)

    def stop(self):
        return super().stop(timeout=10)

    def log_text(self):
        return self.text()


s = Server(bogus_db, "away")
tap.ok(s.url is not None, "serve --listen 127.0.0.1:0 writes the bound port to --port-file")
if s.url:
    r = api("GET", "/v1/health", base=s.url)
    tap.ok(r.status == 200 and r.json["database"] == "unavailable" and r.json["status"] != "ok",
           "health without a database: 200, database unavailable", r)
    r = api("GET", "/v1/me", tok=FAKE_TOKEN, base=s.url)
    tap.ok(r.status == 503 and r.error_code == "unavailable", "a call needing the database: 503 unavailable", r)
    r = api("GET", "/v1/me", base=s.url)
    tap.ok(r.status == 401, "a call without a token is 401 even then", r)
    rc = s.stop()
    tap.eq(rc, 0, "SIGTERM stops serve with exit 0")
    tap.ok(not os.path.exists(s.port_file), "the port file is removed on exit")
    log = s.log_text()
    tap.ok(re.search(r"^request (time=\S+ )?user=- method=GET path=/v1/health status=200 ms=[\d.]+ ", log, re.M)
           and re.search(r"^request (time=\S+ )?user=- method=GET path=/v1/me status=503 ", log, re.M),
           "one log line per request: method, path, status, duration", log[-500:])
    tap.ok(FAKE_TOKEN not in log, "the log never holds a token")
else:
    s.stop()


def parse_conninfo(ci):
    out = {}
    for m in re.finditer(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", ci):
        out[m.group(1)] = m.group(2).strip("'")
    return out


class UnixProxy:
    """Forwards a Unix socket to PostgreSQL's; cut() drops every connection,
    down()/up() refuse or accept new ones: a database going away and back."""

    def __init__(self, target):
        self.target = target
        self.dir = tempfile.mkdtemp(prefix="pgp-", dir="/tmp")
        self.path = os.path.join(self.dir, os.path.basename(target))
        self.conns = []
        self.lock = threading.Lock()
        self.listener = None
        self.up()

    def up(self):
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                c, _ = listener.accept()
            except OSError:
                return
            try:
                t = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                t.connect(self.target)
            except OSError:
                c.close()
                continue
            with self.lock:
                self.conns += [c, t]
            for a, b in ((c, t), (t, c)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        for x in (a, b):
            try:
                x.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        with self.lock:
            for c in self.conns:
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                c.close()
            self.conns = []

    def down(self):
        self.listener.close()
        os.unlink(self.path)
        self.cut()


ci = parse_conninfo(DB or "")
tokens_dir = os.environ.get("GOVDX_TOKENS")
if DB and tokens_dir and ci.get("host", "").startswith("/"):
    tok = open(os.path.join(tokens_dir, "hebei-official.token")).read().strip()
    port = ci.get("port", "5432")
    proxy = UnixProxy(os.path.join(ci["host"], f".s.PGSQL.{port}"))
    ci2 = dict(ci, host=proxy.dir, port=port)
    s = Server(" ".join(f"{k}='{v}'" for k, v in ci2.items()), "proxied")
    ok = s.url is not None
    tap.ok(ok, "a second service instance on the same database starts")
    if ok:
        r = api("GET", "/v1/me", tok=tok, base=s.url)
        tap.ok(r.status == 200 and r.json["user"] == "hebei-official", "it serves the same users", r)
        proxy.cut()
        r = api("GET", "/v1/me", tok=tok, base=s.url)
        tap.ok(r.status == 200, "a connection cut under the service is replaced at once (retried on a fresh one)", r)
        proxy.down()
        r = api("GET", "/v1/platforms/130000", tok=tok, base=s.url)
        tap.ok(r.status == 503 and r.error_code == "unavailable", "database away: 503 unavailable", r)
        r = api("GET", "/v1/health", base=s.url)
        tap.ok(r.status == 200 and r.json["database"] == "unavailable", "health says the database is unavailable", r)
        proxy.up()
        back = wait_until(lambda: api("GET", "/v1/platforms/130000", tok=tok, base=s.url).status == 200, 10)
        tap.ok(back, "database back: the service recovers by itself")
        # every worker has reconnected once all answer 200
        all_ok = wait_until(lambda: {api("GET", "/v1/health", base=s.url).json["database"]
                                     for _ in range(8)} == {"ok"}, 10)
        tap.ok(all_ok, "all workers are connected again")
        tap.eq(s.stop(), 0, "the proxied instance stops cleanly")
    else:
        s.stop()
    if os.path.exists(proxy.path):
        proxy.down()
    shutil.rmtree(proxy.dir, ignore_errors=True)
else:
    tap.skip("database away and back", "needs GOVDX_DB with a Unix socket host and GOVDX_TOKENS")

shutil.rmtree(TMP, ignore_errors=True)
tap.done()
