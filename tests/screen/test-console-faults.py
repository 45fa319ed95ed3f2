#!/usr/bin/env python3
"""Screen test: the console against a broken service (tests/lib/fault_server.py
between it and the real one).  One console at 80x24 starts through the
fault server passing everything on, then meets each fault in turn: no
answer, a trickle, a short body, a web page, an oversize body, a redirect
loop, 429 and 503 with Retry-After, escape sequences in an error message
and in names, and a certificate nobody trusts.  For each, after R (refresh)
the status line says exactly what went wrong within the fault's time (the
console runs with set timeout 2s), the console still answers keys (help
opens and closes), and once the server passes requests on again a refresh
loads.  Control and escape sequences from the service are shown escaped,
never obeyed.  Waits poll the screen with a deadline; nothing sleeps."""
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import console  # noqa: E402
import govdxtest  # noqa: E402
from govdxtest import Tap  # noqa: E402
from fault_server import FaultProcess  # noqa: E402

tap = Tap()
console.setup(tap)
if not shutil.which("openssl"):
    tap.skip_all("openssl is not installed (the untrusted certificate is made with it)")
url = os.environ["GOVDX_URL"]
token_file = os.path.join(os.environ["GOVDX_TOKENS"], "nat-official.token")

fault = FaultProcess(url, tls=True, trickle_ms=300)
c = console.Console("faults")
conf = os.path.join(c.home, "faults.conf")
F = fault.url
# What R in the directory asks for: both lists of the platform under the cursor.
WHATS = ("the child platforms", "the departments")
PLATFORMS = "/v1/platforms/"
# The escape sequences fault_server.py puts in service text, as shown.
SHOWN = "^[[2J^[]52;c;cHduZWQ=^G^G<U+009B>6n<U+202E>"


def status():
    return (c.state() or {}).get("status", "")


def wait_status(pred, timeout):
    """Waits (busy or not) until the status line's text satisfies pred;
    the text, or None at the deadline. The screen of that same frame (a
    capture between two identical reports, not drawing) is kept in
    SHOT[0]: a status that a later health check replaces is still checked
    on the frame that showed it."""
    box = [None]

    def probe():
        before, shot, after = c.snapshot()
        rep = console.report(before or "")
        if before != after or rep is None or rep["state"] == "drawing":
            return False
        if pred(rep["status"]):
            box[0] = rep["status"]
            SHOT[0] = shot
            return True
        return False

    if govdxtest.wait_until(probe, timeout=timeout, interval=0.02):
        return box[0]
    print("# status at the deadline: %r" % status(), flush=True)
    return None


SHOT = [""]


def one_of(texts):
    return lambda s: s in texts


def usable(name):
    """The console answers keys: help opens, and q closes it."""
    c.type("?")
    ok = c.wait(lambda s: (c.state() or {}).get("view") == "help", timeout=10)
    c.keys("q")
    ok = ok and c.wait(lambda s: (c.state() or {}).get("view") == "directory", timeout=10)
    tap.ok(ok, "%s: the console still answers keys (help opens and closes)" % name, c.last)


def healthy(name):
    """Back to passing requests on: a refresh loads through the server."""
    tap.ok(fault.mode("proxy"), "%s: the server passes requests on again" % name)
    mark = fault.mark()
    c.keys("R")
    ok = fault.wait(lambda l: l.startswith("request ") and "/v1/platforms/" in l and
                    l.endswith(" proxy"), 10, mark)
    ok = ok and c.wait(lambda s: console.connected(s) and "河北省" in s, timeout=15)
    tap.ok(ok, "%s: then a refresh loads and the console is connected" % name, c.last)


def fault_case(mode, texts, within, name=None):
    """The platform calls fail (the health check stays well, so that what
    the status line says is the refresh's)."""
    name = name or mode
    tap.ok(fault.mode(mode, PLATFORMS), "%s: the server fails that way" % name)
    c.keys("R")
    got = wait_status(one_of(texts), within)
    tap.ok(got is not None, "%s: the status line says exactly what went wrong" % name,
           "want one of %r\ngot %r" % (texts, status()))
    # the status line on screen shows it too (cut to 80 columns), on the
    # frame the report came with
    rows = SHOT[0].split("\n")
    row = rows[22] if len(rows) > 22 else ""
    tap.ok(got is not None and row.strip()[:40] == got[:40],
           "%s: on the screen's status line" % name, row)
    usable(name)
    healthy(name)
    print("# %s done at %.1f s" % (name, time.monotonic() - T0), flush=True)


T0 = time.monotonic()
try:
    with open(conf, "w") as f:
        f.write("set timeout 2s\nset connect-timeout 1s\n"
                "context add faults url=%s token-file=%s\n"
                "context add untrusted url=%s token-file=%s\n"
                "set default-context faults\n" % (F, token_file, fault.tls_url, token_file))
    c.start("-f", conf)
    tap.ok(c.wait(lambda s: console.connected(s) and "河北省" in s, timeout=20),
           "the console starts through the fault server", c.last)
    # The cursor on 河北省: R refreshes its cities and departments.
    c.keys("j", "j", "j")
    tap.ok(c.wait(lambda s: c.crumbs().strip() == "国家 › 河北省", timeout=10), "on 河北省",
           c.last)

    fault_case("silent", ["the service at %s did not answer %s within 2 s" % (F, w)
                          for w in WHATS], 6)
    # A trickle: some bytes came, too slowly (how many depends on the clock).
    tap.ok(fault.mode("trickle", PLATFORMS), "trickle: the server fails that way")
    c.keys("R")
    pat = re.compile(r"the service at %s sent (%s) too slowly: \d+ bytes within 2 s$" % (
        re.escape(F), "|".join(WHATS)))
    got = wait_status(lambda s: pat.match(s) is not None, 6)
    tap.ok(got, "trickle: the status line says the answer came too slowly", status())
    usable("trickle")
    healthy("trickle")
    fault_case("short", ["the answer of %s to %s was cut short: the connection closed after "
                         "100 of 4096 bytes" % (F, w) for w in WHATS], 4)
    # A failure the service is not away for is said with the platform's name.
    fault_case("html", ["河北省: the service at %s answered %s with text/html; charset=utf-8, "
                        "not JSON (is the service URL right?)" % (F, w) for w in WHATS], 4)
    fault_case("oversize", ["河北省: the answer of %s to %s is larger than the limit of 8 MiB" % (
        F, w) for w in WHATS], 8)
    fault_case("redirect", ["河北省: the service at %s redirects %s to itself (HTTP 302, a "
                            "redirect loop)" % (F, w) for w in WHATS], 4)
    fault_case("429", ["slow down, retry in 7 s: the service is limiting requests (HTTP 429)"],
               4)
    fault_case("503", ["the service is unavailable (HTTP 503); retry in 4 s"], 4)

    # Escape sequences in an error message (the platform calls only: the
    # health check stays well) are shown, not obeyed.
    tap.ok(fault.mode("error", PLATFORMS), "error: the server's message carries escapes")
    c.keys("R")
    got = wait_status(one_of(["河北省: %sthe request is refused" % SHOWN]), 4)
    tap.ok(got, "error: the message is on the status line with its escapes shown", status())
    s = c.wait(lambda s: True)
    tap.ok(s and console.connected(s) and "河北省" in s,
           "error: the screen was not cleared (ESC [ 2 J not obeyed)", c.last)
    usable("error")
    healthy("error")

    # Names with escape sequences: drawn escaped in the tree.
    tap.ok(fault.mode("names", PLATFORMS), "names: the server poisons names")
    c.keys("R")
    s = c.wait(lambda s: "^[[2J^[]52;c;" in s, timeout=10)
    tap.ok(s, "names: a name's escape sequences are shown escaped", c.last)
    raw = c.screen(escapes=True) or ""
    tap.ok("\x07" not in raw and "\x9b" not in raw and "\u202e" not in raw,
           "names: no bell, C1 or override reaches the screen")
    tap.ok(s and "govdx" in s.split("\n")[0] and "connected" in s.split("\n")[0],
           "names: the header is still drawn", c.last)
    usable("names")
    healthy("names")

    # A certificate nobody trusts: the context on the server's TLS port.
    c.keys(":")
    c.type("context untrusted")
    c.keys("Enter")
    # (said by the directory's first call or by the health check)
    want = ("the TLS certificate of 127.0.0.1 could not be verified "
            "(self-signed certificate); if the service uses a private CA, set its CA file")
    wants = [p + w for p in ("", "disconnected: ")
             for w in (want, want.replace("self-signed", "self signed"))]
    got = wait_status(one_of(wants), 6)
    tap.ok(got, "tls: the status line says the certificate is not trusted", status())
    s = c.wait(lambda s: "disconnected" in s.split("\n")[0], timeout=10)
    tap.ok(s, "tls: the header says disconnected", c.last)
    c.type("?")
    ok = c.wait(lambda s: (c.state() or {}).get("view") == "help", timeout=10)
    c.keys("q")
    tap.ok(ok and c.wait(lambda s: (c.state() or {}).get("view") != "help", timeout=10),
           "tls: the console still answers keys", c.last)
    c.keys(":")
    c.type("context faults")
    c.keys("Enter")
    tap.ok(c.wait(lambda s: console.connected(s) and "河北省" in s, timeout=15),
           "back on the plain context the console connects and loads", c.last)

    c.keys(":")
    c.type("q")
    c.keys("Enter")
    tap.ok(c.wait("EXIT=0"), "the console quits normally", c.last)
finally:
    c.close()
    fault.close()
tap.done()
