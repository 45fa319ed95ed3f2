/*
 * listen.h — where the service listens: HOST:PORT (IPv4 or IPv6; port 0
 * picks a free one), or unix:PATH, a Unix stream socket for a proxy on the
 * same machine (nginx's `proxy_pass http://unix:PATH:`).
 *
 * A Unix socket is made with mode 0660 (the service's user and group: give
 * the proxy's user the group); a socket file that no live service answers
 * on (left by a killed one) is replaced; any other file at PATH, or a
 * socket some process still accepts on, is an error. The file is removed
 * when the socket is closed.
 */
#ifndef GOVDX_SVC_LISTEN_H
#define GOVDX_SVC_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#define LISTEN_UNIX_PREFIX "unix:"

struct listen_spec {
	bool is_unix;
	struct sockaddr_storage addr; /* HOST:PORT */
	char path[108];               /* unix:PATH (sun_path's size on Linux) */
};

/* Parses --listen. Returns false with a one-line reason in err. */
bool listen_parse(const char *text, struct listen_spec *spec, char *err, size_t errsz);

/* For unix:PATH: makes, binds and listens on the socket. Returns its
 * descriptor, or -1 with a one-line reason in err. */
int listen_unix_open(const struct listen_spec *spec, char *err, size_t errsz);

/* Removes the socket file of unix:PATH once the socket is closed. */
void listen_unix_remove(const struct listen_spec *spec);

#endif
