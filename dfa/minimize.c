// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * DFA minimization: Valmari-Lehtinen partition refinement for DFAs with
 * partial transition functions (A. Valmari, "Fast brief practical DFA
 * minimization", IPL 112(6), 2012), O(m log n) for m stored edges.
 *
 * Edges to the dead state are not stored, so the dead state takes no part:
 * first every state that is unreachable from the start or cannot reach an
 * accepting state is dropped (such states all mean "dead"), then blocks of
 * states (initially one per permission record) and "cords" of edges
 * (initially one per byte class) refine each other until stable. Each
 * resulting block is one state; the dead state is 0 again.
 */
#include <stdlib.h>
#include <string.h>
#include "nfa.h"

/* A refinable partition of 0..n-1 (Valmari's "partition" record). */
struct part {
	uint32_t z;  /* number of sets */
	uint32_t *E; /* elements, each set contiguous */
	uint32_t *L; /* L[e]: index of e in E */
	uint32_t *S; /* S[e]: set of e */
	uint32_t *F, *P; /* set s is E[F[s] .. P[s]) */
	uint32_t *M; /* marked elements of s sit at E[F[s] .. F[s] + M[s]) */
	uint32_t *W; /* sets with marks */
	uint32_t w;
};

static int part_alloc(struct part *p, uint32_t n)
{
	size_t sz = ((size_t)n + 1) * sizeof(uint32_t);

	memset(p, 0, sizeof(*p));
	p->E = malloc(sz);
	p->L = malloc(sz);
	p->S = malloc(sz);
	p->F = malloc(sz);
	p->P = malloc(sz);
	p->M = calloc((size_t)n + 1, sizeof(uint32_t));
	p->W = malloc(sz);
	return p->E && p->L && p->S && p->F && p->P && p->M && p->W ? 0 : -1;
}

static void part_free(struct part *p)
{
	free(p->E);
	free(p->L);
	free(p->S);
	free(p->F);
	free(p->P);
	free(p->M);
	free(p->W);
}

/*
 * Initial sets: elements grouped by key[e] < nkeys (counting sort), one
 * set per key value present.
 */
static int part_init_by_key(struct part *p, uint32_t n, const uint32_t *key, uint32_t nkeys)
{
	uint32_t *cnt = calloc((size_t)nkeys + 1, sizeof(uint32_t));

	if (!cnt)
		return -1;
	for (uint32_t e = 0; e < n; e++)
		cnt[key[e] + 1]++;
	for (uint32_t k = 0; k < nkeys; k++)
		cnt[k + 1] += cnt[k];
	for (uint32_t e = 0; e < n; e++) {
		uint32_t i = cnt[key[e]]++;

		p->E[i] = e;
		p->L[e] = i;
	}
	p->z = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t e = p->E[i];

		if (i == 0 || key[e] != key[p->E[i - 1]]) {
			if (p->z)
				p->P[p->z - 1] = i;
			p->F[p->z++] = i;
		}
		p->S[e] = p->z - 1;
	}
	if (p->z)
		p->P[p->z - 1] = n;
	free(cnt);
	return 0;
}

static void part_mark(struct part *p, uint32_t e)
{
	uint32_t s = p->S[e], i = p->L[e], j = p->F[s] + p->M[s];

	p->E[i] = p->E[j];
	p->L[p->E[i]] = i;
	p->E[j] = e;
	p->L[e] = j;
	if (!p->M[s]++)
		p->W[p->w++] = s;
}

/* Split every marked set into marked and unmarked; the smaller part is new. */
static void part_split(struct part *p)
{
	while (p->w) {
		uint32_t s = p->W[--p->w], j = p->F[s] + p->M[s], z = p->z;

		if (j == p->P[s]) {
			p->M[s] = 0;
			continue;
		}
		if (p->M[s] <= p->P[s] - j) {
			p->F[z] = p->F[s];
			p->P[z] = p->F[s] = j;
		} else {
			p->P[z] = p->P[s];
			p->F[z] = p->P[s] = j;
		}
		for (uint32_t i = p->F[z]; i < p->P[z]; i++)
			p->S[p->E[i]] = z;
		p->M[s] = p->M[z] = 0;
		p->z++;
	}
}

/* The live part of a ddfa: states that matter, renumbered 0..k-1. */
struct live {
	uint32_t k;       /* live states */
	uint32_t *local;  /* ddfa state -> live id or UINT32_MAX */
	uint32_t *orig;   /* live id -> ddfa state */
	uint32_t m;       /* live edges */
	uint32_t *T, *H, *lab; /* tail, head (live ids), class */
};

static void live_free(struct live *l)
{
	free(l->local);
	free(l->orig);
	free(l->T);
	free(l->H);
	free(l->lab);
}

/* Backward reachability from accepting states, over reversed edges. */
static int mark_coreachable(const struct ddfa *d, uint8_t *co)
{
	uint32_t n = d->nstates, *off, *src, *queue, qh = 0, qt = 0;
	int r = -1;

	off = calloc((size_t)n + 1, sizeof(uint32_t));
	src = malloc((d->nedges + 1) * sizeof(uint32_t));
	queue = malloc(((size_t)n + 1) * sizeof(uint32_t));
	if (!off || !src || !queue)
		goto out;
	for (uint64_t e = 0; e < d->nedges; e++)
		off[d->edge_to[e] + 1]++;
	for (uint32_t s = 0; s < n; s++)
		off[s + 1] += off[s];
	for (uint32_t s = 0; s < n; s++)
		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++)
			src[off[d->edge_to[e]]++] = s;
	/* off[t] now ends t's sources; they start at off[t - 1] */
	for (uint32_t s = 1; s < n; s++)
		if (d->perm_index[s]) {
			co[s] = 1;
			queue[qt++] = s;
		}
	while (qh < qt) {
		uint32_t t = queue[qh++];

		for (uint32_t i = t ? off[t - 1] : 0; i < off[t]; i++)
			if (!co[src[i]]) {
				co[src[i]] = 1;
				queue[qt++] = src[i];
			}
	}
	r = 0;
out:
	free(off);
	free(src);
	free(queue);
	return r;
}

/* Keep the states reachable from start (BFS order) that can accept. */
static int find_live(const struct ddfa *d, struct live *l)
{
	uint32_t n = d->nstates;
	uint8_t *co = calloc(n, 1);
	int r = -1;

	memset(l, 0, sizeof(*l));
	l->local = malloc((size_t)n * sizeof(uint32_t));
	l->orig = malloc((size_t)n * sizeof(uint32_t));
	if (!co || !l->local || !l->orig || mark_coreachable(d, co))
		goto out;
	memset(l->local, 0xff, (size_t)n * sizeof(uint32_t));
	if (d->start && co[d->start]) {
		l->local[d->start] = 0;
		l->orig[l->k++] = d->start;
	}
	for (uint32_t q = 0; q < l->k; q++) {
		uint32_t s = l->orig[q];

		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++) {
			uint32_t t = d->edge_to[e];

			if (co[t] && l->local[t] == UINT32_MAX) {
				l->local[t] = l->k;
				l->orig[l->k++] = t;
			}
			l->m++;
		}
	}
	l->T = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	l->H = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	l->lab = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	if (!l->T || !l->H || !l->lab)
		goto out;
	l->m = 0;
	for (uint32_t q = 0; q < l->k; q++) {
		uint32_t s = l->orig[q];

		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++) {
			if (l->local[d->edge_to[e]] == UINT32_MAX)
				continue;
			l->T[l->m] = q;
			l->H[l->m] = l->local[d->edge_to[e]];
			l->lab[l->m++] = d->edge_cls[e];
		}
	}
	r = 0;
out:
	free(co);
	return r;
}

/*
 * Refine blocks B (states) and cords C (edges) against each other. Block 0
 * never serves as splitter: with every cord used once, "all but one block"
 * suffices (Hopcroft's trick).
 */
static int refine(const struct live *l, const uint32_t *state_key, uint32_t nkeys,
		  uint32_t nclasses, struct part *B)
{
	struct part C = { 0 };
	uint32_t *A = NULL, *Fh = NULL, b = 1, c = 0;
	int r = -1;

	if (part_alloc(B, l->k) || part_alloc(&C, l->m) ||
	    part_init_by_key(B, l->k, state_key, nkeys) ||
	    part_init_by_key(&C, l->m, l->lab, nclasses))
		goto out;
	/* edges by head: A[Fh[q] .. Fh[q + 1]) enter q */
	A = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	Fh = calloc((size_t)l->k + 1, sizeof(uint32_t));
	if (!A || !Fh)
		goto out;
	for (uint32_t t = 0; t < l->m; t++)
		Fh[l->H[t]]++;
	for (uint32_t q = 0; q < l->k; q++)
		Fh[q + 1] += Fh[q];
	for (uint32_t t = l->m; t--;)
		A[--Fh[l->H[t]]] = t;
	while (c < C.z) {
		for (uint32_t i = C.F[c]; i < C.P[c]; i++)
			part_mark(B, l->T[C.E[i]]);
		part_split(B);
		c++;
		for (; b < B->z; b++) {
			for (uint32_t i = B->F[b]; i < B->P[b]; i++) {
				uint32_t q = B->E[i];

				for (uint32_t j = Fh[q]; j < Fh[q + 1]; j++)
					part_mark(&C, A[j]);
			}
			part_split(&C);
		}
	}
	r = 0;
out:
	part_free(&C);
	free(A);
	free(Fh);
	return r;
}

/* Dense DFA from the blocks: block of the start first, then BFS order. */
static struct dfa *build_dense(const struct ddfa *d, const struct live *l, const struct part *B)
{
	struct dfa *out = calloc(1, sizeof(*out));
	uint32_t *id = NULL, *order = NULL, n = 1, nc = d->nclasses;

	if (!out)
		return NULL;
	id = malloc(((size_t)B->z + 1) * sizeof(uint32_t));
	order = malloc(((size_t)B->z + 1) * sizeof(uint32_t));
	if (!id || !order)
		goto fail;
	memset(id, 0xff, ((size_t)B->z + 1) * sizeof(uint32_t));
	if (l->k) {
		id[B->S[0]] = n;
		order[n++] = B->S[0];
	}
	for (uint32_t q = 1; q < n; q++) {
		uint32_t s = l->orig[B->E[B->F[order[q]]]];

		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++) {
			uint32_t t = l->local[d->edge_to[e]];

			if (t != UINT32_MAX && id[B->S[t]] == UINT32_MAX) {
				id[B->S[t]] = n;
				order[n++] = B->S[t];
			}
		}
	}
	out->nstates = n;
	out->nclasses = nc;
	out->start = l->k ? 1 : 0;
	memcpy(out->class_of, d->class_of, 256);
	out->trans = calloc((size_t)n * nc, sizeof(uint32_t));
	out->perm_index = calloc(n, sizeof(uint32_t));
	if (!out->trans || !out->perm_index)
		goto fail;
	out->nperms = d->nrecs;
	for (uint32_t q = 1; q < n; q++) {
		uint32_t s = l->orig[B->E[B->F[order[q]]]];

		out->perm_index[q] = d->perm_index[s];
		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++) {
			uint32_t t = l->local[d->edge_to[e]];

			if (t != UINT32_MAX)
				out->trans[(size_t)q * nc + d->edge_cls[e]] = id[B->S[t]];
		}
	}
	free(id);
	free(order);
	return out;
fail:
	free(id);
	free(order);
	dfa_free(out);
	return NULL;
}

struct dfa *dfa_minimize(const struct ddfa *d)
{
	struct live l;
	struct part B = { 0 };
	struct dfa *out = NULL;
	uint32_t *key = NULL;

	if (find_live(d, &l))
		goto out;
	key = malloc(((size_t)l.k + 1) * sizeof(uint32_t));
	if (!key)
		goto out;
	for (uint32_t q = 0; q < l.k; q++)
		key[q] = d->perm_index[l.orig[q]];
	if (refine(&l, key, d->nrecs, d->nclasses, &B))
		goto out;
	out = build_dense(d, &l, &B);
out:
	free(key);
	part_free(&B);
	live_free(&l);
	return out;
}
