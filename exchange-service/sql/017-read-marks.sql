-- 017-read-marks: read-your-writes with a read standby, across instances.
--
-- With serve --read-dsn, directory reads go to a streaming-replication
-- standby (exchange-service/standby.h). After every POST a user makes, the
-- service keeps here the primary's WAL insert position, which is past that
-- write's commit; the token lookup (on the primary, every request) returns
-- it with the user, and the user's reads go to the standby only once the
-- standby has replayed up to it. Kept in the database rather than in one
-- process's memory, so that a write through one instance is never shown
-- stale by another. Only ever raised (greatest), one row per user who wrote.

CREATE TABLE read_mark (
	user_name text PRIMARY KEY REFERENCES app_user (name) ON DELETE CASCADE,
	lsn pg_lsn NOT NULL
);
