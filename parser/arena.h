/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Bump allocation, growable byte strings and vectors for the parser.
 * Allocation failure aborts: the parser has no partial-state recovery
 * worth the complexity, and a policy is small. */
#ifndef PATHPROF_PARSER_ARENA_H
#define PATHPROF_PARSER_ARENA_H

#include <stddef.h>
#include <string.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t used, cap;
};

struct arena *arena_new(void);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);       /* 8-byte aligned, zeroed */
char *arena_strndup(struct arena *a, const char *s, size_t n);
static inline char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* Heap byte string, always NUL-terminated. */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sbuf_reserve(struct sbuf *b, size_t extra);
void sbuf_addn(struct sbuf *b, const char *s, size_t n);
static inline void sbuf_add(struct sbuf *b, const char *s) { sbuf_addn(b, s, strlen(s)); }
void sbuf_addc(struct sbuf *b, char c);
static inline void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = 0;
}
void sbuf_free(struct sbuf *b);

/* Heap vector of fixed-size elements. */
struct vec {
	void *v;
	size_t n, cap, elsz;
};
#define VEC_INIT(type) { NULL, 0, 0, sizeof(type) }
static inline void vec_init(struct vec *v, size_t elsz)
{
	v->v = NULL;
	v->n = v->cap = 0;
	v->elsz = elsz;
}
void *vec_push(struct vec *v);                       /* zeroed slot */
static inline void *vec_at(const struct vec *v, size_t i)
{
	return (char *)v->v + i * v->elsz;
}
void vec_free(struct vec *v);

#endif
