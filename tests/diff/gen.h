/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Random rule sets and the paths to probe them with. */
#ifndef PP_DIFF_GEN_H
#define PP_DIFF_GEN_H

#include <stddef.h>

#include "dfa.h"
#include "rng.h"
#include "strbuf.h"

#define GEN_MAX_RULES 12
#define GEN_MAX_PATHS 48
#define GEN_LONG_PATH 4096

struct ruleset {
	struct dfa_rule rules[GEN_MAX_RULES];
	char *globs[GEN_MAX_RULES];
	char origins[GEN_MAX_RULES][32];
	size_t n;
};

struct pathset {
	struct strbuf p[GEN_MAX_PATHS];
	size_t n;
};

/* 1..12 rules: realistic and adversarial globs, random qualifiers;
 * exec modes mostly agree so conflicts stay rare. */
void gen_ruleset(struct rng *r, struct ruleset *rs);
void ruleset_free(struct ruleset *rs);

/* Paths derived from the rules, their one-byte mutations, and fixed
 * adversarial shapes ("/", "//", "..", 4096-byte paths, bytes >= 0x80). */
void gen_paths(struct rng *r, const struct ruleset *rs, struct pathset *ps);
void pathset_free(struct pathset *ps);

#endif /* PP_DIFF_GEN_H */
