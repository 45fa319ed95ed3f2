-- govdx_revision_missing(fields): what a revision lacks to be submitted (or
-- published), as "fields.<name>" in the order of RevisionFields: every core
-- field that is null or absent, then the rules between fields —
-- sharing_condition for conditional sharing, sharing_method unless the
-- entry is not shared (none), basis for conditional and none,
-- open_condition for conditional opening. Empty when complete.
--
-- Invariant: a revision with nothing missing satisfies the CHECKs of entry
-- (basis, sharing_condition), so its publication cannot fail on them.

CREATE OR REPLACE FUNCTION govdx_revision_missing(f jsonb) RETURNS text[]
	LANGUAGE sql IMMUTABLE
	RETURN ARRAY(
		SELECT 'fields.' || x.k
		FROM (VALUES
			(1, 'name', true), (2, 'classification', true), (3, 'abstract', true),
			(4, 'format', true), (5, 'items', true), (6, 'sharing_type', true),
			(7, 'sharing_condition', f ->> 'sharing_type' = 'conditional'),
			(8, 'sharing_method', f ->> 'sharing_type' IN ('unconditional', 'conditional')),
			(9, 'basis', f ->> 'sharing_type' IN ('conditional', 'none')),
			(10, 'open_attribute', true),
			(11, 'open_condition', f ->> 'open_attribute' = 'conditional'),
			(12, 'update_cycle', true)) AS x (ord, k, needed)
		WHERE coalesce(x.needed, false)
		  AND coalesce(jsonb_typeof(f -> x.k), 'null') = 'null'
		ORDER BY x.ord);
