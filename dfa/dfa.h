/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace DFA compiler: AppArmor globs + permissions -> one minimized DFA.
 *
 * Pipeline (one file each):
 *   glob.c         glob text -> AST            (grammar: dfa/GLOB.md)
 *   nfa.c          AST list  -> NFA, each rule's accept tagged with its rule index
 *   determinize.c  NFA -> dense DFA (subset construction, hashed state sets),
 *                  accept sets merged into struct pp_perms (deny wins,
 *                  exact-over-glob exec precedence, conflicts are errors)
 *   minimize.c     Hopcroft partition refinement, byte classes, dead/unreachable removal
 *   blob_write.c   dense DFA -> compressed tables -> blob (dfa/FORMAT.md)
 *   match.c, verify.c  freestanding reader side (dfa/blob.h)
 */
#ifndef PATHPROF_DFA_H
#define PATHPROF_DFA_H

#include <stddef.h>
#include <stdint.h>
#include "perms.h"

/* One rule as the parser lowers it. Variables are already expanded. */
struct dfa_rule {
	const char *glob;   /* AppArmor glob, NUL-terminated */
	uint32_t perms;     /* PP_PERM_* bits */
	uint32_t xmode;     /* PP_X_* when perms has PP_PERM_EXEC and !deny */
	uint32_t xindex;    /* exec target index or PP_XINDEX_NONE */
	unsigned owner : 1; /* applies to half[PP_OWNER] only */
	unsigned deny : 1;  /* deny rule */
	unsigned audit : 1; /* audit qualifier */
	const char *origin; /* "file:line:col" for error messages, may be NULL */
	/* Link pair (AppArmor's encoding of link permission): when set, the
	 * rule matches glob, one NUL byte, then link_target (FORMAT.md). */
	const char *link_target;
};

/* Error report: message names the rule(s) involved by origin. */
struct dfa_error {
	char msg[512];
	int rule_a, rule_b; /* indices into the rule array, -1 if none */
};

/*
 * Dense, in-memory DFA. State 0 is the dead state (no perms, loops to
 * itself); every other state is live. trans has nstates * nclasses entries.
 */
struct dfa {
	uint32_t nstates;
	uint32_t nclasses;          /* 1..256 */
	uint32_t start;
	uint8_t class_of[256];      /* byte -> equivalence class */
	uint32_t *trans;            /* trans[s * nclasses + class] */
	uint32_t *perm_index;       /* per state, index into perms; 0 = no perms */
	struct pp_perms *perms;     /* perms[0] is all-zero */
	uint32_t nperms;
};

/* Statistics for benchmarks and tests. */
struct dfa_stats {
	uint32_t nfa_states;
	uint32_t dfa_states;        /* after determinization */
	uint32_t min_states;        /* after minimization */
};

/* Parse one glob; returns 0 or -1 with err->msg set ("col N: ..."). */
int glob_check(const char *glob, struct dfa_error *err);

/*
 * Compile rules into a minimized DFA. Returns NULL on error with *err set
 * (invalid glob, conflicting exec modes naming both rules, out of memory).
 * stats may be NULL.
 */
struct dfa *dfa_compile(const struct dfa_rule *rules, size_t nrules,
			struct dfa_error *err, struct dfa_stats *stats);

/* Walk the dense DFA (reference matcher for tests). Returns final state. */
uint32_t dfa_walk(const struct dfa *d, const char *s, size_t len);
const struct pp_perms *dfa_lookup(const struct dfa *d, const char *s, size_t len);

void dfa_free(struct dfa *d);

#endif /* PATHPROF_DFA_H */
