/*
 * conffile.h — the service's config file: `key = value` lines.
 *
 * A line is blank, a comment (first non-blank character '#'), or
 * `key = value`: white space around both is dropped, a value in double
 * quotes is taken as it stands between them (no escapes), an empty value is
 * allowed (its meaning is the key's). Keys are those the caller lists;
 * an unknown key, a key given twice, a line without '=', a line over 1023
 * bytes or holding a NUL is an error naming FILE:LINE. The file must be a
 * regular file (a link to one is followed) that others may not write:
 * anyone who can change it can point the service elsewhere. This module
 * only reads; what a value means is checked by the caller, which names the
 * line with conffile_entry's line.
 */
#ifndef GOVDX_SVC_CONFFILE_H
#define GOVDX_SVC_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>

struct conffile;

/* A key the file may hold, and what the caller calls it. */
struct conffile_key {
	const char *name;
	int id;
};

struct conffile_entry {
	const char *key;   /* one of the keys given to conffile_read */
	int id;            /* its id */
	const char *value; /* as written, trimmed (quotes removed) */
	unsigned line;     /* 1-based */
};

/* Reads path, allowing the n_keys keys of keys[] (a name not in it is an
 * unknown key). Returns the entries in
 * file order (free with conffile_free), or NULL with one line in err
 * ("FILE:LINE: why", or "FILE: why"). */
struct conffile *conffile_read(const char *path, const struct conffile_key *keys, size_t n_keys,
                               char *err, size_t errsz);

size_t conffile_count(const struct conffile *cf);
const struct conffile_entry *conffile_entry(const struct conffile *cf, size_t i);
/* The path as given to conffile_read. */
const char *conffile_path(const struct conffile *cf);

void conffile_free(struct conffile *cf);

#endif
