/*
 * cursor.h — opaque page cursors for keyset pagination.
 *
 * A cursor is the base64url (no padding) of "<kind>:<tag>:<last key>",
 * where kind says which sort of list it belongs to, tag (CURSOR_SCOPE_HEX
 * hex digits) is a MAC, keyed with the service's secret, of that exact list
 * — its kind, the caller and every filter parameter but cursor and limit
 * (struct cursor_scope) — and of the key; and the key
 * identifies the last row of the page: the code of a platform ('p'), department ('d') or entry ('e'); for
 * the request ('r') and objection ('o') lists, ordered by deadline then id,
 * "<deadline YYYY-MM-DD, or empty when none>|<id>"; for the audit ('a'),
 * the seq. Clients
 * treat it as opaque; the service accepts it only if it decodes to the
 * right kind, the scope of the list it is presented to and a key of the
 * right shape, so a cursor of another list (another kind, other filters,
 * another caller), a truncated or edited cursor is refused (400
 * invalid_cursor), never passed to SQL unchecked. The tag signs it: a
 * cursor made by hand, even with a tag copied from a real one, is refused,
 * so a client can only resume where a page of its own list ended.  The
 * MAC is SipHash-2-4 (a keyed PRF made for short messages; Aumasson and
 * Bernstein, 2012) under a 128-bit key that the service keeps in its
 * database (service_secret), shared by every worker and every instance.
 */
#ifndef GOVDX_SVC_CURSOR_H
#define GOVDX_SVC_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cursor_kind {
	CURSOR_PLATFORM = 'p',
	CURSOR_DEPARTMENT = 'd',
	CURSOR_ENTRY = 'e',
	CURSOR_REQUEST = 'r',
	CURSOR_OBJECTION = 'o',
	CURSOR_AUDIT = 'a',
	CURSOR_REVISION = 'v',
};

/* Longest key a cursor carries (an entry code is 21 bytes). */
#define CURSOR_KEY_MAX 64

/* Hex digits of the tag in a cursor (64 bits). */
#define CURSOR_SCOPE_HEX 16

/* The key the tags are made with. */
struct cursor_secret {
	unsigned char key[16];
};

/* Which list a cursor belongs to: a running hash (64-bit FNV-1a) of the
 * kind, the caller and each filter parameter as name and value, where an
 * absent parameter differs from an empty one. Build it the same way when
 * giving a cursor out and when taking one back. */
struct cursor_scope {
	uint64_t hash;
	const struct cursor_secret *secret;
};

/* Starts the scope of a list of kind, asked for by actor, whose cursors
 * are signed with secret (which must outlive the scope; NULL: no cursor is
 * given out or taken back). */
void cursor_scope_init(struct cursor_scope *s, const struct cursor_secret *secret,
                       enum cursor_kind kind, const char *actor);

/* Adds a filter parameter (value NULL when absent) to the scope. */
void cursor_scope_add(struct cursor_scope *s, const char *name, const char *value);

/* Encodes kind, scope and key into out (NUL-terminated). Returns false if
 * out (of size outsz) is too small or the key too long. */
bool cursor_encode(enum cursor_kind kind, const struct cursor_scope *scope, const char *key,
                   char *out, size_t outsz);

/* SipHash-2-4 of n bytes under a 128-bit key. */
uint64_t cursor_siphash(const unsigned char key[16], const void *data, size_t n);

/* Decodes a cursor of the expected kind and scope into key (of size
 * CURSOR_KEY_MAX+1) and checks the key's shape for that kind. Returns false
 * for anything else. */
bool cursor_decode(enum cursor_kind kind, const struct cursor_scope *scope, const char *cursor,
                   char *key);

#endif
