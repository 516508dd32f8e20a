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
/* Put e at the next free place of its key's set. */
static inline void part_place(struct part *p, uint32_t e, uint32_t k, uint32_t *cnt,
			      const uint32_t *zof)
{
	uint32_t i = cnt[k]++;

	p->E[i] = e;
	p->L[e] = i;
	p->S[e] = zof[k];
}

static int part_init_by_key(struct part *p, uint32_t n, const uint32_t *key32,
			    const uint8_t *key8, uint32_t nkeys)
{
	/* cnt[0..nkeys]: counts, then starts; zof[k]: the set of key k */
	uint32_t *cnt = calloc(2 * ((size_t)nkeys + 1), sizeof(uint32_t));
	uint32_t *zof = cnt + nkeys + 1;

	if (!cnt)
		return -1;
	if (key32) {
		for (uint32_t e = 0; e < n; e++)
			cnt[key32[e] + 1]++;
	} else {
		for (uint32_t e = 0; e < n; e++)
			cnt[key8[e] + 1]++;
	}
	/* one set per key present, in key order: set z is E[F[z] .. P[z]) */
	p->z = 0;
	for (uint32_t k = 0; k < nkeys; k++) {
		uint32_t size = cnt[k + 1];

		cnt[k + 1] += cnt[k];
		if (size) {
			zof[k] = p->z;
			p->F[p->z] = cnt[k];
			p->P[p->z++] = cnt[k + 1];
		}
	}
	/* cnt[k] is now where key k's elements start */
	if (key32) {
		for (uint32_t e = 0; e < n; e++)
			part_place(p, e, key32[e], cnt, zof);
	} else {
		for (uint32_t e = 0; e < n; e++)
			part_place(p, e, key8[e], cnt, zof);
	}
	free(cnt);
	return 0;
}

static inline void part_mark(struct part *p, uint32_t e)
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

/*
 * The part of a ddfa that matters: states reachable from the start that
 * can reach an accepting state. Usually that is every state but 0 (subset
 * and product construction only create reachable states, and every
 * position can still reach its rule's end); then states keep their ids,
 * state 0 sits alone in a block of its own, and the ddfa's arrays are used
 * as they are. Otherwise live states are renumbered 0..k-1.
 */
struct live {
	uint32_t k;            /* elements (states) */
	uint32_t m;            /* edges */
	uint32_t *local;       /* ddfa state -> element, UINT32_MAX dead; NULL: same id */
	uint32_t *orig;        /* element -> ddfa state; NULL: same id */
	uint32_t *T;           /* tail of each edge (owned) */
	const uint32_t *H;     /* head */
	const uint8_t *lab;    /* class */
	uint32_t *H_own;
	uint8_t *lab_own;
	uint32_t *A, *Fh;      /* edges by head: A[Fh[q] .. Fh[q + 1]) enter q */
};

static void live_free(struct live *l)
{
	free(l->local);
	free(l->orig);
	free(l->T);
	free(l->H_own);
	free(l->lab_own);
	free(l->A);
	free(l->Fh);
}

static uint32_t orig_of(const struct live *l, uint32_t q)
{
	return l->orig ? l->orig[q] : q;
}

static uint32_t local_of(const struct live *l, uint32_t s)
{
	return l->local ? l->local[s] : s;
}

/* Edges by head (counting sort); T, H, m, k must be set. */
static int index_by_head(struct live *l)
{
	free(l->A);
	free(l->Fh);
	l->A = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	l->Fh = calloc((size_t)l->k + 1, sizeof(uint32_t));
	if (!l->A || !l->Fh)
		return -1;
	for (uint32_t t = 0; t < l->m; t++)
		l->Fh[l->H[t]]++;
	for (uint32_t q = 0; q < l->k; q++)
		l->Fh[q + 1] += l->Fh[q];
	for (uint32_t t = l->m; t--;)
		l->A[--l->Fh[l->H[t]]] = t;
	return 0;
}

/* live[s] = 1 for states reachable from start that can reach acceptance. */
static int mark_live(const struct ddfa *d, const struct live *l, uint8_t *live)
{
	uint32_t n = d->nstates, qh = 0, qt = 0;
	uint32_t *queue = malloc(((size_t)n + 1) * sizeof(uint32_t));
	uint8_t *fwd = calloc(n, 1);
	int r = -1;

	if (!queue || !fwd)
		goto out;
	for (uint32_t s = 1; s < n; s++)
		if (d->perm_index[s]) {
			live[s] = 1;
			queue[qt++] = s;
		}
	while (qh < qt) {
		uint32_t t = queue[qh++];

		for (uint32_t j = l->Fh[t]; j < l->Fh[t + 1]; j++) {
			uint32_t s = l->T[l->A[j]];

			if (!live[s]) {
				live[s] = 1;
				queue[qt++] = s;
			}
		}
	}
	qh = qt = 0;
	if (d->start)
		fwd[queue[qt++] = d->start] = 1;
	while (qh < qt) {
		uint32_t s = queue[qh++];

		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++)
			if (!fwd[d->edge_to[e]])
				fwd[queue[qt++] = d->edge_to[e]] = 1;
	}
	for (uint32_t s = 0; s < n; s++)
		live[s] &= fwd[s];
	r = 0;
out:
	free(queue);
	free(fwd);
	return r;
}

/* Renumber the live states 0..k-1 (start first) and keep their edges. */
static int compact(const struct ddfa *d, const uint8_t *live, struct live *l)
{
	uint32_t n = d->nstates, m = 0, k = 0;

	l->local = malloc((size_t)n * sizeof(uint32_t));
	l->orig = malloc((size_t)n * sizeof(uint32_t));
	if (!l->local || !l->orig)
		return -1;
	memset(l->local, 0xff, (size_t)n * sizeof(uint32_t));
	for (uint32_t s = 0; s < n; s++)
		if (live[s]) {
			l->local[s] = k;
			l->orig[k++] = s;
		}
	for (uint32_t e = 0; e < d->nedges; e++)
		m += live[l->T[e]] && live[d->edge_to[e]];
	l->H_own = malloc(((size_t)m + 1) * sizeof(uint32_t));
	l->lab_own = malloc((size_t)m + 1);
	if (!l->H_own || !l->lab_own)
		return -1;
	l->m = 0;
	for (uint32_t e = 0; e < d->nedges; e++) {
		if (!live[l->T[e]] || !live[d->edge_to[e]])
			continue;
		l->T[l->m] = l->local[l->T[e]];
		l->H_own[l->m] = l->local[d->edge_to[e]];
		l->lab_own[l->m++] = d->edge_cls[e];
	}
	l->k = k;
	l->H = l->H_own;
	l->lab = l->lab_own;
	return index_by_head(l);
}

/* Renumber the edges in head order, so that the edges entering a state
 * are consecutive: marking them touches the cord arrays in sequence. */
static int order_by_head(struct live *l)
{
	uint32_t *T = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	uint32_t *H = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	uint8_t *lab = malloc((size_t)l->m + 1);

	if (!T || !H || !lab) {
		free(T);
		free(H);
		free(lab);
		return -1;
	}
	for (uint32_t k = 0; k < l->m; k++) {
		uint32_t e = l->A[k];

		T[k] = l->T[e];
		H[k] = l->H[e];
		lab[k] = l->lab[e];
		l->A[k] = k;
	}
	free(l->T);
	free(l->H_own);
	free(l->lab_own);
	l->T = T;
	l->H = l->H_own = H;
	l->lab = l->lab_own = lab;
	return 0;
}

/*
 * The edges in head order straight from the tail-ordered arrays (counting
 * sort, stable): what index_by_head + order_by_head produce, in one pass,
 * for a DFA whose states are all live.
 */
static int scatter_by_head(struct live *l)
{
	uint32_t *Fh = calloc((size_t)l->k + 1, sizeof(uint32_t));
	uint32_t *cur = malloc(((size_t)l->k + 1) * sizeof(uint32_t));
	uint32_t *T = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	uint32_t *H = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	uint8_t *lab = malloc((size_t)l->m + 1);
	int r = -1;

	if (!Fh || !cur || !T || !H || !lab)
		goto out;
	for (uint32_t e = 0; e < l->m; e++)
		Fh[l->H[e] + 1]++;
	for (uint32_t q = 0; q < l->k; q++)
		Fh[q + 1] += Fh[q];
	memcpy(cur, Fh, (size_t)l->k * sizeof(uint32_t));
	for (uint32_t e = 0; e < l->m; e++) {
		uint32_t h = l->H[e], at = cur[h]++;

		T[at] = l->T[e];
		H[at] = h;
		lab[at] = l->lab[e];
	}
	free(l->T);
	l->T = T;
	l->H = l->H_own = H;
	l->lab = l->lab_own = lab;
	l->Fh = Fh;
	T = H = Fh = NULL;
	lab = NULL;
	r = 0;
out:
	free(Fh);
	free(cur);
	free(T);
	free(H);
	free(lab);
	return r;
}

static int find_live(const struct ddfa *d, struct live *l)
{
	uint32_t n = d->nstates;
	uint8_t *live = NULL;
	bool all = true;
	int r = -1;

	memset(l, 0, sizeof(*l));
	l->k = n;
	l->m = (uint32_t)d->nedges;
	l->H = d->edge_to;
	l->lab = d->edge_cls;
	l->T = malloc(((size_t)l->m + 1) * sizeof(uint32_t));
	if (!l->T)
		goto out;
	for (uint32_t s = 0; s < n; s++)
		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++)
			l->T[e] = s;
	if (d->all_live) {
		r = scatter_by_head(l);
		goto out;
	}
	live = calloc(n, 1);
	if (!live || index_by_head(l) || mark_live(d, l, live))
		goto out;
	for (uint32_t s = 1; s < n && all; s++)
		all = live[s];
	r = all ? 0 : compact(d, live, l);
	if (!r)
		r = order_by_head(l);
out:
	free(live);
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
	uint32_t b = 1, c = 0;
	int r = -1;

	if (part_alloc(B, l->k) || part_alloc(&C, l->m) ||
	    part_init_by_key(B, l->k, state_key, NULL, nkeys) ||
	    part_init_by_key(&C, l->m, NULL, l->lab, nclasses))
		goto out;
	while (c < C.z) {
		for (uint32_t i = C.F[c]; i < C.P[c]; i++)
			part_mark(B, l->T[C.E[i]]);
		part_split(B);
		c++;
		for (; b < B->z; b++) {
			for (uint32_t i = B->F[b]; i < B->P[b]; i++) {
				uint32_t q = B->E[i];

				for (uint32_t j = l->Fh[q]; j < l->Fh[q + 1]; j++)
					part_mark(&C, j); /* edges are in head order */
			}
			part_split(&C);
		}
	}
	r = 0;
out:
	part_free(&C);
	return r;
}

/* Dense DFA from the blocks: block of the start first, then BFS order. */
static struct dfa *build_dense(const struct ddfa *d, const struct live *l, const struct part *B)
{
	struct dfa *out = calloc(1, sizeof(*out));
	uint32_t *id = NULL, *order = NULL, n = 1, nc = d->nclasses;
	uint32_t start = d->start ? local_of(l, d->start) : UINT32_MAX;

	if (!out)
		return NULL;
	id = malloc(((size_t)B->z + 1) * sizeof(uint32_t));
	order = malloc(((size_t)B->z + 1) * sizeof(uint32_t));
	if (!id || !order)
		goto fail;
	memset(id, 0xff, ((size_t)B->z + 1) * sizeof(uint32_t));
	if (start != UINT32_MAX) {
		id[B->S[start]] = n;
		order[n++] = B->S[start];
	}
	for (uint32_t q = 1; q < n; q++) {
		uint32_t s = orig_of(l, B->E[B->F[order[q]]]);

		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++) {
			uint32_t t = local_of(l, d->edge_to[e]);

			if (t != UINT32_MAX && id[B->S[t]] == UINT32_MAX) {
				id[B->S[t]] = n;
				order[n++] = B->S[t];
			}
		}
	}
	out->nstates = n;
	out->nclasses = nc;
	out->start = n > 1 ? 1 : 0;
	memcpy(out->class_of, d->class_of, 256);
	out->trans = calloc((size_t)n * nc, sizeof(uint32_t));
	out->perm_index = calloc(n, sizeof(uint32_t));
	if (!out->trans || !out->perm_index)
		goto fail;
	out->nperms = d->nrecs;
	for (uint32_t q = 1; q < n; q++) {
		uint32_t s = orig_of(l, B->E[B->F[order[q]]]);

		out->perm_index[q] = d->perm_index[s];
		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++) {
			uint32_t t = local_of(l, d->edge_to[e]);

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
	/* the dead state 0, when kept, gets a block of its own */
	for (uint32_t q = 0; q < l.k; q++)
		key[q] = orig_of(&l, q) ? d->perm_index[orig_of(&l, q)] : d->nrecs;
	if (refine(&l, key, d->nrecs + 1, d->nclasses, &B))
		goto out;
	out = build_dense(d, &l, &B);
out:
	free(key);
	part_free(&B);
	live_free(&l);
	return out;
}
