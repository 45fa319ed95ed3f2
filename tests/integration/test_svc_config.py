#!/usr/bin/env python3
"""govdx-exchanged serve --config FILE: the service listens where the file
says (listen, on a port picked here), reads the connection string from the
file's db-file, writes its port-file, runs its threads and logs in its
request-log format; a command-line option wins over the file, and so does
the environment (GOVDX_REQUEST_LOG). An unknown key, the connection string
itself (db), a key twice, a bad value, a file others may write, a missing
file and --config on another command are refused with exit 2, one line
naming FILE:LINE (or FILE). The services are the test's own, on the shared
database; stopped by SIGTERM, each exits 0."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, exchanged_or_skip, wait_until  # noqa: E402

tap = Tap()
(DB,) = env_or_skip(tap, "GOVDX_DB")
BIN = exchanged_or_skip(tap)
TMP = tempfile.mkdtemp(prefix="govdx-config-")
DATA_DIR = os.path.join(TOP_SRC, "exchange-service")
DB_FILE = os.path.join(TMP, "db")
with open(os.open(DB_FILE, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
    f.write(DB + "\n")
# The environment without what would stand in for the file's values.
ENV = {k: v for k, v in os.environ.items()
       if k not in ("GOVDX_DB", "GOVDX_DB_FILE", "GOVDX_REQUEST_LOG", "GOVDX_DATA_DIR")}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_conf(name, text, mode=0o640):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def serve(conf, *args, env=None):
    """Starts serve --config conf; returns (process, log path)."""
    log = os.path.join(TMP, os.path.basename(conf) + ".log")
    p = subprocess.Popen([BIN, "serve", "--config", conf, *args], stdout=subprocess.DEVNULL,
                         stderr=open(log, "w"), env=dict(ENV, **(env or {})))
    return p, log


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        return p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        return None


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=30, env=ENV)


def read(path):
    return open(path).read() if os.path.exists(path) else ""


try:
    # ---- the file's values -------------------------------------------------------
    for _ in range(3):  # a port picked here may be taken before serve binds it
        port = free_port()
        port_file = os.path.join(TMP, "port")
        conf = write_conf("a.conf", f"""# govdx-exchanged.conf of the test
listen = 127.0.0.1:{port}
db-file = {DB_FILE}
data-dir = "{DATA_DIR}"
port-file = {port_file}
threads = 2
per-address-limit = 16
rate-limit-user = 0
request-log = json
""")
        p, log = serve(conf)
        wait_until(lambda: read(port_file).strip() or p.poll() is not None, 20)
        if p.poll() is None or "in use" not in read(log):
            break
    tap.ok(p.poll() is None and read(port_file).strip() == str(port),
           "serve --config listens on the file's address and writes the file's port-file", read(log))
    r = api("GET", "/v1/health", base=f"http://127.0.0.1:{port}")
    tap.ok(r.status == 200 and r.json["database"] == "ok",
           "the service answers there, on the database of the file's db-file", r)
    tap.ok(f"listening on 127.0.0.1:{port} (port {port}, 2 threads)" in read(log),
           "... with the file's threads", read(log))
    # The request's line is written once its answer is sent: wait for it.
    logged = wait_until(lambda: any(json.loads(ln).get("path") == "/v1/health"
                                    for ln in read(log).splitlines() if ln.startswith("{")), 10)
    tap.ok(logged, "... and the file's request-log (json)", read(log))
    tap.eq(stop(p), 0, "SIGTERM stops it, exit 0")
    tap.ok(not os.path.exists(port_file), "... removing the port-file")

    # ---- the command line and the environment win ------------------------------------
    p, log = serve(conf, "--threads", "3", "--listen", "127.0.0.1:0", env={"GOVDX_REQUEST_LOG": "text"})
    wait_until(lambda: read(port_file).strip() or p.poll() is not None, 20)
    other = read(port_file).strip()
    tap.ok(p.poll() is None and other and other != str(port) and "(port %s, 3 threads)" % other in read(log),
           "--listen and --threads on the command line win over the file", read(log))
    api("GET", "/v1/health", base=f"http://127.0.0.1:{other}")
    tap.ok(wait_until(lambda: "request time=" in read(log) or "request user=" in read(log), 10),
           "GOVDX_REQUEST_LOG wins over the file's request-log", read(log))
    tap.eq(stop(p), 0, "stopped, exit 0")

    # ---- refused files ------------------------------------------------------------------
    def refused(text, line, want, what, mode=0o640, name="bad.conf"):
        path = write_conf(name, text, mode)
        p = run("serve", "--config", path)
        where = f"{path}:{line}:" if line else f"{path}:"
        tap.ok(p.returncode == 2 and where in p.stderr and want in p.stderr and
               len(p.stderr.strip().splitlines()) == 1,
               f"{what}: exit 2, one line naming {'FILE:LINE' if line else 'FILE'}", p.stderr)

    refused("listen = 127.0.0.1:0\nbogus = 1\n", 2, 'unknown key "bogus"', "an unknown key")
    refused(f"listen = 127.0.0.1:0\ndb = {DB}\n", 2, 'unknown key "db"', "the connection string itself")
    refused("threads = 2\n\nthreads = 3\n", 3, "given twice", "a key twice")
    refused("listen = 127.0.0.1:0\nthreads = many\n", 2, 'threads wants a number from 1 to 256, not "many"',
            "a bad number")
    refused("request-log = xml\n", 1, "request-log wants text, json or off", "a bad request-log")
    refused("rate-limit-user = -1\n", 1, "rate-limit-user wants", "a negative rate")
    refused("listen 127.0.0.1:0\n", 1, "not a key = value line", "a line without =")
    refused("listen =\n", 1, "listen wants a value", "an empty listen")
    refused("listen = 127.0.0.1:0\n", 0, "others may write it", "a file others may write", mode=0o666)
    p = run("serve", "--config", os.path.join(TMP, "none.conf"))
    tap.ok(p.returncode == 2 and "none.conf: No such file or directory" in p.stderr,
           "a missing file: exit 2, naming it", p.stderr)
    p = run("migrate", "--config", conf)
    tap.ok(p.returncode == 2 and "--config is an option of serve" in p.stderr, "--config on migrate: exit 2",
           p.stderr)
    p = run("serve", "--config", write_conf("nolisten.conf", "threads = 2\n"))
    tap.ok(p.returncode == 2 and "serve needs --listen" in p.stderr, "no listen anywhere: exit 2", p.stderr)
finally:
    shutil.rmtree(TMP, ignore_errors=True)
tap.done()
