/*
 * listen.c — the listening address: HOST:PORT through getaddrinfo, or a
 * Unix socket made here (see listen.h).
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen.h"

/* Connections a Unix socket queues before accept. */
#define UNIX_BACKLOG 128

static bool parse_host_port(const char *text, struct sockaddr_storage *ss, char *err,
                            size_t errsz)
{
	char host[256];
	const char *colon = strrchr(text, ':');
	const char *h = text;
	size_t hlen;
	struct addrinfo hints, *ai = NULL;
	int rc;

	if (!colon || colon == text || !colon[1]) {
		snprintf(err, errsz, "--listen wants HOST:PORT or unix:PATH, got \"%s\"", text);
		return false;
	}
	hlen = (size_t)(colon - text);
	if (h[0] == '[' && hlen >= 2 && h[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	if (hlen >= sizeof host) {
		snprintf(err, errsz, "--listen host is too long");
		return false;
	}
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errsz, "--listen %s: %s", text, gai_strerror(rc));
		return false;
	}
	memset(ss, 0, sizeof *ss);
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	return true;
}

bool listen_parse(const char *text, struct listen_spec *spec, char *err, size_t errsz)
{
	memset(spec, 0, sizeof *spec);
	if (strncmp(text, LISTEN_UNIX_PREFIX, strlen(LISTEN_UNIX_PREFIX)) != 0)
		return parse_host_port(text, &spec->addr, err, errsz);
	text += strlen(LISTEN_UNIX_PREFIX);
	if (text[0] != '/') {
		snprintf(err, errsz, "--listen unix: wants an absolute path, got \"%s\"", text);
		return false;
	}
	if (strlen(text) >= sizeof spec->path) {
		snprintf(err, errsz, "--listen unix: the path is longer than %zu bytes",
		         sizeof spec->path - 1);
		return false;
	}
	spec->is_unix = true;
	snprintf(spec->path, sizeof spec->path, "%s", text);
	return true;
}

static void unix_address(const struct listen_spec *spec, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, spec->path, strlen(spec->path));
}

/* What is at the path before we bind: nothing, a stale socket (removed
 * here), or an error said in err. */
static bool clear_path(const struct listen_spec *spec, char *err, size_t errsz)
{
	struct stat st;
	struct sockaddr_un sun;
	int fd, rc, e;

	if (lstat(spec->path, &st) != 0)
		return true;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errsz, "cannot listen on unix:%s: the file exists and is not a socket",
		         spec->path);
		return false;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errsz, "socket: %s", strerror(errno));
		return false;
	}
	unix_address(spec, &sun);
	rc = connect(fd, (struct sockaddr *)&sun, sizeof sun);
	e = errno;
	close(fd);
	if (rc == 0) {
		snprintf(err, errsz, "cannot listen on unix:%s: another process is listening there",
		         spec->path);
		return false;
	}
	if (e != ECONNREFUSED) {
		snprintf(err, errsz, "cannot listen on unix:%s: %s", spec->path, strerror(e));
		return false;
	}
	if (unlink(spec->path) != 0 && errno != ENOENT) {
		snprintf(err, errsz, "cannot remove the stale socket %s: %s", spec->path,
		         strerror(errno));
		return false;
	}
	return true;
}

int listen_unix_open(const struct listen_spec *spec, char *err, size_t errsz)
{
	struct sockaddr_un sun;
	int fd;

	if (!clear_path(spec, err, errsz))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errsz, "socket: %s", strerror(errno));
		return -1;
	}
	unix_address(spec, &sun);
	/* Nobody can connect before listen(): the mode is set in between. */
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		snprintf(err, errsz, "cannot listen on unix:%s: %s", spec->path, strerror(errno));
		close(fd);
		return -1;
	}
	if (chmod(spec->path, 0660) != 0 || listen(fd, UNIX_BACKLOG) != 0) {
		snprintf(err, errsz, "cannot listen on unix:%s: %s", spec->path, strerror(errno));
		close(fd);
		unlink(spec->path);
		return -1;
	}
	return fd;
}

void listen_unix_remove(const struct listen_spec *spec)
{
	if (spec->is_unix)
		unlink(spec->path);
}
