/*
 * files.c — whole-file reads and atomic, mode-exact writes; see files.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

char *files_read(const char *path, size_t *len, char *err, size_t errsz)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (cap - n < 4096) {
			char *p = realloc(buf, cap ? cap * 2 : 8192);

			if (!p) {
				snprintf(err, errsz, "%s: out of memory", path);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap = cap ? cap * 2 : 8192;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errsz, "%s: read error", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

char *files_read_secret(const char *path, char *err, size_t errsz)
{
	char buf[FILES_SECRET_MAX + 1], *out = NULL;
	struct stat st;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "%s: not a regular file", path);
		goto out;
	}
	if (st.st_mode & S_IRWXO) {
		snprintf(err, errsz,
		         "%s: others may read or write it (mode %04o): chmod o= it, or hand it "
		         "over with systemd's LoadCredential=",
		         path, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	for (;;) {
		ssize_t got = read(fd, buf + n, sizeof buf - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n == sizeof buf) {
			snprintf(err, errsz, "%s: longer than %d bytes", path, FILES_SECRET_MAX);
			goto out;
		}
	}
	if (memchr(buf, '\0', n)) {
		snprintf(err, errsz, "%s: holds a NUL byte", path);
		goto out;
	}
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
	             buf[n - 1] == '\t'))
		n--;
	if (!n) {
		snprintf(err, errsz, "%s: empty", path);
		goto out;
	}
	out = malloc(n + 1);
	if (!out) {
		snprintf(err, errsz, "%s: out of memory", path);
		goto out;
	}
	memcpy(out, buf, n);
	out[n] = '\0';
out:
	explicit_bzero(buf, sizeof buf);
	close(fd);
	return out;
}

bool files_write_atomic(const char *path, const char *data, size_t len, mode_t mode, char *err,
                        size_t errsz)
{
	char tmp[4096];
	int fd;
	size_t done = 0;

	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
		snprintf(err, errsz, "%s: path too long", path);
		return false;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		return false;
	}
	/* The umask may have narrowed the mode; make it exact. */
	if (fchmod(fd, mode) != 0)
		goto fail;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		done += (size_t)w;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fd = -1;
		goto fail;
	}
	return true;
fail:
	snprintf(err, errsz, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return false;
}
