/*
 * tokens.c — issuing, revoking and listing bearer tokens; see tokens.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "db.h"
#include "tokens.h"
#include "users.h"

#define PROG "govdx-exchanged token"

static int usage(FILE *f, int status)
{
	fprintf(f,
	        "Usage: govdx-exchanged token issue USER --out FILE|- [--days N] [--label TEXT]\n"
	        "       govdx-exchanged token revoke ID... | --user USER\n"
	        "       govdx-exchanged token list [--user USER] [--all]\n"
	        "       (each with [--db CONNINFO])\n"
	        "issue makes a token for USER, valid N days (default 365, at most 3650), and\n"
	        "writes it to FILE, a new file of mode 0600, or to standard output for -;\n"
	        "it is shown this once. revoke ends tokens at once: the ones named by ID, or\n"
	        "every token of USER. list shows the tokens that still authenticate (--all:\n"
	        "revoked and expired ones too): id, user, label, created, expires, revoked,\n"
	        "last used (written at most every five minutes).\n");
	return status;
}

/* The token into a new file of mode 0600 (an existing file is refused: it
 * may be another user's token), or on stdout for "-". */
static bool write_token(const char *out, const char *token, char *err, size_t errsz)
{
	char line[80];
	int fd;
	size_t n = (size_t)snprintf(line, sizeof line, "%s\n", token);
	bool ok;

	if (strcmp(out, "-") == 0) {
		ok = fwrite(line, 1, n, stdout) == n && fflush(stdout) == 0;
		if (!ok)
			snprintf(err, errsz, "cannot write the token to standard output");
		explicit_bzero(line, sizeof line);
		return ok;
	}
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errsz, "%s: %s%s", out, strerror(errno),
		         errno == EEXIST ? " (a token goes to a new file only)" : "");
		explicit_bzero(line, sizeof line);
		return false;
	}
	ok = fchmod(fd, 0600) == 0 && write(fd, line, n) == (ssize_t)n;
	if (!ok)
		snprintf(err, errsz, "%s: %s", out, strerror(errno));
	if (close(fd) != 0 && ok) {
		snprintf(err, errsz, "%s: %s", out, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(out);
	explicit_bzero(line, sizeof line);
	return ok;
}

static int issue_token(PGconn *conn, const char *user, const char *out, long days, const char *label)
{
	char token[65], d[16], err[512];
	const char *params[4] = {user, token, d, label};
	PGresult *r;
	int rc = 1;

	snprintf(d, sizeof d, "%ld", days);
	/* Checked before the file is made: no user, or a disabled one, gets
	 * no token (the insert below holds to it too). */
	r = db_query(conn, "SELECT disabled_at IS NOT NULL FROM app_user WHERE name = $1", 1, params,
	        PGRES_TUPLES_OK, err, sizeof err);
	if (!r)
		goto fail;
	if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), "t") == 0) {
		snprintf(err, sizeof err, PQntuples(r) != 1 ? "no user named %s"
		                                            : "user %s is disabled: enable it first "
		                                              "(user enable)", user);
		PQclear(r);
		goto fail;
	}
	PQclear(r);
	if (!users_random_token(token, err, sizeof err))
		goto fail;
	/* Written to its file first: a token the database holds but no one
	 * has would be of no use. The file goes again if the insert fails. */
	if (!write_token(out, token, err, sizeof err))
		goto fail;
	r = db_query(conn,
	        "INSERT INTO api_token (user_name, token_sha256, label, expires_at) "
	        "SELECT name, sha256(convert_to($2, 'UTF8')), $4, now() + make_interval(days => $3::int) "
	        "FROM app_user WHERE name = $1 AND disabled_at IS NULL RETURNING id, to_char(expires_at AT TIME ZONE 'Asia/Shanghai', "
	        "'YYYY-MM-DD HH24:MI')",
	        4, params, PGRES_TUPLES_OK, err, sizeof err);
	if (r && PQntuples(r) == 1) {
		printf("issued token %s for %s, valid until %s (Beijing time)\n", PQgetvalue(r, 0, 0),
		       user, PQgetvalue(r, 0, 1));
		rc = 0;
	} else if (r) {
		snprintf(err, sizeof err, "no user named %s, or it is disabled", user);
	}
	PQclear(r);
	if (rc != 0 && strcmp(out, "-") != 0)
		unlink(out);
	if (rc == 0)
		goto done;
fail:
	fprintf(stderr, PROG ": %s\n", err);
done:
	explicit_bzero(token, sizeof token);
	return rc;
}

static int revoke_tokens(PGconn *conn, const char *user, char **ids, int n_ids)
{
	char err[512];
	PGresult *r;
	long total = 0;

	if (user) {
		const char *params[1] = {user};
		r = db_query(conn, "UPDATE api_token SET revoked_at = now() WHERE user_name = $1 "
		              "AND revoked_at IS NULL",
		        1, params, PGRES_COMMAND_OK, err, sizeof err);
		if (!r)
			goto fail;
		total = atol(PQcmdTuples(r));
		PQclear(r);
	}
	for (int i = 0; i < n_ids; i++) {
		const char *params[1] = {ids[i]};

		if (strspn(ids[i], "0123456789") != strlen(ids[i]) || !ids[i][0] || strlen(ids[i]) > 18) {
			snprintf(err, sizeof err, "\"%s\" is not a token id (see token list)", ids[i]);
			goto fail;
		}
		r = db_query(conn, "UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) "
		              "WHERE id = $1::bigint",
		        1, params, PGRES_COMMAND_OK, err, sizeof err);
		if (!r)
			goto fail;
		if (atol(PQcmdTuples(r)) == 0) {
			PQclear(r);
			snprintf(err, sizeof err, "no token %s", ids[i]);
			goto fail;
		}
		total += atol(PQcmdTuples(r));
		PQclear(r);
	}
	printf("revoked %ld token%s\n", total, total == 1 ? "" : "s");
	return 0;
fail:
	fprintf(stderr, PROG ": %s\n", err);
	return 1;
}

static int list_tokens(PGconn *conn, const char *user, bool all)
{
	const char *params[2] = {user, all ? "t" : "f"};
	char err[512];
	PGresult *r = db_query(
		conn,
		"SELECT id, user_name, label, "
		"to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), "
		"to_char(expires_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), "
		"coalesce(to_char(revoked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), '-'), "
		"coalesce(to_char(last_used_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), '-') "
		"FROM api_token WHERE ($1::text IS NULL OR user_name = $1) "
		"AND ($2::boolean OR (revoked_at IS NULL AND expires_at > now())) ORDER BY id",
		2, params, PGRES_TUPLES_OK, err, sizeof err);

	if (!r) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	printf("id\tuser\tlabel\tcreated\texpires\trevoked\tlast_used\n");
	for (int i = 0; i < PQntuples(r); i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		       PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4),
		       PQgetvalue(r, i, 5), PQgetvalue(r, i, 6));
	PQclear(r);
	return 0;
}

int tokens_main(int argc, char **argv, const char *db)
{
	enum { O_DB = 1000, O_OUT, O_DAYS, O_LABEL, O_USER, O_ALL };
	static const struct option opts[] = {
		{"db", required_argument, NULL, O_DB},       {"out", required_argument, NULL, O_OUT},
		{"days", required_argument, NULL, O_DAYS},   {"label", required_argument, NULL, O_LABEL},
		{"user", required_argument, NULL, O_USER},   {"all", no_argument, NULL, O_ALL},
		{"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0},
	};
	const char *out = NULL, *label = "", *user = NULL, *verb;
	char err[512], *end;
	bool all = false;
	long days = 365;
	PGconn *conn;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case O_DB:
			db = optarg;
			break;
		case O_OUT:
			out = optarg;
			break;
		case O_DAYS:
			errno = 0;
			days = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || days < 1 || days > 3650) {
				fprintf(stderr, PROG ": --days wants a number from 1 to 3650, not \"%s\"\n",
				        optarg);
				return usage(stderr, 2);
			}
			break;
		case O_LABEL:
			label = optarg;
			if (strlen(label) > 100) {
				fprintf(stderr, PROG ": --label takes at most 100 characters\n");
				return 2;
			}
			break;
		case O_USER:
			user = optarg;
			break;
		case O_ALL:
			all = true;
			break;
		case 'h':
			return usage(stdout, 0);
		case ':':
			fprintf(stderr, PROG ": option %s needs a value\n", argv[optind - 1]);
			return usage(stderr, 2);
		default:
			fprintf(stderr, PROG ": unknown option %s\n", argv[optind - 1]);
			return usage(stderr, 2);
		}
	}
	verb = optind < argc ? argv[optind] : "";
	if (strcmp(verb, "issue") == 0) {
		if (argc - optind != 2 || !out) {
			fprintf(stderr, PROG ": issue wants: issue USER --out FILE|-\n");
			return usage(stderr, 2);
		}
	} else if (strcmp(verb, "revoke") == 0) {
		if ((argc - optind > 1) == (user != NULL)) {
			fprintf(stderr, PROG ": revoke wants token ids or --user USER, not both\n");
			return usage(stderr, 2);
		}
	} else if (strcmp(verb, "list") == 0) {
		if (argc - optind != 1) {
			fprintf(stderr, PROG ": list takes no arguments but --user and --all\n");
			return usage(stderr, 2);
		}
	} else {
		fprintf(stderr, PROG ": issue, revoke or list?\n");
		return usage(stderr, 2);
	}
	conn = db_connect(db, err, sizeof err);
	if (!conn) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	if (strcmp(verb, "issue") == 0)
		rc = issue_token(conn, argv[optind + 1], out, days, label);
	else if (strcmp(verb, "revoke") == 0)
		rc = revoke_tokens(conn, user, argv + optind + 1, argc - optind - 1);
	else
		rc = list_tokens(conn, user, all);
	PQfinish(conn);
	return rc;
}
