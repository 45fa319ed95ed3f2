-- 016-working-days: every day's count of working days, so that a deadline's
-- working days left is two index reads instead of a join over its span.
--
-- A list of 50 open requests computed working_days_left, due_soon and the
-- deadline's basis for each row through govdx_calendar_span (a
-- generate_series joined to three tables per call): about 2 ms a row, most
-- of the inbox's time. working_day holds, for every day of 2000-2100,
-- whether it is a working day and its ordinal: the working days from
-- 2000-01-01 to that day inclusive. Then the working days of (a, b] are
-- ordinal(b) - ordinal(a), and the n-th working day after d is the working
-- day whose ordinal is ordinal(d) + n.
--
-- Invariant: working_day equals govdx_calendar_span over its years. It is
-- filled by govdx_working_days_rebuild (functions/), which every migrate
-- runs (so a change of the rule in govdx_calendar_span is reflected) and
-- which statement triggers run whenever calendar_notice, calendar_day or
-- statutory_day change. Days outside its years fall back to the span.

CREATE TABLE working_day (
	day date PRIMARY KEY,
	working boolean NOT NULL,
	ordinal integer NOT NULL
);
CREATE INDEX working_day_ordinal_idx ON working_day (ordinal) WHERE working;
