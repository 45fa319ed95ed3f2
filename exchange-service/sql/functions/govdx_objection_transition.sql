-- govdx_objection_transition(actor, id, version, action, reason, revision):
-- takes action on objection id as actor, who saw version; a correct may name
-- the revision (REV-…) of the entry that carries the fix.
--
-- Invariants:
-- - Checks come in the contract's order: 404 (unknown or not visible), 400
--   (unknown action), 412 (stale version), 403 (role or department), 409
--   (illegal for the state; then reopen_window_closed), 422 (reason), then
--   400 for a reason over 2000 characters.
-- - Who may do what when is govdx_objection_rules's alone: an action is
--   refused (403 or 409) exactly when the rule does not allow it, so the
--   "actions" of the objection's JSON are what this function accepts.
-- - A transition is one guarded UPDATE plus one audit event plus a NOTIFY:
--   of two concurrent transitions of one objection exactly one updates a
--   row, the other gets GX412.
-- - Lock order: entry (FOR NO KEY UPDATE, which does not conflict with the
--   key-share locks of foreign keys), objection, audit head: transitions of
--   objections on one entry run one after the other, and each recomputes
--   the disputed mark with the other's outcome in view.
-- - revision: only with correct (else 400 invalid_parameter naming it); it
--   must be a revision of the objection's entry (else 422). While it is not
--   published the objection keeps the entry disputed after it is closed
--   (govdx_entry_disputed_now).
-- - deadline is set exactly while verifying (verify_days working days from
--   accept or reopen); reopen_until exactly while corrected, upheld or
--   closed (reopen_days working days from the day it entered that state);
--   decided_by/decided_at are set together (a reopen keeps the last
--   decision).

CREATE OR REPLACE FUNCTION govdx_objection_transition(p_actor text, p_id text, p_version integer,
                                                      p_action text, p_reason text,
                                                      p_revision text DEFAULT NULL)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	me record;
	o objection;
	rule record;
	target text;
	decided boolean;
	n integer;
	seq bigint;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	SELECT * INTO o FROM objection WHERE id = p_id;
	IF NOT FOUND OR NOT govdx_sees(me.role, me.department_code, me.subtree_prefix,
	                              o.provider_department, o.raiser_department) THEN
		PERFORM govdx_request_raise('404', 'not_found', format('there is no objection %s', p_id), NULL);
	END IF;
	-- The rule (govdx_objection_rules) decides every refusal below that is
	-- about who and when; its allowed rows are the objection's "actions".
	SELECT * INTO rule
	FROM govdx_objection_rules(o, me.role, me.department_code, me.subtree_prefix) x
	WHERE x.name = p_action;
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('unknown action "%s": the actions are %s', coalesce(p_action, 'null'),
			       (SELECT string_agg(x.name, ', ' ORDER BY x.ord)
			        FROM govdx_objection_rules(o, NULL, NULL, NULL) x)),
			'{"parameter":"action"}');
	END IF;
	IF p_version IS DISTINCT FROM o.version THEN
		PERFORM govdx_case_stale('objection', o.version, o.state);
	END IF;
	IF NOT rule.by_role THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s in department %s may not %s this objection (%s)',
			       me.role, me.department_code, p_action,
			       CASE WHEN p_action IN ('correct', 'uphold')
			            THEN 'approvers of the providing department verify'
			            WHEN p_action = 'reopen' THEN 'the raising department reopens'
			            ELSE 'the helpdesk of the providing platform accepts, dismisses and closes' END),
			NULL);
	END IF;
	IF NOT rule.in_state THEN
		PERFORM govdx_request_raise('409', 'illegal_transition',
			format('cannot %s: the objection is %s', p_action, o.state),
			jsonb_build_object('state', o.state));
	END IF;
	-- Allowed by role and state but not now: a reopen after its window.
	IF NOT rule.allowed THEN
		PERFORM govdx_request_raise('409', 'reopen_window_closed',
			format('the objection could be reopened until %s', o.reopen_until),
			jsonb_build_object('state', o.state, 'reopen_until', o.reopen_until));
	END IF;
	IF rule.reason = 'required' AND govdx_blank(p_reason) THEN
		PERFORM govdx_request_raise('422', 'reason_required',
			format('%s needs a %s', p_action,
			       CASE WHEN p_action IN ('correct', 'uphold') THEN 'note' ELSE 'reason' END),
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
	IF p_revision IS NOT NULL AND p_action <> 'correct' THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('only correct names a revision, not %s', p_action), '{"parameter":"revision"}');
	END IF;
	IF p_revision IS NOT NULL AND NOT EXISTS (SELECT 1 FROM revision r WHERE r.id = p_revision
	                                          AND r.entry_code = o.entry_code) THEN
		PERFORM govdx_request_raise('422', 'invalid_parameter',
			format('%s is not a revision of %s', p_revision, o.entry_code), '{"parameter":"revision"}');
	END IF;

	target := CASE p_action
		WHEN 'accept' THEN 'verifying' WHEN 'dismiss' THEN 'dismissed' WHEN 'correct' THEN 'corrected'
		WHEN 'uphold' THEN 'upheld' WHEN 'close' THEN 'closed' ELSE 'verifying' END;
	decided := p_action <> 'reopen';
	IF govdx_blank(p_reason) THEN
		p_reason := NULL;
	END IF;

	-- The entry's lock first (see the top of this file), then the guarded update.
	PERFORM 1 FROM entry WHERE code = o.entry_code FOR NO KEY UPDATE;
	UPDATE objection
	SET state = target,
	    reason = coalesce(p_reason, reason),
	    note = CASE WHEN p_action IN ('correct', 'uphold') THEN p_reason ELSE note END,
	    deadline = CASE WHEN target = 'verifying'
	                    THEN govdx_add_working_days(govdx_today(),
	                             govdx_setting(left(provider_department, 6), 'verify_days')) END,
	    reopen_until = CASE WHEN target IN ('corrected', 'upheld', 'closed')
	                        THEN govdx_add_working_days(govdx_today(),
	                                 govdx_setting(left(provider_department, 6), 'reopen_days')) END,
	    decided_by = CASE WHEN decided THEN p_actor ELSE decided_by END,
	    decided_at = CASE WHEN decided THEN now() ELSE decided_at END,
	    revision = CASE WHEN p_action = 'correct' THEN p_revision ELSE revision END,
	    updated_at = now(),
	    version = version + 1
	WHERE id = p_id AND version = p_version AND state = o.state;
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n = 0 THEN
		SELECT * INTO o FROM objection WHERE id = p_id;
		PERFORM govdx_case_stale('objection', o.version, o.state);
	END IF;
	PERFORM govdx_entry_recompute_disputed(o.entry_code);
	seq := govdx_audit_append(p_actor, p_action, 'objection:' || p_id, o.state, target, p_reason);
	PERFORM pg_notify('govdx_events', seq::text);
END $$;
