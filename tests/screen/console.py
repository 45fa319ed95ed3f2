"""console — drive the real govdx binary in a private tmux server.

Each Console has its own tmux socket (-L), no tmux config (-f /dev/null), a
fixed size (80x24 unless told), and its own XDG_CONFIG_HOME/XDG_STATE_HOME
under a temporary home, so tests never touch the user's files or each
other.  Waiting is always for a condition on the captured screen with a
deadline, never for a fixed time.

The console runs with its test hook on (GOVDX_TEST_REPORT, see
tui/app-loop.c): after the keys of each keys() or type() a sync key
follows, and the console reports in the pane's title how many syncs it has
read, whether calls are in flight, and each frame it draws.  A screen is
looked at only once the console has read every key sent, has nothing in
flight and has finished the frame: a capture taken between two identical
reports of an idle console is a whole frame of the state the keys made.
"""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests/lib"))

import govdxtest  # noqa: E402

# Deadlines stretch by GOVDX_TEST_TIME_SCALE for a console that runs slower
# on purpose (under valgrind: tests/tools/test-valgrind.sh); never a sleep.
TIME_SCALE = float(os.environ.get("GOVDX_TEST_TIME_SCALE") or 1)


def binary():
    """$top_builddir/govdx (make check sets top_builddir), else the repo root
    or its build/ directory."""
    for d in (os.environ.get("top_builddir"), ROOT, os.path.join(ROOT, "build")):
        if d and os.access(os.path.join(d, "govdx"), os.X_OK):
            return os.path.join(d, "govdx")
    return None


# The private key the console's test hook reads as "sync" (ESC [ 9999 ~),
# sent as raw bytes.
SYNC_HEX = ["1b", "5b", "39", "39", "39", "39", "7e"]


def report(title):
    """The console's test report parsed from a pane title: a dict with
    state (idle, busy, drawing or exited), sync, frame, mode, view, row and
    status; None when the title is no report (the console has not drawn
    yet)."""
    if not title.startswith("govdx-test "):
        return None
    words = title.split(" | ", 1)
    head = words[0].split()
    r = {"state": head[1], "status": words[1] if len(words) > 1 else ""}
    for w in head[2:]:
        k, _, v = w.partition("=")
        r[k] = v
    for k in ("sync", "frame"):
        if k in r:
            r[k] = int(r[k])
    return r


def width(line):
    """Display columns of a captured line (wide and fullwidth count 2).

    East Asian ambiguous characters (·, —, “ ”, …) count 1: so they are in a
    UTF-8 locale's wcwidth(3), which the console measures with (tui/ui/ui-width.c)
    and tmux draws with; a terminal set to draw them two columns wide (a CJK
    legacy setting) would disagree with both."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


class Console:
    def __init__(self, name, term="xterm-256color", cols=80, rows=24, home=None, env=None):
        self.name = name
        self.runs = 0
        self.sock = None
        self.home = home or tempfile.mkdtemp(prefix="govdx-screen-")
        self.term = term
        self.cols, self.rows = cols, rows
        self.env = dict(env or {})
        self.started = False
        self.syncs = 0  # sync keys sent to the console of this run
        self.shot = None  # the capture a wait's condition is looking at
        self.last = ""

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              check=check)

    def start(self, *args):
        env = {
            "TERM": self.term,
            "LANG": "C.UTF-8",
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
            "XDG_STATE_HOME": os.path.join(self.home, "state"),
            "GOVDX_CONFIG": os.environ.get("GOVDX_CONFIG", ""),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GOVDX_TEST_REPORT": "1",
            # The build tree's compiled catalogues (LANG picks the language).
            "GOVDX_LOCALEDIR": os.path.join(os.path.dirname(binary()), "locale"),
        }
        env.update(self.env)
        # GOVDX_TEST_WRAP: a command the console runs under (tools/valgrind
        # sets valgrind's), split as a shell would.
        wrap = shlex.split(os.environ.get("GOVDX_TEST_WRAP", ""))
        words = ["env", "-i"] + ["%s=%s" % kv for kv in env.items()] + wrap + [binary()] + list(args)
        cmd = " ".join(shlex.quote(w) for w in words)
        # The exit status stays on screen after the console ends; the pane
        # then idles (not a wait: the test polls the screen) until killed.
        shell = "%s 2>%s; echo EXIT=$?; exec sleep infinity" % (
            cmd, shlex.quote(os.path.join(self.home, "stderr")))
        if self.started:
            self.tmux("kill-server", check=False)
        # A fresh server per run: a server that is still going away must
        # not swallow the new session.
        self.runs += 1
        self.syncs = 0
        self.sock = "govdx-%d-%s-%d" % (os.getpid(), self.name, self.runs)
        self.tmux("new-session", "-d", "-x", str(self.cols), "-y", str(self.rows), shell)
        self.started = True

    def keys(self, *keys):
        """tmux key names: Enter, Escape, Up, Tab, C-l, or plain letters;
        the sync key follows them."""
        self.syncs += 1
        self.tmux("send-keys", *keys, ";", "send-keys", "-H", *SYNC_HEX)

    def type(self, text):
        """Literal text (Chinese included); the sync key follows it."""
        self.syncs += 1
        self.tmux("send-keys", "-l", text, ";", "send-keys", "-H", *SYNC_HEX)

    def snapshot(self, escapes=False):
        """(report before, capture, report after) in one tmux call."""
        cap = ["capture-pane", "-p", "-N"] + (["-e"] if escapes else [])
        r = self.tmux("display-message", "-p", "#{pane_title}", ";", *cap, ";",
                      "display-message", "-p", "#{pane_title}", check=False)
        out = r.stdout.split("\n")
        if len(out) < 3:
            return None, r.stdout, None
        # out: title, rows..., title, "" (the last newline)
        return out[0], "\n".join(out[1:-2]) + "\n", out[-2]

    def settled(self, escapes=False):
        """One capture, and whether it is a whole frame of the state the
        keys sent so far made: the console read every sync sent, has no
        call in flight, and no frame began between the two reports around
        the capture.  A console that has ended (EXIT= on screen, or its
        last report) has nothing more to settle."""
        return self.settled_from(*self.snapshot(escapes))

    def state(self):
        """The console's last report (report()), or None."""
        r = self.tmux("display-message", "-p", "#{pane_title}", check=False)
        return report(r.stdout.rstrip("\n"))

    def screen(self, escapes=False):
        """The screen: inside a wait's condition, the capture being tested;
        else a settled capture (waiting up to 15 s for the console to
        settle; past that, the capture as it is)."""
        if self.shot is not None and not escapes:
            return self.shot
        box = [""]

        def probe():
            box[0], ok = self.settled(escapes)
            return ok

        govdxtest.wait_until(probe, timeout=15.0 * TIME_SCALE, interval=0.02)
        return box[0]

    def lines(self):
        return self.screen().split("\n")[: self.rows]

    def wait(self, cond, timeout=10.0, busy_ok=False):
        """Waits until cond(screen) is true (a string: appears on screen)
        on a settled screen (see settled); busy_ok: also on a screen drawn
        while calls are in flight (a wait for a passing state, "loading
        every page"), still a whole frame.  Returns the screen, or None at
        the deadline; self.last is the last screen looked at."""
        if isinstance(cond, str):
            text = cond
            cond = lambda s: text in s  # noqa: E731
        last = [""]

        def probe():
            before, shot, after = self.snapshot()
            ok = False
            if busy_ok:
                rep = report(before or "")
                ok = "EXIT=" in shot or (before == after and rep is not None and
                                         rep["state"] != "drawing")
            else:
                shot, ok = self.settled_from(before, shot, after)
            last[0] = shot
            if not ok:
                return False
            self.shot = shot
            try:
                return cond(shot)
            finally:
                self.shot = None

        timeout *= TIME_SCALE
        ok = govdxtest.wait_until(probe, timeout=timeout, interval=0.02)
        self.last = last[0]
        if not ok:
            # Said in the log (a TAP comment): a wait that ran out is worth
            # seeing even where the test asserts nothing on it.
            rep = self.state() or {}
            print("# %s: a wait ran out after %gs (console %s, sync %s of %d)" % (
                self.name, timeout, rep.get("state", "?"), rep.get("sync", "?"), self.syncs),
                flush=True)
        return self.last if ok else None

    def settled_from(self, before, shot, after):
        if "EXIT=" in shot:
            return shot, True
        rep = report(before or "")
        if rep is None or before != after:
            return shot, False
        if rep["state"] == "exited":
            return shot, True
        return shot, rep["state"] == "idle" and rep.get("sync", -1) >= self.syncs

    def header(self):
        return self.lines()[0] if self.lines() else ""

    def crumbs(self):
        ls = self.lines()
        return ls[self.rows - 3] if len(ls) >= self.rows else ""

    def stderr(self):
        try:
            with open(os.path.join(self.home, "stderr")) as f:
                return f.read()
        except OSError:
            return ""

    def close(self, remove_home=True):
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False
        if remove_home:
            shutil.rmtree(self.home, ignore_errors=True)


def setup(tap, need_tmux=True):
    """Skips the whole test without the running system, tmux or the binary."""
    govdxtest.env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS", "GOVDX_CONFIG", "GOVDX_STATE")
    if need_tmux and not shutil.which("tmux"):
        tap.skip_all("tmux is not installed")
    if not binary():
        tap.skip_all("the govdx binary is not built (set top_builddir)")


def connected(screen):
    """The header (first line) ends with the connected state."""
    first = screen.split("\n")[0].rstrip() if screen else ""
    return first.endswith("connected") and "disconnected" not in first
