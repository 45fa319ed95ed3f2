-- govdx_entry_disputed_now(entry): whether the entry's objections make it
-- disputed (the rule govdx_entry_recompute_disputed keeps and `audit
-- verify` checks, govdx_audit_subjects): an objection verifying, corrected
-- or upheld, or closed while the revision it was corrected with is open.

CREATE OR REPLACE FUNCTION govdx_entry_disputed_now(p_entry text) RETURNS boolean
	LANGUAGE sql STABLE
	RETURN EXISTS (SELECT 1 FROM objection o
	               WHERE o.entry_code = p_entry
	                 AND (o.state IN ('verifying', 'corrected', 'upheld')
	                      OR (o.state = 'closed'
	                          AND EXISTS (SELECT 1 FROM revision r
	                                      WHERE r.id = o.revision
	                                        AND r.state IN ('draft', 'submitted', 'returned')))));
