#!/usr/bin/env python3
"""Screen test: an unknown TERM is a clear error (exit 1), a usage error exits
2, vt100 and linux work, NO_COLOR gives the attribute-only look, --help and --version."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap  # noqa: E402

tap = Tap()
console.setup(tap)
exe = console.binary()

r = subprocess.run([exe], env=dict(os.environ, TERM="no-such-terminal-xyz", LANG="C.UTF-8"),
                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   text=True, timeout=30)
tap.eq(r.returncode, 1, "an unknown TERM exits with status 1")
tap.ok("unknown terminal type 'no-such-terminal-xyz'" in r.stderr and len(r.stderr.splitlines()) == 1,
       "... saying so in one line", r.stderr)
r = subprocess.run([exe, "--version"], stdout=subprocess.PIPE, text=True, timeout=30)
tap.ok(r.returncode == 0 and r.stdout.startswith("govdx "), "--version", r.stdout)
r = subprocess.run([exe, "--help"], stdout=subprocess.PIPE, text=True, timeout=30)
tap.ok(r.returncode == 0 and "--context NAME" in r.stdout and "--config FILE" in r.stdout, "--help", r.stdout)
r = subprocess.run([exe, "--context", "no-such-context"], env=dict(os.environ, TERM="xterm"),
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
tap.ok(r.returncode == 1 and "no context named 'no-such-context'" in r.stderr,
       "an unknown --context is a clear error", r.stderr)
# Usage errors exit 2 (as govdx-exchanged's do), other failures 1.
r = subprocess.run([exe, "--bogus"], env=dict(os.environ, TERM="xterm", LANG="C.UTF-8"),
                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   text=True, timeout=30)
tap.ok(r.returncode == 2 and "--bogus" in r.stderr and "Usage: govdx" in r.stderr and not r.stdout,
       "an unknown option exits 2 with the usage on stderr", (r.returncode, r.stderr))
r = subprocess.run([exe, "stray"], env=dict(os.environ, TERM="xterm", LANG="C.UTF-8"),
                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   text=True, timeout=30)
tap.ok(r.returncode == 2 and "unexpected argument 'stray'" in r.stderr and len(r.stderr.splitlines()) == 1,
       "an unexpected argument exits 2 with one line", (r.returncode, r.stderr))
r = subprocess.run([exe, "--context"], env=dict(os.environ, TERM="xterm", LANG="C.UTF-8"),
                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   text=True, timeout=30)
tap.ok(r.returncode == 2, "an option without its value exits 2", (r.returncode, r.stderr))

for term in ("vt100", "linux"):
    c = console.Console("term-" + term, term=term)
    try:
        c.start()
        # The provinces must be on screen before j can walk over them.
        s = c.wait(lambda s: console.connected(s) and "国家" in s and "河北省" in s)
        tap.ok(s, "TERM=%s: the console opens and connects" % term, c.last)
        c.keys("j", "j", "j")
        tap.ok(c.wait(lambda s: "河北省" in c.crumbs()), "TERM=%s: keys move the cursor" % term, c.last)
        # On a list the terminal's cursor is hidden, or (vt100 cannot hide
        # it) parked in the bottom-right corner, never on the text.
        where = c.tmux("display-message", "-p", "#{cursor_flag} #{cursor_x} #{cursor_y}").stdout.split()
        tap.ok(where and (where[0] == "0" or where[1:] == [str(c.cols - 1), str(c.rows - 1)]),
               "TERM=%s: the hardware cursor is hidden or out of the way" % term, where)
        c.keys(":")
        c.type("q")
        c.keys("Enter")
        tap.ok(c.wait("EXIT=0"), "TERM=%s: :q quits" % term, c.last)
    finally:
        c.close()

c = console.Console("locale-resize", env={"LANG": "C"})
try:
    c.start()
    tap.ok(c.wait("is not UTF-8: using C.UTF-8"), "LANG=C: the status line says C.UTF-8 is used", c.last)
    tap.ok(c.wait("河北省"), "LANG=C: Chinese names still show", c.last)
    c.tmux("resize-window", "-x", "120", "-y", "30")
    tap.ok(c.wait(lambda s: "Preview" in s.split("\n")[1]), "120 columns: the preview stands beside the lists", c.last)
    c.tmux("resize-window", "-x", "20", "-y", "5")
    tap.ok(c.wait("terminal too small"), "20x5: says the terminal is too small, no crash", c.last)
    c.tmux("resize-window", "-x", "80", "-y", "24")
    tap.ok(c.wait(lambda s: "Platforms" in s and "Preview" not in s.split("\n")[1] and "Preview" in s),
           "back to 80x24: the preview is the bottom split again", c.last)
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), "quits after resizing", c.last)
finally:
    c.close()

COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-7]|4[0-7]|38;5;\d+|48;5;\d+)[;m]")
c = console.Console("colour")
try:
    c.start()
    c.wait(lambda s: console.connected(s) and "国家" in s)
    tap.ok(COLOUR.search(c.screen(escapes=True)), "the default theme uses colour", "")
finally:
    c.close()
c = console.Console("nocolor", env={"NO_COLOR": "1"})
try:
    c.start()
    tap.ok(c.wait(lambda s: console.connected(s) and "国家" in s), "NO_COLOR: the console works", c.last)
    esc = c.screen(escapes=True)
    tap.ok(not COLOUR.search(esc), "NO_COLOR: no colour on screen", esc[:2000])
    tap.ok("\x1b[7m" in esc or re.search(r"\x1b\[[0-9;]*7[;m]", esc), "NO_COLOR: the header and cursor use reverse video", esc[:2000])
finally:
    c.close()
tap.done()
