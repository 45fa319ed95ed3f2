-- govdx_entry_json(code, actor): the entry object of GET
-- /v1/entries/{code} (Entry in docs/api/openapi.yaml) as actor sees it,
-- with actor's "actions" (govdx_entry_rules); NULL for an unknown code.
--
-- Invariant: every full entry the API returns is built here (GET, the
-- answer of a retire, the "current" of its 412).

CREATE OR REPLACE FUNCTION govdx_entry_json(p_code text, p_actor text) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'code', e.code, 'name', e.name, 'department_code', e.department_code,
		'department_name', d.name, 'platform_code', p.code, 'sharing_type', e.sharing_type,
		'open_attribute', e.open_attribute, 'update_cycle', e.update_cycle,
		'disputed', e.disputed, 'status', e.status,
		'classification', t.classification, 'classification_name', t.classification_name,
		'platform_name', p.name, 'abstract', e.abstract, 'format', e.format, 'items', t.items,
		'sharing_condition', e.sharing_condition, 'sharing_method', e.sharing_method,
		'basis', e.basis, 'release_date', e.release_date, 'related', to_jsonb(e.related),
		'open_condition', e.open_condition, 'revision', e.revision,
		'published_at', govdx_utc(e.published_at), 'published_by', e.published_by,
		'retired_at', govdx_utc(e.retired_at), 'retired_reason', e.retired_reason,
		'version', e.version,
		'actions', coalesce((SELECT jsonb_agg(jsonb_build_object('name', a.name, 'reason', a.reason)
		                                      ORDER BY a.ord)
		                     FROM app_user u JOIN platform up ON up.code = left(u.department_code, 6),
		                          govdx_entry_rules(e, u.role, u.department_code, up.subtree_prefix) a
		                     WHERE u.name = p_actor AND a.allowed), '[]'::jsonb))
	FROM entry e JOIN department d ON d.code = e.department_code
	JOIN platform p ON p.code = d.platform_code
	JOIN resource_template t ON t.id = e.template_id
	WHERE e.code = p_code);
