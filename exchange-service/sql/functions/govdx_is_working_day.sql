-- govdx_is_working_day(d): whether d is a working day (govdx_calendar_span's
-- rule for one day; read from working_day, migration 016, within its years).

CREATE OR REPLACE FUNCTION govdx_is_working_day(d date) RETURNS boolean
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN coalesce((SELECT w.working FROM working_day w WHERE w.day = d),
	                (SELECT s.working FROM govdx_calendar_span(d, d) s));
