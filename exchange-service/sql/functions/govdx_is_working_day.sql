-- govdx_is_working_day(d): whether d is a working day (govdx_calendar_span's
-- rule for one day).

CREATE OR REPLACE FUNCTION govdx_is_working_day(d date) RETURNS boolean
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN (SELECT s.working FROM govdx_calendar_span(d, d) s);
