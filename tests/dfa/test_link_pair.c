// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Link pairs (dfa_rule.link_target): a rule that matches the link name,
 * one NUL byte, then the target, the way AppArmor encodes link
 * permission; checked on the dense DFA and through a written blob.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blob.h"
#include "blob_write.h"
#include "nfa.h"

#define L PP_PERM_LINK
#define R PP_PERM_READ
#define NONE PP_XINDEX_NONE

/* Perms of half h for name NUL target on the dense DFA. */
static const struct pp_perms_half *pair(const struct dfa *d, const char *name,
					const char *target, int h)
{
	char buf[512];
	size_t n = strlen(name), t = strlen(target);

	ck_assert(n + 1 + t <= sizeof(buf));
	memcpy(buf, name, n);
	buf[n] = '\0';
	memcpy(buf + n + 1, target, t);
	return &dfa_lookup(d, buf, n + 1 + t)->half[h];
}

static struct dfa *compile_ok(const struct dfa_rule *r, size_t n)
{
	struct dfa_error err;
	struct dfa *d = dfa_compile(r, n, &err, NULL);

	ck_assert_msg(d, "compile failed: %s", err.msg);
	return d;
}

START_TEST(test_pair_target)
{
	struct dfa_rule r[] = {
		{ .glob = "/tmp/x", .perms = L, .xindex = NONE },
		{ .glob = "/tmp/x", .link_target = "/tmp/y", .perms = L, .xindex = NONE },
	};
	struct dfa *d = compile_ok(r, 2);

	ck_assert_uint_eq(pair(d, "/tmp/x", "/tmp/y", PP_OTHER)->allow, L);
	ck_assert_uint_eq(pair(d, "/tmp/x", "/tmp/y", PP_OWNER)->allow, L);
	ck_assert_uint_eq(pair(d, "/tmp/x", "/tmp/z", PP_OTHER)->allow, 0);
	ck_assert_uint_eq(pair(d, "/tmp/x", "/tmp/yy", PP_OTHER)->allow, 0);
	ck_assert_uint_eq(pair(d, "/tmp/w", "/tmp/y", PP_OTHER)->allow, 0);
	/* the name alone keeps its own rule; the pair adds nothing there */
	ck_assert_uint_eq(dfa_lookup(d, "/tmp/x", 6)->half[PP_OTHER].allow, L);
	ck_assert_uint_eq(dfa_lookup(d, "/tmp/y", 6)->half[PP_OTHER].allow, 0);
	dfa_free(d);
}
END_TEST

START_TEST(test_pair_globs_deny_owner)
{
	struct dfa_rule r[] = {
		{ .glob = "/srv/**", .perms = R | L, .xindex = NONE },
		{ .glob = "/srv/**", .link_target = "/**", .perms = L, .xindex = NONE },
		{ .glob = "/srv/*", .link_target = "/srv/secret/**", .perms = L, .deny = 1,
		  .xindex = NONE },
		{ .glob = "/home/*/x", .link_target = "/home/*/{a,b}", .perms = L, .owner = 1,
		  .audit = 1, .xindex = NONE },
	};
	struct dfa *d = compile_ok(r, 4);
	const struct pp_perms_half *h;

	ck_assert_uint_eq(pair(d, "/srv/a/b", "/etc/passwd", PP_OTHER)->allow, L);
	h = pair(d, "/srv/a", "/srv/secret/k", PP_OTHER);
	ck_assert_uint_eq(h->allow, L);
	ck_assert_uint_eq(h->deny, L);
	ck_assert_uint_eq(h->quiet, L);
	ck_assert_uint_eq(pair(d, "/srv/a/b", "/srv/secret/k", PP_OTHER)->deny, 0);
	h = pair(d, "/home/u/x", "/home/u/b", PP_OWNER);
	ck_assert_uint_eq(h->allow, L);
	ck_assert_uint_eq(h->audit, L);
	ck_assert_uint_eq(pair(d, "/home/u/x", "/home/u/b", PP_OTHER)->allow, 0);
	ck_assert_uint_eq(pair(d, "/home/u/x", "/home/u/c", PP_OWNER)->allow, 0);
	/* a NUL never continues an ordinary rule: a double star stops at it */
	ck_assert_uint_eq(pair(d, "/srv/a", "", PP_OTHER)->allow, 0);
	dfa_free(d);
}
END_TEST

START_TEST(test_pair_bad_target)
{
	struct dfa_rule r[] = {
		{ .glob = "/a", .link_target = "/b{c", .perms = L, .xindex = NONE,
		  .origin = "f:3:5" },
	};
	struct dfa_error err;
	struct dfa *d = dfa_compile(r, 1, &err, NULL);

	ck_assert_ptr_null(d);
	ck_assert_msg(strstr(err.msg, "f:3:5: link target: "), "message: %s", err.msg);
	ck_assert_int_eq(err.rule_a, 0);
}
END_TEST

/* Many rules compiled in small groups and joined by product. */
START_TEST(test_pair_grouped)
{
	struct dfa_rule r[40];
	char globs[40][32], targets[40][32];
	struct dfa_error err;
	struct dfa *d;

	for (int i = 0; i < 40; i++) {
		snprintf(globs[i], sizeof(globs[i]), "/d%d/**", i);
		snprintf(targets[i], sizeof(targets[i]), "/t%d/*", i);
		r[i] = (struct dfa_rule){ .glob = globs[i], .perms = L, .xindex = NONE,
					  .link_target = i % 2 ? targets[i] : NULL };
	}
	d = dfa_compile_grouped(r, 40, 4, &err, NULL);
	ck_assert_msg(d, "compile failed: %s", err.msg);
	for (int i = 0; i < 40; i++) {
		char name[32], t[32], other[32];

		snprintf(name, sizeof(name), "/d%d/f", i);
		snprintf(t, sizeof(t), "/t%d/f", i);
		snprintf(other, sizeof(other), "/t%d/f", (i + 1) % 40);
		ck_assert_uint_eq(pair(d, name, t, PP_OTHER)->allow, i % 2 ? L : 0);
		ck_assert_uint_eq(pair(d, name, other, PP_OTHER)->allow, 0);
		ck_assert_uint_eq(dfa_lookup(d, name, strlen(name))->half[PP_OTHER].allow,
				  i % 2 ? 0 : L);
	}
	dfa_free(d);
}
END_TEST

/* The blob matcher steps over the NUL like any other byte. */
START_TEST(test_pair_blob)
{
	struct dfa_rule r[] = {
		{ .glob = "/tmp/x", .perms = L, .xindex = NONE },
		{ .glob = "/tmp/x", .link_target = "/tmp/y", .perms = L, .xindex = NONE },
	};
	struct dfa *d = compile_ok(r, 2);
	struct blob_profile_in in = { .name = "p", .file = d };
	struct blob_profile p;
	struct pp_perms_half h;
	uint8_t *buf;
	size_t len;
	uint32_t s;

	ck_assert_int_eq(blob_write(&in, 1, &buf, &len), 0);
	ck_assert_int_eq(blob_verify(buf, len, NULL), BLOB_OK);
	ck_assert_int_eq(blob_profile_get(buf, len, 0, &p), 0);
	s = blob_dfa_match(&p.file, "/tmp/x", 6);
	s = blob_dfa_step(&p.file, s, "", 1);
	blob_dfa_perms_half(&p.file, blob_dfa_step(&p.file, s, "/tmp/y", 6), PP_OTHER, &h);
	ck_assert_uint_eq(h.allow, L);
	blob_dfa_perms_half(&p.file, blob_dfa_step(&p.file, s, "/tmp/z", 6), PP_OTHER, &h);
	ck_assert_uint_eq(h.allow, 0);
	free(buf);
	dfa_free(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("link_pair");
	TCase *tc = tcase_create("pair");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_pair_target);
	tcase_add_test(tc, test_pair_globs_deny_owner);
	tcase_add_test(tc, test_pair_bad_target);
	tcase_add_test(tc, test_pair_grouped);
	tcase_add_test(tc, test_pair_blob);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
