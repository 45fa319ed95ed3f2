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
--
-- govdx_calendar_span states the rule; it and the functions that ask it,
-- the deadline_origin trigger and the import's recompute live in
-- functions/ (re-applied by every migrate).

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

-- ---- where each deadline was counted from ----------------------------------------

ALTER TABLE request ADD COLUMN deadline_from date, ADD COLUMN deadline_days integer;
ALTER TABLE objection ADD COLUMN deadline_from date, ADD COLUMN deadline_days integer;

-- Rows from before 011 get the Beijing date of updated_at (when the deadline
-- was set) and the working days from it. Only a database that has cases
-- has any to fill, and it has govdx_working_days_between from the
-- migrations of its time (a new database gets the functions after its
-- migrations, and PL/pgSQL plans these statements only when it reaches
-- them). With statutory_day still empty here, that function counts as
-- 011's own did.
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM request WHERE deadline IS NOT NULL)
	   OR EXISTS (SELECT 1 FROM objection WHERE deadline IS NOT NULL) THEN
		UPDATE request SET deadline_from = (updated_at AT TIME ZONE 'Asia/Shanghai')::date
			WHERE deadline IS NOT NULL;
		UPDATE request SET deadline_days = govdx_working_days_between(deadline_from, deadline)
			WHERE deadline IS NOT NULL;
		UPDATE objection SET deadline_from = (updated_at AT TIME ZONE 'Asia/Shanghai')::date
			WHERE deadline IS NOT NULL;
		UPDATE objection SET deadline_days = govdx_working_days_between(deadline_from, deadline)
			WHERE deadline IS NOT NULL;
	END IF;
END $$;

ALTER TABLE request ADD CHECK ((deadline IS NULL) = (deadline_from IS NULL)
                               AND (deadline IS NULL) = (deadline_days IS NULL));
ALTER TABLE objection ADD CHECK ((deadline IS NULL) = (deadline_from IS NULL)
                                 AND (deadline IS NULL) = (deadline_days IS NULL));
