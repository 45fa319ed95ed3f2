-- govdx_add_working_days(d, n): the n-th working day after d (d itself not
-- counted); d when n <= 0.
--
-- Invariant: the result is a working day whenever n > 0.

CREATE OR REPLACE FUNCTION govdx_add_working_days(d date, n integer) RETURNS date
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
DECLARE
	x date := d;
	left_ integer := n;
BEGIN
	IF n <= 0 THEN
		RETURN d;
	END IF;
	-- Within working_day's years (migration 016): the working day n
	-- ordinals on; outside them, day by day.
	SELECT w.day INTO x FROM working_day w
	WHERE w.working AND w.ordinal = (SELECT v.ordinal FROM working_day v WHERE v.day = d) + n;
	IF FOUND THEN
		RETURN x;
	END IF;
	x := d;
	WHILE left_ > 0 LOOP
		x := x + 1;
		IF govdx_is_working_day(x) THEN
			left_ := left_ - 1;
		END IF;
	END LOOP;
	RETURN x;
END $$;
