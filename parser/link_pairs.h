/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef PATHPROF_PARSER_LINK_PAIRS_H
#define PATHPROF_PARSER_LINK_PAIRS_H

#include <stddef.h>
#include "dfa.h"

struct rule_loc;

/*
 * The rules to compile: in[0..n) (a deny rule with a link target loses
 * its l, and is dropped if nothing is left) followed by one link pair per
 * rule with l, its target from locs[i].link_target, else any path. *out
 * and *src are malloc'd; (*src)[k] is the index in `in` that rule k comes
 * from. Returns 0 or -1 (ENOMEM).
 */
int link_pairs_add(const struct dfa_rule *in, const struct rule_loc *locs, size_t n,
		   struct dfa_rule **out, size_t **src, size_t *nout);

#endif
