/*
 * anchor.h — the audit chain's head, anchored outside the database.
 *
 * The chain (audit_event, audit_head) proves that no event was changed
 * after the fact only to someone who trusts the head; a superuser who
 * rewrites events and head together, or cuts the end of the chain and the
 * head with it, leaves a chain that verifies. So serve can write the head,
 * signed, where the database cannot reach:
 *
 *   serve --audit-anchor FILE --audit-key-file KEY [--audit-anchor-every N]
 *
 * appends to FILE (opened O_APPEND, created 0600, each line synced) a line
 *
 *   govdx-anchor 1 seq=S hash=H at=YYYY-MM-DDTHH:MM:SSZ why=W mac=M
 *
 * when it starts (W=start), whenever the head has moved N events (default
 * 100) past the last line (W=events), when it has moved at all and a
 * minute has passed (W=time), and when it stops (W=stop). M is the
 * HMAC-SHA-256, under the key file's content, of the line before " mac=".
 * `audit verify --anchor FILE --key-file KEY` holds the chain to every
 * line: each signature, seqs that never go back, and the event of each
 * anchored seq still there with the anchored hash.
 *
 * The key file is read like the connection string's (files_read_secret:
 * mode 0600 or stricter, at least 32 bytes); keep FILE append-only
 * (chattr +a) or ship it off the machine (the lines are also fit for a
 * remote log).
 */
#ifndef GOVDX_SVC_ANCHOR_H
#define GOVDX_SVC_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define ANCHOR_EVERY_DEFAULT 100
#define ANCHOR_KEY_MIN 32
#define ANCHOR_LINE_MAX 256

struct anchor {
	long long seq;
	char hash[65];
	char at[21]; /* YYYY-MM-DDTHH:MM:SSZ */
	char why[8];
};

enum anchor_status {
	ANCHOR_OK,
	ANCHOR_MALFORMED, /* not a line of this format */
	ANCHOR_BAD_MAC,   /* edited, or signed with another key */
};

/* The signed line for a (without its newline). Returns false when it would
 * not fit. */
bool anchor_format(const char *key, size_t keylen, const struct anchor *a, char *line,
                   size_t cap);

/* Reads one line (no newline) into *a and checks its signature. */
enum anchor_status anchor_parse(const char *key, size_t keylen, const char *line,
                                struct anchor *a);

/* The writer: a thread with its own database connection that reads the
 * head once a second. */
struct anchor_writer;

/* Opens path, reads the head and writes the start line, then starts the
 * thread. key is copied. Returns NULL with a one-line reason in err. */
struct anchor_writer *anchor_writer_start(const char *db, const char *path, const char *key,
                                          size_t keylen, long every, char *err, size_t errsz);

/* Stops the thread, writes the stop line and closes the file. NULL is
 * allowed. */
void anchor_writer_stop(struct anchor_writer *w);

#endif
