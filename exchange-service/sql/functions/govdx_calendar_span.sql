-- govdx_calendar_span(a, b): every day of a..b, whether it is a working
-- day, where that comes from ('notice' or 'statute'), and the kind
-- ('holiday', 'workday' or NULL for an ordinary day) and name the source
-- gives it. The one statement of the working-day rule: every other
-- calendar function asks it.
--
-- Invariants (docs/calendar.md):
-- - A day of a year with a notice (calendar_notice): a working day if
--   calendar_day lists it 'workday' (a make-up working weekend, 调休上班), or
--   it is Monday to Friday and not listed 'holiday'.
-- - A day of a year without one: a working day if it is Monday to Friday
--   and not in statutory_day (the statute alone; no make-up days).

CREATE OR REPLACE FUNCTION govdx_calendar_span(a date, b date)
	RETURNS TABLE (day date, working boolean, source text, kind text, name text)
	LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT g::date,
	       CASE WHEN n.year IS NOT NULL THEN coalesce(c.kind = 'workday', extract(isodow FROM g) < 6)
	            ELSE extract(isodow FROM g) < 6 AND s.date IS NULL END,
	       CASE WHEN n.year IS NOT NULL THEN 'notice' ELSE 'statute' END,
	       CASE WHEN n.year IS NOT NULL THEN c.kind WHEN s.date IS NOT NULL THEN 'holiday' END,
	       CASE WHEN n.year IS NOT NULL THEN c.name ELSE s.name END
	FROM generate_series(a, b, interval '1 day') g
	LEFT JOIN calendar_notice n ON n.year = extract(year FROM g)::int
	-- The a..b bounds let the joins read only the span's rows (an index
	-- range), not hash the whole of statutory_day on every call (3x faster
	-- for a 40-day span).
	LEFT JOIN calendar_day c ON n.year IS NOT NULL AND c.date = g::date AND c.date BETWEEN a AND b
	LEFT JOIN statutory_day s ON n.year IS NULL AND s.date = g::date AND s.date BETWEEN a AND b
$$;
