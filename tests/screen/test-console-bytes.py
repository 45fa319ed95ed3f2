#!/usr/bin/env python3
"""Screen test: what a cursor step costs the terminal.  The console runs in
a real 80x24 pty (no tmux: the bytes it writes are what is counted) with
its test hook; after each key a sync key follows, and a step is over when
the console reports, in the terminal's title, that it read that key and is
idle (the reports themselves are not counted).  With `set cursor mark` a
`j` writes at most 100 bytes in the search list, the entry view and a
request queue (two cells and the position on the status line), and with
the default bar the two rows whose highlight moves, never the screen; in
the platform tree a step rewrites the departments pane beside it, not the
whole screen.  tools/bench console measures the same figures at scale."""
import fcntl
import os
import pty
import re
import select
import signal
import shutil
import struct
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import reqfixtures  # noqa: E402
from govdxtest import Tap  # noqa: E402

SYNC = b"\x1b[9999~"
TITLE = re.compile(rb"\x1b\]2;(.*?)(?:\x07|\x1b\\)", re.S)
COLS, ROWS = 80, 24
LIMIT = 100
STEPS = 4

tap = Tap()
official, approver = reqfixtures.setup(tap)
govdx = console.binary()


class Pty:
    """The console on a pty of a fixed size; out holds what it wrote."""

    def __init__(self, argv, env):
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execve(argv[0], argv, env)
        self.pid, self.fd, self.out, self.syncs = pid, fd, b"", 0

    def read(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([self.fd], [], [], left)[0]:
            return
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            raise RuntimeError("the console ended: %r" % self.out[-300:])
        self.out += data

    def idle(self, since):
        """The last report after since says every sync sent was read, idle."""
        reps = [m.group(1).decode("utf-8", "replace") for m in TITLE.finditer(self.out[since:])]
        reps = [r for r in reps if r.startswith("govdx-test ")]
        if not reps:
            return None
        head = reps[-1].split(" | ")[0].split()
        if head[1] == "idle" and ("sync=%d" % self.syncs) in head:
            return reps[-1]
        return None

    def act(self, data, within=30.0):
        """Sends data and a sync key; waits until the console settled.
        Returns (bytes written for the screen, the last report)."""
        self.syncs += 1
        start = len(self.out)
        os.write(self.fd, data + SYNC)
        deadline = time.monotonic() + within * console.TIME_SCALE
        while not self.idle(start):
            if time.monotonic() > deadline:
                raise RuntimeError("the console did not settle after %r" % data)
            self.read(deadline)
        return len(TITLE.sub(b"", self.out[start:])), self.idle(start)

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


home = tempfile.mkdtemp(prefix="govdx-bytes-")
env = {
    "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home,
    "XDG_CONFIG_HOME": os.path.join(home, "config"), "XDG_STATE_HOME": os.path.join(home, "state"),
    "GOVDX_CONFIG": os.environ["GOVDX_CONFIG"], "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "GOVDX_TEST_REPORT": "1",
}
if os.environ.get("GOVDX_LOCALEDIR"):
    env["GOVDX_LOCALEDIR"] = os.environ["GOVDX_LOCALEDIR"]
p = Pty([govdx, "--context", approver["user"]], env)


def steps(key=b"j", n=STEPS):
    return [p.act(key)[0] for _ in range(n)]


try:
    # The first frame, drawn whole: what a repaint would cost.
    deadline = time.monotonic() + 30 * console.TIME_SCALE
    while not (p.idle(0) and "view=directory" in p.idle(0) and b"connected" in p.out):
        if time.monotonic() > deadline:
            raise RuntimeError("the console did not start: %r" % p.out[-300:])
        p.read(deadline)
    whole = len(TITLE.sub(b"", p.out))
    tap.ok(whole > 1000, "the first frame is drawn whole (%d bytes)" % whole)

    tree = steps()
    tap.ok(max(tree) < whole * 3 / 4,
           "platform tree: j rewrites what changed, not the screen (%s of %d bytes)" % (tree, whole))

    p.act(b"s")
    n, rep = p.act("婚姻\r".encode())
    tap.ok("view=search" in rep, "a search for 婚姻 opens", rep)
    bar = steps()
    tap.ok(max(bar) <= 3 * LIMIT, "search list, cursor bar: j rewrites two rows (%s bytes)" % bar)

    p.act(b":")
    p.act(b"set cursor mark\r")
    mark = steps()
    tap.ok(max(mark) <= LIMIT, "search list, cursor mark: j writes at most %d bytes (%s)"
           % (LIMIT, mark))

    n, rep = p.act(b"\r")
    tap.ok("view=entry" in rep, "Enter opens the entry", rep)
    entry = steps()
    tap.ok(max(entry) <= LIMIT, "entry view, cursor mark: j writes at most %d bytes (%s)"
           % (LIMIT, entry))

    p.act(b":")
    n, rep = p.act(b"requests inbox\r")
    tap.ok("view=requests" in rep and "row=request:" in rep, "the approver's inbox opens", rep)
    queue = steps(n=3)
    tap.ok(0 < min(queue) and max(queue) <= LIMIT,
           "request queue, cursor mark: j writes at most %d bytes (%s)" % (LIMIT, queue))
finally:
    p.close()
    shutil.rmtree(home, ignore_errors=True)
tap.done()
