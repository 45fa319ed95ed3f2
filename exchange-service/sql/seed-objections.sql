-- seed-objections.sql: demo objections, in every state, with their audit
-- history and the disputed marks they leave on entries.
--
-- Run by `govdx-exchanged seed` in one transaction after the demo requests,
-- once the demo accounts exist. Not a migration (no NNN- prefix). Does
-- nothing when the objection table already has rows, so running it twice is
-- harmless.
--
-- Like seed-requests.sql, each demo objection is a story of steps dated in
-- working days before today (Beijing time), replayed as the service would
-- have recorded them: the row gets the state, deadline, reopen window,
-- note, reason, decision and version the steps leave, and the audit chain
-- one event per step (staged in demo_audit; seed.c appends the requests'
-- and the objections' events together in time order). Deadlines and
-- windows follow the calendar and the platform settings like live ones
-- (verify_days from the last accept or reopen, reopen_days from the day the
-- objection became corrected, upheld or closed), so hebei-helpdesk's queue
-- holds raised, overdue, due-soon and fresh objections, hebei-approver
-- verifies several, one closed objection is past its reopen window and one
-- is inside it, and one was reopened.
--
-- The objections that dispute an entry (verifying, corrected, upheld) sit
-- on the LAST entries of a department (in code order), several on one
-- entry, so the first entries, which tests and walkthroughs pick, start
-- undisputed. entry.disputed is then recomputed for every entry touched.

SET LOCAL client_min_messages = warning;

DO $seed$
DECLARE
	r record;
	n_obj integer := 0;
	n_ev integer := 0;
	new_id text;
BEGIN
	IF EXISTS (SELECT 1 FROM objection) THEN
		RAISE NOTICE 'objections exist already: no demo objections added';
		RETURN;
	END IF;

	-- ---- texts: what is wrong, and the evidence ---------------------------------
	CREATE TEMP TABLE demo_obj_text (k integer PRIMARY KEY, kind text, description text,
	                                 evidence text, record_key text, use_item boolean) ON COMMIT DROP;
	INSERT INTO demo_obj_text VALUES
	(1, 'incorrect', '该社会组织的统一社会信用代码与登记证书所载不一致，疑为录入错误',
	    '登记证书复印件（编号冀民社登字第0127号）；窗口核验记录', '52130000MJ0127436X', true),
	(2, 'outdated', '目录数据仍显示该组织为“正常”状态，但其已于上月依法注销',
	    '注销登记公告（河北省民政厅网站）', '52130100MJ5581209K', false),
	(3, 'incomplete', '信息项缺少法定代表人变更后的信息，共享数据无法用于资格核验', NULL, NULL, true),
	(4, 'inconsistent', '同一组织在本目录与市场监管部门目录中的成立日期相差一年',
	    '两部门接口返回结果截图及调用日志', '52130200MJ9903317B', true),
	(5, 'other', '数据更新周期标注为“每日”，实际最近一次更新距今已超过三个月',
	    '连续90天接口调用的数据版本号记录', NULL, false),
	(6, 'incorrect', '业务主管单位名称有误，应为河北省民政厅而非石家庄市民政局',
	    '业务主管单位批复文件', '52130000MJ0071583D', true);

	-- ---- stories: steps as (action, working days before today, minute of the day) --
	-- actor: raiser, helpdesk (of the provider's platform or its nearest
	-- ancestor), provider (the provider department's approver).
	CREATE TEMP TABLE demo_obj_step (story text, step integer, action text, wd integer, minute integer,
	                                 actor text, to_state text, reason text) ON COMMIT DROP;
	INSERT INTO demo_obj_step VALUES
	('raised_new', 1, 'raise', 1, 10 * 60 + 12, 'raiser', 'raised', NULL),
	('raised_old', 1, 'raise', 4, 15 * 60 + 40, 'raiser', 'raised', NULL),
	('verify_late', 1, 'raise', 12, 9 * 60 + 5, 'raiser', 'raised', NULL),
	('verify_late', 2, 'accept', 10, 14 * 60 + 20, 'helpdesk', 'verifying', NULL),
	('verify_late1', 1, 'raise', 8, 11 * 60 + 30, 'raiser', 'raised', NULL),
	('verify_late1', 2, 'accept', 6, 9 * 60 + 50, 'helpdesk', 'verifying', NULL),
	('verify_due0', 1, 'raise', 7, 16 * 60 + 2, 'raiser', 'raised', NULL),
	('verify_due0', 2, 'accept', 5, 10 * 60 + 41, 'helpdesk', 'verifying', NULL),
	('verify_due2', 1, 'raise', 4, 9 * 60 + 15, 'raiser', 'raised', NULL),
	('verify_due2', 2, 'accept', 3, 15 * 60 + 8, 'helpdesk', 'verifying', NULL),
	('verify_fresh', 1, 'raise', 2, 13 * 60 + 55, 'raiser', 'raised', NULL),
	('verify_fresh', 2, 'accept', 0, -30, 'helpdesk', 'verifying', NULL),
	('dismissed', 1, 'raise', 9, 10 * 60 + 0, 'raiser', 'raised', NULL),
	('dismissed', 2, 'dismiss', 7, 16 * 60 + 30, 'helpdesk', 'dismissed',
	 '所反映问题属于业务办理结果争议，不属于目录数据异议，请通过业务渠道反映'),
	('corrected', 1, 'raise', 14, 9 * 60 + 35, 'raiser', 'raised', NULL),
	('corrected', 2, 'accept', 12, 11 * 60 + 10, 'helpdesk', 'verifying', NULL),
	('corrected', 3, 'correct', 8, 15 * 60 + 45, 'provider', 'corrected',
	 '经核实，原数据录入有误，已按登记证书更正并重新发布'),
	('upheld', 1, 'raise', 11, 14 * 60 + 5, 'raiser', 'raised', NULL),
	('upheld', 2, 'accept', 9, 9 * 60 + 22, 'helpdesk', 'verifying', NULL),
	('upheld', 3, 'uphold', 5, 17 * 60 + 0, 'provider', 'upheld',
	 '经核查登记档案，目录数据与原始登记信息一致，维持原数据'),
	('closed', 1, 'raise', 20, 10 * 60 + 20, 'raiser', 'raised', NULL),
	('closed', 2, 'accept', 18, 9 * 60 + 40, 'helpdesk', 'verifying', NULL),
	('closed', 3, 'correct', 15, 16 * 60 + 15, 'provider', 'corrected',
	 '已补充缺失信息项并完成数据更新'),
	('closed', 4, 'close', 13, 10 * 60 + 30, 'helpdesk', 'closed', NULL),
	('closed_recent', 1, 'raise', 10, 15 * 60 + 0, 'raiser', 'raised', NULL),
	('closed_recent', 2, 'accept', 9, 10 * 60 + 15, 'helpdesk', 'verifying', NULL),
	('closed_recent', 3, 'uphold', 6, 14 * 60 + 50, 'provider', 'upheld',
	 '该日期为社会组织变更登记日期，非成立日期，数据无误'),
	('closed_recent', 4, 'close', 2, 11 * 60 + 5, 'helpdesk', 'closed', NULL),
	('reopened', 1, 'raise', 16, 9 * 60 + 10, 'raiser', 'raised', NULL),
	('reopened', 2, 'accept', 15, 14 * 60 + 30, 'helpdesk', 'verifying', NULL),
	('reopened', 3, 'correct', 12, 10 * 60 + 50, 'provider', 'corrected',
	 '已更正业务主管单位名称'),
	('reopened', 4, 'close', 10, 16 * 60 + 40, 'helpdesk', 'closed', NULL),
	('reopened', 5, 'reopen', 3, 9 * 60 + 30, 'raiser', 'verifying',
	 '更正后接口返回的数据仍为旧值，问题未解决');

	-- ---- the objections: provider (an approver whose department provides),
	-- raiser user, which entry of the provider (n-th in code order; negative:
	-- n-th from the end), text, story.
	CREATE TEMP TABLE demo_objection (k integer PRIMARY KEY, provider text, raiser text, pick integer,
	                                  txt integer, story text) ON COMMIT DROP;
	INSERT INTO demo_objection VALUES
	-- hebei-helpdesk's queue, hebei-approver verifies
	(1, 'hebei-approver', 'hebei-official', 4, 1, 'raised_new'),
	(2, 'hebei-approver', 'zhejiang-official', 5, 2, 'raised_old'),
	(3, 'hebei-approver', 'nat-official', -1, 3, 'verify_late'),
	(4, 'hebei-approver', 'hebei-official', -2, 4, 'verify_late1'),
	(5, 'hebei-approver', 'guangdong-official', -3, 5, 'verify_due0'),
	(6, 'hebei-approver', 'hebei-official', -1, 6, 'verify_due2'),
	(7, 'hebei-approver', 'zhejiang-official', -2, 1, 'verify_fresh'),
	(8, 'hebei-approver', 'hebei-official', 1, 2, 'dismissed'),
	(9, 'hebei-approver', 'nat-official', -3, 3, 'corrected'),
	(10, 'hebei-approver', 'hebei-official', -1, 4, 'upheld'),
	(11, 'hebei-approver', 'hebei-official', 2, 5, 'closed'),
	(12, 'hebei-approver', 'zhejiang-official', 3, 4, 'closed_recent'),
	(13, 'hebei-approver', 'hebei-official', -2, 6, 'reopened'),
	-- other provinces and the national level
	(14, 'zhejiang-approver', 'hebei-official', -1, 1, 'verify_due2'),
	(15, 'zhejiang-approver', 'guangdong-official', 2, 2, 'raised_new'),
	(16, 'guangdong-approver', 'zhejiang-official', -1, 3, 'corrected'),
	(17, 'nat-approver', 'hebei-official', -1, 5, 'verify_late'),
	(18, 'nat-approver', 'guangdong-official', 2, 4, 'dismissed');

	-- Resolve users, departments, entries and items.
	CREATE TEMP TABLE demo_obj_resolved ON COMMIT DROP AS
	SELECT q.k, q.story, NULL::text AS id, pu.name AS provider_user,
	       pu.department_code AS provider_department,
	       ru.name AS raiser_user, ru.department_code AS raiser_department,
	       hu.name AS helpdesk_user, e.code AS entry_code,
	       CASE WHEN tx.use_item THEN (SELECT t.items -> (q.k % greatest(1, jsonb_array_length(t.items))) ->> 'name'
	                                  FROM resource_template t WHERE t.id = e.template_id) END AS item,
	       tx.kind, tx.description, tx.evidence, tx.record_key
	FROM demo_objection q
	JOIN app_user pu ON pu.name = q.provider
	JOIN app_user ru ON ru.name = q.raiser AND ru.department_code <> pu.department_code
	JOIN demo_obj_text tx ON tx.k = q.txt
	LEFT JOIN LATERAL (
		SELECT a.name FROM app_user a
		JOIN platform_ancestor pa ON pa.platform_code = left(pu.department_code, 6)
		                         AND pa.ancestor_code = left(a.department_code, 6)
		JOIN platform p ON p.code = pa.ancestor_code
		WHERE a.role = 'helpdesk'
		ORDER BY char_length(p.subtree_prefix) DESC LIMIT 1) hu ON true
	JOIN LATERAL (
		SELECT c.code, c.template_id,
		       row_number() OVER (ORDER BY c.code) AS n, count(*) OVER () AS total
		FROM entry c
		WHERE c.code > pu.department_code || '-' AND c.code < pu.department_code || '.') e
	  ON e.n = CASE WHEN q.pick > 0 THEN (q.pick - 1) % e.total + 1
	                ELSE e.total - ((-q.pick - 1) % e.total) END
	WHERE hu.name IS NOT NULL;

	-- back(n): demo_back, see seed-requests.sql.

	-- Every event with its time: the day is back(wd), at `minute` past
	-- midnight in Beijing (negative: minutes before now); never in the future.
	CREATE TEMP TABLE demo_obj_event ON COMMIT DROP AS
	SELECT d.k, s.step, s.action, s.to_state, s.reason, b.day,
	       CASE s.actor WHEN 'raiser' THEN d.raiser_user WHEN 'provider' THEN d.provider_user
	                    ELSE d.helpdesk_user END AS actor,
	       least(now() - make_interval(mins => 3 + d.k),
	             CASE WHEN s.minute < 0 THEN now() + make_interval(mins => s.minute, secs => -d.k)
	                  ELSE (b.day + make_interval(mins => s.minute, secs => d.k)) AT TIME ZONE 'Asia/Shanghai'
	             END) AS at
	FROM demo_obj_resolved d
	JOIN demo_obj_step s ON s.story = d.story
	JOIN demo_back b ON b.n = s.wd;
	DELETE FROM demo_obj_resolved d WHERE NOT EXISTS (SELECT 1 FROM demo_obj_event e WHERE e.k = d.k);

	-- The objections, numbered in the order they were raised.
	FOR r IN
		SELECT d.*, f.at AS created_at, l.at AS updated_at, l.to_state AS state, l.version,
		       (SELECT e.reason FROM demo_obj_event e WHERE e.k = d.k AND e.reason IS NOT NULL
		        ORDER BY e.step DESC LIMIT 1) AS reason,
		       (SELECT e.reason FROM demo_obj_event e WHERE e.k = d.k AND e.action IN ('correct', 'uphold')
		        ORDER BY e.step DESC LIMIT 1) AS note,
		       (SELECT e.actor FROM demo_obj_event e WHERE e.k = d.k AND e.action NOT IN ('raise', 'reopen')
		        ORDER BY e.step DESC LIMIT 1) AS decided_by,
		       (SELECT e.at FROM demo_obj_event e WHERE e.k = d.k AND e.action NOT IN ('raise', 'reopen')
		        ORDER BY e.step DESC LIMIT 1) AS decided_at,
		       l.day AS last_day
		FROM demo_obj_resolved d
		JOIN demo_obj_event f ON f.k = d.k AND f.step = 1
		JOIN LATERAL (SELECT e.to_state, e.at, e.day, count(*) OVER () AS version FROM demo_obj_event e
		              WHERE e.k = d.k ORDER BY e.step DESC LIMIT 1) l ON true
		ORDER BY f.at, d.k
	LOOP
		INSERT INTO objection (id, state, entry_code, item, record_key, kind, description, evidence,
		                       provider_department, raiser_department, raiser_user, note, reason,
		                       deadline, deadline_from, deadline_days, reopen_until, created_at,
		                       updated_at, decided_by, decided_at, version)
		VALUES (govdx_objection_id(nextval('objection_seq')), r.state, r.entry_code, r.item,
		        r.record_key, r.kind, r.description, r.evidence, r.provider_department,
		        r.raiser_department, r.raiser_user, r.note, r.reason,
		        -- The last step is the one that entered the current state.
		        CASE WHEN r.state = 'verifying'
		             THEN govdx_add_working_days(r.last_day,
		                      govdx_setting(left(r.provider_department, 6), 'verify_days')) END,
		        -- Counted from that step's day, not from today (011).
		        CASE WHEN r.state = 'verifying' THEN r.last_day END,
		        CASE WHEN r.state = 'verifying'
		             THEN govdx_setting(left(r.provider_department, 6), 'verify_days') END,
		        CASE WHEN r.state IN ('corrected', 'upheld', 'closed')
		             THEN govdx_add_working_days(r.last_day,
		                      govdx_setting(left(r.provider_department, 6), 'reopen_days')) END,
		        r.created_at, r.updated_at, r.decided_by, r.decided_at, r.version)
		RETURNING id INTO new_id;
		UPDATE demo_obj_resolved SET id = new_id WHERE k = r.k;
		n_obj := n_obj + 1;
	END LOOP;

	-- The audit events, staged like the requests' (see seed-requests.sql).
	INSERT INTO demo_audit (at, subject, step, actor, action, from_state, to_state, reason)
	SELECT e.at, 'objection:' || d.id, e.step, e.actor, e.action,
	       lag(e.to_state) OVER (PARTITION BY e.k ORDER BY e.step), e.to_state, e.reason
	FROM demo_obj_event e JOIN demo_obj_resolved d ON d.k = e.k;
	GET DIAGNOSTICS n_ev = ROW_COUNT;

	-- The disputed marks the open objections leave.
	PERFORM govdx_entry_recompute_disputed(x.entry_code)
	FROM (SELECT DISTINCT entry_code FROM demo_obj_resolved) x;
	RAISE NOTICE 'demo objections: %, audit events: %', n_obj, n_ev;
END
$seed$;

ANALYZE objection;
