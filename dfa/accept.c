// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Permission records: the rules whose globs all match one path -> one
 * record, joining records, and the table of distinct records.
 *
 * Merge (per half; an owner rule only reaches half[PP_OWNER]):
 *   allow rule: allow |= perms, audit |= perms if audited, and with x it
 *               offers its exec transition;
 *   deny rule:  deny |= perms, audit or quiet |= perms.
 * Exec transitions: exact rules (no * ? [) beat globbed ones; two
 * different transitions at the winning precedence are a compile error
 * naming both rules. While rule groups are still being combined the record
 * is a struct xperms that keeps the precedence and marks such a
 * disagreement (XMODE_CONFLICT), so joining stays associative; the error
 * is raised once, on the final automaton (dfa.c, conflict.c).
 * Final records: a half without an allowed, undenied x has no exec
 * transition (xmode 0, xindex PP_XINDEX_NONE); a record without any bit is
 * the "no perms" record 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nfa.h"

static void join_half(struct xperms_half *h, const struct xperms_half *x)
{
	h->allow |= x->allow;
	h->deny |= x->deny;
	h->audit |= x->audit;
	h->quiet |= x->quiet;
	if (x->xprec > h->xprec) {
		h->xprec = x->xprec;
		h->xmode = x->xmode;
		h->xindex = x->xindex;
	} else if (x->xprec && x->xprec == h->xprec &&
		   (x->xmode != h->xmode || x->xindex != h->xindex)) {
		h->xmode = XMODE_CONFLICT;
		h->xindex = 0;
	}
}

/* prec: 1 globbed, 2 exact */
static void add_rule(struct xperms_half *h, const struct dfa_rule *r, uint32_t prec)
{
	struct xperms_half x = { 0 };

	if (r->deny) {
		x.deny = r->perms;
		if (r->audit)
			x.audit = r->perms;
		else
			x.quiet = r->perms;
	} else {
		x.allow = r->perms;
		if (r->audit)
			x.audit = r->perms;
		if (r->perms & PP_PERM_EXEC) {
			x.xprec = prec;
			x.xmode = r->xmode;
			x.xindex = r->xindex;
		}
	}
	join_half(h, &x);
}

void xperms_join(struct xperms *a, const struct xperms *b)
{
	join_half(&a->half[0], &b->half[0]);
	join_half(&a->half[1], &b->half[1]);
}

void xperms_from_rules(const struct nfa *n, const struct dfa_rule *rules, const uint32_t *acc,
		       size_t nacc, struct xperms *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nacc; i++) {
		const struct dfa_rule *r = &rules[acc[i]];
		uint32_t prec = n->rule_exact[acc[i]] ? 2 : 1;

		add_rule(&out->half[PP_OWNER], r, prec);
		if (!r->owner)
			add_rule(&out->half[PP_OTHER], r, prec);
	}
}

int xperms_finish(const struct xperms *x, struct pp_perms *out)
{
	bool any = false;
	int conflict = 0;

	for (int i = 0; i < 2; i++) {
		const struct xperms_half *s = &x->half[i];
		struct pp_perms_half *h = &out->half[i];

		h->allow = s->allow;
		h->deny = s->deny;
		h->audit = s->audit;
		h->quiet = s->quiet;
		h->xmode = 0;
		h->xindex = PP_XINDEX_NONE;
		if (s->xprec && s->xmode == XMODE_CONFLICT)
			conflict = 1;
		else if (s->xprec && (s->allow & PP_PERM_EXEC) && !(s->deny & PP_PERM_EXEC)) {
			h->xmode = s->xmode;
			h->xindex = s->xindex;
		}
		any = any || s->allow || s->deny || s->audit || s->quiet;
	}
	if (!any)
		memset(out, 0, sizeof(*out));
	return conflict;
}

static const char *origin(const struct dfa_rule *r, uint32_t i, char *buf, size_t len)
{
	if (r->origin)
		return r->origin;
	snprintf(buf, len, "rule %u", i);
	return buf;
}

/* The first two rules (in rule order) of the winning precedence that disagree. */
static int conflict_in_half(const struct nfa *n, const struct dfa_rule *rules,
			    const uint32_t *acc, size_t nacc, int half, struct dfa_error *err)
{
	uint32_t best = UINT32_MAX;
	int best_prec = -1;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nacc; i++) {
			const struct dfa_rule *r = &rules[acc[i]];
			int prec = n->rule_exact[acc[i]];
			char a[32], b[32];

			if ((r->owner && half != PP_OWNER) || r->deny || !(r->perms & PP_PERM_EXEC))
				continue;
			if (pass == 0) {
				if (prec > best_prec) {
					best_prec = prec;
					best = acc[i];
				}
				continue;
			}
			if (prec != best_prec ||
			    (r->xmode == rules[best].xmode && r->xindex == rules[best].xindex))
				continue;
			dfa_error_set(err, (int)best, (int)acc[i],
				      "conflicting exec modes for the same path: %s and %s",
				      origin(&rules[best], best, a, sizeof(a)),
				      origin(r, acc[i], b, sizeof(b)));
			return -1;
		}
	return 0;
}

int exec_conflict_name(const struct nfa *n, const struct dfa_rule *rules, const uint32_t *acc,
		       size_t nacc, struct dfa_error *err)
{
	if (conflict_in_half(n, rules, acc, nacc, PP_OWNER, err))
		return -1;
	return conflict_in_half(n, rules, acc, nacc, PP_OTHER, err);
}

int perm_merge(const struct nfa *n, const struct dfa_rule *rules, const uint32_t *acc,
	       size_t nacc, struct pp_perms *out, struct dfa_error *err)
{
	struct xperms x;

	xperms_from_rules(n, rules, acc, nacc, &x);
	if (xperms_finish(&x, out)) {
		exec_conflict_name(n, rules, acc, nacc, err);
		return -1;
	}
	return 0;
}

static uint32_t rec_hash(const struct rec_table *t, const void *p)
{
	const uint32_t *w = p;
	uint64_t h = 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i < t->size / sizeof(*w); i++)
		h = (h ^ w[i]) * 0xff51afd7ed558ccdull;
	return (uint32_t)(h ^ h >> 32);
}

static int rec_tab_grow(struct rec_table *t)
{
	uint32_t cap = t->tab_cap ? t->tab_cap * 2 : 64;
	uint32_t *tab = malloc(cap * sizeof(*tab));

	if (!tab)
		return -1;
	memset(tab, 0xff, cap * sizeof(*tab));
	for (uint32_t i = 0; i < t->n; i++) {
		uint32_t k = rec_hash(t, t->v + i * t->size) & (cap - 1);

		while (tab[k] != UINT32_MAX)
			k = (k + 1) & (cap - 1);
		tab[k] = i;
	}
	free(t->tab);
	t->tab = tab;
	t->tab_cap = cap;
	return 0;
}

uint32_t rec_table_intern(struct rec_table *t, const void *p)
{
	uint32_t k;

	if ((t->n + 1) * 2 > t->tab_cap && rec_tab_grow(t))
		return UINT32_MAX;
	k = rec_hash(t, p) & (t->tab_cap - 1);
	for (; t->tab[k] != UINT32_MAX; k = (k + 1) & (t->tab_cap - 1))
		if (!memcmp(t->v + (size_t)t->tab[k] * t->size, p, t->size))
			return t->tab[k];
	if (t->n == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 16;
		uint8_t *v = realloc(t->v, (size_t)cap * t->size);

		if (!v)
			return UINT32_MAX;
		t->v = v;
		t->cap = cap;
	}
	memcpy(t->v + (size_t)t->n * t->size, p, t->size);
	t->tab[k] = t->n;
	return t->n++;
}

int rec_table_init(struct rec_table *t, size_t size)
{
	uint8_t zero[sizeof(struct xperms) > sizeof(struct pp_perms) ? sizeof(struct xperms)
								       : sizeof(struct pp_perms)];

	memset(t, 0, sizeof(*t));
	memset(zero, 0, sizeof(zero));
	t->size = size;
	if (size > sizeof(zero))
		return -1;
	return rec_table_intern(t, zero) == 0 ? 0 : -1;
}

void rec_table_free(struct rec_table *t)
{
	free(t->v);
	free(t->tab);
	memset(t, 0, sizeof(*t));
}
