#!/usr/bin/env python3
"""govdx-exchanged under systemd, without systemd: what its unit relies on.

serve tells $NOTIFY_SOCKET READY=1 once it listens and STOPPING=1 on SIGTERM
(sd_notify, when built with libsystemd: config.h's HAVE_SYSTEMD; else it
sends nothing, checked too); the connection string comes from a file
(--db-file, GOVDX_DB_FILE: what LoadCredential= hands over), which must not
be readable by others, and never together with --db or GOVDX_DB (exit 2).
The notify part starts its own service on a free port with a database that
is not there (serve listens without it); the file part reads the shared
database (GOVDX_DB) with `token list` when it is set, and skips that check
without it.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, exchanged_or_skip  # noqa: E402

tap = Tap()
BIN = exchanged_or_skip(tap)
TMP = tempfile.mkdtemp(prefix="govdx-systemd-")
NO_DB = "host=%s/no-such-dir dbname=govdx connect_timeout=2" % TMP


def run(args, env_add=None, env_del=("GOVDX_DB", "GOVDX_DB_FILE")):
    env = {k: v for k, v in os.environ.items() if k not in env_del}
    env.update(env_add or {})
    return subprocess.run([BIN] + args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60)


def secret(name, text, mode):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def built_with_systemd():
    config_h = os.path.join(os.environ.get("top_builddir", ""), "config.h")
    try:
        with open(config_h) as f:
            return any(line.startswith("#define HAVE_SYSTEMD 1") for line in f)
    except OSError:
        return None


# ---- sd_notify ---------------------------------------------------------------
with_systemd = built_with_systemd()
sock_path = os.path.join(TMP, "notify")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sock_path)
env = {k: v for k, v in os.environ.items() if k not in ("GOVDX_DB", "GOVDX_DB_FILE")}
env["NOTIFY_SOCKET"] = sock_path
proc = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--db", NO_DB,
                         "--port-file", os.path.join(TMP, "port")],
                        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE, text=True)
try:
    if with_systemd is None:
        tap.skip("serve sends READY=1 once listening", "no config.h in top_builddir")
        tap.skip("serve sends STOPPING=1 on SIGTERM", "no config.h in top_builddir")
    elif with_systemd:
        sock.settimeout(30)
        try:
            msg = sock.recv(4096).decode()
        except socket.timeout:
            msg = ""
        port = ""
        if os.path.exists(os.path.join(TMP, "port")):
            with open(os.path.join(TMP, "port")) as f:
                port = f.read().strip()
        tap.ok("READY=1" in msg.split("\n") and port and ("(port %s)" % port) in msg,
               "serve sends READY=1 once listening, with its port in STATUS=", (msg, port))
        proc.send_signal(signal.SIGTERM)
        try:
            msg = sock.recv(4096).decode()
        except socket.timeout:
            msg = ""
        tap.ok("STOPPING=1" in msg.split("\n"), "serve sends STOPPING=1 on SIGTERM", msg)
    else:
        # Built without libsystemd: nothing is sent, the unit is Type=simple.
        sock.settimeout(3)
        proc.send_signal(signal.SIGTERM)
        try:
            msg = sock.recv(4096).decode()
        except socket.timeout:
            msg = ""
        tap.eq(msg, "", "built without libsystemd, serve sends nothing to NOTIFY_SOCKET")
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    rc = proc.wait(timeout=30)
    tap.eq(rc, 0, "serve stops with status 0 on SIGTERM")
finally:
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    sock.close()

# ---- the connection string from a file ---------------------------------------
open_file = secret("db-open", NO_DB + "\n", 0o644)
r = run(["audit", "verify"], {"GOVDX_DB_FILE": open_file})
tap.ok(r.returncode == 1 and "others may read or write it (mode 0644)" in r.stderr
       and len(r.stderr.splitlines()) == 1,
       "GOVDX_DB_FILE readable by others: refused, exit 1, one line", (r.returncode, r.stderr))
r = run(["migrate", "--db-file", open_file])
tap.ok(r.returncode == 1 and "others may read or write it" in r.stderr,
       "--db-file readable by others: refused, exit 1", (r.returncode, r.stderr))
empty = secret("db-empty", " \n\n", 0o600)
r = run(["migrate", "--db-file", empty])
tap.ok(r.returncode == 1 and "empty" in r.stderr, "an empty --db-file: refused, exit 1",
       (r.returncode, r.stderr))
r = run(["migrate", "--db-file", os.path.join(TMP, "missing")])
tap.ok(r.returncode == 1 and "No such file" in r.stderr, "a missing --db-file: exit 1",
       (r.returncode, r.stderr))
good = secret("db-good", NO_DB + "\n", 0o640)
r = run(["migrate", "--db", NO_DB, "--db-file", good])
tap.ok(r.returncode == 2 and "--db and --db-file" in r.stderr, "--db with --db-file: usage, exit 2",
       (r.returncode, r.stderr))
r = run(["token", "list"], {"GOVDX_DB": NO_DB, "GOVDX_DB_FILE": good})
tap.ok(r.returncode == 2 and "GOVDX_DB and GOVDX_DB_FILE" in r.stderr,
       "GOVDX_DB with GOVDX_DB_FILE: usage, exit 2", (r.returncode, r.stderr))
# The file's string is the one used (group may read it: a credential's ACL).
r = run(["audit", "verify"], {"GOVDX_DB_FILE": good})
tap.ok(r.returncode == 1 and "%s/no-such-dir" % TMP in r.stderr,
       "GOVDX_DB_FILE (mode 0640): its connection string is the one used", (r.returncode, r.stderr))
r = run(["migrate", "--db-file", good])
tap.ok(r.returncode == 1 and "%s/no-such-dir" % TMP in r.stderr,
       "--db-file: its connection string is the one used", (r.returncode, r.stderr))

db = os.environ.get("GOVDX_DB")
if db:
    real = secret("db-real", db + "\n", 0o600)
    r = run(["token", "list"], {"GOVDX_DB_FILE": real})
    tap.ok(r.returncode == 0 and "nat-official" in r.stdout,
           "token list with GOVDX_DB_FILE reaches the database", (r.returncode, r.stderr))
else:
    tap.skip("token list with GOVDX_DB_FILE reaches the database", "GOVDX_DB is not set: run tools/check")

subprocess.run(["rm", "-rf", TMP])
tap.done()
