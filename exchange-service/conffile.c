/*
 * conffile.c — `key = value` files; see conffile.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"

#define CONFFILE_MAX_BYTES (256 * 1024)
#define CONFFILE_MAX_LINE 1023

struct conffile {
	char *path;
	char *text; /* the file, cut into keys and values in place */
	struct conffile_entry *at;
	size_t n;
};

void conffile_free(struct conffile *cf)
{
	if (!cf)
		return;
	free(cf->path);
	free(cf->text);
	free(cf->at);
	free(cf);
}

size_t conffile_count(const struct conffile *cf)
{
	return cf->n;
}

const struct conffile_entry *conffile_entry(const struct conffile *cf, size_t i)
{
	return i < cf->n ? &cf->at[i] : NULL;
}

const char *conffile_path(const struct conffile *cf)
{
	return cf->path;
}

/* The whole file, checked: regular, not writable by others, not too big. */
static char *slurp(const char *path, size_t *len, char *err, size_t errsz)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_mode & S_IWOTH) {
		snprintf(err, errsz, "%s: others may write it (mode %04o): chmod o-w %s", path,
		         (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return NULL;
	}
	if (st.st_size > CONFFILE_MAX_BYTES) {
		snprintf(err, errsz, "%s: larger than %d bytes", path, CONFFILE_MAX_BYTES);
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		snprintf(err, errsz, "%s: out of memory", path);
		close(fd);
		return NULL;
	}
	for (;;) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (n == 0 || got + (size_t)n == (size_t)st.st_size) {
			got += (size_t)n;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* The key's row in keys[], or NULL. */
static const struct conffile_key *find_key(const char *key, const struct conffile_key *keys,
                                           size_t n_keys)
{
	for (size_t i = 0; i < n_keys; i++)
		if (strcmp(key, keys[i].name) == 0)
			return &keys[i];
	return NULL;
}

/* Parses one line (NUL-terminated, in place) into the next entry; false
 * with err. */
static bool parse_line(struct conffile *cf, char *line, unsigned no,
                       const struct conffile_key *keys, size_t n_keys, char *err, size_t errsz)
{
	const struct conffile_key *known;
	char *eq, *key, *value;
	size_t n;

	line = trim(line);
	if (!*line || *line == '#')
		return true;
	eq = strchr(line, '=');
	if (!eq) {
		snprintf(err, errsz, "%s:%u: not a key = value line", cf->path, no);
		return false;
	}
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (!*key) {
		snprintf(err, errsz, "%s:%u: no key before '='", cf->path, no);
		return false;
	}
	known = find_key(key, keys, n_keys);
	if (!known) {
		snprintf(err, errsz, "%s:%u: unknown key \"%.64s\"", cf->path, no, key);
		return false;
	}
	for (size_t i = 0; i < cf->n; i++)
		if (strcmp(cf->at[i].key, key) == 0) {
			snprintf(err, errsz, "%s:%u: %s is given twice (first on line %u)", cf->path, no,
			         key, cf->at[i].line);
			return false;
		}
	n = strlen(value);
	if (*value == '"') {
		if (n < 2 || value[n - 1] != '"') {
			snprintf(err, errsz, "%s:%u: the value of %s has no closing '\"'", cf->path, no, key);
			return false;
		}
		value[n - 1] = '\0';
		value++;
	}
	cf->at[cf->n++] = (struct conffile_entry){.key = key, .id = known->id, .value = value, .line = no};
	return true;
}

struct conffile *conffile_read(const char *path, const struct conffile_key *keys, size_t n_keys,
                               char *err, size_t errsz)
{
	struct conffile *cf = calloc(1, sizeof *cf);
	size_t len = 0, lines = 1;
	char *p;
	unsigned no = 0;

	if (!cf || !(cf->path = strdup(path))) {
		snprintf(err, errsz, "%s: out of memory", path);
		conffile_free(cf);
		return NULL;
	}
	cf->text = slurp(path, &len, err, errsz);
	if (!cf->text) {
		conffile_free(cf);
		return NULL;
	}
	if (memchr(cf->text, '\0', len)) {
		snprintf(err, errsz, "%s: holds a NUL byte: not a text file", path);
		conffile_free(cf);
		return NULL;
	}
	for (p = cf->text; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	cf->at = calloc(lines, sizeof *cf->at);
	if (!cf->at) {
		snprintf(err, errsz, "%s: out of memory", path);
		conffile_free(cf);
		return NULL;
	}
	for (p = cf->text; p && *p;) {
		char *nl = strchr(p, '\n');

		no++;
		if (nl)
			*nl = '\0';
		if (strlen(p) > CONFFILE_MAX_LINE) {
			snprintf(err, errsz, "%s:%u: longer than %d bytes", path, no, CONFFILE_MAX_LINE);
			conffile_free(cf);
			return NULL;
		}
		if (!parse_line(cf, p, no, keys, n_keys, err, errsz)) {
			conffile_free(cf);
			return NULL;
		}
		p = nl ? nl + 1 : NULL;
	}
	return cf;
}
