#!/usr/bin/env python3
"""bench-console — the console's own figures, measured through a pty: the
bytes it writes to its terminal for each cursor step (with `less` over
like rows as the baseline), and its memory (peak RSS) after the first page
of a search and after G has loaded every match (tools/bench run calls it;
docs/benchmarks.md).

    bench-console.py GOVDX STATE [--steps N] [--cols C] [--rows R] [--query Q]
                     [--rss-query Q,Q...] [--queue-user U]

GOVDX is the console binary, STATE a system's state directory (its env file
names the config).  The console runs with its test hook on
(GOVDX_TEST_REPORT): after each key a sync key follows, and the step is
over when the console reports, in its terminal title, that it read that
sync key and is idle.  The title reports themselves are not counted (a
console without the hook writes none).  A benchmark, not a test: it
prints figures and fails only when the console cannot be driven.
"""
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import urllib.parse
import urllib.request

SYNC = b"\x1b[9999~"
TITLE = re.compile(rb"\x1b\]2;(.*?)(?:\x07|\x1b\\)", re.S)


class Pty:
    """A program on a pty of a fixed size; out holds what it wrote."""

    def __init__(self, argv, env, cols, rows):
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.out = b""

    def read(self, deadline):
        """Reads what is there until deadline; False once it ended."""
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        r, _, _ = select.select([self.fd], [], [], left)
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.out += data
        return True

    def send(self, data):
        os.write(self.fd, data)

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


def reports(out):
    return [m.group(1).decode("utf-8", "replace") for m in TITLE.finditer(out)]


def idle_at(out, sync):
    """Whether the last report says the console read sync keys and is idle."""
    reps = [r for r in reports(out) if r.startswith("govdx-test ")]
    if not reps:
        return False
    last = reps[-1].split(" | ")[0].split()
    return last[1] == "idle" and ("sync=%d" % sync) in last


def screen_bytes(out):
    """What was written for the screen: the title reports taken out."""
    return len(TITLE.sub(b"", out))


def state_env(state):
    return dict(l.strip().split("=", 1) for l in open(os.path.join(state, "env")) if "=" in l)


def peak_rss(pid):
    """The process's peak resident set (VmHWM), in bytes."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def matches(state, q):
    """How many entries a search finds, counted by paging the service."""
    env = state_env(state)
    tok = open(os.path.join(env["GOVDX_TOKENS"], "nat-official.token")).read().strip()
    n, cursor = 0, None
    while True:
        path = "/v1/entries?limit=200&q=" + urllib.parse.quote(q)
        if cursor:
            path += "&cursor=" + urllib.parse.quote(cursor)
        req = urllib.request.Request(env["GOVDX_URL"] + path,
                                     headers={"Authorization": "Bearer " + tok})
        with urllib.request.urlopen(req, timeout=60) as r:
            page = json.load(r)
        n += len(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return n


def console_steps(govdx, state, keys_before, step, n, cols, rows, rss=False, args=()):
    """Bytes of each of n steps (the key step) after keys_before, one list;
    with rss, the peak RSS after keys_before and after the steps instead."""
    envfile = state_env(state)
    home = tempfile.mkdtemp(prefix="govdx-bench-console-")
    env = {
        "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "GOVDX_CONFIG": envfile["GOVDX_CONFIG"], "PATH": "/usr/bin:/bin",
        "GOVDX_TEST_REPORT": "1",
    }
    p = Pty([govdx] + list(args), env, cols, rows)
    sync = 0
    try:
        def act(data, what, within=30):
            nonlocal sync
            sync += 1
            start = len(p.out)
            p.send(data + SYNC)
            deadline = time.monotonic() + within
            while not idle_at(p.out[start:], sync):
                if time.monotonic() > deadline or not p.read(deadline):
                    raise SystemExit("bench-console: the console did not settle after %s" % what)
            # Let a frame that was on its way arrive (the report follows
            # its frame, so this only takes what is already written).
            p.read(time.monotonic() + 0.05)
            return p.out[start:]

        # Connected: the first idle report with the directory drawn.
        deadline = time.monotonic() + 30
        while "view=directory" not in " ".join(reports(p.out)) or not idle_at(p.out, 0):
            if time.monotonic() > deadline or not p.read(deadline):
                raise SystemExit("bench-console: the console did not start: %r" % p.out[-300:])
        for k in keys_before:
            act(k, repr(k))
        if rss:
            before = peak_rss(p.pid)
            # G pages through every match: 142,426 rows are 2,849 calls.
            act(step, "G", within=900)
            return before, peak_rss(p.pid)
        return [screen_bytes(act(step, "a step")) for _ in range(n)]
    finally:
        p.close()
        shutil.rmtree(home, ignore_errors=True)


def less_steps(n, cols, rows):
    """less over 200 numbered rows: bytes of each of n `j` steps."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for i in range(200):
            f.write("%05d  河北省民政厅  社会组织统一社会信用代码信息  有条件共享\n" % i)
        path = f.name
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
           "LESS": "", "LESSHISTFILE": "-"}
    p = Pty([shutil.which("less"), "-S", path], env, cols, rows)
    out = []
    try:
        deadline = time.monotonic() + 10
        while p.read(min(deadline, time.monotonic() + 0.3)) and time.monotonic() < deadline:
            if p.out and not select.select([p.fd], [], [], 0.2)[0]:
                break
        for _ in range(n):
            start = len(p.out)
            p.send(b"j")
            # less writes a step in one go: read until it has been quiet.
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if not select.select([p.fd], [], [], 0.2)[0]:
                    break
                p.read(deadline)
            out.append(len(p.out) - start)
    finally:
        p.close()
        os.unlink(path)
    return out


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2]


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        raise SystemExit(__doc__)
    govdx, state = args[0], args[1]
    opts = dict(zip(args[2::2], args[3::2]))
    n = int(opts.get("--steps", 20))
    cols, rows = int(opts.get("--cols", 80)), int(opts.get("--rows", 24))
    q = opts.get("--query", "婚姻")
    search = ["s".encode(), (q + "\r").encode()]
    mark = [b":", b"set cursor mark\r"]
    inbox = [b":", b"requests inbox\r"]
    approver = ("--context", opts.get("--queue-user", "hebei-approver"))
    cases = [
        ("platform tree, j", [b"j"], b"j", ()),
        ("platform tree, k", [b"j"] * (n + 2), b"k", ()),
        ("department list, j", [b"\t"], b"j", ()),
        ("search list (%s), j" % q, search, b"j", ()),
        ("search list (%s), PageDown" % q, search, b"\x1b[6~", ()),
        ("entry view, j", search + [b"\r"], b"j", ()),
        ("request inbox, j", inbox, b"j", approver),
        ("cursor mark: platform tree, j", mark + [b"j"], b"j", ()),
        ("cursor mark: department list, j", mark + [b"\t"], b"j", ()),
        ("cursor mark: search list, j", mark + search, b"j", ()),
        ("cursor mark: entry view, j", mark + search + [b"\r"], b"j", ()),
        ("cursor mark: request inbox, j", mark + inbox, b"j", approver),
    ]
    base = median(less_steps(n, cols, rows))
    print("%-34s %8s %8s %8s" % ("terminal bytes per step (%dx%d)" % (cols, rows),
                                 "median", "max", "÷ less"))
    print("%-34s %8d %8s %8s" % ("less -S, j (baseline)", base, "", "1.0"))
    for name, before, key, argv in cases:
        steps = console_steps(govdx, state, before, key, n, cols, rows, args=argv)
        print("%-34s %8d %8d %8.1f" % (name, median(steps), max(steps),
                                       median(steps) / base if base else 0))
    # Memory: the query above, and one with very many matches (社会: 143,449
    # at 3M, the "142,426 rows" figure) that G reads to the end.
    for rq in [q] + [w for w in opts.get("--rss-query", "社会").split(",") if w and w != q]:
        found = matches(state, rq)
        first, after = console_steps(govdx, state, ["s".encode(), (rq + "\r").encode()], b"G",
                                     1, cols, rows, rss=True)
        print("console peak RSS, search %s: first page %.1f MB; after G (%d rows) %.1f MB, "
              "%+.0f bytes per row" % (rq, first / 1e6, found, after / 1e6,
                                       (after - first) / found if found else 0))


if __name__ == "__main__":
    main()
