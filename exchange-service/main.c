/*
 * main.c — the govdx-exchanged command line: migrate, seed, demo-users, serve,
 * and the operator commands token, calendar and audit.
 *
 * Exit status: 0 success, 1 runtime failure (one line on stderr saying
 * why), 2 usage error. Options default from the environment: --db from
 * GOVDX_DB (or the file GOVDX_DB_FILE names, for every command), --data-dir
 * from GOVDX_DATA_DIR, else the installed data directory (GOVDX_DATADIR,
 * where sql/ and data/ are installed). The connection string may hold the
 * database's password, so it can come from a file (--db-file, GOVDX_DB_FILE:
 * what systemd's LoadCredential= hands over) and never needs the command
 * line, where every user could read it. serve's read standby likewise:
 * --read-dsn or --read-db-file, else GOVDX_READ_DB or GOVDX_READ_DB_FILE.
 */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anchor.h"
#include "api-audit.h"
#include "audit.h"
#include "api-calendar.h"
#include "api-directory.h"
#include "api-events.h"
#include "api-metrics.h"
#include "api-objections.h"
#include "api-revisions.h"
#include "api-requests.h"
#include "body.h"
#include "calendar.h"
#include "conffile.h"
#include "db.h"
#include "files.h"
#include "http.h"
#include "idempotency.h"
#include "listen.h"
#include "migrate.h"
#include "notify.h"
#include "ratelimit.h"
#include "secret.h"
#include "seed.h"
#include "setup.h"
#include "standby.h"
#include "tokens.h"
#include "users.h"
#include "users-cli.h"

#define PROG "govdx-exchanged"
/* Connections the service holds at once, and of them what one client
 * address may hold by default: one client half-sending headers on every
 * connection would lock everyone else out. */
#define SERVE_CONNECTIONS 1000
#define SERVE_CONNECTIONS_MAX 100000
/* The largest request body serve takes by default, and what --body-limit
 * may set. */
#define SERVE_BODY_MIN 1024L
#define SERVE_BODY_MAX (16L * 1024 * 1024)
#define SERVE_PER_ADDRESS 64
/* Requests a second one user, and one client address, may make (a burst of
 * ten seconds' worth at once): far above what a person at a console or a
 * script doing its work asks, low enough that one client cannot take the
 * service from the others. */
#define SERVE_RATE_USER 200
#define SERVE_RATE_ADDRESS 1000
/* serve's config file when no --config is given, read only if it exists. */
#define CONFIG_DEFAULT GOVDX_SYSCONFDIR "/govdx/govdx-exchanged.conf"

/* The long options; a config file's key is the name of one (config_keys). */
enum option_code {
	O_DB = 1000, O_DB_FILE, O_DATA, O_TOKENS, O_LISTEN, O_PORTFILE, O_SCALE, O_THREADS, O_FORCE,
	O_PER_ADDRESS, O_RATE_USER, O_RATE_ADDRESS, O_PROGRESS, O_REQUEST_LOG, O_CONFIG,
	O_TRUST_PROXY, O_ANCHOR, O_ANCHOR_KEY, O_ANCHOR_EVERY, O_READ_DB, O_READ_DB_FILE, O_READ_MAX_LAG,
	O_MAX_CONNECTIONS, O_BODY_LIMIT, O_END
};

/* The keys of serve's config file (--config), one row each: a key is the
 * name of a long option of serve and takes the same values (set_option
 * reads both). To add one, add its option to parse_options' table and
 * set_option as for any option, then its row here and its entry under
 * CONFIGURATION FILE in govdx-exchanged(8) (the man lint holds the page
 * to this table). --db and --read-dsn are not here: a connection string
 * may hold a password; the file names the file that holds it (db-file,
 * read-db-file). */
static const struct conffile_key config_keys[] = {
	{"listen", O_LISTEN},
	{"db-file", O_DB_FILE},
	{"data-dir", O_DATA},
	{"threads", O_THREADS},
	{"port-file", O_PORTFILE},
	{"per-address-limit", O_PER_ADDRESS},
	{"max-connections", O_MAX_CONNECTIONS},
	{"body-limit", O_BODY_LIMIT},
	{"rate-limit-user", O_RATE_USER},
	{"rate-limit-address", O_RATE_ADDRESS},
	{"request-log", O_REQUEST_LOG},
	{"trust-proxy", O_TRUST_PROXY},
	{"audit-anchor", O_ANCHOR},
	{"audit-key-file", O_ANCHOR_KEY},
	{"audit-anchor-every", O_ANCHOR_EVERY},
	{"read-db-file", O_READ_DB_FILE},
	{"read-max-lag", O_READ_MAX_LAG},
};

struct cli {
	const char *command;
	const char *config; /* serve --config FILE */
	bool given[O_END - O_DB]; /* the options given on the command line */
	const char *db;
	const char *db_file; /* --db-file: read into db after the options */
	const char *data_dir;
	const char *token_dir;
	const char *listen;
	const char *port_file;
	const char *trusted_proxies; /* serve --trust-proxy */
	const char *anchor_file;     /* serve --audit-anchor (anchor.h) */
	const char *anchor_key_file; /* serve --audit-key-file */
	long anchor_every;
	long scale;
	unsigned threads;
	unsigned per_address; /* connections one client address may hold */
	unsigned max_connections; /* connections the service holds at once */
	size_t body_limit;        /* the largest request body */
	long rate_user, rate_address; /* requests a second (0: no limit) */
	bool force;
	bool progress; /* seed: progress lines on stderr */
	enum http_request_log request_log; /* serve: the request log's format, or off */
	/* serve: the read standby (standby.h): its connection string, or the
	 * file that holds it; the bound of its replay lag in seconds */
	const char *read_db;
	const char *read_db_file;
	double read_max_lag;
};

static void usage(FILE *f)
{
	fprintf(f,
	        "Usage: " PROG " COMMAND [OPTIONS]\n"
	        "The govdx exchange service: the government data directory over HTTP/JSON.\n"
	        "\n"
	        "Commands:\n"
	        "  migrate     [--db CONNINFO] [--data-dir DIR]\n"
	        "              apply the pending schema migrations (DIR/sql/NNN-name.sql),\n"
	        "              then every function file (DIR/sql/functions/ORDER)\n"
	        "  seed        [--db CONNINFO] [--data-dir DIR] [--scale N] [--force]\n"
	        "              [--progress]\n"
	        "              generate the demo directory from DIR/data/*.csv, N entries\n"
	        "              (default %ld, at most %ld); --force replaces an existing one;\n"
	        "              --progress: a line on stderr as each step begins\n"
	        "              (progress step NAME [DETAIL]) and after each batch of\n"
	        "              entries (progress entries DONE TOTAL), then progress done\n"
	        "  demo-users  [--db CONNINFO] --token-dir DIR\n"
	        "              create the demo users (or rotate their tokens); write\n"
	        "              DIR/<user>.token (mode 0600) and DIR/users.tsv\n"
	        "  demo load   [--db CONNINFO] [--data-dir DIR] [--scale N] [--token-dir DIR]\n"
	        "              [--force] [--progress]\n"
	        "              migrate, seed (unless seeded: --force replaces it) and the demo\n"
	        "              users (their tokens in DIR with --token-dir) in one command\n"
	        "  serve       [--config FILE] [--db CONNINFO] [--data-dir DIR]\n"
	        "              --listen HOST:PORT|unix:PATH\n"
	        "              [--threads N] [--port-file FILE] [--per-address-limit N]\n"
	        "              serve the API until SIGTERM or SIGINT; port 0 picks a free\n"
	        "              port, written to FILE once listening; unix:PATH, a Unix\n"
	        "              socket (mode 0660) for a proxy on this machine; one client\n"
	        "              address holds at most N of the connections (default %d)\n"
	        "              [--max-connections N] [--body-limit BYTES]\n"
	        "              connections held at once (default %d, 16 to 100000), and the\n"
	        "              largest request body (default 64k; 1024 to 16M, k or M)\n"
	        "              [--trust-proxy ADDR[,ADDR...]]\n"
	        "              the proxies in front (127.0.0.1, ::1, unix): for requests\n"
	        "              they pass, the client is the last X-Forwarded-For address\n"
	        "              [--audit-anchor FILE --audit-key-file KEY]\n"
	        "              [--audit-anchor-every N]\n"
	        "              append the audit head, signed with KEY, to FILE at start,\n"
	        "              every N events (default 100), a minute after a change and\n"
	        "              at stop (audit verify --anchor checks the chain against it)\n"
	        "              [--rate-limit-user R] [--rate-limit-address R]\n"
	        "              requests a second per user (default %d) and per client\n"
	        "              address (default %d), ten seconds' worth at once; 0: none;\n"
	        "              over it: 429 with Retry-After\n"
	        "              [--request-log text|json|off]\n"
	        "              one line per request on stderr, key=value or JSON, or\n"
	        "              none (default: $GOVDX_REQUEST_LOG, else text)\n"
	        "              [--read-dsn CONNINFO | --read-db-file FILE]\n"
	        "              [--read-max-lag SECONDS]\n"
	        "              directory reads on a streaming-replication standby\n"
	        "              (default: $GOVDX_READ_DB or $GOVDX_READ_DB_FILE), unless it\n"
	        "              is down, lags more than SECONDS (default %g) or has not\n"
	        "              replayed the caller's last write: then on the primary\n"
	        "              --config FILE: key = value lines, a key for each of these long\n"
	        "              options but --db; the command line and the environment win\n"
	        "              over it; without it, when it exists:\n"
	        "              %s\n"
	        "  token issue USER --out FILE|- [--days N] [--label TEXT]\n"
	        "  token revoke ID... | --user USER\n"
	        "  token list [--user USER] [--all]\n"
	        "              bearer tokens: a new one (shown once, in a new 0600 file),\n"
	        "              ended at once, or listed with expiry and last use\n"
	        "  user add NAME --role ROLE --department CODE [--display-name TEXT]\n"
	        "  user list [--platform CODE] [--role ROLE]\n"
	        "  user disable NAME | user enable NAME\n"
	        "              users: a new one, the table of them with their state and\n"
	        "              tokens, or one whose tokens are refused until enabled\n"
	        "  calendar import FILE [--db CONNINFO]\n"
	        "              replace the working-day calendar of the years FILE lists (a\n"
	        "              holiday notice: checked against the statutory holidays) and\n"
	        "              recompute the open deadlines over them (migrate loads\n"
	        "              DIR/data/holidays-cn.csv for years without a notice yet)\n"
	        "  audit verify [--db CONNINFO]\n"
	        "              recompute the audit trail's hash chain and hold every\n"
	        "              request, objection and disputed mark against its events;\n"
	        "              exit 1, one line each, when something does not hold\n"
	        "\n"
	        "Options:\n"
	        "  --db CONNINFO     libpq connection string (default: $GOVDX_DB)\n"
	        "  --db-file FILE    read the connection string from FILE, which others\n"
	        "                    may not read (migrate, seed, demo-users, demo load,\n"
	        "                    serve; default: $GOVDX_DB_FILE, for every command)\n"
	        "  --data-dir DIR    where sql/ and data/ are (default: $GOVDX_DATA_DIR,\n"
	        "                    else %s)\n"
	        "  -h, --help        show this help\n"
	        "  -V, --version     show the version\n"
	        "\n"
	        "Exit status: 0 success, 1 failure, 2 usage error or a bad config file.\n",
	        SEED_SCALE_DEFAULT, SEED_SCALE_MAX, SERVE_PER_ADDRESS, SERVE_CONNECTIONS,
	        SERVE_RATE_USER, SERVE_RATE_ADDRESS, STANDBY_MAX_LAG_DEFAULT, CONFIG_DEFAULT,
	        GOVDX_DATADIR);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '" PROG " --help'.\n");
	return 2;
}

static int fail(const char *what, const char *why)
{
	fprintf(stderr, PROG " %s: %s\n", what, why);
	return 1;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* The request log's format: text, json or off (an empty value is text). */
static bool parse_request_log(const char *s, enum http_request_log *out)
{
	if (!*s || strcmp(s, "text") == 0)
		*out = HTTP_LOG_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = HTTP_LOG_JSON;
	else if (strcmp(s, "off") == 0)
		*out = HTTP_LOG_OFF;
	else
		return false;
	return true;
}

/* Sets the value of a serve option (or --db-file, --data-dir) from the
 * command line or the config file. Returns false with why it is refused. */
static bool set_option(struct cli *cli, int code, const char *value, char *why, size_t whysz)
{
	long v;

	if (!*value && code != O_REQUEST_LOG) {
		for (size_t i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++)
			if (config_keys[i].id == code)
				snprintf(why, whysz, "%s wants a value", config_keys[i].name);
		return false;
	}
	switch (code) {
	case O_DB_FILE:
		cli->db_file = value;
		return true;
	case O_DATA:
		cli->data_dir = value;
		return true;
	case O_LISTEN:
		cli->listen = value;
		return true;
	case O_PORTFILE:
		cli->port_file = value;
		return true;
	case O_RATE_USER:
	case O_RATE_ADDRESS:
		if (!parse_long(value, 0, 1000000, &v)) {
			snprintf(why, whysz, "%s wants requests a second from 0 to 1000000, not \"%s\"",
			         code == O_RATE_USER ? "rate-limit-user" : "rate-limit-address", value);
			return false;
		}
		if (code == O_RATE_USER)
			cli->rate_user = v;
		else
			cli->rate_address = v;
		return true;
	case O_PER_ADDRESS:
		if (!parse_long(value, 1, SERVE_CONNECTIONS_MAX, &v)) {
			snprintf(why, whysz, "per-address-limit wants a number from 1 to %d, not \"%s\"",
			         SERVE_CONNECTIONS_MAX, value);
			return false;
		}
		cli->per_address = (unsigned)v;
		return true;
	case O_MAX_CONNECTIONS:
		if (!parse_long(value, 16, SERVE_CONNECTIONS_MAX, &v)) {
			snprintf(why, whysz, "max-connections wants a number from 16 to %d, not \"%s\"",
			         SERVE_CONNECTIONS_MAX, value);
			return false;
		}
		cli->max_connections = (unsigned)v;
		return true;
	case O_BODY_LIMIT: {
		/* bytes, or with a k or M suffix (1024, 1024 * 1024) */
		char digits[32];
		size_t n = strlen(value);
		long unit = 1;

		if (n > 0 && (value[n - 1] == 'k' || value[n - 1] == 'M')) {
			unit = value[n - 1] == 'k' ? 1024 : 1024 * 1024;
			n--;
		}
		if (n < sizeof digits) {
			memcpy(digits, value, n);
			digits[n] = '\0';
		}
		if (n >= sizeof digits || !parse_long(digits, 1, SERVE_BODY_MAX, &v) ||
		    v * unit < SERVE_BODY_MIN || v * unit > SERVE_BODY_MAX) {
			snprintf(why, whysz, "body-limit wants bytes from 1024 to 16M (a k or M suffix), "
			         "not \"%s\"", value);
			return false;
		}
		cli->body_limit = (size_t)(v * unit);
		return true;
	}
	case O_THREADS:
		if (!parse_long(value, 1, 256, &v)) {
			snprintf(why, whysz, "threads wants a number from 1 to 256, not \"%s\"", value);
			return false;
		}
		cli->threads = (unsigned)v;
		return true;
	case O_REQUEST_LOG:
		if (!parse_request_log(value, &cli->request_log)) {
			snprintf(why, whysz, "request-log wants text, json or off, not \"%s\"", value);
			return false;
		}
		return true;
	case O_TRUST_PROXY:
		if (strspn(value, "0123456789abcdefABCDEF.:,unix") != strlen(value)) {
			snprintf(why, whysz, "trust-proxy wants addresses such as 127.0.0.1,::1,unix, "
			         "not \"%s\"", value);
			return false;
		}
		cli->trusted_proxies = value;
		return true;
	case O_READ_DB:
	case O_READ_DB_FILE:
		if ((code == O_READ_DB && cli->read_db_file) || (code == O_READ_DB_FILE && cli->read_db)) {
			snprintf(why, whysz, "read-dsn and --read-db-file: give one");
			return false;
		}
		if (code == O_READ_DB)
			cli->read_db = value;
		else
			cli->read_db_file = value;
		return true;
	case O_READ_MAX_LAG: {
		char *end;

		cli->read_max_lag = strtod(value, &end);
		if (*end || !(cli->read_max_lag >= 0.1 && cli->read_max_lag <= 3600)) {
			snprintf(why, whysz, "read-max-lag wants seconds from 0.1 to 3600, not \"%s\"", value);
			return false;
		}
		return true;
	}
	case O_ANCHOR:
		cli->anchor_file = value;
		return true;
	case O_ANCHOR_KEY:
		cli->anchor_key_file = value;
		return true;
	case O_ANCHOR_EVERY:
		if (!parse_long(value, 1, 1000000, &cli->anchor_every)) {
			snprintf(why, whysz, "audit-anchor-every wants a number of events from 1 to "
			         "1000000, not \"%s\"", value);
			return false;
		}
		return true;
	default:
		snprintf(why, whysz, "not an option of the config file");
		return false;
	}
}

/* The read standby from GOVDX_READ_DB or GOVDX_READ_DB_FILE (serve without
 * --read-dsn or --read-db-file). Returns 0, or the exit status. */
static int read_db_from_env(struct cli *cli)
{
	const char *dsn = getenv("GOVDX_READ_DB"), *file = getenv("GOVDX_READ_DB_FILE");

	if (dsn && *dsn && file && *file)
		return usage_error("GOVDX_READ_DB and GOVDX_READ_DB_FILE are both set: set one");
	cli->read_db = dsn && *dsn ? dsn : NULL;
	cli->read_db_file = file && *file ? file : NULL;
	return 0;
}

/* Parses the options after the command. Returns 0, or the exit status. */
static int parse_options(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, O_DB},
		{"db-file", required_argument, NULL, O_DB_FILE},
		{"data-dir", required_argument, NULL, O_DATA},
		{"token-dir", required_argument, NULL, O_TOKENS},
		{"listen", required_argument, NULL, O_LISTEN},
		{"port-file", required_argument, NULL, O_PORTFILE},
		{"scale", required_argument, NULL, O_SCALE},
		{"threads", required_argument, NULL, O_THREADS},
		{"per-address-limit", required_argument, NULL, O_PER_ADDRESS},
		{"max-connections", required_argument, NULL, O_MAX_CONNECTIONS},
		{"body-limit", required_argument, NULL, O_BODY_LIMIT},
		{"rate-limit-user", required_argument, NULL, O_RATE_USER},
		{"rate-limit-address", required_argument, NULL, O_RATE_ADDRESS},
		{"force", no_argument, NULL, O_FORCE},
		{"progress", no_argument, NULL, O_PROGRESS},
		{"request-log", required_argument, NULL, O_REQUEST_LOG},
		{"config", required_argument, NULL, O_CONFIG},
		{"trust-proxy", required_argument, NULL, O_TRUST_PROXY},
		{"audit-anchor", required_argument, NULL, O_ANCHOR},
		{"audit-key-file", required_argument, NULL, O_ANCHOR_KEY},
		{"audit-anchor-every", required_argument, NULL, O_ANCHOR_EVERY},
		{"read-dsn", required_argument, NULL, O_READ_DB},
		{"read-db-file", required_argument, NULL, O_READ_DB_FILE},
		{"read-max-lag", required_argument, NULL, O_READ_MAX_LAG},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *cmd = cli->command;
	bool serve = strcmp(cmd, "serve") == 0, demo = strcmp(cmd, "demo load") == 0;
	char why[256];
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c >= O_DB && c < O_END)
			cli->given[c - O_DB] = true;
		switch (c) {
		case O_DB:
			if (cli->db_file)
				return usage_error("--db and --db-file: give one");
			cli->db = optarg;
			break;
		case O_DB_FILE:
			if (cli->given[O_DB - O_DB])
				return usage_error("--db and --db-file: give one");
			cli->db_file = optarg;
			break;
		case O_DATA:
			cli->data_dir = optarg;
			break;
		case O_TOKENS:
			if (strcmp(cmd, "demo-users") != 0 && !demo)
				return usage_error("--token-dir is an option of demo-users and demo load, not %s",
				                   cmd);
			cli->token_dir = optarg;
			break;
		case O_CONFIG:
			if (!serve)
				return usage_error("--config is an option of serve, not %s", cmd);
			cli->config = optarg;
			break;
		case O_LISTEN:
		case O_PORTFILE:
		case O_THREADS:
		case O_PER_ADDRESS:
		case O_MAX_CONNECTIONS:
		case O_BODY_LIMIT:
		case O_RATE_USER:
		case O_RATE_ADDRESS:
		case O_REQUEST_LOG:
			if (!serve)
				return usage_error("--listen, --threads, --port-file, --per-address-limit, "
				                   "--max-connections, --body-limit, --rate-limit-* and "
				                   "--request-log are options of serve, not %s",
				                   cmd);
			if (!set_option(cli, c, optarg, why, sizeof why))
				return usage_error("--%s", why);
			break;
		case O_TRUST_PROXY:
		case O_ANCHOR:
		case O_ANCHOR_KEY:
		case O_ANCHOR_EVERY:
			if (!serve)
				return usage_error("--trust-proxy, --audit-anchor, --audit-key-file and "
				                   "--audit-anchor-every are options of serve, not %s",
				                   cmd);
			if (!set_option(cli, c, optarg, why, sizeof why))
				return usage_error("--%s", why);
			break;
		case O_READ_DB:
		case O_READ_DB_FILE:
		case O_READ_MAX_LAG:
			if (!serve)
				return usage_error("--read-dsn, --read-db-file and --read-max-lag are options of "
				                   "serve, not %s", cmd);
			if (!set_option(cli, c, optarg, why, sizeof why))
				return usage_error("--%s", why);
			break;
		case O_SCALE:
		case O_FORCE:
		case O_PROGRESS:
			if (strcmp(cmd, "seed") != 0 && !demo)
				return usage_error("--scale, --force and --progress are options of seed and "
				                   "demo load, not %s",
				                   cmd);
			if (c == O_FORCE)
				cli->force = true;
			else if (c == O_PROGRESS)
				cli->progress = true;
			else if (!parse_long(optarg, SEED_SCALE_MIN, SEED_SCALE_MAX, &cli->scale))
				return usage_error("--scale wants a number from 1000 to 5000000, not \"%s\"",
				                   optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			return usage_error("option %s needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (strcmp(cmd, "demo-users") == 0 && !cli->token_dir)
		return usage_error("demo-users needs --token-dir DIR");
	return 0;
}

/* Whether the environment sets what a config key would (it wins). */
static bool env_sets(const struct cli *cli, int code)
{
	const char *v;

	if (code == O_DB_FILE)
		return *cli->db != '\0'; /* GOVDX_DB, or GOVDX_DB_FILE already read */
	if (code == O_READ_DB_FILE) {
		const char *dsn = getenv("GOVDX_READ_DB"), *file = getenv("GOVDX_READ_DB_FILE");

		return (dsn && *dsn) || (file && *file) || cli->given[O_READ_DB - O_DB];
	}
	if (code == O_DATA)
		v = getenv("GOVDX_DATA_DIR");
	else if (code == O_REQUEST_LOG)
		v = getenv("GOVDX_REQUEST_LOG");
	else
		return false;
	return v && *v;
}

/* serve's config file: --config FILE, else CONFIG_DEFAULT if it exists.
 * Sets each key the command line and the environment leave. Returns 0, or
 * the exit status (2) after saying FILE:LINE and why. *cf keeps the values
 * (the caller frees it after serving). */
static int apply_config(struct cli *cli, struct conffile **cf)
{
	const char *path = cli->config;
	char err[1024], why[256];

	if (!path) {
		if (access(CONFIG_DEFAULT, F_OK) != 0)
			return 0;
		path = CONFIG_DEFAULT;
	}
	*cf = conffile_read(path, config_keys, sizeof config_keys / sizeof config_keys[0], err,
	                    sizeof err);
	if (!*cf) {
		fprintf(stderr, PROG ": config: %s\n", err);
		return 2;
	}
	for (size_t i = 0; i < conffile_count(*cf); i++) {
		const struct conffile_entry *e = conffile_entry(*cf, i);
		int code = e->id;

		if (cli->given[code - O_DB] || env_sets(cli, code) ||
		    (code == O_DB_FILE && cli->given[O_DB - O_DB]))
			continue;
		if (!set_option(cli, code, e->value, why, sizeof why)) {
			fprintf(stderr, PROG ": config: %s:%u: %s\n", path, e->line, why);
			return 2;
		}
	}
	return 0;
}

/* What serve needs once the command line, the environment and the config
 * file are read. Returns 0, or the exit status. */
static int serve_defaults(struct cli *cli)
{
	const char *env = getenv("GOVDX_REQUEST_LOG");

	if (!cli->given[O_REQUEST_LOG - O_DB] && env && *env &&
	    !parse_request_log(env, &cli->request_log))
		return usage_error("GOVDX_REQUEST_LOG wants text, json or off, not \"%s\"", env);
	if (!cli->listen)
		return usage_error("serve needs --listen HOST:PORT or unix:PATH (or listen = in the "
		                   "config file)");
	if (!cli->anchor_file != !cli->anchor_key_file)
		return usage_error("--audit-anchor and --audit-key-file go together");
	if (strncmp(cli->listen, LISTEN_UNIX_PREFIX, 5) == 0) {
		/* A Unix path is checked here; a host is looked up when serving. */
		struct listen_spec where;
		char err[256];

		if (!listen_parse(cli->listen, &where, err, sizeof err))
			return usage_error("%s", err);
	}
	if (cli->port_file && strncmp(cli->listen, "unix:", 5) == 0)
		return usage_error("--port-file is for --listen HOST:PORT, not a Unix socket");
	if (!cli->read_db && !cli->read_db_file)
		return read_db_from_env(cli);
	return 0;
}

/* seed --progress: one line on stderr for each step and each batch of
 * entries, for tools/system to draw its progress bar from. */
static void seed_progress_step(void *arg, const char *step, const char *detail)
{
	(void)arg;
	fprintf(stderr, "progress step %s%s%s\n", step, detail ? " " : "", detail ? detail : "");
	fflush(stderr);
}

static void seed_progress_entries(void *arg, long done, long total)
{
	(void)arg;
	fprintf(stderr, "progress entries %ld %ld\n", done, total);
	fflush(stderr);
}

static int cmd_db_tool(const struct cli *cli)
{
	char err[1024];
	PGconn *conn = db_connect(cli->db, err, sizeof err);
	bool ok;
	const struct seed_progress progress = {
		.step = seed_progress_step,
		.entries = seed_progress_entries,
	};

	if (!conn)
		return fail(cli->command, err);
	if (strcmp(cli->command, "migrate") == 0) {
		ok = setup_migrate(conn, cli->data_dir, err, sizeof err);
	} else if (strcmp(cli->command, "seed") == 0 || strcmp(cli->command, "demo load") == 0) {
		if (strcmp(cli->command, "seed") == 0)
			ok = seed_run(conn, cli->data_dir, cli->scale, cli->force,
			              cli->progress ? &progress : NULL, err, sizeof err);
		else
			ok = setup_demo_load(conn, cli->data_dir, cli->scale, cli->force, cli->token_dir,
			                     cli->progress ? &progress : NULL, err, sizeof err);
		if (ok && cli->progress)
			fprintf(stderr, "progress done\n");
	} else
		ok = users_demo(conn, cli->token_dir, err, sizeof err);
	PQfinish(conn);
	return ok ? 0 : fail(cli->command, err);
}

/* Every module's statements, prepared on each worker connection. */
static struct db_statement *all_statements(size_t *n)
{
	const struct db_statement *(*const lists[])(size_t *) = {
		http_statements,        api_directory_statements, api_requests_statements,
		api_objections_statements, api_audit_statements,  api_events_statements,
		api_calendar_statements, idempotency_statements, secret_statements,
		api_revisions_statements,
	};
	struct db_statement *all = NULL, *p;
	size_t total = 0, k;

	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		lists[i](&k);
		total += k;
	}
	all = calloc(total, sizeof *all);
	if (!all)
		return NULL;
	p = all;
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		const struct db_statement *s = lists[i](&k);

		memcpy(p, s, k * sizeof *s);
		p += k;
	}
	*n = total;
	return all;
}

/* Every module's routes in one table, ended by a NULL pattern. */
static struct http_route *all_routes(void)
{
	const struct http_route *const tables[] = {
		api_directory_routes, api_requests_routes, api_objections_routes,
		api_audit_routes,     api_events_routes,   api_calendar_routes,
		api_metrics_routes,   api_revisions_routes,
	};
	struct http_route *all;
	size_t total = 0, o = 0;

	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		for (const struct http_route *r = tables[i]; r->pattern; r++)
			total++;
	all = calloc(total + 1, sizeof *all);
	if (!all)
		return NULL;
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		for (const struct http_route *r = tables[i]; r->pattern; r++)
			all[o++] = *r;
	return all;
}

/* The audit anchor's writer (anchor.h), its key read from its file. */
static struct anchor_writer *start_anchor(const struct cli *cli, char *err, size_t errsz)
{
	char *key = files_read_secret(cli->anchor_key_file, err, errsz);
	struct anchor_writer *w = NULL;

	if (!key)
		return NULL;
	if (strlen(key) < ANCHOR_KEY_MIN)
		snprintf(err, errsz, "--audit-key-file %s: the key is shorter than %d bytes",
		         cli->anchor_key_file, ANCHOR_KEY_MIN);
	else
		w = anchor_writer_start(cli->db, cli->anchor_file, key, strlen(key), cli->anchor_every,
		                        err, errsz);
	explicit_bzero(key, strlen(key));
	free(key);
	return w;
}

static int cmd_serve(const struct cli *cli)
{
	size_t n_all = 0;
	struct db_statement *all = all_statements(&n_all);
	struct http_route *routes = all_routes();
	struct api_events *events = api_events_new(cli->db);
	struct http_options opt = {
		.listen = cli->listen,
		.threads = cli->threads,
		.body_limit = cli->body_limit,
		.connection_limit = cli->max_connections,
		.per_address_limit = cli->per_address,
		.connection_timeout = 60,
		.routes = routes,
		.context = events,
		.request_log = cli->request_log,
		.trusted_proxies = cli->trusted_proxies,
	};
	struct http_server *srv = NULL;
	struct secret_store *secrets = secret_store_new();
	struct anchor_writer *anchor = NULL;
	char err[512];
	char *read_db_owned = NULL; /* the standby's connection string from a file */
	sigset_t stop;
	int sig = 0, rc = 1;

	if (!all || !routes || !events || !secrets) {
		fail("serve", "out of memory");
		goto out;
	}
	opt.secrets = secrets;
	opt.user_limit = ratelimit_new((double)cli->rate_user, 10.0 * (double)cli->rate_user);
	opt.address_limit = ratelimit_new((double)cli->rate_address, 10.0 * (double)cli->rate_address);
	if ((cli->rate_user && !opt.user_limit) || (cli->rate_address && !opt.address_limit)) {
		fail("serve", "out of memory");
		goto out;
	}
	opt.pool = db_pool_new(cli->db, all, n_all);
	if (!opt.pool) {
		fail("serve", "cannot set up database connections");
		goto out;
	}
	/* The read standby: directory reads only (standby.h). */
	if (cli->read_db_file) {
		read_db_owned = files_read_secret(cli->read_db_file, err, sizeof err);
		if (!read_db_owned) {
			fail("serve", err);
			goto out;
		}
	}
	if (cli->read_db || read_db_owned) {
		size_t n_dir;
		const struct db_statement *dir = api_directory_statements(&n_dir);

		opt.standby = standby_new(read_db_owned ? read_db_owned : cli->read_db, dir, n_dir,
		                          cli->read_max_lag);
		if (!opt.standby) {
			fail("serve", "cannot set up the read standby's connections");
			goto out;
		}
	}
	/* Block the stop signals in every thread (the workers inherit the mask)
	 * and take them synchronously here. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!api_events_start(events, err, sizeof err)) {
		fail("serve", err);
		goto out;
	}
	if (cli->anchor_file) {
		anchor = start_anchor(cli, err, sizeof err);
		if (!anchor) {
			fail("serve", err);
			goto out;
		}
	}
	srv = http_start(&opt, err, sizeof err);
	if (!srv) {
		fail("serve", err);
		goto out;
	}
	if (cli->port_file) {
		char port[32];

		snprintf(port, sizeof port, "%u\n", http_port(srv));
		if (!files_write_atomic(cli->port_file, port, strlen(port), 0644, err, sizeof err)) {
			fail("serve", err);
			goto out;
		}
	}
	if (strncmp(cli->listen, "unix:", 5) == 0)
		fprintf(stderr, PROG " %s listening on %s (%u threads%s)\n", PACKAGE_VERSION,
		        cli->listen, cli->threads, opt.standby ? ", directory reads on the standby" : "");
	else
		fprintf(stderr, PROG " %s listening on %s (port %u, %u threads%s)\n", PACKAGE_VERSION,
		        cli->listen, http_port(srv), cli->threads,
		        opt.standby ? ", directory reads on the standby" : "");
	notify_ready(cli->listen, http_port(srv));
	while (sigwait(&stop, &sig) != 0)
		;
	notify_stopping();
	fprintf(stderr, PROG ": signal %d, stopping\n", sig);
	rc = 0;
	if (cli->port_file)
		unlink(cli->port_file);
out:
	/* Parked long polls must be resumed before the daemon stops. */
	api_events_stop(events);
	http_stop(srv);
	anchor_writer_stop(anchor); /* after the last request: the stop line is the final head */
	api_events_free(events);
	db_pool_free(opt.pool);
	standby_free(opt.standby);
	if (read_db_owned) {
		explicit_bzero(read_db_owned, strlen(read_db_owned));
		free(read_db_owned);
	}
	secret_store_free(secrets);
	ratelimit_free(opt.user_limit);
	ratelimit_free(opt.address_limit);
	free(routes);
	free(all);
	return rc;
}

/* Replaces *owned by the connection string in path (--db-file or
 * GOVDX_DB_FILE, named by what). Returns 0, or the exit status after saying
 * why. */
static int read_db_file(const char *what, const char *path, char **owned)
{
	char err[1024];

	if (*owned) {
		explicit_bzero(*owned, strlen(*owned));
		free(*owned);
	}
	*owned = files_read_secret(path, err, sizeof err);
	return *owned ? 0 : fail(what, err);
}

/* The command of argv[1]; *db_owned is the connection string read from a
 * file, if any (main wipes it). */
static int run_command(struct cli *cli, int argc, char **argv, char **db_owned)
{
	struct conffile *cf = NULL;
	int rc;

	if (strcmp(argv[1], "calendar") == 0)
		return calendar_main(argc - 1, argv + 1, cli->db);
	if (strcmp(argv[1], "token") == 0)
		return tokens_main(argc - 1, argv + 1, cli->db);
	if (strcmp(argv[1], "user") == 0)
		return users_cli_main(argc - 1, argv + 1, cli->db);
	if (strcmp(argv[1], "audit") == 0)
		return audit_main(argc - 1, argv + 1, cli->db);
	cli->command = argv[1];
	if (strcmp(argv[1], "demo") == 0) {
		if (argc < 3 || strcmp(argv[2], "load") != 0)
			return usage_error("demo wants: demo load [OPTIONS]");
		cli->command = "demo load";
		argc--, argv++; /* "load" stands for the command's name */
	} else if (strcmp(cli->command, "migrate") != 0 && strcmp(cli->command, "seed") != 0 &&
	           strcmp(cli->command, "demo-users") != 0 && strcmp(cli->command, "serve") != 0)
		return usage_error("unknown command \"%s\"", cli->command);
	rc = parse_options(cli, argc - 1, argv + 1);
	if (rc)
		return rc;
	if (strcmp(cli->command, "serve") == 0) {
		rc = apply_config(cli, &cf);
		if (!rc)
			rc = serve_defaults(cli);
	}
	if (!rc && cli->db_file) {
		rc = read_db_file(cli->given[O_DB_FILE - O_DB] ? "--db-file" : "config db-file",
		                  cli->db_file, db_owned);
		if (!rc)
			cli->db = *db_owned;
	}
	if (!rc)
		rc = strcmp(cli->command, "serve") == 0 ? cmd_serve(cli) : cmd_db_tool(cli);
	conffile_free(cf);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli cli = {
		.db = getenv("GOVDX_DB"),
		.data_dir = getenv("GOVDX_DATA_DIR"),
		.scale = SEED_SCALE_DEFAULT,
		.threads = 4,
		.per_address = SERVE_PER_ADDRESS,
		.max_connections = SERVE_CONNECTIONS,
		.body_limit = BODY_LIMIT_DEFAULT,
		.rate_user = SERVE_RATE_USER,
		.rate_address = SERVE_RATE_ADDRESS,
		.read_max_lag = STANDBY_MAX_LAG_DEFAULT,
	};
	const char *db_file = getenv("GOVDX_DB_FILE");
	char *db_owned = NULL;
	int rc;

	if (!cli.data_dir || !*cli.data_dir)
		cli.data_dir = GOVDX_DATADIR;
	if (!cli.db)
		cli.db = "";
	if (argc < 2)
		return usage_error("a command is needed: migrate, seed, demo-users, demo, serve, user, "
		                   "token, calendar or audit");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf(PROG " %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (db_file && *db_file) {
		if (*cli.db)
			return usage_error("GOVDX_DB and GOVDX_DB_FILE are both set: set one");
		rc = read_db_file("GOVDX_DB_FILE", db_file, &db_owned);
		if (rc)
			return rc;
		cli.db = db_owned;
	}
	rc = run_command(&cli, argc, argv, &db_owned);
	if (db_owned) {
		explicit_bzero(db_owned, strlen(db_owned));
		free(db_owned);
	}
	return rc;
}
