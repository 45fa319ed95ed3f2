-- 015-search: a name search whose cost follows the answer, not the directory.
--
-- Before, the bigram GIN index over entry names answered a search as a
-- bitmap of every matching entry (20,893 rows for 婚姻 at 3 million entries)
-- that was then sorted by code, or the planner walked the primary key and
-- called govdx_bigrams on each row; with a rare filter (核验服务 + 不予共享)
-- the two bitmaps overflowed work_mem and 1.1 million rows were rechecked:
-- 5 to 11 seconds. Entry names repeat: 3 million entries hold 42,074
-- distinct names. So:
-- - entry_name is the dictionary of distinct names, each with its bigrams
--   stored (searched through a GIN index, no function called per row);
-- - entry_name_count counts the entries of each name per sharing type and
--   open attribute, and entry_filter_count the entries per filter pair, so
--   a search knows exactly how many entries match before reading any;
-- - entry_name_code_idx lists the entries of a name in code order with the
--   filter columns, read without touching the table.
-- govdx_entry_search (below) takes the cheaper of reading the matches from
-- that index (cost: the number of matches) and walking the code order
-- until a page is full (cost: page × entries ÷ matches). The worst case is
-- where the two meet, about sqrt(page × entries) index rows.
--
-- Invariants: entry_name holds every name of an entry (and may keep names no
-- entry has any more); entry_name_count and entry_filter_count equal the
-- counts of entry, kept by the statement triggers below, and rebuilt by
-- govdx_rebuild_entry_names after a bulk load that bypasses triggers (the
-- seed).

CREATE TABLE entry_name (
	name text PRIMARY KEY,
	bigrams text[] NOT NULL
);
CREATE INDEX entry_name_bigrams_idx2 ON entry_name USING gin (bigrams);

CREATE TABLE entry_name_count (
	name text NOT NULL,
	sharing_type text NOT NULL,
	open_attribute text NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (name, sharing_type, open_attribute)
);

CREATE TABLE entry_filter_count (
	sharing_type text NOT NULL,
	open_attribute text NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (sharing_type, open_attribute)
);

DROP INDEX entry_name_bigrams_idx;
ALTER INDEX entry_name_bigrams_idx2 RENAME TO entry_name_bigrams_idx;
CREATE INDEX entry_name_code_idx ON entry (name, sharing_type, open_attribute, code)
	INCLUDE (disputed);

-- Adds the count deltas of (name, sharing, open, n) rows; names new to the
-- dictionary are added with their bigrams.
CREATE FUNCTION govdx_apply_name_delta(names text[], sharings text[], opens text[], ns bigint[])
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

CREATE FUNCTION govdx_entry_name_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	names text[];
	sharings text[];
	opens text[];
	ns bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(a), array_agg(b), array_agg(c), array_agg(k)
		INTO names, sharings, opens, ns
		FROM (SELECT name, sharing_type, open_attribute, count(*) FROM new_rows
		      GROUP BY 1, 2, 3) s (a, b, c, k);
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(a), array_agg(b), array_agg(c), array_agg(-k)
		INTO names, sharings, opens, ns
		FROM (SELECT name, sharing_type, open_attribute, count(*) FROM old_rows
		      GROUP BY 1, 2, 3) s (a, b, c, k);
	ELSE
		SELECT array_agg(a), array_agg(b), array_agg(c), array_agg(k)
		INTO names, sharings, opens, ns
		FROM (SELECT name, sharing_type, open_attribute, count(*) FROM new_rows GROUP BY 1, 2, 3
		      UNION ALL
		      SELECT name, sharing_type, open_attribute, -count(*) FROM old_rows GROUP BY 1, 2, 3)
		     s (a, b, c, k);
	END IF;
	IF names IS NOT NULL THEN
		PERFORM govdx_apply_name_delta(names, sharings, opens, ns);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER entry_name_counts_ins AFTER INSERT ON entry REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_name_counts();
CREATE TRIGGER entry_name_counts_del AFTER DELETE ON entry REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_name_counts();
CREATE TRIGGER entry_name_counts_upd AFTER UPDATE ON entry
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_name_counts();

-- The dictionary and counts from the entries as they are: after a load that
-- ran without triggers (the seed), and here for the entries already loaded.
CREATE FUNCTION govdx_rebuild_entry_names() RETURNS void LANGUAGE sql AS $$
	TRUNCATE entry_name, entry_name_count, entry_filter_count;
	INSERT INTO entry_name_count (name, sharing_type, open_attribute, n)
	SELECT name, sharing_type, open_attribute, count(*) FROM entry GROUP BY 1, 2, 3;
	INSERT INTO entry_name (name, bigrams)
	SELECT DISTINCT name, govdx_bigrams(name) FROM entry_name_count;
	INSERT INTO entry_filter_count (sharing_type, open_attribute, n)
	SELECT sharing_type, open_attribute, sum(n) FROM entry_name_count GROUP BY 1, 2;
	ANALYZE entry_name, entry_name_count, entry_filter_count;
$$;
SELECT govdx_rebuild_entry_names();

-- How govdx_entry_search finds a page for q with the sharing and open
-- filters: 'none' (no entry matches), 'index' (read the matches from
-- entry_name_code_idx, then sort them: cost the number of matches) or 'walk'
-- (the code order until lim match: cost lim × entries ÷ matches); names are
-- the matching names for 'index'.
CREATE FUNCTION govdx_entry_search_way(q text, sharing text, open text, lim int,
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

-- The codes of the first lim entries after `after` (in code order) whose
-- name contains q, within [lo, hi) and [lo2, hi2) (a platform's subtree, a
-- department), with the filters that are not NULL. q has two characters or
-- more. ROWS 50 (a page): with the default of 1,000 the planner joins the
-- codes to the entries by hashing the whole table.
CREATE FUNCTION govdx_entry_search(q text, after text, lo text, hi text, lo2 text, hi2 text,
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
