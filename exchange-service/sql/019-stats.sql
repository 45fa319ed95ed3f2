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
-- The decisions of a period, of one department or a range of them (and of
-- the whole country: by day). Covering, so the figures read the index alone.
CREATE INDEX request_span_decided_idx ON request_span (provider_department, ended_on)
	INCLUDE (outcome, days, deadline, entry_code);
CREATE INDEX request_span_ended_idx ON request_span (ended_on)
	INCLUDE (provider_department, outcome, days, deadline, entry_code);
-- The weekly overdue counts read only spans that were ever overdue: still
-- open, or ended after their deadline.
CREATE INDEX request_span_late_idx ON request_span (deadline)
	WHERE ended_on IS NULL OR ended_on > deadline;
-- The refusals for want of data (GET /v1/stats/unmet): a few among many.
CREATE INDEX request_span_not_held_idx ON request_span (ended_on, provider_department)
	INCLUDE (entry_code) WHERE ground = 'not_held';
CREATE UNIQUE INDEX request_span_open_idx ON request_span (request_id) WHERE ended_on IS NULL;


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

-- Incremental counts of the request table the figures read instead of
-- scanning it (functions/govdx_request_counts.sql keeps them, by
-- statement-level triggers on request): requests received per provider
-- department, entry and China day; open requests (pending, coordinating)
-- per provider department and deadline, from which "overdue now" is the
-- rows with a deadline before today. A national view then reads some rows
-- per department and day instead of every request of the year.
--
-- Invariant: request_day's n is the number of requests of its department
-- and entry created on its day; request_open's n the number of open
-- requests of its department with its deadline; no row has n = 0 (rows
-- that fall to 0 are deleted).
CREATE TABLE request_day (
	provider_department text COLLATE "C" NOT NULL,
	entry_code text COLLATE "C" NOT NULL,
	day date NOT NULL,
	n integer NOT NULL,
	PRIMARY KEY (provider_department, day, entry_code)
);
CREATE INDEX request_day_day_idx ON request_day (day) INCLUDE (provider_department, entry_code, n);
CREATE TABLE request_open (
	provider_department text COLLATE "C" NOT NULL,
	deadline date NOT NULL,
	n integer NOT NULL,
	PRIMARY KEY (provider_department, deadline)
);
INSERT INTO request_day (provider_department, entry_code, day, n)
SELECT provider_department, entry_code, (created_at AT TIME ZONE 'Asia/Shanghai')::date, count(*)
FROM request GROUP BY 1, 2, 3;
INSERT INTO request_open (provider_department, deadline, n)
SELECT provider_department, deadline, count(*)
FROM request WHERE state IN ('pending', 'coordinating') GROUP BY 1, 2;
