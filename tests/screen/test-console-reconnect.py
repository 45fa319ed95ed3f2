#!/usr/bin/env python3
"""Screen test: the service stops mid-session and comes back.  The console
says it is disconnected, keeps what it shows, never exits, reconnects by
itself and navigation works again."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap  # noqa: E402

tap = Tap()
console.setup(tap)
system = os.path.join(console.ROOT, "tools", "system")
state = os.environ["GOVDX_STATE"]
if not os.access(system, os.X_OK):
    tap.skip_all("tools/system is missing")


def run(cmd):
    return subprocess.run([system, cmd, state], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)


c = console.Console("reconnect")
restarted = False
try:
    c.start()
    tap.ok(c.wait(lambda s: console.connected(s) and "河北省" in s), "the console connects", c.last)
    c.keys("j", "j", "j", "l")
    tap.ok(c.wait("石家庄市"), "河北省 is expanded", c.last)

    r = run("stop-service")
    tap.ok(r.returncode == 0, "tools/system stop-service", r.stdout)
    s = c.wait(lambda s: "disconnected" in s.split("\n")[0], timeout=20)
    tap.ok(s, "the header shows disconnected", c.last)
    tap.ok(s and "石家庄市" in s and "河北省" in s, "what was on screen is still there", c.last)
    tap.ok(s and "retry in" in s.split("\n")[0] or "retrying" in (s or ""), "the header says when it retries", c.last)
    # The reason is on the status line at once, from the failed health check,
    # before anything else is asked of the service.
    s = c.wait(lambda s: "disconnected:" in c.lines()[22], timeout=10)
    tap.ok(s, "the status line says why at once", c.last)
    # Asking for more while away is answered on the status line, not by exiting.
    c.keys("j", "l")
    tap.ok(c.wait(lambda s: "EXIT=" not in s and "disconnected" in s.split("\n")[0]),
           "keys still work while disconnected", c.last)

    r = run("start-service")
    restarted = r.returncode == 0
    tap.ok(restarted, "tools/system start-service", r.stdout)
    tap.ok(c.wait(console.connected, timeout=20), "the console reconnects by itself", c.last)
    # Navigation works again: the expansion asked for while away loads now.
    # h closes 石家庄市, h steps to 河北省, h closes it; j is then 山西省.
    c.keys("h", "h", "h", "j", "l")
    tap.ok(c.wait("太原市", timeout=15), "expanding 山西省 after the restart loads its cities", c.last)
    c.keys("j")
    tap.ok(c.wait(lambda s: c.crumbs().strip() == "国家 › 山西省 › 太原市"), "and the crumbs follow", c.last)
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits normally", c.last)
finally:
    if not restarted:
        run("start-service")
    c.close()
tap.done()
