#!/usr/bin/env python3
"""fault_server — an HTTP server on a loopback port that answers like a
broken service, for the console's and libgovdx's fault tests.

It passes every request through to the real service (mode "proxy") until
told to fail in one way, request by request, so that one console session
can start normally and then walk through the faults:

    proxy      pass through to the service (--upstream)
    silent     read the request, never answer (the connection stays open)
    trickle    status and headers, then one byte every --trickle-ms
    short      Content-Length 4096, 100 bytes of it, then close
    html       200 with a text/html page
    oversize   200 application/json, 64 MiB without a length (far beyond
               libgovdx's 8 MiB limit), until the client hangs up
    redirect   302 to the very URL asked for (a redirect loop)
    429        429 with Retry-After: 7 (a rate-limiting proxy's HTML page)
    503        503 with Retry-After: 4
    names      pass through, every "name" string prefixed with control and
               escape sequences (ESC [ 2 J, OSC 52, BEL, C1 CSI, U+202E)
    error      400 whose JSON error message carries the same sequences

With --tls it also listens with TLS on a second port, with a self-signed
certificate made by openssl(1) at start (a certificate no client trusts),
and serves the same modes there.

Run as a program it prints

    listening PORT
    tls PORT                         (with --tls)
    request N METHOD PATH MODE       each request read, and the mode it met
    mode NAME PREFIX

on stdout and takes `mode NAME [PREFIX]` and `quit` on stdin, one per
line: a mode applies to requests whose path starts with PREFIX (default
"/": all of them), the others pass through.  FaultProcess runs it as a
child process.  Only the standard library: socketserver, http.server,
http.client, ssl.

Invariants: a mode is read once per request, when its head is read; the
server never writes a control character outside a JSON string escape; it
ends when stdin closes.
"""
import argparse
import http.client
import http.server
import json
import os
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latency_proxy import ChildProcess  # noqa: E402

MODES = ("proxy", "silent", "trickle", "short", "html", "oversize", "redirect", "429", "503",
         "names", "error")

# What the "names" and "error" modes put in front of service text: clear
# the screen, set the clipboard (OSC 52), ring the bell, a C1 CSI asking
# for the cursor position, and a right-to-left override.
EVIL = "\x1b[2J\x1b]52;c;cHduZWQ=\x07\x07\x9b6n\u202e"

HTML = b"<!DOCTYPE html><html><body><h1>It works!</h1></body></html>\n"
OVERSIZE = 64 * 1024 * 1024
HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "te", "trailer",
       "upgrade", "proxy-connection"}


class State:
    def __init__(self, upstream, trickle_ms):
        self.upstream = upstream  # (scheme, host, port)
        self.trickle_ms = trickle_ms
        self.mode, self.prefix = "proxy", "/"
        self.lock = threading.Lock()
        self.n = 0
        self.quit = threading.Event()

    def say(self, line):
        with self.lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def take(self, path):
        with self.lock:
            self.n += 1
            mode = self.mode if path.startswith(self.prefix) else "proxy"
            return self.n, mode


def poison(v):
    """v with EVIL in front of every string under a "name" key."""
    if isinstance(v, dict):
        return {k: (EVIL + x if k == "name" and isinstance(x, str) else poison(x))
                for k, x in v.items()}
    if isinstance(v, list):
        return [poison(x) for x in v]
    return v


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    # ---- answers ----------------------------------------------------------

    def answer(self, status, ctype, body, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def hold(self):
        """Waits, answering nothing, until the client hangs up."""
        self.close_connection = True
        self.connection.settimeout(0.5)
        while not self.server.state.quit.is_set():
            try:
                if not self.connection.recv(4096):
                    return
            except socket.timeout:
                continue
            except OSError:
                return

    def trickle(self):
        self.close_connection = True
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100000\r\n\r\n")
        self.wfile.flush()
        for _ in range(100000):
            if self.server.state.quit.wait(self.server.state.trickle_ms / 1000.0):
                return
            try:
                self.wfile.write(b" ")
                self.wfile.flush()
            except OSError:
                return

    def short(self):
        self.close_connection = True
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 4096\r\nConnection: close\r\n\r\n")
        self.wfile.write(b'{"items":[' + b" " * 90)
        self.wfile.flush()

    def oversize(self):
        self.close_connection = True
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Connection: close\r\n\r\n")
        chunk = b"[" * 65536
        try:
            for _ in range(OVERSIZE // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass

    def proxy(self, body, names=False):
        scheme, host, port = self.server.state.upstream
        conn_class = (http.client.HTTPSConnection if scheme == "https"
                      else http.client.HTTPConnection)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        try:
            up = conn_class(host, port, timeout=120)
            up.request(self.command, self.path, body=body, headers=headers)
            r = up.getresponse()
            data = r.read()
            up.close()
        except (OSError, http.client.HTTPException) as e:
            self.answer(502, "application/json", json.dumps(
                {"error": {"code": "bad_gateway", "message": "fault server: %s" % e}}).encode())
            return
        if names and r.getheader("Content-Type", "").startswith("application/json"):
            try:
                data = json.dumps(poison(json.loads(data))).encode()
            except ValueError:
                pass
        self.send_response(r.status, r.reason)
        for k, v in r.getheaders():
            if k.lower() not in HOP:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def serve(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else None
        n, mode = state.take(self.path)
        state.say("request %d %s %s %s" % (n, self.command, self.path, mode))
        if mode == "silent":
            self.hold()
        elif mode == "trickle":
            self.trickle()
        elif mode == "short":
            self.short()
        elif mode == "html":
            self.answer(200, "text/html; charset=utf-8", HTML)
        elif mode == "oversize":
            self.oversize()
        elif mode == "redirect":
            here = "%s://%s%s" % (self.server.scheme, self.headers.get("Host", ""), self.path)
            self.answer(302, "text/html", b"", [("Location", here)])
        elif mode in ("429", "503"):
            status = int(mode)
            page = b"<html><body><h1>%d</h1></body></html>\n" % status
            self.answer(status, "text/html", page,
                        [("Retry-After", "7" if status == 429 else "4")])
        elif mode == "error":
            self.answer(400, "application/json", json.dumps(
                {"error": {"code": "bad_request",
                           "message": EVIL + "the request is refused"}}).encode())
        else:
            self.proxy(body, names=mode == "names")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state, tls=None):
        self.state = state
        self.tls = tls
        self.scheme = "https" if tls else "http"
        super().__init__(("127.0.0.1", 0), Handler)

    def finish_request(self, request, client_address):
        # The TLS handshake in the request's thread, not the accepting one.
        if self.tls is not None:
            request.settimeout(10)
            request = self.tls.wrap_socket(request, server_side=True)
            request.settimeout(None)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # a client that hung up or refused the certificate


def self_signed(tmp):
    """Makes a self-signed certificate for 127.0.0.1 with openssl(1)."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


def control(state):
    for line in sys.stdin:
        words = line.split()
        if words[:1] == ["quit"]:
            break
        if words[:1] == ["mode"] and len(words) in (2, 3) and words[1] in MODES:
            with state.lock:
                state.mode = words[1]
                state.prefix = words[2] if len(words) == 3 else "/"
            state.say("mode %s %s" % (state.mode, state.prefix))
        elif words:
            state.say("unknown %s" % line.strip())
    state.quit.set()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True, help="URL of the service")
    ap.add_argument("--tls", action="store_true", help="also listen with TLS")
    ap.add_argument("--trickle-ms", type=int, default=250, help="trickle: ms between bytes")
    a = ap.parse_args()
    scheme, _, rest = a.upstream.partition("://")
    hostport = rest.split("/", 1)[0]
    host, _, port = hostport.rpartition(":")
    state = State((scheme, host, int(port)), a.trickle_ms)
    servers = [Server(state)]
    tmp = None
    if a.tls:
        tmp = tempfile.mkdtemp(prefix="govdx-fault-")
        servers.append(Server(state, self_signed(tmp)))
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    state.say("listening %d" % servers[0].server_address[1])
    if a.tls:
        state.say("tls %d" % servers[1].server_address[1])
    try:
        control(state)
    except KeyboardInterrupt:
        pass
    state.quit.set()
    for s in servers:
        s.shutdown()
        s.server_close()
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


class FaultProcess(ChildProcess):
    """The fault server as a child process: url is its plain port's, and
    tls_url its TLS port's (with tls=True)."""

    def __init__(self, upstream_url, tls=False, trickle_ms=250):
        argv = [sys.executable, os.path.abspath(__file__), "--upstream", upstream_url,
                "--trickle-ms", str(trickle_ms)] + (["--tls"] if tls else [])
        super().__init__(argv, "fault server")
        self.tls_url = None
        if tls:
            line = self.wait(lambda l: l.startswith("tls "), 10)
            if not line:
                self.close()
                raise RuntimeError("the fault server's TLS port did not open")
            self.tls_url = "https://127.0.0.1:%s" % line.split()[1]

    def mode(self, name, prefix="/"):
        """Switches the mode; True once the server says it did."""
        return self.tell("mode %s %s" % (name, prefix), "mode %s %s" % (name, prefix))

    def requests(self, start=0):
        """The requests read since index start: (n, method, path, mode)."""
        with self.cv:
            out = []
            for line in self.said[start:]:
                w = line.split()
                if w[:1] == ["request"] and len(w) == 5:
                    out.append((int(w[1]), w[2], w[3], w[4]))
            return out


if __name__ == "__main__":
    main()
