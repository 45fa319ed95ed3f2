-- govdx_revision_edit(actor, id, version, fields, objection, set_objection):
-- the PATCH of a revision: merges fields (a partial RevisionFields object as
-- JSON text; a null value clears a field) into the revision's as actor, who
-- saw version; with set_objection, sets (or with NULL clears) the objection
-- it corrects.
--
-- Invariants:
-- - Checks in this order: 404 (unknown or not visible), 412 (stale), 403
--   and 409 (the rule's 'edit' row, govdx_revision_rules), then the fields
--   (400 shape, 422 values: govdx_revision_fields) and the objection (422).
-- - One guarded UPDATE: of two editors holding the same version exactly
--   one changes the row, the other gets GX412. One audit event (edit).

CREATE OR REPLACE FUNCTION govdx_revision_edit(p_actor text, p_id text, p_version integer,
                                               p_fields text, p_objection text,
                                               p_set_objection boolean)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	me record;
	r revision;
	rule record;
	f jsonb;
	n integer;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	SELECT * INTO r FROM revision WHERE id = p_id;
	IF NOT FOUND OR NOT govdx_sees(me.role, me.department_code, me.subtree_prefix,
	                              r.department_code, r.department_code) THEN
		PERFORM govdx_request_raise('404', 'not_found', format('there is no revision %s', p_id), NULL);
	END IF;
	IF p_version IS DISTINCT FROM r.version THEN
		PERFORM govdx_case_stale('revision', r.version, r.state);
	END IF;
	SELECT * INTO rule FROM govdx_revision_rules(r, me.role, me.department_code, me.subtree_prefix) x
	WHERE x.name = 'edit';
	IF NOT rule.by_role THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s in department %s may not edit this revision (the '
			       'department''s cataloguers do; its approvers where it has no cataloguer)',
			       me.role, me.department_code), NULL);
	END IF;
	IF NOT rule.in_state THEN
		PERFORM govdx_request_raise('409', 'illegal_transition',
			format('cannot edit: the revision is %s', r.state), jsonb_build_object('state', r.state));
	END IF;
	f := r.fields || govdx_revision_fields(p_fields::jsonb, r.entry_code);
	-- A cleared field is absent from the stored fields.
	f := (SELECT coalesce(jsonb_object_agg(x.k, x.v), '{}'::jsonb) FROM jsonb_each(f) x (k, v)
	      WHERE jsonb_typeof(x.v) <> 'null');
	IF p_set_objection AND p_objection IS NOT NULL
	   AND (r.entry_code IS NULL
	        OR NOT EXISTS (SELECT 1 FROM objection o WHERE o.id = p_objection
	                       AND o.entry_code = r.entry_code)) THEN
		PERFORM govdx_request_raise('422', 'invalid_parameter',
			format('%s is not an objection on %s', p_objection, coalesce(r.entry_code, 'a new entry')),
			'{"parameter":"objection"}');
	END IF;

	UPDATE revision
	SET fields = f,
	    objection = CASE WHEN p_set_objection THEN p_objection ELSE objection END,
	    updated_at = now(),
	    version = version + 1
	WHERE id = p_id AND version = p_version AND state = r.state;
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n = 0 THEN
		SELECT * INTO r FROM revision WHERE id = p_id;
		PERFORM govdx_case_stale('revision', r.version, r.state);
	END IF;
	PERFORM pg_notify('govdx_events',
	                  govdx_audit_append(p_actor, 'edit', 'revision:' || p_id, r.state, r.state,
	                                     NULL)::text);
END $$;
