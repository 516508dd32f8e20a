/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Random rule sets and paths over a tiny alphabet, so that rules overlap
 * and states merge a lot (for test_determinize and test_minimize).
 */
#ifndef CORE_TESTGEN_H
#define CORE_TESTGEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dfa.h"

struct tg_rng {
	uint64_t s;
};

static inline uint32_t tg_next(struct tg_rng *r, uint32_t n)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)((r->s >> 11) % n);
}

/* One glob component: literal, *, **, ?, class, braces. */
static inline void tg_component(struct tg_rng *r, char *out, size_t cap)
{
	static const char *const parts[] = {
		"a", "b", "ab", "ba", "x", "*", "**", "?", "[ab]", "[^a]", "{a,b}",
		"{,x}", "a*", "*b", "{a*,b/x}", "\\*", "\xc3\xa9", "[a-c]", "a?b",
	};
	size_t n = 0;
	uint32_t k = 1 + tg_next(r, 2);

	out[0] = '\0';
	for (uint32_t i = 0; i < k; i++) {
		const char *p = parts[tg_next(r, sizeof(parts) / sizeof(*parts))];

		if (n + strlen(p) + 1 < cap) {
			memcpy(out + n, p, strlen(p) + 1);
			n += strlen(p);
		}
	}
}

static inline char *tg_glob(struct tg_rng *r)
{
	char buf[256] = "", comp[64];
	uint32_t k = 1 + tg_next(r, 4);

	for (uint32_t i = 0; i < k; i++) {
		tg_component(r, comp, sizeof(comp));
		strcat(buf, "/");
		strcat(buf, comp);
	}
	if (tg_next(r, 6) == 0)
		strcat(buf, "/");
	return strdup(buf);
}

/*
 * Random rules; exec rules all use the same transition so that random sets
 * never conflict, except that exact globs get a second one (precedence).
 */
static inline struct dfa_rule *tg_rules(struct tg_rng *r, size_t n)
{
	struct dfa_rule *rules = calloc(n, sizeof(*rules));

	for (size_t i = 0; i < n; i++) {
		struct dfa_rule *x = &rules[i];

		x->glob = tg_glob(r);
		x->perms = 1u + tg_next(r, PP_PERM_ALL);
		x->owner = tg_next(r, 4) == 0;
		x->deny = tg_next(r, 6) == 0;
		x->audit = tg_next(r, 5) == 0;
		x->xmode = PP_X_INHERIT;
		x->xindex = PP_XINDEX_NONE;
		if (!strpbrk(x->glob, "*?[")) {
			x->xmode = PP_X_PROFILE;
			x->xindex = 0;
		}
	}
	return rules;
}

static inline void tg_free_rules(struct dfa_rule *rules, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)rules[i].glob);
	free(rules);
}

/* A path over the rule alphabet (plus bytes no rule names). */
static inline size_t tg_path(struct tg_rng *r, char *out, size_t cap)
{
	static const char alpha[] = "/ab/x*?c\xc3\xa9{/z";
	size_t n = 1 + tg_next(r, 12);

	if (n >= cap)
		n = cap - 1;
	out[0] = '/';
	for (size_t i = 1; i < n; i++)
		out[i] = alpha[tg_next(r, sizeof(alpha) - 1)];
	out[n] = '\0';
	return n;
}

#endif /* CORE_TESTGEN_H */
