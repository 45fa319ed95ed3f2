-- govdx_calendar_imported(years, source, audit): after an import replaced
-- the calendar_day rows of years (in the same transaction): the years now
-- have a notice from source; one audit event per year (subject
-- calendar:YEAR, action calendar_import, from_state the basis before:
-- statute or notice, to_state notice), then the open deadlines recomputed.
-- Returns the deadlines changed.
--
-- Invariant: audit false skips the events only while the audit chain is
-- empty (migrate loading the shipped calendar into a new database: nothing
-- is there to change).

CREATE OR REPLACE FUNCTION govdx_calendar_imported(p_years integer[], p_source text, p_audit boolean)
	RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	y integer;
	had boolean;
	audit boolean := p_audit OR (SELECT h.seq > 0 FROM audit_head h);
	n_hol integer;
	n_work integer;
BEGIN
	IF p_years IS NULL OR cardinality(p_years) = 0 THEN
		RETURN 0;
	END IF;
	FOREACH y IN ARRAY p_years LOOP
		had := EXISTS (SELECT 1 FROM calendar_notice n WHERE n.year = y);
		INSERT INTO calendar_notice (year, source, imported_at) VALUES (y, p_source, now())
			ON CONFLICT (year) DO UPDATE SET source = excluded.source, imported_at = excluded.imported_at;
		IF audit THEN
			SELECT count(*) FILTER (WHERE c.kind = 'holiday'), count(*) FILTER (WHERE c.kind = 'workday')
			INTO n_hol, n_work
			FROM calendar_day c WHERE c.date BETWEEN make_date(y, 1, 1) AND make_date(y, 12, 31);
			PERFORM govdx_audit_append('system', 'calendar_import', 'calendar:' || y,
				CASE WHEN had THEN 'notice' ELSE 'statute' END, 'notice',
				format('the %s holiday notice from %s: %s holidays, %s make-up workdays',
				       y, p_source, n_hol, n_work));
		END IF;
	END LOOP;
	RETURN govdx_calendar_recompute(p_years, 'system',
		format('the %s holiday notice was imported',
		       (SELECT string_agg(x::text, ', ' ORDER BY x) FROM unnest(p_years) x)));
END $$;
