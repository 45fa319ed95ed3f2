/*
 * fuzz-svc-cursor — govdx-exchanged's page cursors (cursor.c): decoding a
 * cursor a client sends back, authenticated by its SipHash tag under the
 * service's secret (a fixed one here).
 *
 * The first byte picks the list kind and a mode; the rest is the text.
 *   mode 0: the text is a cursor, decoded as the service does.  Whatever
 *           it decodes to must encode back to the very same text (one
 *           spelling per cursor), and the key must fit CURSOR_KEY_MAX.
 *   mode 1: the text is a key; a cursor is made of it and must decode to
 *           the same key in the same list, and never in another list
 *           (another caller): this reaches the key-shape checks behind
 *           the tag, which a forged cursor cannot.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum cursor_kind kinds[] = { CURSOR_PLATFORM, CURSOR_DEPARTMENT, CURSOR_ENTRY,
	                                  CURSOR_REQUEST, CURSOR_OBJECTION, CURSOR_AUDIT };

static void scope_of(struct cursor_scope *s, const struct cursor_secret *secret,
                     enum cursor_kind kind, const char *actor)
{
	cursor_scope_init(s, secret, kind, actor);
	cursor_scope_add(s, "box", "inbox");
	cursor_scope_add(s, "state", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct cursor_secret secret = { { 0x67, 0x6f, 0x76, 0x64, 0x78, 0x2d, 0x66,
		                                       0x75, 0x7a, 0x7a, 0x2d, 0x6b, 0x65, 0x79,
		                                       0x30, 0x31 } };
	struct cursor_scope scope, other;
	enum cursor_kind kind;
	char *text, key[CURSOR_KEY_MAX + 1], again[CURSOR_KEY_MAX + 1], out[256];
	bool mode_key;

	if (size < 1)
		return 0;
	kind = kinds[(data[0] & 0x7f) % (sizeof kinds / sizeof kinds[0])];
	mode_key = data[0] & 0x80;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	scope_of(&scope, &secret, kind, "alice");
	scope_of(&other, &secret, kind, "bob");
	if (!mode_key) {
		if (cursor_decode(kind, &scope, text, key)) {
			if (strlen(key) > CURSOR_KEY_MAX)
				abort();
			if (!cursor_encode(kind, &scope, key, out, sizeof out) || strcmp(out, text) != 0)
				abort(); /* another spelling of a valid cursor */
			if (cursor_decode(kind, &other, text, again))
				abort(); /* another caller's list took it */
		}
	} else if (cursor_encode(kind, &scope, text, out, sizeof out)) {
		if (cursor_decode(kind, &scope, out, key) && strcmp(key, text) != 0)
			abort();
		if (cursor_decode(kind, &other, out, again))
			abort();
	}
	free(text);
	return 0;
}
