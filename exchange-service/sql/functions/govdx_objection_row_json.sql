-- govdx_objection_row_json(o): the objection object of the wire contract
-- from a row.
--
-- Invariant: one SELECT joining the entry and both departments, as
-- govdx_request_row_json.

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
		'version', o.version,
		'revision', o.revision) || govdx_deadline_json(o.deadline)
		|| govdx_deadline_basis_json(o.deadline_from, o.deadline)
	FROM entry e, department pd, department rd
	WHERE e.code = o.entry_code AND pd.code = o.provider_department AND rd.code = o.raiser_department);
