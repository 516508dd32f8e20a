/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Profile headers: names, attachments, flags, children, hats, offsets. */
#include "helpers.h"

START_TEST(path_named_profile_attaches)
{
	struct pp_policy *p = parse_ok("/usr/bin/foo {\n}\nprofile /usr/bin/bar {\n}\n"
				       "profile named {\n}\nprofile n2 /opt/** {\n}\n");

	ck_assert_uint_eq(p->nprofiles, 4);
	ck_assert_str_eq(p->profiles[0].name, "/usr/bin/foo");
	ck_assert_str_eq(p->profiles[0].attach, "/usr/bin/foo");
	ck_assert_str_eq(p->profiles[1].attach, "/usr/bin/bar");
	ck_assert_ptr_null(p->profiles[2].attach);
	ck_assert_str_eq(p->profiles[3].name, "n2");
	ck_assert_str_eq(p->profiles[3].attach, "/opt/**");
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(p->profiles[i].parent, -1);
		ck_assert_uint_eq(p->profiles[i].flags, 0);
	}
	pp_policy_free(p);
}
END_TEST

START_TEST(flags)
{
	struct pp_policy *p = parse_ok(
		"profile a /a flags=(complain,attach_disconnected) {\n}\n"
		"profile b flags=(kill) {\n}\n"
		"/c flags=(complain mediate_deleted) {\n}\n"
		"profile d (unconfined) {\n}\n");

	ck_assert_uint_eq(p->profiles[0].flags, PP_PROF_COMPLAIN | PP_PROF_ATTACH_DISCONNECTED);
	ck_assert_uint_eq(p->profiles[1].flags, PP_PROF_KILL);
	ck_assert_uint_eq(p->profiles[2].flags, PP_PROF_COMPLAIN);
	ck_assert_uint_eq(p->profiles[3].flags, PP_PROF_UNCONFINED);
	pp_policy_free(p);
}
END_TEST

START_TEST(force_complain)
{
	struct pp_parse_opts o = { .force_complain = true };
	struct pp_policy *p = parse_opts("profile a flags=(kill) {\n  profile c {\n  }\n}\n", &o);

	ck_assert_uint_eq(p->profiles[0].flags, PP_PROF_COMPLAIN);
	ck_assert_uint_eq(p->profiles[1].flags, PP_PROF_COMPLAIN | PP_PROF_CHILD);
	pp_policy_free(p);
}
END_TEST

START_TEST(children_and_hats)
{
	struct pp_policy *p = parse_ok(
		"profile parent /usr/bin/p {\n"
		"  /usr/bin/h cx -> helper,\n"
		"  /usr/bin/g Cix,\n"
		"  profile helper {\n    /h r,\n    profile grand /g {\n    }\n  }\n"
		"  ^hat1 {\n    /hat r,\n  }\n"
		"  hat hat2 flags=(complain) {\n  }\n"
		"  /usr/bin/old {\n  }\n"
		"}\n");

	ck_assert_uint_eq(p->nprofiles, 6);
	ck_assert_str_eq(p->profiles[1].name, "parent//helper");
	ck_assert_uint_eq(p->profiles[1].flags, PP_PROF_CHILD);
	ck_assert_int_eq(p->profiles[1].parent, 0);
	ck_assert_str_eq(p->profiles[2].name, "parent//helper//grand");
	ck_assert_int_eq(p->profiles[2].parent, 1);
	ck_assert_str_eq(p->profiles[2].attach, "/g");
	ck_assert_str_eq(p->profiles[3].name, "parent//hat1");
	ck_assert_uint_eq(p->profiles[3].flags, PP_PROF_HAT);
	ck_assert_str_eq(p->profiles[4].name, "parent//hat2");
	ck_assert_uint_eq(p->profiles[4].flags, PP_PROF_HAT | PP_PROF_COMPLAIN);
	ck_assert_str_eq(p->profiles[5].name, "parent///usr/bin/old");
	ck_assert_uint_eq(p->profiles[5].flags, PP_PROF_CHILD);
	/* Rules stay with their own profile. */
	ck_assert_uint_eq(p->profiles[0].nrules, 2);
	ck_assert_uint_eq(p->profiles[1].nrules, 1);
	ck_assert_str_eq(p->profiles[0].xtargets[p->profiles[0].rules[0].xindex],
			 "parent//helper");
	ck_assert_uint_eq(p->profiles[0].rules[1].xindex, PP_XINDEX_NONE);
	ck_assert_int_eq(pp_policy_find(p, "parent//hat1"), 3);
	ck_assert_int_eq(pp_policy_find(p, "nope"), -1);
	pp_policy_free(p);
}
END_TEST

START_TEST(editing_offsets)
{
	const char *t = "# c\n@{A}=/a\n\nprofile x /x {\n  /a r,\n  ^h {\n  }\n}\n";
	struct pp_policy *p = parse_ok(t);
	const struct pp_profile *x = &p->profiles[0], *h = &p->profiles[1];

	ck_assert_str_eq(x->file, "t.prof");
	ck_assert_uint_eq(x->hdr_off, (size_t)(strstr(t, "profile") - t));
	ck_assert_int_eq(t[x->open_off], '{');
	ck_assert_int_eq(t[x->close_off], '}');
	ck_assert_uint_eq(x->close_off, strlen(t) - 2);
	ck_assert_uint_eq(x->hdr_line, 4);
	ck_assert_uint_eq(x->open_line, 4);
	ck_assert_uint_eq(x->close_line, 8);
	ck_assert_int_eq(t[h->hdr_off], '^');
	ck_assert_int_eq(t[h->open_off], '{');
	ck_assert_int_eq(t[h->close_off], '}');
	ck_assert_uint_eq(h->close_line, 7);
	pp_policy_free(p);
}
END_TEST

START_TEST(header_errors)
{
	parse_err("profile x flags=(bogus) {\n}\n", 1, 18, "unknown profile flag 'bogus'");
	parse_err("profile x flags=(complain,kill) {\n}\n", 1, 27, "conflict");
	parse_err("profile x {\n", 2, 1, "missing '}'");
	parse_err("/x r,\n", 1, 4, "expected '{'");
	parse_err("}\n", 1, 1, "unexpected '}'");
	parse_err("capability,\n", 1, 1, "outside a profile");
}
END_TEST

START_TEST(compiles_to_blob)
{
	struct pp_policy *p = parse_ok("profile a /usr/bin/a {\n  /etc/** r,\n  capability chown,\n"
				       "  profile c {\n  }\n}\n");
	struct pp_diag d;
	struct pp_compile_stats st;
	uint8_t *blob;
	size_t len;
	struct blob_profile bp;

	ck_assert_int_eq(pp_policy_compile(p, &blob, &len, &st, &d), 0);
	ck_assert_int_eq(blob_verify(blob, len, NULL), BLOB_OK);
	ck_assert_uint_eq(blob_profile_count(blob, len), 2);
	ck_assert_int_eq(blob_profile_get(blob, len, 1, &bp), 0);
	ck_assert_str_eq(bp.name, "a//c");
	ck_assert_uint_eq(bp.flags, PP_PROF_CHILD);
	ck_assert_int_eq(blob_profile_get(blob, len, 0, &bp), 0);
	ck_assert_str_eq(bp.attach, "/usr/bin/a");
	ck_assert_uint_eq(bp.nrules, 1);
	ck_assert(bp.caps[PP_CAP_ALLOW] == 1);
	/* a plain attachment is compared as a string: no XMATCH DFA */
	ck_assert_uint_eq(bp.xmatch.nstates, 0);
	ck_assert(blob_profile_attaches(&bp, "/usr/bin/a", 10));
	ck_assert(!blob_profile_attaches(&bp, "/usr/bin/b", 10));
	ck_assert(!blob_profile_attaches(&bp, "/usr/bin/", 9));
	ck_assert(!blob_profile_attaches(&bp, "/usr/bin/ab", 11));
	ck_assert_uint_eq(st.rules, 1);
	ck_assert_uint_gt(st.dfa_states, 0);
	free(blob);
	pp_policy_free(p);
}
END_TEST

/* Attachments with pattern characters (or "//") get an XMATCH DFA. */
START_TEST(pattern_attach_gets_dfa)
{
	struct pp_policy *p = parse_ok("profile g /usr/bin/g* {\n}\n"
				       "profile h /usr//bin/h {\n}\n"
				       "profile n {\n}\n");
	struct pp_diag d;
	uint8_t *blob;
	size_t len;
	struct blob_profile bp;

	ck_assert_int_eq(pp_policy_compile(p, &blob, &len, NULL, &d), 0);
	ck_assert_int_eq(blob_verify(blob, len, NULL), BLOB_OK);
	ck_assert_int_eq(blob_profile_get(blob, len, 0, &bp), 0);
	ck_assert_uint_gt(bp.xmatch.nstates, 0);
	ck_assert(blob_profile_attaches(&bp, "/usr/bin/gx", 11));
	ck_assert(!blob_profile_attaches(&bp, "/usr/bin/hx", 11));
	ck_assert_int_eq(blob_profile_get(blob, len, 1, &bp), 0);
	ck_assert_uint_gt(bp.xmatch.nstates, 0);
	ck_assert(blob_profile_attaches(&bp, "/usr/bin/h", 10));
	ck_assert_int_eq(blob_profile_get(blob, len, 2, &bp), 0);
	ck_assert_ptr_null(bp.attach);
	ck_assert(!blob_profile_attaches(&bp, "n", 1));
	free(blob);
	pp_policy_free(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parser_profiles");
	TCase *tc = tcase_create("profiles");

	tcase_add_test(tc, path_named_profile_attaches);
	tcase_add_test(tc, pattern_attach_gets_dfa);
	tcase_add_test(tc, flags);
	tcase_add_test(tc, force_complain);
	tcase_add_test(tc, children_and_hats);
	tcase_add_test(tc, editing_offsets);
	tcase_add_test(tc, header_errors);
	tcase_add_test(tc, compiles_to_blob);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(suite)
