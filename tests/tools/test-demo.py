#!/usr/bin/env python3
"""tools/demo --serve, as the README promises it: the first run creates the
embedded system in its state directory and prints GOVDX_URL, GOVDX_CONFIG
and GOVDX_TOKENS (one 0600 token per demo user, every role nationally and
in three provinces); Ctrl-C stops everything it started; a second run
reuses the cluster without seeding again; plain tools/demo opens the
console in a terminal (tmux) on it and :q stops it all; a cluster removed behind its
back (a clean-up of /var/tmp) is made and seeded afresh, with new tokens
that work; --reset, and a state directory deleted by hand, give a fresh
system and leave no old cluster behind.  Each run is stopped by a signal:
SIGINT as Ctrl-C sends it, SIGTERM to a demo started with SIGINT ignored
(as a background shell starts it, where Ctrl-C cannot reach it), SIGHUP as
a closed terminal sends it; after each nothing of the demo is left running.
--tls puts nginx with mutual TLS in front (tools/tls): https with the demo
CA and client certificate, refused without one; Ctrl-C stops nginx too.
Its steps: off a terminal each is a plain line with its time (the seed's
progress a line each 10 %), never a carriage return or an escape sequence;
with stderr on a terminal (a pty) the seed draws its progress bar in place.
Runs its own system in a temporary state directory, on the
build tree under test, at a small scale.  The demo's own set-up steps run
as a user's would: tools/check has installed and built everything before
the tests, so install-deps finds nothing missing and make nothing to do."""
import glob
import os
import re
import shlex
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, wait_until, main_stage_only  # noqa: E402

tap = Tap()
main_stage_only(tap, "tools/demo builds its own tree, not this stage's")
# Like the other system tests it runs where tools/check set the system up
# (GOVDX_URL), not in a packager's plain `make check`: the demo installs
# what is missing, and a second PostgreSQL is no unit test.
if not os.environ.get("GOVDX_URL"):
    tap.skip_all("GOVDX_URL is not set: run tools/check, which sets up the system tests")
BUILD = os.environ.get("top_builddir", "")
if not BUILD or not os.access(os.path.join(BUILD, "exchange-service/govdx-exchanged"), os.X_OK):
    tap.skip_all("govdx-exchanged is not built (make check sets top_builddir)")
if not any(os.path.isdir(os.path.join("/usr/lib/postgresql", v, "bin"))
           for v in (os.listdir("/usr/lib/postgresql") if os.path.isdir("/usr/lib/postgresql") else [])):
    tap.skip_all("PostgreSQL server binaries are not installed (tools/install-deps)")

TMP = tempfile.mkdtemp(prefix="govdx-demo-")
STATE = os.path.join(TMP, "state")
ENV = dict(os.environ, GOVDX_DEMO_STATE=STATE, GOVDX_BUILD=BUILD)
for k in ("GOVDX_URL", "GOVDX_CONFIG", "GOVDX_TOKENS", "GOVDX_DB"):
    ENV.pop(k, None)


DEMOS = []  # every demo started: none outlives the test


def start_signals(sigint):
    """In the demo's process, before it runs: SIGINT as asked; SIGHUP and
    SIGTERM as a terminal session has them, whatever this test inherited
    (a run under nohup ignores SIGHUP, and so would every child)."""
    signal.signal(signal.SIGINT, sigint)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Demo:
    """One `tools/demo --serve` in its own process group, its output read
    by a thread.  sigint: "default" as a terminal starts it, "ignored" as a
    background shell does (whatever this test inherited).  stdout and
    stderr go to one pipe, or with tty=True stderr to a terminal (a pty).
    raw: the bytes read from the pipe, tty: from the terminal; lines: the
    lines of both (a terminal's carriage returns end a line too)."""

    def __init__(self, *args, sigint="default", tty=False):
        self.lines = []
        self.raw = b""
        self.tty = b""
        handler = signal.SIG_DFL if sigint == "default" else signal.SIG_IGN
        master = slave = None
        if tty:
            master, slave = os.openpty()
        self.p = subprocess.Popen([os.path.join(TOP_SRC, "tools/demo"), "--serve", "--scale", "2000"] +
                                  list(args), env=ENV, stdout=subprocess.PIPE,
                                  stderr=slave if tty else subprocess.STDOUT, start_new_session=True,
                                  preexec_fn=lambda: start_signals(handler))
        threading.Thread(target=self._read, daemon=True).start()
        if tty:
            os.close(slave)
            threading.Thread(target=self._read_tty, args=(master,), daemon=True).start()
        DEMOS.append(self)

    def _read(self):
        # Bytes, split at newlines only: a carriage return stays visible.
        for line in self.p.stdout:
            self.raw += line
            self.lines.append(line.decode("utf-8", "replace").rstrip("\n"))

    def _read_tty(self, fd):
        rest = b""
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: every writer has closed it
                break
            if not data:
                break
            self.tty += data
            rest += data
            *done, rest = re.split(rb"[\r\n]", rest)
            self.lines.extend(d.decode("utf-8", "replace") for d in done if d)
        os.close(fd)

    def value(self, name):
        for line in self.lines:
            if line.startswith(name + "="):
                return line.split("=", 1)[1]
        return None

    def ready(self, timeout=240):
        return wait_until(lambda: self.value("GOVDX_TOKENS") or self.p.poll() is not None,
                          timeout=timeout) and self.value("GOVDX_TOKENS") is not None

    def interrupt(self, timeout=60):
        """Ctrl-C: SIGINT to the whole group, as a terminal sends it."""
        return self.signal(signal.SIGINT, group=True, timeout=timeout)

    def signal(self, sig, group, timeout=60):
        """sig to the whole group (a terminal's Ctrl-C or hang-up) or to
        the script alone (kill PID); its exit status once it ended."""
        try:
            if group:
                os.killpg(self.p.pid, sig)
            else:
                os.kill(self.p.pid, sig)
        except ProcessLookupError:
            pass
        wait_until(lambda: self.p.poll() is not None, timeout=timeout)
        return self.p.poll()

    def token(self, user="nat-official"):
        """A demo user's token, from the GOVDX_TOKENS this run printed."""
        with open(os.path.join(self.value("GOVDX_TOKENS"), user + ".token")) as f:
            return f.read().strip()

    def leftovers(self):
        """Processes still running of this demo: of its process group, or
        naming its state directory or its cluster."""
        return leftovers(self.p.pid)

    def kill(self):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGKILL)
            self.p.wait()


def get(url, token=None, ctx=None):
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=5, context=ctx) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def console_run(context):
    """Plain tools/demo in an 80x24 tmux pane, as a user runs it; the exit
    status stays on screen.  Returns (tmux command prefix, screen reader)."""
    sock = "govdx-demo-%d" % os.getpid()
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    env = dict(ENV, TERM="xterm-256color", LANG="C.UTF-8", HOME=TMP,
               XDG_CONFIG_HOME=os.path.join(TMP, "config"), XDG_STATE_HOME=os.path.join(TMP, "xdg"))
    words = ["env", "-i"] + ["%s=%s" % kv for kv in env.items()] + \
        [os.path.join(TOP_SRC, "tools/demo"), "--context", context]
    shell = "%s; echo EXIT=$?; exec sleep infinity" % " ".join(shlex.quote(w) for w in words)
    subprocess.run(tmux + ["new-session", "-d", "-x", "80", "-y", "24", shell], check=True)

    def screen():
        return subprocess.run(tmux + ["capture-pane", "-p"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout
    return tmux, screen


def leftovers(pgid=None):
    """Live processes of the group pgid, or whose command line names the
    demo's state directory or a cluster it had ("pid command" each)."""
    names = [STATE] + [d for d in CLUSTERS]
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            state, group = fields[0], int(fields[2])
        except OSError:
            continue
        if state == "Z":
            continue
        if (pgid is not None and group == pgid) or any(n in cmd for n in names):
            out.append("%s %s" % (pid, cmd))
    return out


CLUSTERS = set()


def leftovers_of(path):
    return [p for p in leftovers() if path in p]


def cluster():
    """The cluster directory the state names now (remembered for the
    leftover check)."""
    d = os.path.realpath(os.path.join(STATE, "pg"))
    CLUSTERS.add(d)
    return d


def pg_socket():
    return os.path.join(cluster(), "s", ".s.PGSQL.5432")


def stop_all():
    subprocess.run([os.path.join(TOP_SRC, "tools/system"), "stop", STATE], env=ENV,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cluster()
    for pg in CLUSTERS:
        if pg.startswith("/var/tmp/govdx-pg-") and os.path.isdir(pg):
            pg_ctl = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1:] or ["pg_ctl"]
            subprocess.run(["runuser", "-u", "postgres", "--", pg_ctl[0], "-D", pg + "/data",
                            "-m", "immediate", "stop"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            shutil.rmtree(pg, ignore_errors=True)
    shutil.rmtree(TMP, ignore_errors=True)


demo = None
try:
    # First run: everything is made.
    demo = Demo()
    tap.ok(demo.ready(), "the first run prints GOVDX_URL, GOVDX_CONFIG and GOVDX_TOKENS",
           "\n".join(demo.lines[-20:]))
    # Off a terminal: each step a plain line, said as it begins and with
    # its time; the seed's progress in lines; the time it took to be ready.
    secs = r" [0-9]+(\.[0-9])? s"
    steps = [r"demo: building in .* \(make, [0-9]+ jobs\)\.\.\.(" + secs + ")?",
             r"demo: creating the PostgreSQL cluster \(initdb\)\.\.\." + secs,
             r"demo: starting PostgreSQL\.\.\." + secs,
             r"demo: migrating\.\.\." + secs,
             r"demo: seeding 2,000 entries\.\.\.",
             r"seed   2,000/2,000 entries \(100%\)",
             r"demo: seeded 2,000 entries in" + secs,
             r"demo: building the search index .*\.\.\." + secs,
             r"demo: seeded the demo directory in" + secs,
             r"demo: starting govdx-exchanged\.\.\." + secs,
             r"demo: ready in" + secs]
    missing = [w for w in steps if not any(re.fullmatch(w, l) for l in demo.lines)]
    tap.ok(not missing, "off a terminal the demo says each step on a line of its own, with its time",
           (missing, demo.lines))
    tap.ok(b"\r" not in demo.raw and b"\x1b" not in demo.raw,
           "... in plain lines: no carriage return, no escape sequence", demo.raw[-2000:])
    url, conf, tokens = demo.value("GOVDX_URL"), demo.value("GOVDX_CONFIG"), demo.value("GOVDX_TOKENS")
    tap.ok(url and get(url + "/v1/health") == 200, "the service answers at GOVDX_URL", url)
    users = []
    if tokens and os.path.isfile(os.path.join(tokens, "users.tsv")):
        with open(os.path.join(tokens, "users.tsv")) as f:
            users = [line.rstrip("\n").split("\t") for line in f][1:]
    roles = {"official", "approver", "helpdesk", "authority", "admin"}
    by_platform = {}
    for u in users:
        if len(u) == 4:
            by_platform.setdefault(u[3], set()).add(u[1])
    full = [p for p, r in by_platform.items() if roles <= r]
    tap.ok("000000" in full and len(full) >= 4,
           "users.tsv: every role nationally and in at least three provinces", by_platform)
    modes = {u[0]: os.stat(os.path.join(tokens, u[0] + ".token")).st_mode & 0o777
             for u in users if os.path.exists(os.path.join(tokens, u[0] + ".token"))}
    tap.ok(users and len(modes) == len(users) and set(modes.values()) == {0o600},
           "one token file per user, each mode 0600", modes)
    with open(os.path.join(tokens, "nat-official.token")) as f:
        first_token = f.read().strip()
    tap.ok(get(url + "/v1/me", first_token) == 200, "a demo token works", url)
    text = open(conf).read() if conf and os.path.exists(conf) else ""
    tap.ok(all("context add %s " % u[0] in text for u in users) and first_token not in text,
           "the console config has a context per user, and no token in it", text[:400])
    seeded = os.stat(os.path.join(STATE, "seeded")).st_mtime_ns
    tap.ok(os.path.exists(pg_socket()), "PostgreSQL listens on its Unix socket", pg_socket())
    modes = (os.stat(os.path.dirname(pg_socket())).st_mode & 0o777,
             os.stat(pg_socket()).st_mode & 0o777) if os.path.exists(pg_socket()) else None
    tap.ok(modes == (0o700, 0o700),
           "the socket and its directory are the cluster's alone (0700): it trusts its callers",
           modes)

    # Ctrl-C stops everything it started.
    rc = demo.interrupt()
    tap.ok(rc == 0, "Ctrl-C ends --serve with status 0", rc)
    tap.ok(get(url + "/v1/health") is None, "the service is stopped", url)
    tap.ok(wait_until(lambda: not os.path.exists(pg_socket()), timeout=30),
           "PostgreSQL is stopped", pg_socket())
    tap.ok(wait_until(lambda: not demo.leftovers(), timeout=30), "after Ctrl-C nothing is left running",
           demo.leftovers())

    # Second run, from a background shell (SIGINT ignored): the same
    # cluster, not seeded again, the same tokens; SIGTERM stops it.
    demo = Demo(sigint="ignored")
    tap.ok(demo.ready(), "the second run comes up", "\n".join(demo.lines[-20:]))
    url = demo.value("GOVDX_URL")
    tap.ok(os.stat(os.path.join(STATE, "seeded")).st_mtime_ns == seeded and
           not any("first run" in l for l in demo.lines),
           "the second run reuses the cluster: nothing is seeded again", demo.lines)
    tap.ok(get(url + "/v1/me", first_token) == 200, "the tokens of the first run still work", url)
    tap.ok(demo.signal(signal.SIGTERM, group=False) == 0,
           "SIGTERM to the script ends it, SIGINT ignored or not", demo.lines[-5:])
    tap.ok(wait_until(lambda: not demo.leftovers(), timeout=30) and
           get(url + "/v1/health") is None and not os.path.exists(pg_socket()),
           "after SIGTERM nothing is left running", demo.leftovers())

    # --tls: the same system behind nginx with mutual TLS (tools/tls), the
    # console's contexts on https with the demo CA and client certificate.
    if shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK):
        demo = Demo("--tls")
        tap.ok(demo.ready(), "--tls comes up", "\n".join(demo.lines[-20:]))
        url, tls, conf = demo.value("GOVDX_URL"), demo.value("GOVDX_TLS"), demo.value("GOVDX_CONFIG")
        tap.ok(url and url.startswith("https://127.0.0.1:") and tls and os.path.isdir(tls),
               "--tls prints an https GOVDX_URL and GOVDX_TLS", demo.lines[-8:])
        ctx = None
        if tls and os.path.isdir(tls):
            ctx = ssl.create_default_context(cafile=os.path.join(tls, "ca.crt"))
            ctx.load_cert_chain(os.path.join(tls, "client.crt"), os.path.join(tls, "client.key"))
            bare = ssl.create_default_context(cafile=os.path.join(tls, "ca.crt"))
        tap.ok(ctx and get(url + "/v1/me", first_token, ctx) == 200 and get(url + "/v1/me", first_token, bare) == 400,
               "through nginx: 200 with the client certificate, 400 without", url)
        text = open(conf).read() if conf and os.path.exists(conf) else ""
        tap.ok("context add nat-official url=%s " % url in text and "cert-file=" in text and
               "ca-file=" in text and first_token not in text,
               "its console config names the https URL, the CA and the client certificate", text[:400])
        tap.ok(demo.interrupt() == 0 and wait_until(lambda: not demo.leftovers(), timeout=30) and
               get(url + "/v1/health", None, ctx) is None,
               "Ctrl-C stops nginx too: nothing is left running", demo.leftovers())
    else:
        tap.skip("tools/demo --tls", "nginx is not installed (tools/install-deps installs it)")

    # Plain tools/demo: the console, in a terminal, on the same system.
    tmux, screen = console_run("hebei-official")
    try:
        last = [""]

        def shows(*words):
            last[0] = screen()
            return all(w in last[0] for w in words)
        tap.ok(wait_until(lambda: shows("hebei-official", "connected", "国家"), timeout=120),
               "tools/demo opens the console, connected, as the context asked for", last[0])
        subprocess.run(tmux + ["send-keys", ":", "q", "Enter"], check=True)
        tap.ok(wait_until(lambda: shows("EXIT=0"), timeout=60), ":q ends tools/demo with status 0",
               last[0])
        tap.ok(wait_until(lambda: not os.path.exists(pg_socket()), timeout=30) and
               get(demo.value("GOVDX_URL") + "/v1/health") is None,
               "... and stops PostgreSQL and the service it started", pg_socket())
    finally:
        subprocess.run(tmux + ["kill-server"], stderr=subprocess.DEVNULL)

    # The cluster removed behind the state's back: made and seeded afresh.
    shutil.rmtree(os.path.realpath(os.path.join(STATE, "pg")))
    demo = Demo()
    tap.ok(demo.ready(), "with its cluster removed, the next run comes up",
           "\n".join(demo.lines[-20:]))
    url, tokens = demo.value("GOVDX_URL"), demo.value("GOVDX_TOKENS")
    with open(os.path.join(tokens, "nat-official.token")) as f:
        token = f.read().strip()
    tap.ok(get(url + "/v1/me", token) == 200 and get(url + "/v1/me", first_token) == 401,
           "... seeded anew, with new demo tokens that work (the old ones do not)", url)
    tap.ok(demo.signal(signal.SIGHUP, group=True) == 0, "a hang-up (SIGHUP) ends it",
           demo.lines[-5:])
    tap.ok(wait_until(lambda: not demo.leftovers(), timeout=30) and
           get(url + "/v1/health") is None and not os.path.exists(pg_socket()),
           "after SIGHUP nothing is left running", demo.leftovers())

    # --reset, and a state directory deleted by hand: each time a fresh
    # system (not "already seeded" on the old cluster), the old cluster
    # stopped and removed.
    old_token = token
    # The --reset run has its stderr on a terminal: the seed's progress bar.
    for how, args, sig, group in (("--reset", ("--reset",), signal.SIGTERM, True),
                                  ("with its state deleted", (), signal.SIGINT, True)):
        old_cluster = cluster()
        if not args:
            shutil.rmtree(STATE)
        demo = Demo(*args, tty=bool(args))
        tap.ok(demo.ready(), how + ", the next run comes up", "\n".join(demo.lines[-20:]))
        if args:
            tap.ok(wait_until(lambda: b"\rseed   [" in demo.tty and b"2,000/2,000 entries" in demo.tty and
                              b"demo: seeded 2,000 entries in" in demo.tty, timeout=10) and
                   b"\x1b" not in demo.tty,
                   "on a terminal the seed's progress is a bar redrawn in place (no escape sequence)",
                   demo.tty[-2000:])
        url, new_token = demo.value("GOVDX_URL"), demo.token()
        tap.ok(any("first run" in l for l in demo.lines) and get(url + "/v1/me", new_token) == 200 and
               get(url + "/v1/me", old_token) == 401,
               how + ": seeded afresh, new tokens work, the old ones do not", demo.lines[-10:])
        tap.ok(not os.path.exists(old_cluster) and not leftovers_of(old_cluster) and
               cluster() != old_cluster,
               how + ": the old cluster is stopped and removed; the state names a new one",
               (old_cluster, leftovers_of(old_cluster)))
        tap.ok(demo.signal(sig, group=group) == 0 and
               wait_until(lambda: not demo.leftovers(), timeout=30),
               how + ": %s ends it, nothing left" % signal.Signals(sig).name, demo.leftovers())
        old_token = new_token
finally:
    for d in DEMOS:
        d.kill()
    stop_all()
tap.done()
