-- 020-revisions: catalog maintenance (issue 15) — the cataloguer role,
-- the catalog state of entries (status, published revision, version), the
-- revisions departments draft and the platform's authority reviews, the
-- published history of every entry, the per-(department, 类-项-目) code
-- sequence and the review deadline setting.
--
-- The state machine is enforced by functions the HTTP layer calls (each in
-- functions/, re-applied by every migrate); nothing else writes revision,
-- entry_revision or entry_code_counter: govdx_revision_create,
-- govdx_revision_edit, govdx_revision_transition (publish:
-- govdx_revision_publish), govdx_entry_transition (retire).
--
-- Invariants (the CHECKs below; the functions keep them):
-- - An entry is published or retired; retired_at, retired_by and
--   retired_reason are set exactly while retired. entry.revision is the
--   number of the published revision the entry shows (1 for what the seed
--   loaded); entry.version (its ETag) goes up with every publication and
--   retire.
-- - A revision's deadline is set exactly while submitted; number exactly
--   when published (and then entry_code too); an entry has at most one
--   open (draft, submitted, returned) revision.
-- - entry_revision holds the fields of published revisions; a revision 1
--   the seed loaded is stored there the first time a revision of the entry
--   is published (before, govdx_entry_history derives it from the entry).
-- - entry_code_counter.last is the last sequence number given out for a
--   (department, 类-项-目); it only grows, so no code is given twice (its
--   row lock serializes concurrent publications).
-- govdx_revision_id stays here: the id column's default calls it.

ALTER TABLE app_user DROP CONSTRAINT IF EXISTS app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
	CHECK (role IN ('official', 'approver', 'helpdesk', 'authority', 'admin', 'cataloguer'));

-- Working days an authority has to review a submitted revision (default 5,
-- govdx_setting).
ALTER TABLE platform_setting ADD COLUMN review_days integer CHECK (review_days BETWEEN 1 AND 365);

-- Constant defaults: no rewrite of the table. The CHECKs are NOT VALID
-- (every existing row has the defaults, which pass them), so a national
-- directory is not scanned; new and updated rows are checked.
ALTER TABLE entry
	ADD COLUMN status text NOT NULL DEFAULT 'published',
	ADD COLUMN revision integer NOT NULL DEFAULT 1,
	ADD COLUMN version integer NOT NULL DEFAULT 1,
	ADD COLUMN published_at timestamptz,
	ADD COLUMN published_by text,
	ADD COLUMN retired_at timestamptz,
	ADD COLUMN retired_by text,
	ADD COLUMN retired_reason text;
ALTER TABLE entry ADD CONSTRAINT entry_status_check
	CHECK (status IN ('published', 'retired')) NOT VALID;
ALTER TABLE entry ADD CONSTRAINT entry_revision_check CHECK (revision >= 1) NOT VALID;
ALTER TABLE entry ADD CONSTRAINT entry_version_check CHECK (version >= 1) NOT VALID;
ALTER TABLE entry ADD CONSTRAINT entry_retired_check
	CHECK ((status = 'retired') = (retired_at IS NOT NULL)
	       AND (retired_at IS NULL) = (retired_by IS NULL)
	       AND (retired_at IS NULL) = (retired_reason IS NULL)) NOT VALID;

CREATE SEQUENCE revision_seq;

-- REV- and at least six digits.
CREATE FUNCTION govdx_revision_id(n bigint) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN 'REV-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END;

CREATE TABLE revision (
	id text COLLATE "C" PRIMARY KEY DEFAULT govdx_revision_id(nextval('revision_seq'))
		CHECK (id ~ '^REV-[0-9]{6,}$'),
	state text NOT NULL
		CHECK (state IN ('draft', 'submitted', 'returned', 'published', 'withdrawn')),
	department_code text COLLATE "C" NOT NULL REFERENCES department (code),
	-- The entry revised; for a new entry NULL until it is published.
	entry_code text COLLATE "C" REFERENCES entry (code),
	base integer CHECK (base >= 1),
	number integer CHECK (number >= 1),
	fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
	objection text COLLATE "C" REFERENCES objection (id),
	reason text CHECK (char_length(reason) <= 2000),
	created_by text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	submitted_at timestamptz,
	deadline date,
	decided_by text,
	decided_at timestamptz,
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	CHECK (entry_code IS NULL OR left(entry_code, 9) = department_code),
	CHECK ((state = 'submitted') = (deadline IS NOT NULL)),
	CHECK ((state = 'published') = (number IS NOT NULL)),
	CHECK (number IS NULL OR entry_code IS NOT NULL),
	CHECK (base IS NULL OR entry_code IS NOT NULL),
	CHECK ((decided_by IS NULL) = (decided_at IS NULL))
);
-- At most one open revision per entry (new entries have none yet).
CREATE UNIQUE INDEX revision_open_idx ON revision (entry_code)
	WHERE state IN ('draft', 'submitted', 'returned');
-- The queues in deadline order: a department's (mine), a platform
-- subtree's (review: a range of department codes), by state.
CREATE INDEX revision_department_idx ON revision (department_code, deadline, id);
CREATE INDEX revision_state_idx ON revision (state, deadline, id);
CREATE INDEX revision_entry_idx ON revision (entry_code, id);
CREATE INDEX revision_objection_idx ON revision (objection) WHERE objection IS NOT NULL;

-- The published history.
CREATE TABLE entry_revision (
	entry_code text COLLATE "C" NOT NULL REFERENCES entry (code),
	number integer NOT NULL CHECK (number >= 1),
	fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
	revision_id text COLLATE "C" REFERENCES revision (id),
	published_at timestamptz,
	published_by text,
	PRIMARY KEY (entry_code, number)
);

CREATE TABLE entry_code_counter (
	department_code text COLLATE "C" NOT NULL REFERENCES department (code),
	class_key text COLLATE "C" NOT NULL CHECK (class_key ~ '^[1-3][0-9]{5}$'),
	last integer NOT NULL CHECK (last >= 1),
	PRIMARY KEY (department_code, class_key)
);

-- The revision an objection's correction names (objection correct with
-- "revision"): while it is not published the closed objection keeps its
-- entry disputed (govdx_entry_recompute_disputed).
ALTER TABLE objection ADD COLUMN revision text COLLATE "C" REFERENCES revision (id);
CREATE INDEX objection_revision_idx ON objection (revision) WHERE revision IS NOT NULL;

-- The transition of objections takes the revision now (functions/ makes
-- the new one).
DROP FUNCTION IF EXISTS govdx_objection_transition(text, text, integer, text, text);

-- The departments an entry event reaches: those with an approved request
-- on the entry (functions/entry_event.sql).
CREATE INDEX request_entry_idx ON request (entry_code, state);
