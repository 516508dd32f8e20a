/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#include <string.h>

#include "pphash.h"

#define FNV128_PRIME  (((unsigned __int128)0x0000000001000000ull << 64) | 0x000000000000013bull)
#define FNV128_OFFSET (((unsigned __int128)0x6c62272e07bb0142ull << 64) | 0x62b821756295c58dull)

void pp_hash_init(struct pp_hash *s)
{
	s->h = FNV128_OFFSET;
}

void pp_hash_bytes(struct pp_hash *s, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++) {
		s->h ^= p[i];
		s->h *= FNV128_PRIME;
	}
}

void pp_hash_str(struct pp_hash *s, const char *str)
{
	pp_hash_bytes(s, str, strlen(str) + 1);
}

void pp_hash_u64(struct pp_hash *s, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	pp_hash_bytes(s, b, sizeof(b));
}

void pp_hash_hex(const struct pp_hash *s, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned __int128 h = s->h;

	for (int i = 31; i >= 0; i--) {
		out[i] = hex[h & 0xf];
		h >>= 4;
	}
	out[32] = '\0';
}
