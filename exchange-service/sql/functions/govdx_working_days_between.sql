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
--
-- PL/pgSQL, not SQL: a SQL function with a sub-SELECT is never inlined, and
-- PostgreSQL 15 plans its body again on every call made from another
-- function's body (the request and objection JSON call it once per row):
-- about 20 ms a row of planning under load, 1 s for a 50-row inbox page. A
-- PL/pgSQL function keeps its plans for the session (docs/benchmarks.md,
-- "The inbox").

CREATE OR REPLACE FUNCTION govdx_working_days_between(a date, b date) RETURNS integer
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
DECLARE
	n integer;
BEGIN
	IF b >= a THEN
		SELECT y.ordinal - x.ordinal INTO n FROM working_day x, working_day y
		WHERE x.day = a AND y.day = b;
		IF n IS NULL THEN
			SELECT count(*)::integer INTO n FROM govdx_calendar_span(a + 1, b) s WHERE s.working;
		END IF;
		RETURN n;
	END IF;
	SELECT x.ordinal - y.ordinal INTO n FROM working_day x, working_day y
	WHERE x.day = a - 1 AND y.day = b - 1;
	IF n IS NULL THEN
		SELECT count(*)::integer INTO n FROM govdx_calendar_span(b, a - 1) s WHERE s.working;
	END IF;
	RETURN -greatest(1, n);
END $$;
