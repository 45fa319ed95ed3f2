-- govdx_entry_recompute_disputed(entry): sets entry.disputed from the
-- entry's objections.
--
-- Invariants: entry.disputed is true exactly while some objection on the
-- entry is verifying, corrected or upheld, or is closed but was corrected
-- with a revision (objection.revision, set by a correct naming it) that is
-- still open (draft, submitted or returned): the mark clears when
-- that revision is published (or withdrawn) and the objection is closed
-- (govdx_entry_disputed_now). It is recomputed, never toggled, by a
-- caller that holds the entry's row lock. Writes only when the mark
-- changes.

CREATE OR REPLACE FUNCTION govdx_entry_recompute_disputed(p_entry text) RETURNS void
	LANGUAGE sql AS $$
	UPDATE entry e SET disputed = x.d
	FROM (SELECT govdx_entry_disputed_now(p_entry) AS d) x
	WHERE e.code = p_entry AND e.disputed IS DISTINCT FROM x.d;
$$;
