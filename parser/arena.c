/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#include <stdio.h>
#include <stdlib.h>
#include "arena.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

#define CHUNK_MIN (64 * 1024)

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("pathprof parser: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("pathprof parser: out of memory\n", stderr);
		abort();
	}
	return p;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));

	a->head = NULL;
	a->used = a->cap = 0;
	return a;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c, *n;

	if (!a)
		return;
	for (c = a->head; c; c = n) {
		n = c->next;
		free(c);
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (!a->head || a->cap - a->used < n) {
		size_t sz = n > CHUNK_MIN ? n : CHUNK_MIN;
		struct arena_chunk *c = xmalloc(sizeof(*c) + sz);

		c->next = a->head;
		c->size = sz;
		a->head = c;
		a->used = 0;
		a->cap = sz;
	}
	p = a->head->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void sbuf_reserve(struct sbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	b->cap = b->cap ? b->cap * 2 : 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void sbuf_addn(struct sbuf *b, const char *s, size_t n)
{
	sbuf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_reserve(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void *vec_push(struct vec *v)
{
	void *p;

	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = xrealloc(v->v, v->cap * v->elsz);
	}
	p = (char *)v->v + v->n * v->elsz;
	memset(p, 0, v->elsz);
	v->n++;
	return p;
}

void vec_free(struct vec *v)
{
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}
