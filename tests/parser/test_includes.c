/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Includes: search path, quoted, if exists, directories, chains, cache. */
#include "helpers.h"

static char *dir;
static const char *incs[2];
static struct pp_parse_opts opts;

static void setup(void)
{
	char sub[1100];

	dir = tmpdir();
	snprintf(sub, sizeof(sub), "%s/abstractions", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/tunables", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/abstractions/d", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	write_file(dir, "tunables/global", "@{HOME}=/home/*/\ninclude <tunables/more>\n");
	write_file(dir, "tunables/more", "@{X}=/x\n");
	write_file(dir, "abstractions/base", "/etc/ld.so.cache r,\n#include <abstractions/inner>\n");
	write_file(dir, "abstractions/inner", "@{HOME}/inner r,\n");
	write_file(dir, "abstractions/d/a", "/d/a r,\n");
	write_file(dir, "abstractions/d/b", "/d/b r,\n");
	write_file(dir, "abstractions/d/.hidden", "garbage garbage\n");
	write_file(dir, "abstractions/d/c.dpkg-old", "garbage garbage\n");
	write_file(dir, "abstractions/d/README", "garbage garbage\n");
	write_file(dir, "abstractions/bad", "/ok r,\n/broken rq,\n");
	write_file(dir, "abstractions/includes-bad", "include <abstractions/bad>\n");
	incs[0] = "/nonexistent-first";
	incs[1] = dir;
	memset(&opts, 0, sizeof(opts));
	opts.include_dirs = incs;
	opts.n_include_dirs = 2;
}

static void teardown(void)
{
	rm_rf(dir);
	free(dir);
}

static struct pp_policy *parse_file_text(const char *text, struct pp_diag *d)
{
	write_file(dir, "prof", text);
	char path[1100];

	snprintf(path, sizeof(path), "%s/prof", dir);
	return pp_policy_parse_file(path, &opts, d);
}

START_TEST(angle_quoted_nested)
{
	struct pp_diag d;
	struct pp_policy *p = parse_file_text(
		"#include <tunables/global>\n"
		"profile t {\n  include <abstractions/base>\n  #include \"abstractions/d/a\"\n  @{X} r,\n}\n", &d);

	ck_assert_msg(p, "%s", d.msg);
	ck_assert_uint_eq(p->profiles[0].nrules, 4);
	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/etc/ld.so.cache");
	ck_assert_str_eq(p->profiles[0].rules[1].glob, "/home/*/inner");
	ck_assert_str_eq(p->profiles[0].rules[2].glob, "/d/a");
	ck_assert_str_eq(p->profiles[0].rules[3].glob, "/x");
	/* Origins name the file that holds the rule. */
	ck_assert_ptr_nonnull(strstr(p->profiles[0].rules[1].origin, "abstractions/inner:1:1"));
	/* The main file and each include, once. */
	ck_assert_uint_eq(p->nfiles, 6);
	pp_policy_free(p);
}
END_TEST

START_TEST(if_exists)
{
	struct pp_diag d;
	struct pp_policy *p = parse_file_text(
		"profile t {\n  include if exists <local/none>\n  #include if exists \"nope\"\n  /a r,\n}\n", &d);

	ck_assert_msg(p, "%s", d.msg);
	ck_assert_uint_eq(p->profiles[0].nrules, 1);
	pp_policy_free(p);
}
END_TEST

START_TEST(directory_include)
{
	struct pp_diag d;
	struct pp_policy *p = parse_file_text("profile t {\n  include <abstractions/d>\n}\n", &d);

	ck_assert_msg(p, "%s", d.msg);
	ck_assert_uint_eq(p->profiles[0].nrules, 2);
	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/d/a");
	ck_assert_str_eq(p->profiles[0].rules[1].glob, "/d/b");
	pp_policy_free(p);
}
END_TEST

START_TEST(missing_include)
{
	struct pp_diag d;
	struct pp_policy *p = parse_file_text("profile t {\n  #include <abstractions/none>\n}\n", &d);

	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.line, 2);
	ck_assert_uint_eq(d.col, 3);
	ck_assert_ptr_nonnull(strstr(d.msg, "could not find include <abstractions/none>"));
}
END_TEST

START_TEST(error_chain)
{
	struct pp_diag d;
	struct pp_policy *p = parse_file_text("profile t {\n\n  include <abstractions/includes-bad>\n}\n", &d);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_ptr_null(p);
	ck_assert_ptr_nonnull(strstr(d.file, "abstractions/bad"));
	ck_assert_uint_eq(d.line, 2);
	ck_assert_uint_eq(d.col, 9);
	ck_assert_uint_eq(d.nchain, 2);
	ck_assert_ptr_nonnull(strstr(d.chain[0].file, "abstractions/includes-bad"));
	ck_assert_uint_eq(d.chain[0].line, 1);
	ck_assert_ptr_nonnull(strstr(d.chain[1].file, "/prof"));
	ck_assert_uint_eq(d.chain[1].line, 3);
	f = open_memstream(&buf, &len);
	pp_diag_print(&d, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "abstractions/bad:2:9: error: invalid permission 'q'"));
	ck_assert_ptr_nonnull(strstr(buf, "\n/broken rq,\n        ^\n"));
	ck_assert_ptr_nonnull(strstr(buf, "included from "));
	ck_assert_ptr_nonnull(strstr(buf, "includes-bad:1\n"));
	ck_assert_ptr_nonnull(strstr(buf, "/prof:3\n"));
	free(buf);
}
END_TEST

START_TEST(compile_error_has_chain)
{
	struct pp_diag d;
	struct pp_policy *p;
	uint8_t *blob = NULL;
	size_t len;

	write_file(dir, "abstractions/conflict", "/usr/bin/* ix,\n/usr/bin/* ux,\n");
	p = parse_file_text("profile t {\n  include <abstractions/conflict>\n}\n", &d);
	ck_assert_msg(p, "%s", d.msg);
	ck_assert_int_eq(pp_policy_compile(p, &blob, &len, NULL, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.file, "abstractions/conflict"));
	ck_assert_uint_eq(d.line, 2);
	ck_assert_ptr_nonnull(strstr(d.msg, "conflict:1:1"));
	ck_assert_ptr_nonnull(strstr(d.msg, "conflict:2:1"));
	ck_assert_uint_eq(d.nchain, 1);
	ck_assert_ptr_nonnull(strstr(d.chain[0].file, "/prof"));
	ck_assert_uint_eq(d.chain[0].line, 2);
	pp_policy_free(p);
}
END_TEST

START_TEST(parse_a_directory)
{
	struct pp_diag d;
	struct pp_policy *p;
	char sub[1100];

	snprintf(sub, sizeof(sub), "%s/profiles", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	/* Both include the tunables: no "already defined" across files. */
	write_file(sub, "b", "include <tunables/global>\nprofile b {\n  @{X}/b r,\n}\n");
	write_file(sub, "a", "include <tunables/global>\nprofile a {\n  @{X}/a r,\n}\n");
	write_file(sub, "a.dpkg-old", "garbage\n");
	p = pp_policy_parse_file(sub, &opts, &d);
	ck_assert_msg(p, "%s", d.msg);
	ck_assert_uint_eq(p->nprofiles, 2);
	ck_assert_str_eq(p->profiles[0].name, "a");
	ck_assert_str_eq(p->profiles[1].rules[0].glob, "/x/b");
	pp_policy_free(p);
	p = pp_policy_parse_file("/nonexistent/profile", &opts, &d);
	ck_assert_ptr_null(p);
	ck_assert_ptr_nonnull(strstr(d.msg, "cannot read /nonexistent/profile"));
}
END_TEST

START_TEST(include_loop)
{
	struct pp_diag d;
	struct pp_policy *p;

	write_file(dir, "abstractions/loop", "include <abstractions/loop>\n");
	p = parse_file_text("profile t {\n  include <abstractions/loop>\n}\n", &d);
	ck_assert_ptr_null(p);
	ck_assert_ptr_nonnull(strstr(d.msg, "nest deeper"));
}
END_TEST

START_TEST(shared_cache)
{
	struct pp_diag d;
	struct pp_policy *a, *b;

	opts.cache = pp_cache_new();
	a = parse_file_text("include <tunables/global>\nprofile a {\n  include <abstractions/base>\n}\n", &d);
	ck_assert_msg(a, "%s", d.msg);
	/* A cached file is read once: the second parse sees the same text
	 * even though the file changed on disk within the run. */
	write_file(dir, "abstractions/base", "/changed r,\n");
	{
		const char *t = "include <tunables/global>\n"
				"profile b {\n  include <abstractions/base>\n}\n";

		b = pp_policy_parse_string("s", t, strlen(t), &opts, &d);
	}
	ck_assert_msg(b, "%s", d.msg);
	ck_assert_str_eq(b->profiles[0].rules[0].glob, "/etc/ld.so.cache");
	pp_policy_free(a);
	pp_policy_free(b);
	pp_cache_free(opts.cache);
	opts.cache = NULL;
}
END_TEST

START_TEST(preprocess_inlines)
{
	struct pp_diag d;
	char path[1100], *buf = NULL;
	size_t len = 0;
	FILE *f;
	struct pp_policy *p, *q;

	write_file(dir, "prof", "include <tunables/global>\n@{A}=/a\n"
		   "profile t {\n  include <abstractions/base>\n  @{A} r,\n}\n");
	snprintf(path, sizeof(path), "%s/prof", dir);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(pp_policy_preprocess(path, &opts, f, &d), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "# begin include <abstractions/base>\n/etc/ld.so.cache r,\n"));
	ck_assert_ptr_nonnull(strstr(buf, "@{HOME}/inner r,\n"));
	ck_assert_ptr_nonnull(strstr(buf, "# end include <abstractions/base>\n"));
	ck_assert_ptr_null(strstr(buf, "\n  include <"));
	/* The output parses with no search path to the same rules. */
	q = pp_policy_parse_string("pre", buf, len, NULL, &d);
	ck_assert_msg(q, "%s", d.msg);
	p = pp_policy_parse_file(path, &opts, &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->profiles[0].nrules, q->profiles[0].nrules);
	for (size_t i = 0; i < p->profiles[0].nrules; i++)
		ck_assert_str_eq(p->profiles[0].rules[i].glob, q->profiles[0].rules[i].glob);
	pp_policy_free(p);
	pp_policy_free(q);
	free(buf);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parser_includes");
	TCase *tc = tcase_create("includes");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, angle_quoted_nested);
	tcase_add_test(tc, if_exists);
	tcase_add_test(tc, directory_include);
	tcase_add_test(tc, missing_include);
	tcase_add_test(tc, error_chain);
	tcase_add_test(tc, compile_error_has_chain);
	tcase_add_test(tc, parse_a_directory);
	tcase_add_test(tc, include_loop);
	tcase_add_test(tc, shared_cache);
	tcase_add_test(tc, preprocess_inlines);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(suite)
