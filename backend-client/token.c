/*
 * token.c — reading the bearer token from its file.
 *
 * The token is a secret: the file must be a regular file with no group or
 * other permission bits (like ssh's private keys), and the token is never
 * echoed in any message, not even in part. One trailing newline (or
 * "\r\n") is stripped because editors add it; anything else that cannot be
 * part of an HTTP header value (spaces, control characters, non-ASCII) is
 * refused rather than silently trimmed, so a mangled file is noticed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"

#define TOKEN_MAX_BYTES 4096

static int token_fail_errno(struct govdx_error *err, const char *path, int e)
{
	if (e == ENOENT)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
		                  "token file %s does not exist", path);
	return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file", "token file %s cannot be read: %s",
	                  path, strerror(e));
}

static int check_stat(const struct stat *st, const char *path, struct govdx_error *err)
{
	unsigned mode = (unsigned)(st->st_mode & 07777);

	if (!S_ISREG(st->st_mode))
		return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
		                  "token file %s is not a regular file", path);
	if (mode & 044)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
		                  "token file %s is readable by others (mode %04o); run chmod 600 %s",
		                  path, mode, path);
	if (mode & 077)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
		                  "token file %s is accessible by others (mode %04o); run chmod 600 %s",
		                  path, mode, path);
	if (st->st_size > TOKEN_MAX_BYTES)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
		                  "token file %s is too large (%lld bytes; a token has at most %d)",
		                  path, (long long)st->st_size, TOKEN_MAX_BYTES);
	return 0;
}

/* Reads at most TOKEN_MAX_BYTES + 1 bytes so that a file that grew after
 * fstat is still caught as too large. */
static ssize_t read_all(int fd, char *buf, size_t cap)
{
	size_t got = 0;

	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int check_text(const char *buf, size_t len, const char *path, struct govdx_error *err)
{
	size_t i;

	if (len == 0)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file", "token file %s is empty",
		                  path);
	for (i = 0; i < len; i++) {
		unsigned char b = (unsigned char)buf[i];

		if (b == ' ' || b == '\t')
			return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
			                  "token file %s has a space inside the token (at byte %zu)", path,
			                  i + 1);
		if (b < 0x20 || b == 0x7f)
			return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
			                  "token file %s has a control character or an extra line "
			                  "inside the token (at byte %zu)",
			                  path, i + 1);
		if (b >= 0x80)
			return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
			                  "token file %s has a non-ASCII character inside the token "
			                  "(at byte %zu)",
			                  path, i + 1);
	}
	return 0;
}

int govdx_read_token_file(const char *path, char **token, struct govdx_error *err)
{
	struct govdx_error scratch;
	char buf[TOKEN_MAX_BYTES + 2];
	struct stat st;
	ssize_t n;
	size_t len;
	int fd, rc = -1;

	if (err == NULL)
		err = &scratch;
	errors_clear(err);
	if (token == NULL)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "bad_argument",
		                  "govdx_read_token_file needs a result pointer");
	*token = NULL;
	if (path == NULL || *path == '\0')
		return errors_set(err, GOVDX_ERR_USAGE, 0, "token_file", "no token file is set");
	/* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return token_fail_errno(err, path, errno);
	if (fstat(fd, &st) != 0) {
		token_fail_errno(err, path, errno);
		goto out;
	}
	if (check_stat(&st, path, err) != 0)
		goto out;
	n = read_all(fd, buf, TOKEN_MAX_BYTES + 1);
	if (n < 0) {
		token_fail_errno(err, path, errno);
		goto out;
	}
	len = (size_t)n;
	if (len > TOKEN_MAX_BYTES) {
		errors_set(err, GOVDX_ERR_USAGE, 0, "token_file",
		           "token file %s is too large (a token has at most %d bytes)", path,
		           TOKEN_MAX_BYTES);
		goto out;
	}
	if (len > 0 && buf[len - 1] == '\n') {
		len--;
		if (len > 0 && buf[len - 1] == '\r')
			len--;
	}
	if (check_text(buf, len, path, err) != 0)
		goto out;
	*token = malloc(len + 1);
	if (*token == NULL) {
		errors_nomem(err);
		goto out;
	}
	memcpy(*token, buf, len);
	(*token)[len] = '\0';
	rc = 0;
out:
	explicit_bzero(buf, sizeof buf);
	close(fd);
	return rc;
}
