// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Minimization: for random rule sets, an independent naive Moore
 * refinement must find no two equivalent states in dfa_compile's output,
 * every state but 0 must be reachable and able to accept, no two byte
 * classes may act alike, and the minimized DFA must give the same record
 * as the unminimized one on random paths.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core_testgen.h"
#include "nfa.h"

/* Moore: refine "same record" until stable; returns the number of blocks. */
static uint32_t moore_blocks(const struct dfa *d)
{
	uint32_t n = d->nstates, nc = d->nclasses, nblocks = 0;
	uint32_t *blk = malloc(n * sizeof(*blk)), *nb = malloc(n * sizeof(*nb));

	for (uint32_t s = 0; s < n; s++)
		blk[s] = d->perm_index[s];
	for (;;) {
		uint32_t k = 0;

		/* O(n^2 * classes): two states stay together iff same block and
		 * every class leads to the same block */
		for (uint32_t s = 0; s < n; s++) {
			nb[s] = UINT32_MAX;
			for (uint32_t t = 0; t < s && nb[s] == UINT32_MAX; t++) {
				bool same = blk[s] == blk[t];

				for (uint32_t c = 0; same && c < nc; c++)
					same = blk[d->trans[s * nc + c]] == blk[d->trans[t * nc + c]];
				if (same)
					nb[s] = nb[t];
			}
			if (nb[s] == UINT32_MAX)
				nb[s] = k++;
		}
		memcpy(blk, nb, n * sizeof(*blk));
		if (k == nblocks)
			break;
		nblocks = k;
	}
	free(blk);
	free(nb);
	return nblocks;
}

static void check_trim(const struct dfa *d)
{
	uint32_t n = d->nstates, nc = d->nclasses;
	uint8_t *fwd = calloc(n, 1), *co = calloc(n, 1);
	bool changed = true;

	ck_assert_uint_eq(d->perm_index[0], 0);
	for (uint32_t c = 0; c < nc; c++)
		ck_assert_uint_eq(d->trans[c], 0);
	fwd[d->start] = 1;
	for (uint32_t s = 1; s < n; s++)
		co[s] = d->perm_index[s] != 0;
	while (changed) {
		changed = false;
		for (uint32_t s = 0; s < n; s++)
			for (uint32_t c = 0; c < nc; c++) {
				uint32_t t = d->trans[s * nc + c];

				if (fwd[s] && !fwd[t]) {
					fwd[t] = 1;
					changed = true;
				}
				if (co[t] && !co[s]) {
					co[s] = 1;
					changed = true;
				}
			}
	}
	for (uint32_t s = 1; s < n; s++)
		ck_assert_msg(fwd[s] && co[s], "state %u unreachable or dead", s);
	free(fwd);
	free(co);
}

static void check_classes_distinct(const struct dfa *d)
{
	uint32_t nc = d->nclasses;
	bool used[256] = { false };

	for (int b = 0; b < 256; b++) {
		ck_assert_uint_lt(d->class_of[b], nc);
		used[d->class_of[b]] = true;
	}
	for (uint32_t a = 0; a < nc; a++) {
		ck_assert(used[a]);
		for (uint32_t b = a + 1; b < nc; b++) {
			bool same = true;

			for (uint32_t s = 0; same && s < d->nstates; s++)
				same = d->trans[s * nc + a] == d->trans[s * nc + b];
			ck_assert_msg(!same || d->nstates == 1, "classes %u and %u alike", a, b);
		}
	}
}

/*
 * nfa_reduce() must not change what subset construction + minimization
 * produce: the same minimal DFA (states, numbering, edges, records) from
 * fewer determinized states.
 */
static void check_reduce_same_dfa(const struct dfa_rule *rules, size_t nrules,
				  const struct ddfa *dd, uint32_t *reduced_states)
{
	struct dfa_error err;
	struct nfa *n = nfa_build(rules, nrules, &err);
	struct ddfa *ddr;
	struct dfa *a, *b;

	ck_assert_msg(n, "%s", err.msg);
	ck_assert_int_eq(nfa_reduce(n, rules), 0);
	ddr = dfa_determinize(n, rules, &err);
	ck_assert_msg(ddr, "%s", err.msg);
	ck_assert_uint_le(ddr->nstates, dd->nstates);
	ck_assert_uint_eq(ddr->nrecs, dd->nrecs);
	ck_assert(!memcmp(ddr->recs, dd->recs, dd->nrecs * sizeof(*dd->recs)));
	a = dfa_minimize(dd);
	b = dfa_minimize(ddr);
	ck_assert(a && b);
	ck_assert_uint_eq(a->nstates, b->nstates);
	ck_assert_uint_eq(a->nclasses, b->nclasses);
	ck_assert(!memcmp(a->trans, b->trans, (size_t)a->nstates * a->nclasses * sizeof(uint32_t)));
	ck_assert(!memcmp(a->perm_index, b->perm_index, a->nstates * sizeof(uint32_t)));
	*reduced_states = ddr->nstates;
	dfa_free(a);
	dfa_free(b);
	ddfa_free(ddr);
	nfa_free(n);
}

static void check_rule_set(struct dfa_rule *rules, size_t nrules, struct tg_rng *rng, int paths)
{
	struct dfa_error err;
	struct dfa_stats st;
	struct nfa *n = nfa_build(rules, nrules, &err);
	struct ddfa *dd;
	struct dfa *full, *plain;
	uint32_t reduced_states;

	ck_assert_msg(n, "%s", err.msg);
	dd = dfa_determinize(n, rules, &err);
	ck_assert_msg(dd, "%s", err.msg);
	check_reduce_same_dfa(rules, nrules, dd, &reduced_states);
	plain = ddfa_to_dense(dd);
	full = dfa_compile(rules, nrules, &err, &st);
	ck_assert_msg(full && plain, "%s", err.msg);
	ck_assert_uint_eq(st.dfa_states, reduced_states);
	ck_assert_uint_eq(st.min_states, full->nstates);
	ck_assert_uint_le(full->nstates, reduced_states);
	ck_assert_uint_eq(moore_blocks(full), full->nstates);
	check_trim(full);
	check_classes_distinct(full);
	for (int k = 0; k < paths; k++) {
		char path[32];
		size_t len = tg_path(rng, path, sizeof(path));

		ck_assert_msg(!memcmp(dfa_lookup(full, path, len), dfa_lookup(plain, path, len),
				      sizeof(struct pp_perms)),
			      "path '%s'", path);
	}
	dfa_free(full);
	dfa_free(plain);
	ddfa_free(dd);
	nfa_free(n);
}

START_TEST(test_minimal_random)
{
	struct tg_rng rng = { 0x6d696e00u + (uint64_t)_i * 104729 };
	size_t nrules = 1 + tg_next(&rng, 16);
	struct dfa_rule *rules = tg_rules(&rng, nrules);

	/* a rule without bits leaves states that can never accept: trimming */
	if (_i % 2)
		rules[0].perms = 0;
	check_rule_set(rules, nrules, &rng, 500);
	tg_free_rules(rules, nrules);
}
END_TEST

/* Many rules sharing few records: big merges of suffixes. */
START_TEST(test_minimal_shared_records)
{
	struct tg_rng rng = { 0x5a5a5a5au };
	size_t nrules = 60;
	struct dfa_rule *rules = tg_rules(&rng, nrules);

	for (size_t i = 0; i < nrules; i++) {
		rules[i].perms = PP_PERM_READ << (i % 2);
		rules[i].owner = rules[i].deny = rules[i].audit = 0;
	}
	check_rule_set(rules, nrules, &rng, 2000);
	tg_free_rules(rules, nrules);
}
END_TEST

/* Hand-made: suffix sharing must collapse to a known size. */
/*
 * A class that holds no byte ([^\x01-\xff]) makes its rule unmatchable:
 * the NFA is then not productive, the determinized states holding only
 * that rule's positions are dead ends, and minimization must trim them.
 */
START_TEST(test_minimal_trims_dead_ends)
{
	struct dfa_rule r[] = {
		{ .glob = "/x/[^\x01-\xff]", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE },
		{ .glob = "/y", .perms = PP_PERM_WRITE, .xindex = PP_XINDEX_NONE },
	};
	struct dfa_error err;
	struct dfa_stats st;
	struct nfa *n = nfa_build(r, 2, &err);
	struct ddfa *dd;
	struct dfa *d;

	ck_assert_msg(n, "%s", err.msg);
	ck_assert_int_eq(nfa_reduce(n, r), 0);
	ck_assert(!n->productive);
	dd = dfa_determinize(n, r, &err);
	ck_assert_ptr_nonnull(dd);
	ck_assert(!dd->all_live);
	ddfa_free(dd);
	nfa_free(n);
	d = dfa_compile(r, 2, &err, &st);
	ck_assert_msg(d, "%s", err.msg);
	/* dead, start, "/", "/y": "/x" and "/x/" lead nowhere */
	ck_assert_uint_eq(d->nstates, 4);
	ck_assert_uint_eq(dfa_lookup(d, "/y", 2)->half[PP_OTHER].allow, PP_PERM_WRITE);
	dfa_free(d);
}
END_TEST

START_TEST(test_minimal_known_size)
{
	struct dfa_rule r[] = {
		{ .glob = "/a/x.so", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE },
		{ .glob = "/b/x.so", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE },
		{ .glob = "/c/x.so", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE },
	};
	struct dfa_error err;
	struct dfa_stats st;
	struct dfa *d = dfa_compile(r, 3, &err, &st);

	ck_assert_ptr_nonnull(d);
	/* dead, start, "/", "/[abc]", "/[abc]/", "x", "x.", "x.s", "x.so" */
	ck_assert_uint_eq(d->nstates, 9);
	/* classes: '/', [abc], 'x', '.', 's', 'o', everything else */
	ck_assert_uint_eq(d->nclasses, 7);
	/* nfa_reduce shares the suffixes before subset construction ... */
	ck_assert_uint_eq(st.dfa_states, d->nstates);
	/* ... which alone would have built one "/x/x.so" chain per rule */
	{
		struct nfa *n = nfa_build(r, 3, &err);
		struct ddfa *dd = n ? dfa_determinize(n, r, &err) : NULL;

		ck_assert_ptr_nonnull(dd);
		ck_assert_uint_eq(dd->nstates, 2 + 1 + 3 * 6);
		ddfa_free(dd);
		nfa_free(n);
	}
	dfa_free(d);
}
END_TEST

/*
 * Compiling rules in groups and joining them by products must give an
 * automaton of the same size (both are minimal) that agrees on every path.
 */
START_TEST(test_grouped_equals_whole)
{
	struct tg_rng rng = { 0x67727000u + (uint64_t)_i * 31337 };
	size_t nrules = 2 + tg_next(&rng, 30);
	struct dfa_rule *rules = tg_rules(&rng, nrules);
	struct dfa_error err;
	struct dfa *whole = dfa_compile_grouped(rules, nrules, nrules, &err, NULL);

	ck_assert_msg(whole, "%s", err.msg);
	for (size_t gs = 1; gs <= 3; gs++) {
		struct dfa *g = dfa_compile_grouped(rules, nrules, gs, &err, NULL);

		ck_assert_msg(g, "%s", err.msg);
		ck_assert_uint_eq(g->nstates, whole->nstates);
		ck_assert_uint_eq(g->nclasses, whole->nclasses);
		ck_assert_uint_eq(g->nperms, whole->nperms);
		ck_assert_uint_eq(moore_blocks(g), g->nstates);
		check_trim(g);
		for (int k = 0; k < 300; k++) {
			char path[32];
			size_t len = tg_path(&rng, path, sizeof(path));

			ck_assert_msg(!memcmp(dfa_lookup(g, path, len), dfa_lookup(whole, path, len),
					      sizeof(struct pp_perms)),
				      "group %zu path '%s'", gs, path);
		}
		dfa_free(g);
	}
	dfa_free(whole);
	tg_free_rules(rules, nrules);
}
END_TEST

/* An exec conflict between rules of different groups still names both. */
START_TEST(test_grouped_conflict_named)
{
	struct dfa_rule r[] = {
		{ .glob = "/bin/*", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE },
		{ .glob = "/usr/bin/*", .perms = PP_PERM_EXEC, .xmode = PP_X_INHERIT,
		  .xindex = PP_XINDEX_NONE, .origin = "f:2:1" },
		{ .glob = "/etc/**", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE },
		{ .glob = "/usr/bin/ls", .perms = PP_PERM_EXEC, .xmode = PP_X_PROFILE,
		  .xindex = PP_XINDEX_NONE },
		{ .glob = "/usr/bin/l?", .perms = PP_PERM_EXEC, .xmode = PP_X_PROFILE,
		  .xindex = 2, .origin = "f:5:1", .owner = 1 },
	};
	struct dfa_error err;

	for (size_t gs = 1; gs <= 5; gs++) {
		ck_assert_ptr_null(dfa_compile_grouped(r, 5, gs, &err, NULL));
		ck_assert_int_eq(err.rule_a, 1);
		ck_assert_int_eq(err.rule_b, 4);
		ck_assert_msg(strstr(err.msg, "f:2:1") && strstr(err.msg, "f:5:1"), "%s", err.msg);
	}
}
END_TEST

static Suite *min_suite(void)
{
	Suite *s = suite_create("minimize");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_minimal_random, 0, 160);
	tcase_add_test(tc, test_minimal_shared_records);
	tcase_add_test(tc, test_minimal_known_size);
	tcase_add_test(tc, test_minimal_trims_dead_ends);
	tcase_add_loop_test(tc, test_grouped_equals_whole, 0, 60);
	tcase_add_test(tc, test_grouped_conflict_named);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(min_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
