/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Internal stages of the DFA compiler: NFA, determinized DFA, minimization.
 * Used by dfa.c and by the unit tests (which compare the stages).
 *
 * The NFA is a Glushkov position automaton: one position per byte-set leaf
 * of every rule's AST plus one END position per rule, no epsilon moves. A
 * set of positions is a DFA state; it accepts rule r when it holds r's END.
 */
#ifndef PATHPROF_NFA_H
#define PATHPROF_NFA_H

#include <stdint.h>
#include "dfa.h"
#include "glob.h"

#define NFA_END UINT32_MAX /* pos_set of an END position */

struct nfa {
	uint32_t npos;
	uint32_t *pos_set;   /* byte set id of a position, or NFA_END */
	uint32_t *pos_rule;  /* rule of an END position */
	uint32_t *fol_off;   /* follow(p) = fol[fol_off[p] .. fol_off[p + 1]) */
	uint32_t *fol;       /* sorted, unique */
	uint32_t *start;     /* sorted, unique: first positions of all rules */
	uint32_t nstart;
	struct byteset *sets; /* distinct byte sets of all positions */
	uint32_t nsets;
	/* byte classes: bytes no byte set tells apart share a class */
	uint32_t nclasses;
	uint8_t class_of[256];
	uint32_t *set_cls_off; /* classes of set i: set_cls[set_cls_off[i] ..] */
	uint8_t *set_cls;
	uint8_t *rule_exact;   /* per rule: glob has no glob characters */
	uint32_t nrules;
	bool productive;       /* nfa_reduce found every position reaching an END */
};

/* Parse every rule (collapsing runs of '/' first) and build the NFA. */
struct nfa *nfa_build(const struct dfa_rule *rules, size_t nrules, struct dfa_error *err);
void nfa_free(struct nfa *n);
/*
 * Merge positions that the subset construction cannot tell apart
 * (nfa_reduce.c): same DFA, fewer states before minimization, smaller
 * state sets. 0, or -1 on ENOMEM (n is then unusable).
 */
int nfa_reduce(struct nfa *n, const struct dfa_rule *rules);

/*
 * Permission record while rule sets are still being combined: like struct
 * pp_perms, but the exec transition keeps its precedence (0 none, 1 glob,
 * 2 exact) and two disagreeing transitions of one precedence are kept as
 * XMODE_CONFLICT instead of failing at once. Joining records is associative
 * and commutative, so rule groups can be compiled apart and combined.
 */
#define XMODE_CONFLICT UINT32_MAX
struct xperms_half {
	uint32_t allow, deny, audit, quiet;
	uint32_t xprec, xmode, xindex;
};
struct xperms {
	struct xperms_half half[2];
};

/* Record of the rules acc[0..nacc) (indices into rules) matching one path. */
void xperms_from_rules(const struct nfa *n, const struct dfa_rule *rules, const uint32_t *acc,
		       size_t nacc, struct xperms *out);
/* *a = the record of the union of both rule sets. */
void xperms_join(struct xperms *a, const struct xperms *b);
/* Final record (deny kills x, no bits = all zero); 1 if exec conflict. */
int xperms_finish(const struct xperms *x, struct pp_perms *out);

/*
 * Name an exec conflict among the rules acc[0..nacc): sets err (both rule
 * origins, rule_a/rule_b) and returns -1; returns 0 if there is none.
 */
int exec_conflict_name(const struct nfa *n, const struct dfa_rule *rules, const uint32_t *acc,
		       size_t nacc, struct dfa_error *err);

/* perm_merge = from_rules + finish + conflict naming (used by the tests). */
int perm_merge(const struct nfa *n, const struct dfa_rule *rules, const uint32_t *acc,
	       size_t nacc, struct pp_perms *out, struct dfa_error *err);

/* Distinct fixed-size records; [0] is the all-zero record (accept.c). */
/* Sort v[0..n) and drop repeats; returns the new length. Lists here are
 * mostly a handful long: insertion sort, qsort past that (nfa.c). */
size_t u32_sort_unique(uint32_t *v, size_t n);

/* Hash of a u32 string (position sets, merge keys) for open addressing. */
static inline uint32_t hash_u32s(const uint32_t *v, uint32_t n)
{
	uint64_t h = 0x84222325cbf29ce4ull ^ n;

	for (uint32_t i = 0; i < n; i++)
		h = (h ^ v[i]) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h ^ h >> 31);
}

struct rec_table {
	uint8_t *v;
	size_t size;
	uint32_t n, cap;
	uint32_t *tab; /* open addressing over record ids */
	uint32_t tab_cap;
};

int rec_table_init(struct rec_table *t, size_t size);
void rec_table_free(struct rec_table *t);
/* Index of the record at p, adding it if new; UINT32_MAX on ENOMEM. */
uint32_t rec_table_intern(struct rec_table *t, const void *p);

/*
 * Unminimized DFA, sparse: state s has the edges edge_off[s] ..
 * edge_off[s + 1] (class, target), every other class goes to the dead state
 * 0. perm_index[s] < nrecs indexes recs (recs[0] all zero).
 */
struct ddfa {
	uint32_t nstates;
	uint32_t start;
	uint32_t nclasses;
	uint8_t class_of[256];
	uint32_t *edge_off;
	uint8_t *edge_cls;
	uint32_t *edge_to;
	uint64_t nedges;
	uint32_t *perm_index;
	struct xperms *recs;
	uint32_t nrecs;
	/* every state but 0 is reachable and reaches acceptance: subset
	 * construction over a productive NFA (minimize.c skips the check) */
	bool all_live;
};

struct ddfa *dfa_determinize(const struct nfa *n, const struct dfa_rule *rules,
			     struct dfa_error *err);

/*
 * Refuse rule sets whose DFA explodes instead of eating all memory: at most
 * this many states, and this many positions in all their sets. A group of
 * rules gets the smaller budget; when it overflows, it is split in halves
 * that are compiled apart and joined by product (dfa.c).
 */
#define DET_MAX_STATES (1u << 21)
#define DET_MAX_POSITIONS ((size_t)1 << 26)
#define DET_GROUP_MAX_STATES (1u << 16)
#define DET_GROUP_MAX_POSITIONS ((size_t)1 << 22)
struct det_limits {
	uint32_t states;
	size_t positions;
};

/* dfa_determinize within *lim; *too_complex tells a blown budget apart. */
struct ddfa *dfa_determinize_limited(const struct nfa *n, const struct dfa_rule *rules,
				     const struct det_limits *lim, struct dfa_error *err,
				     bool *too_complex);
void ddfa_free(struct ddfa *d);

/*
 * A dense DFA whose records are still xperms: dfa.perms is NULL and
 * dfa.perm_index indexes recs.
 */
struct xdfa {
	struct dfa *dfa;
	struct xperms *recs;
	uint32_t nrecs;
};

void xdfa_free(struct xdfa *x);

/*
 * Minimize (Valmari-Lehtinen partition refinement, O(m log n)). The result
 * keeps d's record indices (perms NULL, nperms = d->nrecs); recs are not
 * looked at, only told apart by index.
 */
struct dfa *dfa_minimize(const struct ddfa *d);

/* Product automaton of a and b: each state holds the joined record. */
struct ddfa *dfa_product(const struct xdfa *a, const struct xdfa *b, struct dfa_error *err);

/* Sparse copy of a dense DFA (for minimizing again). */
struct ddfa *dfa_to_sparse(const struct dfa *d, uint32_t nkeys);

/*
 * Replace the xperms records of d by final pp_perms (d->perms). Returns 0,
 * -1 on ENOMEM, or 1 with *state set to a state whose record has an exec
 * conflict.
 */
int dfa_finish_records(struct dfa *d, const struct xperms *recs, uint32_t nrecs,
		       uint32_t *state);

/* The unminimized automaton as a dense struct dfa with final records (tests;
 * conflicts are not reported). */
struct dfa *ddfa_to_dense(const struct ddfa *d);

/* Merge byte classes whose columns are equal in every state. */
int dfa_merge_classes(struct dfa *d);

/*
 * Compile with rules split into groups (group_size rules with a floating
 * double star, 4 * group_size others), each determinized and minimized
 * alone, then combined by products in a balanced tree. dfa_compile is this
 * with DFA_GROUP_SIZE.
 */
#define DFA_GROUP_SIZE 4096
struct dfa *dfa_compile_grouped(const struct dfa_rule *rules, size_t nrules, size_t group_size,
				struct dfa_error *err, struct dfa_stats *stats);

/* Name the rules behind the exec conflict in state of d (conflict.c). */
void exec_conflict_report(const struct dfa *d, uint32_t state, const struct dfa_rule *rules,
			  size_t nrules, struct dfa_error *err);

/* Shared by the stages. */
/* Grow *p (elements of elem bytes) to hold at least need; 0 or -1 (ENOMEM). */
int dfa_grow(void **p, size_t *cap, size_t need, size_t elem);
void dfa_error_set(struct dfa_error *err, int a, int b, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* PATHPROF_NFA_H */
