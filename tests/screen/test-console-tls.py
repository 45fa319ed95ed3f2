#!/usr/bin/env python3
"""Screen test: the console through nginx with mutual TLS, as in production
(tools/tls: a throw-away CA, Debian's nginx with ssl_verify_client on in
front of the running service).  With the CA and a client certificate the
console connects and shows the directory; no certificate, one from another
CA and an expired one are each refused with its own words on the status
line; without the CA file the server's certificate is not trusted.  What
nginx answers for each refusal is checked first, without the console."""
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
from govdxtest import Tap, token  # noqa: E402

tap = Tap()
console.setup(tap)
tls = os.path.join(console.ROOT, "tools", "tls")
if not (shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK)):
    tap.skip_all("nginx is not installed (tools/install-deps installs it)")
if not shutil.which("openssl"):
    tap.skip_all("openssl is not installed")

url = os.environ["GOVDX_URL"]
upstream = urllib.parse.urlsplit(url).netloc
work = tempfile.mkdtemp(prefix="govdx-tls-")
certs = os.path.join(work, "tls")


def run(*args):
    return subprocess.run([tls] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=60)


def nginx_answer(cert, path="/v1/health", body=None):
    """(status, error code, reason, message) of GET path (POST with a body) through
    nginx with the named client certificate (None: none)."""
    ctx = ssl.create_default_context(cafile=os.path.join(certs, "ca.crt"))
    if cert:
        ctx.load_cert_chain(os.path.join(certs, cert + ".crt"), os.path.join(certs, cert + ".key"))
    req = urllib.request.Request(front + path, data=body, headers={
        "Content-Type": "application/json",
        "Authorization": "Bearer " + token("nat-official")})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
            return r.status, None, None, None
    except urllib.error.HTTPError as e:
        try:
            err = json.loads(e.read()).get("error", {})
        except ValueError:
            err = {}
        return e.code, err.get("code"), (err.get("details") or {}).get("reason"), err.get("message")


started = False
try:
    r = run("certs", certs)
    tap.ok(r.returncode == 0, "tools/tls certs makes the CA and the certificates", r.stdout)
    keys = [f for f in os.listdir(certs) if f.endswith(".key")]
    tap.ok(len(keys) >= 5 and all(os.stat(os.path.join(certs, f)).st_mode & 0o777 == 0o600
                                  for f in keys), "every key is 0600", sorted(keys))
    r = run("start", certs, "0", upstream)
    started = r.returncode == 0
    if not started:
        tap.ok(False, "tools/tls start runs nginx in front of the service", r.stdout)
        tap.done()
    with open(os.path.join(certs, "port")) as f:
        front = "https://127.0.0.1:%s" % f.read().strip()
    tap.ok(True, "tools/tls start runs nginx in front of the service (%s)" % front)

    tap.eq(nginx_answer("client")[0], 200, "nginx passes a request with the client certificate")
    tap.eq(nginx_answer(None)[:2], (400, "client_certificate_missing"),
           "without a certificate nginx answers 400 client_certificate_missing")
    st, code, reason, _ = nginx_answer("untrusted")
    tap.ok((st, code) == (400, "client_certificate_untrusted") and reason,
           "another CA's certificate: 400 client_certificate_untrusted with OpenSSL's reason",
           (st, code, reason))
    st, code, reason, _ = nginx_answer("expired")
    tap.ok((st, code, reason) == (400, "client_certificate_expired", "certificate has expired"),
           "an expired certificate: 400 client_certificate_expired", (st, code, reason))

    # The body limit: the service's 64 KiB answers first, in its words;
    # nginx's own (1 MiB) in the same form.
    st, code, _, msg = nginx_answer("client", "/v1/requests", b" " * (100 * 1024))
    tap.ok((st, code) == (413, "payload_too_large") and "1 MiB" not in (msg or ""),
           "a 100 KiB body through nginx: the service's 413 payload_too_large", (st, code, msg))
    st, code, _, msg = nginx_answer("client", "/v1/requests", b" " * (2 * 1024 * 1024))
    tap.ok((st, code) == (413, "payload_too_large") and "1 MiB" in (msg or ""),
           "a 2 MiB body: nginx's own 413, as JSON with the same code", (st, code, msg))

    tok = os.path.join(work, "official.token")
    shutil.copy(os.path.join(os.environ["GOVDX_TOKENS"], "nat-official.token"), tok)
    os.chmod(tok, 0o600)

    def ctx(name, cert=None, ca=True):
        line = "context add %s url=%s token-file=%s" % (name, front, tok)
        if ca:
            line += " ca-file=%s" % os.path.join(certs, "ca.crt")
        if cert:
            line += " cert-file=%s key-file=%s" % (os.path.join(certs, cert + ".crt"),
                                                   os.path.join(certs, cert + ".key"))
        return line + "\n"

    conf = os.path.join(work, "govdx.conf")
    with open(conf, "w") as f:
        f.write(ctx("good", "client") + ctx("nocert") + ctx("untrusted", "untrusted") +
                ctx("expired", "expired") + ctx("noca", "client", ca=False))

    c = console.Console("tls", cols=160)
    try:
        c.start("--config", conf, "--context", "good")
        tap.ok(c.wait(lambda s: console.connected(s) and "河北省" in s, timeout=15),
               "with the CA and the client certificate the console connects and lists the directory",
               c.last)
        c.keys(":", "q", "Enter")
        tap.ok(c.wait("EXIT=0"), "the console quits", c.last)

        def refused(name, words):
            c.start("--config", conf, "--context", name)
            s = c.wait(lambda s: words in c.lines()[22], timeout=15)
            tap.ok(s and "disconnected" in s.split("\n")[0],
                   "context %s: refused, the status line says: %s" % (name, words), c.last)
            c.keys(":", "q", "Enter")
            c.wait("EXIT=")

        refused("nocert", "the service refused the connection: it requires a client certificate "
                "and none was sent")
        refused("untrusted", "the service refused the client certificate: it is not trusted")
        refused("expired", "the service refused the client certificate: it has expired (cert-file %s)"
                % os.path.join(certs, "expired.crt"))
        refused("noca", "the TLS certificate of 127.0.0.1 could not be verified")
    finally:
        c.close()
finally:
    if started:
        r = run("stop", certs)
        tap.ok(r.returncode == 0, "tools/tls stop stops nginx", r.stdout)
    shutil.rmtree(work, ignore_errors=True)
tap.done()
