-- 006-idempotency: the first answer of every POST that carried an
-- Idempotency-Key (docs/architecture.md, "Idempotency").
--
-- Invariants:
-- - One row per (actor, key). The row is inserted FIRST in the write's own
--   transaction (INSERT … ON CONFLICT DO NOTHING), so two concurrent requests
--   with the same key serialise on the primary key: the second waits for the
--   first to commit and then finds its answer, or claims the key itself if
--   the first rolled back. Two writes can never both happen for one key.
-- - status and body are filled in the same transaction, before COMMIT: a
--   committed row always carries the answer. Refused writes roll back and
--   leave no row, so their retry is judged afresh.
-- - request_sha256 is the SHA-256 (hex) of "METHOD PATH\n" followed by the
--   body bytes; the same key with another method, path or body is refused
--   (422 idempotency_key_reused).
-- - Rows older than a day are purged by the service (the events thread, once
--   an hour); a retry is expected within minutes.

CREATE TABLE idempotency_key (
	actor text NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
	key text COLLATE "C" NOT NULL CHECK (key ~ '^[ -~]{1,128}$'),
	request_sha256 text NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
	status integer CHECK (status BETWEEN 200 AND 599),
	body text,
	etag text,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (actor, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
