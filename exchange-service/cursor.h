/*
 * cursor.h — opaque page cursors for keyset pagination.
 *
 * A cursor is the base64url (no padding) of "<kind>:<last key>", where kind
 * says which list it belongs to and the key identifies the last row of the
 * page: the code of a platform ('p'), department ('d') or entry ('e'); for
 * the request ('r') and objection ('o') lists, ordered by deadline then id,
 * "<deadline YYYY-MM-DD, or empty when none>|<id>"; for the audit ('a'),
 * the seq. Clients
 * treat it as opaque; the service accepts it only if it decodes to the
 * right kind and a key of the right shape, so a cursor of another list, a
 * truncated or edited cursor is refused (400 invalid_cursor), never passed
 * to SQL unchecked.
 */
#ifndef GOVDX_SVC_CURSOR_H
#define GOVDX_SVC_CURSOR_H

#include <stdbool.h>
#include <stddef.h>

enum cursor_kind {
	CURSOR_PLATFORM = 'p',
	CURSOR_DEPARTMENT = 'd',
	CURSOR_ENTRY = 'e',
	CURSOR_REQUEST = 'r',
	CURSOR_OBJECTION = 'o',
	CURSOR_AUDIT = 'a',
};

/* Longest key a cursor carries (an entry code is 21 bytes). */
#define CURSOR_KEY_MAX 64

/* Encodes kind and key into out (NUL-terminated). Returns false if out
 * (of size outsz) is too small or the key too long. */
bool cursor_encode(enum cursor_kind kind, const char *key, char *out, size_t outsz);

/* Decodes a cursor of the expected kind into key (of size CURSOR_KEY_MAX+1)
 * and checks the key's shape for that kind. Returns false for anything else. */
bool cursor_decode(enum cursor_kind kind, const char *cursor, char *key);

#endif
