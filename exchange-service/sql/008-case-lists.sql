-- 008-case-lists: faster pages of requests and objections.
--
-- Measured on 100,000 objections (and the demo requests): a page of 51
-- cost ~100 ms, nearly all of it in building the objects (~0.75 ms each)
-- and in the helpdesk box, which read every objection to keep a subtree.
-- - govdx_working_days_between counts a span's working days in one join of
--   the span with calendar_day instead of one function call per day (3.5x
--   faster; the same answers, see 004-calendar-audit.sql).
-- - govdx_deadline_json is one expression (no FROM), so the planner inlines
--   it into the objects' queries; the objects are one SELECT again, joining
--   entry and both departments, as 005 built requests (007's per-side
--   helper cost a query per side and is dropped).
-- - objection (deadline, id) lets a list of a large subtree (the national
--   helpdesk) walk the deadline order instead of sorting everything; the
--   helpdesk box asks for a range of provider codes (api-objections.c).

CREATE OR REPLACE FUNCTION govdx_working_days_between(a date, b date) RETURNS integer
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN CASE
		WHEN b >= a THEN (SELECT count(*)::integer FROM generate_series(a + 1, b, interval '1 day') g
		                  LEFT JOIN calendar_day c ON c.date = g::date
		                  WHERE coalesce(c.kind = 'workday', extract(isodow FROM g) < 6))
		ELSE -greatest(1, (SELECT count(*)::integer FROM generate_series(b, a - 1, interval '1 day') g
		                   LEFT JOIN calendar_day c ON c.date = g::date
		                   WHERE coalesce(c.kind = 'workday', extract(isodow FROM g) < 6))) END;

-- deadline, working_days_left, due_soon (0 to 2 left) and overdue (< 0
-- left, i.e. the deadline is before today).
CREATE OR REPLACE FUNCTION govdx_deadline_json(p_deadline date) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN jsonb_build_object(
		'deadline', p_deadline,
		'working_days_left', CASE WHEN p_deadline IS NOT NULL
		                          THEN govdx_working_days_between(govdx_today(), p_deadline) END,
		'due_soon', coalesce(p_deadline >= govdx_today()
		                     AND govdx_working_days_between(govdx_today(), p_deadline) <= 2, false),
		'overdue', coalesce(p_deadline < govdx_today(), false));

CREATE OR REPLACE FUNCTION govdx_objection_row_json(o objection) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'id', o.id,
		'state', o.state,
		'entry_code', o.entry_code,
		'entry_name', e.name,
		'item', o.item,
		'record_key', o.record_key,
		'kind', o.kind,
		'description', o.description,
		'evidence', o.evidence,
		'provider_department', o.provider_department,
		'provider_department_name', pd.name,
		'provider_platform', left(o.provider_department, 6),
		'raiser_department', o.raiser_department,
		'raiser_department_name', rd.name,
		'raiser_platform', left(o.raiser_department, 6),
		'raiser_user', o.raiser_user,
		'note', o.note,
		'reason', o.reason,
		'reopen_until', o.reopen_until,
		'created_at', govdx_utc(o.created_at),
		'updated_at', govdx_utc(o.updated_at),
		'decided_by', o.decided_by,
		'decided_at', govdx_utc(o.decided_at),
		'version', o.version) || govdx_deadline_json(o.deadline)
	FROM entry e, department pd, department rd
	WHERE e.code = o.entry_code AND pd.code = o.provider_department AND rd.code = o.raiser_department);

CREATE OR REPLACE FUNCTION govdx_request_row_json(r request) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'id', r.id,
		'state', r.state,
		'entry_code', r.entry_code,
		'entry_name', e.name,
		'provider_department', r.provider_department,
		'provider_department_name', pd.name,
		'provider_platform', left(r.provider_department, 6),
		'requester_department', r.requester_department,
		'requester_department_name', rd.name,
		'requester_platform', left(r.requester_department, 6),
		'requester_user', r.requester_user,
		'purpose', r.purpose,
		'legal_basis', r.legal_basis,
		'items', to_jsonb(r.items),
		'period', jsonb_build_object('from', r.period_from, 'to', r.period_to),
		'reason', r.reason,
		'created_at', govdx_utc(r.created_at),
		'updated_at', govdx_utc(r.updated_at),
		'decided_by', r.decided_by,
		'decided_at', govdx_utc(r.decided_at),
		'version', r.version) || govdx_deadline_json(r.deadline)
	FROM entry e, department pd, department rd
	WHERE e.code = r.entry_code AND pd.code = r.provider_department AND rd.code = r.requester_department);

DROP FUNCTION govdx_side_json(text, text);

CREATE INDEX objection_deadline_idx ON objection (deadline, id);
