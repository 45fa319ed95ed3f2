-- 014-api-tokens: bearer tokens of their own, with an expiry, a revocation
-- and the time of their last use.
--
-- A user may hold several tokens (a new one is issued before the old one is
-- revoked, so a console never stops). Only sha256(token) is kept. A token
-- authenticates while it is not revoked and not expired; last_used_at is
-- written at most every five minutes (auth in http.c), so a busy client
-- does not turn every read into a write.
--
-- The tokens of app_user.token_sha256 (the demo users') move here with a
-- year to live; the column goes.
CREATE TABLE api_token (
	id bigserial PRIMARY KEY,
	user_name text NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
	token_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
	label text NOT NULL DEFAULT '' CHECK (char_length(label) <= 100),
	created_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	revoked_at timestamptz,
	last_used_at timestamptz,
	CHECK (expires_at > created_at)
);
CREATE INDEX api_token_user_idx ON api_token (user_name);

INSERT INTO api_token (user_name, token_sha256, label, created_at, expires_at)
SELECT name, token_sha256, 'demo', created_at, now() + interval '365 days'
FROM app_user WHERE token_sha256 IS NOT NULL;

ALTER TABLE app_user DROP COLUMN token_sha256;
