-- govdx_apply_name_delta(names, sharings, opens, ns): the name search's
-- dictionary and counts (migration 015) moved by one statement's entries.
--
-- Invariant: called with the (name, sharing, open) deltas of a statement,
-- it leaves entry_name_count and entry_filter_count equal to the entries.

CREATE OR REPLACE FUNCTION govdx_apply_name_delta(names text[], sharings text[], opens text[], ns bigint[])
RETURNS void LANGUAGE sql AS $$
	WITH d AS (SELECT n AS name, s AS sharing_type, o AS open_attribute, sum(k) AS k
	           FROM unnest(names, sharings, opens, ns) AS x (n, s, o, k)
	           GROUP BY 1, 2, 3 HAVING sum(k) <> 0),
	dict AS (INSERT INTO entry_name (name, bigrams)
	         SELECT DISTINCT name, govdx_bigrams(name) FROM d WHERE k > 0
	         ON CONFLICT (name) DO NOTHING),
	per_name AS (INSERT INTO entry_name_count (name, sharing_type, open_attribute, n)
	             SELECT name, sharing_type, open_attribute, k FROM d
	             ON CONFLICT (name, sharing_type, open_attribute)
	             DO UPDATE SET n = entry_name_count.n + excluded.n)
	INSERT INTO entry_filter_count (sharing_type, open_attribute, n)
	SELECT sharing_type, open_attribute, sum(k) FROM d GROUP BY 1, 2
	ON CONFLICT (sharing_type, open_attribute) DO UPDATE SET n = entry_filter_count.n + excluded.n;
$$;
