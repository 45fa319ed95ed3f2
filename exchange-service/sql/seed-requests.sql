-- seed-requests.sql: demo sharing requests, in every state, with their
-- audit history.
--
-- Run by `govdx-exchanged seed` in one transaction after the directory, once
-- the demo accounts exist (app_user rows without tokens: hebei-approver,
-- zhejiang-official, ...). Not a migration (no NNN- prefix). Does nothing
-- when the request table already has rows, so running it twice is harmless.
--
-- Each demo request is a story of steps dated in working days before today
-- (Beijing time), replayed as the service would have recorded them: the
-- request row gets the state, deadline, reason, decision and version the
-- steps leave, and the audit chain gets one event per step, in time order,
-- through govdx_audit_append_at (staged in demo_audit, which seed.c creates
-- and appends in time order with the other workflows' demo events). Deadlines follow the calendar and the
-- platform settings like live ones, so hebei-approver's inbox holds
-- overdue, due-soon and fresh requests; hebei-authority coordinates three.
--
-- The approvers' departments are also given at least five conditional
-- entries (unconditional ones beyond the first become conditional), so
-- tests always have entries there to file requests against.

SET LOCAL client_min_messages = warning;

DO $seed$
DECLARE
	r record;
	n_req integer := 0;
	n_ev integer := 0;
	new_id text;
BEGIN
	IF EXISTS (SELECT 1 FROM request) THEN
		RAISE NOTICE 'requests exist already: no demo requests added';
		RETURN;
	END IF;

	-- ---- conditional entries in the approvers' departments ------------------
	-- (Entries are found by code range: a department's codes are
	-- 'DDDDDDDDD-...', a range of the primary key, fast at any scale.)
	UPDATE entry e
	SET sharing_type = 'conditional',
	    sharing_condition = '仅限于依法履行职责需要，经' || d.name || '审核同意后共享',
	    sharing_method = coalesce(e.sharing_method, 'api'),
	    basis = '《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条'
	FROM department d,
	     (SELECT x.code
	      FROM (SELECT DISTINCT department_code AS dep FROM app_user WHERE role = 'approver') a
	      CROSS JOIN LATERAL (
	          SELECT greatest(0, 5 - count(*) FILTER (WHERE c.sharing_type = 'conditional')) AS need,
	                 count(*) FILTER (WHERE c.sharing_type = 'unconditional') AS n_uncond
	          FROM entry c WHERE c.code > a.dep || '-' AND c.code < a.dep || '.') k
	      CROSS JOIN LATERAL (
	          SELECT c.code FROM entry c
	          WHERE c.code > a.dep || '-' AND c.code < a.dep || '.' AND c.sharing_type = 'unconditional'
	          ORDER BY c.code DESC
	          LIMIT least(k.need, greatest(k.n_uncond - 1, 0))) x) pick
	WHERE e.code = pick.code AND d.code = e.department_code;

	-- ---- texts ----------------------------------------------------------------
	CREATE TEMP TABLE demo_text (k integer PRIMARY KEY, purpose text, basis text) ON COMMIT DROP;
	INSERT INTO demo_text VALUES
	(1, '核验最低生活保障申请人家庭经济状况，办理社会救助审核确认',
	    '《社会救助暂行办法》（国务院令第649号）第十一条、第五十九条'),
	(2, '办理户籍迁移业务时核验当事人婚姻登记状态，免于群众提交纸质证明',
	    '《中华人民共和国户口登记条例》第十条；《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条'),
	(3, '开展社会组织信用监管，比对登记信息与公安机关掌握的法定代表人身份信息',
	    '《社会组织信用信息管理办法》（民政部令第60号）第三条'),
	(4, '“一网通办”高频事项办理中核验申请材料，实现减证便民',
	    '《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》（国发〔2018〕27号）'),
	(5, '办理养老保险待遇领取资格认证，核验参保人员生存状态',
	    '《中华人民共和国社会保险法》第七十四条'),
	(6, '依法查处非法社会组织，核实组织登记和年度检查信息',
	    '《社会团体登记管理条例》第三十条；《中华人民共和国人民警察法》第三十四条'),
	(7, '编制年度民政事业统计公报，汇总跨省流动人员救助数据',
	    '《中华人民共和国统计法》第七条、第十五条'),
	(8, '“跨省通办”：异地办理婚姻登记时核验当事人户籍信息',
	    '《国务院办公厅关于加快推进政务服务“跨省通办”的指导意见》（国办发〔2020〕35号）'),
	(9, '开展低收入人口动态监测，及时发现需要救助的困难群众',
	    '《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》（国办发〔2023〕39号）'),
	(10, '审核养老服务机构备案材料，核验举办者和从业人员身份',
	    '《中华人民共和国老年人权益保障法》第四十三条；《养老机构管理办法》（民政部令第66号）第九条');

	-- ---- stories: steps as (action, working days before today, minute of the day) --
	CREATE TEMP TABLE demo_step (story text, step integer, action text, wd integer, minute integer,
	                             actor text, to_state text, reason text) ON COMMIT DROP;
	INSERT INTO demo_step VALUES
	('overdue6', 1, 'submit', 16, 9 * 60 + 12, 'requester', 'pending', NULL),
	('overdue3', 1, 'submit', 13, 14 * 60 + 40, 'requester', 'pending', NULL),
	('overdue1', 1, 'submit', 11, 10 * 60 + 5, 'requester', 'pending', NULL),
	('due0', 1, 'submit', 10, 9 * 60 + 47, 'requester', 'pending', NULL),
	('due1', 1, 'submit', 9, 15 * 60 + 21, 'requester', 'pending', NULL),
	('due2', 1, 'submit', 8, 11 * 60 + 3, 'requester', 'pending', NULL),
	('fresh3', 1, 'submit', 3, 16 * 60 + 30, 'requester', 'pending', NULL),
	('fresh1', 1, 'submit', 1, 10 * 60 + 18, 'requester', 'pending', NULL),
	('fresh0', 1, 'submit', 0, -45, 'requester', 'pending', NULL),
	('approved', 1, 'submit', 20, 9 * 60 + 30, 'requester', 'pending', NULL),
	('approved', 2, 'approve', 17, 14 * 60 + 2, 'provider', 'approved',
	 '同意共享，请严格按照申请用途使用，不得向第三方提供'),
	('approved2', 1, 'submit', 12, 8 * 60 + 55, 'requester', 'pending', NULL),
	('approved2', 2, 'approve', 7, 16 * 60 + 45, 'provider', 'approved', NULL),
	('system', 1, 'submit', 12, 10 * 60 + 40, 'requester', 'approved', NULL),
	('rejected', 1, 'submit', 15, 9 * 60 + 8, 'requester', 'pending', NULL),
	('rejected', 2, 'reject', 12, 17 * 60 + 10, 'provider', 'rejected',
	 '申请共享的信息项超出所述用途的最小必要范围，公民身份号码等敏感信息项不予提供'),
	('returned', 1, 'submit', 9, 13 * 60 + 50, 'requester', 'pending', NULL),
	('returned', 2, 'return', 6, 10 * 60 + 33, 'provider', 'returned',
	 '请补充具体的法律法规条款和业务办理场景说明，并附部门负责人签批的共享申请表'),
	('withdrawn', 1, 'submit', 14, 11 * 60 + 20, 'requester', 'pending', NULL),
	('withdrawn', 2, 'withdraw', 13, 9 * 60 + 15, 'requester', 'withdrawn',
	 '业务需求已通过省级共享交换平台现有接口满足，撤回本申请'),
	('resubmitted', 1, 'submit', 18, 15 * 60 + 5, 'requester', 'pending', NULL),
	('resubmitted', 2, 'return', 15, 11 * 60 + 42, 'provider', 'returned',
	 '用途描述过于笼统，请说明具体办理的政务服务事项名称和数据使用期限'),
	('resubmitted', 3, 'resubmit', 5, 9 * 60 + 36, 'requester', 'pending', NULL),
	('coord_late', 1, 'submit', 25, 10 * 60 + 0, 'requester', 'pending', NULL),
	('coord_late', 2, 'reject', 21, 16 * 60 + 20, 'provider', 'rejected',
	 '该数据涉及个人隐私，现阶段仅提供核验服务，不提供批量数据'),
	('coord_late', 3, 'escalate', 19, 9 * 60 + 50, 'requester', 'coordinating',
	 '核验服务无法满足批量比对需求，提请数据主管部门协调'),
	('coord', 1, 'submit', 14, 14 * 60 + 15, 'requester', 'pending', NULL),
	('coord', 2, 'reject', 11, 10 * 60 + 45, 'provider', 'rejected',
	 '申请依据不足，所列条款未规定本部门提供该类数据的义务'),
	('coord', 3, 'escalate', 4, 15 * 60 + 0, 'requester', 'coordinating',
	 '该事项已列入省政府“高效办成一件事”清单，提请协调'),
	('coord_new', 1, 'submit', 12, 9 * 60 + 25, 'requester', 'pending', NULL),
	('coord_new', 2, 'reject', 8, 14 * 60 + 55, 'provider', 'rejected',
	 '本部门数据尚在治理中，质量未达到共享要求'),
	('coord_new', 3, 'escalate', 1, 11 * 60 + 10, 'requester', 'coordinating', NULL),
	('closed', 1, 'submit', 32, 9 * 60 + 40, 'requester', 'pending', NULL),
	('closed', 2, 'reject', 29, 15 * 60 + 30, 'provider', 'rejected',
	 '申请的使用期限过长，不符合按需共享原则'),
	('closed', 3, 'escalate', 28, 10 * 60 + 5, 'requester', 'coordinating', NULL),
	('closed', 4, 'close', 22, 16 * 60 + 0, 'authority', 'closed',
	 '经协调，提供方已通过核验接口满足需求，原批量共享申请不再办理'),
	('coord_ok', 1, 'submit', 30, 14 * 60 + 0, 'requester', 'pending', NULL),
	('coord_ok', 2, 'reject', 27, 9 * 60 + 30, 'provider', 'rejected',
	 '未提供数据安全保障措施说明'),
	('coord_ok', 3, 'escalate', 26, 11 * 60 + 0, 'requester', 'coordinating',
	 '已补充数据安全保障措施说明，提请协调'),
	('coord_ok', 4, 'approve', 21, 15 * 60 + 45, 'authority', 'approved',
	 '经协调，同意按最小必要原则共享，使用方须签订数据安全协议');

	-- ---- the requests: provider (an approver whose department provides),
	-- requester user, which conditional entry of the provider (n-th, cyclic),
	-- text, story. Stories of entries that are missing at a small scale are skipped.
	CREATE TEMP TABLE demo_request (k integer PRIMARY KEY, provider text, requester text, pick integer,
	                                txt integer, story text) ON COMMIT DROP;
	INSERT INTO demo_request VALUES
	-- hebei-approver's inbox: overdue, due soon, fresh, resubmitted
	(1, 'hebei-approver', 'hebei-official', 1, 1, 'overdue6'),
	(2, 'hebei-approver', 'zhejiang-official', 2, 8, 'overdue3'),
	(3, 'hebei-approver', 'nat-official', 3, 7, 'overdue1'),
	(4, 'hebei-approver', 'hebei-official', 4, 9, 'due0'),
	(5, 'hebei-approver', 'guangdong-official', 5, 2, 'due1'),
	(6, 'hebei-approver', 'hebei-official', 1, 3, 'due2'),
	(7, 'hebei-approver', 'zhejiang-official', 2, 4, 'fresh3'),
	(8, 'hebei-approver', 'hebei-official', 3, 10, 'fresh1'),
	(9, 'hebei-approver', 'nat-official', 4, 5, 'fresh0'),
	(10, 'hebei-approver', 'hebei-official', 5, 6, 'resubmitted'),
	-- decided and closed ones
	(11, 'hebei-approver', 'hebei-official', 1, 1, 'approved'),
	(12, 'hebei-approver', 'zhejiang-official', 2, 8, 'approved2'),
	(13, 'hebei-approver', 'hebei-official', 0, 4, 'system'),
	(14, 'hebei-approver', 'hebei-official', 3, 9, 'rejected'),
	(15, 'hebei-approver', 'guangdong-official', 4, 2, 'returned'),
	(16, 'hebei-approver', 'hebei-official', 5, 3, 'withdrawn'),
	-- hebei-authority coordinates
	(17, 'hebei-approver', 'hebei-official', 1, 6, 'coord_late'),
	(18, 'hebei-approver', 'zhejiang-official', 2, 8, 'coord'),
	(19, 'hebei-approver', 'hebei-official', 3, 1, 'coord_new'),
	(20, 'hebei-approver', 'hebei-official', 4, 5, 'closed'),
	(21, 'hebei-approver', 'nat-official', 5, 7, 'coord_ok'),
	-- other provinces and the national level
	(22, 'zhejiang-approver', 'hebei-official', 1, 8, 'due1'),
	(23, 'zhejiang-approver', 'hebei-approver', 2, 2, 'fresh3'),
	(24, 'zhejiang-approver', 'guangdong-official', 1, 4, 'approved'),
	(25, 'guangdong-approver', 'zhejiang-official', 1, 8, 'overdue3'),
	(26, 'guangdong-approver', 'hebei-official', 2, 3, 'rejected'),
	(27, 'nat-approver', 'hebei-approver', 1, 7, 'fresh1'),
	(28, 'nat-approver', 'zhejiang-official', 2, 9, 'coord'),
	(29, 'zhejiang-approver', 'zhejiang-official', 1, 5, 'returned');

	-- Resolve users, departments, entries and items.
	CREATE TEMP TABLE demo_resolved ON COMMIT DROP AS
	SELECT q.k, q.story, NULL::text AS id, pu.name AS provider_user,
	       pu.department_code AS provider_department,
	       ru.name AS requester_user, ru.department_code AS requester_department,
	       au.name AS authority_user, e.code AS entry_code,
	       (SELECT array_agg(i ->> 'name' ORDER BY o)
	        FROM resource_template t, jsonb_array_elements(t.items) WITH ORDINALITY AS x (i, o)
	        WHERE t.id = e.template_id AND o <= 2 + q.k % 3) AS items,
	       tx.purpose, tx.basis
	FROM demo_request q
	JOIN app_user pu ON pu.name = q.provider
	JOIN app_user ru ON ru.name = q.requester AND ru.department_code <> pu.department_code
	JOIN demo_text tx ON tx.k = q.txt
	LEFT JOIN LATERAL (
		SELECT a.name FROM app_user a
		JOIN platform_ancestor pa ON pa.platform_code = left(pu.department_code, 6)
		                         AND pa.ancestor_code = left(a.department_code, 6)
		JOIN platform p ON p.code = pa.ancestor_code
		WHERE a.role = 'authority'
		ORDER BY char_length(p.subtree_prefix) DESC LIMIT 1) au ON true
	JOIN LATERAL (
		SELECT c.code, c.template_id FROM entry c
		WHERE c.code > pu.department_code || '-' AND c.code < pu.department_code || '.'
		  AND c.sharing_type = CASE WHEN q.pick = 0 THEN 'unconditional' ELSE 'conditional' END
		ORDER BY c.code
		OFFSET (greatest(q.pick, 1) - 1) % greatest(1, (
			SELECT count(*) FROM entry c2
			WHERE c2.code > pu.department_code || '-' AND c2.code < pu.department_code || '.'
			  AND c2.sharing_type = CASE WHEN q.pick = 0 THEN 'unconditional' ELSE 'conditional' END))
		LIMIT 1) e ON true;

	-- back(n), the n-th working day before today (back(0) = today), is the
	-- table demo_back that seed.c creates: a step n working days ago leaves
	-- n - 1 working days between it and today.

	-- Every event with its time: the day is back(wd), at `minute` past
	-- midnight in Beijing (negative: minutes before now); never in the future.
	CREATE TEMP TABLE demo_event ON COMMIT DROP AS
	SELECT d.k, s.step, s.action, s.to_state, s.reason,
	       CASE s.actor WHEN 'requester' THEN d.requester_user WHEN 'provider' THEN d.provider_user
	                    ELSE d.authority_user END AS actor,
	       least(now() - make_interval(mins => 5 + d.k),
	             CASE WHEN s.minute < 0 THEN now() + make_interval(mins => s.minute, secs => -d.k)
	                  ELSE (b.day + make_interval(mins => s.minute, secs => d.k)) AT TIME ZONE 'Asia/Shanghai'
	             END) AS at
	FROM demo_resolved d
	JOIN demo_step s ON s.story = d.story
	JOIN demo_back b ON b.n = s.wd
	WHERE d.authority_user IS NOT NULL OR s.actor <> 'authority';
	DELETE FROM demo_resolved d WHERE NOT EXISTS (SELECT 1 FROM demo_event e WHERE e.k = d.k);

	-- The requests, numbered in the order they were filed.
	FOR r IN
		SELECT d.*, f.at AS created_at, l.at AS updated_at, l.to_state AS state, l.version,
		       (SELECT e.reason FROM demo_event e WHERE e.k = d.k AND e.reason IS NOT NULL
		        ORDER BY e.step DESC LIMIT 1) AS reason,
		       (SELECT e.actor FROM demo_event e WHERE e.k = d.k AND e.action IN ('approve', 'reject', 'close')
		        ORDER BY e.step DESC LIMIT 1) AS decided_by,
		       (SELECT e.at FROM demo_event e WHERE e.k = d.k AND e.action IN ('approve', 'reject', 'close')
		        ORDER BY e.step DESC LIMIT 1) AS decided_at,
		       (SELECT e.at FROM demo_event e WHERE e.k = d.k AND e.action IN ('submit', 'resubmit', 'escalate')
		        ORDER BY e.step DESC LIMIT 1) AS clock_from
		FROM demo_resolved d
		JOIN demo_event f ON f.k = d.k AND f.step = 1
		JOIN LATERAL (SELECT e.to_state, e.at, count(*) OVER () AS version FROM demo_event e
		              WHERE e.k = d.k ORDER BY e.step DESC LIMIT 1) l ON true
		ORDER BY f.at, d.k
	LOOP
		INSERT INTO request (id, state, entry_code, provider_department, requester_department,
		                     requester_user, purpose, legal_basis, items, period_from, period_to,
		                     reason, deadline, deadline_from, deadline_days, created_at, updated_at,
		                     decided_by, decided_at, version)
		VALUES (govdx_request_id(nextval('request_seq')), r.state, r.entry_code, r.provider_department,
		        r.requester_department, r.requester_user, r.purpose, r.basis, r.items,
		        date_trunc('month', r.created_at AT TIME ZONE 'Asia/Shanghai')::date,
		        (date_trunc('year', r.created_at AT TIME ZONE 'Asia/Shanghai') + interval '2 years - 1 day')::date,
		        r.reason,
		        CASE r.state
		             WHEN 'pending' THEN govdx_add_working_days((r.clock_from AT TIME ZONE 'Asia/Shanghai')::date,
		                                     govdx_setting(left(r.provider_department, 6), 'reply_days'))
		             WHEN 'coordinating' THEN govdx_add_working_days((r.clock_from AT TIME ZONE 'Asia/Shanghai')::date,
		                                     govdx_setting(left(r.provider_department, 6), 'coordination_days'))
		        END,
		        -- Counted from the day the clock started, not from today (011).
		        CASE WHEN r.state IN ('pending', 'coordinating')
		             THEN (r.clock_from AT TIME ZONE 'Asia/Shanghai')::date END,
		        CASE r.state
		             WHEN 'pending' THEN govdx_setting(left(r.provider_department, 6), 'reply_days')
		             WHEN 'coordinating' THEN govdx_setting(left(r.provider_department, 6), 'coordination_days')
		        END,
		        r.created_at, r.updated_at,
		        CASE WHEN r.story = 'system' THEN 'system' ELSE r.decided_by END,
		        CASE WHEN r.story = 'system' THEN r.created_at ELSE r.decided_at END,
		        r.version)
		RETURNING id INTO new_id;
		UPDATE demo_resolved SET id = new_id WHERE k = r.k;
		n_req := n_req + 1;
	END LOOP;

	-- Unmet demand for the supervision figures (GET /v1/stats/unmet): the
	-- refusals of 河北省民政厅 say the data is not held (before the events
	-- are appended, so their request_span rows carry the ground), and a few
	-- searches of 河北省 found nothing over the last days (no user, as the
	-- service logs them).
	UPDATE request SET refusal_ground = 'not_held'
	WHERE provider_department = '130000008' AND refusal_ground IS NOT NULL;
	INSERT INTO search_miss (day, platform_code, query, count)
	SELECT govdx_today() - x.ago, '130000', x.query, x.n
	FROM (VALUES (1, '不动产登记电子证明', 6), (3, '不动产登记电子证明', 8),
	             (2, '新生儿出生医学证明', 9), (5, '住房公积金缴存明细', 4),
	             (6, '殡葬服务机构备案', 2)) AS x (ago, query, n)
	ON CONFLICT DO NOTHING;

	-- The audit events, staged: seed.c appends the demo events of every
	-- workflow together, in time order, once all are staged (demo_audit).
	INSERT INTO demo_audit (at, subject, step, actor, action, from_state, to_state, reason)
	SELECT e.at, 'request:' || d.id, e.step, e.actor, e.action,
	       lag(e.to_state) OVER (PARTITION BY e.k ORDER BY e.step), e.to_state, e.reason
	FROM demo_event e JOIN demo_resolved d ON d.k = e.k;
	GET DIAGNOSTICS n_ev = ROW_COUNT;
	RAISE NOTICE 'demo requests: %, audit events: %', n_req, n_ev;
END
$seed$;

ANALYZE request;
