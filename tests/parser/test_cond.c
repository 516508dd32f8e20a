/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Boolean variables and if/else conditionals. */
#include "helpers.h"

START_TEST(bool_if_else)
{
	struct pp_policy *p = parse_ok(
		"$on = true\n$off = false\n"
		"profile t {\n"
		"  if $on {\n    /yes r,\n  } else {\n    /no r,\n  }\n"
		"  if $off {\n    /no2 r,\n  } else if not $off {\n    /yes2 r,\n  } else {\n    /no3 r,\n  }\n"
		"}\n");

	ck_assert_uint_eq(p->profiles[0].nrules, 2);
	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/yes");
	ck_assert_str_eq(p->profiles[0].rules[1].glob, "/yes2");
	pp_policy_free(p);
}
END_TEST

START_TEST(defined_tests)
{
	struct pp_policy *p = parse_ok(
		"@{X}=/x\n$b = false\n"
		"if defined @{X} {\n  @{Y}=/y\n}\n"
		"profile t {\n"
		"  if defined @{Y} and defined $b {\n    @{Y} r,\n  }\n"
		"  if defined @{Z} or not defined $c {\n    /z r,\n  }\n"
		"  if defined @{Z} {\n    /never r,\n  }\n"
		"}\n");

	ck_assert_uint_eq(p->profiles[0].nrules, 2);
	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/y");
	ck_assert_str_eq(p->profiles[0].rules[1].glob, "/z");
	pp_policy_free(p);
}
END_TEST

START_TEST(undefined_bool)
{
	parse_err("profile t {\n  if $nope {\n  }\n}\n", 2, 6, "undefined boolean");
}
END_TEST

START_TEST(else_without_if)
{
	parse_err("profile t {\n  else {\n  }\n}\n", 2, 3, "without 'if'");
}
END_TEST

START_TEST(bad_bool_value)
{
	parse_err("$b = maybe\n", 1, 6, "true");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parser_cond");
	TCase *tc = tcase_create("cond");

	tcase_add_test(tc, bool_if_else);
	tcase_add_test(tc, defined_tests);
	tcase_add_test(tc, undefined_bool);
	tcase_add_test(tc, else_without_if);
	tcase_add_test(tc, bad_bool_value);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(suite)
