// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Product of two DFAs (the union of their rule sets), and the dense ->
 * sparse conversion that lets a product or a relabelled DFA be minimized.
 *
 * Why: subset construction over all rules at once multiplies every
 * "anything goes" region of one rule (a trailing double star) with the
 * partial matches of every unanchored rule (a double star in the middle):
 * millions of sets that minimize to a few thousand states. Compiling groups
 * of rules apart and joining minimized automata pairwise keeps every
 * intermediate automaton small.
 */
#include <stdlib.h>
#include <string.h>
#include "nfa.h"

/* Same bound as subset construction: refuse instead of eating all memory. */
#define PRODUCT_MAX_STATES DET_MAX_STATES

struct sparse_out {
	struct ddfa *d;
	size_t edges_cap, states_cap;
};

static int add_edge(struct sparse_out *o, uint32_t cls, uint32_t to)
{
	struct ddfa *d = o->d;
	size_t c1 = o->edges_cap, c2 = o->edges_cap;

	if (d->nedges + 1 >= UINT32_MAX)
		return -1;
	if (dfa_grow((void **)&d->edge_to, &c1, d->nedges + 1, sizeof(uint32_t)) ||
	    dfa_grow((void **)&d->edge_cls, &c2, d->nedges + 1, 1))
		return -1;
	o->edges_cap = c1;
	d->edge_cls[d->nedges] = (uint8_t)cls;
	d->edge_to[d->nedges++] = to;
	return 0;
}

/* Pair (a, b) -> product state: open addressing over 64-bit keys. */
struct pair_map {
	uint64_t *key;
	uint32_t *val;
	uint32_t cap, n;
	uint64_t *pairs; /* state -> key */
	size_t pairs_cap;
};

static uint32_t pair_hash(uint64_t k)
{
	k *= 0x9e3779b97f4a7c15ull;
	return (uint32_t)(k >> 32);
}

static int map_grow(struct pair_map *m)
{
	uint32_t cap = m->cap ? m->cap * 2 : 1024;
	uint64_t *key = malloc((size_t)cap * sizeof(*key));
	uint32_t *val = malloc((size_t)cap * sizeof(*val));

	if (!key || !val) {
		free(key);
		free(val);
		return -1;
	}
	memset(val, 0xff, (size_t)cap * sizeof(*val));
	for (uint32_t s = 0; s < m->n; s++) {
		uint32_t k = pair_hash(m->pairs[s]) & (cap - 1);

		while (val[k] != UINT32_MAX)
			k = (k + 1) & (cap - 1);
		key[k] = m->pairs[s];
		val[k] = s;
	}
	free(m->key);
	free(m->val);
	m->key = key;
	m->val = val;
	m->cap = cap;
	return 0;
}

static uint32_t map_intern(struct pair_map *m, uint32_t a, uint32_t b)
{
	uint64_t key = (uint64_t)a << 32 | b;
	uint32_t k;

	if ((m->n + 1) * 2 > m->cap && map_grow(m))
		return UINT32_MAX;
	for (k = pair_hash(key) & (m->cap - 1); m->val[k] != UINT32_MAX; k = (k + 1) & (m->cap - 1))
		if (m->key[k] == key)
			return m->val[k];
	if (m->n >= PRODUCT_MAX_STATES || dfa_grow((void **)&m->pairs, &m->pairs_cap, m->n + 1, 8))
		return UINT32_MAX;
	m->key[k] = key;
	m->val[k] = m->n;
	m->pairs[m->n] = key;
	return m->n++;
}

/* Byte classes of the product: pairs of classes that occur. */
static void product_classes(const struct dfa *a, const struct dfa *b, struct ddfa *out,
			    uint8_t rep_a[256], uint8_t rep_b[256])
{
	uint16_t seen[256][256];
	uint32_t nc = 0;

	memset(seen, 0, sizeof(seen));
	for (int c = 0; c < 256; c++) {
		uint8_t ca = a->class_of[c], cb = b->class_of[c];

		if (!seen[ca][cb]) {
			seen[ca][cb] = (uint16_t)++nc;
			rep_a[nc - 1] = ca;
			rep_b[nc - 1] = cb;
		}
		out->class_of[c] = (uint8_t)(seen[ca][cb] - 1);
	}
	out->nclasses = nc;
}

static int product_states(const struct xdfa *xa, const struct xdfa *xb, struct ddfa *out,
			  const uint8_t *rep_a, const uint8_t *rep_b)
{
	const struct dfa *a = xa->dfa, *b = xb->dfa;
	struct sparse_out o = { .d = out };
	struct pair_map m = { 0 };
	struct rec_table recs;
	size_t cap_off = 0, cap_pi = 0;
	int r = -1;

	if (rec_table_init(&recs, sizeof(struct xperms)) || map_intern(&m, 0, 0) != 0)
		goto out;
	out->start = a->start || b->start ? map_intern(&m, a->start, b->start) : 0;
	if (out->start == UINT32_MAX)
		goto out;
	for (uint32_t s = 0; s < m.n; s++) {
		uint32_t sa = (uint32_t)(m.pairs[s] >> 32), sb = (uint32_t)m.pairs[s];
		struct xperms x = xa->recs[a->perm_index[sa]];

		if (dfa_grow((void **)&out->edge_off, &cap_off, (size_t)s + 2, sizeof(uint32_t)) ||
		    dfa_grow((void **)&out->perm_index, &cap_pi, (size_t)s + 1, sizeof(uint32_t)))
			goto out;
		xperms_join(&x, &xb->recs[b->perm_index[sb]]);
		out->perm_index[s] = rec_table_intern(&recs, &x);
		if (out->perm_index[s] == UINT32_MAX)
			goto out;
		out->edge_off[s] = (uint32_t)out->nedges;
		for (uint32_t c = 0; s && c < out->nclasses; c++) {
			uint32_t ta = a->trans[(size_t)sa * a->nclasses + rep_a[c]];
			uint32_t tb = b->trans[(size_t)sb * b->nclasses + rep_b[c]];
			uint32_t t;

			if (!ta && !tb)
				continue;
			t = map_intern(&m, ta, tb);
			if (t == UINT32_MAX || add_edge(&o, c, t))
				goto out;
		}
	}
	out->edge_off[m.n] = (uint32_t)out->nedges;
	out->nstates = m.n;
	out->recs = (struct xperms *)recs.v;
	out->nrecs = recs.n;
	recs.v = NULL;
	r = 0;
out:
	rec_table_free(&recs);
	free(m.key);
	free(m.val);
	free(m.pairs);
	return r;
}

struct ddfa *dfa_product(const struct xdfa *a, const struct xdfa *b, struct dfa_error *err)
{
	struct ddfa *out = calloc(1, sizeof(*out));
	uint8_t rep_a[256], rep_b[256];

	if (!out)
		goto oom;
	product_classes(a->dfa, b->dfa, out, rep_a, rep_b);
	if (product_states(a, b, out, rep_a, rep_b)) {
		ddfa_free(out);
		dfa_error_set(err, -1, -1, "rules too complex or out of memory: combining rule groups");
		return NULL;
	}
	return out;
oom:
	ddfa_free(out);
	dfa_error_set(err, -1, -1, "out of memory");
	return NULL;
}

struct ddfa *dfa_to_sparse(const struct dfa *d, uint32_t nkeys)
{
	struct ddfa *out = calloc(1, sizeof(*out));
	struct sparse_out o = { .d = out };

	if (!out)
		return NULL;
	out->nstates = d->nstates;
	out->start = d->start;
	out->nclasses = d->nclasses;
	out->nrecs = nkeys;
	memcpy(out->class_of, d->class_of, 256);
	out->edge_off = malloc(((size_t)d->nstates + 1) * sizeof(uint32_t));
	out->perm_index = malloc((size_t)d->nstates * sizeof(uint32_t));
	if (!out->edge_off || !out->perm_index)
		goto fail;
	memcpy(out->perm_index, d->perm_index, (size_t)d->nstates * sizeof(uint32_t));
	for (uint32_t s = 0; s < d->nstates; s++) {
		out->edge_off[s] = (uint32_t)out->nedges;
		for (uint32_t c = 0; c < d->nclasses; c++) {
			uint32_t t = d->trans[(size_t)s * d->nclasses + c];

			if (t && add_edge(&o, c, t))
				goto fail;
		}
	}
	out->edge_off[d->nstates] = (uint32_t)out->nedges;
	return out;
fail:
	ddfa_free(out);
	return NULL;
}
