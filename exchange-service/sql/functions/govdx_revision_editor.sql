-- govdx_revision_editor(role, department, target): whether a user of that
-- role and department drafts, edits, submits and withdraws the revisions of
-- department target — its cataloguers; where target has no enabled
-- cataloguer, its approvers (the documented fallback, docs/architecture.md
-- "Catalog maintenance").
--
-- Invariant: the one place that says who drafts; the revision and entry
-- rules call it.

CREATE OR REPLACE FUNCTION govdx_revision_editor(p_role text, p_department text, p_target text)
	RETURNS boolean
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN coalesce(p_department = p_target
		AND (p_role = 'cataloguer'
		     OR (p_role = 'approver'
		         AND NOT EXISTS (SELECT 1 FROM app_user u
		                         WHERE u.department_code = p_target AND u.role = 'cataloguer'
		                           AND u.disabled_at IS NULL))), false);
