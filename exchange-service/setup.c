/*
 * setup.c — migrate and demo load; see setup.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"
#include "migrate.h"
#include "setup.h"
#include "users.h"

bool setup_migrate(PGconn *conn, const char *data_dir, char *err, size_t errsz)
{
	char cal[4096];

	snprintf(cal, sizeof cal, "%s/" CALENDAR_DEFAULT_FILE, data_dir);
	return migrate_run(conn, data_dir, err, errsz) && calendar_store_statute(conn, err, errsz) &&
	       calendar_import(conn, cal, true, err, errsz);
}

/* The entries of the seeded directory, 0 when it is not seeded, -1 on error. */
static long seeded_entries(PGconn *conn, char *err, size_t errsz)
{
	PGresult *r = PQexec(conn, "SELECT entries FROM seed_info");
	long n = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		n = PQntuples(r) == 1 ? atol(PQgetvalue(r, 0, 0)) : 0;
	else
		snprintf(err, errsz, "%s", PQresultErrorMessage(r));
	PQclear(r);
	return n;
}

static void tell(const struct seed_progress *progress, const char *step)
{
	if (progress && progress->step)
		progress->step(progress->arg, step, NULL);
}

bool setup_demo_load(PGconn *conn, const char *data_dir, long scale, bool force,
                     const char *token_dir, const struct seed_progress *progress, char *err,
                     size_t errsz)
{
	long seeded;

	tell(progress, "migrate");
	if (!setup_migrate(conn, data_dir, err, errsz))
		return false;
	seeded = seeded_entries(conn, err, errsz);
	if (seeded < 0)
		return false;
	if (seeded > 0 && !force)
		printf("kept the seeded directory (%ld entries; --force replaces it)\n", seeded);
	else if (!seed_run(conn, data_dir, scale, force, progress, err, errsz))
		return false;
	tell(progress, "users");
	if (!token_dir) {
		if (!users_demo_accounts(conn, err, errsz))
			return false;
		printf("the demo users exist, without tokens (--token-dir DIR writes them; "
		       "or token issue USER)\n");
		return true;
	}
	return users_demo(conn, token_dir, err, errsz);
}
