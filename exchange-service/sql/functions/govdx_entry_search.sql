-- govdx_entry_search: the codes of the first lim entries after `after` (in code order) whose
-- name contains q, within [lo, hi) and [lo2, hi2) (a platform's subtree, a
-- department), with the filters that are not NULL. q has two characters or
-- more. ROWS 50 (a page): with the default of 1,000 the planner joins the
-- codes to the entries by hashing the whole table.
CREATE OR REPLACE FUNCTION govdx_entry_search(q text, after text, lo text, hi text, lo2 text, hi2 text,
                                   sharing text, open text, disp boolean, lim int)
RETURNS SETOF text LANGUAGE plpgsql STABLE ROWS 50 AS $$
DECLARE
	w record;
BEGIN
	w := govdx_entry_search_way(q, sharing, open, lim);
	IF w.way = 'index' THEN
		RETURN QUERY
		SELECT c.code FROM (
			SELECT code FROM entry
			WHERE name = ANY (w.names) AND code > after AND code >= lo
			  AND (hi IS NULL OR code < hi) AND code >= lo2 AND (hi2 IS NULL OR code < hi2)
			  AND (sharing IS NULL OR sharing_type = sharing)
			  AND (open IS NULL OR open_attribute = open)
			  AND (disp IS NULL OR disputed = disp)
			OFFSET 0) c
		ORDER BY c.code LIMIT lim;
	ELSIF w.way = 'walk' THEN
		RETURN QUERY
		SELECT code FROM entry
		WHERE code > after AND code >= lo AND (hi IS NULL OR code < hi)
		  AND code >= lo2 AND (hi2 IS NULL OR code < hi2)
		  AND strpos(name, q) > 0
		  AND (sharing IS NULL OR sharing_type = sharing)
		  AND (open IS NULL OR open_attribute = open)
		  AND (disp IS NULL OR disputed = disp)
		ORDER BY code LIMIT lim;
	END IF;
END $$;

