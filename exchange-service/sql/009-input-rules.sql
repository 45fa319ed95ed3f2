-- 009-input-rules: one meaning of "blank" for both workflows, and their
-- refusals' wording.
--
-- A required text (a request's purpose and legal basis, an objection's
-- description) and a required reason (reject, return, close; dismiss,
-- correct, uphold, reopen) must not be blank; a blank optional text
-- (evidence, record_key, an optional reason) counts as absent. Blank means
-- NULL or whitespace only, Unicode's included: 005 used btrim(), which
-- strips only ASCII spaces (so "\t\n" passed), and 007's '\S' follows the
-- database's ctype, for which U+00A0 and U+202F are not spaces.
-- govdx_blank() is the one test; the functions below are the latest
-- definitions (005, 007) with their blank checks changed to it, and the
-- CHECK constraints follow (NOT VALID: rows written before stay as they are).
--
-- A request for an unknown entry is 404 with details.parameter entry_code,
-- as an objection's is.
--
-- A request's usage period starts today or later (Beijing's date, one day
-- of grace) and lasts at most five years. Only new requests are held to it:
-- the demo seed inserts its backdated requests directly, and a resubmit
-- keeps the period it was filed with.
--
-- The 409 of an illegal transition says "cannot <action>: the <kind> is
-- <state>" (005/007 wrote "a <state> request …", which reads "a approved").
--
-- Invariant: every text govdx_blank() calls non-blank holds a character
-- that is not [[:space:]] in any locale, so it also passes 007's '\S'
-- constraints on evidence, record_key and item.

-- True when t is NULL or holds only whitespace: [[:space:]] (the locale's
-- idea, which covers ASCII TAB, LF, VT, FF, CR and space), and explicitly
-- NEL, no-break space, ogham space mark, Mongolian vowel separator, the
-- spaces U+2000..U+200A, zero width space, line and paragraph separators,
-- narrow no-break space, medium mathematical space, ideographic space and
-- the zero width no-break space (BOM).
CREATE FUNCTION govdx_blank(t text) RETURNS boolean
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN t IS NULL
		OR t ~ '^[[:space:]\u0085\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]*$';

ALTER TABLE request
	DROP CONSTRAINT request_purpose_check,
	ADD CONSTRAINT request_purpose_check
		CHECK (NOT govdx_blank(purpose) AND char_length(purpose) <= 2000) NOT VALID,
	DROP CONSTRAINT request_legal_basis_check,
	ADD CONSTRAINT request_legal_basis_check
		CHECK (NOT govdx_blank(legal_basis) AND char_length(legal_basis) <= 2000) NOT VALID;
ALTER TABLE objection
	DROP CONSTRAINT objection_description_check,
	ADD CONSTRAINT objection_description_check
		CHECK (NOT govdx_blank(description) AND char_length(description) <= 4000) NOT VALID;

-- ---- requests (005-requests.sql) ---------------------------------------------------

CREATE OR REPLACE FUNCTION govdx_request_create(p_actor text, p_entry_code text, p_purpose text,
                                     p_legal_basis text, p_items text[], p_from date, p_to date)
	RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	me record;
	e record;
	known text[];
	bad text;
	new_id text;
	new_state text;
	seq bigint;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	IF me.role NOT IN ('official', 'approver') THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s does not file sharing requests (officials and approvers do)', me.role), NULL);
	END IF;
	IF govdx_blank(p_purpose) OR char_length(p_purpose) > 2000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'purpose must be 1 to 2000 characters, not blank', '{"parameter":"purpose"}');
	END IF;
	IF govdx_blank(p_legal_basis) OR char_length(p_legal_basis) > 2000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'legal_basis must be 1 to 2000 characters, not blank', '{"parameter":"legal_basis"}');
	END IF;
	IF p_items IS NULL OR cardinality(p_items) = 0 OR cardinality(p_items) > 200 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'items must list 1 to 200 information items of the entry', '{"parameter":"items"}');
	END IF;
	IF p_from IS NULL OR p_to IS NULL OR p_from > p_to THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'period needs from and to, with from no later than to', '{"parameter":"period"}');
	END IF;
	-- Not in the past: from today in Beijing, or yesterday, for a client
	-- whose own date is still yesterday (every time zone is at most one day
	-- behind Beijing); and at most five years long.
	IF p_from < govdx_today() - 1 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('the usage period cannot start in the past (period.from must be %s or later)',
			       govdx_today() - 1),
			'{"parameter":"period.from"}');
	END IF;
	IF p_to > (p_from + interval '5 years')::date THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('the usage period is at most 5 years (period.to must be %s or earlier)',
			       (p_from + interval '5 years')::date),
			'{"parameter":"period.to"}');
	END IF;

	SELECT x.code, x.name, x.department_code, x.sharing_type, x.basis, t.items AS template_items
	INTO e
	FROM entry x JOIN resource_template t ON t.id = x.template_id
	WHERE x.code = p_entry_code;
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('404', 'not_found',
			format('there is no catalog entry %s', p_entry_code), '{"parameter":"entry_code"}');
	END IF;
	IF e.sharing_type = 'none' THEN
		PERFORM govdx_request_raise('422', 'sharing_refused',
			format('%s %s is not shared (不予共享): %s', e.code, e.name, e.basis),
			jsonb_build_object('basis', e.basis));
	END IF;
	IF e.department_code = me.department_code THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'a department does not request its own data', '{"parameter":"entry_code"}');
	END IF;
	SELECT array_agg(i ->> 'name') INTO known FROM jsonb_array_elements(e.template_items) i;
	SELECT x INTO bad FROM unnest(p_items) x WHERE x IS NULL OR NOT x = ANY (known) LIMIT 1;
	IF FOUND THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('"%s" is not an information item of %s', coalesce(bad, 'null'), e.code),
			jsonb_build_object('parameter', 'items', 'item', bad));
	END IF;
	SELECT x INTO bad FROM unnest(p_items) x GROUP BY x HAVING count(*) > 1 LIMIT 1;
	IF FOUND THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('"%s" is listed twice in items', bad),
			jsonb_build_object('parameter', 'items', 'item', bad));
	END IF;

	new_state := CASE e.sharing_type WHEN 'unconditional' THEN 'approved' ELSE 'pending' END;
	INSERT INTO request (state, entry_code, provider_department, requester_department, requester_user,
	                     purpose, legal_basis, items, period_from, period_to, deadline,
	                     decided_by, decided_at)
	VALUES (new_state, e.code, e.department_code, me.department_code, p_actor,
	        p_purpose, p_legal_basis, p_items, p_from, p_to,
	        CASE WHEN new_state = 'pending'
	             THEN govdx_add_working_days(govdx_today(),
	                                         govdx_setting(left(e.department_code, 6), 'reply_days')) END,
	        CASE WHEN new_state = 'approved' THEN 'system' END,
	        CASE WHEN new_state = 'approved' THEN now() END)
	RETURNING id INTO new_id;
	seq := govdx_audit_append(p_actor, 'submit', 'request:' || new_id, NULL, new_state, NULL);
	PERFORM pg_notify('govdx_events', seq::text);
	RETURN new_id;
END $$;

CREATE OR REPLACE FUNCTION govdx_request_transition(p_actor text, p_id text, p_version integer, p_action text,
                                         p_reason text)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	me record;
	r request;
	is_provider_approver boolean;
	is_requester boolean;
	is_authority boolean;
	may boolean;
	sources text[];
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
	IF p_action IS NULL OR p_action NOT IN ('approve', 'reject', 'return', 'withdraw', 'resubmit',
	                                       'escalate', 'close') THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('unknown action "%s": approve, reject, return, withdraw, resubmit, escalate or close',
			       coalesce(p_action, 'null')),
			'{"parameter":"action"}');
	END IF;
	IF p_version IS DISTINCT FROM r.version THEN
		PERFORM govdx_request_raise('412', 'precondition_failed',
			format('the request was changed meanwhile (it is now at version %s, %s); reload it before deciding',
			       r.version, r.state),
			jsonb_build_object('version', r.version, 'state', r.state));
	END IF;

	is_provider_approver := me.role = 'approver' AND me.department_code = r.provider_department;
	is_requester := me.role IN ('official', 'approver') AND me.department_code = r.requester_department;
	is_authority := me.role = 'authority' AND starts_with(r.provider_department, me.subtree_prefix);
	may := CASE p_action
		WHEN 'approve' THEN is_provider_approver OR is_authority
		WHEN 'reject' THEN is_provider_approver
		WHEN 'return' THEN is_provider_approver
		WHEN 'close' THEN is_authority
		ELSE is_requester END;
	IF NOT may THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s in department %s may not %s this request',
			       me.role, me.department_code, p_action), NULL);
	END IF;

	sources := CASE p_action
		WHEN 'approve' THEN ARRAY['pending', 'coordinating']
		WHEN 'reject' THEN ARRAY['pending']
		WHEN 'return' THEN ARRAY['pending']
		WHEN 'withdraw' THEN ARRAY['pending', 'returned']
		WHEN 'resubmit' THEN ARRAY['returned']
		WHEN 'escalate' THEN ARRAY['rejected']
		ELSE ARRAY['coordinating'] END;
	IF NOT r.state = ANY (sources) THEN
		PERFORM govdx_request_raise('409', 'illegal_transition',
			format('cannot %s: the request is %s', p_action, r.state),
			jsonb_build_object('state', r.state));
	END IF;
	-- approve: the provider's approver decides a pending request, the
	-- authority a coordinating one.
	IF p_action = 'approve' AND ((r.state = 'pending' AND NOT is_provider_approver)
	                             OR (r.state = 'coordinating' AND NOT is_authority)) THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			CASE r.state WHEN 'pending' THEN 'only an approver of the providing department approves a pending request'
			             ELSE 'only the data authority of the providing platform approves a request in coordination' END,
			NULL);
	END IF;
	IF p_action IN ('reject', 'return', 'close') AND govdx_blank(p_reason) THEN
		PERFORM govdx_request_raise('422', 'reason_required',
			format('%s needs a reason', p_action), jsonb_build_object('action', p_action));
	END IF;
	IF char_length(p_reason) > 2000 THEN
		PERFORM govdx_request_raise('422', 'reason_required',
			'a reason is at most 2000 characters', jsonb_build_object('action', p_action, 'max_length', 2000));
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

-- ---- objections (007-objections.sql) ---------------------------------------------

CREATE OR REPLACE FUNCTION govdx_objection_create(p_actor text, p_entry_code text, p_item text,
                                       p_record_key text, p_kind text, p_description text,
                                       p_evidence text)
	RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	me record;
	e record;
	new_id text;
	seq bigint;
BEGIN
	SELECT * INTO me FROM govdx_actor(p_actor);
	IF me.role = 'admin' THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			'an admin does not raise objections (any other user may)', NULL);
	END IF;
	IF p_kind IS NULL OR p_kind NOT IN ('incorrect', 'incomplete', 'outdated', 'inconsistent', 'other') THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'kind must be incorrect, incomplete, outdated, inconsistent or other', '{"parameter":"kind"}');
	END IF;
	IF govdx_blank(p_description) OR char_length(p_description) > 4000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'description must be 1 to 4000 characters, not blank', '{"parameter":"description"}');
	END IF;
	IF char_length(p_evidence) > 4000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'evidence is at most 4000 characters', '{"parameter":"evidence"}');
	END IF;
	IF char_length(p_record_key) > 200 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'record_key is at most 200 characters', '{"parameter":"record_key"}');
	END IF;

	SELECT x.code, x.name, x.department_code, t.items AS template_items
	INTO e
	FROM entry x JOIN resource_template t ON t.id = x.template_id
	WHERE x.code = p_entry_code;
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('404', 'not_found',
			format('there is no catalog entry %s', p_entry_code), '{"parameter":"entry_code"}');
	END IF;
	IF p_item IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(e.template_items) i
	                                      WHERE i ->> 'name' = p_item) THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('"%s" is not an information item of %s', p_item, e.code),
			jsonb_build_object('parameter', 'item', 'item', p_item));
	END IF;

	INSERT INTO objection (state, entry_code, item, record_key, kind, description, evidence,
	                       provider_department, raiser_department, raiser_user)
	VALUES ('raised', e.code, p_item, CASE WHEN NOT govdx_blank(p_record_key) THEN p_record_key END, p_kind, p_description,
	        CASE WHEN NOT govdx_blank(p_evidence) THEN p_evidence END,
	        e.department_code, me.department_code, p_actor)
	RETURNING id INTO new_id;
	seq := govdx_audit_append(p_actor, 'raise', 'objection:' || new_id, NULL, 'raised', NULL);
	PERFORM pg_notify('govdx_events', seq::text);
	RETURN new_id;
END $$;

CREATE OR REPLACE FUNCTION govdx_objection_transition(p_actor text, p_id text, p_version integer,
                                           p_action text, p_reason text)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	me record;
	o objection;
	may boolean;
	sources text[];
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
	IF p_action IS NULL OR p_action NOT IN ('accept', 'dismiss', 'correct', 'uphold', 'close', 'reopen') THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			format('unknown action "%s": accept, dismiss, correct, uphold, close or reopen',
			       coalesce(p_action, 'null')),
			'{"parameter":"action"}');
	END IF;
	IF p_version IS DISTINCT FROM o.version THEN
		PERFORM govdx_case_stale('objection', o.version, o.state);
	END IF;

	may := CASE p_action
		WHEN 'correct' THEN me.role = 'approver' AND me.department_code = o.provider_department
		WHEN 'uphold' THEN me.role = 'approver' AND me.department_code = o.provider_department
		WHEN 'reopen' THEN me.department_code = o.raiser_department
		ELSE me.role = 'helpdesk' AND starts_with(o.provider_department, me.subtree_prefix) END;
	IF NOT may THEN
		PERFORM govdx_request_raise('403', 'forbidden',
			format('a user of role %s in department %s may not %s this objection (%s)',
			       me.role, me.department_code, p_action,
			       CASE WHEN p_action IN ('correct', 'uphold')
			            THEN 'approvers of the providing department verify'
			            WHEN p_action = 'reopen' THEN 'the raising department reopens'
			            ELSE 'the helpdesk of the providing platform accepts, dismisses and closes' END),
			NULL);
	END IF;

	sources := CASE p_action
		WHEN 'accept' THEN ARRAY['raised']
		WHEN 'dismiss' THEN ARRAY['raised']
		WHEN 'correct' THEN ARRAY['verifying']
		WHEN 'uphold' THEN ARRAY['verifying']
		WHEN 'close' THEN ARRAY['corrected', 'upheld']
		ELSE ARRAY['corrected', 'upheld', 'closed'] END;
	IF NOT o.state = ANY (sources) THEN
		PERFORM govdx_request_raise('409', 'illegal_transition',
			format('cannot %s: the objection is %s', p_action, o.state),
			jsonb_build_object('state', o.state));
	END IF;
	IF p_action = 'reopen' AND govdx_today() > o.reopen_until THEN
		PERFORM govdx_request_raise('409', 'reopen_window_closed',
			format('the objection could be reopened until %s', o.reopen_until),
			jsonb_build_object('state', o.state, 'reopen_until', o.reopen_until));
	END IF;
	IF p_action IN ('dismiss', 'correct', 'uphold', 'reopen') AND govdx_blank(p_reason) THEN
		PERFORM govdx_request_raise('422', 'reason_required',
			format('%s needs a %s', p_action,
			       CASE WHEN p_action IN ('correct', 'uphold') THEN 'note' ELSE 'reason' END),
			jsonb_build_object('action', p_action));
	END IF;
	IF char_length(p_reason) > 2000 THEN
		PERFORM govdx_request_raise('422', 'reason_required',
			'a reason is at most 2000 characters', jsonb_build_object('action', p_action, 'max_length', 2000));
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
