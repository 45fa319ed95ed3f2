-- 007-objections: objections (数据异议) against catalog entries, their state
-- machine, the disputed mark of entries, and the events stream of both
-- workflows.
--
-- The HTTP layer calls these functions; it never writes objection, entry or
-- audit_event itself:
--   govdx_objection_create(actor, entry_code, item, record_key, kind,
--                          description, evidence) → id
--   govdx_objection_transition(actor, id, version, action, reason)
--   govdx_objection_visible(actor, id) → boolean
--   govdx_objection_json(id) → the objection object of the wire contract
--   govdx_objection_row_json(objection) → the same from a row (for lists)
--   govdx_visible_objections(actor) → SETOF objection, for list queries
--   workflow_event (view) → the events stream of requests and objections
-- Errors as in 005-requests: SQLSTATE GXnnn (nnn the HTTP status), MESSAGE a
-- sentence, HINT the wire error code, DETAIL the JSON of error.details.
--
-- Invariants:
-- - A transition is one guarded UPDATE (WHERE id, version AND state are
--   what the checks saw) plus one audit event plus a NOTIFY, in the caller's
--   transaction: of two concurrent transitions of one objection exactly one
--   updates a row, the other gets GX412.
-- - entry.disputed is true exactly while some objection on the entry is
--   verifying, corrected or upheld. Every transition recomputes it from the
--   objections (never toggles it), after taking the entry's row lock (FOR NO
--   KEY UPDATE, which does not conflict with the key-share locks of foreign
--   keys): transitions of objections on one entry run one after the other,
--   and each recomputes with the other's outcome in view, so two objections
--   on one entry cannot leave a stale mark. Lock order: entry, objection,
--   audit head (creates take no entry lock and change no mark).
-- - deadline is set exactly while verifying (verify_days working days from
--   accept or reopen); reopen_until exactly while corrected, upheld or
--   closed (reopen_days working days from the day it entered that state);
--   decided_by/decided_at are set together (accept, dismiss, correct,
--   uphold, close; a reopen keeps the last decision).
-- - Checks come in the contract's order: 404 (unknown or not visible), 400
--   (unknown action), 412 (stale version), 403 (role or department), 409
--   (illegal for the state; then reopen_window_closed), 422 (reason).

CREATE SEQUENCE objection_seq;

-- OBJ- and at least six digits.
CREATE FUNCTION govdx_objection_id(n bigint) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN 'OBJ-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END;

CREATE TABLE objection (
	id text COLLATE "C" PRIMARY KEY DEFAULT govdx_objection_id(nextval('objection_seq'))
		CHECK (id ~ '^OBJ-[0-9]{6,}$'),
	state text NOT NULL
		CHECK (state IN ('raised', 'verifying', 'dismissed', 'corrected', 'upheld', 'closed')),
	entry_code text COLLATE "C" NOT NULL REFERENCES entry (code),
	item text CHECK (item ~ '\S' AND char_length(item) <= 200),
	record_key text CHECK (record_key ~ '\S' AND char_length(record_key) <= 200),
	kind text NOT NULL
		CHECK (kind IN ('incorrect', 'incomplete', 'outdated', 'inconsistent', 'other')),
	description text NOT NULL CHECK (description ~ '\S' AND char_length(description) <= 4000),
	evidence text CHECK (evidence ~ '\S' AND char_length(evidence) <= 4000),
	provider_department text COLLATE "C" NOT NULL REFERENCES department (code),
	raiser_department text COLLATE "C" NOT NULL REFERENCES department (code),
	raiser_user text NOT NULL,
	note text CHECK (char_length(note) <= 2000),
	reason text CHECK (char_length(reason) <= 2000),
	deadline date,
	reopen_until date,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	decided_by text,
	decided_at timestamptz,
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	CHECK (left(entry_code, 9) = provider_department),
	CHECK ((state = 'verifying') = (deadline IS NOT NULL)),
	CHECK ((state IN ('corrected', 'upheld', 'closed')) = (reopen_until IS NOT NULL)),
	CHECK ((decided_by IS NULL) = (decided_at IS NULL))
);
-- The boxes in deadline order (NULLs last, as ORDER BY deadline, id sorts):
-- provider = the department whose data is disputed (its approvers verify;
-- the helpdesk box is a range of provider codes, a platform subtree),
-- raised = the raising department; the state index serves state filters
-- and the national helpdesk.
CREATE INDEX objection_provider_idx ON objection (provider_department, deadline, id);
CREATE INDEX objection_raiser_idx ON objection (raiser_department, deadline, id);
CREATE INDEX objection_state_idx ON objection (state, deadline, id);
-- The disputed mark is recomputed from the open objections of one entry.
CREATE INDEX objection_entry_idx ON objection (entry_code, state);
-- GET /v1/entries?disputed=true: the few disputed entries among millions.
CREATE INDEX entry_disputed_idx ON entry (code) WHERE disputed;

-- ---- visibility -----------------------------------------------------------------------

CREATE FUNCTION govdx_objection_visible(p_actor text, p_id text) RETURNS boolean
	LANGUAGE sql STABLE
	RETURN coalesce((SELECT govdx_actor_sees(p_actor, o.provider_department, o.raiser_department)
	                 FROM objection o WHERE o.id = p_id), false);

-- Every objection the actor may see: a single-SELECT SQL function that the
-- planner inlines into list queries, like govdx_visible_requests.
CREATE FUNCTION govdx_visible_objections(p_actor text) RETURNS SETOF objection
	LANGUAGE sql STABLE
	BEGIN ATOMIC
		SELECT o.* FROM objection o, app_user u JOIN platform p ON p.code = left(u.department_code, 6)
		WHERE u.name = p_actor
		  AND govdx_sees(u.role, u.department_code, p.subtree_prefix,
		                 o.provider_department, o.raiser_department);
	END;

-- ---- the objection object -----------------------------------------------------------

-- The deadline fields both case objects carry: deadline, working_days_left
-- (docs/architecture.md, "Deadlines"), due_soon and overdue.
CREATE FUNCTION govdx_deadline_json(p_deadline date) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'deadline', p_deadline,
		'working_days_left', w.left_,
		'due_soon', coalesce(w.left_ BETWEEN 0 AND 2, false),
		'overdue', coalesce(w.left_ < 0, false))
	FROM (SELECT CASE WHEN p_deadline IS NOT NULL
	                  THEN govdx_working_days_between(govdx_today(), p_deadline) END AS left_) w);

-- The sides of a case: the department's code and name, and its platform.
CREATE FUNCTION govdx_side_json(p_side text, p_department text) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(p_side || '_department', d.code,
	                                  p_side || '_department_name', d.name,
	                                  p_side || '_platform', d.platform_code)
	        FROM department d WHERE d.code = p_department);

CREATE FUNCTION govdx_objection_row_json(o objection) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'id', o.id,
		'state', o.state,
		'entry_code', o.entry_code,
		'entry_name', e.name,
		'item', o.item,
		'record_key', o.record_key,
		'kind', o.kind,
		'description', o.description,
		'evidence', o.evidence,
		'raiser_user', o.raiser_user,
		'note', o.note,
		'reason', o.reason,
		'reopen_until', o.reopen_until,
		'created_at', govdx_utc(o.created_at),
		'updated_at', govdx_utc(o.updated_at),
		'decided_by', o.decided_by,
		'decided_at', govdx_utc(o.decided_at),
		'version', o.version)
		|| govdx_side_json('provider', o.provider_department)
		|| govdx_side_json('raiser', o.raiser_department)
		|| govdx_deadline_json(o.deadline)
	FROM entry e WHERE e.code = o.entry_code);

-- Requests' objects with the same helpers (the same fields as 005 gave).
CREATE OR REPLACE FUNCTION govdx_request_row_json(r request) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'id', r.id,
		'state', r.state,
		'entry_code', r.entry_code,
		'entry_name', e.name,
		'requester_user', r.requester_user,
		'purpose', r.purpose,
		'legal_basis', r.legal_basis,
		'items', to_jsonb(r.items),
		'period', jsonb_build_object('from', r.period_from, 'to', r.period_to),
		'reason', r.reason,
		'created_at', govdx_utc(r.created_at),
		'updated_at', govdx_utc(r.updated_at),
		'decided_by', r.decided_by,
		'decided_at', govdx_utc(r.decided_at),
		'version', r.version)
		|| govdx_side_json('provider', r.provider_department)
		|| govdx_side_json('requester', r.requester_department)
		|| govdx_deadline_json(r.deadline)
	FROM entry e WHERE e.code = r.entry_code);

CREATE FUNCTION govdx_objection_json(p_id text) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT govdx_objection_row_json(o) FROM objection o WHERE o.id = p_id);

-- ---- the events stream -----------------------------------------------------------------

CREATE VIEW objection_event AS
	SELECT a.seq, a.at, 'objection'::text AS kind, o.id, a.action, a.to_state AS state,
	       o.provider_department, o.raiser_department
	FROM audit_event a JOIN objection o ON o.id = substr(a.subject, 11)
	WHERE a.subject LIKE 'objection:%';

-- Both workflows' events with the two departments each involves (side_a,
-- side_b) for the visibility test of GET /v1/events (govdx_sees).
CREATE VIEW workflow_event AS
	SELECT seq, at, kind, id, action, state,
	       provider_department AS side_a, requester_department AS side_b
	FROM request_event
	UNION ALL
	SELECT seq, at, kind, id, action, state, provider_department, raiser_department
	FROM objection_event;

-- ---- the disputed mark ---------------------------------------------------------------------

-- Sets entry.disputed from the entry's objections (the caller holds the
-- entry's row lock). Writes only when the mark changes.
CREATE FUNCTION govdx_entry_recompute_disputed(p_entry text) RETURNS void
	LANGUAGE sql AS $$
	UPDATE entry e SET disputed = x.d
	FROM (SELECT EXISTS (SELECT 1 FROM objection o
	                     WHERE o.entry_code = p_entry
	                       AND o.state IN ('verifying', 'corrected', 'upheld')) AS d) x
	WHERE e.code = p_entry AND e.disputed IS DISTINCT FROM x.d;
$$;

-- ---- create ---------------------------------------------------------------------------------

-- Raises an objection as p_actor (its department is the raiser). Returns the
-- new id. Blank optional texts count as absent; "blank" is whitespace
-- only (tabs and newlines too, not just spaces as btrim sees it).
CREATE FUNCTION govdx_objection_create(p_actor text, p_entry_code text, p_item text,
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
	IF p_description IS NULL OR p_description !~ '\S' OR char_length(p_description) > 4000 THEN
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
	VALUES ('raised', e.code, p_item, CASE WHEN p_record_key ~ '\S' THEN p_record_key END, p_kind, p_description,
	        CASE WHEN p_evidence ~ '\S' THEN p_evidence END,
	        e.department_code, me.department_code, p_actor)
	RETURNING id INTO new_id;
	seq := govdx_audit_append(p_actor, 'raise', 'objection:' || new_id, NULL, 'raised', NULL);
	PERFORM pg_notify('govdx_events', seq::text);
	RETURN new_id;
END $$;

-- GX412: the case was changed meanwhile (the caller's version is stale).
CREATE FUNCTION govdx_case_stale(p_noun text, p_version integer, p_state text) RETURNS void
	LANGUAGE plpgsql AS $$
BEGIN
	PERFORM govdx_request_raise('412', 'precondition_failed',
		format('the %s was changed meanwhile (it is now at version %s, %s); reload it before deciding',
		       p_noun, p_version, p_state),
		jsonb_build_object('version', p_version, 'state', p_state));
END $$;

-- ---- transitions ----------------------------------------------------------------------------

-- Takes action p_action on objection p_id as p_actor, who saw version
-- p_version. See the top of this file for the order of the checks.
CREATE FUNCTION govdx_objection_transition(p_actor text, p_id text, p_version integer,
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
			format('a %s objection cannot be %s', o.state,
			       CASE p_action WHEN 'accept' THEN 'accepted' WHEN 'dismiss' THEN 'dismissed'
			                     WHEN 'correct' THEN 'corrected' WHEN 'uphold' THEN 'upheld'
			                     WHEN 'close' THEN 'closed' ELSE 'reopened' END),
			jsonb_build_object('state', o.state));
	END IF;
	IF p_action = 'reopen' AND govdx_today() > o.reopen_until THEN
		PERFORM govdx_request_raise('409', 'reopen_window_closed',
			format('the objection could be reopened until %s', o.reopen_until),
			jsonb_build_object('state', o.state, 'reopen_until', o.reopen_until));
	END IF;
	IF p_action IN ('dismiss', 'correct', 'uphold', 'reopen') AND (p_reason IS NULL OR p_reason !~ '\S') THEN
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
	IF p_reason !~ '\S' THEN
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
