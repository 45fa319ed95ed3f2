/*
 * sha256.h — SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), for the
 * audit anchors (anchor.h), which the service signs outside the database.
 */
#ifndef GOVDX_SVC_SHA256_H
#define GOVDX_SVC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE 32
#define SHA256_BLOCK 64

struct sha256 {
	uint32_t h[8];
	uint64_t length;            /* bytes hashed so far */
	unsigned char block[SHA256_BLOCK];
	size_t used;                /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[SHA256_SIZE]);

/* HMAC-SHA-256 of msg under key, as 64 lowercase hex digits and a NUL. */
void hmac_sha256_hex(const void *key, size_t keylen, const void *msg, size_t msglen,
                     char hex[2 * SHA256_SIZE + 1]);

#endif
