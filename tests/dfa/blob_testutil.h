/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Helpers for the blob tests: field pokes and a blob using every section. */
#ifndef PATHPROF_BLOB_TESTUTIL_H
#define PATHPROF_BLOB_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include "blob_write.h"

uint32_t rd32(const uint8_t *p);
void wr32(uint8_t *p, uint32_t v);
void wr16(uint8_t *p, uint32_t v);

/* Header offset of section kind in profile pi, 0 if absent. */
size_t find_sec(const uint8_t *b, uint32_t pi, uint32_t kind);

/* Offsets of a DFA section's arrays, recomputed independently of verify.c. */
struct dfa_offs {
	size_t hdr, class_of, pidx, def, base, next, check, perms;
	uint32_t nstates, nclasses, ncomb, nperms, idw;
};
void dfa_offs(const uint8_t *b, size_t sec, struct dfa_offs *o);
void wr_id(uint8_t *p, const struct dfa_offs *o, uint32_t v);

extern const char *const xt2[2];      /* two exec targets */
extern const char *const paths[13];   /* literal paths of paths_trie() */
#define NPATHS 13u
struct dfa *paths_trie(void);         /* perms 1..3 cycle over paths[] */
void profile_init(struct blob_profile_in *p, const char *name);

/* Two profiles: "prof" with every section (random 41-state file DFA with
 * 16-bit ids, xmatch trie, 2 xtargets, 3 rules), "prof//child" minimal. */
uint8_t *full_blob(size_t *len, struct dfa **file, struct dfa **xm);

#endif
