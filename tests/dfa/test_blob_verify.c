// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Blob verifier: one hand-mutated blob per error class, and the byte-flip
 * test (every byte of real blobs corrupted, the blob placed right before a
 * PROT_NONE page so that any read past the end faults even without ASan).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "blob.h"
#include "blob_le.h"
#include "blob_write.h"
#include "blob_testdfa.h"
#include "blob_testutil.h"
#include "blob_testsrc.h"


struct guarded {
	uint8_t *map, *p;
	size_t maplen;
};

static void guard_copy(struct guarded *g, const uint8_t *b, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t n = (len + page - 1) / page + 1;

	ck_assert_uint_eq(len % 8, 0);
	g->maplen = n * page;
	g->map = mmap(NULL, g->maplen, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(g->map, MAP_FAILED);
	ck_assert_int_eq(mprotect(g->map + (n - 1) * page, page, PROT_NONE), 0);
	g->p = g->map + (n - 1) * page - len;
	memcpy(g->p, b, len);
}

static void guard_free(struct guarded *g)
{
	munmap(g->map, g->maplen);
}

/* ---- verifier error classes, one hand mutation each ---- */

struct mut {
	const char *what;
	int err;
};

static int verify_mut(uint8_t *b, size_t len)
{
	size_t where = (size_t)-1;
	int err = blob_verify(b, len, &where);

	if (err)
		ck_assert_uint_le(where, len);
	return err;
}

#define EXPECT(err_, expr) do {                                           \
	memcpy(w, b, len);                                                \
	expr;                                                             \
	ck_assert_msg(verify_mut(w, wlen) == (err_), "%s: got %s", #expr, \
		      blob_strerror(verify_mut(w, wlen)));                \
	wlen = len;                                                       \
} while (0)

START_TEST(test_verify_error_classes)
{
	struct dfa *file, *xm;
	size_t len;
	uint8_t *b = full_blob(&len, &file, &xm);
	uint8_t *wbuf = aligned_alloc(8, len + 64), *w = wbuf;
	size_t wlen = len;
	size_t name = find_sec(b, 0, BLOB_SEC_NAME), mode = find_sec(b, 0, BLOB_SEC_MODE);
	size_t caps = find_sec(b, 0, BLOB_SEC_CAPS), net = find_sec(b, 0, BLOB_SEC_NET);
	size_t xt = find_sec(b, 0, BLOB_SEC_XTARGETS), fs = find_sec(b, 0, BLOB_SEC_FILE);
	size_t rs = find_sec(b, 0, BLOB_SEC_RULES);
	struct dfa_offs o;

	ck_assert(name && mode && caps && net && xt && fs && rs);
	dfa_offs(b, fs, &o);
	ck_assert_uint_eq(o.idw, 2);
	EXPECT(BLOB_OK, (void)0);

	/* truncation and lengths running past their container */
	EXPECT(BLOB_E_SHORT, wlen = len - 8);
	EXPECT(BLOB_E_SHORT, wlen = 10);
	EXPECT(BLOB_E_SHORT, wr32(w + name + 4, 0xfffffff0u));
	EXPECT(BLOB_E_SHORT, wr32(w + BLOB_HDR_SIZE + 4, rd32(w + BLOB_HDR_SIZE + 4) + 4096));
	EXPECT(BLOB_E_SHORT, wr32(w + o.hdr + 12, o.ncomb + 8));
	EXPECT(BLOB_E_SHORT, wr32(w + o.hdr + 16, o.nperms + 1));
	EXPECT(BLOB_E_SHORT, wr32(w + rs + 8, 1000));

	EXPECT(BLOB_E_MAGIC, w[0] ^= 1);
	EXPECT(BLOB_E_VERSION, wr32(w + 4, 2));
	EXPECT(BLOB_E_ALIGN, (memmove(wbuf + 4, wbuf, len), w = wbuf + 4));
	w = wbuf;

	/* sections: unknown, duplicate, misordered, missing */
	EXPECT(BLOB_E_SECTION, wr32(w + caps, 77));
	EXPECT(BLOB_E_SECTION, wr32(w + mode, BLOB_SEC_NAME));
	EXPECT(BLOB_E_SECTION, wr32(w + name, BLOB_SEC_ATTACH));
	EXPECT(BLOB_E_SECTION, wr32(w + BLOB_HDR_SIZE, BLOB_SEC_NAME));

	/* strings */
	EXPECT(BLOB_E_STRING, w[name + 8 + 1] = 0x01);
	EXPECT(BLOB_E_STRING, w[name + 8 + 1] = 0x7f);
	EXPECT(BLOB_E_STRING, w[name + 8 + 4] = 'x');
	EXPECT(BLOB_E_STRING, w[name + 8 + 2] = 0);
	EXPECT(BLOB_E_STRING, wr32(w + xt + 8, 1));
	EXPECT(BLOB_E_STRING, w[xt + 8 + 8] = 0);
	EXPECT(BLOB_E_STRING, w[rs + 8 + rd32(b + rs + 4) - 1] = 'x');

	/* ranges */
	EXPECT(BLOB_E_RANGE, w[o.class_of + 200] = (uint8_t)o.nclasses);
	EXPECT(BLOB_E_RANGE, wr32(w + o.hdr + 8, o.nstates));
	EXPECT(BLOB_E_RANGE, wr32(w + o.hdr + 4, 0));
	EXPECT(BLOB_E_RANGE, wr32(w + o.hdr + 4, 257));
	EXPECT(BLOB_E_RANGE, wr32(w + o.pidx + 4 * 3, o.nperms));
	EXPECT(BLOB_E_RANGE, wr32(w + o.pidx, 1));
	EXPECT(BLOB_E_RANGE, wr_id(w + o.def + o.idw * 5, &o, o.nstates));
	EXPECT(BLOB_E_RANGE, wr_id(w + o.def, &o, 1));
	EXPECT(BLOB_E_RANGE, wr32(w + o.base + 4 * 7, o.ncomb - o.nclasses + 1));
	EXPECT(BLOB_E_RANGE, wr_id(w + o.next + o.idw * (o.ncomb - 1), &o, o.nstates));
	EXPECT(BLOB_E_RANGE, wr_id(w + o.check + o.idw * (o.ncomb - 1), &o, 0xffff));
	EXPECT(BLOB_E_RANGE, w[o.perms + 5] = 1);
	EXPECT(BLOB_E_RANGE, wr32(w + o.perms + 48 + 20, 2));
	EXPECT(BLOB_E_RANGE, wr32(w + o.perms + 48 + 16, 5));
	EXPECT(BLOB_E_RANGE, wr32(w + rs + 16 + 16, rd32(b + rs + 4)));
	EXPECT(BLOB_E_RANGE, wr32(w + rs + 16 + 24 + 8, 2));

	/* reserved bits */
	EXPECT(BLOB_E_FLAGS, wr32(w + 8, 1));
	EXPECT(BLOB_E_FLAGS, wr32(w + mode + 8, PP_PROF_VALID_MASK + 1));
	EXPECT(BLOB_E_FLAGS, wr32(w + o.hdr + 20, 2 | BLOB_DFA_F16));
	EXPECT(BLOB_E_FLAGS, wr32(w + o.hdr + 28, 1));
	EXPECT(BLOB_E_FLAGS, wr32(w + o.perms + 48, PP_PERM_ALL + 1));
	EXPECT(BLOB_E_FLAGS, wr32(w + o.perms + 48 + 16, 0x80));
	EXPECT(BLOB_E_FLAGS, wr32(w + net + 8 + 4 * 9, 1));
	EXPECT(BLOB_E_FLAGS, wr32(w + xt + 12, 1));
	EXPECT(BLOB_E_FLAGS, wr32(w + rs + 12, 1));
	EXPECT(BLOB_E_FLAGS, wr32(w + rs + 16 + 12, 8));
	EXPECT(BLOB_E_FLAGS, wr32(w + rs + 16, 0x100));

	/* limits */
	EXPECT(BLOB_E_LIMIT, wr32(w + 12, 70000));
	EXPECT(BLOB_E_LIMIT, wr32(w + o.hdr, 1u << 24));
	EXPECT(BLOB_E_LIMIT, wr32(w + o.hdr, 70000));
	EXPECT(BLOB_E_LIMIT, wr32(w + o.hdr + 12, (1u << 26) + 1));
	EXPECT(BLOB_E_LIMIT, wr32(w + xt + 8, 70000));
	EXPECT(BLOB_E_LIMIT, wr32(w + rs + 8, (1u << 24) + 1));

	/* padding and trailing bytes */
	EXPECT(BLOB_E_PADDING, w[name + 8 + 5] = 1);
	EXPECT(BLOB_E_PADDING, wlen = len + 8);
	EXPECT(BLOB_E_PADDING, wr32(w + 12, 1));
	EXPECT(BLOB_E_PADDING, (memset(w + len, 0, 8), wlen = len + 8,
				wr32(w + 16, (uint32_t)wlen)));
	EXPECT(BLOB_E_PADDING, wr32(w + mode + 4, 12));
	EXPECT(BLOB_E_PADDING, w[o.pidx + 4 * o.nstates] = 1);

	free(wbuf);
	free(b);
	tdfa_free(file);
	tdfa_free(xm);
}
END_TEST

START_TEST(test_profile_get_needs_no_verify)
{
	struct dfa *file, *xm;
	struct blob_profile p;
	size_t len;
	uint8_t *b = full_blob(&len, &file, &xm);
	size_t fs = find_sec(b, 0, BLOB_SEC_FILE);
	struct dfa_offs o;

	dfa_offs(b, fs, &o);
	wr_id(b + o.def + 2 * 3, &o, 0xfff0);
	ck_assert_int_eq(blob_profile_get(b, len, 0, &p), BLOB_E_RANGE);
	ck_assert_int_eq(blob_profile_get(b, len, 1, &p), 0);
	ck_assert_uint_eq(blob_profile_count(b, 8), 0);
	free(b);
	tdfa_free(file);
	tdfa_free(xm);
}
END_TEST

/* ---- byte flips ---- */

static const char *const probe[] = {
	"/etc/passwd", "/usr/bin/foo", "/", "", "/tmp/a/b/c/d", "abcabcabc",
	"/usr/lib/x86_64-linux-gnu/libc.so.6", "\xff\xfe/\x80", "/etc/shadow",
};

static unsigned long exercise_dfa(const struct blob_dfa *d)
{
	unsigned long sum = 0;
	struct pp_perms a;

	for (size_t i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
		uint32_t s = blob_dfa_match(d, probe[i], strlen(probe[i]));

		blob_dfa_perms(d, s, &a);
		sum += s + a.half[0].allow + a.half[1].xindex;
	}
	for (uint32_t s = 0; s <= d->nstates; s++) {
		blob_dfa_perms(d, s, &a);
		sum += blob_dfa_step(d, s, "a/\xff", 3) + a.half[1].deny;
	}
	return sum;
}

/* Touch everything a verified blob offers; faults if anything is out of bounds. */
static unsigned long exercise_blob(const uint8_t *b, size_t len)
{
	uint32_t n = blob_profile_count(b, len), net[4];
	struct blob_profile p;
	struct blob_rule r;
	unsigned long sum = 0;

	for (uint32_t i = 0; i <= n; i++) {
		if (blob_profile_get(b, len, i, &p)) {
			ck_assert_uint_eq(i, n);
			continue;
		}
		sum += strlen(p.name) + (p.attach ? strlen(p.attach) : 0);
		for (uint32_t k = 0; k <= p.nxtargets; k++) {
			const char *t = blob_xtarget(&p, k);

			ck_assert(k == p.nxtargets ? t == NULL : t != NULL);
			sum += t ? strlen(t) : 0;
		}
		for (uint32_t k = 0; k <= PP_NET_NFAMILIES; k++) {
			blob_net_get(&p, k, net);
			sum += net[0] + net[3];
		}
		for (uint32_t k = 0; k < p.nrules; k++) {
			ck_assert_int_eq(blob_rule_get(&p, k, &r), 0);
			sum += strlen(r.glob) + (r.origin ? strlen(r.origin) : 0);
		}
		sum += exercise_dfa(&p.file) + exercise_dfa(&p.xmatch);
	}
	return sum;
}

static void byteflip(const uint8_t *blob, size_t len, unsigned *accepted)
{
	static const uint8_t xors[] = { 0xff, 0x01, 0x80 };
	struct guarded g;

	guard_copy(&g, blob, len);
	ck_assert_int_eq(blob_verify(g.p, len, NULL), BLOB_OK);
	exercise_blob(g.p, len);
	for (size_t i = 0; i < len; i++) {
		for (size_t x = 0; x < sizeof(xors); x++) {
			g.p[i] ^= xors[x];
			if (blob_verify(g.p, len, NULL) == BLOB_OK) {
				++*accepted;
				exercise_blob(g.p, len);
			} else {
				struct blob_profile p;

				/* unverified readers must still stay in bounds */
				blob_profile_get(g.p, len, 0, &p);
			}
			g.p[i] ^= xors[x];
		}
	}
	/* every 8-byte truncation, with the header's length patched to match */
	for (size_t cut = BLOB_HDR_SIZE; cut < len; cut += 8) {
		uint8_t *t = g.p + len - cut;

		memmove(t, blob, cut);
		wr32(t + 16, (uint32_t)cut);
		ck_assert_int_ne(blob_verify(t, cut, NULL), BLOB_OK);
	}
	guard_free(&g);
}

START_TEST(test_byteflip_hand_blobs)
{
	struct dfa *file, *xm;
	size_t len;
	uint8_t *b = full_blob(&len, &file, &xm);
	unsigned accepted = 0;

	byteflip(b, len, &accepted);
	free(b);
	tdfa_free(file);
	tdfa_free(xm);
	printf("byte-flip (hand blob, %zu bytes): %u mutants accepted\n", len, accepted);
}
END_TEST

START_TEST(test_byteflip_compiled_blobs)
{
	unsigned accepted = 0, nblobs = 0;
	size_t total = 0;

	for (size_t k = 0; k < blob_testsrc_count(); k++) {
		uint8_t *b;
		size_t len;

		if (blob_testsrc_make(k, &b, &len) != 0)
			continue;
		byteflip(b, len, &accepted);
		total += len;
		nblobs++;
		free(b);
	}
	printf("byte-flip (%u compiled blobs, %zu bytes): %u mutants accepted\n",
	       nblobs, total, accepted);
	ck_assert_uint_gt(nblobs, 0);
}
END_TEST

static Suite *blob_suite(void)
{
	Suite *s = suite_create("blob_verify");
	TCase *t = tcase_create("blob_verify");

	tcase_set_timeout(t, 600);
	tcase_add_test(t, test_verify_error_classes);
	tcase_add_test(t, test_profile_get_needs_no_verify);
	tcase_add_test(t, test_byteflip_hand_blobs);
	tcase_add_test(t, test_byteflip_compiled_blobs);
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
