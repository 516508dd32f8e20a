/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Merge rules that share a glob and qualifiers before compiling: included
 * abstractions repeat rules (about one in nine in the Debian corpus), and
 * each copy costs the NFA positions. Two rules merge when at most one of
 * them carries an exec transition or both carry the same one; otherwise
 * they stay apart so the DFA reports the conflict, naming both.
 */
#include <stdlib.h>
#include <string.h>
#include "merge.h"

static uint64_t rule_hash(const struct dfa_rule *r)
{
	uint64_t h = 1469598103934665603ull;

	for (const unsigned char *p = (const unsigned char *)r->glob; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	h ^= (uint64_t)(r->owner | r->deny << 1 | r->audit << 2) << 56;
	return h * 0x9e3779b97f4a7c15ull;
}

static bool same_target(const struct dfa_rule *a, const struct dfa_rule *b)
{
	if (!a->link_target || !b->link_target)
		return a->link_target == b->link_target;
	return !strcmp(a->link_target, b->link_target);
}

static bool same_key(const struct dfa_rule *a, const struct dfa_rule *b)
{
	return a->owner == b->owner && a->deny == b->deny && a->audit == b->audit &&
	       !strcmp(a->glob, b->glob) && same_target(a, b);
}

static bool exec_compatible(const struct dfa_rule *a, const struct dfa_rule *b)
{
	if (!(a->perms & PP_PERM_EXEC) || !(b->perms & PP_PERM_EXEC))
		return true;
	return a->xmode == b->xmode && a->xindex == b->xindex;
}

int rules_merge(const struct dfa_rule *in, size_t n, struct dfa_rule **out, size_t **orig,
		size_t *nout)
{
	size_t cap = 16, m = 0;
	uint32_t *tab;
	struct dfa_rule *o = malloc((n ? n : 1) * sizeof(*o));
	size_t *map = malloc((n ? n : 1) * sizeof(*map));

	while (cap < 2 * n)
		cap *= 2;
	tab = malloc(cap * sizeof(*tab));
	if (!o || !map || !tab) {
		free(o);
		free(map);
		free(tab);
		return -1;
	}
	memset(tab, 0xff, cap * sizeof(*tab));
	for (size_t i = 0; i < n; i++) {
		const struct dfa_rule *r = &in[i];
		size_t slot = rule_hash(r) & (cap - 1);
		bool merged = false;

		/* Probe every rule with this key; the first compatible one wins. */
		for (; tab[slot] != UINT32_MAX; slot = (slot + 1) & (cap - 1)) {
			struct dfa_rule *t = &o[tab[slot]];

			if (!same_key(t, r) || !exec_compatible(t, r))
				continue;
			if ((r->perms & PP_PERM_EXEC) && !(t->perms & PP_PERM_EXEC)) {
				/* Exec conflicts then name the rule with the exec. */
				t->xmode = r->xmode;
				t->xindex = r->xindex;
				t->origin = r->origin;
				map[tab[slot]] = i;
			}
			t->perms |= r->perms;
			merged = true;
			break;
		}
		if (merged)
			continue;
		tab[slot] = (uint32_t)m;
		o[m] = *r;
		map[m] = i;
		m++;
	}
	free(tab);
	*out = o;
	*orig = map;
	*nout = m;
	return 0;
}
