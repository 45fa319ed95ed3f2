-- govdx_entry_history(code): the published revisions of an entry: the rows
-- of entry_revision, and, for an entry the seed loaded and nobody revised
-- yet, its revision 1 as the entry holds it now (revision_id, published_at
-- and published_by NULL).
--
-- Invariant: exactly one row per number from 1 to the entry's revision
-- (a publication stores the revision it replaces when it is not stored).

CREATE OR REPLACE FUNCTION govdx_entry_history(p_code text)
	RETURNS TABLE (number integer, name text, fields jsonb, revision_id text,
	               published_at timestamptz, published_by text)
	LANGUAGE sql STABLE AS $$
	SELECT x.number, x.fields ->> 'name', x.fields, x.revision_id, x.published_at, x.published_by
	FROM entry_revision x WHERE x.entry_code = p_code
	UNION ALL
	SELECT e.revision, e.name, govdx_entry_fields(e), NULL, e.published_at, e.published_by
	FROM entry e
	WHERE e.code = p_code
	  AND NOT EXISTS (SELECT 1 FROM entry_revision x WHERE x.entry_code = p_code
	                  AND x.number = e.revision)
$$;
