-- govdx_revision_transition(actor, id, version, action, reason): takes
-- action (submit, withdraw, publish, return) on revision id as actor, who
-- saw version.
--
-- Invariants:
-- - Checks come in the contract's order: 404 (unknown or not visible), 400
--   (unknown action; 'edit' is the PATCH), 412 (stale version), 403, 409
--   (govdx_revision_rules; then entry_retired for a publish), 422
--   (reason_required; a submit of an incomplete revision:
--   invalid_parameter naming the first missing field, details.missing all
--   of them), then 400 for a reason over 2000 characters.
-- - Who may do what when is govdx_revision_rules's alone, so the
--   revision's "actions" are what this function accepts.
-- - Lock order: entry (a publish: FOR UPDATE, as a retire's update), then
--   the revision (one guarded UPDATE: of two concurrent transitions exactly
--   one changes the row, the other gets GX412), then the audit head.
-- - deadline is set exactly while submitted: review_days working days
--   (govdx_setting of the department's platform) from the submit.
-- - Audit: one event on the revision; a publish also one on the entry
--   (entry:<code>, publish, from its status or NULL for a new entry, to
--   published) and a NOTIFY for the events stream (entry_revised).
-- - The disputed mark of the entry is recomputed when the revision is
--   published or withdrawn (a closed objection corrected with it stops, or
--   keeps, marking the entry: govdx_entry_recompute_disputed).

CREATE OR REPLACE FUNCTION govdx_revision_transition(p_actor text, p_id text, p_version integer,
                                                     p_action text, p_reason text)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	me record;
	r revision;
	rule record;
	target text;
	missing text[];
	v_code text;
	v_number integer;
	v_from text;
	st text;
	n integer;
	seq bigint;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	SELECT * INTO r FROM revision WHERE id = p_id;
	IF NOT FOUND OR NOT govdx_sees(me.role, me.department_code, me.subtree_prefix,
	                              r.department_code, r.department_code) THEN
		PERFORM govdx_request_raise('404', 'not_found', format('there is no revision %s', p_id), NULL);
	END IF;
	SELECT * INTO rule
	FROM govdx_revision_rules(r, me.role, me.department_code, me.subtree_prefix) x
	WHERE x.name = p_action AND x.name <> 'edit';
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('unknown action "%s": the actions are submit, withdraw, publish, return (edit '
			       'is PATCH /v1/revisions/%s)', coalesce(p_action, 'null'), p_id),
			'{"parameter":"action"}');
	END IF;
	IF p_version IS DISTINCT FROM r.version THEN
		PERFORM govdx_case_stale('revision', r.version, r.state);
	END IF;
	IF NOT rule.by_role THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s in department %s may not %s this revision (%s)',
			       me.role, me.department_code, p_action,
			       CASE WHEN p_action IN ('publish', 'return')
			            THEN 'an authority of the department''s platform or of one above it reviews'
			            ELSE 'the department''s cataloguers draft, or its approvers where it has none' END),
			NULL);
	END IF;
	IF NOT rule.in_state THEN
		PERFORM govdx_request_raise('409', 'illegal_transition',
			format('cannot %s: the revision is %s', p_action, r.state),
			jsonb_build_object('state', r.state));
	END IF;
	-- The entry's lock first (see the top of this file): a publish updates
	-- the entry, a withdraw recomputes its disputed mark.
	IF p_action IN ('publish', 'withdraw') AND r.entry_code IS NOT NULL THEN
		SELECT x.status INTO st FROM entry x WHERE x.code = r.entry_code FOR UPDATE;
	END IF;
	IF p_action = 'publish' AND r.entry_code IS NOT NULL THEN
		IF st = 'retired' THEN
			PERFORM govdx_request_raise('409', 'entry_retired',
				format('entry %s is retired', r.entry_code),
				jsonb_build_object('entry_code', r.entry_code));
		END IF;
	END IF;
	IF rule.reason = 'required' AND govdx_blank(p_reason) THEN
		PERFORM govdx_request_raise('422', 'reason_required', format('%s needs a reason', p_action),
			jsonb_build_object('action', p_action));
	END IF;
	IF rule.reason = 'none' AND NOT govdx_blank(p_reason) THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('%s takes no reason', p_action), '{"parameter":"reason"}');
	END IF;
	IF char_length(p_reason) > 2000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'reason must be at most 2000 characters', '{"parameter":"reason","max_length":2000}');
	END IF;
	IF p_action IN ('submit', 'publish') THEN
		missing := govdx_revision_missing(r.fields);
		IF cardinality(missing) > 0 THEN
			PERFORM govdx_request_raise('422', 'invalid_parameter',
				format('the revision is incomplete (%s)', array_to_string(missing, ', ')),
				jsonb_build_object('parameter', missing[1], 'missing', to_jsonb(missing)));
		END IF;
	END IF;
	IF govdx_blank(p_reason) THEN
		p_reason := NULL;
	END IF;

	target := CASE p_action WHEN 'submit' THEN 'submitted' WHEN 'withdraw' THEN 'withdrawn'
	                        WHEN 'publish' THEN 'published' ELSE 'returned' END;
	IF p_action = 'publish' THEN
		SELECT * INTO v_code, v_number, v_from FROM govdx_revision_publish(r, p_actor);
	END IF;
	UPDATE revision
	SET state = target,
	    entry_code = coalesce(v_code, entry_code),
	    number = v_number,
	    reason = CASE WHEN p_action IN ('withdraw', 'return') THEN coalesce(p_reason, reason)
	                  ELSE reason END,
	    submitted_at = CASE WHEN target = 'submitted' THEN now() ELSE submitted_at END,
	    deadline = CASE WHEN target = 'submitted'
	                    THEN govdx_add_working_days(govdx_today(),
	                             govdx_setting(left(department_code, 6), 'review_days')) END,
	    decided_by = CASE WHEN p_action IN ('publish', 'return') THEN p_actor ELSE decided_by END,
	    decided_at = CASE WHEN p_action IN ('publish', 'return') THEN now() ELSE decided_at END,
	    updated_at = now(),
	    version = version + 1
	WHERE id = p_id AND version = p_version AND state = r.state;
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n = 0 THEN
		SELECT * INTO r FROM revision WHERE id = p_id;
		PERFORM govdx_case_stale('revision', r.version, r.state);
	END IF;
	-- The revision's own event wakes the events stream's waiters (a
	-- publication's entry event below wakes them again).
	PERFORM pg_notify('govdx_events',
	                  govdx_audit_append(p_actor, p_action, 'revision:' || p_id, r.state, target,
	                                     p_reason)::text);
	IF p_action = 'publish' THEN
		PERFORM govdx_entry_recompute_disputed(v_code);
		seq := govdx_audit_append(p_actor, 'publish', 'entry:' || v_code, v_from,
		                          'published', NULL);
		PERFORM pg_notify('govdx_events', seq::text);
	ELSIF p_action = 'withdraw' AND r.entry_code IS NOT NULL THEN
		PERFORM govdx_entry_recompute_disputed(r.entry_code);
	END IF;
END $$;
