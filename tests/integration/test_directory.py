#!/usr/bin/env python3
"""Integration tests of the directory endpoints of govdx-exchanged.

Runs against the service and PostgreSQL that tools/check starts (GOVDX_URL,
GOVDX_TOKENS, GOVDX_DB); skips without them. Read-only: it changes nothing
in the database (the count-trigger check runs inside a rolled-back
transaction).
"""
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", os.path.join(HERE, "..", "..")), "tests/lib"))
from govdxtest import Tap, api, env_or_skip, token, users  # noqa: E402

tap = Tap()
URL, TOKENS, DB = env_or_skip(tap, "GOVDX_URL", "GOVDX_TOKENS", "GOVDX_DB")
TOK = token("hebei-official")

ENTRY_CODE = re.compile(r"^(\d{9})-[1-3]\d{5}-\d{4}$")
DATA_TYPES = {"字符型C", "数值型N", "货币型Y", "日期型D", "日期时间型T", "逻辑型L", "备注型M",
              "通用型G", "双精度型B", "整型I", "浮点型F"}
CYCLES = {"实时", "每日", "每周", "每月", "每季度", "每半年", "每年", "其他"}


def get(path, tok=TOK, **kw):
    return api("GET", path, tok=tok, **kw)


def q(params):
    return urllib.parse.urlencode(params)


def is_error(r, status, code):
    """The answer has the given status and the error format with that code."""
    j = r.json
    return (r.status == status and isinstance(j, dict) and set(j) == {"error"}
            and j["error"].get("code") == code and isinstance(j["error"].get("message"), str)
            and j["error"]["message"] and isinstance(j["error"].get("details"), dict))


def walk(path, params, limit, max_pages=1000):
    """Follows next_cursor to the end. Returns (items, pages, error answer or None)."""
    items, pages, cursor = [], 0, None
    while pages < max_pages:
        p = dict(params, limit=limit)
        if cursor:
            p["cursor"] = cursor
        r = get(path + "?" + q(p))
        if r.status != 200:
            return items, pages, r
        pages += 1
        items.extend(r.json["items"])
        if len(r.json["items"]) > limit:
            return items, pages, r
        cursor = r.json["next_cursor"]
        if cursor is None:
            return items, pages, None
    return items, pages, "too many pages"


def psql(sql):
    """Runs SQL through psql on GOVDX_DB; returns stdout lines or None without psql."""
    if not shutil.which("psql"):
        return None
    out = subprocess.run(["psql", DB, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        return ["ERROR " + out.stderr.strip()]
    return out.stdout.splitlines()


# ---- health, answers, errors ------------------------------------------------

r = api("GET", "/v1/health")
tap.eq(r.status, 200, "health answers 200 without a token")
tap.ok(r.json and r.json.get("status") == "ok" and r.json.get("database") == "ok"
       and re.match(r"^\d+\.\d+\.\d+", r.json.get("version", "")), "health says ok, database ok, version", r)
tap.eq(r.headers.get("Content-Type"), "application/json; charset=utf-8", "JSON content type with charset")

r = get("/v1/nothing-here")
tap.ok(is_error(r, 404, "not_found"), "an unknown path is 404 not_found in the error format", r)
# An encoded NUL does not cut the path: what follows it is part of it.
for method, path in (("GET", "/v1/health%00xyz"), ("GET", "/v1/platforms/000000%00"),
                     ("GET", "/v1/requests/REQ-000001%00garbage"), ("POST", "/v1/requests%00x")):
    r = api(method, path, tok=TOK, body={} if method == "POST" else None)
    tap.ok(is_error(r, 404, "not_found"), f"{method} {path} is an unknown path (404)", r)

# A request line over the HTTP layer's 128 KiB is refused by it (414, as
# docs/api/openapi.yaml says), and the service goes on answering.
r = get("/v1/entries?" + q({"q": "民政" * 40000}))
tap.eq(r.status, 414, "a 240 KB query string is refused 414 by the HTTP layer")
r = get("/v1/entries?" + q({"q": "民政" * 4000}))
tap.ok(is_error(r, 400, "invalid_parameter") or r.status == 200,
       "a 24 KB one is the service's to answer (JSON)", r)
tap.eq(get("/v1/health", tok=None).status, 200, "the service answers after both")

# ---- tokens -----------------------------------------------------------------

protected = ["/v1/me", "/v1/platforms/000000", "/v1/platforms/000000/children",
             "/v1/platforms/130000/departments", "/v1/entries", "/v1/entries/130000008-308001-0001"]
for p in protected:
    r = get(p, tok=None)
    tap.ok(is_error(r, 401, "unauthorized") and r.headers.get("WWW-Authenticate", "").startswith("Bearer"),
           f"{p} without a token is 401 with WWW-Authenticate: Bearer", r)
r = get("/v1/me", tok="0" * 64)
tap.ok(is_error(r, 401, "unauthorized"), "an unknown token is 401", r)
r = get("/v1/me", tok=TOK[:-1] + ("0" if TOK[-1] != "0" else "1"))
tap.ok(is_error(r, 401, "unauthorized"), "a token with one digit changed is 401", r)
r = get("/v1/me", tok="not-a-token")
tap.ok(is_error(r, 401, "unauthorized"), "a malformed token is 401", r)
r = api("GET", "/v1/me", headers={"Authorization": "Basic " + TOK})
tap.ok(is_error(r, 401, "unauthorized"), "another auth scheme is 401", r)
r = api("GET", "/v1/me", headers={"Authorization": "Bearer"})
tap.ok(is_error(r, 401, "unauthorized"), "Bearer without a token is 401", r)
r = api("GET", "/v1/me", headers={"Authorization": "bearer " + TOK})
tap.eq(r.status, 200, "the scheme name is case-insensitive")

# ---- me, for every demo user --------------------------------------------------

rows = users()
tap.eq(len(rows), 24, "users.tsv lists 24 demo users")
roles = {"official", "approver", "helpdesk", "authority", "admin", "cataloguer"}
for prefix in ("nat", "hebei", "zhejiang", "guangdong"):
    tap.ok({u["role"] for u in rows if u["user"].startswith(prefix + "-")} == roles,
           f"{prefix} has a user of every role")
bad = []
for u in rows:
    r = get("/v1/me", tok=token(u["user"]))
    j = r.json or {}
    if not (r.status == 200 and j.get("user") == u["user"] and j.get("role") == u["role"]
            and j.get("department", {}).get("code") == u["department"]
            and j.get("platform", {}).get("code") == u["platform"]
            and u["department"].startswith(u["platform"])
            and re.search(r"[\u4e00-\u9fff]", j.get("display_name", ""))
            and re.search(r"[\u4e00-\u9fff]", j.get("department", {}).get("name", ""))):
        bad.append((u, r))
tap.ok(not bad, "GET /v1/me matches users.tsv for every demo user (Chinese names)", bad[:3])
me = get("/v1/me").json
tap.eq(me["department"]["name"], "河北省公安厅", "hebei-official works in 河北省公安厅")
tap.eq(get("/v1/me", tok=token("hebei-approver")).json["department"]["name"], "河北省民政厅",
       "hebei-approver works in 河北省民政厅")

# ---- platforms ----------------------------------------------------------------

r = get("/v1/platforms/000000")
j = r.json
tap.ok(r.status == 200 and j["level"] == "national" and j["parent_code"] is None
       and j["name"] == "中华人民共和国" and [p["code"] for p in j["path"]] == ["000000"],
       "the national platform: no parent, path of itself", r)
national = j
r = get("/v1/platforms/130102")
j = r.json
tap.ok(r.status == 200 and j["name"] == "长安区" and j["level"] == "county" and j["parent_code"] == "130100"
       and [p["name"] for p in j["path"]] == ["中华人民共和国", "河北省", "石家庄市", "长安区"],
       "a county: breadcrumb 中华人民共和国 › 河北省 › 石家庄市 › 长安区", r)
tap.ok(all(set(p) == {"code", "name", "level"} for p in j["path"]), "path elements have code, name, level")
tap.ok(set(j["counts"]) == {"children", "departments", "entries", "subtree_departments", "subtree_entries"},
       "counts carry the five figures of the contract", j.get("counts"))

# The placeholder rows are not platforms; their counties hang under the province.
r = get("/v1/platforms/110101")
tap.ok(r.status == 200 and r.json["name"] == "东城区" and r.json["parent_code"] == "110000"
       and [p["code"] for p in r.json["path"]] == ["000000", "110000", "110101"],
       "110101 东城区 hangs directly under 110000 北京市", r)
for code in ("110100", "120100", "310100", "500100", "500200", "419000", "429000", "469000", "659000"):
    r = get("/v1/platforms/" + code)
    tap.ok(is_error(r, 404, "not_found"), f"placeholder {code} is not a platform (404)", r)
r = get("/v1/platforms/419001")
tap.ok(r.status == 200 and r.json["name"] == "济源市" and r.json["parent_code"] == "410000",
       "419001 济源市 (省直辖县级) hangs under 410000 河南省", r)
r = get("/v1/platforms/500229")
tap.ok(r.status == 200 and r.json["parent_code"] == "500000", "500229 城口县 (under 县 500200) hangs under 重庆市", r)
r = get("/v1/platforms/441900")
tap.ok(r.status == 200 and r.json["level"] == "municipal" and r.json["counts"]["children"] == 0,
       "441900 东莞市 is one municipal platform without counties", r)
items, _, err = walk("/v1/platforms/110000/children", {}, 200)
tap.ok(err is None and "110101" in {p["code"] for p in items} and "110100" not in {p["code"] for p in items},
       "北京市's children are its districts, not 市辖区", err)

for code, why in (("13000", "5 digits"), ("1300000", "7 digits"), ("13000a", "a letter"), ("%20130000", "a space")):
    r = get("/v1/platforms/" + code)
    tap.ok(is_error(r, 400, "invalid_parameter"), f"a platform code with {why} is 400 invalid_parameter", r)
r = get("/v1/platforms/999999")
tap.ok(is_error(r, 404, "not_found"), "an unknown platform is 404", r)
r = get("/v1/platforms/999999/children")
tap.ok(is_error(r, 404, "not_found"), "children of an unknown platform is 404", r)
r = get("/v1/platforms/999999/departments")
tap.ok(is_error(r, 404, "not_found"), "departments of an unknown platform is 404", r)

# children: pages of 7 give the 31 provinces, in order, once each
items, pages, err = walk("/v1/platforms/000000/children", {}, 7)
codes = [p["code"] for p in items]
tap.ok(err is None and len(codes) == 31 and codes == sorted(set(codes)) and pages == 5,
       "the 31 provinces in 5 pages of 7, ordered, none twice", (err, pages, codes))
tap.eq(len(codes), national["counts"]["children"], "the national children count matches the list")
tap.ok(all(p["level"] == "provincial" and p["parent_code"] == "000000" for p in items), "all children are provincial")

hebei = get("/v1/platforms/130000").json
kids, _, err = walk("/v1/platforms/130000/children", {}, 5)
tap.eq(len(kids), hebei["counts"]["children"], "河北省: children listed == counts.children")
tap.ok("石家庄市" in [k["name"] for k in kids], "石家庄市 is a child of 河北省")

# departments
deps, pages, err = walk("/v1/platforms/130000/departments", {}, 10)
tap.ok(err is None and len(deps) == hebei["counts"]["departments"] and pages > 1,
       "河北省 departments walked in pages of 10 == counts.departments", (err, len(deps)))
tap.ok([d["code"] for d in deps] == sorted({d["code"] for d in deps}), "departments ordered by code, none twice")
tap.eq(sum(d["entry_count"] for d in deps), hebei["counts"]["entries"],
       "sum of department entry_count == the province's own entries")
tap.ok(all(d["platform_code"] == "130000" and d["code"].startswith("130000") for d in deps),
       "department codes start with their platform code")
names = {d["name"] for d in deps}
tap.ok({"河北省公安厅", "河北省民政厅", "河北省人力资源和社会保障厅", "河北省自然资源厅", "国家税务总局河北省税务局"} <= names,
       "河北省 has its real departments (公安厅, 民政厅, 人社厅, 自然资源厅, 税务局)", sorted(names)[:10])
# The four municipalities directly under the central government are
# provincial platforms with departments in municipal forms (data/departments.csv,
# level "municipality" and the per-city variants).
for code, city, has in (("110000", "北京市", {"北京市公安局", "北京市教育委员会", "北京市规划和自然资源委员会",
                                              "北京市政务服务和数据管理局", "国家税务总局北京市税务局"}),
                        ("120000", "天津市", {"天津市公安局", "天津市教育委员会", "天津市工业和信息化局",
                                              "天津市市场监督管理委员会"}),
                        ("310000", "上海市", {"上海市公安局", "上海市教育委员会", "上海市经济和信息化委员会",
                                              "上海市住房和城乡建设管理委员会", "上海市水务局（上海市海洋局）"}),
                        ("500000", "重庆市", {"重庆市公安局", "重庆市教育委员会", "重庆市水利局",
                                              "重庆市文化和旅游发展委员会"})):
    mdeps, _, err = walk("/v1/platforms/%s/departments" % code, {}, 100)
    mnames = {d["name"] for d in mdeps}
    tap.ok(err is None and has <= mnames, "%s has its departments in municipal forms" % city,
           (err, sorted(has - mnames)))
    # 人民政府办公厅 is the one 厅 a municipality really has (北京市人民政府办公厅).
    tap.ok(not [n for n in mnames if n.endswith("厅") and n != city + "人民政府办公厅"],
           "no department of %s is a provincial 厅" % city, sorted(n for n in mnames if n.endswith("厅")))
    tap.ok(all(n.startswith(city) or n == "国家税务总局%s税务局" % city for n in mnames),
           "every department of %s carries the city's name" % city, sorted(mnames)[:5])
# The seed's names carry the characters East Asian widths make hard to lay
# out (the screen tests measure lists with them): fullwidth （）, wide 〇,
# ambiguous · and —.
hard = {ch: get("/v1/entries?" + q({"q": w, "limit": 5})).json["items"]
        for ch, w in (("·", "历年汇总"), ("—", "第一季度"), ("〇", "二〇二"), ("（", "（二〇"))}
tap.ok(all(items and all(ch in e["name"] for e in items) for ch, items in hard.items()),
       "entries of cities and counties have names with · — 〇 （）",
       {ch: [e["name"] for e in items][:2] for ch, items in hard.items()})
tap.ok("河北省公安厅" in names and "河北省教育厅" in names and "河北省公安局" not in names,
       "a province keeps the provincial forms (河北省公安厅, 河北省教育厅)")
cdeps, _, _ = walk("/v1/platforms/330302/departments", {}, 200)
tap.ok(any(re.match(r"^温州市生态环境局.+分局$", d["name"]) for d in cdeps) or
       not any("生态环境" in d["name"] for d in cdeps),
       "a county's ecology department is a branch of the city bureau ({city}生态环境局{region}分局)",
       [d["name"] for d in cdeps])

# ---- counts -------------------------------------------------------------------


def subtree_consistent(p):
    kids, _, err = walk(f"/v1/platforms/{p['code']}/children", {}, 200)
    if err is not None:
        return False, err
    c = p["counts"]
    se = c["entries"] + sum(k["counts"]["subtree_entries"] for k in kids)
    sd = c["departments"] + sum(k["counts"]["subtree_departments"] for k in kids)
    return (se == c["subtree_entries"] and sd == c["subtree_departments"] and len(kids) == c["children"],
            (c, se, sd))


for code in ("000000", "130000", "330000", "440000", "130100", "110000", "410000"):
    ok, diag = subtree_consistent(get("/v1/platforms/" + code).json)
    tap.ok(ok, f"{code}: subtree counts == own + sum over children", diag)

lines = psql("SELECT (SELECT count(*) FROM entry) = (SELECT subtree_entries FROM platform_counts WHERE platform_code = '000000'),"
             " (SELECT count(*) FROM entry WHERE code LIKE '13%') = (SELECT subtree_entries FROM platform_counts WHERE platform_code = '130000'),"
             " (SELECT count(*) FROM department) = (SELECT subtree_departments FROM platform_counts WHERE platform_code = '000000')")
if lines is None:
    tap.skip("kept counts equal live counts", "psql not found")
else:
    tap.eq(lines, ["t|t|t"], "kept counts equal live counts (national entries, 河北 entries, departments)")

# The count triggers: add an entry and a department in a transaction that is rolled back.
trigger_sql = """
BEGIN;
CREATE TEMP TABLE before AS SELECT platform_code, departments, entries, subtree_departments, subtree_entries
  FROM platform_counts WHERE platform_code IN ('000000', '130000', '130100', '130102');
INSERT INTO department (code, platform_code, name, short_name, data_domain)
  VALUES ('130102999', '130102', '长安区测试局', '测试', 'test');
INSERT INTO entry (code, name, department_code, template_id, abstract, format, sharing_type, sharing_method,
                   open_attribute, update_cycle, release_date)
  SELECT '130102999-' || substr(code, 11, 6) || '-000' || g, name, '130102999', template_id, abstract, format,
         'unconditional', 'api', 'open', update_cycle, release_date
  FROM entry, generate_series(1, 3) g WHERE code = (SELECT min(code) FROM entry);
SELECT string_agg(format('%s:%s:%s:%s:%s', a.platform_code, a.departments - b.departments, a.entries - b.entries,
                         a.subtree_departments - b.subtree_departments, a.subtree_entries - b.subtree_entries),
                  ',' ORDER BY a.platform_code)
  FROM platform_counts a JOIN before b USING (platform_code);
DELETE FROM entry WHERE department_code = '130102999';
SELECT string_agg(format('%s:%s', a.platform_code, a.subtree_entries - b.subtree_entries), ',' ORDER BY a.platform_code)
  FROM platform_counts a JOIN before b USING (platform_code);
ROLLBACK;
"""
lines = psql(trigger_sql)
if lines is None:
    tap.skip("count triggers", "psql not found")
else:
    tap.eq(lines, ["000000:0:0:1:3,130000:0:0:1:3,130100:0:0:1:3,130102:1:3:1:3",
                   "000000:0,130000:0,130100:0,130102:0"],
           "inserting and deleting entries and departments keeps every ancestor's counts")

# ---- entries: pagination ------------------------------------------------------

items, pages, err = walk("/v1/entries", {"platform": "130000"}, 200)
codes = [e["code"] for e in items]
tap.ok(err is None, "walking 河北省's entries with limit 200 succeeds", err)
tap.eq(len(codes), hebei["counts"]["subtree_entries"], "河北省: entries walked == counts.subtree_entries")
tap.ok(codes == sorted(set(codes)), "entries come ordered by code, none twice")
tap.ok(pages == (len(codes) + 199) // 200, "every page but the last is full", pages)
tap.ok(all(e["platform_code"].startswith("13") and e["code"].startswith(e["department_code"] + "-")
           and e["department_code"].startswith(e["platform_code"]) for e in items),
       "entry code = department code + '-' …, department code = platform code + 3 digits")
tap.ok(all(ENTRY_CODE.match(c) for c in codes), "every entry code has the documented layout")
summary_keys = {"code", "name", "department_code", "department_name", "platform_code", "sharing_type",
                "open_attribute", "update_cycle", "disputed", "status"}
tap.ok(all(set(e) == summary_keys for e in items), "entry summaries have exactly the contract's fields",
       items[0] if items else None)
tap.ok({e["sharing_type"] for e in items} == {"unconditional", "conditional", "none"}
       and {e["open_attribute"] for e in items} == {"open", "conditional", "closed"},
       "a realistic mix of sharing types and open attributes")
tap.ok({e["update_cycle"] for e in items} <= CYCLES and len({e["update_cycle"] for e in items}) >= 5,
       "update cycles from the guide's vocabulary")
hebei_items = items

# a department's entries == its entry_count (the approver's department)
dep = next(d for d in deps if d["name"] == "河北省民政厅")
items, _, err = walk("/v1/entries", {"department": dep["code"]}, 3)
tap.ok(err is None and len(items) == dep["entry_count"] > 0
       and all(e["department_code"] == dep["code"] for e in items),
       "河北省民政厅: its entries walked in pages of 3 == entry_count", (err, len(items), dep))
r = get("/v1/entries?" + q({"department": dep["code"], "platform": "330000"}))
tap.ok(r.status == 200 and r.json["items"] == [] and r.json["next_cursor"] is None,
       "a department outside the platform's subtree gives an empty page", r)
items, _, err = walk("/v1/entries", {"department": dep["code"], "platform": "130000"}, 200)
tap.eq(len(items), dep["entry_count"], "department inside the platform's subtree: its entries")

# a county's entries
county = get("/v1/platforms/130102").json
items, _, err = walk("/v1/entries", {"platform": "130102"}, 200)
tap.ok(err is None and len(items) == county["counts"]["subtree_entries"], "长安区: walked == counts", err)

# filters
for key, vals in (("sharing", ("unconditional", "conditional", "none")), ("open", ("open", "conditional", "closed"))):
    for v in vals:
        field = "sharing_type" if key == "sharing" else "open_attribute"
        items, _, err = walk("/v1/entries", {"platform": "130000", key: v}, 200)
        want = sum(1 for e in hebei_items if e[field] == v)
        tap.ok(err is None and len(items) == want and all(e[field] == v for e in items),
               f"{key}={v}: exactly the matching entries of the subtree", (err, len(items), want))
r = get("/v1/entries?" + q({"platform": "130000", "disputed": "false", "limit": 5}))
tap.ok(r.status == 200 and len(r.json["items"]) == 5 and not any(e["disputed"] for e in r.json["items"]),
       "disputed=false filters", r)
r = get("/v1/entries?" + q({"platform": "130000", "disputed": "true"}))
tap.ok(r.status == 200 and all(e["disputed"] for e in r.json["items"]), "disputed=true filters", r)

# ---- entries: search ----------------------------------------------------------


def search_all(params, limit=200, max_pages=40):
    items, pages, err = walk("/v1/entries", params, limit, max_pages)
    return items, err


for text in ("婚姻", "登记", "户籍", "人口"):
    items, err = search_all({"q": text}, max_pages=5)
    tap.ok(err in (None, "too many pages") and items and all(text in e["name"] for e in items),
           f"q={text} (2 characters): results, all containing it", (err, len(items)))
for text in ("收养登", "婚姻登记", "企业注销信息", "行政处罚信息"):
    items, err = search_all({"q": text}, max_pages=5)
    tap.ok(err in (None, "too many pages") and items and all(text in e["name"] for e in items),
           f"q={text} ({len(text)} characters): results, all containing it", (err, len(items)))
items, err = search_all({"q": "婚姻", "platform": "330000", "sharing": "conditional"})
tap.ok(err is None and all("婚姻" in e["name"] and e["platform_code"].startswith("33")
                           and e["sharing_type"] == "conditional" for e in items),
       "q combines with platform and sharing", (err, len(items)))
# a known entry is found by a 2- and a 3-character piece of its name
known = next(e for e in hebei_items if len(e["name"]) >= 4)
for n in (2, 3):
    piece = known["name"][1:1 + n]
    items, err = search_all({"q": piece, "department": known["department_code"]})
    tap.ok(known["code"] in {e["code"] for e in items},
           f"a known entry is found by {n} characters of its name ({piece})", (known, err))
items, err = search_all({"q": "没有这样的名字"})
tap.ok(err is None and items == [], "a text in no name finds nothing")
items, err = search_all({"q": "ab"})
tap.ok(err is None and items == [], "ASCII letters search names too (and find nothing here)")

# code prefixes
for prefix in ("1301", "130000", "13010", known["department_code"] + "-", known["code"][:12]):
    items, err = search_all({"q": prefix}, max_pages=5)
    tap.ok(err in (None, "too many pages") and items and all(e["code"].startswith(prefix) for e in items),
           f"q={prefix}: entries whose code starts with it", (err, len(items)))
want = get("/v1/platforms/130100").json["counts"]["subtree_entries"]
items, err = search_all({"q": "1301"}, max_pages=want // 200 + 2)
tap.eq(len(items), want, "q=1301 finds exactly 石家庄市's subtree")
r = get("/v1/entries?" + q({"q": known["code"]}))
tap.ok(r.status == 200 and [e["code"] for e in r.json["items"]] == [known["code"]], "q=<a whole code> finds that entry", r)
r = get("/v1/entries?" + q({"q": "13", "platform": "440000"}))
tap.ok(r.status == 200 and r.json["items"] == [], "a code prefix outside the platform finds nothing", r)

for text, why in (("婚", "one Chinese character"), ("a", "one letter"), ("", "empty")):
    r = get("/v1/entries?" + q({"q": text}))
    tap.ok(is_error(r, 400, "query_too_short"), f"q of {why} is 400 query_too_short", r)
r = get("/v1/entries?" + q({"q": "婚" * 101}))
tap.ok(is_error(r, 400, "invalid_parameter"), "q over 100 characters is 400 invalid_parameter", r)
r = get("/v1/entries?q=%25%25")
tap.ok(r.status == 200 and r.json["items"] == [], "LIKE wildcards in q are plain text", r)

# ---- bad input ----------------------------------------------------------------

for lim in ("0", "201", "100000000000000000000", "-1", "abc", "1.5", "", "+5"):
    r = get("/v1/entries?" + q({"limit": lim}))
    tap.ok(is_error(r, 400, "invalid_parameter") and r.json["error"]["details"].get("parameter") == "limit",
           f"limit={lim!r} is 400 invalid_parameter naming limit", r)
r = get("/v1/platforms/000000/children?limit=1000")
tap.ok(is_error(r, 400, "invalid_parameter"), "a huge limit on children is 400", r)
r = get("/v1/entries?limit=200")
tap.ok(r.status == 200 and len(r.json["items"]) == 200, "limit=200 gives 200", r)
r = get("/v1/entries")
tap.ok(r.status == 200 and len(r.json["items"]) == 50 and isinstance(r.json["next_cursor"], str), "the default limit is 50", r)

first = r.json
kid_cursor = get("/v1/platforms/000000/children?limit=2").json["next_cursor"]
for cur, why in (("garbage!", "not base64url"), ("AAAA", "a random one"), (kid_cursor, "of the children list"),
                 (first["next_cursor"][:-3], "truncated"), ("' OR 1=1 --", "an injection attempt"),
                 ("ZTo=", "with an empty key")):
    r = get("/v1/entries?" + q({"cursor": cur}))
    tap.ok(is_error(r, 400, "invalid_cursor"), f"a cursor {why} is 400 invalid_cursor", r)
r = get("/v1/entries?" + q({"cursor": first["next_cursor"]}))
tap.ok(r.status == 200 and r.json["items"][0]["code"] > first["items"][-1]["code"], "a good cursor continues after the page")
r = get("/v1/platforms/000000/departments?" + q({"cursor": kid_cursor}))
tap.ok(is_error(r, 400, "invalid_cursor"), "a platform cursor on the departments list is refused", r)

for path, param in (("/v1/entries?foo=1", "foo"), ("/v1/me?x=1", "x"), ("/v1/platforms/000000?limit=5", "limit"),
                    ("/v1/entries?limit=5&limit=6", "limit"), ("/v1/entries?Platform=130000", "Platform")):
    r = get(path)
    tap.ok(is_error(r, 400, "invalid_parameter") and r.json["error"]["details"].get("parameter") == param,
           f"{path}: 400 invalid_parameter naming {param}", r)
for params, param, code in (({"platform": "13"}, "platform", "invalid_parameter"),
                            ({"platform": "999999"}, "platform", "not_found"),
                            ({"platform": "110100"}, "platform", "not_found"),
                            ({"department": "123"}, "department", "invalid_parameter"),
                            ({"department": "130000999"}, "department", "not_found"),
                            ({"sharing": "maybe"}, "sharing", "invalid_parameter"),
                            ({"open": "OPEN"}, "open", "invalid_parameter"),
                            ({"disputed": "1"}, "disputed", "invalid_parameter")):
    r = get("/v1/entries?" + q(params))
    status = 404 if code == "not_found" else 400
    tap.ok(is_error(r, status, code) and r.json["error"]["details"].get("parameter") == param,
           f"{params}: {status} {code}", r)

for raw, why in (("%E4%B8", "a truncated character"), ("%FF%FE", "invalid bytes"), ("%E4%B8%AD%E5", "a valid then a cut one"),
                 ("%C0%AF", "an overlong slash"), ("%ED%A0%80%ED%B0%80", "a surrogate pair")):
    r = get("/v1/entries?q=" + raw)
    tap.ok(is_error(r, 400, "invalid_utf8"), f"q with {why} is 400 invalid_utf8", r)
r = get("/v1/entries?q=%00%00")
tap.ok(is_error(r, 400, "invalid_utf8"), "NUL bytes in q are refused", r)
r = get("/v1/entries?%E4%B8=1")
tap.ok(is_error(r, 400, "invalid_utf8"), "a parameter name with broken UTF-8 is 400 invalid_utf8", r)

r = api("POST", "/v1/entries", tok=TOK, raw=b"x" * (100 * 1024), headers={"Content-Type": "application/json"})
tap.ok(is_error(r, 413, "payload_too_large"), "a 100 KiB body is 413 payload_too_large", r)
# A body announced far too large is refused before it is sent.
u = urllib.parse.urlparse(URL)
with socket.create_connection((u.hostname, u.port), timeout=10) as s:
    s.sendall(("POST /v1/entries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
               "Content-Type: application/json\r\nContent-Length: 2097152\r\nExpect: 100-continue\r\n\r\n"
               % TOK).encode())
    head = s.recv(4096).decode("latin-1")
tap.ok(head.startswith("HTTP/1.1 413") and "payload_too_large" in head,
       "a 2 MiB body announced with Expect: 100-continue is 413 before it is sent", head[:300])
for m in ("POST", "PUT", "DELETE", "PATCH"):
    r = api(m, "/v1/entries", tok=TOK, body={"name": "x"})
    tap.ok(is_error(r, 405, "method_not_allowed") and "GET" in r.headers.get("Allow", ""),
           f"{m} on /v1/entries is 405 with Allow: GET", r)
r = api("DELETE", "/v1/platforms/130000", tok=TOK)
tap.ok(is_error(r, 405, "method_not_allowed"), "DELETE on a platform is 405", r)

# ---- entry detail -------------------------------------------------------------

for code, why in (("xyz", "letters"), ("130000008-308001-001", "a short sequence"), ("130000008-408001-0001", "class 4")):
    r = get("/v1/entries/" + code)
    tap.ok(is_error(r, 400, "invalid_parameter"), f"an entry code with {why} is 400", r)
r = get("/v1/entries/999999999-300000-0000")
tap.ok(is_error(r, 404, "not_found"), "an unknown entry code is 404", r)

detail_keys = summary_keys | {"classification", "classification_name", "platform_name", "abstract", "format", "items",
                              "sharing_condition", "sharing_method", "basis", "release_date", "related",
                              "open_condition", "revision", "published_at", "published_by",
                              "retired_at", "retired_reason", "version", "actions"}
problems = []
checked = 0
sample = hebei_items[::max(1, len(hebei_items) // 60)]
for e in sample:
    r = get("/v1/entries/" + e["code"])
    d = r.json or {}
    checked += 1
    why = []
    if r.status != 200 or set(d) != detail_keys:
        why.append("fields")
    else:
        if {k: d[k] for k in summary_keys} != e:
            why.append("summary differs from list")
        if not re.match(r"^[1-3]-\d\d-\d{3}-\d\d$", d["classification"]) or \
                d["classification"].replace("-", "")[:6] != d["code"][10:16]:
            why.append("classification")
        if d["classification_name"].split(" / ")[0] not in ("基础信息资源", "主题信息资源", "部门信息资源"):
            why.append("classification_name")
        if not d["items"] or not all(set(i) - {"shared"} == {"name", "data_type", "length"}
                                     and i["data_type"] in DATA_TYPES
                                     and (i["length"] is None or isinstance(i["length"], int)) for i in d["items"]):
            why.append("items")
        if d["sharing_type"] == "conditional" and not (d["sharing_condition"] and d["basis"]):
            why.append("conditional without condition or basis")
        # 开放条件: text exactly when the entry is open on conditions (有条件开放)
        if (d["open_attribute"] == "conditional") != bool(d["open_condition"]):
            why.append("open_condition")
        if d["sharing_type"] == "none" and not d["basis"]:
            why.append("none without basis")
        if d["sharing_type"] != "none" and d["sharing_method"] not in ("api", "file", "database"):
            why.append("sharing_method")
        if not re.match(r"^\d{4}-\d\d-\d\d$", d["release_date"]):
            why.append("release_date")
        if not (d["abstract"] and d["name"] in d["abstract"] and d["format"]
                and re.search(r"[\u4e00-\u9fff]", d["platform_name"])):
            why.append("abstract/format/platform_name")
        for rc in d["related"]:
            if get("/v1/entries/" + rc).status != 200:
                why.append("related " + rc)
    if why:
        problems.append((e["code"], why, r))
tap.ok(checked > 20 and not problems, f"{checked} entry details carry every core field, consistently", problems[:3])
opened = [get("/v1/entries/" + e["code"]).json for e in hebei_items if e["open_attribute"] == "conditional"][:3]
tap.ok(opened and all(isinstance(d["open_condition"], str) and "开放" in d["open_condition"] for d in opened),
       "an entry open on conditions says its 开放条件", opened[:1])
d = get("/v1/entries/" + known["code"]).json
tap.ok(any(i["data_type"] == "字符型C" and i["length"] for i in d["items"]) or d["items"],
       "items carry data types and lengths", d["items"])
id_card = None
for e in hebei_items:
    if e["name"] == "居民身份证信息":
        id_card = get("/v1/entries/" + e["code"]).json
        break
if id_card:
    tap.ok({"name": "公民身份号码", "data_type": "字符型C", "length": 18} in id_card["items"],
           "居民身份证信息 lists 公民身份号码 as 字符型C, 18", id_card["items"])
else:
    tap.skip("居民身份证信息 items", "no such entry in 河北省 at this scale")
tap.ok(any(e["code"] != known["code"] and get("/v1/entries/" + e["code"]).json["related"] for e in hebei_items[:10]),
       "some entries name related entries")

# ---- keep-alive -----------------------------------------------------------------

u = urllib.parse.urlparse(URL)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
socks, statuses = set(), []
for p in ("/v1/health", "/v1/me", "/v1/entries?limit=1", "/v1/nothing"):
    conn.request("GET", p, headers={"Authorization": "Bearer " + TOK})
    resp = conn.getresponse()
    resp.read()
    statuses.append(resp.status)
    socks.add(id(conn.sock))
    if resp.will_close:
        break
tap.ok(statuses == [200, 200, 200, 404] and len(socks) == 1 and conn.sock is not None,
       "four requests, errors included, share one kept-alive connection", (statuses, len(socks)))
conn.close()

tap.done()
