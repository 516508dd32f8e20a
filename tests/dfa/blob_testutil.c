// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Shared helpers of test_blob and test_blob_verify (see blob_testutil.h). */
#include <check.h>
#include <string.h>

#include "blob_le.h"
#include "blob_testutil.h"
#include "blob_testdfa.h"


uint32_t rd32(const uint8_t *p) { return blob_le32(p); }

void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

void wr16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static size_t pad8(size_t n) { return (n + 7) & ~(size_t)7; }

size_t find_sec(const uint8_t *b, uint32_t pi, uint32_t kind)
{
	size_t off = BLOB_HDR_SIZE, end;

	for (uint32_t i = 0; i < pi; i++)
		off += 8 + pad8(rd32(b + off + 4));
	end = off + 8 + rd32(b + off + 4);
	for (off += 8; off < end; off += 8 + pad8(rd32(b + off + 4)))
		if (rd32(b + off) == kind)
			return off;
	return 0;
}

/* Independent recomputation of the FORMAT.md DFA layout. */
void dfa_offs(const uint8_t *b, size_t sec, struct dfa_offs *o)
{
	size_t p = sec + 8;

	o->hdr = p;
	o->nstates = rd32(b + p);
	o->nclasses = rd32(b + p + 4);
	o->ncomb = rd32(b + p + 12);
	o->nperms = rd32(b + p + 16);
	o->idw = rd32(b + p + 20) & BLOB_DFA_F16 ? 2 : 4;
	o->class_of = p + 32;
	o->pidx = o->class_of + 256;
	o->def = o->pidx + pad8(4 * (size_t)o->nstates);
	o->base = o->def + pad8(o->idw * (size_t)o->nstates);
	o->next = o->base + pad8(4 * (size_t)o->nstates);
	o->check = o->next + pad8(o->idw * (size_t)o->ncomb);
	o->perms = o->check + pad8(o->idw * (size_t)o->ncomb);
}

void wr_id(uint8_t *p, const struct dfa_offs *o, uint32_t v)
{
	if (o->idw == 2)
		wr16(p, v);
	else
		wr32(p, v);
}

const char *const xt2[] = { "/usr/bin/target", "child" };

const char *const paths[] = {
	"/etc/passwd", "/etc/shadow", "/usr/bin/foo", "/usr/lib/libc.so.6",
	"/tmp/x", "/home/user/.bashrc", "/", "", "/etc/", "/etc/passwd2",
	"/proc/self/status", "/dev/null", "/usr/bin/target",
};

struct dfa *paths_trie(void)
{
	struct pp_perms p[3];

	memset(p, 0, sizeof(p));
	p[0].half[PP_OWNER].allow = p[0].half[PP_OTHER].allow = PP_PERM_READ;
	p[1].half[PP_OWNER].allow = PP_PERM_READ | PP_PERM_WRITE;
	p[1].half[PP_OTHER].deny = PP_PERM_WRITE;
	p[2].half[PP_OTHER].allow = PP_PERM_EXEC | PP_PERM_MMAP;
	p[2].half[PP_OTHER].xmode = PP_X_PROFILE | PP_X_SCRUB;
	p[2].half[PP_OTHER].xindex = 0;
	return tdfa_trie(paths, NPATHS, p, 3);
}

void profile_init(struct blob_profile_in *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
}

static const struct dfa_rule rules2[] = {
	{ .glob = "/etc/passwd", .perms = PP_PERM_READ, .xindex = PP_XINDEX_NONE,
	  .origin = "prof:3:2" },
	{ .glob = "/usr/bin/target", .perms = PP_PERM_EXEC, .xmode = PP_X_PROFILE,
	  .xindex = 1, .owner = 1, .deny = 0, .audit = 1, .origin = NULL },
	{ .glob = "/etc/shadow", .perms = PP_PERM_WRITE, .xindex = PP_XINDEX_NONE,
	  .deny = 1, .origin = "prof:5:2" },
};

/* A blob using every section: the base for the mutation tests. */
uint8_t *full_blob(size_t *len, struct dfa **file, struct dfa **xm)
{
	struct blob_profile_in p[2];
	uint64_t rng = 42;
	uint8_t *b;

	*file = tdfa_random(&rng, 41, 9, 5, 2);
	*xm = paths_trie();
	profile_init(&p[0], "prof");
	p[0].attach = "/usr/bin/prof";
	p[0].attach_score = blob_attach_score(p[0].attach);
	p[0].flags = PP_PROF_COMPLAIN;
	p[0].caps[PP_CAP_ALLOW] = 1ull << 0 | 1ull << 63;
	p[0].caps[PP_CAP_DENY] = 1ull << 12;
	p[0].net[2].allow = 1u << 1;
	p[0].net[10].deny = 1u << 2 | 1u << 10;
	p[0].file = *file;
	p[0].xmatch = *xm;
	p[0].xtargets = xt2;
	p[0].nxtargets = 2;
	p[0].rules = rules2;
	p[0].nrules = 3;
	profile_init(&p[1], "prof//child");
	p[1].flags = PP_PROF_CHILD;
	ck_assert_int_eq(blob_write(p, 2, &b, len), 0);
	return b;
}

