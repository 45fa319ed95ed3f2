-- 004-calendar-audit: the working-day calendar, per-platform deadline
-- settings, and the append-only audit log with its hash chain.
--
-- Invariants:
-- - A day is a working day if calendar_day lists it 'workday' (a make-up
--   working weekend, 调休上班), or it is Monday to Friday and not listed
--   'holiday'. Unlisted weekends are days off.
-- - "Today" for deadlines is the date in Beijing (govdx_today), whatever
--   the server's TimeZone: a deadline day ends at midnight China time.
-- - audit_event is append-only: triggers refuse UPDATE, DELETE and TRUNCATE.
--   seq is gapless and the chain linear because every append takes the row
--   lock of the one-row audit_head (held to commit) and a rolled-back
--   append rolls its head update back with it.
-- - hash = sha256(prev_hash || canonical) in hex, canonical being the JSON
--   text {"seq","at","actor","action","subject","from_state","to_state",
--   "reason"} in that key order, no spaces, strings escaped as to_json does
--   (", \, control characters; other characters as UTF-8), NULL as null,
--   seq as a number, at in UTC as YYYY-MM-DDTHH24:MI:SS.USZ. The first
--   prev_hash is 64 zeros. See docs/architecture.md.
-- Errors meant for the API use SQLSTATE GXnnn (nnn = the HTTP status), the
-- wire error code as HINT and the JSON of error.details as DETAIL.
--
-- The calendar, setting and audit functions (govdx_today, govdx_setting,
-- govdx_audit_append, …) and the append-only triggers live in functions/.

-- ---- calendar -----------------------------------------------------------------

CREATE TABLE calendar_day (
	date date PRIMARY KEY,
	kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name text NOT NULL DEFAULT '' CHECK (char_length(name) <= 100)
);


-- Per platform; a NULL column inherits from the nearest ancestor that sets it.
CREATE TABLE platform_setting (
	platform_code text COLLATE "C" PRIMARY KEY REFERENCES platform (code),
	reply_days integer CHECK (reply_days BETWEEN 1 AND 365),
	coordination_days integer CHECK (coordination_days BETWEEN 1 AND 365),
	verify_days integer CHECK (verify_days BETWEEN 1 AND 365),
	reopen_days integer CHECK (reopen_days BETWEEN 1 AND 365)
);



-- The end of the chain: the last seq, its hash and time. One row.
CREATE TABLE audit_head (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	seq bigint NOT NULL,
	hash text NOT NULL,
	at timestamptz
);
INSERT INTO audit_head (seq, hash) VALUES (0, repeat('0', 64));

CREATE TABLE audit_event (
	seq bigint PRIMARY KEY CHECK (seq >= 1),
	at timestamptz NOT NULL,
	actor text NOT NULL,
	action text NOT NULL,
	subject text COLLATE "C" NOT NULL,
	from_state text,
	to_state text,
	reason text,
	prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
	hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
-- GET /v1/audit?subject=...: a subject's events in seq order.
CREATE INDEX audit_event_subject_idx ON audit_event (subject, seq);
