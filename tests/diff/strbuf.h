/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Growable byte string; aborts on out of memory (test code). */
#ifndef PP_DIFF_STRBUF_H
#define PP_DIFF_STRBUF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strbuf {
	char *s;
	size_t len, cap;
};

static inline void sb_reserve(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		perror("realloc");
		abort();
	}
	b->s = s;
	b->cap = cap;
}

static inline void sb_add(struct strbuf *b, const void *p, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void sb_puts(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static inline void sb_putc(struct strbuf *b, char c)
{
	sb_add(b, &c, 1);
}

static inline void sb_clear(struct strbuf *b)
{
	b->len = 0;
	sb_reserve(b, 0);
	b->s[0] = '\0';
}

static inline void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

#endif /* PP_DIFF_STRBUF_H */
