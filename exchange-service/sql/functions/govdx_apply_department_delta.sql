-- govdx_apply_department_delta(codes, ns): adds ns[i] departments to
-- platform codes[i] — its own departments and the subtree departments of it
-- and every ancestor.
--
-- Invariant: one UPDATE per platform_counts row per call, as in
-- govdx_apply_entry_delta.

CREATE OR REPLACE FUNCTION govdx_apply_department_delta(codes text[], ns bigint[]) RETURNS void LANGUAGE sql AS $$
	WITH d AS (SELECT c COLLATE "C" AS platform_code, sum(n) AS n
	           FROM unnest(codes, ns) AS x (c, n) GROUP BY 1 HAVING sum(n) <> 0)
	UPDATE platform_counts c
	SET departments = departments + s.own, subtree_departments = subtree_departments + s.sub
	FROM (SELECT a.ancestor_code AS p, sum(d.n) AS sub,
	             coalesce(sum(d.n) FILTER (WHERE a.ancestor_code = a.platform_code), 0) AS own
	      FROM d JOIN platform_ancestor a ON a.platform_code = d.platform_code
	      GROUP BY 1) s
	WHERE c.platform_code = s.p;
$$;
