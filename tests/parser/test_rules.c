/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Rules: permission letters, implied bits, qualifiers, exec modes,
 * conflicts, capability, network, not-enforced classes. */
#include "helpers.h"

#define R PP_PERM_READ
#define W PP_PERM_WRITE
#define A PP_PERM_APPEND
#define X PP_PERM_EXEC

START_TEST(letters_and_implied)
{
	struct pp_policy *p = parse_ok("profile t {\n  /w w,\n  /a a,\n  /all rlkm,\n  /x ix,\n"
				       "  /p px,\n  /q Cix,\n}\n");
	const struct dfa_rule *r = p->profiles[0].rules;

	ck_assert_uint_eq(r[0].perms, W | A);   /* w implies a */
	ck_assert_uint_eq(r[1].perms, A);
	ck_assert_uint_eq(r[2].perms, R | PP_PERM_LINK | PP_PERM_LOCK | PP_PERM_MMAP);
	ck_assert_uint_eq(r[3].perms, X | PP_PERM_MMAP); /* exec letters imply x, ix implies m */
	ck_assert_uint_eq(r[3].xmode, PP_X_INHERIT);
	ck_assert_uint_eq(r[4].perms, X);       /* px does not imply m */
	ck_assert_uint_eq(r[5].perms, X | PP_PERM_MMAP);
	pp_policy_free(p);
}
END_TEST

static const struct {
	const char *mode;
	uint32_t x;
} exec_modes[] = {
	{ "ix", PP_X_INHERIT },
	{ "px", PP_X_PROFILE },
	{ "Px", PP_X_PROFILE | PP_X_SCRUB },
	{ "cx", PP_X_CHILD },
	{ "Cx", PP_X_CHILD | PP_X_SCRUB },
	{ "ux", PP_X_UNCONFINED },
	{ "Ux", PP_X_UNCONFINED | PP_X_SCRUB },
	{ "pix", PP_X_PROFILE | PP_X_FALLBACK_INHERIT },
	{ "Pix", PP_X_PROFILE | PP_X_SCRUB | PP_X_FALLBACK_INHERIT },
	{ "cix", PP_X_CHILD | PP_X_FALLBACK_INHERIT },
	{ "Cix", PP_X_CHILD | PP_X_SCRUB | PP_X_FALLBACK_INHERIT },
	{ "pux", PP_X_PROFILE | PP_X_FALLBACK_UNCONFINED },
	{ "PUx", PP_X_PROFILE | PP_X_SCRUB | PP_X_FALLBACK_UNCONFINED },
	{ "cux", PP_X_CHILD | PP_X_FALLBACK_UNCONFINED },
	{ "CUx", PP_X_CHILD | PP_X_SCRUB | PP_X_FALLBACK_UNCONFINED },
	{ "rmPixr", PP_X_PROFILE | PP_X_SCRUB | PP_X_FALLBACK_INHERIT },
};

START_TEST(exec_mode_table)
{
	char text[128], back[8];
	struct pp_policy *p;

	snprintf(text, sizeof(text), "profile t {\n  /bin/x %s,\n}\n", exec_modes[_i].mode);
	p = parse_ok(text);
	ck_assert_uint_eq(p->profiles[0].rules[0].xmode, exec_modes[_i].x);
	ck_assert(p->profiles[0].rules[0].perms & X);
	if (_i < 15)
		ck_assert_str_eq(pp_xmode_string(exec_modes[_i].x, back), exec_modes[_i].mode);
	pp_policy_free(p);
}
END_TEST

START_TEST(bad_modes)
{
	parse_err("profile t {\n  /a rwa,\n}\n", 2, 6, "conflict");
	parse_err("profile t {\n  /a x,\n}\n", 2, 6, "needs an exec mode");
	parse_err("profile t {\n  /a pcx,\n}\n", 2, 6, "invalid exec mode");
	parse_err("profile t {\n  /a piux,\n}\n", 2, 6, "invalid exec mode");
	parse_err("profile t {\n  /a p,\n}\n", 2, 6, "without 'x'");
	parse_err("profile t {\n  deny /a ix,\n}\n", 2, 11, "plain 'x'");
	parse_err("profile t {\n  a/rel r,\n}\n", 2, 3, "unknown rule");
	parse_err("profile t {\n  \"rel\" r,\n}\n", 2, 3, "must start with '/'");
}
END_TEST

START_TEST(qualifiers)
{
	struct pp_policy *p = parse_ok(
		"profile t {\n"
		"  owner /o rw,\n"
		"  audit deny owner /s/** w,\n"
		"  deny /d x,\n"
		"  allow /al r,\n"
		"  audit /au r,\n"
		"  /s/** rw,\n"
		"}\n");
	const struct dfa_rule *r = p->profiles[0].rules;
	struct pp_perms pm;

	ck_assert(r[0].owner && !r[0].deny && !r[0].audit);
	ck_assert(r[1].owner && r[1].deny && r[1].audit);
	ck_assert(!r[2].owner && r[2].deny && r[2].perms == X && r[2].xmode == 0);
	ck_assert(!r[3].deny && !r[3].audit);
	ck_assert(r[4].audit);
	/* owner-conditional: only the owner half gets /o. */
	pm = lookup(p, "t", "/o");
	ck_assert_uint_eq(eff(&pm, PP_OWNER), W | A | R);
	ck_assert_uint_eq(eff(&pm, PP_OTHER), 0);
	/* deny precedence, owner only. */
	pm = lookup(p, "t", "/s/f");
	ck_assert_uint_eq(eff(&pm, PP_OWNER), R);
	ck_assert_uint_eq(eff(&pm, PP_OTHER), R | W | A);
	pp_policy_free(p);
}
END_TEST

START_TEST(ignored_targets_and_qualifier_blocks)
{
	/* apparmor_parser accepts a target on ix/ux/r rules and ignores it. */
	struct pp_policy *p = parse_ok("profile t {\n  /a ix -> foo,\n  /b r -> foo,\n"
				       "  audit owner {\n    /c r,\n    deny /d w,\n  }\n  /e r,\n}\n");
	const struct dfa_rule *r = p->profiles[0].rules;

	ck_assert_uint_eq(p->profiles[0].nrules, 5);
	ck_assert_uint_eq(r[0].xindex, PP_XINDEX_NONE);
	ck_assert_uint_eq(p->profiles[0].nxtargets, 0);
	ck_assert(r[2].audit && r[2].owner && !r[2].deny);
	ck_assert(r[3].audit && r[3].owner && r[3].deny);
	ck_assert(!r[4].audit && !r[4].owner);
	pp_policy_free(p);
}
END_TEST

START_TEST(file_and_link_rules)
{
	struct pp_policy *p = parse_ok("profile t {\n  file,\n  deny link /a -> /b,\n"
				       "  link subset /c -> /d,\n  l /e -> /f,\n  owner file,\n}\n");
	const struct dfa_rule *r = p->profiles[0].rules;
	struct pp_perms pm;

	ck_assert_str_eq(r[0].glob, "/{**,}");
	ck_assert_uint_eq(r[0].perms, PP_PERM_ALL);
	ck_assert_uint_eq(r[0].xmode, PP_X_INHERIT);
	ck_assert(r[1].deny && r[1].perms == PP_PERM_LINK);
	ck_assert_str_eq(r[1].glob, "/a");
	ck_assert_str_eq(r[2].glob, "/c");
	ck_assert_str_eq(r[3].glob, "/e");
	ck_assert_uint_eq(r[3].perms, PP_PERM_LINK);
	ck_assert(r[4].owner);
	pm = lookup(p, "t", "/any/thing");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_ALL);
	pm = lookup(p, "t", "/a");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), PP_PERM_ALL & ~PP_PERM_LINK);
	pp_policy_free(p);
}
END_TEST

START_TEST(exec_conflict_names_both_rules)
{
	struct pp_policy *p = parse_ok("profile t {\n  /usr/bin/* ix,\n  /usr/bin/* Px,\n}\n");
	struct pp_diag d;
	uint8_t *blob = NULL;
	size_t len;

	ck_assert_int_eq(pp_policy_compile(p, &blob, &len, NULL, &d), -1);
	ck_assert_ptr_null(blob);
	ck_assert_ptr_nonnull(strstr(d.msg, "t.prof:2:3"));
	ck_assert_ptr_nonnull(strstr(d.msg, "t.prof:3:3"));
	ck_assert_str_eq(d.file, "t.prof");
	ck_assert_uint_eq(d.line, 3);
	ck_assert_str_eq(d.src_line, "  /usr/bin/* Px,");
	pp_policy_free(p);
}
END_TEST

/* Duplicate rules are merged before compiling; a conflict still names
 * the two rules whose exec modes differ. */
START_TEST(merged_duplicates_keep_conflict_origins)
{
	struct pp_policy *p = parse_ok("profile t {\n  /x r,\n  /x ix,\n  /x r,\n  owner /x w,\n"
				       "  /y r,\n  /y px,\n}\n");
	struct pp_perms pm = lookup(p, "t", "/x");
	struct pp_diag d;
	uint8_t *blob = NULL;
	size_t len;
	struct pp_compile_stats st;

	ck_assert_uint_eq(eff(&pm, PP_OTHER), R | X | PP_PERM_MMAP);
	ck_assert_uint_eq(eff(&pm, PP_OWNER), R | X | PP_PERM_MMAP | W | A);
	ck_assert_int_eq(pp_policy_compile(p, &blob, &len, &st, &d), 0);
	ck_assert_uint_eq(st.rules, 6);
	free(blob);
	pp_policy_free(p);

	p = parse_ok("profile t {\n  /x r,\n  /x ix,\n  /x Px,\n}\n");
	ck_assert_int_eq(pp_policy_compile(p, &blob, &len, NULL, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.msg, "t.prof:3:3"));
	ck_assert_ptr_nonnull(strstr(d.msg, "t.prof:4:3"));
	ck_assert_uint_eq(d.line, 4);
	pp_policy_free(p);
}
END_TEST

START_TEST(bad_glob_reported_at_rule)
{
	struct pp_policy *p = parse_ok("profile t {\n  /ok r,\n\n  /bad[ r,\n}\n");
	struct pp_diag d;
	uint8_t *blob = NULL;
	size_t len;

	ck_assert_int_eq(pp_policy_compile(p, &blob, &len, NULL, &d), -1);
	ck_assert_ptr_null(blob);
	ck_assert_uint_eq(d.line, 4);
	ck_assert_uint_eq(d.col, 3);
	ck_assert_str_eq(d.src_line, "  /bad[ r,");
	pp_policy_free(p);
}
END_TEST

START_TEST(exact_exec_beats_glob)
{
	struct pp_policy *p = parse_ok("profile t {\n  /usr/bin/* ix,\n  /usr/bin/foo Px -> f,\n}\n");
	struct pp_perms pm = lookup(p, "t", "/usr/bin/foo");

	ck_assert_uint_eq(pm.half[PP_OTHER].xmode, PP_X_PROFILE | PP_X_SCRUB);
	ck_assert_uint_eq(pm.half[PP_OTHER].xindex, 0);
	pm = lookup(p, "t", "/usr/bin/bar");
	ck_assert_uint_eq(pm.half[PP_OTHER].xmode, PP_X_INHERIT);
	pp_policy_free(p);
}
END_TEST

START_TEST(escaped_space_in_unquoted_path)
{
	struct pp_policy *p = parse_ok("profile t {\n  /srv/esc\\ aped r,\n}\n");
	struct pp_perms pm;

	ck_assert_str_eq(p->profiles[0].rules[0].glob, "/srv/esc\\ aped");
	pm = lookup(p, "t", "/srv/esc aped");
	ck_assert_uint_eq(eff(&pm, PP_OTHER), R);
	pp_policy_free(p);
}
END_TEST

START_TEST(capabilities)
{
	struct pp_policy *p = parse_ok("profile t {\n  capability chown dac_override,\n"
				       "  deny capability sys_admin,\n  audit deny capability kill,\n"
				       "  audit capability bpf,\n}\nprofile all {\n  capability,\n}\n");
	const uint64_t *c = p->profiles[0].caps;

	ck_assert(c[PP_CAP_ALLOW] == ((1ull << 0) | (1ull << 1) | (1ull << 39)));
	ck_assert(c[PP_CAP_DENY] == ((1ull << 21) | (1ull << 5)));
	ck_assert(c[PP_CAP_QUIET] == (1ull << 21));
	ck_assert(c[PP_CAP_AUDIT] == ((1ull << 5) | (1ull << 39)));
	ck_assert(p->profiles[1].caps[PP_CAP_ALLOW] == (1ull << 41) - 1);
	ck_assert_int_eq(pp_cap_from_name("net_raw"), 13);
	ck_assert_str_eq(pp_cap_name(13), "net_raw");
	pp_policy_free(p);
	parse_err("profile t {\n  capability chown bogus,\n}\n", 2, 20, "unknown capability 'bogus'");
}
END_TEST

START_TEST(network)
{
	struct pp_policy *p = parse_ok("profile t {\n  network inet stream,\n  network inet6,\n"
				       "  deny network netlink raw,\n  network unix tcp,\n"
				       "  network dgram,\n}\n");
	const struct pp_net_perms *n = p->profiles[0].net;

	ck_assert_uint_eq(n[2].allow, (1u << 1) | (1u << 2));  /* inet: stream + dgram */
	ck_assert_uint_eq(n[10].allow, 0x7feu);                  /* inet6: all types */
	ck_assert_uint_eq(n[16].deny, 1u << 3);                  /* netlink raw */
	ck_assert_uint_eq(n[16].quiet, 1u << 3);
	ck_assert_uint_eq(n[16].allow, 1u << 2);
	ck_assert_uint_eq(n[1].allow, (1u << 1) | (1u << 2));    /* unix: tcp=stream + dgram */
	ck_assert_int_eq(pp_net_family_from_name("bluetooth"), 31);
	ck_assert_str_eq(pp_net_type_name(5), "seqpacket");
	pp_policy_free(p);
	parse_err("profile t {\n  network inet bogus,\n}\n", 2, 16, "unknown network");
	parse_err("profile t {\n  network inet stream dgram,\n}\n", 2, 23, "unknown network");
}
END_TEST

START_TEST(unenforced_reported_once)
{
	struct pp_policy *p = parse_ok(
		"profile t {\n"
		"  dbus send bus=session member={Hello,AddMatch} peer=(name=org.x),\n"
		"  signal (receive) peer=unconfined,\n"
		"  deny dbus,\n"
		"  unix (send, receive) type=stream,\n"
		"  ptrace,\n  mount fstype=tmpfs -> /mnt/,\n  umount,\n  pivot_root,\n"
		"  change_profile -> foo//*,\n  set rlimit nofile <= 1024,\n  mqueue,\n"
		"  /after r,\n"
		"}\n");

	ck_assert_uint_eq(p->profiles[0].nrules, 1);
	ck_assert_uint_eq(p->nunenforced, 10);
	ck_assert_str_eq(p->unenforced[0].cls, "dbus");
	ck_assert_str_eq(p->unenforced[0].origin, "t.prof:2:3");
	ck_assert_uint_eq(p->unenforced[0].count, 2);
	ck_assert_str_eq(p->unenforced[1].cls, "signal");
	ck_assert_str_eq(p->unenforced[8].cls, "rlimit");
	pp_policy_free(p);
}
END_TEST

START_TEST(unenforced_strict)
{
	struct pp_parse_opts o = { .strict = true };
	struct pp_diag d;
	const char *t = "profile t {\n  /a r,\n  signal,\n}\n";

	ck_assert_ptr_null(pp_policy_parse_string("t.prof", t, strlen(t), &o, &d));
	ck_assert_uint_eq(d.line, 3);
	ck_assert_uint_eq(d.col, 3);
	ck_assert_ptr_nonnull(strstr(d.msg, "'signal' rules are not enforced"));
}
END_TEST

START_TEST(garbage_is_an_error)
{
	parse_err("profile t {\n  /a r,\n  frobnicate /x,\n}\n", 3, 3, "unknown rule 'frobnicate'");
	parse_err("profile t {\n  ; /a r,\n}\n", 2, 3, "unexpected ';'");
	parse_err("profile t {\n  dbus send\n}\n", 2, 3, "does not end with ','");
}
END_TEST

START_TEST(perm_strings)
{
	char b[16];

	ck_assert_str_eq(pp_perms_string(PP_PERM_ALL, b), "mrwalkx");
	ck_assert_str_eq(pp_perms_string(R | PP_PERM_MMAP, b), "mr");
	ck_assert_str_eq(pp_perms_string(0, b), "");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parser_rules");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, letters_and_implied);
	tcase_add_loop_test(tc, exec_mode_table, 0, sizeof(exec_modes) / sizeof(exec_modes[0]));
	tcase_add_test(tc, bad_modes);
	tcase_add_test(tc, qualifiers);
	tcase_add_test(tc, ignored_targets_and_qualifier_blocks);
	tcase_add_test(tc, file_and_link_rules);
	tcase_add_test(tc, exec_conflict_names_both_rules);
	tcase_add_test(tc, merged_duplicates_keep_conflict_origins);
	tcase_add_test(tc, bad_glob_reported_at_rule);
	tcase_add_test(tc, exact_exec_beats_glob);
	tcase_add_test(tc, escaped_space_in_unquoted_path);
	tcase_add_test(tc, capabilities);
	tcase_add_test(tc, network);
	tcase_add_test(tc, unenforced_reported_once);
	tcase_add_test(tc, unenforced_strict);
	tcase_add_test(tc, garbage_is_an_error);
	tcase_add_test(tc, perm_strings);
	suite_add_tcase(s, tc);
	return s;
}

RUN_SUITE(suite)
