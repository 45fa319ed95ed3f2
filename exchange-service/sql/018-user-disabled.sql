-- 018-user-disabled: a user an operator has disabled (govdx-exchanged user
-- disable NAME) keeps its tokens, its requests and its place in the audit
-- trail, but none of its tokens authenticates while disabled_at is set
-- (auth in http.c answers 401), and no new token is issued for it.
-- `user enable NAME` clears it; the tokens that are neither revoked nor
-- expired hold again. Every user that existed before is enabled. (IF NOT
-- EXISTS: the migration was numbered 017 on its branch before it met the
-- read marks.)
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS disabled_at timestamptz;
