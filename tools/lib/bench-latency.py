#!/usr/bin/env python3
"""bench-latency — the console over a slow link: its idle CPU and how soon
a key acts, with the service behind tests/lib/latency_proxy.py adding 0,
100 and 400 ms one-way (tools/bench console calls it; docs/benchmarks.md).

    bench-latency.py GOVDX STATE [--seconds N] [--keys K] [--delays 0,100,400]
                     [--query Q]

GOVDX is the console binary, STATE a system's state directory (its env file
names the service and the tokens).  For each delay the console (as
nat-official, in an 80x24 pty, test hook on) is started on a context
through the proxy; once it is connected and idle, its CPU time over N
seconds (utime + stime from /proc) is its idle CPU.  Then, in the results
of a search, K times: `j`, and the time until the console reports (the
terminal title, after its frame) a different row under the cursor; and a
`j` typed while the search's first page is still on its way (a call in
flight), timed the same.  The baseline of each figure is the same figure
at 0 ms in the same run; the link's round trip is printed beside.  A
benchmark, not a test: it fails only when the console cannot be driven.
"""
import os
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, HERE)
import importlib.util  # noqa: E402

from latency_proxy import ProxyProcess  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_console",
                                               os.path.join(HERE, "bench-console.py"))
bc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bc)

TITLE = re.compile(rb"\x1b\]2;(govdx-test [^\x07\x1b]*)(?:\x07|\x1b\\)")


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def last_report(out):
    reps = TITLE.findall(out)
    return reps[-1].decode("utf-8", "replace") if reps else ""


def field(rep, name):
    for w in rep.split(" | ")[0].split():
        if w.startswith(name + "="):
            return w[len(name) + 1:]
    return None


def run(govdx, state, delay, seconds, keys, query):
    env_file = bc.state_env(state)
    proxy = ProxyProcess(env_file["GOVDX_URL"], delay)
    home = tempfile.mkdtemp(prefix="govdx-bench-latency-")
    conf = os.path.join(home, "slow.conf")
    token = os.path.join(env_file["GOVDX_TOKENS"], "nat-official.token")
    with open(conf, "w") as f:
        f.write("context add slow url=%s token-file=%s\n" % (proxy.url, token))
        f.write("set default-context slow\n")
    # The service's CA (a TLS system) as the demo config names it.
    env = {
        "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home, "PATH": "/usr/bin:/bin",
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_STATE_HOME": os.path.join(home, "state"), "GOVDX_TEST_REPORT": "1",
    }
    p = bc.Pty([govdx, "-f", conf], env, 80, 24)
    sync = 0
    try:
        deadline = time.monotonic() + 60
        while not ("view=directory" in last_report(p.out) and bc.idle_at(p.out, 0)
                   and b"connected" in p.out):
            if time.monotonic() > deadline or not p.read(deadline):
                raise SystemExit("bench-latency: the console did not start: %r" % p.out[-300:])
        # Idle: nothing typed, nothing asked; the health check and the
        # events poll go on as they do.
        t0, c0 = time.monotonic(), cpu_ticks(p.pid)
        end = t0 + seconds
        while time.monotonic() < end:
            p.read(end)
        idle = (cpu_ticks(p.pid) - c0) / os.sysconf("SC_CLK_TCK") / (time.monotonic() - t0)

        def send(data):
            nonlocal sync
            sync += 1
            p.send(data + bc.SYNC)

        def settle(within=60):
            deadline = time.monotonic() + within
            while not bc.idle_at(p.out, sync):
                if time.monotonic() > deadline or not p.read(deadline):
                    raise SystemExit("bench-latency: the console did not settle")

        def moved(row_before, within=30):
            """Seconds until a report names another row under the cursor."""
            t = time.monotonic()
            deadline = t + within
            start = len(p.out)
            while True:
                rep = last_report(p.out[start:])
                if rep and field(rep, "row") not in (None, "-", row_before):
                    return time.monotonic() - t
                if time.monotonic() > deadline or not p.read(deadline):
                    raise SystemExit("bench-latency: the cursor did not move")

        # A j typed while the search's first page is on its way: acted on
        # when the rows arrive, never lost (the time includes the call).
        send(b"s")
        settle()
        t = time.monotonic()
        start = len(p.out)
        send((query + "\r").encode())
        p.send(b"j")
        first = moved("-")
        rows = [field(r.decode("utf-8", "replace"), "row") for r in TITLE.findall(p.out[start:])]
        settle()
        in_flight = time.monotonic() - t
        row = field(last_report(p.out), "row")
        lat = []
        for _ in range(keys):
            send(b"j")
            lat.append(moved(row))
            settle()
            row = field(last_report(p.out), "row")
        return {"idle": idle * 100, "lat": lat, "first": first, "in_flight": in_flight,
                "rows": rows}
    finally:
        p.close()
        proxy.close()
        shutil.rmtree(home, ignore_errors=True)


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        raise SystemExit(__doc__)
    govdx, state = args[0], args[1]
    opts = dict(zip(args[2::2], args[3::2]))
    seconds = float(opts.get("--seconds", 20))
    keys = int(opts.get("--keys", 10))
    delays = [int(d) for d in opts.get("--delays", "0,100,400").split(",")]
    query = opts.get("--query", "婚姻")
    print("# the console through tests/lib/latency_proxy.py, nat-official, 80x24; idle CPU over "
          "%g s; key latency: j in the results of %s until the report names the new row"
          % (seconds, query))
    print("%-10s %10s %12s %12s %12s %14s %8s" % ("one-way", "link RTT", "idle CPU %",
                                                  "j p50 ms", "j max ms", "j in flight ms",
                                                  "÷ 0 ms"))
    base = None
    for d in delays:
        r = run(govdx, state, d, seconds, keys, query)
        p50 = bc.median(r["lat"]) * 1000
        if base is None:
            base = p50
        print("%-10s %10d %12.3f %12.1f %12.1f %14.1f %8.2f" % (
            "%d ms" % d, 2 * d, r["idle"], p50, max(r["lat"]) * 1000, r["first"] * 1000,
            p50 / base if base else 0))


if __name__ == "__main__":
    main()
