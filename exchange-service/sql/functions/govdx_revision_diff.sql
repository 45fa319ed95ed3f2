-- govdx_revision_diff(before, after): the field-level differences between
-- two sets of revision fields (RevisionDiff of docs/api/openapi.yaml, but
-- for "from" and "to", which the caller adds): "fields", each changed text
-- field in the order of RevisionFields ({"field","before","after"}, an
-- absent field as null); "items", the information items compared by name
-- (added, removed, changed: same name, another type, length or shared);
-- "related", the codes added and removed. before NULL (a new entry): every
-- field of after is added.

CREATE OR REPLACE FUNCTION govdx_revision_diff(p_before jsonb, p_after jsonb) RETURNS jsonb
	LANGUAGE sql IMMUTABLE AS $$
	WITH b AS (SELECT coalesce(p_before, '{}'::jsonb) AS f),
	     a AS (SELECT coalesce(p_after, '{}'::jsonb) AS f),
	     bi AS (SELECT i ->> 'name' AS name, i, o FROM b,
	            jsonb_array_elements(CASE WHEN jsonb_typeof(b.f -> 'items') = 'array'
	                                      THEN b.f -> 'items' ELSE '[]' END) WITH ORDINALITY x (i, o)),
	     ai AS (SELECT i ->> 'name' AS name, i, o FROM a,
	            jsonb_array_elements(CASE WHEN jsonb_typeof(a.f -> 'items') = 'array'
	                                      THEN a.f -> 'items' ELSE '[]' END) WITH ORDINALITY x (i, o)),
	     br AS (SELECT c FROM b, jsonb_array_elements_text(CASE WHEN jsonb_typeof(b.f -> 'related') = 'array'
	                                                             THEN b.f -> 'related' ELSE '[]' END) c),
	     ar AS (SELECT c FROM a, jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.f -> 'related') = 'array'
	                                                             THEN a.f -> 'related' ELSE '[]' END) c)
	SELECT jsonb_build_object(
		'fields', coalesce((SELECT jsonb_agg(jsonb_build_object('field', k.name, 'before', b.f ->> k.name,
		                                                        'after', a.f ->> k.name) ORDER BY k.ord)
		                    FROM b, a, (VALUES (1, 'name'), (2, 'classification'), (3, 'abstract'),
		                                       (4, 'format'), (5, 'sharing_type'),
		                                       (6, 'sharing_condition'), (7, 'sharing_method'),
		                                       (8, 'basis'), (9, 'open_attribute'),
		                                       (10, 'open_condition'), (11, 'update_cycle'))
		                               AS k (ord, name)
		                    WHERE (b.f ->> k.name) IS DISTINCT FROM (a.f ->> k.name)), '[]'::jsonb),
		'items', jsonb_build_object(
			'added', coalesce((SELECT jsonb_agg(ai.i ORDER BY ai.o) FROM ai
			                   WHERE NOT EXISTS (SELECT 1 FROM bi WHERE bi.name = ai.name)), '[]'::jsonb),
			'removed', coalesce((SELECT jsonb_agg(bi.i ORDER BY bi.o) FROM bi
			                     WHERE NOT EXISTS (SELECT 1 FROM ai WHERE ai.name = bi.name)), '[]'::jsonb),
			'changed', coalesce((SELECT jsonb_agg(jsonb_build_object('name', ai.name, 'before', bi.i,
			                                                         'after', ai.i) ORDER BY ai.o)
			                     FROM ai JOIN bi ON bi.name = ai.name WHERE ai.i <> bi.i), '[]'::jsonb)),
		'related', jsonb_build_object(
			'added', coalesce((SELECT jsonb_agg(c ORDER BY c) FROM ar
			                   WHERE c NOT IN (SELECT c FROM br)), '[]'::jsonb),
			'removed', coalesce((SELECT jsonb_agg(c ORDER BY c) FROM br
			                     WHERE c NOT IN (SELECT c FROM ar)), '[]'::jsonb)))
$$;
