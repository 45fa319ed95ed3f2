-- govdx_request_transition(actor, id, version, action, reason, ground): takes
-- action on request id as actor, who saw version; ground is the refusal
-- ground of a reject (NULL: other), refused on any other action.
--
-- Invariants:
-- - Checks come in the contract's order: 404 (unknown or not visible), 400
--   (unknown action), 412 (stale version), 403 (role or department), 409
--   (illegal for the state), 422 (reason required), then 400 for a reason
--   over 2000 characters, then 400 for a ground on another action than
--   reject or an unknown one.
-- - Who may do what when is govdx_request_rules's alone: an action is
--   refused (403 or 409) exactly when the rule does not allow it, so the
--   "actions" of the request's JSON are what this function accepts.
-- - A transition is one guarded UPDATE (WHERE id, version AND state are
--   what the checks saw) plus one audit event plus a NOTIFY, in the caller's
--   transaction; of two concurrent transitions of one request exactly one
--   updates a row, the other gets GX412. No other row is bumped, so the only
--   lock shared between requests is the audit chain's head, taken last.
-- - deadline is set exactly while pending (the reply deadline) or
--   coordinating (the coordination deadline); decided_by/decided_at are set
--   together (approve, reject, close).
-- - refusal_ground is set by a reject (default other) and kept after it.

-- The five-argument form before the ground (migration 019).
DROP FUNCTION IF EXISTS govdx_request_transition(text, text, integer, text, text);

CREATE OR REPLACE FUNCTION govdx_request_transition(p_actor text, p_id text, p_version integer, p_action text,
                                                    p_reason text, p_ground text DEFAULT NULL)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	me record;
	r request;
	rule record;
	target text;
	new_deadline date;
	decided boolean;
	n integer;
	seq bigint;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	SELECT * INTO r FROM request WHERE id = p_id;
	IF NOT FOUND OR NOT govdx_sees(me.role, me.department_code, me.subtree_prefix,
	                              r.provider_department, r.requester_department) THEN
		PERFORM govdx_request_raise('404', 'not_found', format('there is no request %s', p_id), NULL);
	END IF;
	-- The rule (govdx_request_rules) decides every refusal below that is
	-- about who and when; its allowed rows are the request's "actions".
	SELECT * INTO rule
	FROM govdx_request_rules(r, me.role, me.department_code, me.subtree_prefix) x
	WHERE x.name = p_action;
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('unknown action "%s": the actions are %s', coalesce(p_action, 'null'),
			       (SELECT string_agg(x.name, ', ' ORDER BY x.ord)
			        FROM govdx_request_rules(r, NULL, NULL, NULL) x)),
			'{"parameter":"action"}');
	END IF;
	IF p_version IS DISTINCT FROM r.version THEN
		PERFORM govdx_request_raise('412', 'precondition_failed',
			format('the request was changed meanwhile (it is now at version %s, %s); reload it before deciding',
			       r.version, r.state),
			jsonb_build_object('version', r.version, 'state', r.state));
	END IF;
	IF NOT rule.by_role THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s in department %s may not %s this request',
			       me.role, me.department_code, p_action), NULL);
	END IF;
	IF NOT rule.in_state THEN
		PERFORM govdx_request_raise('409', 'illegal_transition',
			format('cannot %s: the request is %s', p_action, r.state),
			jsonb_build_object('state', r.state));
	END IF;
	-- Allowed by role and state but not now: approve, whose decider
	-- depends on the state.
	IF NOT rule.allowed THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			CASE r.state WHEN 'pending' THEN 'only an approver of the providing department approves a pending request'
			             ELSE 'only the data authority of the providing platform approves a request in coordination' END,
			NULL);
	END IF;
	IF rule.reason = 'required' AND govdx_blank(p_reason) THEN
		PERFORM govdx_request_raise('422', 'reason_required',
			format('%s needs a reason', p_action), jsonb_build_object('action', p_action));
	END IF;
	IF rule.reason = 'none' AND NOT govdx_blank(p_reason) THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('%s takes no reason', p_action), '{"parameter":"reason"}');
	END IF;
	IF char_length(p_reason) > 2000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'reason must be at most 2000 characters', '{"parameter":"reason","max_length":2000}');
	END IF;
	IF p_ground IS NOT NULL AND p_action <> 'reject' THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('%s takes no ground (only reject does)', p_action), '{"parameter":"ground"}');
	END IF;
	IF p_ground NOT IN ('not_held', 'not_shareable', 'insufficient_basis', 'other') THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'ground must be not_held, not_shareable, insufficient_basis or other', '{"parameter":"ground"}');
	END IF;

	target := CASE p_action
		WHEN 'approve' THEN 'approved' WHEN 'reject' THEN 'rejected' WHEN 'return' THEN 'returned'
		WHEN 'withdraw' THEN 'withdrawn' WHEN 'resubmit' THEN 'pending' WHEN 'escalate' THEN 'coordinating'
		ELSE 'closed' END;
	new_deadline := CASE p_action
		WHEN 'resubmit' THEN govdx_add_working_days(govdx_today(),
		                         govdx_setting(left(r.provider_department, 6), 'reply_days'))
		WHEN 'escalate' THEN govdx_add_working_days(govdx_today(),
		                         govdx_setting(left(r.provider_department, 6), 'coordination_days'))
		END;
	decided := p_action IN ('approve', 'reject', 'close');
	IF govdx_blank(p_reason) THEN
		p_reason := NULL;
	END IF;

	UPDATE request
	SET state = target,
	    reason = coalesce(p_reason, reason),
	    deadline = new_deadline,
	    decided_by = CASE WHEN decided THEN p_actor ELSE decided_by END,
	    decided_at = CASE WHEN decided THEN now() ELSE decided_at END,
	    refusal_ground = CASE WHEN p_action = 'reject' THEN coalesce(p_ground, 'other') ELSE refusal_ground END,
	    updated_at = now(),
	    version = version + 1
	WHERE id = p_id AND version = p_version AND state = r.state;
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n = 0 THEN
		-- Someone else's transition committed while this one waited for the
		-- row: report the state it left (a fresh snapshot sees it).
		SELECT * INTO r FROM request WHERE id = p_id;
		PERFORM govdx_request_raise('412', 'precondition_failed',
			format('the request was changed meanwhile (it is now at version %s, %s); reload it before deciding',
			       r.version, r.state),
			jsonb_build_object('version', r.version, 'state', r.state));
	END IF;
	seq := govdx_audit_append(p_actor, p_action, 'request:' || p_id, r.state, target, p_reason);
	PERFORM pg_notify('govdx_events', seq::text);
END $$;
