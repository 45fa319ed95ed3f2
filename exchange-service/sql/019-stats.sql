-- 019-stats: what the supervision figures (GET /v1/stats, /v1/stats/unmet)
-- read: the pending spans of requests, the refusal ground, and the log of
-- searches that found nothing.
--
-- request_span is an incremental aggregate of the audit chain: one row per
-- time a request was pending (filed or resubmitted) with the day it became
-- pending, its reply deadline then, and — once it left pending — the day,
-- the outcome and the working days it took. The trigger on audit_event
-- (functions/govdx_request_span_track.sql) keeps it, so every way a request
-- event is written (the workflow functions, the demo seed's replayed
-- history) feeds it; a figure is then a range read of decided spans instead
-- of a walk over the audit chain with a calendar count per decision. Rows
-- of requests that existed before this migration are filled from the audit
-- chain by the same file, the first migrate after this one (functions are
-- not there yet when a fresh database runs its migrations).
--
-- Invariants:
-- - At most one open span (ended_on NULL) per request, and it is open
--   exactly while the request is pending.
-- - outcome is set exactly when ended_on is: approved, refused, returned
--   (the provider's decisions) or withdrawn; days and late with it.
-- - search_miss holds no user: a normalised query, the platform (and
--   department, when the search named one) it searched, the day, a count.

ALTER TABLE request ADD COLUMN refusal_ground text
	CHECK (refusal_ground IN ('not_held', 'not_shareable', 'insufficient_basis', 'other'));
-- Requests refused before the ground existed: 'other'.
UPDATE request r SET refusal_ground = 'other'
WHERE EXISTS (SELECT 1 FROM audit_event a
              WHERE a.subject = 'request:' || r.id AND a.action = 'reject');

CREATE TABLE request_span (
	request_id text COLLATE "C" NOT NULL REFERENCES request (id),
	seq bigint NOT NULL,  -- the audit event that opened it
	provider_department text COLLATE "C" NOT NULL,
	entry_code text COLLATE "C" NOT NULL,
	since date NOT NULL,
	deadline date NOT NULL,
	ended_on date,
	outcome text CHECK (outcome IN ('approved', 'refused', 'returned', 'withdrawn')),
	days integer,
	ground text,
	PRIMARY KEY (request_id, seq),
	CHECK ((ended_on IS NULL) = (outcome IS NULL)),
	CHECK ((ended_on IS NULL) = (days IS NULL))
);
-- The decisions of a period, of one department or a range of them.
CREATE INDEX request_span_decided_idx ON request_span (provider_department, ended_on);
CREATE INDEX request_span_ended_idx ON request_span (ended_on);
-- The weekly overdue counts read only spans that were ever overdue: still
-- open, or ended after their deadline.
CREATE INDEX request_span_late_idx ON request_span (deadline)
	WHERE ended_on IS NULL OR ended_on > deadline;
CREATE UNIQUE INDEX request_span_open_idx ON request_span (request_id) WHERE ended_on IS NULL;

-- Requests received in a period.
CREATE INDEX request_created_idx ON request (created_at);

CREATE TABLE search_miss (
	day date NOT NULL,
	platform_code text COLLATE "C" NOT NULL,
	department_code text COLLATE "C" NOT NULL DEFAULT '',
	query text NOT NULL CHECK (query <> '' AND char_length(query) <= 100),
	count integer NOT NULL CHECK (count >= 1),
	PRIMARY KEY (platform_code, day, department_code, query)
);
-- The purge of days past retention.
CREATE INDEX search_miss_day_idx ON search_miss (day);
