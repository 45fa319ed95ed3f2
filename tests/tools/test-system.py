#!/usr/bin/env python3
"""tools/system start-service, as tests and operators use it on the running
test system: right after the service was killed with SIGKILL (its process
still a zombie for a while) it starts a new one that answers; with a
service that runs but does not answer (stopped with SIGSTOP) it fails
loudly instead of saying nothing.  Leaves the service running and
answering, as it found it."""
import os
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, wait_until  # noqa: E402

tap = Tap()
url, state = env_or_skip(tap, "GOVDX_URL", "GOVDX_STATE")


def system(*args, **env):
    return subprocess.run([os.path.join(TOP_SRC, "tools/system")] + list(args) + [state],
                          env=dict(os.environ, **env), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120)


def pid():
    with open(os.path.join(state, "service.pid")) as f:
        return int(f.read())


def health():
    try:
        return api("GET", "/v1/health", timeout=5).status
    except OSError:
        return None


try:
    old = pid()
    os.kill(old, signal.SIGKILL)
    r = system("start-service")
    tap.ok(r.returncode == 0, "start-service right after a SIGKILL succeeds", r.stdout)
    tap.ok(pid() != old and health() == 200, "... and a new service answers", (old, pid(), r.stdout))

    stopped = pid()
    os.kill(stopped, signal.SIGSTOP)
    try:
        r = system("start-service", GOVDX_START_TIMEOUT="2")
        tap.ok(r.returncode != 0 and "does not answer" in r.stdout,
               "start-service with a service that runs but does not answer fails, saying so",
               r.stdout)
    finally:
        os.kill(stopped, signal.SIGCONT)
    tap.ok(wait_until(lambda: health() == 200, timeout=20), "the service answers again once resumed")
finally:
    if health() != 200:
        system("start-service")
tap.done()
