/*
 * users.c — demo users and their tokens; see users.h.
 *
 * Invariant: a token exists in clear only in this process and in its 0600
 * file; the database holds sha256(token) and nothing else of it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "files.h"
#include "users.h"

struct demo_platform {
	const char *prefix;
	const char *code;
};

struct demo_role {
	const char *role;
	const char *domain; /* department domain the user works in */
};

static const struct demo_platform platforms[] = {
	{"nat", "000000"}, {"hebei", "130000"}, {"zhejiang", "330000"}, {"guangdong", "440000"},
};

/* Officials ask for data from the 公安 side, approvers decide for 民政 (both
 * publish entries) and its cataloguer keeps 民政's catalog entries; the data
 * bureau is the platform's data authority (which reviews and publishes
 * them) and runs its helpdesk and administration. */
static const struct demo_role roles[] = {
	{"official", "public-security"},   {"approver", "civil-affairs"},
	{"helpdesk", "data-administration"}, {"authority", "data-administration"},
	{"admin", "data-administration"},
};

/* Roles added later: their users come after all of the above (in platform
 * order), so that the users above keep their places and display names. */
static const struct demo_role later_roles[] = {
	{"cataloguer", "civil-affairs"},
};

static const char *const names[] = {
	"王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴强",
	"徐丽", "孙浩", "胡军", "朱琳", "高峰", "林芳", "何勇", "郭洁", "马超", "罗霞",
	"谢娜", "韩冰", "唐宁", "冯雪",
};

bool users_random_token(char *hex, char *err, size_t errsz)
{
	unsigned char raw[32];
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errsz, "/dev/urandom: %s", strerror(errno));
		return false;
	}
	while (got < sizeof raw) {
		ssize_t n = read(fd, raw + got, sizeof raw - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			snprintf(err, errsz, "/dev/urandom: short read");
			return false;
		}
		got += (size_t)n;
	}
	close(fd);
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	memset(raw, 0, sizeof raw);
	return true;
}

static bool department_of(PGconn *conn, const char *platform, const char *domain, char *code,
                          size_t codesz, char *err, size_t errsz)
{
	const char *params[] = {platform, domain};
	PGresult *r = PQexecParams(conn,
	                           "SELECT code FROM department WHERE platform_code = $1 "
	                           "AND data_domain = $2 ORDER BY code LIMIT 1",
	                           2, NULL, params, NULL, NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;

	if (ok)
		snprintf(code, codesz, "%s", PQgetvalue(r, 0, 0));
	else if (PQresultStatus(r) != PGRES_TUPLES_OK)
		db_error_line(PQresultErrorMessage(r), err, errsz);
	else
		snprintf(err, errsz, "platform %s has no %s department: seed the directory first",
		         platform, domain);
	PQclear(r);
	return ok;
}

#define N_ROLES (sizeof roles / sizeof roles[0] + sizeof later_roles / sizeof later_roles[0])
#define N_USERS (sizeof platforms / sizeof platforms[0] * N_ROLES)

struct made_user {
	char name[64];
	char token[65];
	const char *role;
	char department[16];
	const char *platform;
};

/* Inserts the users; with tokens, replaces what an existing user has (the
 * token is rotated), without them (the seed's accounts) leaves existing
 * users alone. */
static bool store(PGconn *conn, struct made_user *u, size_t n, bool tokens, char *err,
                  size_t errsz)
{
	if (!db_run(conn, "BEGIN", err, errsz))
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *params[] = {u[i].name, names[i % (sizeof names / sizeof names[0])],
		                        u[i].role, u[i].department, tokens ? u[i].token : NULL};
		/* With a token: the user made or updated, its demo tokens
		 * replaced by this one (a year to live). */
		PGresult *r = PQexecParams(
			conn,
			tokens ? "WITH u AS (INSERT INTO app_user (name, display_name, role, department_code) "
			         "VALUES ($1, $2, $3, $4) "
			         "ON CONFLICT (name) DO UPDATE SET display_name = EXCLUDED.display_name, "
			         "role = EXCLUDED.role, department_code = EXCLUDED.department_code "
			         "RETURNING name), "
			         "gone AS (DELETE FROM api_token WHERE user_name = $1 AND label = 'demo') "
			         "INSERT INTO api_token (user_name, token_sha256, label, expires_at) "
			         "SELECT name, sha256(convert_to($5, 'UTF8')), 'demo', now() + interval '365 days' "
			         "FROM u"
			       : "INSERT INTO app_user (name, display_name, role, department_code) "
			         "VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING",
			tokens ? 5 : 4, NULL, params, NULL, NULL, 0);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;

		if (!ok)
			db_error_line(PQresultErrorMessage(r), err, errsz);
		PQclear(r);
		if (!ok) {
			char ignore[64];

			db_run(conn, "ROLLBACK", ignore, sizeof ignore);
			return false;
		}
	}
	return db_run(conn, "COMMIT", err, errsz);
}

/* Fills u[] (N_USERS) with names, roles and departments; tokens too if asked. */
static bool plan(PGconn *conn, struct made_user *u, bool tokens, char *err, size_t errsz)
{
	size_t n = 0;

	memset(u, 0, N_USERS * sizeof *u);
	for (size_t later = 0; later < 2; later++) {
		const struct demo_role *set = later ? later_roles : roles;
		size_t nset = later ? sizeof later_roles / sizeof later_roles[0]
		                    : sizeof roles / sizeof roles[0];

		for (size_t p = 0; p < sizeof platforms / sizeof platforms[0]; p++)
			for (size_t r = 0; r < nset; r++, n++) {
				snprintf(u[n].name, sizeof u[n].name, "%s-%s", platforms[p].prefix,
				         set[r].role);
				u[n].role = set[r].role;
				u[n].platform = platforms[p].code;
				if (!department_of(conn, platforms[p].code, set[r].domain, u[n].department,
				                   sizeof u[n].department, err, errsz) ||
				    (tokens && !users_random_token(u[n].token, err, errsz)))
					return false;
			}
	}
	return true;
}

bool users_demo_accounts(PGconn *conn, char *err, size_t errsz)
{
	struct made_user u[N_USERS];

	return plan(conn, u, false, err, errsz) && store(conn, u, N_USERS, false, err, errsz);
}

bool users_demo(PGconn *conn, const char *token_dir, char *err, size_t errsz)
{
	struct made_user u[N_USERS];
	char path[4096], tsv[8192], line[256];
	size_t n = 0, off = 0;
	bool ok = true;

	if (mkdir(token_dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errsz, "%s: %s", token_dir, strerror(errno));
		return false;
	}
	if (!plan(conn, u, true, err, errsz)) {
		memset(u, 0, sizeof u);
		return false;
	}
	n = N_USERS;
	if (!store(conn, u, n, true, err, errsz)) {
		memset(u, 0, sizeof u);
		return false;
	}
	off = (size_t)snprintf(tsv, sizeof tsv, "user\trole\tdepartment\tplatform\n");
	for (size_t i = 0; i < n && ok; i++) {
		snprintf(path, sizeof path, "%s/%s.token", token_dir, u[i].name);
		snprintf(line, sizeof line, "%s\n", u[i].token);
		ok = files_write_atomic(path, line, strlen(line), 0600, err, errsz);
		off += (size_t)snprintf(tsv + off, sizeof tsv - off, "%s\t%s\t%s\t%s\n", u[i].name,
		                        u[i].role, u[i].department, u[i].platform);
	}
	memset(u, 0, sizeof u);
	snprintf(path, sizeof path, "%s/users.tsv", token_dir);
	if (ok)
		ok = files_write_atomic(path, tsv, off, 0644, err, errsz);
	if (ok)
		printf("wrote %zu demo users and their tokens to %s\n", n, token_dir);
	return ok;
}
