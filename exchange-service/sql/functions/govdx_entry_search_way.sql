-- govdx_entry_search_way: how govdx_entry_search finds a page for q with the sharing and open
-- filters: 'none' (no entry matches), 'index' (read the matches from
-- entry_name_code_idx, then sort them: cost the number of matches) or 'walk'
-- (the code order until lim match: cost lim × entries ÷ matches); names are
-- the matching names for 'index'.
CREATE OR REPLACE FUNCTION govdx_entry_search_way(q text, sharing text, open text, lim int,
                                       OUT way text, OUT names text[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
	-- A text in more names than this is common: the walk fills a page soon.
	max_names CONSTANT int := 2000;
	matches bigint;
	among bigint;
BEGIN
	names := ARRAY(SELECT name FROM entry_name
	               WHERE bigrams @> govdx_bigrams(q) AND strpos(name, q) > 0
	               LIMIT max_names + 1);
	IF cardinality(names) > max_names THEN
		way := 'walk';
		names := NULL;
		RETURN;
	END IF;
	SELECT coalesce(sum(n), 0) INTO matches FROM entry_name_count
	WHERE name = ANY (names) AND (sharing IS NULL OR sharing_type = sharing)
	  AND (open IS NULL OR open_attribute = open);
	IF matches = 0 THEN
		way := 'none';
		RETURN;
	END IF;
	SELECT coalesce(sum(n), 0) INTO among FROM entry_filter_count
	WHERE (sharing IS NULL OR sharing_type = sharing) AND (open IS NULL OR open_attribute = open);
	-- An index row read costs about a tenth of a table row checked in the walk.
	way := CASE WHEN matches <= 10 * lim * among / matches THEN 'index' ELSE 'walk' END;
END $$;

