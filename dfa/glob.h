/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Internal AST of one AppArmor glob (grammar and semantics: dfa/GLOB.md).
 *
 * The glob language only ever repeats a single byte set (`*`, `**`), so the
 * AST needs four node kinds: a byte set, a repeated byte set, a sequence
 * and an alternation. Every byte set already excludes NUL.
 */
#ifndef PATHPROF_GLOB_H
#define PATHPROF_GLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dfa.h"

/* 256-bit byte set: bit b of w[b / 32] is byte b. */
struct byteset {
	uint32_t w[8];
};

static inline bool byteset_has(const struct byteset *s, unsigned b)
{
	return s->w[b >> 5] >> (b & 31) & 1u;
}

static inline void byteset_add(struct byteset *s, unsigned b)
{
	s->w[b >> 5] |= 1u << (b & 31);
}

enum glob_kind {
	GLOB_SET,  /* one byte out of set */
	GLOB_STAR, /* zero or more bytes out of set */
	GLOB_CAT,  /* kids in sequence (zero kids: the empty string) */
	GLOB_ALT,  /* one of kids */
};

struct glob_node {
	enum glob_kind kind;
	struct byteset set;       /* GLOB_SET, GLOB_STAR */
	size_t nkids;             /* GLOB_CAT, GLOB_ALT */
	struct glob_node **kids;
};

struct glob_chunk;

struct glob {
	struct glob_node *root;
	struct glob_chunk *mem; /* every node and kid array, freed at once */
	bool exact; /* no unescaped * ? [ : an exact path for exec precedence */
};

/* Deepest `{` nesting accepted; deeper globs are rejected, not recursed. */
#define GLOB_MAX_DEPTH 64

/*
 * Parse glob text[0..len). Returns 0 and fills *out, or -1 with err->msg
 * set to "col N: ..." (1-based byte column). ENOMEM also returns -1.
 */
int glob_parse(const char *text, size_t len, struct glob *out, struct dfa_error *err);
void glob_free(struct glob *g);

#endif /* PATHPROF_GLOB_H */
