#!/usr/bin/env python3
"""Rate limits: an instance of the service of its own (on the test
database, with low limits) answers a user over its rate 429 rate_limited
with Retry-After and says when to come back, while another user goes on
being served; the user is served again once the wait is over (waited for
as the answer says, never for a fixed time); the same per client address
(127.0.0.1 limited, 127.0.0.2 served); health is never limited; with the
limits off (0) nothing is refused."""
import http.client
import os
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Exchanged, Tap, env_or_skip, exchanged_or_skip, token, wait_until  # noqa: E402

tap = Tap()
url, db = env_or_skip(tap, "GOVDX_URL", "GOVDX_DB")
BIN = exchanged_or_skip(tap)
TMP = tempfile.mkdtemp(prefix="govdx-rate-")
A, B = token("hebei-official"), token("nat-official")


class Server(Exchanged):
    def __init__(self, name, *limits):
        super().__init__(BIN, TMP, name, *limits, db=db, timeout=20)

    def get(self, path, tok=None, source="127.0.0.1"):
        """(status, Retry-After, error code) of one GET."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(source, 0))
        try:
            c.request("GET", path, headers={"Authorization": "Bearer " + tok} if tok else {})
            r = c.getresponse()
            body = r.read().decode()
            code = body.split('"code":"', 1)[1].split('"', 1)[0] if '"code":"' in body else None
            return r.status, r.getheader("Retry-After"), code
        finally:
            c.close()


def until_refused(s, *args, **kw):
    """GETs until the first 429 (at most 200): the bucket holds 10 and
    fills by 1 a second, so it runs out however slow the machine is."""
    answers = []
    while len(answers) < 200 and (not answers or answers[-1][0] != 429):
        answers.append(s.get(*args, **kw))
    return answers


s = Server("user", "--rate-limit-user", "1", "--rate-limit-address", "0")
try:
    tap.ok(s.port, "an instance with 1 request a second per user starts")
    answers = until_refused(s, "/v1/me", A)
    limited = [a for a in answers if a[0] == 429]
    tap.ok(answers[0][0] == 200 and limited, "a user over its rate (a burst of 10, then 1 a second) is refused",
           answers)
    tap.ok(limited and all(a[2] == "rate_limited" and a[1] and a[1].isdigit() and int(a[1]) >= 1
                           for a in limited), "... 429 rate_limited, with Retry-After in whole seconds", limited)
    tap.eq(s.get("/v1/me", B)[0], 200, "another user is served meanwhile")
    tap.ok(all(s.get("/v1/health")[0] == 200 for _ in range(20)), "health is never limited")
    tap.ok(wait_until(lambda: s.get("/v1/me", A)[0] == 200, timeout=30),
           "once the wait is over the user is served again")
finally:
    s.stop()

s = Server("address", "--rate-limit-user", "0", "--rate-limit-address", "1")
try:
    answers = until_refused(s, "/v1/me", A)
    tap.ok(any(a[0] == 429 and a[2] == "rate_limited" for a in answers),
           "an address over its rate is refused, whoever the user", answers)
    tap.eq(s.get("/v1/me", A, source="127.0.0.2")[0], 200, "another address is served meanwhile")
finally:
    s.stop()

s = Server("off", "--rate-limit-user", "0", "--rate-limit-address", "0")
try:
    tap.ok(all(s.get("/v1/me", A)[0] == 200 for _ in range(40)), "with the limits off (0) nothing is refused")
finally:
    s.stop()
tap.done()
