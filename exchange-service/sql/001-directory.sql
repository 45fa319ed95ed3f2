-- 001-directory: the data directory (platforms, departments, catalog entries),
-- the summary counts that keep subtree totals cheap, and the users.
--
-- Invariants:
-- - Codes are compared bytewise (COLLATE "C"), so a code prefix is a btree range.
-- - An entry code starts with its department code, which starts with its
--   platform code; a platform's subtree is the range of its code prefix
--   (platform.subtree_prefix): '' national, 'PP' provincial, 'PPCC' municipal,
--   'PPCCXX' county. See docs/architecture.md, "Entry codes".
-- - platform_counts and department.entry_count are kept by the triggers of
--   functions/govdx_entry_counts.sql and govdx_department_counts.sql;
--   nothing counts a province at request time.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE platform (
	code text COLLATE "C" PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
	name text NOT NULL,
	level text NOT NULL CHECK (level IN ('national', 'provincial', 'municipal', 'county')),
	parent_code text COLLATE "C" REFERENCES platform (code),
	subtree_prefix text COLLATE "C" NOT NULL,
	CHECK ((level = 'national') = (parent_code IS NULL))
);
CREATE INDEX platform_parent_idx ON platform (parent_code, code);

-- Every (platform, ancestor-or-self) pair: the set a count change climbs.
CREATE TABLE platform_ancestor (
	platform_code text COLLATE "C" NOT NULL REFERENCES platform (code),
	ancestor_code text COLLATE "C" NOT NULL REFERENCES platform (code),
	PRIMARY KEY (platform_code, ancestor_code)
);

CREATE TABLE platform_counts (
	platform_code text COLLATE "C" PRIMARY KEY REFERENCES platform (code),
	children integer NOT NULL DEFAULT 0,
	departments integer NOT NULL DEFAULT 0,
	entries bigint NOT NULL DEFAULT 0,
	subtree_departments integer NOT NULL DEFAULT 0,
	subtree_entries bigint NOT NULL DEFAULT 0
);

CREATE TABLE department (
	code text COLLATE "C" PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
	platform_code text COLLATE "C" NOT NULL REFERENCES platform (code),
	name text NOT NULL,
	short_name text NOT NULL,
	data_domain text NOT NULL,
	entry_count integer NOT NULL DEFAULT 0,
	CHECK (left(code, 6) = platform_code)
);
CREATE INDEX department_platform_idx ON department (platform_code, code);

-- A kind of resource (婚姻登记信息, 企业注销信息, ...) with its classification and
-- information items; the entries of many departments share one template.
CREATE TABLE resource_template (
	id integer PRIMARY KEY,
	data_domain text NOT NULL,
	name text NOT NULL,
	classification text NOT NULL CHECK (classification ~ '^[1-3]-[0-9]{2}-[0-9]{3}-[0-9]{2}$'),
	classification_name text NOT NULL,
	items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array')
);

-- Two-character substrings of a text: the keys of the name search index. A
-- query of any length n >= 2 is answered from this index (its bigrams must all
-- be present) and rechecked with strpos. It stays here, not in functions/:
-- the index below is built with it, so it must exist before the index does
-- and never change behind the index's back (a new body needs a migration
-- that replaces it and rebuilds entry_name_bigrams_idx). A loop: about
-- three times faster than a set-based SQL body when the index is built over
-- millions of names; duplicates are left in (GIN keeps each key once).
CREATE FUNCTION govdx_bigrams(t text) RETURNS text[]
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	r text[] := '{}';
BEGIN
	FOR i IN 1 .. char_length(t) - 1 LOOP
		r := r || substr(t, i, 2);
	END LOOP;
	RETURN r;
END $$;

CREATE TABLE entry (
	code text COLLATE "C" PRIMARY KEY
		CHECK (code ~ '^[0-9]{9}-[1-3][0-9]{5}-[0-9]{4}$'),
	name text NOT NULL,
	department_code text COLLATE "C" NOT NULL REFERENCES department (code),
	template_id integer NOT NULL REFERENCES resource_template (id),
	abstract text NOT NULL,
	format text NOT NULL,
	sharing_type text NOT NULL CHECK (sharing_type IN ('unconditional', 'conditional', 'none')),
	sharing_condition text,
	sharing_method text CHECK (sharing_method IN ('api', 'file', 'database')),
	basis text,
	open_attribute text NOT NULL CHECK (open_attribute IN ('open', 'conditional', 'closed')),
	update_cycle text NOT NULL
		CHECK (update_cycle IN ('实时', '每日', '每周', '每月', '每季度', '每半年', '每年', '其他')),
	release_date date NOT NULL,
	related text[] COLLATE "C" NOT NULL DEFAULT '{}',
	disputed boolean NOT NULL DEFAULT false,
	CHECK (left(code, 9) = department_code),
	CHECK (sharing_type = 'unconditional' OR basis IS NOT NULL),
	CHECK (sharing_type <> 'conditional' OR sharing_condition IS NOT NULL)
);
CREATE INDEX entry_name_bigrams_idx ON entry USING gin (govdx_bigrams(name));

CREATE TABLE app_user (
	name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
	display_name text NOT NULL,
	role text NOT NULL CHECK (role IN ('official', 'approver', 'helpdesk', 'authority', 'admin')),
	department_code text COLLATE "C" NOT NULL REFERENCES department (code),
	token_sha256 bytea UNIQUE CHECK (octet_length(token_sha256) = 32),
	created_at timestamptz NOT NULL DEFAULT now()
);

-- Which seed produced the directory (one row once seeded).
CREATE TABLE seed_info (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	entries bigint NOT NULL,
	seeded_at timestamptz NOT NULL DEFAULT now()
);

-- The counts are kept by statement-level triggers on entry and department
-- (functions/govdx_entry_counts.sql, govdx_department_counts.sql) and can be
-- recomputed from scratch (functions/govdx_recount.sql).
