#!/usr/bin/env python3
"""One client cannot take every connection: 1,000 connections from one
address, each with half-sent headers (a slow client, or one that means
harm), leave the service answering a client at another address at once;
of them the service keeps at most its per-address limit (64 by default,
govdx-exchanged serve --per-address-limit) and closes the rest; once they
go, the first address is served again."""
import http.client
import os
import resource
import select
import socket
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")),
                                "tests/lib"))
from govdxtest import Tap, env_or_skip, wait_until  # noqa: E402

tap = Tap()
(url,) = env_or_skip(tap, "GOVDX_URL")
u = urllib.parse.urlparse(url)
HOST, PORT = u.hostname, u.port
N, LIMIT = 1000, 64

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard != resource.RLIM_INFINITY and hard < N + 64:
    tap.skip_all("this process may open only %d files; the test needs %d" % (hard, N + 64))
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, N + 64), hard))


def health(source):
    """GET /v1/health from the source address: the status, or the error."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=5, source_address=(source, 0))
    try:
        c.request("GET", "/v1/health")
        return c.getresponse().status
    except OSError as e:
        return repr(e)
    finally:
        c.close()


def closed(s):
    """Whether the service closed this connection (EOF or reset)."""
    r, _, _ = select.select([s], [], [], 0)
    if not r:
        return False
    try:
        return s.recv(4096) == b""
    except OSError:
        return True


socks = []
try:
    for i in range(N):
        s = socket.create_connection((HOST, PORT), timeout=5, source_address=("127.0.0.1", 0))
        s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # never finished
        socks.append(s)
    tap.eq(health("127.0.0.2"), 200, "with %d half-sent requests from 127.0.0.1, 127.0.0.2 is served" % N)
    done = [0]

    def enough():
        done[0] = sum(1 for s in socks if closed(s))
        return done[0] >= N - LIMIT
    tap.ok(wait_until(enough, timeout=20), "the service keeps at most %d of them and closes the rest" % LIMIT,
           "%d of %d closed" % (done[0], N))
    open_ = [s for s in socks if not closed(s)]
    tap.ok(len(open_) <= LIMIT, "no more than %d stay open" % LIMIT, len(open_))
finally:
    for s in socks:
        s.close()
tap.ok(wait_until(lambda: health("127.0.0.1") == 200, timeout=20),
       "once they are gone, 127.0.0.1 is served again")
tap.done()
