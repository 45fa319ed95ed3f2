#!/usr/bin/env python3
"""tools/lib/bench-publish.py STATE [N] — how soon a publication is seen
(tools/bench publish; issue "catalog maintenance"): N times (10), the demo
cataloguer of 河北省民政厅 drafts a new entry and submits it, the province's
data authority publishes it, and a national official searches for its name
at once. Prints, in ms, the publish call and the search after it (p50 and
max), how many searches found the entry the first time, and the province's
entry count before and after (it must grow by N). The tokens are read from
STATE/tokens, never from the command line. Each run leaves its N entries
(a classification of the benchmark's own, 3-10-919-01) in the database."""
import json
import os
import sys
import time
import urllib.parse
import urllib.request
import uuid


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: bench-publish.py STATE [N]")
    state = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    env = {}
    with open(os.path.join(state, "env")) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            env[k] = v.strip("'\"")
    url = env["GOVDX_URL"]

    def tok(user):
        with open(os.path.join(state, "tokens", user + ".token")) as f:
            return f.read().strip()

    def call(method, path, user, body=None, headers=None):
        h = {"Authorization": "Bearer " + tok(user), "Content-Type": "application/json"}
        h.update(headers or {})
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url + path, data=data, method=method, headers=h)
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                out = json.loads(r.read() or b"null"), r.status
        except urllib.error.HTTPError as e:
            out = json.loads(e.read() or b"null"), e.code
        return out[0], out[1], (time.perf_counter() - t0) * 1000

    cat, auth, reader = "hebei-cataloguer", "hebei-authority", "nat-official"
    before, _, _ = call("GET", "/v1/platforms/130000", reader)
    publish_ms, search_ms, found = [], [], 0
    for i in range(n):
        name = "基准发布资源" + uuid.uuid4().hex[:8]
        fields = {"name": name, "classification": "3-10-919-01", "abstract": name + "。",
                  "format": "数据库", "items": [{"name": "机构名称", "data_type": "字符型C",
                                                 "length": 200}],
                  "sharing_type": "unconditional", "sharing_method": "api",
                  "open_attribute": "open", "update_cycle": "每月", "related": []}
        rev, st, _ = call("POST", "/v1/revisions", cat, {"fields": fields})
        if st != 201:
            sys.exit("bench-publish: the draft was refused: %s %s" % (st, rev))
        path = "/v1/revisions/%s/transitions" % rev["id"]
        rev, st, _ = call("POST", path, cat, {"action": "submit"},
                          {"If-Match": '"%s"' % rev["version"]})
        if st != 200:
            sys.exit("bench-publish: submit was refused: %s %s" % (st, rev))
        rev, st, ms = call("POST", path, auth, {"action": "publish"},
                           {"If-Match": '"%s"' % rev["version"]})
        if st != 200:
            sys.exit("bench-publish: publish was refused: %s %s" % (st, rev))
        publish_ms.append(ms)
        page, st, ms = call("GET", "/v1/entries?" + urllib.parse.urlencode({"q": name}), reader)
        search_ms.append(ms)
        if st == 200 and any(e.get("name") == name for e in page.get("items", [])):
            found += 1
    after, _, _ = call("GET", "/v1/platforms/130000", reader)

    def p50(v):
        return sorted(v)[len(v) // 2]

    print("publish: n=%d p50=%.1f max=%.1f ms; search after it: p50=%.1f max=%.1f ms; "
          "found at once %d/%d; 河北省 entries %s -> %s"
          % (n, p50(publish_ms), max(publish_ms), p50(search_ms), max(search_ms), found, n,
             before.get("counts", {}).get("entries"), after.get("counts", {}).get("entries")))


if __name__ == "__main__":
    main()
