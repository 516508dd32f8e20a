// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Determinization: the permission merge of accepting states (deny,
 * owner-only, audit/quiet, exec precedence and conflicts) and the subset
 * construction against a direct simulation of the position automaton.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core_testgen.h"
#include "nfa.h"

#define R PP_PERM_READ
#define W PP_PERM_WRITE
#define X PP_PERM_EXEC
#define M PP_PERM_MMAP
#define NONE PP_XINDEX_NONE

static struct dfa *compile_ok(const struct dfa_rule *r, size_t n)
{
	struct dfa_error err;
	struct dfa *d = dfa_compile(r, n, &err, NULL);

	ck_assert_msg(d, "compile failed: %s", err.msg);
	return d;
}

static const struct pp_perms_half *half(const struct dfa *d, const char *path, int h)
{
	return &dfa_lookup(d, path, strlen(path))->half[h];
}

START_TEST(test_deny_kept_raw)
{
	struct dfa_rule r[] = {
		{ .glob = "/etc/**", .perms = R | W, .xindex = NONE },
		{ .glob = "/etc/shadow", .perms = W, .deny = 1, .xindex = NONE },
	};
	struct dfa *d = compile_ok(r, 2);
	const struct pp_perms_half *h = half(d, "/etc/shadow", PP_OTHER);

	ck_assert_uint_eq(h->allow, R | W);
	ck_assert_uint_eq(h->deny, W);
	ck_assert_uint_eq(h->quiet, W); /* deny without audit is quiet */
	ck_assert_uint_eq(h->audit, 0);
	ck_assert_uint_eq(h->allow & ~h->deny, R);
	h = half(d, "/etc/passwd", PP_OTHER);
	ck_assert_uint_eq(h->allow, R | W);
	ck_assert_uint_eq(h->deny, 0);
	dfa_free(d);
}
END_TEST

START_TEST(test_owner_only)
{
	struct dfa_rule r[] = {
		{ .glob = "/home/*/**", .perms = R | W, .owner = 1, .xindex = NONE },
		{ .glob = "/home/*/**", .perms = R, .xindex = NONE },
		{ .glob = "/home/*/.ssh/**", .perms = W, .owner = 1, .deny = 1, .xindex = NONE },
	};
	struct dfa *d = compile_ok(r, 3);

	ck_assert_uint_eq(half(d, "/home/u/f", PP_OWNER)->allow, R | W);
	ck_assert_uint_eq(half(d, "/home/u/f", PP_OTHER)->allow, R);
	ck_assert_uint_eq(half(d, "/home/u/.ssh/k", PP_OWNER)->deny, W);
	ck_assert_uint_eq(half(d, "/home/u/.ssh/k", PP_OTHER)->deny, 0);
	dfa_free(d);
}
END_TEST

START_TEST(test_audit_quiet)
{
	struct dfa_rule r[] = {
		{ .glob = "/a", .perms = R, .audit = 1, .xindex = NONE },
		{ .glob = "/a", .perms = W, .xindex = NONE },
		{ .glob = "/b", .perms = W, .deny = 1, .audit = 1, .xindex = NONE },
		{ .glob = "/b", .perms = M, .deny = 1, .xindex = NONE },
	};
	struct dfa *d = compile_ok(r, 4);

	ck_assert_uint_eq(half(d, "/a", PP_OTHER)->audit, R);
	ck_assert_uint_eq(half(d, "/a", PP_OTHER)->allow, R | W);
	ck_assert_uint_eq(half(d, "/a", PP_OTHER)->quiet, 0);
	ck_assert_uint_eq(half(d, "/b", PP_OTHER)->audit, W);
	ck_assert_uint_eq(half(d, "/b", PP_OTHER)->quiet, M);
	ck_assert_uint_eq(half(d, "/b", PP_OWNER)->deny, W | M);
	dfa_free(d);
}
END_TEST

START_TEST(test_exec_exact_beats_glob)
{
	struct dfa_rule r[] = {
		{ .glob = "/usr/bin/*", .perms = R | X, .xmode = PP_X_PROFILE, .xindex = NONE },
		{ .glob = "/usr/bin/foo", .perms = X, .xmode = PP_X_INHERIT, .xindex = NONE },
		{ .glob = "/usr/bin/ba?", .perms = X, .xmode = PP_X_PROFILE, .xindex = NONE },
		{ .glob = "/opt/t", .perms = X, .owner = 1, .xmode = PP_X_CHILD, .xindex = 3 },
		{ .glob = "/opt/*", .perms = X, .xmode = PP_X_UNCONFINED | PP_X_SCRUB,
		  .xindex = NONE },
	};
	struct dfa *d = compile_ok(r, 5);

	ck_assert_uint_eq(half(d, "/usr/bin/foo", PP_OTHER)->xmode, PP_X_INHERIT);
	ck_assert_uint_eq(half(d, "/usr/bin/foo", PP_OTHER)->allow, R | X);
	ck_assert_uint_eq(half(d, "/usr/bin/fox", PP_OTHER)->xmode, PP_X_PROFILE);
	ck_assert_uint_eq(half(d, "/usr/bin/bar", PP_OTHER)->xmode, PP_X_PROFILE);
	/* the exact rule is owner-only: the other half keeps the glob's mode */
	ck_assert_uint_eq(half(d, "/opt/t", PP_OWNER)->xmode, PP_X_CHILD);
	ck_assert_uint_eq(half(d, "/opt/t", PP_OWNER)->xindex, 3);
	ck_assert_uint_eq(half(d, "/opt/t", PP_OTHER)->xmode, PP_X_UNCONFINED | PP_X_SCRUB);
	ck_assert_uint_eq(half(d, "/opt/t", PP_OTHER)->xindex, NONE);
	dfa_free(d);
}
END_TEST

START_TEST(test_exec_conflict_names_both)
{
	struct dfa_rule r[] = {
		{ .glob = "/bin/*", .perms = R, .xindex = NONE, .origin = "p:1:3" },
		{ .glob = "/usr/bin/*", .perms = X, .xmode = PP_X_INHERIT, .xindex = NONE,
		  .origin = "p:2:3" },
		{ .glob = "/usr/bin/f*", .perms = X, .xmode = PP_X_PROFILE, .xindex = NONE,
		  .origin = "p:3:3" },
	};
	struct dfa_error err;

	ck_assert_ptr_null(dfa_compile(r, 3, &err, NULL));
	ck_assert_int_eq(err.rule_a, 1);
	ck_assert_int_eq(err.rule_b, 2);
	ck_assert_msg(strstr(err.msg, "conflicting exec") && strstr(err.msg, "p:2:3") &&
		      strstr(err.msg, "p:3:3"), "%s", err.msg);
	/* two exact rules for one path with different targets */
	struct dfa_rule e[] = {
		{ .glob = "/bin/sh", .perms = X, .xmode = PP_X_PROFILE, .xindex = 1 },
		{ .glob = "/bin/sh", .perms = X, .xmode = PP_X_PROFILE, .xindex = 2 },
	};
	ck_assert_ptr_null(dfa_compile(e, 2, &err, NULL));
	ck_assert_int_eq(err.rule_a, 0);
	ck_assert_int_eq(err.rule_b, 1);
	ck_assert_ptr_nonnull(strstr(err.msg, "rule 0"));
}
END_TEST

START_TEST(test_exec_same_mode_and_disjoint_ok)
{
	struct dfa_rule r[] = {
		{ .glob = "/usr/bin/*", .perms = X, .xmode = PP_X_INHERIT, .xindex = NONE },
		{ .glob = "/usr/bin/f*", .perms = X | M, .xmode = PP_X_INHERIT, .xindex = NONE },
		{ .glob = "/usr/sbin/*", .perms = X, .xmode = PP_X_PROFILE, .xindex = NONE },
		{ .glob = "/usr/bin/g*", .perms = X, .deny = 1, .xindex = NONE },
		{ .glob = "/usr/bin/g*", .perms = X, .xmode = PP_X_PROFILE, .xindex = 7,
		  .owner = 1 },
	};
	struct dfa_error err;
	struct dfa *d;

	/* g*: owner half has two glob modes (ix, px) for one path: conflict */
	ck_assert_ptr_null(dfa_compile(r, 5, &err, NULL));
	ck_assert_int_eq(err.rule_a, 0);
	ck_assert_int_eq(err.rule_b, 4);
	d = compile_ok(r, 4);
	ck_assert_uint_eq(half(d, "/usr/bin/foo", PP_OTHER)->xmode, PP_X_INHERIT);
	ck_assert_uint_eq(half(d, "/usr/bin/foo", PP_OTHER)->allow, X | M);
	ck_assert_uint_eq(half(d, "/usr/sbin/foo", PP_OTHER)->xmode, PP_X_PROFILE);
	/* denied x: no exec transition */
	ck_assert_uint_eq(half(d, "/usr/bin/go", PP_OTHER)->xmode, 0);
	ck_assert_uint_eq(half(d, "/usr/bin/go", PP_OTHER)->xindex, NONE);
	ck_assert_uint_eq(half(d, "/usr/bin/go", PP_OTHER)->deny, X);
	dfa_free(d);
}
END_TEST

START_TEST(test_records_unique_and_zero)
{
	struct dfa_rule r[] = {
		{ .glob = "/a/*", .perms = R, .xindex = NONE },
		{ .glob = "/b/*", .perms = R, .xindex = NONE },
		{ .glob = "/c", .perms = 0, .xindex = NONE },
	};
	struct dfa *d = compile_ok(r, 3);
	struct pp_perms zero;

	memset(&zero, 0, sizeof(zero));
	ck_assert_int_eq(memcmp(&d->perms[0], &zero, sizeof(zero)), 0);
	ck_assert_uint_eq(d->perm_index[0], 0);
	for (uint32_t c = 0; c < d->nclasses; c++)
		ck_assert_uint_eq(d->trans[c], 0);
	for (uint32_t i = 0; i < d->nperms; i++)
		for (uint32_t j = i + 1; j < d->nperms; j++)
			ck_assert(memcmp(&d->perms[i], &d->perms[j], sizeof(zero)));
	/* both globs share one record; no x: no exec transition */
	ck_assert_uint_eq(d->nperms, 2);
	ck_assert_uint_eq(half(d, "/a/x", PP_OWNER)->xindex, NONE);
	/* a rule without bits gives no record */
	ck_assert_uint_eq(d->perm_index[dfa_walk(d, "/c", 2)], 0);
	dfa_free(d);
}
END_TEST

START_TEST(test_no_rules)
{
	struct dfa_error err;
	struct dfa_stats st;
	struct dfa *d = dfa_compile(NULL, 0, &err, &st);

	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->nstates, 1);
	ck_assert_uint_eq(dfa_walk(d, "/x", 2), 0);
	ck_assert_uint_eq(dfa_lookup(d, "/x", 2)->half[0].allow, 0);
	dfa_free(d);
}
END_TEST

/* Direct simulation of the position automaton: set of positions per byte. */
static size_t simulate(const struct nfa *n, const char *path, size_t len, uint32_t *acc)
{
	uint8_t *cur = calloc(n->npos, 1), *nxt = calloc(n->npos, 1);
	size_t nacc = 0;

	for (uint32_t i = 0; i < n->nstart; i++)
		cur[n->start[i]] = 1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		memset(nxt, 0, n->npos);
		for (uint32_t p = 0; p < n->npos; p++) {
			if (!cur[p] || n->pos_set[p] == NFA_END ||
			    !byteset_has(&n->sets[n->pos_set[p]], c))
				continue;
			for (uint32_t f = n->fol_off[p]; f < n->fol_off[p + 1]; f++)
				nxt[n->fol[f]] = 1;
		}
		memcpy(cur, nxt, n->npos);
	}
	for (uint32_t p = 0; p < n->npos; p++)
		if (cur[p] && n->pos_set[p] == NFA_END)
			acc[nacc++] = n->pos_rule[p];
	free(cur);
	free(nxt);
	return nacc;
}

START_TEST(test_subset_construction_random)
{
	struct tg_rng rng = { 0x5eed0000u + (uint64_t)_i * 7919 };
	size_t nrules = 1 + tg_next(&rng, 12);
	struct dfa_rule *rules = tg_rules(&rng, nrules);
	struct dfa_error err;
	struct nfa *n = nfa_build(rules, nrules, &err);
	struct ddfa *dd;
	struct dfa *dense;
	uint32_t acc[64];

	ck_assert_msg(n, "%s", err.msg);
	dd = dfa_determinize(n, rules, &err);
	ck_assert_msg(dd, "%s", err.msg);
	dense = ddfa_to_dense(dd);
	ck_assert_ptr_nonnull(dense);
	for (int k = 0; k < 300; k++) {
		char path[32];
		size_t len = tg_path(&rng, path, sizeof(path));
		size_t nacc = simulate(n, path, len, acc);
		struct pp_perms want;

		ck_assert_int_eq(perm_merge(n, rules, acc, nacc, &want, &err), 0);
		ck_assert_msg(!memcmp(dfa_lookup(dense, path, len), &want, sizeof(want)),
			      "seed %d path '%s'", _i, path);
	}
	dfa_free(dense);
	ddfa_free(dd);
	nfa_free(n);
	tg_free_rules(rules, nrules);
}
END_TEST

/* Two globbed modes that disagree are fine when an exact rule overrides. */
START_TEST(test_exec_exact_resolves_glob_conflict)
{
	struct dfa_rule r[] = {
		{ .glob = "/usr/lib/fo[o]", .perms = X, .xmode = PP_X_PROFILE, .xindex = NONE },
		{ .glob = "/usr/lib/fo{o,}*", .perms = X, .xmode = PP_X_INHERIT, .xindex = NONE },
		{ .glob = "/usr/lib/foo", .perms = X, .xmode = PP_X_UNCONFINED, .xindex = NONE },
	};
	struct dfa_error err;
	struct dfa *d = compile_ok(r, 3);

	ck_assert_uint_eq(half(d, "/usr/lib/foo", PP_OTHER)->xmode, PP_X_UNCONFINED);
	ck_assert_uint_eq(half(d, "/usr/lib/fo", PP_OTHER)->xmode, PP_X_INHERIT);
	dfa_free(d);
	ck_assert_ptr_null(dfa_compile(r, 2, &err, NULL));
	ck_assert_int_eq(err.rule_a, 0);
	ck_assert_int_eq(err.rule_b, 1);
}
END_TEST

/*
 * 20 rules "/ ** /tK/ **" (without the blanks): a path may have matched any
 * subset of them, so one subset construction needs ~2^20 states and blows
 * the group budget; the group is split, the halves compiled apart and
 * joined by product. The result must still agree with the position
 * automaton on random paths.
 */
START_TEST(test_budget_split)
{
	enum { N = 20 };
	struct dfa_rule r[N];
	char globs[N][32];
	struct dfa_error err;
	struct dfa_stats st;
	struct tg_rng rng = { 0xb0d6e7u };
	struct nfa *n;
	struct dfa *d;
	uint32_t acc[N];

	for (int i = 0; i < N; i++) {
		snprintf(globs[i], sizeof(globs[i]), "/**/t%c/**", 'a' + i);
		/* all permissions distinct: no two "**" tails merge (nfa_reduce) */
		r[i] = (struct dfa_rule){ .glob = globs[i], .perms = (uint32_t)(i + 1) << 1,
					  .xindex = NONE };
	}
	d = dfa_compile(r, N, &err, &st);
	ck_assert_msg(d, "%s", err.msg);
	ck_assert_uint_lt(st.dfa_states, DET_GROUP_MAX_STATES);
	n = nfa_build(r, N, &err);
	ck_assert_ptr_nonnull(n);
	/* each compiled group adds its own initial state: it was split */
	ck_assert_uint_gt(st.nfa_states, n->npos + 1);
	for (int k = 0; k < 2000; k++) {
		char path[40];
		size_t len = 0;
		struct pp_perms want;

		while (len < 30) {
			path[len++] = '/';
			path[len++] = tg_next(&rng, 3) ? 't' : 'x';
			path[len++] = (char)('a' + tg_next(&rng, N + 2));
		}
		path[len] = '\0';
		ck_assert_int_eq(perm_merge(n, r, acc, simulate(n, path, len, acc), &want, &err), 0);
		ck_assert_msg(!memcmp(dfa_lookup(d, path, len), &want, sizeof(want)), "%s", path);
	}
	nfa_free(n);
	dfa_free(d);
}
END_TEST

static Suite *det_suite(void)
{
	Suite *s = suite_create("determinize");
	TCase *tc = tcase_create("core");

	/* Check's 4 s default is too short for the large cases under ASan. */
	tcase_set_timeout(tc, 240);

	tcase_add_test(tc, test_deny_kept_raw);
	tcase_add_test(tc, test_owner_only);
	tcase_add_test(tc, test_audit_quiet);
	tcase_add_test(tc, test_exec_exact_beats_glob);
	tcase_add_test(tc, test_exec_conflict_names_both);
	tcase_add_test(tc, test_exec_same_mode_and_disjoint_ok);
	tcase_add_test(tc, test_exec_exact_resolves_glob_conflict);
	tcase_add_test(tc, test_records_unique_and_zero);
	tcase_add_test(tc, test_no_rules);
	tcase_add_loop_test(tc, test_subset_construction_random, 0, 200);
	tcase_add_test(tc, test_budget_split);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(det_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
