-- govdx_entry_transition(actor, code, version, action, reason): takes
-- action (retire) on entry code as actor, who saw version (its ETag).
--
-- Invariants:
-- - Checks in the contract's order: 404 (unknown entry: entries are
--   public, so there is no jurisdiction 404), 400 (unknown action; revise
--   is POST /v1/revisions), 412, 403, 409, 422 reason_required, then 400 for
--   a reason over 2000 characters; who may is govdx_entry_rules's alone.
-- - A retire is one guarded UPDATE of the entry (of a retire and a
--   publication at once, the one that locks the entry first wins; the other
--   gets GX412 or, a publish after the retire, GX409 entry_retired), then
--   the withdrawal of its open revisions (each with its audit event), the
--   entry's audit event (retire, published → retired) and a NOTIFY
--   (entry_retired). Lock order: entry, revisions, audit head, as a publish.
-- - A retired entry keeps its code, its counts and its place in search; it
--   is marked retired and refuses new requests (govdx_request_create).

CREATE OR REPLACE FUNCTION govdx_entry_transition(p_actor text, p_code text, p_version integer,
                                                  p_action text, p_reason text)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	me record;
	e entry;
	rule record;
	w record;
	n integer;
	seq bigint;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	SELECT * INTO e FROM entry WHERE code = p_code;
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('404', 'not_found', format('there is no catalog entry %s', p_code),
		                            '{"parameter":"code"}');
	END IF;
	SELECT * INTO rule FROM govdx_entry_rules(e, me.role, me.department_code, me.subtree_prefix) x
	WHERE x.name = p_action AND x.name <> 'revise';
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('unknown action "%s": an entry''s transition is retire (a revision starts with '
			       'POST /v1/revisions)', coalesce(p_action, 'null')), '{"parameter":"action"}');
	END IF;
	IF p_version IS DISTINCT FROM e.version THEN
		PERFORM govdx_case_stale('entry', e.version, e.status);
	END IF;
	IF NOT rule.by_role THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s in department %s may not retire %s (an authority of its '
			       'department''s platform or of one above it does)', me.role, me.department_code,
			       p_code), NULL);
	END IF;
	IF NOT rule.in_state THEN
		PERFORM govdx_request_raise('409', 'illegal_transition',
			format('cannot %s: the entry is %s', p_action, e.status),
			jsonb_build_object('state', e.status));
	END IF;
	IF govdx_blank(p_reason) THEN
		PERFORM govdx_request_raise('422', 'reason_required', format('%s needs a reason', p_action),
			jsonb_build_object('action', p_action));
	END IF;
	IF char_length(p_reason) > 2000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'reason must be at most 2000 characters', '{"parameter":"reason","max_length":2000}');
	END IF;

	UPDATE entry
	SET status = 'retired', retired_at = now(), retired_by = p_actor, retired_reason = p_reason,
	    version = version + 1
	WHERE code = p_code AND version = p_version AND status = 'published';
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n = 0 THEN
		SELECT * INTO e FROM entry WHERE code = p_code;
		PERFORM govdx_case_stale('entry', e.version, e.status);
	END IF;
	FOR w IN SELECT x.id, x.state FROM revision x
	         WHERE x.entry_code = p_code AND x.state IN ('draft', 'submitted', 'returned')
	         FOR UPDATE
	LOOP
		UPDATE revision x
		SET state = 'withdrawn', deadline = NULL,
		    reason = left('the entry was retired: ' || p_reason, 2000),
		    updated_at = now(), version = x.version + 1
		WHERE x.id = w.id;
		PERFORM govdx_audit_append(p_actor, 'withdraw', 'revision:' || w.id, w.state, 'withdrawn',
		                           left('the entry was retired: ' || p_reason, 2000));
	END LOOP;
	PERFORM govdx_entry_recompute_disputed(p_code);
	seq := govdx_audit_append(p_actor, 'retire', 'entry:' || p_code, 'published', 'retired',
	                          p_reason);
	PERFORM pg_notify('govdx_events', seq::text);
END $$;
