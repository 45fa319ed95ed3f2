-- 001-directory: the data directory (platforms, departments, catalog entries),
-- the summary counts that keep subtree totals cheap, and the users.
--
-- Invariants:
-- - Codes are compared bytewise (COLLATE "C"), so a code prefix is a btree range.
-- - An entry code starts with its department code, which starts with its
--   platform code; a platform's subtree is the range of its code prefix
--   (platform.subtree_prefix): '' national, 'PP' provincial, 'PPCC' municipal,
--   'PPCCXX' county. See docs/architecture.md, "Entry codes".
-- - platform_counts and department.entry_count are kept by the triggers below;
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
-- be present) and rechecked with strpos.
CREATE FUNCTION govdx_bigrams(t text) RETURNS text[]
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN ARRAY(SELECT DISTINCT substr(t, i, 2)
	             FROM generate_series(1, char_length(t) - 1) AS i);

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

-- Count maintenance. Statement-level triggers fold a whole statement's
-- changes into one update per touched row of the counts.
CREATE FUNCTION govdx_apply_entry_delta(codes text[], ns bigint[]) RETURNS void LANGUAGE sql AS $$
	WITH d AS (SELECT c COLLATE "C" AS department_code, sum(n) AS n
	           FROM unnest(codes, ns) AS x (c, n) GROUP BY 1 HAVING sum(n) <> 0),
	dep AS (UPDATE department SET entry_count = entry_count + d.n
	        FROM d WHERE department.code = d.department_code),
	own AS (UPDATE platform_counts c SET entries = entries + s.n
	        FROM (SELECT left(department_code, 6) AS p, sum(n) AS n FROM d GROUP BY 1) s
	        WHERE c.platform_code = s.p)
	UPDATE platform_counts c SET subtree_entries = subtree_entries + s.n
	FROM (SELECT a.ancestor_code AS p, sum(d.n) AS n
	      FROM d JOIN platform_ancestor a ON a.platform_code = left(d.department_code, 6)
	      GROUP BY 1) s
	WHERE c.platform_code = s.p;
$$;

CREATE FUNCTION govdx_entry_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	codes text[];
	ns bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(k), array_agg(n) INTO codes, ns
		FROM (SELECT department_code, count(*) FROM new_rows GROUP BY 1) s (k, n);
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(k), array_agg(-n) INTO codes, ns
		FROM (SELECT department_code, count(*) FROM old_rows GROUP BY 1) s (k, n);
	ELSE
		SELECT array_agg(k), array_agg(n) INTO codes, ns
		FROM (SELECT department_code, count(*) FROM new_rows GROUP BY 1
		      UNION ALL
		      SELECT department_code, -count(*) FROM old_rows GROUP BY 1) s (k, n);
	END IF;
	IF codes IS NOT NULL THEN
		PERFORM govdx_apply_entry_delta(codes, ns);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER entry_counts_ins AFTER INSERT ON entry REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_counts();
CREATE TRIGGER entry_counts_del AFTER DELETE ON entry REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_counts();
CREATE TRIGGER entry_counts_upd AFTER UPDATE ON entry
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_entry_counts();

CREATE FUNCTION govdx_apply_department_delta(codes text[], ns bigint[]) RETURNS void LANGUAGE sql AS $$
	WITH d AS (SELECT c COLLATE "C" AS platform_code, sum(n) AS n
	           FROM unnest(codes, ns) AS x (c, n) GROUP BY 1 HAVING sum(n) <> 0),
	own AS (UPDATE platform_counts c SET departments = departments + d.n
	        FROM d WHERE c.platform_code = d.platform_code)
	UPDATE platform_counts c SET subtree_departments = subtree_departments + s.n
	FROM (SELECT a.ancestor_code AS p, sum(d.n) AS n
	      FROM d JOIN platform_ancestor a ON a.platform_code = d.platform_code GROUP BY 1) s
	WHERE c.platform_code = s.p;
$$;

CREATE FUNCTION govdx_department_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	codes text[];
	ns bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(k), array_agg(n) INTO codes, ns
		FROM (SELECT platform_code, count(*) FROM new_rows GROUP BY 1) s (k, n);
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(k), array_agg(-n) INTO codes, ns
		FROM (SELECT platform_code, count(*) FROM old_rows GROUP BY 1) s (k, n);
	ELSE
		SELECT array_agg(k), array_agg(n) INTO codes, ns
		FROM (SELECT platform_code, count(*) FROM new_rows GROUP BY 1
		      UNION ALL
		      SELECT platform_code, -count(*) FROM old_rows GROUP BY 1) s (k, n);
	END IF;
	IF codes IS NOT NULL THEN
		PERFORM govdx_apply_department_delta(codes, ns);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER department_counts_ins AFTER INSERT ON department REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_department_counts();
CREATE TRIGGER department_counts_del AFTER DELETE ON department REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_department_counts();
CREATE TRIGGER department_counts_upd AFTER UPDATE ON department
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION govdx_department_counts();

-- Recomputes every count from scratch (after a bulk load with triggers off,
-- and as a check: the integration tests compare it with the kept counts).
CREATE FUNCTION govdx_recount() RETURNS void LANGUAGE sql AS $$
	UPDATE department d SET entry_count = coalesce(x.n, 0)
	FROM department d2 LEFT JOIN (SELECT department_code, count(*) AS n FROM entry GROUP BY 1) x
		ON x.department_code = d2.code
	WHERE d.code = d2.code AND d.entry_count IS DISTINCT FROM coalesce(x.n, 0);
	INSERT INTO platform_counts (platform_code) SELECT code FROM platform ON CONFLICT DO NOTHING;
	WITH own AS (
		SELECT p.code,
		       (SELECT count(*) FROM platform c WHERE c.parent_code = p.code) AS children,
		       (SELECT count(*) FROM department d WHERE d.platform_code = p.code) AS departments,
		       (SELECT coalesce(sum(entry_count), 0) FROM department d WHERE d.platform_code = p.code) AS entries
		FROM platform p),
	sub AS (
		SELECT a.ancestor_code AS code, sum(o.departments) AS departments, sum(o.entries) AS entries
		FROM platform_ancestor a JOIN own o ON o.code = a.platform_code GROUP BY 1)
	UPDATE platform_counts c
	SET children = own.children, departments = own.departments, entries = own.entries,
	    subtree_departments = sub.departments, subtree_entries = sub.entries
	FROM own JOIN sub USING (code)
	WHERE c.platform_code = own.code;
$$;
