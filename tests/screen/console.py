"""console — drive the real govdx binary in a private tmux server.

Each Console has its own tmux socket (-L), no tmux config (-f /dev/null), a
fixed size (80x24 unless told), and its own XDG_CONFIG_HOME/XDG_STATE_HOME
under a temporary home, so tests never touch the user's files or each
other.  Waiting is always for a condition on the captured screen with a
deadline, never for a fixed time.
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


def binary():
    """$top_builddir/govdx (make check sets top_builddir), else the repo root
    or its build/ directory."""
    for d in (os.environ.get("top_builddir"), ROOT, os.path.join(ROOT, "build")):
        if d and os.access(os.path.join(d, "govdx"), os.X_OK):
            return os.path.join(d, "govdx")
    return None


def width(line):
    """Display columns of a captured line (wide and fullwidth count 2)."""
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
        }
        env.update(self.env)
        words = ["env", "-i"] + ["%s=%s" % kv for kv in env.items()] + [binary()] + list(args)
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
        self.sock = "govdx-%d-%s-%d" % (os.getpid(), self.name, self.runs)
        self.tmux("new-session", "-d", "-x", str(self.cols), "-y", str(self.rows), shell)
        self.started = True

    def keys(self, *keys):
        """tmux key names: Enter, Escape, Up, Tab, C-l, or plain letters."""
        self.tmux("send-keys", *keys)

    def type(self, text):
        """Literal text (Chinese included)."""
        self.tmux("send-keys", "-l", text)

    def screen(self, escapes=False):
        args = ["capture-pane", "-p", "-N"] + (["-e"] if escapes else [])
        r = self.tmux(*args, check=False)
        return r.stdout

    def lines(self):
        return self.screen().split("\n")[: self.rows]

    def wait(self, cond, timeout=10.0):
        """Waits until cond(screen) is true (a string: appears on screen).
        Returns the screen, or None at the deadline."""
        if isinstance(cond, str):
            text = cond
            cond = lambda s: text in s  # noqa: E731
        last = [""]

        def probe():
            last[0] = self.screen()
            return cond(last[0])

        ok = govdxtest.wait_until(probe, timeout=timeout, interval=0.03)
        self.last = self.settle(last[0], cond) if ok else last[0]
        return self.last if ok else None

    def settle(self, shot, cond, tries=6):
        """A capture can fall between two writes of one redraw (tmux reads
        the console's output as it comes), so a screen that meets the
        condition is captured again until two captures agree: then the
        console has finished drawing it.  A screen that keeps changing
        (pages arriving) gives its last capture that still meets the
        condition, so a passing state is still seen."""
        for _ in range(tries):
            again = self.screen()
            if again == shot or not cond(again):
                return shot
            shot = again
        return shot

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
