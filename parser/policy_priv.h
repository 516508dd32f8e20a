/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* What a parsed policy keeps beyond its public fields. */
#ifndef PATHPROF_PARSER_POLICY_PRIV_H
#define PATHPROF_PARSER_POLICY_PRIV_H

#include "internal.h"

struct policy_priv {
	struct arena *a;            /* everything of the policy */
	struct pp_cache *own_cache; /* private cache (opts->cache was NULL) */
	struct rule_loc **locs;     /* [profile][rule]: source of each rule */
};

#endif
