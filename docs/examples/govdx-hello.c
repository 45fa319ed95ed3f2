/*
 * govdx-hello — the smallest program using libgovdx: it connects to the
 * exchange service at $GOVDX_URL with the bearer token of TOKEN-FILE, asks
 * for the service's health and the national platform at once, runs the
 * client's loop until both have answered, and prints what came back.
 *
 * Build it against the installed library (libgovdx(3)):
 *
 *   cc -o govdx-hello govdx-hello.c $(pkg-config --cflags --libs libgovdx)
 *
 * Run it:
 *
 *   GOVDX_URL=https://exchange.example.gov.cn ./govdx-hello ~/.config/govdx/national.token
 *
 * $GOVDX_CA_FILE, when set, is the CA bundle that TLS checks the service
 * against. The token file must be mode 0600. Exit status: 0 both answers
 * came, 1 a call failed, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>

#include <govdx.h>

/* What the two calls left for main to print. */
struct hello {
	int failed;
};

static void say_error(const char *what, const struct govdx_error *err)
{
	fprintf(stderr, "govdx-hello: %s: %s (%s", what, err->message,
	        govdx_error_kind_name(err->kind));
	if (err->http_status)
		fprintf(stderr, ", HTTP %ld", err->http_status);
	fprintf(stderr, ", %s)\n", err->code);
}

/* Callbacks run from inside govdx_client_perform, on this thread; each owns
 * its result and frees it. */
static void on_health(void *arg, const struct govdx_error *err, struct govdx_health *h)
{
	struct hello *hello = arg;

	if (err) {
		say_error("health", err);
		hello->failed++;
		return;
	}
	printf("service: %s, version %s, database %s\n", h->status, h->version, h->database);
	govdx_health_free(h);
}

static void on_platform(void *arg, const struct govdx_error *err, struct govdx_platform_node *n)
{
	struct hello *hello = arg;

	if (err) {
		say_error("platform 000000", err);
		hello->failed++;
		return;
	}
	printf("platform: %s %s (%s): %ld child platforms, %ld entries in all\n",
	       n->platform.code, n->platform.name, govdx_level_name(n->platform.level),
	       n->platform.counts.children, n->platform.counts.subtree_entries);
	govdx_platform_node_free(n);
}

int main(int argc, char **argv)
{
	struct govdx_options opt = {0};
	struct govdx_client *c = NULL;
	struct govdx_error err;
	struct hello hello = {0};

	opt.url = getenv("GOVDX_URL");
	opt.token_file = argc == 2 ? argv[1] : NULL;
	opt.ca_file = getenv("GOVDX_CA_FILE");
	opt.user_agent = "govdx-hello";
	if (argc != 2 || !opt.url || !*opt.url) {
		fprintf(stderr, "usage: GOVDX_URL=URL govdx-hello TOKEN-FILE\n");
		return 2;
	}
	if (govdx_client_new(&opt, &c, &err) != 0) {
		say_error("client", &err);
		return 1;
	}
	printf("libgovdx %s, %s\n", govdx_version(), govdx_client_url(c));

	/* Both calls are in flight at once; a call that cannot start has
	 * already called its callback with the error. */
	govdx_health(c, on_health, &hello);
	govdx_platform(c, "000000", on_platform, &hello);

	/* The event loop: wait for the client's sockets, then let it work
	 * (which runs the callbacks of the calls that finished). */
	while (govdx_client_pending(c) > 0) {
		if (govdx_client_poll(c, NULL, 0, 1000, &err) != 0) {
			say_error("poll", &err);
			hello.failed++;
			break;
		}
		govdx_client_perform(c);
	}
	govdx_client_free(c);
	return hello.failed ? 1 : 0;
}
