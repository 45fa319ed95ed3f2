/*
 * files.h — small file helpers for the command-line side of the service:
 * reading a whole file, and replacing a file atomically with a given mode
 * (token files and the port file must never be seen half-written or with
 * looser permissions, even for a moment).
 */
#ifndef GOVDX_SVC_FILES_H
#define GOVDX_SVC_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Reads a file into a NUL-terminated buffer (caller frees). Returns NULL with
 * a one-line reason in err. */
char *files_read(const char *path, size_t *len, char *err, size_t errsz);

/* Writes data to path through a temporary file in the same directory, created
 * with mode, then renamed over path. Returns false with a reason in err. */
bool files_write_atomic(const char *path, const char *data, size_t len, mode_t mode, char *err,
                        size_t errsz);

#endif
