-- 005-requests: sharing requests, the table of their state machine.
--
-- The state machine is enforced by functions the HTTP layer calls (each in
-- functions/, re-applied by every migrate); it never writes request or
-- audit_event itself: govdx_request_create, govdx_request_transition,
-- govdx_request_visible, govdx_request_json, govdx_request_row_json,
-- govdx_visible_requests and the view request_event.
--
-- Invariants (the CHECKs below):
-- - deadline is set exactly while pending (the reply deadline) or
--   coordinating (the coordination deadline); decided_by/decided_at are set
--   together (approve, reject, close; "system" for automatic approval).
-- - The requester is never the provider; the entry is the provider's.
-- govdx_request_id stays here: the id column's default calls it.

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
