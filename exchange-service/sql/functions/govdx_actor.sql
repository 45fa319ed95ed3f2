-- govdx_actor(actor): who a user is, for the checks — role, department,
-- platform and the prefix of that platform's subtree.
--
-- Invariant: an unknown user is GX403 forbidden (never a NULL row).

CREATE OR REPLACE FUNCTION govdx_actor(p_actor text,
	OUT role text, OUT department_code text, OUT platform_code text, OUT subtree_prefix text)
	LANGUAGE plpgsql STABLE AS $$
BEGIN
	SELECT u.role, u.department_code, p.code, p.subtree_prefix
	INTO role, department_code, platform_code, subtree_prefix
	FROM app_user u JOIN platform p ON p.code = left(u.department_code, 6)
	WHERE u.name = p_actor;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'unknown user "%"', p_actor USING ERRCODE = 'GX403', HINT = 'forbidden';
	END IF;
END $$;
