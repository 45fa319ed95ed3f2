-- 011-calendar-statute: working days of a year whose holiday notice is not
-- imported yet, counted by the statute; provisional deadlines and their
-- recomputation when the notice comes.
--
-- Where the rule lives: the statutory days (《全国年节及纪念日放假办法》,
-- 13 days from 2025, 11 before) need lunar dates and the solar term 清明.
-- They are computed in C (exchange-service/statute.c, with cmocka tests
-- against the published dates) and written into statutory_day by
-- `govdx-exchanged migrate` for 2008–2100 on every run, replacing what was
-- there; the same C code checks an imported notice against the statute.
-- Deadlines are computed here in SQL, which reads the table: one rule, one
-- place that computes it, no lunar arithmetic in plpgsql to keep in step.
--
-- Invariants:
-- - A year has a notice when calendar_notice lists it (the import of a
--   calendar file adds its years; 011 adds the years calendar_day already
--   had). calendar_day rows of a year without a notice are ignored.
-- - A day of a year with a notice: a working day if calendar_day lists it
--   'workday', or it is Monday to Friday and not listed 'holiday' (004).
--   A day of a year without one: a working day if it is Monday to Friday
--   and not in statutory_day (no make-up days, nothing moved: the statute
--   alone). govdx_calendar_span is that rule; every other function asks it.
-- - A deadline is provisional when a day of (deadline_from, deadline] lies
--   in a year without a notice; deadline_basis is then 'statute', else
--   'notice'.
-- - deadline_from and deadline_days are set exactly when deadline is:
--   deadline = govdx_add_working_days(deadline_from, deadline_days). A
--   writer that sets a deadline without them counted it from today (every
--   transition does); the trigger records that. The seed, which counts from
--   past days, sets them itself. Rows from before 011 get the Beijing date
--   of updated_at (when the deadline was set) and the working days from it.
-- - Importing a notice recomputes, in the import's transaction, each open
--   deadline (pending or coordinating requests, verifying objections) whose
--   span touches an imported year: same deadline_from and deadline_days,
--   the new calendar. A changed deadline bumps version and updated_at and
--   appends one audit event (action deadline_recomputed, state unchanged,
--   the reason saying from what to what) with a NOTIFY, as transitions do.

CREATE TABLE statutory_day (
	date date PRIMARY KEY,
	name text NOT NULL
);

CREATE TABLE calendar_notice (
	year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2999),
	source text NOT NULL,
	imported_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO calendar_notice (year, source)
	SELECT DISTINCT extract(year FROM date)::int, 'calendar_day before migration 011' FROM calendar_day;

-- Every day of a..b: whether it is a working day, where that comes from
-- ('notice' or 'statute'), and the kind ('holiday', 'workday' or NULL for
-- an ordinary day) and name the source gives it.
CREATE FUNCTION govdx_calendar_span(a date, b date)
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

CREATE OR REPLACE FUNCTION govdx_is_working_day(d date) RETURNS boolean
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN (SELECT s.working FROM govdx_calendar_span(d, d) s);

-- As in 004 and 008, the span counted in one join.
CREATE OR REPLACE FUNCTION govdx_working_days_between(a date, b date) RETURNS integer
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN CASE
		WHEN b >= a THEN (SELECT count(*)::integer FROM govdx_calendar_span(a + 1, b) s WHERE s.working)
		ELSE -greatest(1, (SELECT count(*)::integer FROM govdx_calendar_span(b, a - 1) s
		                   WHERE s.working)) END;

-- The years of (a, b] without a notice, in order (empty when b <= a).
CREATE FUNCTION govdx_statute_years(a date, b date) RETURNS integer[]
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN coalesce((SELECT array_agg(y ORDER BY y)
	                 FROM generate_series(extract(year FROM a + 1)::int, extract(year FROM b)::int) y
	                 WHERE NOT EXISTS (SELECT 1 FROM calendar_notice n WHERE n.year = y)),
	                '{}');

-- deadline_provisional, deadline_basis ('notice', 'statute'; NULL without
-- a deadline) and deadline_statute_years (the years counted by the statute).
CREATE FUNCTION govdx_deadline_basis_json(p_from date, p_deadline date) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'deadline_provisional', cardinality(y.years) > 0,
		'deadline_basis', CASE WHEN p_deadline IS NULL THEN NULL
		                       WHEN cardinality(y.years) > 0 THEN 'statute' ELSE 'notice' END,
		'deadline_statute_years', to_jsonb(y.years))
	FROM (SELECT CASE WHEN p_deadline IS NULL THEN '{}'::integer[]
	                  ELSE govdx_statute_years(coalesce(p_from, p_deadline - 1), p_deadline)
	             END AS years) y);

-- ---- where each deadline was counted from ----------------------------------------

ALTER TABLE request ADD COLUMN deadline_from date, ADD COLUMN deadline_days integer;
ALTER TABLE objection ADD COLUMN deadline_from date, ADD COLUMN deadline_days integer;
UPDATE request SET deadline_from = (updated_at AT TIME ZONE 'Asia/Shanghai')::date
	WHERE deadline IS NOT NULL;
UPDATE request SET deadline_days = govdx_working_days_between(deadline_from, deadline)
	WHERE deadline IS NOT NULL;
UPDATE objection SET deadline_from = (updated_at AT TIME ZONE 'Asia/Shanghai')::date
	WHERE deadline IS NOT NULL;
UPDATE objection SET deadline_days = govdx_working_days_between(deadline_from, deadline)
	WHERE deadline IS NOT NULL;
ALTER TABLE request ADD CHECK ((deadline IS NULL) = (deadline_from IS NULL)
                               AND (deadline IS NULL) = (deadline_days IS NULL));
ALTER TABLE objection ADD CHECK ((deadline IS NULL) = (deadline_from IS NULL)
                                 AND (deadline IS NULL) = (deadline_days IS NULL));

-- 005's and 007's lists, again: a BEGIN ATOMIC body fixed the columns r.*
-- and o.* stood for when it was created.
CREATE OR REPLACE FUNCTION govdx_visible_requests(p_actor text) RETURNS SETOF request
	LANGUAGE sql STABLE
	BEGIN ATOMIC
		SELECT r.* FROM request r, app_user u JOIN platform p ON p.code = left(u.department_code, 6)
		WHERE u.name = p_actor
		  AND govdx_sees(u.role, u.department_code, p.subtree_prefix,
		                 r.provider_department, r.requester_department);
	END;

CREATE OR REPLACE FUNCTION govdx_visible_objections(p_actor text) RETURNS SETOF objection
	LANGUAGE sql STABLE
	BEGIN ATOMIC
		SELECT o.* FROM objection o, app_user u JOIN platform p ON p.code = left(u.department_code, 6)
		WHERE u.name = p_actor
		  AND govdx_sees(u.role, u.department_code, p.subtree_prefix,
		                 o.provider_department, o.raiser_department);
	END;

CREATE FUNCTION govdx_deadline_origin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.deadline IS NULL THEN
		NEW.deadline_from := NULL;
		NEW.deadline_days := NULL;
	ELSIF NEW.deadline_from IS NULL THEN
		NEW.deadline_from := govdx_today();
		NEW.deadline_days := govdx_working_days_between(NEW.deadline_from, NEW.deadline);
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER request_deadline_origin BEFORE INSERT OR UPDATE OF deadline ON request
	FOR EACH ROW EXECUTE FUNCTION govdx_deadline_origin();
CREATE TRIGGER objection_deadline_origin BEFORE INSERT OR UPDATE OF deadline ON objection
	FOR EACH ROW EXECUTE FUNCTION govdx_deadline_origin();

-- ---- the case objects with the basis (008's definitions plus it) -----------------

CREATE OR REPLACE FUNCTION govdx_objection_row_json(o objection) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'id', o.id,
		'state', o.state,
		'entry_code', o.entry_code,
		'entry_name', e.name,
		'item', o.item,
		'record_key', o.record_key,
		'kind', o.kind,
		'description', o.description,
		'evidence', o.evidence,
		'provider_department', o.provider_department,
		'provider_department_name', pd.name,
		'provider_platform', left(o.provider_department, 6),
		'raiser_department', o.raiser_department,
		'raiser_department_name', rd.name,
		'raiser_platform', left(o.raiser_department, 6),
		'raiser_user', o.raiser_user,
		'note', o.note,
		'reason', o.reason,
		'reopen_until', o.reopen_until,
		'created_at', govdx_utc(o.created_at),
		'updated_at', govdx_utc(o.updated_at),
		'decided_by', o.decided_by,
		'decided_at', govdx_utc(o.decided_at),
		'version', o.version) || govdx_deadline_json(o.deadline)
		|| govdx_deadline_basis_json(o.deadline_from, o.deadline)
	FROM entry e, department pd, department rd
	WHERE e.code = o.entry_code AND pd.code = o.provider_department AND rd.code = o.raiser_department);

CREATE OR REPLACE FUNCTION govdx_request_row_json(r request) RETURNS jsonb
	LANGUAGE sql STABLE
	RETURN (SELECT jsonb_build_object(
		'id', r.id,
		'state', r.state,
		'entry_code', r.entry_code,
		'entry_name', e.name,
		'provider_department', r.provider_department,
		'provider_department_name', pd.name,
		'provider_platform', left(r.provider_department, 6),
		'requester_department', r.requester_department,
		'requester_department_name', rd.name,
		'requester_platform', left(r.requester_department, 6),
		'requester_user', r.requester_user,
		'purpose', r.purpose,
		'legal_basis', r.legal_basis,
		'items', to_jsonb(r.items),
		'period', jsonb_build_object('from', r.period_from, 'to', r.period_to),
		'reason', r.reason,
		'created_at', govdx_utc(r.created_at),
		'updated_at', govdx_utc(r.updated_at),
		'decided_by', r.decided_by,
		'decided_at', govdx_utc(r.decided_at),
		'version', r.version) || govdx_deadline_json(r.deadline)
		|| govdx_deadline_basis_json(r.deadline_from, r.deadline)
	FROM entry e, department pd, department rd
	WHERE e.code = r.entry_code AND pd.code = r.provider_department AND rd.code = r.requester_department);

-- ---- importing a notice ---------------------------------------------------------------

-- Recomputes the open deadlines whose span touches one of p_years (see the
-- top of this file); returns how many changed. p_why ends each audit
-- reason ("the 2027 notice was imported").
CREATE FUNCTION govdx_calendar_recompute(p_years integer[], p_actor text, p_why text)
	RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	c record;
	nd date;
	seq bigint;
	n integer := 0;
BEGIN
	FOR c IN
		SELECT 'request' AS kind, r.id, r.state, r.deadline, r.deadline_from, r.deadline_days
		FROM request r
		WHERE r.state IN ('pending', 'coordinating')
		  AND EXISTS (SELECT 1 FROM unnest(p_years) y
		              WHERE y BETWEEN extract(year FROM r.deadline_from + 1) AND extract(year FROM r.deadline))
		UNION ALL
		SELECT 'objection', o.id, o.state, o.deadline, o.deadline_from, o.deadline_days
		FROM objection o
		WHERE o.state = 'verifying'
		  AND EXISTS (SELECT 1 FROM unnest(p_years) y
		              WHERE y BETWEEN extract(year FROM o.deadline_from + 1) AND extract(year FROM o.deadline))
		ORDER BY 1, 2
	LOOP
		nd := govdx_add_working_days(c.deadline_from, c.deadline_days);
		CONTINUE WHEN nd = c.deadline OR c.deadline_days < 1;
		IF c.kind = 'request' THEN
			UPDATE request SET deadline = nd, updated_at = now(), version = version + 1 WHERE id = c.id;
		ELSE
			UPDATE objection SET deadline = nd, updated_at = now(), version = version + 1 WHERE id = c.id;
		END IF;
		seq := govdx_audit_append(p_actor, 'deadline_recomputed', c.kind || ':' || c.id, c.state, c.state,
			format('deadline %s → %s (%s working days from %s): %s',
			       c.deadline, nd, c.deadline_days, c.deadline_from, p_why));
		PERFORM pg_notify('govdx_events', seq::text);
		n := n + 1;
	END LOOP;
	RETURN n;
END $$;

-- After an import replaced the calendar_day rows of p_years (in the same
-- transaction): the years now have a notice from p_source; one audit event
-- per year (subject calendar:YEAR, action calendar_import, from_state the
-- basis before: statute or notice, to_state notice), then the open
-- deadlines recomputed. p_audit false skips the events only while the
-- audit chain is empty (migrate loading the shipped calendar into a new
-- database: nothing is there to change). Returns the deadlines changed.
CREATE FUNCTION govdx_calendar_imported(p_years integer[], p_source text, p_audit boolean)
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

-- The warning GET /v1/health and the service's log give, or NULL: the
-- notice of the current year is missing, or from 1 December that of the
-- next year (the State Council publishes it in November or December).
-- p_day is the day to judge (govdx_today() when NULL).
CREATE FUNCTION govdx_calendar_warning(p_day date DEFAULT NULL) RETURNS text
	LANGUAGE sql STABLE
	RETURN (SELECT CASE WHEN m.year IS NOT NULL THEN
		format('the %s holiday notice is not imported: deadlines that reach into %s are provisional, '
		       'counted by the statute alone; import it with govdx-exchanged calendar import FILE',
		       m.year, m.year) END
	FROM (SELECT min(y) AS year
	      FROM (SELECT coalesce(p_day, govdx_today()) AS d) t,
	           generate_series(extract(year FROM t.d)::int,
	                           extract(year FROM t.d)::int + (extract(month FROM t.d) = 12)::int) y
	      WHERE NOT EXISTS (SELECT 1 FROM calendar_notice n WHERE n.year = y)) m);
