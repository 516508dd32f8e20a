/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * 128-bit FNV-1a for cache keys. Not a cryptographic hash: the cache
 * directory must be writable only by whoever may load policy anyway, and
 * every blob read from the cache is verified again before use.
 */
#ifndef PATHPROF_PPHASH_H
#define PATHPROF_PPHASH_H

#include <stddef.h>
#include <stdint.h>

struct pp_hash {
	unsigned __int128 h;
};

void pp_hash_init(struct pp_hash *s);
void pp_hash_bytes(struct pp_hash *s, const void *buf, size_t len);
void pp_hash_str(struct pp_hash *s, const char *str); /* with its NUL */
void pp_hash_u64(struct pp_hash *s, uint64_t v);
/* 32 lower-case hex digits and a NUL. */
void pp_hash_hex(const struct pp_hash *s, char out[33]);

#endif /* PATHPROF_PPHASH_H */
