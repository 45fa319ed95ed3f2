-- govdx_deadline_origin(): the triggers that record where a case's deadline
-- was counted from.
--
-- Invariant: deadline_from and deadline_days are set exactly when deadline
-- is, with deadline = govdx_add_working_days(deadline_from, deadline_days).
-- A writer that sets a deadline without them counted it from today (every
-- transition does); the trigger records that. The seed, which counts from
-- past days, sets them itself.

CREATE OR REPLACE FUNCTION govdx_deadline_origin() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER request_deadline_origin BEFORE INSERT OR UPDATE OF deadline ON request
	FOR EACH ROW EXECUTE FUNCTION govdx_deadline_origin();

CREATE OR REPLACE TRIGGER objection_deadline_origin BEFORE INSERT OR UPDATE OF deadline ON objection
	FOR EACH ROW EXECUTE FUNCTION govdx_deadline_origin();
