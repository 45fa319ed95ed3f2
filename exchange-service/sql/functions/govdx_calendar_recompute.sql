-- govdx_calendar_recompute(years, actor, why): recomputes the open deadlines
-- (pending or coordinating requests, verifying objections) whose span
-- touches one of years, and returns how many changed; why ends each audit
-- reason ("the 2027 notice was imported").
--
-- Invariant: same deadline_from and deadline_days, the new calendar. A
-- changed deadline bumps version and updated_at and appends one audit event
-- (deadline_recomputed, state unchanged) with a NOTIFY, as transitions do.

CREATE OR REPLACE FUNCTION govdx_calendar_recompute(p_years integer[], p_actor text, p_why text)
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
