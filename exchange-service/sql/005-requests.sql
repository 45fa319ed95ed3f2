-- 005-requests: sharing requests and their state machine, enforced here.
--
-- The HTTP layer calls these functions; it never writes request or
-- audit_event itself:
--   govdx_request_create(actor, entry_code, purpose, legal_basis, items, from, to) → id
--   govdx_request_transition(actor, id, version, action, reason)
--   govdx_request_visible(actor, id) → boolean
--   govdx_request_json(id) → the request object of the wire contract
--   govdx_request_row_json(request) → the same from a row (for lists)
--   govdx_visible_requests(actor) → SETOF request, for list queries
--   request_event (view) → the events stream with both departments
-- Errors: SQLSTATE GXnnn where nnn is the HTTP status, MESSAGE a sentence,
-- HINT the wire error code, DETAIL the JSON text of error.details or NULL.
--
-- Invariants:
-- - A transition is one guarded UPDATE (WHERE id, version AND state are
--   what the checks saw) plus one audit event plus a NOTIFY, in the caller's
--   transaction; of two concurrent transitions of one request exactly one
--   updates a row, the other gets GX412. Every create and transition bumps
--   no other row, so the only lock shared between requests is the audit
--   chain's head, taken last (no lock-order cycle).
-- - deadline is set exactly while pending (the reply deadline) or
--   coordinating (the coordination deadline); decided_by/decided_at are set
--   together (approve, reject, close; "system" for automatic approval).
-- - Checks come in the contract's order: 404 (unknown or not visible), 400
--   (unknown action), 412 (stale version), 403 (role or department), 409
--   (illegal for the state), 422 (reason required).

CREATE SEQUENCE request_seq;

-- REQ- and at least six digits.
CREATE FUNCTION govdx_request_id(n bigint) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN 'REQ-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END;

CREATE TABLE request (
	id text COLLATE "C" PRIMARY KEY DEFAULT govdx_request_id(nextval('request_seq'))
		CHECK (id ~ '^REQ-[0-9]{6,}$'),
	state text NOT NULL
		CHECK (state IN ('pending', 'approved', 'rejected', 'returned', 'withdrawn', 'coordinating', 'closed')),
	entry_code text COLLATE "C" NOT NULL REFERENCES entry (code),
	provider_department text COLLATE "C" NOT NULL REFERENCES department (code),
	requester_department text COLLATE "C" NOT NULL REFERENCES department (code),
	requester_user text NOT NULL,
	purpose text NOT NULL CHECK (btrim(purpose) <> '' AND char_length(purpose) <= 2000),
	legal_basis text NOT NULL CHECK (btrim(legal_basis) <> '' AND char_length(legal_basis) <= 2000),
	items text[] NOT NULL CHECK (cardinality(items) BETWEEN 1 AND 200),
	period_from date NOT NULL,
	period_to date NOT NULL,
	reason text CHECK (char_length(reason) <= 2000),
	deadline date,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	decided_by text,
	decided_at timestamptz,
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	CHECK (period_from <= period_to),
	CHECK (left(entry_code, 9) = provider_department),
	CHECK (requester_department <> provider_department),
	CHECK ((state IN ('pending', 'coordinating')) = (deadline IS NOT NULL)),
	CHECK ((decided_by IS NULL) = (decided_at IS NULL))
);
-- The boxes in deadline order (NULLs last, as ORDER BY deadline, id sorts):
-- inbox = provider side, outbox = requester side.
CREATE INDEX request_provider_idx ON request (provider_department, deadline, id);
CREATE INDEX request_requester_idx ON request (requester_department, deadline, id);
CREATE INDEX request_state_idx ON request (state, deadline, id);

-- ---- actors and visibility ------------------------------------------------------

-- Who a user is, for the checks: role, department, platform and the prefix
-- of that platform's subtree. GX403 for an unknown user.
CREATE FUNCTION govdx_actor(p_actor text,
	OUT role text, OUT department_code text, OUT platform_code text, OUT subtree_prefix text)
	LANGUAGE plpgsql STABLE AS $$
BEGIN
	SELECT u.role, u.department_code, p.code, p.subtree_prefix
	INTO role, department_code, platform_code, subtree_prefix
	FROM app_user u JOIN platform p ON p.code = left(u.department_code, 6)
	WHERE u.name = p_actor;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'unknown user "%"', p_actor USING ERRCODE = 'GX403', HINT = 'forbidden';
	END IF;
END $$;

-- The visibility rule of the contract on plain values (inlined into list
-- queries): the two departments' users, and helpdesk, authority and admin
-- users whose platform subtree holds either department. Department codes
-- begin with their platform code, and platform codes nest, so "in the
-- subtree" is a prefix test.
CREATE FUNCTION govdx_sees(p_role text, p_department text, p_prefix text,
                           p_provider text, p_requester text) RETURNS boolean
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN p_provider = p_department OR p_requester = p_department
		OR (p_role IN ('helpdesk', 'authority', 'admin')
		    AND (starts_with(p_provider, p_prefix) OR starts_with(p_requester, p_prefix)));

-- The same for one pair of departments, looking the actor up (one call per
-- row: fine for a handful of rows, not for a list — see govdx_visible_requests).
CREATE FUNCTION govdx_actor_sees(p_actor text, p_provider_department text,
                                 p_requester_department text) RETURNS boolean
	LANGUAGE sql STABLE
	RETURN coalesce((SELECT govdx_sees(u.role, u.department_code, p.subtree_prefix,
	                                   p_provider_department, p_requester_department)
	                 FROM app_user u JOIN platform p ON p.code = left(u.department_code, 6)
	                 WHERE u.name = p_actor), false);

CREATE FUNCTION govdx_request_visible(p_actor text, p_id text) RETURNS boolean
	LANGUAGE sql STABLE
	RETURN coalesce((SELECT govdx_actor_sees(p_actor, r.provider_department, r.requester_department)
	                 FROM request r WHERE r.id = p_id), false);

-- Every request the actor may see. A single-SELECT SQL function, so the
-- planner inlines it: list queries add their box, state, deadline and keyset
-- conditions, ORDER BY deadline, id and LIMIT, and the indexes above serve
-- them (the actor row is read once, not per request):
--   SELECT govdx_request_row_json(r) FROM govdx_visible_requests($1) r
--   WHERE r.provider_department = $dept ... ORDER BY r.deadline, r.id LIMIT $n
CREATE FUNCTION govdx_visible_requests(p_actor text) RETURNS SETOF request
	LANGUAGE sql STABLE
	BEGIN ATOMIC
		SELECT r.* FROM request r, app_user u JOIN platform p ON p.code = left(u.department_code, 6)
		WHERE u.name = p_actor
		  AND govdx_sees(u.role, u.department_code, p.subtree_prefix,
		                 r.provider_department, r.requester_department);
	END;

-- ---- the request object -----------------------------------------------------------

CREATE FUNCTION govdx_utc(t timestamptz) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');

CREATE FUNCTION govdx_request_row_json(r request) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'id', r.id,
		'state', r.state,
		'entry_code', r.entry_code,
		'entry_name', e.name,
		'provider_department', r.provider_department,
		'provider_department_name', pd.name,
		'provider_platform', left(r.provider_department, 6),
		'requester_department', r.requester_department,
		'requester_department_name', rd.name,
		'requester_platform', left(r.requester_department, 6),
		'requester_user', r.requester_user,
		'purpose', r.purpose,
		'legal_basis', r.legal_basis,
		'items', to_jsonb(r.items),
		'period', jsonb_build_object('from', r.period_from, 'to', r.period_to),
		'reason', r.reason,
		'deadline', r.deadline,
		'working_days_left', w.left_,
		'due_soon', coalesce(w.left_ BETWEEN 0 AND 2, false),
		'overdue', coalesce(w.left_ < 0, false),
		'created_at', govdx_utc(r.created_at),
		'updated_at', govdx_utc(r.updated_at),
		'decided_by', r.decided_by,
		'decided_at', govdx_utc(r.decided_at),
		'version', r.version)
	FROM entry e, department pd, department rd,
	     LATERAL (SELECT CASE WHEN r.deadline IS NOT NULL
	                          THEN govdx_working_days_between(govdx_today(), r.deadline) END AS left_) w
	WHERE e.code = r.entry_code AND pd.code = r.provider_department AND rd.code = r.requester_department);

CREATE FUNCTION govdx_request_json(p_id text) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT govdx_request_row_json(r) FROM request r WHERE r.id = p_id);

-- The events stream: each audit event of a request with both departments,
-- for the visibility test (govdx_sees) of GET /v1/events.
CREATE VIEW request_event AS
	SELECT a.seq, a.at, 'request'::text AS kind, r.id, a.action, a.to_state AS state,
	       r.provider_department, r.requester_department
	FROM audit_event a JOIN request r ON r.id = substr(a.subject, 9)
	WHERE a.subject LIKE 'request:%';

-- ---- create -----------------------------------------------------------------------

CREATE FUNCTION govdx_request_raise(p_status text, p_code text, p_message text, p_details jsonb)
	RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF p_details IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'GX' || p_status, MESSAGE = p_message, HINT = p_code;
	END IF;
	RAISE EXCEPTION USING ERRCODE = 'GX' || p_status, MESSAGE = p_message, HINT = p_code,
		DETAIL = p_details::text;
END $$;

-- Files a request as p_actor (its department is the requester). Returns the
-- new id. unconditional → approved by "system" at once; none → GX422
-- sharing_refused (nothing written); conditional → pending with the
-- provider platform's reply deadline.
CREATE FUNCTION govdx_request_create(p_actor text, p_entry_code text, p_purpose text,
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
	IF p_purpose IS NULL OR btrim(p_purpose) = '' OR char_length(p_purpose) > 2000 THEN
		PERFORM govdx_request_raise('400', 'invalid_parameter',
			'purpose must be 1 to 2000 characters, not blank', '{"parameter":"purpose"}');
	END IF;
	IF p_legal_basis IS NULL OR btrim(p_legal_basis) = '' OR char_length(p_legal_basis) > 2000 THEN
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

	SELECT x.code, x.name, x.department_code, x.sharing_type, x.basis, t.items AS template_items
	INTO e
	FROM entry x JOIN resource_template t ON t.id = x.template_id
	WHERE x.code = p_entry_code;
	IF NOT FOUND THEN
		PERFORM govdx_request_raise('404', 'not_found',
			format('there is no catalog entry %s', p_entry_code), NULL);
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

-- ---- transitions ------------------------------------------------------------------

-- Takes action p_action on request p_id as p_actor, who saw version
-- p_version. See the top of this file for the order of the checks.
CREATE FUNCTION govdx_request_transition(p_actor text, p_id text, p_version integer, p_action text,
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
			format('a %s request cannot be %s', r.state,
			       CASE p_action WHEN 'approve' THEN 'approved' WHEN 'reject' THEN 'rejected'
			                     WHEN 'return' THEN 'returned' WHEN 'withdraw' THEN 'withdrawn'
			                     WHEN 'resubmit' THEN 'resubmitted' WHEN 'escalate' THEN 'escalated'
			                     ELSE 'closed' END),
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
	IF p_action IN ('reject', 'return', 'close') AND (p_reason IS NULL OR btrim(p_reason) = '') THEN
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
	IF btrim(p_reason) = '' THEN
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
