-- govdx_working_days_rebuild(): working_day (migration 016) recomputed from
-- govdx_calendar_span for 2000-01-01 to 2100-12-31, and the statement
-- triggers that run it when a table of the calendar changes.
--
-- Invariant: after every migrate and every statement on calendar_notice,
-- calendar_day or statutory_day, working_day equals govdx_calendar_span
-- over its years, and ordinal counts the working days from 2000-01-01 to
-- the day inclusive. This file ends by running it.

CREATE OR REPLACE FUNCTION govdx_working_days_rebuild() RETURNS void LANGUAGE sql AS $$
	-- One rebuild at a time (two migrates at once each import the calendar):
	-- the second waits, then its DELETE sees the first's rows.
	SELECT pg_advisory_xact_lock(hashtext('govdx_working_days_rebuild'));
	DELETE FROM working_day;
	INSERT INTO working_day (day, working, ordinal)
	SELECT s.day, s.working, (count(*) FILTER (WHERE s.working) OVER (ORDER BY s.day))::integer
	FROM govdx_calendar_span(date '2000-01-01', date '2100-12-31') s;
$$;

CREATE OR REPLACE FUNCTION govdx_working_days_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM govdx_working_days_rebuild();
	RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER calendar_notice_working_days
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_notice
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_working_days_changed();
CREATE OR REPLACE TRIGGER calendar_day_working_days
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_day
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_working_days_changed();
CREATE OR REPLACE TRIGGER statutory_day_working_days
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON statutory_day
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_working_days_changed();

SELECT govdx_working_days_rebuild();
