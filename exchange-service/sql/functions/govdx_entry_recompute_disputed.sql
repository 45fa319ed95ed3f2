-- govdx_entry_recompute_disputed(entry): sets entry.disputed from the
-- entry's objections.
--
-- Invariants: entry.disputed is true exactly while some objection on the
-- entry is verifying, corrected or upheld; it is recomputed, never toggled,
-- by a caller that holds the entry's row lock. Writes only when the mark
-- changes.

CREATE OR REPLACE FUNCTION govdx_entry_recompute_disputed(p_entry text) RETURNS void
	LANGUAGE sql AS $$
	UPDATE entry e SET disputed = x.d
	FROM (SELECT EXISTS (SELECT 1 FROM objection o
	                     WHERE o.entry_code = p_entry
	                       AND o.state IN ('verifying', 'corrected', 'upheld')) AS d) x
	WHERE e.code = p_entry AND e.disputed IS DISTINCT FROM x.d;
$$;
