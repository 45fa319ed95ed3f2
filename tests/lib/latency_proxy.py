#!/usr/bin/env python3
"""latency_proxy — a TCP proxy that plays a slow or silent network between
the console and the exchange service, for tests and tools/bench.

Every chunk read from one side is written to the other `delay` ms later
(a one-way delay, order kept).  `stall` holds everything in both
directions with the connections left open (a service that went silent);
`resume` lets it all through.  Run as a program it prints

    listening PORT
    open N                 a client connected (N counts them)
    request N LINE         a request line the console sent (also when held)
    stalled / resumed / delay MS

on stdout and takes `delay MS`, `stall`, `resume`, `quit` on stdin, one per
line, so a test waits for what the proxy reports, never for time.  As a
module, ProxyProcess runs it as a child process and does the same.

Invariants: bytes are never dropped, reordered or changed; a stall holds
data, never connections; the proxy ends when stdin closes.
"""
import argparse
import asyncio
import os
import re
import subprocess
import sys
import threading
import time

METHOD = re.compile(rb"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/1\.[01]\r\n")


class Proxy:
    def __init__(self, upstream_host, upstream_port, delay_ms):
        self.host, self.port_up = upstream_host, upstream_port
        self.delay = delay_ms / 1000.0
        self.open = asyncio.Event()
        self.open.set()
        self.clients = 0

    def say(self, line):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    async def pump(self, reader, writer, n, upward):
        """Copies reader to writer, each chunk `delay` after it was read."""
        queue = asyncio.Queue()

        async def send():
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                await self.open.wait()
                writer.write(data)
                await writer.drain()
            writer.close()

        sender = asyncio.ensure_future(send())
        try:
            while True:
                data = await reader.read(65536)
                if upward:
                    for m in re.finditer(METHOD, data):
                        self.say("request %d %s %s" % (n, m.group(1).decode(), m.group(2).decode()))
                queue.put_nowait((time.monotonic() + self.delay, data or None))
                if not data:
                    break
        except (ConnectionError, OSError):
            queue.put_nowait((0, None))
        try:
            await sender
        except (ConnectionError, OSError):
            pass

    async def serve(self, creader, cwriter):
        self.clients += 1
        n = self.clients
        self.say("open %d" % n)
        try:
            ureader, uwriter = await asyncio.open_connection(self.host, self.port_up)
        except OSError:
            cwriter.close()
            return
        await asyncio.gather(self.pump(creader, uwriter, n, True),
                             self.pump(ureader, cwriter, n, False))

    async def control(self):
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            words = line.split()
            if not line or words[:1] == ["quit"]:
                return
            if words[:1] == ["stall"]:
                self.open.clear()
                self.say("stalled")
            elif words[:1] == ["resume"]:
                self.open.set()
                self.say("resumed")
            elif words[:1] == ["delay"] and len(words) == 2:
                self.delay = int(words[1]) / 1000.0
                self.say("delay %s" % words[1])

    async def main(self, listen_port):
        server = await asyncio.start_server(self.serve, "127.0.0.1", listen_port)
        self.say("listening %d" % server.sockets[0].getsockname()[1])
        await self.control()
        server.close()


class ChildProcess:
    """A test helper program run as a child process that reports on stdout,
    one line per event, and takes commands on stdin (this proxy, and
    fault_server.py); said is what it has said so far.  A wait is for
    a line it says, never for time."""

    def __init__(self, argv, what):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.said = []
        self.cv = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait(lambda l: l.startswith("listening "), 10)
        if not line:
            self.close()
            raise RuntimeError("the %s did not start" % what)
        self.port = int(line.split()[1])
        self.url = "http://127.0.0.1:%d" % self.port

    def _read(self):
        for line in self.proc.stdout:
            with self.cv:
                self.said.append(line.rstrip("\n"))
                self.cv.notify_all()

    def wait(self, pred, timeout=10.0, start=0):
        """The first line from index start on that pred accepts, or None
        when the deadline passes."""
        deadline = time.monotonic() + timeout
        with self.cv:
            while True:
                for line in self.said[start:]:
                    if pred(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return None
                self.cv.wait(left)

    def mark(self):
        """An index for wait(start=): only what is said from now on."""
        with self.cv:
            return len(self.said)

    def tell(self, line, answer):
        start = self.mark()
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.wait(lambda l: l == answer, 10, start)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class ProxyProcess(ChildProcess):
    """The proxy as a child process."""

    def __init__(self, upstream_url, delay_ms=0):
        hostport = upstream_url.split("://", 1)[-1].split("/", 1)[0]
        host, port = hostport.rsplit(":", 1)
        super().__init__([sys.executable, os.path.abspath(__file__), "--upstream",
                          "%s:%s" % (host, port), "--delay", str(delay_ms)],
                         "latency proxy")

    def stall(self):
        return self.tell("stall", "stalled")

    def resume(self):
        return self.tell("resume", "resumed")

    def set_delay(self, ms):
        return self.tell("delay %d" % ms, "delay %d" % ms)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True, help="HOST:PORT of the service")
    ap.add_argument("--delay", type=int, default=0, help="one-way delay in ms")
    ap.add_argument("--listen", type=int, default=0, help="port to listen on (0: a free one)")
    a = ap.parse_args()
    host, port = a.upstream.rsplit(":", 1)
    try:
        asyncio.run(Proxy(host, int(port), a.delay).main(a.listen))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
