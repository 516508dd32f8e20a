// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Glob parsing (errors and their columns) and glob semantics: one rule,
 * compiled with dfa_compile, against paths that must or must not match.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dfa.h"
#include "glob.h"

struct err_case {
	const char *glob;
	int col; /* 0: valid */
	const char *what;
};

static const struct err_case err_cases[] = {
	{ "/tmp/*", 0, NULL },
	{ "", 0, NULL },
	{ "/a,b", 0, NULL },          /* ',' outside braces is literal */
	{ "/{a,{b,c}}/{,x}", 0, NULL },
	{ "/{}", 0, NULL },
	{ "[]a]", 1, "empty character class" },
	{ "[^]", 1, "empty character class" },
	{ "/x[", 3, "unbalanced '['" },
	{ "/x[ab", 3, "unbalanced '['" },
	{ "/x[a\\", 3, "unbalanced '['" },
	{ "/x[a-", 3, "unbalanced '['" },
	{ "ab[z-a]", 4, "bad range" },
	{ "[a-c][9-0]", 7, "bad range" },
	{ "/{a,b", 2, "unbalanced '{'" },
	{ "/{a,{b}", 2, "unbalanced '{'" },
	{ "/a}", 3, "unbalanced '}'" },
	{ "/{a}}", 5, "unbalanced '}'" },
	{ "/a\\", 3, "trailing '\\'" },
	{ "\\", 1, "trailing '\\'" },
	{ "/a\\}", 0, NULL },
	{ "[a-]", 0, NULL },
	{ "[-a]", 0, NULL },
	{ "[\\]]", 0, NULL },
	{ "[a\\-z]", 0, NULL },
};

START_TEST(test_glob_errors)
{
	const struct err_case *c = &err_cases[_i];
	struct dfa_error err;
	int r;

	memset(&err, 0, sizeof(err));
	r = glob_check(c->glob, &err);
	if (!c->col) {
		ck_assert_msg(r == 0, "'%s' rejected: %s", c->glob, err.msg);
		return;
	}
	char want[32];

	snprintf(want, sizeof(want), "col %d: ", c->col);
	ck_assert_msg(r == -1, "'%s' accepted", c->glob);
	ck_assert_msg(!strncmp(err.msg, want, strlen(want)), "'%s': got '%s', want '%s'", c->glob,
		      err.msg, want);
	ck_assert_msg(strstr(err.msg, c->what), "'%s': got '%s', want '%s'", c->glob, err.msg,
		      c->what);
}
END_TEST

START_TEST(test_glob_depth_limit)
{
	char deep[GLOB_MAX_DEPTH * 2 + 8], ok[GLOB_MAX_DEPTH * 2 + 8];
	struct dfa_error err;
	size_t n = 0;

	for (int i = 0; i <= GLOB_MAX_DEPTH; i++)
		deep[n++] = '{';
	for (int i = 0; i <= GLOB_MAX_DEPTH; i++)
		deep[n++] = '}';
	deep[n] = '\0';
	ck_assert_int_eq(glob_check(deep, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "nested"));
	n = 0;
	for (int i = 0; i < GLOB_MAX_DEPTH; i++)
		ok[n++] = '{';
	for (int i = 0; i < GLOB_MAX_DEPTH; i++)
		ok[n++] = '}';
	ok[n] = '\0';
	ck_assert_int_eq(glob_check(ok, &err), 0);
}
END_TEST

START_TEST(test_glob_exact_flag)
{
	static const struct {
		const char *glob;
		bool exact;
	} cases[] = {
		{ "/usr/bin/foo", true },  { "/usr/bin/f\\*", true }, { "/a,b", true },
		{ "/usr/bin/*", false },   { "/usr/bin/fo?", false }, { "/usr/bin/[ab]", false },
		{ "/usr/{bin,sbin}/x", true }, { "/usr/{bin,s*}/x", false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct glob g;
		struct dfa_error err;

		ck_assert_int_eq(glob_parse(cases[i].glob, strlen(cases[i].glob), &g, &err), 0);
		ck_assert_msg(g.exact == cases[i].exact, "%s", cases[i].glob);
		glob_free(&g);
	}
}
END_TEST

struct sem_case {
	const char *glob;
	const char *path;
	bool match;
};

static const struct sem_case sem_cases[] = {
	/* literals */
	{ "/etc/passwd", "/etc/passwd", true },
	{ "/etc/passwd", "/etc/passwd2", false },
	{ "/etc/passwd", "/etc/passw", false },
	{ "/a,b", "/a,b", true },
	/* ? : one byte, not '/' */
	{ "/a?c", "/abc", true },
	{ "/a?c", "/a/c", false },
	{ "/a?c", "/ac", false },
	{ "/a?c", "/a\xc3\xa9" "c", false }, /* two bytes */
	{ "/a??c", "/a\xc3\xa9" "c", true },
	/* * : within one component */
	{ "/tmp/*", "/tmp/a", true },
	{ "/tmp/*", "/tmp/abc", true },
	{ "/tmp/*", "/tmp/", false },
	{ "/tmp/*", "/tmp/a/b", false },
	{ "/tmp/*", "/tmp", false },
	{ "/tmp/*/", "/tmp/a/", true },
	{ "/tmp/*/", "/tmp//", false },
	{ "/*/foo", "//foo", false },
	{ "/*/foo", "/x/foo", true },
	{ "/foo/*bar", "/foo/bar", true },
	{ "/foo/*bar", "/foo/xbar", true },
	{ "/foo/bar*", "/foo/bar", true },
	{ "/foo/*.so", "/foo/.so", true },
	{ "/a*b*c", "/abc", true },
	{ "/a*b*c", "/axxbyyc", true },
	{ "/a*b*c", "/ax/bc", false },
	/* ** : across components */
	{ "/tmp/**", "/tmp/", false },
	{ "/tmp/**", "/tmp/a", true },
	{ "/tmp/**", "/tmp/a/b", true },
	{ "/tmp/**", "/tmp/a/b/", true },
	{ "/tmp/**", "/tmp", false },
	{ "/tmp/**/", "/tmp/a/b/", true },
	{ "/tmp/**/", "/tmp//", false },
	{ "/x/**/y", "/x/a/y", true },
	{ "/x/**/y", "/x/a/b/c/y", true },
	{ "/x/**/y", "/x/y", false },
	{ "/x/a**", "/x/a", true },
	{ "/x/a**", "/x/ab/c", true },
	{ "/**", "/", false },
	{ "/**", "/a", true },
	{ "/**", "/a/b/c", true },
	/* three stars: `**` then `*`, i.e. like `**` */
	{ "/tmp/***", "/tmp/a/b", true },
	{ "/tmp/***", "/tmp/", false },
	{ "/a***b", "/ab", true },
	{ "/a***b", "/a/x/b", true },
	/* classes */
	{ "/[abc]", "/b", true },
	{ "/[abc]", "/d", false },
	{ "/[a-z]x", "/qx", true },
	{ "/[a-z]x", "/Qx", false },
	{ "/[^a]", "/b", true },
	{ "/[^a]", "/a", false },
	{ "/x[^a]y", "/x/y", true }, /* a class says what it matches, '/' too */
	{ "/x[/]y", "/x/y", true },
	{ "/[!a]", "/!", true },     /* '!' is no negation */
	{ "/[!a]", "/b", false },
	{ "/[a-]", "/-", true },
	{ "/[\\]]", "/]", true },
	{ "/[*?{]", "/*", true },
	{ "/[*?{]", "/{", true },
	{ "/[*?{]", "/x", false },
	{ "/[\x80-\xff]", "/\xc3", true },
	{ "/[\x80-\xff]", "/a", false },
	/* braces */
	{ "/{a,b,c}", "/b", true },
	{ "/{a,b,c}", "/d", false },
	{ "/{a,b{c,d}}/x", "/bd/x", true },
	{ "/{a,b{c,d}}/x", "/b/x", false },
	{ "/{,x}y", "/y", true },
	{ "/{,x}y", "/xy", true },
	{ "/{usr/,}bin/sh", "/bin/sh", true },
	{ "/{usr/,}bin/sh", "/usr/bin/sh", true },
	{ "/{usr/,}bin/sh", "/usr/sbin/sh", false },
	{ "/{}x", "/x", true },
	{ "/{*.so,lib}", "/a.so", true },
	{ "/{a/*,b}", "/a/", true }, /* star not followed by '/' or end */
	{ "/{a,b}/*", "/a/", false },
	/* escapes */
	{ "/a\\*", "/a*", true },
	{ "/a\\*", "/ab", false },
	{ "/a\\{b,c\\}", "/a{b,c}", true },
	{ "/a\\\\", "/a\\", true },
	{ "/a\\?", "/a?", true },
	{ "/a\\?", "/ab", false },
	{ "/a\\[b]", "/a[b]", true },
	{ "/a\\/*", "/a/", false },  /* an escaped '/' is still a '/' */
	/* bytes >= 0x80 are literal */
	{ "/caf\xc3\xa9", "/caf\xc3\xa9", true },
	{ "/caf\xc3\xa9", "/cafe", false },
	{ "/\xff*", "/\xff\xfe", true },
	/* duplicate slashes collapse in rules */
	{ "/tmp//a", "/tmp/a", true },
	{ "/tmp//a", "/tmp//a", false },
	{ "/tmp///*", "/tmp/x", true },
	/* but a leading "//" stays, as in apparmor_parser (namespace prefix) */
	{ "//tmp///*", "//tmp/x", true },
	{ "//tmp///*", "/tmp/x", false },
	{ "///tmp/*", "/tmp/x", true },
	/* the empty glob */
	{ "", "", true },
	{ "", "/", false },
};

static bool compiled_match(const char *glob, const char *path)
{
	struct dfa_rule r = { .glob = glob, .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE };
	struct dfa_error err;
	struct dfa *d = dfa_compile(&r, 1, &err, NULL);
	bool m;

	ck_assert_msg(d, "'%s': %s", glob, err.msg);
	m = dfa_lookup(d, path, strlen(path))->half[PP_OTHER].allow == PP_PERM_READ;
	dfa_free(d);
	return m;
}

START_TEST(test_glob_semantics)
{
	const struct sem_case *c = &sem_cases[_i];

	ck_assert_msg(compiled_match(c->glob, c->path) == c->match, "glob '%s' path '%s': want %s",
		      c->glob, c->path, c->match ? "match" : "no match");
}
END_TEST

/* NUL never matches: a path with a NUL inside is cut off by nothing. */
START_TEST(test_glob_nul_never_matches)
{
	struct dfa_rule r = { .glob = "/a/**", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE };
	struct dfa_error err;
	struct dfa *d = dfa_compile(&r, 1, &err, NULL);

	ck_assert_ptr_nonnull(d);
	ck_assert_uint_ne(dfa_walk(d, "/a/b", 4), 0);
	ck_assert_uint_eq(dfa_walk(d, "/a/b\0c", 6), 0);
	ck_assert_uint_eq(dfa_walk(d, "/a/\0", 4), 0);
	dfa_free(d);
}
END_TEST

/* dfa_compile reports a bad glob with the rule's origin and index. */
START_TEST(test_glob_compile_error_names_rule)
{
	struct dfa_rule r[2] = {
		{ .glob = "/ok", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE, .origin = "p:1:1" },
		{ .glob = "/x{a", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE, .origin = "p:2:5" },
	};
	struct dfa_error err;

	ck_assert_ptr_null(dfa_compile(r, 2, &err, NULL));
	ck_assert_int_eq(err.rule_a, 1);
	ck_assert_msg(strstr(err.msg, "p:2:5") && strstr(err.msg, "col 3"), "%s", err.msg);
}
END_TEST

static Suite *glob_suite(void)
{
	Suite *s = suite_create("glob");
	TCase *tc = tcase_create("core");

	/* Check's 4 s default is too short for the large cases under ASan. */
	tcase_set_timeout(tc, 240);

	tcase_add_loop_test(tc, test_glob_errors, 0, sizeof(err_cases) / sizeof(*err_cases));
	tcase_add_test(tc, test_glob_depth_limit);
	tcase_add_test(tc, test_glob_exact_flag);
	tcase_add_loop_test(tc, test_glob_semantics, 0, sizeof(sem_cases) / sizeof(*sem_cases));
	tcase_add_test(tc, test_glob_nul_never_matches);
	tcase_add_test(tc, test_glob_compile_error_names_rule);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(glob_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
