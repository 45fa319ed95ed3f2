-- 008-case-lists: faster pages of requests and objections.
--
-- Measured on 100,000 objections (and the demo requests): a page of 51
-- cost ~100 ms, nearly all of it in building the objects (~0.75 ms each)
-- and in the helpdesk box, which read every objection to keep a subtree.
-- - govdx_working_days_between counts a span's working days in one join of
--   the span with calendar_day instead of one function call per day (3.5x
--   faster; the same answers, see 004-calendar-audit.sql).
-- - govdx_deadline_json is one expression (no FROM), so the planner inlines
--   it into the objects' queries; the objects are one SELECT again, joining
--   entry and both departments, as 005 built requests (007's per-side
--   helper cost a query per side and is dropped).
-- - objection (deadline, id) lets a list of a large subtree (the national
--   helpdesk) walk the deadline order instead of sorting everything; the
--   helpdesk box asks for a range of provider codes (api-objections.c).
--
-- The functions themselves live in functions/ (re-applied by every migrate).
-- What stays is the index and dropping 007's helper (IF EXISTS: a database
-- made since the functions left the migrations never had it).

DROP FUNCTION IF EXISTS govdx_side_json(text, text);

CREATE INDEX objection_deadline_idx ON objection (deadline, id);
