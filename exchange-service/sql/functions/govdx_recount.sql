-- govdx_recount(): recomputes every count from scratch — after a bulk load
-- with the triggers off, and as a check (the integration tests compare it
-- with the kept counts).
--
-- Invariant: afterwards department.entry_count and platform_counts equal the
-- counts of the rows; grouped aggregates keep it linear in the entries
-- (millions), not one correlated count per platform.

CREATE OR REPLACE FUNCTION govdx_recount() RETURNS void LANGUAGE sql AS $$
	UPDATE department d SET entry_count = x.n
	FROM (SELECT dd.code, count(e.department_code) AS n
	      FROM department dd LEFT JOIN entry e ON e.department_code = dd.code
	      GROUP BY dd.code) x
	WHERE d.code = x.code AND d.entry_count <> x.n;
	INSERT INTO platform_counts (platform_code) SELECT code FROM platform ON CONFLICT DO NOTHING;
	WITH dep AS (
		SELECT platform_code, count(*) AS n, sum(entry_count) AS e FROM department GROUP BY 1),
	kids AS (
		SELECT parent_code, count(*) AS n FROM platform WHERE parent_code IS NOT NULL GROUP BY 1),
	own AS (
		SELECT p.code, coalesce(k.n, 0) AS children, coalesce(d.n, 0) AS departments,
		       coalesce(d.e, 0) AS entries
		FROM platform p LEFT JOIN dep d ON d.platform_code = p.code
		LEFT JOIN kids k ON k.parent_code = p.code),
	sub AS (
		SELECT a.ancestor_code AS code, sum(o.departments) AS departments, sum(o.entries) AS entries
		FROM platform_ancestor a JOIN own o ON o.code = a.platform_code GROUP BY 1)
	UPDATE platform_counts c
	SET children = own.children, departments = own.departments, entries = own.entries,
	    subtree_departments = sub.departments, subtree_entries = sub.entries
	FROM own JOIN sub USING (code)
	WHERE c.platform_code = own.code;
$$;
