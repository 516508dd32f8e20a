/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Link pairs, AppArmor's encoding of link permission: every file rule
 * with l also matches "link name NUL target" (dfa_rule.link_target),
 * with the rule's "-> target" or, without one, any target (a double star), and
 * the same qualifiers. The kernel grants a hard link when l is allowed on
 * the link name and on the pair, and takes the pair's deny, audit and
 * quiet bits (SEMANTICS.md). A deny rule with a target keeps its l in
 * the pair only, so "deny link /a -> /b" leaves /a's other targets alone;
 * without a target, deny l on the name already denies every pair.
 */
#include <stdlib.h>
#include "internal.h"
#include "link_pairs.h"

int link_pairs_add(const struct dfa_rule *in, const struct rule_loc *locs, size_t n,
		   struct dfa_rule **out, size_t **src, size_t *nout)
{
	size_t m = 0, npairs = 0;
	struct dfa_rule *o;
	size_t *map;

	for (size_t i = 0; i < n; i++)
		npairs += !!(in[i].perms & PP_PERM_LINK);
	o = malloc((n + npairs + 1) * sizeof(*o));
	map = malloc((n + npairs + 1) * sizeof(*map));
	if (!o || !map) {
		free(o);
		free(map);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		o[m] = in[i];
		if (in[i].deny && locs && locs[i].link_target)
			o[m].perms &= ~PP_PERM_LINK;
		map[m] = i;
		m += o[m].perms != 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(in[i].perms & PP_PERM_LINK))
			continue;
		o[m] = in[i];
		o[m].perms = PP_PERM_LINK;
		o[m].xmode = PP_X_NONE;
		o[m].xindex = PP_XINDEX_NONE;
		o[m].link_target = locs && locs[i].link_target ? locs[i].link_target : "/**";
		map[m++] = i;
	}
	*out = o;
	*src = map;
	*nout = m;
	return 0;
}
