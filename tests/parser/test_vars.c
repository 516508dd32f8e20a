/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Variables: multi-valued alternations, nesting, +=, errors. */
#include "helpers.h"

START_TEST(single_and_multi_values)
{
	struct pp_policy *p = parse_ok(
		"@{ONE}=/one\n"
		"@{MANY} = a b \"c d\"\n"
		"profile t {\n  @{ONE}/@{MANY}/x r,\n}\n");

	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/one/{a,b,c d}/x");
	pp_policy_free(p);
}
END_TEST

START_TEST(append_and_nesting)
{
	struct pp_policy *p = parse_ok(
		"@{HOMEDIRS}=/home/\n"
		"@{HOMEDIRS}+=/srv/home/\n"
		"@{HOME}=@{HOMEDIRS}/*/ /root/\n"
		"profile t {\n  @{HOME}.x r,\n}\n");

	ck_assert_str_eq(p->profiles[0].rules[0].glob, "{{/home,/srv/home}/*/,/root/}.x");
	pp_policy_free(p);
}
END_TEST

/* AppArmor collapses the '//' variables create, across alternations. */
START_TEST(slashes_collapse_across_alternations)
{
	struct pp_policy *p = parse_ok(
		"@{HOMEDIRS}=/home/\n"
		"@{HOME}=@{HOMEDIRS}/*/ /root/\n"
		"@{SUB}=/a {/b/,/c/} [/]\n"
		"@{ROOT}=/\n"
		"profile t {\n  @{HOME}/x r,\n  /d/@{SUB}/e w,\n  @{ROOT}/f k,\n"
		"  @{HOME}/@{SUB} m,\n}\n");
	const struct dfa_rule *r = p->profiles[0].rules;
	struct pp_perms pm;

	ck_assert_str_eq(r[0].glob, "{/home/*,/root}/x");
	ck_assert_str_eq(r[1].glob, "/d/{a,{b,c},[/]}/e");
	ck_assert_str_eq(r[2].glob, "/f");
	ck_assert_str_eq(r[3].glob, "{/home/*,/root}/{a,{b/,c/},[/]}");
	pm = lookup(p, "t", "/home/u/x");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_READ);
	pm = lookup(p, "t", "/root/x");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_READ);
	pm = lookup(p, "t", "/d/c/e");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_WRITE | PP_PERM_APPEND);
	pm = lookup(p, "t", "/f");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_LOCK);
	pm = lookup(p, "t", "/root/b/");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_MMAP);
	pp_policy_free(p);
}
END_TEST

/*
 * As in apparmor_parser (checked with its -D dfa-states): a lone value
 * right after the path's leading '/' keeps its own '/', and the leading
 * "//" survives slash filtering, so "/@{PROC}/m" matches "//proc/m" and
 * not "/proc/m" (Debian's usr.sbin.vsftpd has such a rule).
 */
START_TEST(leading_double_slash_kept)
{
	struct pp_policy *p = parse_ok(
		"@{PROC}=/proc/\n"
		"@{V}=/a /b\n"
		"profile t {\n  /@{PROC}/m r,\n  /x/@{PROC}/n w,\n  /@{V}/y k,\n}\n");
	const struct dfa_rule *r = p->profiles[0].rules;
	struct pp_perms pm;

	ck_assert_str_eq(r[0].glob, "//proc/m");
	ck_assert_str_eq(r[1].glob, "/x/proc/n");
	ck_assert_str_eq(r[2].glob, "/{a,b}/y");
	pm = lookup(p, "t", "//proc/m");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_READ);
	pm = lookup(p, "t", "/proc/m");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), 0);
	pm = lookup(p, "t", "/x/proc/n");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_WRITE | PP_PERM_APPEND);
	pm = lookup(p, "t", "/b/y");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_LOCK);
	pp_policy_free(p);
}
END_TEST

START_TEST(values_with_braces_and_comment)
{
	struct pp_policy *p = parse_ok(
		"@{pid}={[1-9],[1-9][0-9]} # a comment\n"
		"profile t {\n  /proc/@{pid}/stat r,\n}\n");

	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/proc/{[1-9],[1-9][0-9]}/stat");
	pp_policy_free(p);
}
END_TEST

START_TEST(vars_in_attachment_and_target)
{
	struct pp_policy *p = parse_ok(
		"@{bin}=/usr/bin\n@{t}=other\n"
		"profile t @{bin}/t {\n  @{bin}/x Px -> @{t},\n}\n");

	ck_assert_str_eq(p->profiles[0].attach, "/usr/bin/t");
	ck_assert_str_eq(p->profiles[0].xtargets[0], "other");
	pp_policy_free(p);
}
END_TEST

START_TEST(profile_name_builtin)
{
	struct pp_policy *p = parse_ok("profile foo {\n  /run/@{profile_name} r,\n}\n");

	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/run/foo");
	pp_policy_free(p);
}
END_TEST

START_TEST(undefined_variable)
{
	parse_err("profile t {\n  /a/@{NOPE} r,\n}\n", 2, 3, "undefined variable @{NOPE}");
}
END_TEST

START_TEST(redefinition)
{
	parse_err("@{A}=1\n@{A}=2\n", 2, 1, "already defined");
}
END_TEST

START_TEST(append_undefined)
{
	parse_err("@{A}+=1\n", 1, 1, "before");
}
END_TEST

START_TEST(assignment_after_profile)
{
	parse_err("@{A}=/a\nprofile t {\n}\n@{B}=/b\n", 4, 1, "before the first profile");
	parse_err("profile t {\n}\n$b = true\n", 3, 1, "before the first profile");
	/* apparmor_parser 3 rejects them too ("unexpected TOK_EQUALS") */
	parse_err("profile t {\n  @{X}=/x\n  /y r,\n}\n", 2, 3, "not inside one");
	parse_err("profile t {\n  @{X} += /x\n}\n", 2, 3, "not inside one");
}
END_TEST

START_TEST(self_reference_loops)
{
	parse_err("@{A}=@{A}x\nprofile t {\n  /@{A} r,\n}\n", 3, 3, "nest too deeply");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parser_vars");
	TCase *tc = tcase_create("vars");

	tcase_add_test(tc, single_and_multi_values);
	tcase_add_test(tc, append_and_nesting);
	tcase_add_test(tc, values_with_braces_and_comment);
	tcase_add_test(tc, leading_double_slash_kept);
	tcase_add_test(tc, slashes_collapse_across_alternations);
	tcase_add_test(tc, vars_in_attachment_and_target);
	tcase_add_test(tc, profile_name_builtin);
	tcase_add_test(tc, undefined_variable);
	tcase_add_test(tc, redefinition);
	tcase_add_test(tc, append_undefined);
	tcase_add_test(tc, self_reference_loops);
	tcase_add_test(tc, assignment_after_profile);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(suite)
