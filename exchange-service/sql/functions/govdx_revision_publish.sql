-- govdx_revision_publish(r, actor): makes submitted revision r the
-- published state of its entry, inside govdx_revision_transition (which
-- checked the rule and holds the entry's row lock), and returns
-- (out_code, out_number, out_from): the entry's code (a new entry's just
-- assigned), the revision number published, and the entry's status before
-- (NULL for a new entry).
--
-- Invariants:
-- - A new entry gets the code <department>-<类项目>-<seq>: seq the next of
--   entry_code_counter for (department, 类项目), its first value one past
--   the highest code of that prefix the directory already holds; the
--   counter's row lock serializes concurrent publications and only grows,
--   so no code is given twice and a rolled-back publication gives its
--   number back (no gap). Over 9999 is GX409 code_space_exhausted.
-- - The entry's classification and items live in resource_template: a
--   publication that changes them makes a template of the entry's own (ids
--   one past the highest, under an advisory lock); one that changes
--   neither keeps the template.
-- - entry_revision gets the new revision's fields, and, the first time an
--   entry the seed loaded is revised, its revision 1 as it was.
-- - The entry's update fires the count and name search triggers in this
--   transaction: a search, the counts and GET see the publication as soon
--   as it commits.

CREATE OR REPLACE FUNCTION govdx_revision_publish(r revision, p_actor text,
	OUT out_code text, OUT out_number integer, OUT out_from text)
	LANGUAGE plpgsql AS $$
DECLARE
	e entry;
	f jsonb := r.fields;
	cls text := r.fields ->> 'classification';
	v_class text;
	seq integer;
	tid integer;
	v_related text[];
BEGIN
	v_related := ARRAY(SELECT jsonb_array_elements_text(coalesce(f -> 'related', '[]'::jsonb)));
	IF r.entry_code IS NOT NULL THEN
		SELECT * INTO e FROM entry x WHERE x.code = r.entry_code;
		out_from := e.status;
		IF govdx_entry_fields(e) -> 'items' = f -> 'items'
		   AND govdx_entry_fields(e) ->> 'classification' = cls THEN
			tid := e.template_id;
		END IF;
	END IF;
	IF tid IS NULL THEN
		PERFORM pg_advisory_xact_lock(hashtext('govdx resource_template'));
		SELECT coalesce(max(t.id), 0) + 1 INTO tid FROM resource_template t;
		INSERT INTO resource_template (id, data_domain, name, classification, classification_name, items)
		SELECT tid, d.data_domain, f ->> 'name', cls,
		       CASE left(cls, 1) WHEN '1' THEN '基础信息资源' WHEN '2' THEN '主题信息资源'
		                         ELSE '部门信息资源' END
		       || ' / ' || coalesce((SELECT split_part(t.classification_name, ' / ', 2)
		                             FROM resource_template t
		                             WHERE left(t.classification, 4) = left(cls, 4)
		                               AND split_part(t.classification_name, ' / ', 2) <> ''
		                             ORDER BY t.id LIMIT 1), d.data_domain)
		       || ' / ' || coalesce((SELECT split_part(t.classification_name, ' / ', 3)
		                             FROM resource_template t
		                             WHERE left(t.classification, 8) = left(cls, 8)
		                               AND split_part(t.classification_name, ' / ', 3) <> ''
		                             ORDER BY t.id LIMIT 1), f ->> 'name'),
		       f -> 'items'
		FROM department d WHERE d.code = r.department_code;
	END IF;

	IF r.entry_code IS NULL THEN
		v_class := left(cls, 1) || substr(cls, 3, 2) || substr(cls, 6, 3);
		INSERT INTO entry_code_counter AS k (department_code, class_key, last)
		VALUES (r.department_code, v_class,
		        coalesce((SELECT max(right(x.code, 4)::integer) FROM entry x
		                  WHERE x.code LIKE r.department_code || '-' || v_class || '-%'), 0) + 1)
		ON CONFLICT ON CONSTRAINT entry_code_counter_pkey DO UPDATE SET last = k.last + 1
		RETURNING k.last INTO seq;
		IF seq > 9999 THEN
			PERFORM govdx_request_raise('409', 'code_space_exhausted',
				format('department %s has used every sequence number of %s', r.department_code,
				       v_class), NULL);
		END IF;
		out_code := r.department_code || '-' || v_class || '-' || lpad(seq::text, 4, '0');
		out_number := 1;
		INSERT INTO entry (code, name, department_code, template_id, abstract, format, sharing_type,
		                   sharing_condition, sharing_method, basis, open_attribute, open_condition,
		                   update_cycle, release_date, related, status, revision, version,
		                   published_at, published_by)
		VALUES (out_code, f ->> 'name', r.department_code, tid, f ->> 'abstract', f ->> 'format',
		        f ->> 'sharing_type', f ->> 'sharing_condition', f ->> 'sharing_method', f ->> 'basis',
		        f ->> 'open_attribute', f ->> 'open_condition', f ->> 'update_cycle', govdx_today(),
		        v_related, 'published', 1, 1, now(), p_actor);
	ELSE
		out_code := e.code;
		out_number := e.revision + 1;
		INSERT INTO entry_revision (entry_code, number, fields, revision_id, published_at, published_by)
		VALUES (e.code, e.revision, govdx_entry_fields(e), NULL, e.published_at, e.published_by)
		ON CONFLICT DO NOTHING;
		UPDATE entry x
		SET name = f ->> 'name', template_id = tid, abstract = f ->> 'abstract',
		    format = f ->> 'format', sharing_type = f ->> 'sharing_type',
		    sharing_condition = f ->> 'sharing_condition', sharing_method = f ->> 'sharing_method',
		    basis = f ->> 'basis', open_attribute = f ->> 'open_attribute',
		    open_condition = f ->> 'open_condition', update_cycle = f ->> 'update_cycle',
		    related = v_related, revision = out_number, version = x.version + 1,
		    published_at = now(), published_by = p_actor
		WHERE x.code = e.code;
	END IF;
	INSERT INTO entry_revision (entry_code, number, fields, revision_id, published_at, published_by)
	VALUES (out_code, out_number,
	        (SELECT govdx_entry_fields(x) FROM entry x WHERE x.code = out_code), r.id, now(),
	        p_actor);
END $$;
