"""govdxtest — the small harness every script test shares.

TAP output (one `ok`/`not ok` line per check, the plan at the end), waiting
for a condition with a deadline (never a fixed sleep), HTTP calls to the
running service, and the environment that tools/check sets up.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request


class Tap:
    """Counts checks and prints TAP. Call done() last; it sets the exit code."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        if cond:
            print(f"ok {self.n} - {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} - {name}", flush=True)
            if diag is not None:
                for line in str(diag).splitlines()[:40]:
                    print(f"# {line}", flush=True)
        return bool(cond)

    def eq(self, got, want, name):
        return self.ok(got == want, name, f"got:  {got!r}\nwant: {want!r}")

    def skip(self, name, why):
        self.n += 1
        print(f"ok {self.n} - {name} # SKIP {why}", flush=True)

    def skip_all(self, why):
        print(f"1..0 # SKIP {why}", flush=True)
        sys.exit(0)

    def done(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def wait_until(cond, timeout=10.0, interval=0.02):
    """Polls cond() until it returns a true value or the deadline passes.
    Returns the last value of cond()."""
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v or time.monotonic() >= deadline:
            return v
        time.sleep(interval)


def env_or_skip(tap, *names):
    """Returns the values of the named environment variables, or skips the
    whole test saying which is missing (tools/check sets them all)."""
    vals = []
    for n in names:
        v = os.environ.get(n)
        if not v:
            tap.skip_all(f"{n} is not set: run tools/check, which starts the service and PostgreSQL")
        vals.append(v)
    return vals


def main_stage_only(tap, why):
    """Skips the whole test outside tools/check's main stage (GOVDX_STAGE:
    main, sanitizers, distcheck; unset when run by hand counts as main).
    For the tests that prove the machinery around the code (the demo, a
    release's upgrade, a second cluster) rather than its memory or the
    tarball: the main stage runs them on the same sources."""
    stage = os.environ.get("GOVDX_STAGE") or "main"
    if stage not in ("main", "stress"):
        tap.skip_all(f"the {stage} stage leaves it to the main stage, which ran it on the same "
                     f"sources: {why}")


def exchanged_or_skip(tap):
    """The govdx-exchanged of the build under test ($top_builddir, which
    make check sets), or skips the whole test saying so."""
    path = os.path.join(os.environ.get("top_builddir", ""), "exchange-service/govdx-exchanged")
    if not os.access(path, os.X_OK):
        tap.skip_all("govdx-exchanged is not built (make check sets top_builddir)")
    return path


def run_sql(db, sql, timeout=120, sep=None):
    """Runs SQL in one psql session on the database DB (a connection
    string), ON_ERROR_STOP, unaligned and tuples only (fields split by SEP
    when given); returns (rc, stdout, stderr), stripped. Without psql on
    PATH: (127, "", "psql is not installed")."""
    if not shutil.which("psql"):
        return 127, "", "psql is not installed"
    cmd = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
    if sep is not None:
        cmd += ["-F", sep]
    p = subprocess.run(cmd + ["-d", db], input=sql, capture_output=True, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


class Exchanged:
    """A govdx-exchanged of a test's own: `BINARY serve [--db DB] [--listen
    127.0.0.1:0 --port-file TMP/NAME.port] --threads 2 ARGS`, its stderr in
    TMP/NAME.log. With port=True (the default) it waits up to TIMEOUT s for
    the port file and sets port and url (None when the service never wrote
    one). ENV replaces the environment; journal=True adds JOURNAL_STREAM
    naming the log, as systemd's journal stream would."""

    def __init__(self, binary, tmp, name, *args, db=None, port=True, env=None, journal=False,
                 timeout=30):
        self.port_file = os.path.join(tmp, name + ".port")
        self.log_path = os.path.join(tmp, name + ".log")
        self.log = open(self.log_path, "w+")
        cmd = [binary, "serve"]
        if db:
            cmd += ["--db", db]
        if port:
            cmd += ["--listen", "127.0.0.1:0", "--port-file", self.port_file]
        cmd += ["--threads", "2", *args]
        if journal:
            env = dict(os.environ if env is None else env)
            st = os.fstat(self.log.fileno())
            env["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino}"
        self.proc = subprocess.Popen(cmd, stderr=self.log, stdout=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL, env=env)
        self.port = self.url = None
        if port:
            got = wait_until(lambda: self._port(), timeout)
            if got:
                self.port = int(got)
                self.url = f"http://127.0.0.1:{got}"

    def _port(self):
        try:
            with open(self.port_file) as f:
                return f.read().strip() or None
        except OSError:
            return None

    def text(self):
        """The service's log so far."""
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def logged(self, needle, timeout=20):
        """Whether NEEDLE appears in the log within TIMEOUT s."""
        return wait_until(lambda: needle in self.text(), timeout)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Sends SIG (if the service still runs) and reaps it: its exit
        status, or None when it had to be killed after TIMEOUT s."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def token(user):
    """The demo token of a user, read from $GOVDX_TOKENS/<user>.token."""
    with open(os.path.join(os.environ["GOVDX_TOKENS"], user + ".token")) as f:
        return f.read().strip()


def users():
    """Rows of $GOVDX_TOKENS/users.tsv as dicts: user, role, department, platform."""
    rows = []
    with open(os.path.join(os.environ["GOVDX_TOKENS"], "users.tsv")) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4 and parts[0] != "user":
                rows.append(dict(zip(("user", "role", "department", "platform"), parts)))
    return rows


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    @property
    def error_code(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("error"), dict):
            return self.json["error"].get("code")
        return None

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


def api(method, path, tok=None, body=None, headers=None, raw=None, base=None, timeout=30):
    """One HTTP call to the service. body is sent as JSON, raw as bytes."""
    base = base or os.environ["GOVDX_URL"]
    data = None
    h = dict(headers or {})
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        h.setdefault("Content-Type", "application/json")
    if raw is not None:
        data = raw
    if tok is not None:
        h["Authorization"] = "Bearer " + tok
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Answer(r.status, dict(r.headers), r.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as e:
        return Answer(e.code, dict(e.headers), e.read().decode("utf-8", "replace"))
