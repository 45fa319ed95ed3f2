-- govdx_revision_create(actor, entry_code, fields, objection): starts a
-- draft as actor and returns its id — of a new entry of the actor's
-- department (entry_code NULL) or of a published entry of it (its fields
-- the entry's, with the given ones over them; base its revision).
--
-- Invariants:
-- - Checks in this order: 403 (not a drafter of the department), 404
--   (unknown entry), 409 entry_retired, 409 revision_open (details.revision),
--   400/422 the fields (govdx_revision_fields), 422 the objection.
-- - The entry's row is share-locked first, so a create and a retire of the
--   same entry (which withdraws its open revisions) run one after the other:
--   no draft of a retired entry. The unique index of open revisions settles
--   two creates at once (the second is 409 revision_open).
-- - One audit event (create, to draft). No events-stream notice: a draft
--   concerns its department only.

CREATE OR REPLACE FUNCTION govdx_revision_create(p_actor text, p_entry_code text, p_fields text,
                                                 p_objection text)
	RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	me record;
	e entry;
	dept text;
	f jsonb;
	open_id text;
	new_id text;
	o record;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	IF p_entry_code IS NULL THEN
		dept := me.department_code;
	ELSE
		SELECT * INTO e FROM entry x WHERE x.code = p_entry_code FOR SHARE;
		IF NOT FOUND THEN
			PERFORM govdx_request_raise('404', 'not_found',
				format('there is no catalog entry %s', p_entry_code), '{"parameter":"entry_code"}');
		END IF;
		dept := e.department_code;
	END IF;
	IF NOT govdx_revision_editor(me.role, me.department_code, dept) THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			CASE WHEN me.department_code <> dept
			     THEN format('entry %s belongs to department %s: only its cataloguers revise it',
			                 p_entry_code, dept)
			     ELSE format('a user of role %s does not draft catalog entries (the department''s '
			                 'cataloguers do; its approvers where it has no cataloguer)', me.role)
			END, NULL);
	END IF;
	IF p_entry_code IS NOT NULL THEN
		IF e.status = 'retired' THEN
			PERFORM govdx_request_raise('409', 'entry_retired',
				format('entry %s is retired', e.code), jsonb_build_object('entry_code', e.code));
		END IF;
		SELECT r.id INTO open_id FROM revision r
		WHERE r.entry_code = e.code AND r.state IN ('draft', 'submitted', 'returned');
		IF FOUND THEN
			PERFORM govdx_request_raise('409', 'revision_open',
				format('entry %s already has an open revision %s', e.code, open_id),
				jsonb_build_object('revision', open_id));
		END IF;
	END IF;
	f := govdx_revision_fields(p_fields::jsonb, p_entry_code);
	IF p_entry_code IS NOT NULL THEN
		f := govdx_entry_fields(e) || f;
	END IF;
	-- A null field is absent from the stored fields.
	f := (SELECT coalesce(jsonb_object_agg(x.k, x.v), '{}'::jsonb) FROM jsonb_each(f) x (k, v)
	      WHERE jsonb_typeof(x.v) <> 'null');
	IF p_objection IS NOT NULL THEN
		SELECT x.id, x.entry_code INTO o FROM objection x WHERE x.id = p_objection;
		IF NOT FOUND OR p_entry_code IS NULL OR o.entry_code <> p_entry_code THEN
			PERFORM govdx_request_raise('422', 'invalid_parameter',
				format('%s is not an objection on %s', p_objection, coalesce(p_entry_code, 'a new entry')),
				'{"parameter":"objection"}');
		END IF;
	END IF;

	BEGIN
		INSERT INTO revision (state, department_code, entry_code, base, fields, objection, created_by)
		VALUES ('draft', dept, p_entry_code, e.revision, f, p_objection, p_actor)
		RETURNING id INTO new_id;
	EXCEPTION WHEN unique_violation THEN
		SELECT r.id INTO open_id FROM revision r
		WHERE r.entry_code = e.code AND r.state IN ('draft', 'submitted', 'returned');
		PERFORM govdx_request_raise('409', 'revision_open',
			format('entry %s already has an open revision %s', e.code, open_id),
			jsonb_build_object('revision', open_id));
	END;
	PERFORM pg_notify('govdx_events',
	                  govdx_audit_append(p_actor, 'create', 'revision:' || new_id, NULL, 'draft',
	                                     NULL)::text);
	RETURN new_id;
END $$;
