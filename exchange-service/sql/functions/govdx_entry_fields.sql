-- govdx_entry_fields(e): the fields of a revision (the GB/T 21063.3 core
-- fields: RevisionFields of docs/api/openapi.yaml) as entry e holds them
-- now, with its template's classification and items; every item carries
-- "shared" (true where the template's item says nothing) and "length".
--
-- Invariant: the keys are exactly those govdx_revision_fields accepts, so a
-- revision that changes nothing has fields equal to these.

CREATE OR REPLACE FUNCTION govdx_entry_fields(e entry) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'name', e.name,
		'classification', t.classification,
		'abstract', e.abstract,
		'format', e.format,
		'items', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		                  'name', i ->> 'name', 'data_type', i -> 'data_type',
		                  'length', coalesce(i -> 'length', 'null'::jsonb),
		                  'shared', coalesce(i -> 'shared', 'true'::jsonb)) ORDER BY o), '[]'::jsonb)
		          FROM jsonb_array_elements(t.items) WITH ORDINALITY AS x (i, o)),
		'sharing_type', e.sharing_type,
		'sharing_condition', e.sharing_condition,
		'sharing_method', e.sharing_method,
		'basis', e.basis,
		'open_attribute', e.open_attribute,
		'open_condition', e.open_condition,
		'update_cycle', e.update_cycle,
		'related', to_jsonb(e.related))
	FROM resource_template t WHERE t.id = e.template_id);
