-- govdx_working_days_between(a, b): working days from a to b, the sign
-- telling the direction:
-- - b >= a: the working days d with a < d <= b (0 when b = a);
-- - b < a: minus the working days d with b <= d < a, and at least -1.
-- With a = today and b = a deadline this is working_days_left: 0 on the
-- deadline day, 1 the working day before, -1 on any day after it up to and
-- including the first working day after it, -2 on the next working day...
-- (a deadline is itself a working day, so the day after is always overdue).
--
-- Invariant: govdx_add_working_days(a, govdx_working_days_between(a, b)) = b
-- for every working day b > a. Within the years of working_day (migration
-- 016) it is the difference of two ordinals (the working days of (a, b] are
-- ord(b) - ord(a); of [b, a), ord(a - 1) - ord(b - 1)); outside them the
-- span is counted in one join (govdx_calendar_span), not one call per day.

CREATE OR REPLACE FUNCTION govdx_working_days_between(a date, b date) RETURNS integer
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN CASE
		WHEN b >= a THEN coalesce(
			(SELECT y.ordinal - x.ordinal FROM working_day x, working_day y
			 WHERE x.day = a AND y.day = b),
			(SELECT count(*)::integer FROM govdx_calendar_span(a + 1, b) s WHERE s.working))
		ELSE -greatest(1, coalesce(
			(SELECT x.ordinal - y.ordinal FROM working_day x, working_day y
			 WHERE x.day = a - 1 AND y.day = b - 1),
			(SELECT count(*)::integer FROM govdx_calendar_span(b, a - 1) s WHERE s.working))) END;
