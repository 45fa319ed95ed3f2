-- govdx_apply_entry_delta(codes, ns): adds ns[i] entries to department
-- codes[i] — its entry_count, its platform's own entries and the subtree
-- entries of the platform and every ancestor (platform_ancestor).
--
-- Invariant: one UPDATE per platform_counts row per call (PostgreSQL applies
-- only one update per row and statement, so a platform's own and subtree
-- figures are changed together); codes whose deltas sum to 0 are skipped.

CREATE OR REPLACE FUNCTION govdx_apply_entry_delta(codes text[], ns bigint[]) RETURNS void LANGUAGE sql AS $$
	WITH d AS (SELECT c COLLATE "C" AS department_code, sum(n) AS n
	           FROM unnest(codes, ns) AS x (c, n) GROUP BY 1 HAVING sum(n) <> 0),
	dep AS (UPDATE department SET entry_count = entry_count + d.n
	        FROM d WHERE department.code = d.department_code)
	UPDATE platform_counts c
	SET entries = entries + s.own, subtree_entries = subtree_entries + s.sub
	FROM (SELECT a.ancestor_code AS p, sum(d.n) AS sub,
	             coalesce(sum(d.n) FILTER (WHERE a.ancestor_code = a.platform_code), 0) AS own
	      FROM d JOIN platform_ancestor a ON a.platform_code = left(d.department_code, 6)
	      GROUP BY 1) s
	WHERE c.platform_code = s.p;
$$;
