-- seed-directory.sql: generates the demo directory inside PostgreSQL.
--
-- Run by `govdx-exchanged seed` in one transaction, after it has staged the
-- CSV files of data/ into the temporary tables stg_division, stg_department
-- and stg_resource (in file order, column ord) and set govdx.scale to the
-- number of entries wanted and govdx.batch_entries to the size of a batch.
-- Not a migration (its name has no NNN- prefix).
--
-- Each "-- @step NAME" line begins a step, run as one string in the same
-- transaction (and reported by seed --progress as it begins); what comes
-- before the first belongs to it. Two steps are run their own way:
-- - entries runs once per batch, with govdx.batch set to the batch number
--   (0, 1, ... as alloc numbers them): whole departments in code order,
--   about govdx.batch_entries entries each; the entries and their order are
--   those of one statement over every department;
-- - indexes is a query of the saved index definitions (name, def), each
--   run then as a step of its own.
--
-- Everything is deterministic: the same CSVs and scale give the same
-- directory, codes included, so tests and screenshots can name entries.
-- Choices (see docs/architecture.md):
-- - The placeholder "municipal" rows (市辖区, 县, 省直辖县级行政区划,
--   自治区直辖县级行政区划) are not platforms; their counties hang directly
--   under the province.
-- - Cities without counties (东莞 441900, 中山 442000, 儋州 460400) appear
--   twice in divisions.csv, also as a "county" that is its own parent; that
--   row is dropped: the city is one municipal platform.
-- - Departments: every pattern of departments.csv at the national,
--   provincial and municipal level (the four municipalities directly under
--   the central government take the "municipality" patterns and their
--   per-city variants); at county level a core of 16 and about a
--   quarter of the others (counties merge or lack departments), ~70,000 in all.
-- - Entries: spread over departments by a weight per level (national >
--   provincial > municipal > county), doubled for departments whose domain has
--   real resource names in resources.csv, with a deterministic jitter.

-- @step directory
SET LOCAL client_min_messages = warning;
SET LOCAL work_mem = '128MB';
-- JIT compilation costs more than it saves on these one-off statements.
SET LOCAL jit = off;
SET LOCAL maintenance_work_mem = '512MB';
-- Bulk load: the count triggers and foreign keys are skipped; the counts are
-- recomputed at the end (govdx_recount) and the data is consistent by
-- construction.
SET LOCAL session_replication_role = replica;

-- A stable non-negative hash for deterministic "random" choices.
CREATE FUNCTION pg_temp.h(t text) RETURNS integer LANGUAGE sql IMMUTABLE
	RETURN hashtext(t) & 2147483647;

-- Short form of a county name for "{city}生态环境局{region}分局":
-- 瑞安市 → 瑞安, 石柱土家族自治县 → 石柱.
CREATE FUNCTION pg_temp.short_name(n text) RETURNS text LANGUAGE sql IMMUTABLE
	RETURN CASE
		WHEN n ~ '族自治[县旗]$' THEN left(n, 2)
		WHEN char_length(n) > 2 AND right(n, 1) IN ('县', '区', '市', '旗') THEN left(n, char_length(n) - 1)
		ELSE n END;

-- ---- platforms --------------------------------------------------------------

CREATE TEMP TABLE placeholder ON COMMIT DROP AS
	SELECT code, parent_code FROM stg_division
	WHERE level = 'municipal' AND name IN ('市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划');

INSERT INTO platform (code, name, level, parent_code, subtree_prefix)
SELECT d.code, d.name, d.level,
       coalesce(ph.parent_code, nullif(d.parent_code, '')),
       CASE d.level WHEN 'national' THEN '' WHEN 'provincial' THEN left(d.code, 2)
                    WHEN 'municipal' THEN left(d.code, 4) ELSE d.code END
FROM stg_division d LEFT JOIN placeholder ph ON ph.code = d.parent_code
WHERE d.code NOT IN (SELECT code FROM placeholder)
  AND d.code IS DISTINCT FROM d.parent_code
ORDER BY d.code;

INSERT INTO platform_ancestor (platform_code, ancestor_code)
WITH RECURSIVE a (platform_code, ancestor_code) AS (
	SELECT code, code FROM platform
	UNION ALL
	SELECT a.platform_code, p.parent_code FROM a JOIN platform p ON p.code = a.ancestor_code
	WHERE p.parent_code IS NOT NULL)
SELECT platform_code, ancestor_code FROM a;

INSERT INTO platform_counts (platform_code) SELECT code FROM platform;

-- ---- departments ------------------------------------------------------------

-- Rows whose level is a word (national … county, municipality) are the
-- patterns; rows whose level is a division code are one platform's variant
-- of the pattern with the same data_domain (北京市交通委员会 for the
-- municipality pattern 交通运输委员会). The department number is the
-- pattern's, so a variant changes a name and never a code.
CREATE TEMP TABLE dept_pattern ON COMMIT DROP AS
	SELECT level, name_pattern, short_name, data_domain,
	       row_number() OVER (PARTITION BY level ORDER BY ord) AS idx
	FROM stg_department WHERE level !~ '^[0-9]{6}$';
CREATE TEMP TABLE dept_variant ON COMMIT DROP AS
	SELECT level AS platform_code, name_pattern, short_name, data_domain
	FROM stg_department WHERE level ~ '^[0-9]{6}$';

-- The municipalities directly under the central government (北京市, 天津市,
-- 上海市, 重庆市: the provincial divisions named …市) are provincial
-- platforms whose departments take municipal forms (北京市公安局, not
-- 北京市公安厅): they use the "municipality" patterns.
INSERT INTO department (code, platform_code, name, short_name, data_domain)
SELECT p.code || lpad(t.idx::text, 3, '0'), p.code,
       CASE WHEN t.name_pattern LIKE '%{city}%'
            THEN replace(replace(t.name_pattern, '{city}', par.name), '{region}', pg_temp.short_name(p.name))
            ELSE replace(coalesce(v.name_pattern, t.name_pattern), '{region}', p.name) END,
       coalesce(v.short_name, t.short_name), t.data_domain
FROM platform p
JOIN dept_pattern t ON t.level = CASE WHEN p.level = 'provincial' AND p.name LIKE '%市' THEN 'municipality'
                                      ELSE p.level END
LEFT JOIN dept_variant v ON v.platform_code = p.code AND v.data_domain = t.data_domain
LEFT JOIN platform par ON par.code = p.parent_code
WHERE p.level <> 'county'
   OR t.data_domain IN ('general-office', 'development-reform', 'education', 'public-security',
                        'civil-affairs', 'justice', 'finance', 'human-resources-social-security',
                        'natural-resources', 'housing-urban-rural', 'transport', 'agriculture-rural',
                        'health', 'market-regulation', 'healthcare-security', 'taxation')
   OR pg_temp.h(p.code || t.data_domain) % 100 < 25
ORDER BY 1;

-- ---- resource templates -----------------------------------------------------

-- Data domains in order of first appearance, numbered: the 项 of the
-- classification. The label is the domain's short name.
CREATE TEMP TABLE domain ON COMMIT DROP AS
SELECT data_domain, row_number() OVER (ORDER BY first_ord) AS idx, label FROM (
	SELECT data_domain, min(ord) AS first_ord, (array_agg(short_name ORDER BY ord))[1] AS label
	FROM stg_department GROUP BY data_domain
	UNION ALL
	SELECT data_domain, 1000 + min(ord),
	       CASE data_domain WHEN 'base-catalog' THEN '基础信息' WHEN 'social-credit' THEN '社会信用'
	                        WHEN 'court' THEN '审判' WHEN 'org-establishment' THEN '机构编制'
	                        WHEN 'housing-provident-fund' THEN '住房公积金' ELSE data_domain END
	FROM stg_resource WHERE data_domain NOT IN (SELECT data_domain FROM stg_department)
	GROUP BY data_domain) s;

-- Templates before numbering: real resources, then generic ones per domain.
-- publisher: the department domain that publishes it ('*' = every department).
-- kind: person / org / geo / other, for default items and sharing mix.
CREATE TEMP TABLE tmpl ON COMMIT DROP AS
WITH real AS (
	SELECT r.ord, r.data_domain, r.resource_name AS name, nullif(r.items, '') AS items,
	       CASE r.data_domain
	            WHEN 'base-catalog' THEN CASE
	                 WHEN r.resource_name LIKE '%人口%' THEN 'public-security'
	                 WHEN r.resource_name LIKE '%法人%' THEN 'market-regulation'
	                 WHEN r.resource_name LIKE '%自然资源%' THEN 'natural-resources'
	                 WHEN r.resource_name LIKE '%信用%' THEN 'development-reform'
	                 ELSE 'data-administration' END
	            WHEN 'social-credit' THEN '*'
	            WHEN 'court' THEN 'justice'
	            WHEN 'org-establishment' THEN 'general-office'
	            WHEN 'housing-provident-fund' THEN 'housing-urban-rural'
	            ELSE r.data_domain END AS publisher,
	       CASE r.data_domain WHEN 'base-catalog' THEN 1 WHEN 'social-credit' THEN 2 ELSE 3 END AS class,
	       row_number() OVER (PARTITION BY r.data_domain ORDER BY r.ord) AS goal,
	       1 AS detail
	FROM stg_resource r),
generic (g, suffix, items) AS (VALUES
	(1, '政务服务事项办理信息', '办件编号;事项名称;申请人名称;申请人证件号码;受理日期;办结日期;办理结果'),
	(2, '监管对象名录', '统一社会信用代码;单位名称;法定代表人;行政区划代码;监管类别;登记日期'),
	(3, '统计报表数据', '统计期别:字符型C:6;行政区划代码;指标名称;指标值:数值型N:18;计量单位:字符型C:20;填报日期'),
	(4, '专项资金拨付信息', '项目编号;项目名称;资金金额:货币型Y:18;拨付日期;承担单位名称'),
	(5, '执法检查信息', '检查编号;检查对象名称;统一社会信用代码;检查日期;检查结果;检查机关'),
	(6, '政策文件信息', '文号;标题:字符型C:200;发布日期;发布机关;有效性:字符型C:10;正文:备注型M'),
	(7, '投诉举报办理信息', '工单编号;诉求内容;受理日期;办结日期;办理结果;满意度:数值型N:1'),
	(8, '从业人员信息', '公民身份号码;姓名;执业证书编号;执业机构名称;发证日期;有效期至')),
gen AS (
	SELECT 100000 + d.idx * 10 + g.g AS ord, d.data_domain, d.label || g.suffix AS name, g.items,
	       d.data_domain AS publisher, 3 AS class, 100 + g.g AS goal, 0 AS detail
	FROM domain d CROSS JOIN generic g
	WHERE d.data_domain IN (SELECT data_domain FROM stg_department))
SELECT u.*,
       CASE WHEN u.name ~ '(人口|居民|户|身份|出生|死亡|学生|儿童|婚姻|收养|火化|低保|社保|医保|公积金|驾驶员|社会保障卡|从业人员)' THEN 'person'
            WHEN u.name ~ '(企业|单位|组织|法人|许可|证书|机关|车辆|船舶|金融|公证|工商|监管对象)' THEN 'org'
            WHEN u.name ~ '(地理|遥感|土地|红线|矿业|不动产|地名|航道|公路|自然资源)' THEN 'geo'
            ELSE 'other' END AS kind
FROM (SELECT * FROM real UNION ALL SELECT * FROM gen) u;

-- Items: "name[:type[:length]]" parsed, types and lengths filled in where the
-- source gave none (data-type codes of the national cataloguing guide).
CREATE TEMP TABLE tmpl_items ON COMMIT DROP AS
WITH spec AS (
	SELECT t.ord,
	       coalesce(t.items, CASE t.kind
	           WHEN 'person' THEN '公民身份号码;姓名;性别代码;出生日期;行政区划代码;登记日期;登记机关'
	           WHEN 'org' THEN '统一社会信用代码;单位名称;法定代表人;证照编号;发证机关;发证日期;有效期至;登记状态'
	           WHEN 'geo' THEN '要素编号;要素名称;行政区划代码;坐标系:字符型C:20;面积:双精度型B:18;审批日期;空间范围:通用型G'
	           ELSE '记录编号;名称;行政区划代码;更新日期;备注' END) AS items
	FROM tmpl t),
raw AS (
	SELECT s.ord, u.n AS pos, split_part(u.x, ':', 1) AS name, split_part(u.x, ':', 2) AS typ,
	       nullif(split_part(u.x, ':', 3), '')::int AS len
	FROM spec s, unnest(string_to_array(s.items, ';')) WITH ORDINALITY AS u (x, n)),
typed AS (
	SELECT ord, pos, name, len,
	       CASE WHEN typ ~ '型[A-Z]$' THEN typ
	            WHEN name ~ '(公民身份号码|身份证号|身份证号码|证件号码|统一社会信用代码)$' THEN '字符型C'
	            WHEN name ~ '(日期|生效期|截止期|有效期|有效期至)$' THEN '日期型D'
	            WHEN name ~ '时间$' THEN '日期时间型T'
	            WHEN name ~ '(相片|指纹信息)$' THEN '通用型G'
	            WHEN name ~ '标识$' THEN '逻辑型L'
	            WHEN name ~ '年度$' THEN '数值型N'
	            WHEN name ~ '(备注|范围|内容|事由|事实|依据|结果)$' THEN '备注型M'
	            ELSE '字符型C' END AS data_type
	FROM raw)
SELECT ord, pos, name, data_type,
       coalesce(len, CASE
	    WHEN data_type IN ('通用型G', '备注型M') THEN NULL
	    WHEN data_type = '日期型D' THEN 8
	    WHEN data_type = '日期时间型T' THEN 14
	    WHEN data_type = '逻辑型L' THEN 1
	    WHEN data_type = '数值型N' THEN 4
	    WHEN name ~ '(公民身份号码|身份证号|身份证号码|证件号码|统一社会信用代码)$' THEN 18
	    WHEN name ~ '性别代码$' THEN 1
	    WHEN name ~ '民族代码$' THEN 2
	    WHEN name ~ '(行政区划代码|地区代码|县（区）代码)$' THEN 6
	    WHEN name ~ '代码$' THEN 20
	    WHEN name ~ '姓名$' THEN 50
	    WHEN name ~ '(名称|住所|住址|地址|场所|机关|机构)$' THEN 200
	    WHEN name ~ '电话$' THEN 20
	    WHEN name ~ '(编号|文号|注册号|号)$' THEN 50
	    ELSE 100 END) AS len
FROM typed;

CREATE TEMP TABLE tmpl_final ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY t.ord) AS id, t.*, d.idx AS domain_idx, d.label,
       t.class || lpad(d.idx::text, 2, '0') || lpad(t.goal::text, 3, '0') AS class_code,
       (SELECT string_agg(i.name, '、' ORDER BY i.pos) FROM tmpl_items i WHERE i.ord = t.ord AND i.pos <= 3) AS items_head,
       (SELECT count(*) FROM tmpl_items i WHERE i.ord = t.ord) AS n_items
FROM tmpl t JOIN domain d ON d.data_domain = t.data_domain;

INSERT INTO resource_template (id, data_domain, name, classification, classification_name, items)
SELECT t.id, t.data_domain, t.name,
       t.class || '-' || lpad(t.domain_idx::text, 2, '0') || '-' || lpad(t.goal::text, 3, '0') || '-' ||
           lpad(t.detail::text, 2, '0'),
       CASE t.class WHEN 1 THEN '基础信息资源' WHEN 2 THEN '主题信息资源' ELSE '部门信息资源' END ||
           ' / ' || t.label || ' / ' || t.name,
       (SELECT jsonb_agg(jsonb_build_object('name', i.name, 'data_type', i.data_type, 'length', i.len)
                         ORDER BY i.pos)
        FROM tmpl_items i WHERE i.ord = t.ord)
FROM tmpl_final t;

-- Each department domain's pool of templates: real ones first, then the
-- ones every department publishes, then the generic ones.
CREATE TEMP TABLE pool ON COMMIT DROP AS
SELECT d.data_domain, (row_number() OVER (PARTITION BY d.data_domain
                                           ORDER BY t.publisher = '*', t.detail DESC, t.ord) - 1)::int AS pos,
       t.id AS template_id
FROM (SELECT DISTINCT data_domain FROM stg_department) d
JOIN tmpl_final t ON t.publisher = d.data_domain OR t.publisher = '*';
CREATE TEMP TABLE pool_size ON COMMIT DROP AS
	SELECT data_domain, count(*)::int AS m, count(*) FILTER (WHERE template_id IN
	       (SELECT id FROM tmpl_final WHERE detail = 1 AND publisher <> '*')) AS n_real
	FROM pool GROUP BY data_domain;
CREATE INDEX ON pool (data_domain, pos);
ANALYZE pool;
ANALYZE pool_size;
ANALYZE tmpl_final;

-- ---- entries ----------------------------------------------------------------

-- Entries per department: floor differences of the cumulative weight share,
-- so the total is exactly the scale and each department gets its share
-- rounded up or down. batch: the batch of the entries step that loads the
-- department's entries (by the entries before it in code order).
CREATE TEMP TABLE alloc ON COMMIT DROP AS
WITH w AS (
	SELECT d.code, d.data_domain, d.name AS department_name, p.name AS platform_name,
	       p.level AS platform_level,
	       (CASE p.level WHEN 'national' THEN 60 WHEN 'provincial' THEN 18 WHEN 'municipal' THEN 4.5 ELSE 1 END)::numeric
	       * CASE WHEN s.n_real > 0 THEN 2 ELSE 1 END
	       * (500 + pg_temp.h(d.code) % 1000) / 1000 AS w
	FROM department d JOIN platform p ON p.code = d.platform_code
	JOIN pool_size s ON s.data_domain = d.data_domain),
c AS (SELECT *, sum(w) OVER (ORDER BY code) AS cw, sum(w) OVER () AS tw FROM w),
a AS (
	SELECT c.code, c.data_domain, c.department_name, c.platform_name, c.platform_level,
	       (floor(current_setting('govdx.scale')::numeric * c.cw / c.tw)
	        - floor(current_setting('govdx.scale')::numeric * (c.cw - c.w) / c.tw))::int AS n,
	       s.m, pg_temp.h(c.code || 'o') % s.m AS off
	FROM c JOIN pool_size s ON s.data_domain = c.data_domain)
SELECT a.*, ((sum(a.n) OVER (ORDER BY a.code) - a.n)
             / greatest(current_setting('govdx.batch_entries')::bigint, 1))::int AS batch
FROM a;
ANALYZE alloc;

-- Secondary indexes are dropped for the load and rebuilt after it (a bulk
-- GIN build is far faster than millions of insertions); their definitions
-- are taken from the catalog, so the migration stays their only source.
CREATE TEMP TABLE saved_index ON COMMIT DROP AS
	SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
	FROM pg_index WHERE indrelid = 'entry'::regclass AND NOT indisprimary;
DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT name FROM saved_index LOOP
		EXECUTE 'DROP INDEX ' || r.name;
	END LOOP;
END $$;

-- @step entries
INSERT INTO entry (code, name, department_code, template_id, abstract, format, sharing_type,
                   sharing_condition, sharing_method, basis, open_attribute, open_condition,
                   update_cycle, release_date, related)
WITH e AS (
	SELECT a.code || '-' || t.class_code || '-' || lpad(k::text, 4, '0') AS code,
	       a.code AS department_code, a.department_name, a.platform_name, k, t.id AS template_id,
	       t.class, t.kind, t.items_head, t.n_items,
	       t.name || CASE WHEN v = 0 THEN ''
	                      ELSE (ARRAY['查询服务', '核验服务', '统计数据', '汇总信息', '变更信息', '历史数据',
	                                  '明细数据', '专题库', '共享接口', '归档数据', '年报数据', '电子档案'])[(v - 1) % 12 + 1]
	                           || CASE WHEN v > 12
	                                   THEN '（' || (ARRAY['二〇一五', '二〇一六', '二〇一七', '二〇一八', '二〇一九',
	                                                      '二〇二〇', '二〇二一', '二〇二二', '二〇二三', '二〇二四'])[(v - 13) % 10 + 1]
	                                        || '年度）'
	                                   ELSE '' END END
	       -- About one entry in 40 of a city or county names its period or
	       -- scope with the punctuation that East Asian widths make hard to
	       -- lay out: the fullwidth （）, 〇 (wide), and — and · (ambiguous:
	       -- one column in a UTF-8 locale, two in some CJK ones).
	       || CASE WHEN a.platform_level IN ('municipal', 'county') AND k > 1
	                    AND pg_temp.h(a.code || k::text || 'n') % 40 = 0
	               THEN (ARRAY['（二〇二〇—二〇二四年）', '·历年汇总', '——二〇二四年第一季度',
	                           '（二〇二三年度）'])[pg_temp.h(a.code || k::text || 'm') % 4 + 1]
	               ELSE '' END AS name
	FROM alloc a
	CROSS JOIN LATERAL generate_series(1, a.n) AS k
	CROSS JOIN LATERAL (SELECT (k - 1) / a.m AS v) AS vv
	JOIN pool pl ON pl.data_domain = a.data_domain AND pl.pos = ((k - 1) + a.off) % a.m
	JOIN tmpl_final t ON t.id = pl.template_id
	WHERE a.batch = current_setting('govdx.batch')::integer),
r AS (
	SELECT e.*, pg_temp.h(e.code) AS h0, pg_temp.h(e.code || 'd') AS h1,
	       first_value(e.code) OVER w AS first_code, lag(e.code) OVER w AS prev_code
	FROM e WINDOW w AS (PARTITION BY e.department_code ORDER BY e.k)),
s AS (
	SELECT r.*,
	       CASE WHEN r.class = 1 THEN CASE WHEN h0 % 100 < 80 THEN 'unconditional' WHEN h0 % 100 < 97 THEN 'conditional' ELSE 'none' END
	            WHEN r.kind = 'person' THEN CASE WHEN h0 % 100 < 35 THEN 'unconditional' WHEN h0 % 100 < 88 THEN 'conditional' ELSE 'none' END
	            ELSE CASE WHEN h0 % 100 < 60 THEN 'unconditional' WHEN h0 % 100 < 92 THEN 'conditional' ELSE 'none' END
	       END AS sharing_type,
	       (ARRAY['实时', '每日', '每日', '每日', '每日', '每日', '每周', '每周', '每月', '每月',
	              '每月', '每月', '每月', '每季度', '每季度', '每半年', '每年', '每年', '其他', '实时'])[(h1 / 7) % 20 + 1] AS update_cycle
	FROM r),
o AS (
	SELECT s.*,
	       CASE WHEN s.sharing_type = 'none' THEN 'closed'
	            WHEN s.kind = 'person' THEN CASE WHEN (h0 / 10000) % 100 < 70 THEN 'closed' ELSE 'conditional' END
	            WHEN (h0 / 10000) % 100 < 45 THEN 'open'
	            WHEN (h0 / 10000) % 100 < 75 THEN 'conditional'
	            ELSE 'closed' END AS open_attribute
	FROM s)
SELECT s.code, s.name, s.department_code, s.template_id,
       s.department_name || '在履行职责中形成的' || s.name || '，包含' || s.items_head || '等' || s.n_items ||
           '个信息项，' || CASE s.update_cycle WHEN '其他' THEN '不定期' ELSE s.update_cycle END || '更新。',
       CASE WHEN s.sharing_type = 'none' THEN '数据库（关系型数据库表）'
            WHEN (h0 / 1000) % 10 < 5 THEN '接口（RESTful/JSON）'
            WHEN (h0 / 1000) % 10 < 7 THEN '数据库（关系型数据库表）'
            WHEN (h0 / 1000) % 2 = 0 THEN '电子表格（XLSX）'
            ELSE '电子文件（OFD）' END,
       s.sharing_type,
       CASE WHEN s.sharing_type = 'conditional' THEN (ARRAY[
            '仅限于依法履行职责需要，经' || s.department_name || '审核同意后共享',
            '仅提供核验服务，不提供原始数据批量下载',
            '按最小必要原则共享部分信息项，公民身份号码等敏感项脱敏后提供',
            '限于' || s.platform_name || '行政区域内政务部门办理行政审批和公共服务事项使用',
            '需签订数据共享安全协议并备案，按月报告使用情况'])[(h0 / 100) % 5 + 1] END,
       CASE WHEN s.sharing_type = 'none' THEN NULL
            WHEN (h0 / 1000) % 10 < 5 THEN 'api'
            WHEN (h0 / 1000) % 10 < 7 THEN 'database'
            ELSE 'file' END,
       CASE s.sharing_type
            WHEN 'conditional' THEN (ARRAY[
                '《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条',
                '《中华人民共和国个人信息保护法》第十三条、第三十四条',
                '《中华人民共和国数据安全法》第三十八条',
                '《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）'])[(h1 / 100) % 4 + 1]
            WHEN 'none' THEN (ARRAY[
                '《中华人民共和国保守国家秘密法》第二十八条',
                '《中华人民共和国个人信息保护法》第二十八条（敏感个人信息）',
                '《中华人民共和国统计法》第三十九条',
                '《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条'])[(h1 / 100) % 4 + 1]
       END,
       s.open_attribute,
       -- 开放条件: the same five texts as 012-open-condition.sql, chosen alike.
       CASE WHEN s.open_attribute = 'conditional' THEN (ARRAY[
            '依申请开放，申请人须说明用途并经提供方审核同意',
            '仅向注册登记的用户开放，不得用于商业用途',
            '脱敏后开放，不含个人身份信息和联系方式',
            '按区域、按年度汇总后开放，不提供明细数据',
            '签订数据开放利用协议后开放，使用情况按季度报告'])[pg_temp.h(s.code || 'o') % 5 + 1] END,
       s.update_cycle,
       date '2018-01-01' + (s.h1 % 2500),
       CASE s.k WHEN 1 THEN '{}'::text[]
                WHEN 2 THEN ARRAY[s.prev_code]
                ELSE ARRAY[s.first_code, s.prev_code] END
FROM o AS s
ORDER BY s.code;

-- @step indexes
SELECT name, def FROM saved_index ORDER BY name;

-- @step counts
SELECT govdx_recount();

-- @step names
SELECT govdx_rebuild_entry_names();
