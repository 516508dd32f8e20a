// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - KUnit tests: the blob verifier and matcher compiled into
 * the kernel on a blob compiled by pp-parse from policy_test.prof, and
 * pp_policy_load() taking good blobs and rejecting bad ones without
 * changing the loaded policy.
 */

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dfa/blob.h"
#include "file.h"
#include "policy.h"
#include "policy_test_blob.h"

/* A kvmalloc()ed copy, as fs.c hands to pp_policy_load(). */
static void *pp_test_copy(struct kunit *test, const void *src, size_t len)
{
	void *p = kvmalloc(len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy(p, src, len);
	return p;
}

static void pp_test_verify_rejects_garbage(struct kunit *test)
{
	static const u64 zero[8];
	u64 bad_magic[8] = { 0x1122334455667788ull, 1, 64 };
	blob_size_t where = 0;

	KUNIT_EXPECT_LT(test, blob_verify(zero, 0, &where), 0);
	KUNIT_EXPECT_LT(test, blob_verify(zero, 7, &where), 0);
	KUNIT_EXPECT_EQ(test, blob_verify(bad_magic, sizeof(bad_magic), &where),
			(int)BLOB_E_MAGIC);
	KUNIT_EXPECT_STREQ(test, blob_strerror(BLOB_E_MAGIC) ? "ok" : "null",
			   "ok");
}

static void pp_test_load_rejects(struct kunit *test)
{
	u64 bad_magic[8] = { 0x1122334455667788ull, 1, 64 };
	u32 short_blob[2] = { BLOB_MAGIC, BLOB_VERSION };

	KUNIT_EXPECT_EQ(test,
			pp_policy_load(pp_test_copy(test, bad_magic,
						    sizeof(bad_magic)),
				       sizeof(bad_magic), false),
			-EPROTO);
	KUNIT_EXPECT_LT(test,
			pp_policy_load(pp_test_copy(test, short_blob,
						    sizeof(short_blob)),
				       sizeof(short_blob), true),
			0);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, pp_profile_find("pp-kunit"));
	rcu_read_unlock();
}

static void pp_test_errno(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pp_blob_errno(BLOB_OK), 0);
	KUNIT_EXPECT_EQ(test, pp_blob_errno(BLOB_E_VERSION), -EPROTO);
	KUNIT_EXPECT_EQ(test, pp_blob_errno(BLOB_E_SHORT), -EINVAL);
	KUNIT_EXPECT_EQ(test, pp_blob_errno(BLOB_E_LIMIT), -E2BIG);
}


static void pp_test_get(struct kunit *test, u32 i, struct blob_profile *bp)
{
	KUNIT_ASSERT_EQ(test, blob_verify(pp_test_blob, pp_test_blob_len, NULL),
			0);
	KUNIT_ASSERT_EQ(test, blob_profile_get(pp_test_blob, pp_test_blob_len,
					       i, bp), 0);
}

static struct pp_perms_half pp_test_lookup(struct kunit *test,
					   const char *path, int half)
{
	struct blob_profile bp;
	struct pp_perms perms;

	pp_test_get(test, 0, &bp);
	blob_dfa_perms(&bp.file, blob_dfa_match(&bp.file, path, strlen(path)),
		       &perms);
	return perms.half[half];
}

static void pp_test_unpack(struct kunit *test)
{
	struct blob_profile bp;

	KUNIT_EXPECT_EQ(test, blob_profile_count(pp_test_blob, pp_test_blob_len),
			2u);
	pp_test_get(test, 0, &bp);
	KUNIT_EXPECT_STREQ(test, bp.name, "kunit");
	KUNIT_EXPECT_STREQ(test, bp.attach, "/kunit/bin/*");
	KUNIT_EXPECT_FALSE(test, bp.flags & PP_PROF_CHILD);
	KUNIT_EXPECT_TRUE(test, bp.caps[PP_CAP_ALLOW] & 1ull); /* CAP_CHOWN */
	KUNIT_EXPECT_FALSE(test, bp.caps[PP_CAP_ALLOW] & 2ull);
	pp_test_get(test, 1, &bp);
	KUNIT_EXPECT_STREQ(test, bp.name, "kunit//kid");
	KUNIT_EXPECT_TRUE(test, bp.flags & PP_PROF_CHILD);
	KUNIT_EXPECT_EQ(test, blob_profile_get(pp_test_blob, pp_test_blob_len,
					       2, &bp), (int)BLOB_E_RANGE);
}

static void pp_test_match(struct kunit *test)
{
	struct pp_perms_half h;

	h = pp_test_lookup(test, "/kunit/r", PP_OTHER);
	KUNIT_EXPECT_EQ(test, pp_file_allow(&h), PP_PERM_READ);
	h = pp_test_lookup(test, "/kunit/rw/a/b", PP_OTHER);
	KUNIT_EXPECT_EQ(test, pp_file_allow(&h) & PP_PERM_WRITE, PP_PERM_WRITE);
	h = pp_test_lookup(test, "/kunit/rw/secret", PP_OTHER);
	KUNIT_EXPECT_EQ(test, pp_file_allow(&h) & (PP_PERM_WRITE | PP_PERM_APPEND),
			0u);
	KUNIT_EXPECT_TRUE(test, h.quiet & PP_PERM_WRITE);
	h = pp_test_lookup(test, "/kunit/own", PP_OTHER);
	KUNIT_EXPECT_EQ(test, pp_file_allow(&h), 0u);
	h = pp_test_lookup(test, "/kunit/own", PP_OWNER);
	KUNIT_EXPECT_EQ(test, pp_file_allow(&h), PP_PERM_READ);
	h = pp_test_lookup(test, "/kunit/bin/child", PP_OTHER);
	KUNIT_EXPECT_TRUE(test, pp_file_allow(&h) & PP_PERM_EXEC);
	KUNIT_EXPECT_EQ(test, h.xmode & PP_X_MODE_MASK, PP_X_CHILD);
	h = pp_test_lookup(test, "/etc/shadow", PP_OTHER);
	KUNIT_EXPECT_EQ(test, pp_file_allow(&h), 0u);
	h = pp_test_lookup(test, "/kunit/r/", PP_OTHER);
	KUNIT_EXPECT_EQ(test, pp_file_allow(&h), 0u);
}

/*
 * The file hooks' fast path matches a name in pieces, leaf first, cut at
 * a NUL (path.c): it must reach the state the whole name reaches, and
 * blob_dfa_perms_half() must give the half blob_dfa_perms() does.
 */
static void pp_test_pieces(struct kunit *test)
{
	static const char torn[] = "rw\0zzz";
	const struct blob_piece rwab[] = {
		{ "b", 1 }, { "a", 1 }, { "rw", 2 }, { "kunit", 5 },
	};
	const struct blob_piece secret[] = {
		{ "secret", 6 }, { "rw", 2 }, { "kunit", 5 },
	};
	const struct blob_piece cut[] = { { "x", 1 }, { torn, 6 }, { "kunit", 5 } };
	const struct blob_piece dead[] = { { "x", 1 }, { "etc", 3 } };
	struct pp_perms_half h;
	struct blob_profile bp;
	struct pp_perms perms;
	u32 s;

	pp_test_get(test, 0, &bp);
	s = blob_dfa_step_pieces(&bp.file, bp.file.start, rwab, 4);
	KUNIT_EXPECT_EQ(test, s, blob_dfa_match(&bp.file, "/kunit/rw/a/b", 13));
	KUNIT_EXPECT_NE(test, s, 0u);
	blob_dfa_perms(&bp.file, s, &perms);
	blob_dfa_perms_half(&bp.file, s, PP_OTHER, &h);
	KUNIT_EXPECT_EQ(test, h.allow, perms.half[PP_OTHER].allow);
	KUNIT_EXPECT_EQ(test, h.deny, perms.half[PP_OTHER].deny);
	KUNIT_EXPECT_TRUE(test, pp_file_allow(&h) & PP_PERM_WRITE);
	s = blob_dfa_step_pieces(&bp.file, bp.file.start, secret, 3);
	KUNIT_EXPECT_EQ(test, s,
			blob_dfa_match(&bp.file, "/kunit/rw/secret", 16));
	blob_dfa_perms_half(&bp.file, s, PP_OTHER, &h);
	KUNIT_EXPECT_EQ(test, pp_file_allow(&h) & PP_PERM_WRITE, 0u);
	s = blob_dfa_step_pieces(&bp.file, bp.file.start, cut, 3);
	KUNIT_EXPECT_EQ(test, s, blob_dfa_match(&bp.file, "/kunit/rw/x", 11));
	KUNIT_EXPECT_EQ(test, blob_dfa_step_pieces(&bp.file, bp.file.start,
						   dead, 2),
			blob_dfa_match(&bp.file, "/etc/x", 6));
	KUNIT_EXPECT_EQ(test, blob_dfa_step_pieces(&bp.file, 0, rwab, 4), 0u);
}

static void pp_test_net(struct kunit *test)
{
	struct blob_profile bp;
	u32 net[4];

	pp_test_get(test, 0, &bp);
	blob_net_get(&bp, 2 /* AF_INET */, net);
	KUNIT_EXPECT_TRUE(test, net[0] & (1u << 1));  /* SOCK_STREAM */
	KUNIT_EXPECT_FALSE(test, net[0] & (1u << 2)); /* SOCK_DGRAM */
	blob_net_get(&bp, 1 /* AF_UNIX */, net);
	KUNIT_EXPECT_EQ(test, net[0], 0u);
	blob_net_get(&bp, 1000, net);
	KUNIT_EXPECT_EQ(test, net[0], 0u);
}

/* Every proper prefix of a good blob is rejected. */
static void pp_test_truncated(struct kunit *test)
{
	size_t len;

	for (len = 0; len < pp_test_blob_len; len += 8)
		KUNIT_EXPECT_LT(test, blob_verify(pp_test_blob, len, NULL), 0);
}

/* Flipping any byte never breaks the verifier's promise. */
static void pp_test_corrupted(struct kunit *test)
{
	u8 *copy = kunit_kmalloc(test, pp_test_blob_len, GFP_KERNEL);
	struct blob_profile bp;
	size_t i;
	u32 n, j;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	for (i = 0; i < pp_test_blob_len; i++) {
		memcpy(copy, pp_test_blob, pp_test_blob_len);
		copy[i] ^= 0x5a;
		if (blob_verify(copy, pp_test_blob_len, NULL))
			continue;
		n = blob_profile_count(copy, pp_test_blob_len);
		for (j = 0; j < n; j++) {
			if (blob_profile_get(copy, pp_test_blob_len, j, &bp))
				continue;
			blob_dfa_match(&bp.file, "/kunit/rw/a", 11);
			blob_dfa_match(&bp.xmatch, "/kunit/bin/x", 12);
		}
	}
}

static void pp_test_load_attach_remove(struct kunit *test)
{
	const struct pp_profile *p;
	bool conflict;

	KUNIT_ASSERT_EQ(test,
			pp_policy_load(pp_test_copy(test, pp_test_blob,
						    pp_test_blob_len),
				       pp_test_blob_len, false),
			0);
	KUNIT_EXPECT_EQ(test,
			pp_policy_load(pp_test_copy(test, pp_test_blob,
						    pp_test_blob_len),
				       pp_test_blob_len, false),
			-EEXIST);
	KUNIT_EXPECT_EQ(test,
			pp_policy_load(pp_test_copy(test, pp_test_blob,
						    pp_test_blob_len),
				       pp_test_blob_len, true),
			0);
	rcu_read_lock();
	p = pp_profile_attach(NULL, "/kunit/bin/x", &conflict);
	KUNIT_EXPECT_FALSE(test, conflict);
	KUNIT_EXPECT_NOT_NULL(test, p);
	if (p) {
		KUNIT_EXPECT_STREQ(test, p->bp.name, "kunit");
		p = pp_profile_find_child(p, "kid");
		KUNIT_EXPECT_NOT_NULL(test, p);
		if (p)
			KUNIT_EXPECT_STREQ(test, p->bp.name, "kunit//kid");
	}
	KUNIT_EXPECT_NULL(test, pp_profile_attach(NULL, "/kunit/other", &conflict));
	KUNIT_EXPECT_NULL(test, pp_profile_attach(NULL, "/kunit/bin/a/b", &conflict));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, pp_policy_set_complain("kunit", true), 0);
	rcu_read_lock();
	p = pp_profile_find("kunit");
	KUNIT_EXPECT_TRUE(test, p && pp_profile_complain(p));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, pp_policy_remove("kunit"), 0);
	KUNIT_EXPECT_EQ(test, pp_policy_remove("kunit"), -ENOENT);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, pp_profile_find("kunit"));
	KUNIT_EXPECT_NULL(test, pp_profile_find("kunit//kid"));
	rcu_read_unlock();
}

static struct kunit_case pp_policy_test_cases[] = {
	KUNIT_CASE(pp_test_unpack),
	KUNIT_CASE(pp_test_match),
	KUNIT_CASE(pp_test_pieces),
	KUNIT_CASE(pp_test_net),
	KUNIT_CASE(pp_test_truncated),
	KUNIT_CASE(pp_test_corrupted),
	KUNIT_CASE(pp_test_load_attach_remove),
	KUNIT_CASE(pp_test_verify_rejects_garbage),
	KUNIT_CASE(pp_test_load_rejects),
	KUNIT_CASE(pp_test_errno),
	{}
};

static struct kunit_suite pp_policy_test_suite = {
	.name = "pathprof",
	.test_cases = pp_policy_test_cases,
};

kunit_test_suite(pp_policy_test_suite);
