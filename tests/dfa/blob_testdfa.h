/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Hand-built dense DFAs for the blob tests and fuzz seeds: they exercise
 * the table compression on shapes the compiler may never produce
 * (random rows, every class count, > 65535 states) and need nothing but
 * struct dfa.
 */
#ifndef PATHPROF_BLOB_TESTDFA_H
#define PATHPROF_BLOB_TESTDFA_H

#include <stddef.h>
#include <stdint.h>
#include "dfa.h"

/* xorshift64*: deterministic, seeded by the test. */
uint64_t tdfa_rand(uint64_t *state);

/* Random DFA: nstates states (state 0 dead), nclasses classes with a random
 * byte map, each live row a mix of one frequent target and random ones,
 * nperms random permission records (xindex < nxtargets or NONE). */
struct dfa *tdfa_random(uint64_t *rng, uint32_t nstates, uint32_t nclasses,
			uint32_t nperms, uint32_t nxtargets);

/* Trie of literal strings: string i accepts with perms[i % nperms]. */
struct dfa *tdfa_trie(const char *const *strs, size_t n,
		      const struct pp_perms *perms, uint32_t nperms);

/* Reference walk over the dense table (state 0 stays 0). */
uint32_t tdfa_walk(const struct dfa *d, uint32_t s, const char *str, size_t len);

void tdfa_free(struct dfa *d);

#endif
