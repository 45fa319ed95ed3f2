-- govdx_revision_row_json(r): the revision object of the wire contract
-- (Revision in docs/api/openapi.yaml) from a row, without "actions".
--
-- Invariant: every field of RevisionFields is present in "fields" (null
-- where a draft has none yet).

CREATE OR REPLACE FUNCTION govdx_revision_row_json(r revision) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'id', r.id,
		'state', r.state,
		'entry_code', r.entry_code,
		'number', r.number,
		'base', r.base,
		'department_code', r.department_code,
		'department_name', d.name,
		'platform_code', d.platform_code,
		'fields', '{"name":null,"classification":null,"abstract":null,"format":null,
		            "items":null,"sharing_type":null,"sharing_condition":null,
		            "sharing_method":null,"basis":null,"open_attribute":null,
		            "open_condition":null,"update_cycle":null,"related":null}'::jsonb || r.fields,
		'reason', r.reason,
		'objection', r.objection,
		'created_by', r.created_by,
		'created_at', govdx_utc(r.created_at),
		'updated_at', govdx_utc(r.updated_at),
		'submitted_at', govdx_utc(r.submitted_at),
		'decided_by', r.decided_by,
		'decided_at', govdx_utc(r.decided_at),
		'version', r.version) || govdx_deadline_json(r.deadline)
	FROM department d WHERE d.code = r.department_code);
