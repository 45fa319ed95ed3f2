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
	WHILE left_ > 0 LOOP
		x := x + 1;
		IF govdx_is_working_day(x) THEN
			left_ := left_ - 1;
		END IF;
	END LOOP;
	RETURN x;
END $$;
