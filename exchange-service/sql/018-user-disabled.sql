-- 018-user-disabled: a user an operator has disabled (govdx-exchanged user
-- disable NAME) keeps its tokens, its requests and its place in the audit
-- trail, but none of its tokens authenticates while disabled_at is set
-- (auth in http.c answers 401), and no new token is issued for it.
-- `user enable NAME` clears it; the tokens that are neither revoked nor
-- expired hold again. Every user that existed before is enabled.
ALTER TABLE app_user ADD COLUMN disabled_at timestamptz;
