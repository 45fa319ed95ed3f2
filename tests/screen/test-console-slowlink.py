#!/usr/bin/env python3
"""Screen test: the console behind a slow or silent network (the latency
proxy of tests/lib between it and the service).

On a link with a delay every key typed while a platform expands moves the
cursor, as on a quick link; none is lost.  While a background health check
is held by a stalled link the console is idle (no spinner) and it sleeps:
the loop is not woken again and again while the answer is out (its number
of loop passes, which the test hook reports, stays put); the header says
"no answer for N s" after 2 s and the check gives up after 5 s."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import console  # noqa: E402
from govdxtest import Tap  # noqa: E402
from latency_proxy import ProxyProcess  # noqa: E402

tap = Tap()
console.setup(tap)
url = os.environ["GOVDX_URL"]
token_file = os.path.join(os.environ["GOVDX_TOKENS"], "nat-official.token")

proxy = ProxyProcess(url, 0)
c = console.Console("slowlink")
conf = os.path.join(c.home, "slow.conf")


def expand_and_step():
    """Starts the console, goes to 河北省, and types l j j j in one go:
    the crumbs where the cursor ends."""
    c.start("-f", conf)
    if not c.wait(lambda s: console.connected(s) and "河北省" in s, timeout=15):
        return None
    c.keys("j", "j", "j")
    if not c.wait(lambda s: c.crumbs().strip() == "国家 › 河北省", timeout=15):
        return None
    c.keys("l", "j", "j", "j")
    if not c.wait(lambda s: "石家庄市" in s, timeout=15):
        return None
    return c.crumbs().strip()


try:
    with open(conf, "w") as f:
        f.write("context add slow url=%s token-file=%s\nset default-context slow\n" % (
            proxy.url, token_file))
    # A slow link: 150 ms each way.  l expands 河北省 (its cities are a round
    # trip away); the three j typed meanwhile all move the cursor, to where
    # they take it on a quick link.
    quick = expand_and_step()
    # 河北省's cities in code order: 石家庄市, 唐山市, 秦皇岛市, …
    tap.eq(quick, "国家 › 河北省 › 秦皇岛市", "on a quick link l j j j ends three rows down")
    tap.ok(proxy.set_delay(150), "the link is slow")
    slow = expand_and_step()
    tap.ok(slow == quick, "on a slow link the same keys end on the same row (%s)" % slow, c.last)
    tap.ok(proxy.set_delay(0), "the link is quick again")

    # A stalled link holds the next health check (one every 3 s: the wait is
    # for the proxy to report it, not for time).
    tap.ok(c.wait(console.connected, timeout=15), "connected", c.last)
    tap.ok(proxy.stall(), "the link stalls")
    mark = proxy.mark()
    held = proxy.wait(lambda l: l.startswith("request ") and l.endswith("/v1/health"), 15, mark)
    tap.ok(held, "the console's health check is held by the stalled link", "\n".join(proxy.said))
    # The loop sleeps while the answer is out: ask for a report twice with
    # the check still held; the loop passes between them are the sync
    # keys' own and a timer's (a busy loop adds thousands).
    c.keys()
    s1 = c.wait(lambda s: True)
    p1 = int((c.state() or {}).get("passes", -1))
    tap.ok(s1, "with the check out the console is idle (no spinner for a background check)",
           c.state())
    c.keys()
    c.wait(lambda s: True)
    p2 = int((c.state() or {}).get("passes", -1))
    tap.ok(p1 >= 0 and 0 < p2 - p1 <= 20, "the loop sleeps while the check is out (%s → %s passes)" % (p1, p2))
    tap.ok(len([l for l in proxy.said[mark:] if l.endswith("/v1/health")]) == 1,
           "one check is out, not a new one per pass", "\n".join(proxy.said[mark:]))
    # A silent service is noticed in seconds: the header says for how long
    # there has been no answer, and the check gives up after 5 s.
    s = c.wait(lambda s: "no answer for" in s.split("\n")[0], timeout=10)
    tap.ok(s, "the header says the service has not answered", c.last)
    s = c.wait(lambda s: "disconnected" in s.split("\n")[0], timeout=15)
    tap.ok(s, "then it says disconnected", c.last)
    tap.ok(s and "did not answer the health" in s,
           "and why: no answer, not no connection", c.last)
    tap.ok(proxy.resume(), "the link resumes")
    tap.ok(c.wait(console.connected, timeout=30), "the console is connected after the stall", c.last)
    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits", c.last)
finally:
    c.close()
    proxy.close()
tap.done()
