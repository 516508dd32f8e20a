/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Lexical level: comments, quoting, braces with commas, rule orders. */
#include "helpers.h"

START_TEST(comments_and_hash_in_paths)
{
	struct pp_policy *p = parse_ok(
		"# leading comment\n"
		"profile t { # after the brace\n"
		"  /home/#x rw, # '#' inside a word is a byte\n"
		"  #/commented/out r,\n"
		"}\n");

	ck_assert_uint_eq(p->nprofiles, 1);
	ck_assert_uint_eq(p->profiles[0].nrules, 1);
	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/home/#x");
	pp_policy_free(p);
}
END_TEST

START_TEST(quoted_paths)
{
	struct pp_policy *p = parse_ok("profile t {\n  \"/a b/c\" r,\n  r \"/d e\",\n}\n");

	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/a b/c");
	ck_assert_str_eq(p->profiles[0].rules[1].glob, "/d e");
	pp_policy_free(p);
}
END_TEST

START_TEST(braces_keep_commas)
{
	struct pp_policy *p = parse_ok("profile t {\n  /etc/{passwd,group} r,\n"
				       "  /{,usr/}bin/{a,b{c,d}} ix,\n}\n");

	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/etc/{passwd,group}");
	ck_assert_str_eq(p->profiles[0].rules[1].glob, "/{,usr/}bin/{a,b{c,d}}");
	pp_policy_free(p);
}
END_TEST

START_TEST(perms_first_and_last)
{
	struct pp_policy *p = parse_ok("profile t {\n  rw /a,\n  /b rw,\n  file mr /c,\n"
				       "  file /d k,\n  Px /e -> x,\n}\n");
	const struct pp_profile *pr = &p->profiles[0];

	ck_assert_uint_eq(pr->nrules, 5);
	ck_assert_str_eq(pr->rules[0].glob, "/a");
	ck_assert_uint_eq(pr->rules[0].perms, pr->rules[1].perms);
	ck_assert_str_eq(pr->rules[2].glob, "/c");
	ck_assert_uint_eq(pr->rules[2].perms, PP_PERM_MMAP | PP_PERM_READ);
	ck_assert_uint_eq(pr->rules[3].perms, PP_PERM_LOCK);
	ck_assert_uint_eq(pr->rules[4].xmode, PP_X_PROFILE | PP_X_SCRUB);
	ck_assert_str_eq(pr->xtargets[pr->rules[4].xindex], "x");
	pp_policy_free(p);
}
END_TEST

START_TEST(rules_span_lines)
{
	struct pp_policy *p = parse_ok("profile t {\n  /a\n    r\n  ,\n  capability\n   chown\n   kill,\n}\n");

	ck_assert_uint_eq(p->profiles[0].nrules, 1);
	ck_assert(p->profiles[0].caps[PP_CAP_ALLOW] == ((1ull << 0) | (1ull << 5)));
	pp_policy_free(p);
}
END_TEST

START_TEST(unterminated_quote)
{
	parse_err("profile t {\n  \"/a r,\n}\n", 2, 3, "unterminated");
}
END_TEST

START_TEST(missing_comma)
{
	parse_err("profile t {\n  /a r\n}\n", 3, 1, "expected ','");
}
END_TEST

START_TEST(unbalanced_brace)
{
	parse_err("profile t {\n  /a{b r,\n}\n", 2, 3, "unbalanced");
}
END_TEST

/* Bad input never crashes: every prefix of a feature-rich profile, and
 * every one-byte corruption of it, either parses or fails with a diag. */
static const char sample[] =
	"# sample\n@{A}=/a \"b c\" {d,e}\n@{A}+=/f\n$b = true\n"
	"alias /x/ -> /y/,\nabi <abi/3.0>,\ninclude if exists <nope>\n"
	"profile s /usr/bin/s flags=(complain) {\n"
	"  if $b {\n    @{A}/** rw,\n  } else {\n    /n r,\n  }\n"
	"  audit deny owner /x/[^.]* w,\n  /bin/* Pix -> t,\n  link subset /l -> /m,\n"
	"  capability chown,\n  network inet stream,\n  dbus (send) member={a,b},\n"
	"  ^hat {\n    file,\n  }\n  profile c {\n    \"/q q\" r,\n  }\n}\n";

static void parse_any(const char *t, size_t n)
{
	struct pp_diag d;
	struct pp_policy *p = pp_policy_parse_string("s", t, n, NULL, &d);

	if (p) {
		uint8_t *blob = NULL;
		size_t len;

		if (!pp_policy_compile(p, &blob, &len, NULL, &d))
			free(blob);
		else
			ck_assert(d.set);
		pp_policy_free(p);
	} else {
		ck_assert(d.set);
		ck_assert(d.msg[0]);
	}
}

START_TEST(prefixes_and_corruptions)
{
	static const char bytes[] = { '{', '}', ',', '"', '#', '@', '\n', ' ', '\\', 0, (char)0xff };
	size_t n = sizeof(sample) - 1;
	char *buf = malloc(n);

	parse_any(sample, n);
	for (size_t i = 0; i < n; i++)
		parse_any(sample, i);
	for (size_t i = 0; i < n; i++)
		for (size_t b = 0; b < sizeof(bytes); b++) {
			memcpy(buf, sample, n);
			buf[i] = bytes[b];
			parse_any(buf, n);
		}
	free(buf);
}
END_TEST

START_TEST(sample_parses)
{
	struct pp_policy *p = parse_ok(sample);

	ck_assert_uint_eq(p->nprofiles, 3);
	ck_assert_str_eq(p->profiles[0].rules[0].glob, "{/a,b c,{d,e},/f}/**");
	pp_policy_free(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parser_lexer");
	TCase *tc = tcase_create("lexer");

	tcase_set_timeout(tc, 120);

	tcase_add_test(tc, comments_and_hash_in_paths);
	tcase_add_test(tc, quoted_paths);
	tcase_add_test(tc, braces_keep_commas);
	tcase_add_test(tc, perms_first_and_last);
	tcase_add_test(tc, rules_span_lines);
	tcase_add_test(tc, unterminated_quote);
	tcase_add_test(tc, missing_comma);
	tcase_add_test(tc, unbalanced_brace);
	tcase_add_test(tc, sample_parses);
	tcase_add_test(tc, prefixes_and_corruptions);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(suite)
