// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Blob writer + matcher: round trips (random, 32-bit ids, tries, compiled
 * rule sets against dfa_lookup()), every profile field, writer input checks.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "blob_le.h"
#include "blob_write.h"
#include "blob_testdfa.h"
#include "blob_testutil.h"


/* ---- round trips ---- */

static void check_same_walk(const struct dfa *d, const struct blob_dfa *bd,
			    uint64_t *rng, int nstr)
{
	char s[64];
	struct pp_perms a;

	ck_assert_uint_eq(bd->nstates, d->nstates);
	ck_assert_uint_eq(bd->start, d->start);
	for (int i = 0; i < nstr; i++) {
		size_t len = tdfa_rand(rng) % sizeof(s), cut = len ? tdfa_rand(rng) % len : 0;
		uint32_t want, got;

		for (size_t j = 0; j < len; j++)
			s[j] = (char)(tdfa_rand(rng) % 4 ? 'a' + tdfa_rand(rng) % 12
							 : tdfa_rand(rng));
		want = tdfa_walk(d, d->start, s, len);
		got = blob_dfa_match(bd, s, len);
		ck_assert_uint_eq(got, want);
		ck_assert_uint_eq(blob_dfa_step(bd, blob_dfa_match(bd, s, cut),
						s + cut, len - cut), want);
		blob_dfa_perms(bd, got, &a);
		ck_assert_mem_eq(&a, &d->perms[d->perm_index[want]], sizeof(a));
	}
}

START_TEST(test_roundtrip_random_dfas)
{
	uint64_t rng = 0x1234 + (uint64_t)_i;

	for (int round = 0; round < 40; round++) {
		uint32_t ns = 1 + tdfa_rand(&rng) % 300, nc = 1 + tdfa_rand(&rng) % 256;
		struct dfa *d = tdfa_random(&rng, ns, nc, 1 + tdfa_rand(&rng) % 8, 2);
		struct blob_profile_in in;
		struct blob_profile out;
		uint8_t *b;
		size_t len;

		profile_init(&in, "r");
		in.file = d;
		in.xtargets = xt2;
		in.nxtargets = 2;
		ck_assert_int_eq(blob_write(&in, 1, &b, &len), 0);
		ck_assert_int_eq(blob_verify(b, len, NULL), BLOB_OK);
		ck_assert_int_eq(blob_profile_get(b, len, 0, &out), 0);
		ck_assert_uint_eq(out.file.flags, BLOB_DFA_F16);
		/* every transition of the table, then random strings */
		for (uint32_t s = 1; s < ns; s++)
			for (uint32_t c = 0; c < 256; c++) {
				char ch = (char)c;

				ck_assert_uint_eq(blob_dfa_step(&out.file, s, &ch, 1),
						  tdfa_walk(d, s, &ch, 1));
			}
		check_same_walk(d, &out.file, &rng, 300);
		free(b);
		tdfa_free(d);
	}
}
END_TEST

/* 70000 states: ids do not fit 16 bits, the writer must use 32. */
START_TEST(test_roundtrip_32bit_ids)
{
	uint64_t rng = 7;
	struct dfa *d = tdfa_random(&rng, 70000, 3, 4, 0);
	struct blob_profile_in in;
	struct blob_profile out;
	uint8_t *b;
	size_t len;

	/* a long chain on class 1 so long strings stay alive */
	for (uint32_t s = 1; s < d->nstates; s++)
		d->trans[(size_t)s * 3 + 1] = s + 1 < d->nstates ? s + 1 : 1;
	profile_init(&in, "big");
	in.file = d;
	ck_assert_int_eq(blob_write(&in, 1, &b, &len), 0);
	ck_assert_int_eq(blob_verify(b, len, NULL), BLOB_OK);
	ck_assert_int_eq(blob_profile_get(b, len, 0, &out), 0);
	ck_assert_uint_eq(out.file.flags & BLOB_DFA_F16, 0);
	check_same_walk(d, &out.file, &rng, 3000);
	for (uint32_t s = 1; s < d->nstates; s += 97)
		for (uint32_t c = 0; c < 256; c++) {
			char ch = (char)c;

			ck_assert_uint_eq(blob_dfa_step(&out.file, s, &ch, 1),
					  tdfa_walk(d, s, &ch, 1));
		}
	free(b);
	tdfa_free(d);
}
END_TEST

START_TEST(test_roundtrip_trie_paths)
{
	struct dfa *d = paths_trie();
	struct blob_profile_in in;
	struct blob_profile out;
	struct pp_perms a;
	uint8_t *b;
	size_t len;

	profile_init(&in, "t");
	in.file = d;
	in.xtargets = xt2;
	in.nxtargets = 2;
	ck_assert_int_eq(blob_write(&in, 1, &b, &len), 0);
	ck_assert_int_eq(blob_profile_get(b, len, 0, &out), 0);
	for (size_t i = 0; i < NPATHS; i++) {
		uint32_t s = blob_dfa_match(&out.file, paths[i], strlen(paths[i]));

		ck_assert_uint_eq(s, tdfa_walk(d, d->start, paths[i], strlen(paths[i])));
		blob_dfa_perms(&out.file, s, &a);
		ck_assert_mem_eq(&a, &d->perms[1 + i % 3], sizeof(a));
	}
	ck_assert_uint_eq(blob_dfa_match(&out.file, "/etc/passw", 10),
			  tdfa_walk(d, d->start, "/etc/passw", 10));
	blob_dfa_perms(&out.file, blob_dfa_match(&out.file, "/etc/passw", 10), &a);
	ck_assert_uint_eq(a.half[0].allow | a.half[1].allow, 0);
	ck_assert_uint_eq(blob_dfa_match(&out.file, "/nope", 5), 0);
	free(b);
	tdfa_free(d);
}
END_TEST

/* Compiled rule sets: blob perms equal dfa_lookup() on generated paths. */
static const struct dfa_rule compiled_sets[][6] = {
	{ { .glob = "/etc/**", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE },
	  { .glob = "/etc/shadow", .perms = PP_PERM_READ, .deny = 1, .xindex = PP_XINDEX_NONE },
	  { .glob = "/tmp/*", .perms = PP_PERM_WRITE, .owner = 1, .xindex = PP_XINDEX_NONE },
	  { .glob = "/usr/bin/*", .perms = PP_PERM_EXEC, .xmode = PP_X_INHERIT,
	    .xindex = PP_XINDEX_NONE },
	  { .glob = "/usr/bin/sh", .perms = PP_PERM_EXEC, .xmode = PP_X_PROFILE, .xindex = 1 },
	  { .glob = "/usr/lib/**.so*", .perms = PP_PERM_MMAP | PP_PERM_READ,
	    .audit = 1, .xindex = PP_XINDEX_NONE } },
	{ { .glob = "/{usr/,}lib{,32,64}/**", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE },
	  { .glob = "/home/*/.[a-z]*", .perms = PP_PERM_READ | PP_PERM_WRITE,
	    .xindex = PP_XINDEX_NONE },
	  { .glob = "/proc/[0-9]*/{stat,status,maps}", .perms = PP_PERM_READ,
	    .xindex = PP_XINDEX_NONE },
	  { .glob = "/dev/tty?", .perms = PP_PERM_WRITE | PP_PERM_LOCK, .xindex = PP_XINDEX_NONE },
	  { .glob = "/**/\xc3\xa9t\xc3\xa9", .perms = PP_PERM_APPEND, .xindex = PP_XINDEX_NONE },
	  { .glob = "/var/**", .perms = PP_PERM_LINK, .deny = 1, .audit = 1,
	    .xindex = PP_XINDEX_NONE } },
};

static const char *const parts[] = {
	"/", "etc", "shadow", "passwd", "tmp", "usr", "bin", "sh", "lib", "lib64",
	"x.so", ".so.6", "home", "bob", ".bashrc", ".", "..", "proc", "123", "status",
	"dev", "tty1", "\xc3\xa9t\xc3\xa9", "var", "a", "", "//", "\xff",
};

START_TEST(test_roundtrip_compiled)
{
	uint64_t rng = 11;
	unsigned hits = 0;

	for (size_t k = 0; k < sizeof(compiled_sets) / sizeof(compiled_sets[0]); k++) {
		struct dfa_error err;
		struct dfa *d = dfa_compile(compiled_sets[k], 6, &err, NULL);
		struct blob_profile_in in;
		struct blob_profile out;
		struct pp_perms a;
		char path[256];
		uint8_t *b;
		size_t len;

		ck_assert_msg(d != NULL, "%s", err.msg);
		profile_init(&in, "c");
		in.file = d;
		in.xtargets = xt2;
		in.nxtargets = 2;
		ck_assert_int_eq(blob_write(&in, 1, &b, &len), 0);
		ck_assert_int_eq(blob_profile_get(b, len, 0, &out), 0);
		for (int i = 0; i < 20000; i++) {
			size_t n = 0, np = tdfa_rand(&rng) % 8;

			for (size_t j = 0; j < np; j++) {
				const char *x = parts[tdfa_rand(&rng) % (sizeof(parts) / sizeof(parts[0]))];

				if (n + strlen(x) + 1 >= sizeof(path))
					break;
				if (j % 2 == 0 && x[0] != '/')
					path[n++] = '/';
				memcpy(path + n, x, strlen(x));
				n += strlen(x);
			}
			blob_dfa_perms(&out.file, blob_dfa_match(&out.file, path, n), &a);
			ck_assert_mem_eq(&a, dfa_lookup(d, path, n), sizeof(a));
			hits += (a.half[0].allow | a.half[1].allow | a.half[1].deny) != 0;
		}
		free(b);
		dfa_free(d);
	}
	ck_assert_uint_gt(hits, 200);
}
END_TEST

START_TEST(test_profile_fields)
{
	struct dfa *file, *xm;
	struct blob_profile p;
	struct blob_rule r;
	uint32_t net[4];
	size_t len;
	uint8_t *b = full_blob(&len, &file, &xm);

	ck_assert_int_eq(blob_verify(b, len, NULL), BLOB_OK);
	ck_assert_uint_eq(blob_profile_count(b, len), 2);
	ck_assert_int_eq(blob_profile_get(b, len, 0, &p), 0);
	ck_assert_str_eq(p.name, "prof");
	ck_assert_str_eq(p.attach, "/usr/bin/prof");
	ck_assert_uint_eq(p.flags, PP_PROF_COMPLAIN);
	ck_assert_uint_eq(p.attach_score, 0x80000000u | 13);
	ck_assert_uint_eq(p.caps[PP_CAP_ALLOW], 1ull << 0 | 1ull << 63);
	ck_assert_uint_eq(p.caps[PP_CAP_DENY], 1ull << 12);
	ck_assert_uint_eq(p.caps[PP_CAP_AUDIT] | p.caps[PP_CAP_QUIET], 0);
	blob_net_get(&p, 2, net);
	ck_assert_uint_eq(net[0], 2);
	ck_assert_uint_eq(net[1] | net[2] | net[3], 0);
	blob_net_get(&p, 10, net);
	ck_assert_uint_eq(net[1], 1u << 2 | 1u << 10);
	blob_net_get(&p, PP_NET_NFAMILIES, net);
	ck_assert_uint_eq(net[0] | net[1] | net[2] | net[3], 0);
	ck_assert_uint_eq(p.nxtargets, 2);
	ck_assert_str_eq(blob_xtarget(&p, 0), "/usr/bin/target");
	ck_assert_str_eq(blob_xtarget(&p, 1), "child");
	ck_assert_ptr_null(blob_xtarget(&p, 2));
	ck_assert_uint_eq(p.nrules, 3);
	ck_assert_int_eq(blob_rule_get(&p, 0, &r), 0);
	ck_assert_str_eq(r.glob, "/etc/passwd");
	ck_assert_str_eq(r.origin, "prof:3:2");
	ck_assert_uint_eq(r.perms, PP_PERM_READ);
	ck_assert_uint_eq(r.xindex, PP_XINDEX_NONE);
	ck_assert_uint_eq(r.qual, 0);
	ck_assert_int_eq(blob_rule_get(&p, 1, &r), 0);
	ck_assert_str_eq(r.glob, "/usr/bin/target");
	ck_assert_ptr_null(r.origin);
	ck_assert_uint_eq(r.xmode, PP_X_PROFILE);
	ck_assert_uint_eq(r.xindex, 1);
	ck_assert_uint_eq(r.qual, BLOB_RULE_OWNER | BLOB_RULE_AUDIT);
	ck_assert_int_eq(blob_rule_get(&p, 2, &r), 0);
	ck_assert_uint_eq(r.qual, BLOB_RULE_DENY);
	ck_assert_str_eq(r.origin, "prof:5:2");
	ck_assert_int_eq(blob_rule_get(&p, 3, &r), BLOB_E_RANGE);
	ck_assert_uint_eq(p.xmatch.nstates, xm->nstates);
	ck_assert_uint_eq(blob_dfa_match(&p.xmatch, "/usr/bin/foo", 12),
			  tdfa_walk(xm, xm->start, "/usr/bin/foo", 12));
	ck_assert_uint_ne(blob_dfa_match(&p.xmatch, "/usr/bin/foo", 12), 0);

	/* the child: no attach, no file rules, no xmatch, no rules */
	ck_assert_int_eq(blob_profile_get(b, len, 1, &p), 0);
	ck_assert_str_eq(p.name, "prof//child");
	ck_assert_ptr_null(p.attach);
	ck_assert_uint_eq(p.flags, PP_PROF_CHILD);
	ck_assert_uint_eq(p.file.nstates, 0);
	ck_assert_uint_eq(p.xmatch.nstates, 0);
	ck_assert_uint_eq(blob_dfa_match(&p.file, "/etc/passwd", 11), 0);
	ck_assert_uint_eq(p.nrules, 0);
	ck_assert_int_eq(blob_rule_get(&p, 0, &r), BLOB_E_RANGE);
	ck_assert_ptr_null(blob_xtarget(&p, 0));
	ck_assert_int_eq(blob_profile_get(b, len, 2, &p), BLOB_E_RANGE);
	free(b);
	tdfa_free(file);
	tdfa_free(xm);
}
END_TEST

START_TEST(test_empty_blob)
{
	uint8_t *b;
	size_t len;

	ck_assert_int_eq(blob_write(NULL, 0, &b, &len), 0);
	ck_assert_uint_eq(len, BLOB_HDR_SIZE);
	ck_assert_int_eq(blob_verify(b, len, NULL), BLOB_OK);
	ck_assert_uint_eq(blob_profile_count(b, len), 0);
	free(b);
}
END_TEST

START_TEST(test_writer_rejects_bad_input)
{
	uint64_t rng = 3;
	struct dfa *d = tdfa_random(&rng, 10, 4, 3, 1);
	struct blob_profile_in in;
	uint8_t *b = NULL;
	size_t len;

	profile_init(&in, "bad\nname");
	errno = 0;
	ck_assert_int_eq(blob_write(&in, 1, &b, &len), -1);
	ck_assert_int_eq(errno, EINVAL);
	profile_init(&in, "ok");
	in.net[1].allow = 1; /* bit 0 is no socket type */
	ck_assert_int_eq(blob_write(&in, 1, &b, &len), -1);
	profile_init(&in, "ok");
	d->perms[1].half[PP_OTHER].xindex = 0;
	in.file = d;        /* perms reference xtarget 0 but there is none */
	ck_assert_int_eq(blob_write(&in, 1, &b, &len), -1);
	in.nxtargets = 1;
	in.xtargets = xt2;
	ck_assert_int_eq(blob_write(&in, 1, &b, &len), 0);
	free(b);
	d->trans[d->nclasses + 1] = d->nstates; /* target out of range */
	ck_assert_int_eq(blob_write(&in, 1, &b, &len), -1);
	ck_assert_int_eq(errno, EINVAL);
	d->trans[d->nclasses + 1] = 0;
	d->trans[1 % d->nclasses] = 1; /* dead state not dead */
	ck_assert_int_eq(blob_write(&in, 1, &b, &len), -1);
	tdfa_free(d);
}
END_TEST

START_TEST(test_attach_score)
{
	ck_assert_uint_eq(blob_attach_score(NULL), 0);
	ck_assert_uint_eq(blob_attach_score("/usr/bin/foo"), 0x80000000u | 12);
	ck_assert_uint_eq(blob_attach_score("/usr/bin/a\\*b"), 0x80000000u | 12);
	ck_assert_uint_eq(blob_attach_score("/usr/bin/*"), 9);
	ck_assert_uint_eq(blob_attach_score("/usr/bin/{a,bb}"), 9);
	ck_assert_uint_eq(blob_attach_score("/usr/[a-z]in/x"), 9);
	ck_assert_uint_eq(blob_attach_score("/**"), 1);
	ck_assert_uint_gt(blob_attach_score("/"), blob_attach_score("/usr/bin/**"));
	ck_assert_uint_gt(blob_attach_score("/usr/bin/f*"), blob_attach_score("/usr/*/f*"));
}
END_TEST

START_TEST(test_strerror)
{
	for (int e = 0; e >= BLOB_E_PADDING; e--) {
		ck_assert_ptr_nonnull(blob_strerror(e));
		for (int f = 0; f > e; f--)
			ck_assert_str_ne(blob_strerror(e), blob_strerror(f));
	}
	ck_assert_str_eq(blob_strerror(-100), "unknown error");
}
END_TEST

static Suite *blob_suite(void)
{
	Suite *s = suite_create("blob");
	TCase *t = tcase_create("blob");

	tcase_set_timeout(t, 600);
	tcase_add_loop_test(t, test_roundtrip_random_dfas, 0, 4);
	tcase_add_test(t, test_roundtrip_32bit_ids);
	tcase_add_test(t, test_roundtrip_trie_paths);
	tcase_add_test(t, test_roundtrip_compiled);
	tcase_add_test(t, test_profile_fields);
	tcase_add_test(t, test_empty_blob);
	tcase_add_test(t, test_writer_rejects_bad_input);
	tcase_add_test(t, test_attach_score);
	tcase_add_test(t, test_strerror);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(blob_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
