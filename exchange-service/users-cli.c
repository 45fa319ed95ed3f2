/*
 * users-cli.c — `govdx-exchanged user add|list|disable|enable`; see
 * users-cli.h.
 */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "users-cli.h"

#define PROG "govdx-exchanged user"

/* The roles of app_user (001-directory.sql), in the order they are told. */
static const char *const roles[] = {"official", "approver", "helpdesk", "authority", "admin",
                                    "cataloguer"};

static int usage(FILE *f, int status)
{
	fprintf(f,
	        "Usage: govdx-exchanged user add NAME --role ROLE --department CODE\n"
	        "                                [--display-name TEXT]\n"
	        "       govdx-exchanged user list [--platform CODE] [--role ROLE]\n"
	        "       govdx-exchanged user disable NAME\n"
	        "       govdx-exchanged user enable NAME\n"
	        "       (each with [--db CONNINFO])\n"
	        "add makes a user: NAME of lower-case letters, digits and '-' (at most 63),\n"
	        "ROLE one of official, approver, helpdesk, authority, admin, cataloguer,\n"
	        "CODE the 9-digit code of an existing department (its platform is the\n"
	        "user's);\n"
	        "the display name defaults to NAME. It has no token yet: see token issue.\n"
	        "list shows name, role, department, platform, state (active or disabled),\n"
	        "the tokens that still authenticate and the display name.\n"
	        "disable refuses every token of NAME (401) from the next request on, and\n"
	        "any new one; enable lets its tokens authenticate again.\n");
	return status;
}

static bool known_role(const char *role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(role, roles[i]) == 0)
			return true;
	return false;
}

/* As app_user's CHECK has it: ^[a-z0-9][a-z0-9-]{0,62}$. */
static bool valid_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 63 || name[0] == '-')
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static bool valid_code(const char *code, size_t len)
{
	return strlen(code) == len && strspn(code, "0123456789") == len;
}

static int add_user(PGconn *conn, const char *name, const char *role, const char *department,
                    const char *display)
{
	const char *params[4] = {name, display ? display : name, role, department};
	char err[512];
	PGresult *r;

	r = db_query(conn, "SELECT EXISTS (SELECT 1 FROM app_user WHERE name = $1), "
	              "(SELECT platform_code || ' ' || name FROM department WHERE code = $2)",
	        2, (const char *const[]){name, department}, PGRES_TUPLES_OK, err, sizeof err);
	if (!r)
		goto fail;
	if (strcmp(PQgetvalue(r, 0, 0), "t") == 0) {
		PQclear(r);
		snprintf(err, sizeof err, "a user named %s exists already (see user list)", name);
		goto fail;
	}
	if (PQgetisnull(r, 0, 1)) {
		PQclear(r);
		snprintf(err, sizeof err, "no department %s (a department's code has 9 digits: "
		                          "its platform's 6 and 3 of its own)", department);
		goto fail;
	}
	PQclear(r);
	/* ON CONFLICT: a user added by someone else meanwhile is not replaced. */
	r = db_query(conn, "INSERT INTO app_user (name, display_name, role, department_code) "
	              "VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING",
	        4, params, PGRES_COMMAND_OK, err, sizeof err);
	if (!r)
		goto fail;
	if (atol(PQcmdTuples(r)) != 1) {
		PQclear(r);
		snprintf(err, sizeof err, "a user named %s exists already (see user list)", name);
		goto fail;
	}
	PQclear(r);
	printf("added user %s (%s of department %s); issue its token with: "
	       "govdx-exchanged token issue %s --out FILE\n", name, role, department, name);
	return 0;
fail:
	fprintf(stderr, PROG ": %s\n", err);
	return 1;
}

static int list_users(PGconn *conn, const char *platform, const char *role)
{
	const char *params[2] = {platform, role};
	char err[512];
	PGresult *r = db_query(
		conn,
		"SELECT u.name, u.role, u.department_code, left(u.department_code, 6), "
		"CASE WHEN u.disabled_at IS NULL THEN 'active' ELSE 'disabled' END, "
		"(SELECT count(*) FROM api_token k WHERE k.user_name = u.name "
		" AND k.revoked_at IS NULL AND k.expires_at > now()), u.display_name "
		"FROM app_user u WHERE ($1::text IS NULL OR left(u.department_code, 6) = $1) "
		"AND ($2::text IS NULL OR u.role = $2) ORDER BY u.name",
		2, params, PGRES_TUPLES_OK, err, sizeof err);

	if (!r) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	printf("name\trole\tdepartment\tplatform\tstate\ttokens\tdisplay_name\n");
	for (int i = 0; i < PQntuples(r); i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		       PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4),
		       PQgetvalue(r, i, 5), PQgetvalue(r, i, 6));
	PQclear(r);
	return 0;
}

/* disable or enable NAME; doing it twice is harmless (said so). */
static int set_disabled(PGconn *conn, const char *name, bool disable)
{
	const char *params[2] = {name, disable ? "t" : "f"};
	char err[512];
	PGresult *r = db_query(
		conn,
		"WITH u AS (SELECT name, disabled_at IS NOT NULL AS was FROM app_user WHERE name = $1 "
		"           FOR UPDATE), "
		"c AS (UPDATE app_user a SET disabled_at = CASE WHEN $2::boolean "
		"      THEN coalesce(a.disabled_at, now()) END FROM u WHERE a.name = u.name) "
		"SELECT u.was, (SELECT count(*) FROM api_token k WHERE k.user_name = u.name "
		" AND k.revoked_at IS NULL AND k.expires_at > now()) FROM u",
		2, params, PGRES_TUPLES_OK, err, sizeof err);
	bool was;

	if (!r) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	if (PQntuples(r) != 1) {
		PQclear(r);
		fprintf(stderr, PROG ": no user named %s\n", name);
		return 1;
	}
	was = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	if (disable)
		printf("%s user %s: its %s token%s no longer authenticate%s\n",
		       was ? "already disabled:" : "disabled", name, PQgetvalue(r, 0, 1),
		       strcmp(PQgetvalue(r, 0, 1), "1") == 0 ? "" : "s",
		       strcmp(PQgetvalue(r, 0, 1), "1") == 0 ? "s" : "");
	else
		printf("%s user %s: its %s token%s authenticate%s again\n",
		       was ? "enabled" : "already enabled:", name, PQgetvalue(r, 0, 1),
		       strcmp(PQgetvalue(r, 0, 1), "1") == 0 ? "" : "s",
		       strcmp(PQgetvalue(r, 0, 1), "1") == 0 ? "s" : "");
	PQclear(r);
	return 0;
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return usage(stderr, 2);
}

int users_cli_main(int argc, char **argv, const char *db)
{
	enum { O_DB = 1000, O_ROLE, O_DEPARTMENT, O_PLATFORM, O_DISPLAY };
	static const struct option opts[] = {
		{"db", required_argument, NULL, O_DB},
		{"role", required_argument, NULL, O_ROLE},
		{"department", required_argument, NULL, O_DEPARTMENT},
		{"platform", required_argument, NULL, O_PLATFORM},
		{"display-name", required_argument, NULL, O_DISPLAY},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *role = NULL, *department = NULL, *platform = NULL, *display = NULL, *verb;
	char err[512];
	PGconn *conn;
	int c, rc, words;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case O_DB:
			db = optarg;
			break;
		case O_ROLE:
			if (!known_role(optarg))
				return bad("--role wants official, approver, helpdesk, authority, admin or "
				           "cataloguer, not \"%s\"", optarg);
			role = optarg;
			break;
		case O_DEPARTMENT:
			if (!valid_code(optarg, 9))
				return bad("--department wants a department's 9-digit code, not \"%s\"", optarg);
			department = optarg;
			break;
		case O_PLATFORM:
			if (!valid_code(optarg, 6))
				return bad("--platform wants a platform's 6-digit code, not \"%s\"", optarg);
			platform = optarg;
			break;
		case O_DISPLAY:
			if (!*optarg || strlen(optarg) > 200)
				return bad("--display-name wants 1 to 200 bytes");
			display = optarg;
			break;
		case 'h':
			return usage(stdout, 0);
		case ':':
			return bad("option %s needs a value", argv[optind - 1]);
		default:
			return bad("unknown option %s", argv[optind - 1]);
		}
	}
	verb = optind < argc ? argv[optind] : "";
	words = argc - optind;
	if (strcmp(verb, "add") == 0) {
		if (words != 2 || !role || !department || platform)
			return bad("add wants: add NAME --role ROLE --department CODE");
		if (!valid_name(argv[optind + 1]))
			return bad("a user's name is 1 to 63 lower-case letters, digits and '-', not "
			           "beginning with '-': not \"%s\"", argv[optind + 1]);
	} else if (strcmp(verb, "list") == 0) {
		if (words != 1 || department || display)
			return bad("list takes no arguments but --platform and --role");
	} else if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0) {
		if (words != 2 || role || department || platform || display)
			return bad("%s wants one user's name and no other option", verb);
	} else {
		return bad("add, list, disable or enable?");
	}
	conn = db_connect(db, err, sizeof err);
	if (!conn) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	if (strcmp(verb, "add") == 0)
		rc = add_user(conn, argv[optind + 1], role, department, display);
	else if (strcmp(verb, "list") == 0)
		rc = list_users(conn, platform, role);
	else
		rc = set_disabled(conn, argv[optind + 1], strcmp(verb, "disable") == 0);
	PQfinish(conn);
	return rc;
}
