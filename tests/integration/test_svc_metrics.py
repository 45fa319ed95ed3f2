#!/usr/bin/env python3
"""GET /v1/metrics and the request log.

Metrics, on the suite's service (GOVDX_URL): the answer is Prometheus text
(version 0.0.4), parsed here by a parser of its own that holds it to the
format (HELP and TYPE before a family's samples, a family's samples
together, label syntax, numeric values); each route is named by its
pattern as docs/api/openapi.yaml names it, never by a path as sent; the
counters of (route, method, status) series this test alone produces grow by
exactly the requests it made; every histogram is consistent (buckets
cumulative, +Inf equal to _count, _count equal to the route's counters);
only admin users read it (403 for the other roles, 401 without a token).

On an instance of its own (on the test database, two threads): the figures
start from nothing and count exactly; the database connections (max is
the threads, the scrape itself holds one) and the long polls parked on
/v1/events (0, 1 while a poll waits, 0 again) as gauges; the process start
time is now.

The request log: a request with a token and a query holding a page cursor
is on the suite's service log ($GOVDX_STATE/service.log) as one line,
request user=... method=... path=... status=... ms=..., with neither the
token nor the cursor; no demo token is anywhere in that log. The own
instance logs JSON with --request-log json, nothing with
GOVDX_REQUEST_LOG=off, and no time= of its own when its stderr is the
journal (JOURNAL_STREAM names it).
"""
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, api, env_or_skip, exchanged_or_skip, token, wait_until  # noqa: E402

tap = Tap()
URL, DB, TOKENS = env_or_skip(tap, "GOVDX_URL", "GOVDX_DB", "GOVDX_TOKENS")
BIN = exchanged_or_skip(tap)
TMP = tempfile.mkdtemp(prefix="govdx-metrics-")
ADMIN = token("nat-admin")
SPEC = os.path.join(TOP_SRC, "docs/api/openapi.yaml")


# ---- a Prometheus text format (0.0.4) parser ---------------------------------

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\\n]|\\[\\"n])*)"\s*(,|$)')
SAMPLE = re.compile(r"^(" + NAME + r")(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$")


class BadFormat(Exception):
    pass


def parse_labels(text):
    labels, pos = {}, 0
    while pos < len(text):
        m = LABEL.match(text, pos)
        if not m:
            raise BadFormat(f"bad labels at {text[pos:]!r}")
        name, value = m.group(1), m.group(2)
        if name in labels:
            raise BadFormat(f"label {name} twice")
        labels[name] = value.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")
        pos = m.end()
    return labels


def parse_value(v):
    if v in ("+Inf", "-Inf", "NaN"):
        return float(v.replace("Inf", "inf").replace("NaN", "nan"))
    if not re.match(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$", v):
        raise BadFormat(f"bad value {v!r}")
    return float(v)


def parse(text):
    """{family: {"type", "help", "samples": [(name, labels, value)]}};
    raises BadFormat when text breaks the format."""
    families, done, current = {}, set(), None
    if not text.endswith("\n"):
        raise BadFormat("the text does not end with a newline")
    for line in text.split("\n")[:-1]:
        if line.startswith("#"):
            parts = line.split(None, 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                fam = parts[2]
                if not re.fullmatch(NAME, fam):
                    raise BadFormat(f"bad family name {fam!r}")
                f = families.setdefault(fam, {"type": None, "help": None, "samples": []})
                if f["samples"] or fam in done:
                    raise BadFormat(f"{parts[1]} of {fam} after its samples")
                key = parts[1].lower()
                if f[key] is not None:
                    raise BadFormat(f"{parts[1]} of {fam} twice")
                f[key] = parts[3] if len(parts) > 3 else ""
                if key == "type" and f[key] not in ("counter", "gauge", "histogram", "summary", "untyped"):
                    raise BadFormat(f"bad type {f[key]!r}")
                if current and current != fam:
                    done.add(current)
                current = fam
            continue
        if not line.strip():
            continue
        m = SAMPLE.match(line)
        if not m:
            raise BadFormat(f"bad sample line {line!r}")
        name, labels, value = m.group(1), parse_labels(m.group(2) or ""), parse_value(m.group(3))
        fam = name
        for suffix in ("_bucket", "_sum", "_count"):
            base = name[: -len(suffix)]
            if name.endswith(suffix) and families.get(base, {}).get("type") in ("histogram", "summary"):
                fam = base
        if fam not in families or families[fam]["type"] is None:
            raise BadFormat(f"sample {name} without a TYPE line before it")
        if fam in done or (current and current != fam):
            raise BadFormat(f"samples of {fam} are not together")
        current = fam
        families[fam]["samples"].append((name, labels, value))
    return families


def histogram_errors(fam_name, fam):
    """What is wrong with a histogram family: per label set, buckets in
    increasing le, cumulative, ending with +Inf equal to _count, a _sum."""
    errs, series = [], {}
    for name, labels, value in fam["samples"]:
        key = tuple(sorted((k, v) for k, v in labels.items() if k != "le"))
        s = series.setdefault(key, {"buckets": [], "sum": None, "count": None})
        if name == fam_name + "_bucket":
            if "le" not in labels:
                errs.append(f"{key}: a bucket without le")
                continue
            s["buckets"].append((parse_value(labels["le"]), value))
        elif name == fam_name + "_sum":
            s["sum"] = value
        elif name == fam_name + "_count":
            s["count"] = value
    for key, s in series.items():
        les = [le for le, _ in s["buckets"]]
        counts = [c for _, c in s["buckets"]]
        if les != sorted(les) or len(set(les)) != len(les):
            errs.append(f"{key}: buckets not in increasing le")
        if counts != sorted(counts):
            errs.append(f"{key}: buckets not cumulative: {counts}")
        if not les or not math.isinf(les[-1]):
            errs.append(f"{key}: no +Inf bucket")
        elif s["count"] != counts[-1]:
            errs.append(f"{key}: +Inf {counts[-1]} but _count {s['count']}")
        if s["sum"] is None or s["sum"] < 0:
            errs.append(f"{key}: no _sum")
    return errs, series


def value(fams, fam, name=None, **labels):
    """The value of the one sample of fam named name (fam by default) with
    exactly these labels (plus le for buckets), or 0 when there is none."""
    for n, lab, v in fams.get(fam, {}).get("samples", []):
        if n == (name or fam) and lab == labels:
            return v
    return 0


def scrape(base=URL, tok=ADMIN):
    a = api("GET", "/v1/metrics", tok=tok, base=base)
    if a.status != 200:
        raise RuntimeError(f"GET /v1/metrics: {a}")
    return parse(a.body)


def settled(base, reached):
    """A scrape once reached(figures) holds (or the last one after 10 s): a
    request is counted as it completes, just after its answer is sent, so
    the next request may be read a moment before the last is counted."""
    last = {}

    def once():
        last["f"] = scrape(base)
        return reached(last["f"])
    wait_until(once, timeout=10)
    return last["f"]


# ---- the suite's service: format, routes, exact counts --------------------------

a = api("GET", "/v1/metrics", tok=ADMIN)
tap.eq(a.status, 200, "an admin reads /v1/metrics")
ctype = {k.lower(): v for k, v in a.headers.items()}.get("content-type", "")
tap.ok(re.match(r"^text/plain; version=0\.0\.4(;|$)", ctype), "Content-Type: text/plain; version=0.0.4", ctype)
try:
    fams = parse(a.body)
    tap.ok(True, "the answer parses as Prometheus text")
except BadFormat as e:
    fams = {}
    tap.ok(False, "the answer parses as Prometheus text", f"{e}\n{a.body[:2000]}")
want_types = {"govdx_http_requests_total": "counter", "govdx_http_request_duration_seconds": "histogram",
              "govdx_db_connections_in_use": "gauge", "govdx_db_connections_idle": "gauge",
              "govdx_db_connections_max": "gauge", "govdx_events_waiters": "gauge",
              "process_start_time_seconds": "gauge"}
tap.eq({f: fams.get(f, {}).get("type") for f in want_types}, want_types, "every family is there, of its type")
tap.ok(all(fams[f]["help"] for f in want_types if f in fams), "every family has its HELP")

# Series only this test makes (rare methods and answers, so that no other
# test's requests land in them): counted exactly.
before = scrape()
tok = token("hebei-official")
for _ in range(3):
    api("HEAD", "/v1/platforms/130000/departments", tok=tok)                 # HEAD 200
for _ in range(2):
    api("HEAD", "/v1/calendar?to=2025-01-31", tok=tok)                       # HEAD 400 (no from)
api("DELETE", "/v1/audit/verify", tok=tok)                                   # 405, method other
api("PATCH", "/v1/requests/REQ-999999/transitions", tok=tok)                 # 405, method PATCH
api("HEAD", "/v1/no-such-thing/" + "x" * 20)                                 # 404, route other
EXPECT = [(3, dict(route="/v1/platforms/{code}/departments", method="HEAD", status="200")),
          (2, dict(route="/v1/calendar", method="HEAD", status="400")),
          (1, dict(route="/v1/audit/verify", method="other", status="405")),
          (1, dict(route="/v1/requests/{id}/transitions", method="PATCH", status="405")),
          (1, dict(route="other", method="HEAD", status="404")),
          (1, dict(route="/v1/metrics", method="GET", status="200"))]


def grown(fams, labels):
    return value(fams, "govdx_http_requests_total", **labels) - value(before, "govdx_http_requests_total", **labels)


after = settled(URL, lambda f: all(grown(f, lab) >= n for n, lab in EXPECT))
for n, lab in EXPECT:
    tap.eq(grown(after, lab), n, f"{lab['method']} {lab['route']} {lab['status']}: its series grew by exactly {n}")

# Route labels: patterns of the spec (or "other"), never a path with an id.
with open(SPEC, encoding="utf-8") as f:
    spec_paths = set(re.findall(r"^  (/v1/[^:]*):$", f.read(), re.M))
routes = {lab.get("route") for _, lab, _ in after.get("govdx_http_requests_total", {}).get("samples", [])}
tap.ok(routes and all(r in spec_paths or r == "other" for r in routes),
       "every route label is a path of openapi.yaml (or other)", sorted(routes - spec_paths))
tap.ok(not any(re.search(r"REQ-|OBJ-|/\d{6}", r or "") for r in routes), "no route label holds an id or code",
       sorted(routes))

# Histograms: consistent, and each route's _count is its counters' sum.
hist = after.get("govdx_http_request_duration_seconds", {"samples": []})
errs, series = histogram_errors("govdx_http_request_duration_seconds", hist)
tap.ok(series and not errs, "every histogram: buckets in order, cumulative, +Inf == _count, a _sum", errs)
les = sorted({lab["le"] for n, lab, _ in hist["samples"] if "le" in lab}, key=parse_value)
tap.eq(les, ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10",
             "+Inf"], "the buckets run from 1 ms to 10 s, then +Inf")
mismatch = []
for key, s in series.items():
    route = dict(key).get("route")
    total = sum(v for _, lab, v in after["govdx_http_requests_total"]["samples"] if lab.get("route") == route)
    if total != s["count"]:
        mismatch.append((route, total, s["count"]))
tap.ok(not mismatch, "each route's _count equals the sum of its request counters", mismatch)

# Who may read it.
for user in ("nat-official", "hebei-approver", "nat-helpdesk", "nat-authority"):
    r = api("GET", "/v1/metrics", tok=token(user))
    tap.ok(r.status == 403 and r.error_code == "forbidden", f"{user} is refused: 403 forbidden", r)
r = api("GET", "/v1/metrics", tok=token("hebei-admin"))
tap.eq(r.status, 200, "a provincial admin reads it too")
r = api("GET", "/v1/metrics")
tap.ok(r.status == 401 and "govdx_http" not in r.body, "without a token: 401, and no figures", r)
r = api("POST", "/v1/metrics", tok=ADMIN, body={})
tap.eq(r.status, 405, "POST /v1/metrics: 405")


# ---- the request log of the suite's service -------------------------------------

STATE = os.environ.get("GOVDX_STATE")
LOG = os.path.join(STATE or "", "service.log")
if not STATE or not os.path.isfile(LOG):
    tap.skip("the service log has the request's line", "no $GOVDX_STATE/service.log")
else:
    tok = token("hebei-approver")
    first = api("GET", "/v1/platforms/000000/children?limit=2", tok=tok)
    cursor = (first.json or {}).get("next_cursor")
    tap.ok(first.status == 200 and cursor, "a first page gives a cursor", first)
    path = "/v1/platforms/000000/children?" + urllib.parse.urlencode({"limit": 2, "cursor": cursor or "x"})
    r = api("GET", path, tok=tok)
    tap.eq(r.status, 200, "the second page, with the cursor in the query")
    line_re = re.compile(r"^request (?:time=\S+ )?user=hebei-approver method=GET path=/v1/platforms/000000/children"
                         r" status=200 ms=\d+\.\d addr=127\.0\.0\.1$", re.M)

    def logged():
        with open(LOG, encoding="utf-8", errors="replace") as f:
            text = f.read()
        return text if len(line_re.findall(text)) >= 2 else None
    text = wait_until(logged, timeout=10)
    tap.ok(text, "the log has one line per request: user, method, path, status, ms, address",
           (open(LOG, errors="replace").read()[-1500:]))
    text = text or open(LOG, errors="replace").read()
    tap.ok(tok not in text, "the log does not hold the token")
    tap.ok(cursor and cursor not in text and urllib.parse.quote(cursor or "x") not in text,
           "the log does not hold the cursor (nor any query)")
    tap.ok("Bearer" not in text and "Authorization" not in text, "the log holds no Authorization header")
    leaked = [f for f in os.listdir(TOKENS) if f.endswith(".token")
              and open(os.path.join(TOKENS, f)).read().strip() in text]
    tap.ok(not leaked, "no demo token is anywhere in the service log", leaked)


# ---- an instance of our own -------------------------------------------------------

class Server:
    def __init__(self, name, *args, env=None, journal=False):
        self.port_file = os.path.join(TMP, name + ".port")
        self.log_path = os.path.join(TMP, name + ".log")
        self.log = open(self.log_path, "w+")
        e = dict(os.environ)
        e.pop("GOVDX_REQUEST_LOG", None)
        e.pop("JOURNAL_STREAM", None)
        if journal:
            st = os.fstat(self.log.fileno())
            e["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino}"
        e.update(env or {})
        self.started = time.time()
        self.proc = subprocess.Popen([BIN, "serve", "--db", DB, "--listen", "127.0.0.1:0", "--threads", "2",
                                      "--port-file", self.port_file, *args], stderr=self.log,
                                     stdout=subprocess.DEVNULL, env=e)
        port = wait_until(lambda: open(self.port_file).read().strip() if os.path.exists(self.port_file) else None,
                          20)
        self.url = f"http://127.0.0.1:{port}" if port else None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def text(self):
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()


s = Server("json", "--request-log", "json")
try:
    tap.ok(s.url, "an instance of our own starts (--request-log json, 2 threads)")
    tok = token("hebei-official")
    m0 = scrape(s.url)
    tap.eq(sum(v for _, _, v in m0["govdx_http_requests_total"]["samples"]), 0,
           "a new instance has counted nothing before its first scrape")
    for _ in range(5):
        api("GET", "/v1/me", tok=tok, base=s.url)
    api("GET", "/v1/health", base=s.url)
    m1 = settled(s.url, lambda f: sum(v for _, _, v in f["govdx_http_requests_total"]["samples"]) >= 7)
    tap.eq(value(m1, "govdx_http_requests_total", route="/v1/me", method="GET", status="200"), 5,
           "five GET /v1/me: exactly 5")
    tap.eq(value(m1, "govdx_http_request_duration_seconds", "govdx_http_request_duration_seconds_count",
                 route="/v1/me"), 5, "... and 5 in its histogram")
    tap.eq(value(m1, "govdx_http_request_duration_seconds", "govdx_http_request_duration_seconds_bucket",
                 route="/v1/me", le="+Inf"), 5, "... its +Inf bucket too")
    tap.eq(sorted((lab["route"], lab["method"], lab["status"], v)
                  for _, lab, v in m1["govdx_http_requests_total"]["samples"]),
           [("/v1/health", "GET", "200", 1), ("/v1/me", "GET", "200", 5), ("/v1/metrics", "GET", "200", 1)],
           "and nothing else but the health check and the first scrape")
    tap.eq(value(m1, "govdx_db_connections_max"), 2, "govdx_db_connections_max is the threads (2)")
    in_use, idle = value(m1, "govdx_db_connections_in_use"), value(m1, "govdx_db_connections_idle")
    tap.ok(in_use >= 1 and in_use + idle <= 2, "the scrape holds a connection; in use + idle <= max",
           (in_use, idle))
    started = value(m1, "process_start_time_seconds")
    tap.ok(abs(started - s.started) < 5, "process_start_time_seconds is when it started", (started, s.started))
    tap.eq(value(m1, "govdx_events_waiters"), 0, "no long poll waits")

    last = api("GET", "/v1/events", tok=tok, base=s.url).json["last_seq"]
    done = {}

    def poll():
        done["answer"] = api("GET", f"/v1/events?after={last}&wait=3", tok=tok, base=s.url)
    t = threading.Thread(target=poll)
    t.start()
    waiting = wait_until(lambda: value(scrape(s.url), "govdx_events_waiters") == 1, timeout=10)
    tap.ok(waiting, "a long poll parked on /v1/events: govdx_events_waiters 1")
    parked = scrape(s.url)
    tap.ok(value(parked, "govdx_db_connections_in_use") <= 1,
           "the parked poll holds no database connection (only the scrape does)",
           value(parked, "govdx_db_connections_in_use"))
    t.join(20)
    tap.ok(done.get("answer") is not None and done["answer"].status == 200, "the poll answers when its wait is over",
           done.get("answer"))
    tap.ok(wait_until(lambda: value(scrape(s.url), "govdx_events_waiters") == 0, timeout=10),
           "then govdx_events_waiters is 0 again")
    m2 = settled(s.url, lambda f: value(f, "govdx_http_request_duration_seconds",
                                        "govdx_http_request_duration_seconds_count", route="/v1/events") >= 2)
    ev = [v for _, lab, v in m2["govdx_http_request_duration_seconds"]["samples"]
          if lab.get("route") == "/v1/events" and lab.get("le") == "1"]
    tap.ok(ev and value(m2, "govdx_http_request_duration_seconds", "govdx_http_request_duration_seconds_count",
                        route="/v1/events") - ev[0] >= 1,
           "the 3-second poll is in a bucket above 1 s")
finally:
    s.stop()
text = s.text()
lines = [ln for ln in text.splitlines() if ln.startswith("{")]
try:
    docs = [json.loads(ln) for ln in lines]
except ValueError as e:
    docs = []
    tap.ok(False, "--request-log json: every request line is a JSON object", f"{e}\n{text[-1000:]}")
me = [d for d in docs if d.get("path") == "/v1/me"]
tap.ok(len(me) == 5 and all(d.get("msg") == "request" and d.get("user") == "hebei-official" and d.get("method") == "GET"
                            and d.get("status") == 200 and isinstance(d.get("ms"), (int, float))
                            and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", d.get("time", ""))
                            and d.get("addr") == "127.0.0.1" for d in me),
       "--request-log json: one object per request with time, user, method, path, status, ms, addr", me[:2])
health = [d for d in docs if d.get("path") == "/v1/health"]
tap.ok(health and health[0].get("user") is None, "a request without a token logs user null", health)
tap.ok(token("hebei-official") not in text and f"after={last}" not in text,
       "the JSON log holds neither the token nor the query")

s = Server("off", env={"GOVDX_REQUEST_LOG": "off"})
try:
    for _ in range(3):
        api("GET", "/v1/me", tok=token("hebei-official"), base=s.url)
    r = api("GET", "/v1/health", base=s.url)
finally:
    s.stop()
text = s.text()
tap.ok(r.status == 200 and "listening on" in text and "path=" not in text and '"path"' not in text,
       "GOVDX_REQUEST_LOG=off: no request lines (the service's own lines stay)", text[-800:])

s = Server("journal", journal=True)
try:
    api("GET", "/v1/health", base=s.url)
finally:
    s.stop()
text = s.text()
tap.ok(re.search(r"^request user=- method=GET path=/v1/health status=200 ms=[\d.]+ addr=127\.0\.0\.1$", text, re.M),
       "under journald (JOURNAL_STREAM is stderr) a line carries no time of its own", text[-800:])

p = subprocess.run([BIN, "serve", "--listen", "127.0.0.1:0", "--request-log", "yaml"], capture_output=True,
                   text=True, timeout=30)
tap.ok(p.returncode != 0 and p.returncode != 1 and "--request-log wants text, json or off" in p.stderr,
       "--request-log yaml is a usage error", p)
tap.done()
