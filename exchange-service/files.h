/*
 * files.h — small file helpers for the command-line side of the service:
 * reading a whole file, and replacing a file atomically with a given mode
 * (token files and the port file must never be seen half-written or with
 * looser permissions, even for a moment), and reading a secret (the
 * database's connection string, which may hold its password).
 */
#ifndef GOVDX_SVC_FILES_H
#define GOVDX_SVC_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Reads a file into a NUL-terminated buffer (caller frees). Returns NULL with
 * a one-line reason in err. */
char *files_read(const char *path, size_t *len, char *err, size_t errsz);

/* Reads a small secret file (at most FILES_SECRET_MAX bytes): a regular file
 * that others may neither read nor write (group may: a credential that
 * systemd's LoadCredential= hands over can carry the service user in an
 * ACL). Trailing white space goes; an empty one, or one holding a NUL, is
 * refused. Returns a malloc'd string the caller wipes (explicit_bzero) and
 * frees, or NULL with a one-line reason in err. */
#define FILES_SECRET_MAX 8192
char *files_read_secret(const char *path, char *err, size_t errsz);

/* Writes data to path through a temporary file in the same directory, created
 * with mode, then renamed over path. Returns false with a reason in err. */
bool files_write_atomic(const char *path, const char *data, size_t len, mode_t mode, char *err,
                        size_t errsz);

#endif
