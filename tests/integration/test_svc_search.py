#!/usr/bin/env python3
"""The name search of the entry list (migration 015 and sql/functions/govdx_entry_search*.sql), against the truth.

- The name dictionary and the counts a search relies on equal what the entry
  table holds (every name, every (name, sharing, open) count, every filter
  pair's count).
- govdx_entry_search answers exactly what the plain definition does
  (strpos over every entry, in code order) for texts that take each of its
  ways — none, index (the matches read from the name index) and walk (the
  code order) — with every filter, a platform's subtree, a department, and
  keyset pages deep into the answer.
- The API's /v1/entries?q= pages, followed by cursor to the end, are the
  whole answer in code order, once each.
- The statement triggers keep the dictionary and counts right when entries
  are inserted, changed and deleted (in a transaction rolled back), and a
  new name is found at once.

Talks to the real database with psql (GOVDX_DB) and to the service.
"""
import os
import shutil
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRC = os.environ.get("top_srcdir", os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP_SRC, "tests/lib"))
from govdxtest import Tap, run_sql, api, env_or_skip, token  # noqa: E402

tap = Tap()
(DB, _) = env_or_skip(tap, "GOVDX_DB", "GOVDX_URL")
if not shutil.which("psql"):
    tap.skip_all("psql is not installed")


def psql(sql):
    rc, out, err = run_sql(DB, sql, 300, sep="\t")
    return out if rc == 0 else f"error: {err}"


def lit(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return "'" + v.replace("'", "''") + "'"


def lines(out):
    return [] if out == "" else out.split("\n")


# ---- the dictionary and the counts -------------------------------------
tap.eq(psql("""
    SELECT count(*) FROM (
      (SELECT name, sharing_type, open_attribute, count(*) FROM entry GROUP BY 1, 2, 3
       EXCEPT SELECT name, sharing_type, open_attribute, n FROM entry_name_count)
      UNION ALL
      (SELECT name, sharing_type, open_attribute, n FROM entry_name_count WHERE n <> 0
       EXCEPT SELECT name, sharing_type, open_attribute, count(*) FROM entry GROUP BY 1, 2, 3)) d"""),
       "0", "entry_name_count equals the entries' counts per name, sharing and open")
tap.eq(psql("""
    SELECT count(*) FROM (
      (SELECT sharing_type, open_attribute, count(*) FROM entry GROUP BY 1, 2
       EXCEPT SELECT sharing_type, open_attribute, n FROM entry_filter_count)
      UNION ALL
      (SELECT sharing_type, open_attribute, n FROM entry_filter_count WHERE n <> 0
       EXCEPT SELECT sharing_type, open_attribute, count(*) FROM entry GROUP BY 1, 2)) d"""),
       "0", "entry_filter_count equals the entries' counts per sharing and open")
tap.eq(psql("SELECT count(*) FROM entry e WHERE NOT EXISTS "
            "(SELECT 1 FROM entry_name n WHERE n.name = e.name)"),
       "0", "every entry's name is in the dictionary")
tap.eq(psql("SELECT count(*) FROM entry_name WHERE bigrams IS DISTINCT FROM govdx_bigrams(name)"),
       "0", "the dictionary's stored bigrams are those of its names")

# ---- govdx_entry_search against the definition ---------------------------
# A common text, a rarer one, one in one name only, one in none; the ways
# each takes are checked below, so the test notices if the data stop
# exercising one.
common = "信息"
rare = psql("SELECT substr(name, 1, 4) FROM entry_name_count GROUP BY name "
            "HAVING sum(n) BETWEEN 20 AND 200 ORDER BY name LIMIT 1")
single = psql("SELECT name FROM entry_name_count GROUP BY name HAVING sum(n) = 1 ORDER BY name LIMIT 1")
platform = psql("SELECT p.subtree_prefix FROM platform p JOIN platform_counts c ON "
                "c.platform_code = p.code WHERE p.level = 'provincial' ORDER BY c.subtree_entries DESC LIMIT 1")
department = psql("SELECT department_code FROM entry WHERE strpos(name, " + lit(common) + ") > 0 "
                  "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
tap.ok(rare and single and platform and department and not rare.startswith("error"),
       "the data hold a rare text, a one-entry name, a province and a department to search",
       (rare, single, platform, department))


def prefix_end(p):
    return p[:-1] + chr(ord(p[-1]) + 1) if p else None


def truth(q, after="", lo="", hi=None, lo2="", hi2=None, sharing=None, open_=None, disp=None, lim=51):
    return lines(psql(f"""
        SELECT code FROM entry WHERE strpos(name, {lit(q)}) > 0 AND code > {lit(after)}
          AND code >= {lit(lo)} AND ({lit(hi)}::text IS NULL OR code < {lit(hi)})
          AND code >= {lit(lo2)} AND ({lit(hi2)}::text IS NULL OR code < {lit(hi2)})
          AND ({lit(sharing)}::text IS NULL OR sharing_type = {lit(sharing)})
          AND ({lit(open_)}::text IS NULL OR open_attribute = {lit(open_)})
          AND ({lit(disp)}::boolean IS NULL OR disputed = {lit(disp)})
        ORDER BY code LIMIT {lim}"""))


def search(q, after="", lo="", hi=None, lo2="", hi2=None, sharing=None, open_=None, disp=None, lim=51):
    return lines(psql(f"""
        SELECT * FROM govdx_entry_search({lit(q)}, {lit(after)}, {lit(lo)}, {lit(hi)},
            {lit(lo2)}, {lit(hi2)}, {lit(sharing)}, {lit(open_)}, {lit(disp)}::boolean, {lim})"""))


def way(q, sharing=None, open_=None, lim=51):
    return psql(f"SELECT way FROM govdx_entry_search_way({lit(q)}, {lit(sharing)}, {lit(open_)}, {lim})")


ways = set()
for q in (common, rare, single, "不存在的名称文字"):
    for sharing, open_ in ((None, None), ("none", None), (None, "open"), ("conditional", "conditional"),
                           ("none", "open")):
        w = way(q, sharing, open_)
        ways.add(w)
        for scope in ({}, {"lo": platform, "hi": prefix_end(platform)},
                      {"lo2": department + "-", "hi2": prefix_end(department + "-")}):
            args = dict(scope, sharing=sharing, open_=open_)
            want = truth(q, **args)
            got = search(q, **args)
            tap.eq(got, want, f"q={q} sharing={sharing} open={open_} {sorted(scope) or 'everywhere'}: "
                              f"the same {len(want)} codes in order ({w})")
tap.eq(sorted(ways), ["index", "none", "walk"], "the texts searched take each of the three ways")

# Keyset pages: each page starts after the last code of the one before.
for q in (common, rare):
    want = truth(q, lim=400)
    got, after = [], ""
    for _ in range(40):
        page = search(q, after=after, lim=37)
        got += page
        if len(page) < 37 or len(got) >= 400:
            break
        after = page[-1]
    tap.eq(got[:400], want, f"q={q}: pages of 37 after the last code give the first {len(want)} in order")
tap.eq(search(common, disp=True), truth(common, disp=True), "q=信息 disputed only: the same codes")
tap.eq(search(rare, lim=1), truth(rare, lim=1), f"q={rare} limit 1: the first code")

# ---- through the API, cursor to the end ------------------------------------
tok = token("hebei-official")
for q in (rare, single):
    want = truth(q, lim=100000)
    got, path = [], "/v1/entries?limit=7&q=" + urllib.parse.quote(q)
    for _ in range(1000):
        r = api("GET", path, tok)
        if r.status != 200:
            got.append(f"status {r.status}")
            break
        got += [e["code"] for e in r.json["items"]]
        nxt = r.json["next_cursor"]
        if not nxt:
            break
        path = "/v1/entries?limit=7&q=" + urllib.parse.quote(q) + "&cursor=" + urllib.parse.quote(nxt)
    tap.eq(got, want, f"GET /v1/entries?q={q} by cursor: all {len(want)} entries, in code order, once each")

# ---- the triggers, in a transaction rolled back ----------------------------
out = psql("""
BEGIN;
CREATE TEMP TABLE before_counts AS SELECT * FROM entry_filter_count;
INSERT INTO entry (code, name, department_code, template_id, abstract, format, sharing_type,
                   basis, open_attribute, update_cycle, release_date)
SELECT department_code || '-199999-' || lpad(g::text, 4, '0'), '甲乙丙丁测试资源', department_code,
       template_id, abstract, format, 'none', '测试', 'closed', update_cycle, release_date
FROM entry, generate_series(1, 3) g WHERE code = (SELECT min(code) FROM entry);
SELECT 'inserted', (SELECT count(*) FROM entry_name WHERE name = '甲乙丙丁测试资源'),
       (SELECT n FROM entry_name_count WHERE name = '甲乙丙丁测试资源' AND sharing_type = 'none'
        AND open_attribute = 'closed'),
       (SELECT count(*) FROM govdx_entry_search('丙丁测试', '', '', NULL, '', NULL, NULL, NULL, NULL, 51)),
       (SELECT f.n - b.n FROM entry_filter_count f JOIN before_counts b USING (sharing_type, open_attribute)
        WHERE sharing_type = 'none' AND open_attribute = 'closed');
UPDATE entry SET sharing_type = 'unconditional', basis = NULL, open_attribute = 'open'
WHERE name = '甲乙丙丁测试资源' AND right(code, 1) = '1';
SELECT 'changed', (SELECT n FROM entry_name_count WHERE name = '甲乙丙丁测试资源' AND sharing_type = 'none'),
       (SELECT n FROM entry_name_count WHERE name = '甲乙丙丁测试资源' AND sharing_type = 'unconditional'),
       (SELECT count(*) FROM govdx_entry_search('丙丁测试', '', '', NULL, '', NULL, 'unconditional', NULL, NULL, 51));
DELETE FROM entry WHERE name = '甲乙丙丁测试资源';
SELECT 'deleted', (SELECT coalesce(sum(n), 0) FROM entry_name_count WHERE name = '甲乙丙丁测试资源'),
       (SELECT count(*) FROM govdx_entry_search('丙丁测试', '', '', NULL, '', NULL, NULL, NULL, NULL, 51)),
       (SELECT count(*) FROM entry_filter_count f JOIN before_counts b USING (sharing_type, open_attribute)
        WHERE f.n <> b.n);
ROLLBACK;
""")
rows = {r.split("\t")[0]: r.split("\t")[1:] for r in lines(out) if "\t" in r}
tap.eq(rows.get("inserted"), ["1", "3", "3", "3"],
       "3 entries of a new name: in the dictionary, counted, found, and the filter count +3")
tap.eq(rows.get("changed"), ["2", "1", "1"], "one changed to unconditional: the counts move with it")
tap.eq(rows.get("deleted"), ["0", "0", "0"], "all deleted: no count left, nothing found, filter counts as before")
tap.eq(psql("SELECT count(*) FROM entry_name WHERE name = '甲乙丙丁测试资源'"), "0",
       "the rollback left nothing behind")

tap.done()
