-- govdx_request_row_json(r): the request object of the wire contract from a
-- row (lists build it per row; govdx_request_json for one id).
--
-- Invariant: one SELECT joining the entry and both departments, with the
-- deadline helpers inlined: the field set is the contract's (docs/api),
-- nothing per side costs a query of its own.

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
		'refusal_ground', r.refusal_ground,
		'version', r.version) || govdx_deadline_json(r.deadline)
		|| govdx_deadline_basis_json(r.deadline_from, r.deadline)
	FROM entry e, department pd, department rd
	WHERE e.code = r.entry_code AND pd.code = r.provider_department AND rd.code = r.requester_department);
