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
-- govdx_entry_search (sql/functions/) takes the cheaper of reading the matches from
-- that index (cost: the number of matches) and walking the code order
-- until a page is full (cost: page × entries ÷ matches). The worst case is
-- where the two meet, about sqrt(page × entries) index rows.
--
-- Invariants: entry_name holds every name of an entry (and may keep names no
-- entry has any more); entry_name_count and entry_filter_count equal the
-- counts of entry, kept by the statement triggers of
-- functions/govdx_entry_name_counts.sql, and rebuilt by
-- govdx_rebuild_entry_names (here: this migration fills the tables with it)
-- after a bulk load that bypasses triggers (the seed).

-- The index over every entry's bigrams gives way to one over the names'.
DROP INDEX entry_name_bigrams_idx;

CREATE TABLE entry_name (
	name text PRIMARY KEY,
	bigrams text[] NOT NULL
);
CREATE INDEX entry_name_bigrams_idx ON entry_name USING gin (bigrams);

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

CREATE INDEX entry_name_code_idx ON entry (name, sharing_type, open_attribute, code)
	INCLUDE (disputed);

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

