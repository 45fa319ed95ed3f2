-- 013-service-secret: the service's own secrets, made once and kept in the
-- database, so that every worker and every instance of the service shares
-- them and a restart does not change them.
--
-- 'cursor': the 128-bit key that signs page cursors (cursor.h: a cursor's
-- tag is a SipHash-2-4 MAC of its list and its key). The service makes it
-- from the system's random source the first time it needs it (secret.c:
-- INSERT … ON CONFLICT DO NOTHING, so two instances agree on one) and reads
-- it back. Deleting the row retires every cursor given out, once the
-- service is restarted: it then makes a new key.
CREATE TABLE service_secret (
	name text PRIMARY KEY,
	value bytea NOT NULL CHECK (octet_length(value) = 16),
	created_at timestamptz NOT NULL DEFAULT now()
);
