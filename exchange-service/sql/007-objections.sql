-- 007-objections: objections (数据异议) against catalog entries, the table
-- of their state machine, and the disputed mark of entries.
--
-- The state machine is enforced by functions the HTTP layer calls (each in
-- functions/, re-applied by every migrate); it never writes objection,
-- entry or audit_event itself: govdx_objection_create,
-- govdx_objection_transition, govdx_objection_visible, govdx_objection_json,
-- govdx_objection_row_json, govdx_visible_objections, the views
-- objection_event and workflow_event (the events stream of both workflows).
--
-- Invariants (the CHECKs below; the transitions keep them):
-- - entry.disputed is true exactly while some objection on the entry is
--   verifying, corrected or upheld (govdx_entry_recompute_disputed).
-- - deadline is set exactly while verifying; reopen_until exactly while
--   corrected, upheld or closed; decided_by/decided_at are set together.
-- govdx_objection_id stays here: the id column's default calls it.

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
