// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Subset construction over byte classes: NFA -> sparse DFA.
 *
 * A DFA state is a sorted set of NFA positions, kept back to back in one
 * pool and found again through an open-addressing hash table (no per-state
 * allocation). States are expanded in creation order, so the edges of
 * state s are appended right after those of s - 1. Only edges to non-empty
 * sets are stored: every missing class goes to the dead state 0.
 */
#include <stdlib.h>
#include <string.h>
#include "nfa.h"


struct bucket {
	uint32_t *v;
	uint32_t n, cap;
};

struct det {
	const struct nfa *n;
	const struct dfa_rule *rules;
	struct dfa_error *err;
	struct det_limits lim;
	bool too_complex;
	/* state sets: set s is pool[set_off[s] .. set_off[s] + set_len[s]) */
	uint32_t *pool;
	size_t pool_n, pool_cap;
	size_t *set_off;
	uint32_t *set_len, *set_hash;
	uint32_t nstates, states_cap;
	uint32_t *tab; /* state ids, UINT32_MAX = empty slot */
	uint32_t tab_cap;
	/* output */
	uint32_t *edge_off, *edge_to, *perm_index;
	uint8_t *edge_cls;
	size_t nedges, edges_cap, edge_cls_cap;
	struct rec_table perms; /* of struct xperms */
	/* scratch of one expansion: the byte sets of the state ("slots") */
	uint32_t *slot_of, *slot_stamp, stamp; /* per byte set */
	uint32_t *slot_set;       /* slot -> byte set */
	struct bucket *slot_fol;  /* slot -> union of its positions' follow sets */
	size_t slots_cap;
	uint64_t *sig;            /* class -> bitmap of slots whose set holds it */
	size_t sig_cap;
	struct bucket merged, tmp;
	uint32_t *acc;
	size_t acc_cap;
	/* group_classes' open-addressing table over class signatures */
	uint16_t group_slot[512];
	uint32_t group_slot_stamp[512], group_stamp;
};

static int tab_grow(struct det *d)
{
	uint32_t cap = d->tab_cap ? d->tab_cap * 2 : 1024;
	uint32_t *tab = malloc((size_t)cap * sizeof(*tab));

	if (!tab)
		return -1;
	memset(tab, 0xff, (size_t)cap * sizeof(*tab));
	for (uint32_t s = 0; s < d->nstates; s++) {
		uint32_t k = d->set_hash[s] & (cap - 1);

		while (tab[k] != UINT32_MAX)
			k = (k + 1) & (cap - 1);
		tab[k] = s;
	}
	free(d->tab);
	d->tab = tab;
	d->tab_cap = cap;
	return 0;
}

static int add_state_arrays(struct det *d)
{
	size_t cap = d->states_cap;
	size_t c2 = cap, c3 = cap, c4 = cap;

	if (d->nstates < d->states_cap)
		return 0;
	if (dfa_grow((void **)&d->set_off, &cap, d->nstates + 1, sizeof(size_t)) ||
	    dfa_grow((void **)&d->set_len, &c2, d->nstates + 1, sizeof(uint32_t)) ||
	    dfa_grow((void **)&d->set_hash, &c3, d->nstates + 1, sizeof(uint32_t)) ||
	    dfa_grow((void **)&d->perm_index, &c4, d->nstates + 1, sizeof(uint32_t)))
		return -1;
	d->states_cap = (uint32_t)cap;
	return 0;
}

/* State id of the sorted set v[0..n), adding it if new; UINT32_MAX on error. */
static uint32_t intern(struct det *d, const uint32_t *v, uint32_t n)
{
	uint32_t h = hash_u32s(v, n), k, s;

	if ((size_t)(d->nstates + 1) * 2 > d->tab_cap && tab_grow(d))
		goto oom;
	for (k = h & (d->tab_cap - 1); (s = d->tab[k]) != UINT32_MAX; k = (k + 1) & (d->tab_cap - 1))
		if (d->set_hash[s] == h && d->set_len[s] == n &&
		    !memcmp(d->pool + d->set_off[s], v, n * sizeof(*v)))
			return s;
	if (d->nstates >= d->lim.states || d->pool_n + n > d->lim.positions) {
		dfa_error_set(d->err, -1, -1,
			      "rules too complex: the DFA grows past %u states (%zu NFA positions)",
			      d->nstates, d->pool_n);
		d->too_complex = true;
		return UINT32_MAX;
	}
	if (add_state_arrays(d) ||
	    dfa_grow((void **)&d->pool, &d->pool_cap, d->pool_n + n, sizeof(uint32_t)))
		goto oom;
	s = d->nstates++;
	memcpy(d->pool + d->pool_n, v, n * sizeof(*v));
	d->set_off[s] = d->pool_n;
	d->set_len[s] = n;
	d->set_hash[s] = h;
	d->pool_n += n;
	d->tab[k] = s;
	return s;
oom:
	dfa_error_set(d->err, -1, -1, "out of memory");
	return UINT32_MAX;
}

static int bucket_append(struct bucket *b, const uint32_t *v, uint32_t n)
{
	if (b->n + n > b->cap) {
		uint32_t cap = b->cap ? b->cap : 16;
		uint32_t *nv;

		while (cap < b->n + n)
			cap *= 2;
		nv = realloc(b->v, (size_t)cap * sizeof(*nv));
		if (!nv)
			return -1;
		b->v = nv;
		b->cap = cap;
	}
	memcpy(b->v + b->n, v, n * sizeof(*v));
	b->n += n;
	return 0;
}

/*
 * A union of follow sets is a concatenation of sorted runs: merge adjacent
 * runs pass by pass (natural merge sort, O(n log runs)), ping-ponging
 * between v and tmp. Returns the buffer that holds the sorted result.
 */
static uint32_t *merge_runs(uint32_t *v, uint32_t *tmp, uint32_t n)
{
	for (;;) {
		uint32_t i = 0, npairs = 0, *t;

		while (i < n) {
			uint32_t a = i, mid, b, e, o = i;

			while (i + 1 < n && v[i] <= v[i + 1])
				i++;
			mid = b = ++i;
			if (i < n) {
				while (i + 1 < n && v[i] <= v[i + 1])
					i++;
				i++;
			}
			e = i;
			npairs++;
			while (a < mid && b < e)
				tmp[o++] = v[a] <= v[b] ? v[a++] : v[b++];
			while (a < mid)
				tmp[o++] = v[a++];
			while (b < e)
				tmp[o++] = v[b++];
		}
		if (npairs <= 1)
			return tmp;
		t = v;
		v = tmp;
		tmp = t;
	}
}

static int bucket_reserve(struct bucket *b, uint32_t n)
{
	uint32_t *nv;

	if (n <= b->cap)
		return 0;
	nv = realloc(b->v, (size_t)n * sizeof(*nv));
	if (!nv)
		return -1;
	b->v = nv;
	b->cap = n;
	return 0;
}

/* Sort and deduplicate v[0..n) in place; UINT32_MAX on ENOMEM. */
static uint32_t sort_unique(uint32_t *v, uint32_t n, struct bucket *scratch)
{
	const uint32_t *r = v;
	uint32_t j = 0;

	for (uint32_t i = 1; i < n; i++)
		if (v[i] < v[i - 1]) {
			if (bucket_reserve(scratch, n))
				return UINT32_MAX;
			r = merge_runs(v, scratch->v, n);
			break;
		}
	for (uint32_t i = 0; i < n; i++)
		if (j == 0 || v[j - 1] != r[i])
			v[j++] = r[i];
	return j;
}

/* Permission record of state s from the END positions in its set. */
static int accept_state(struct det *d, uint32_t s)
{
	const uint32_t *set = d->pool + d->set_off[s];
	uint32_t n = d->set_len[s];
	size_t nacc = 0;
	struct xperms p;

	d->perm_index[s] = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (d->n->pos_set[set[i]] != NFA_END)
			continue;
		if (dfa_grow((void **)&d->acc, &d->acc_cap, nacc + 1, sizeof(uint32_t)))
			goto oom;
		d->acc[nacc++] = d->n->pos_rule[set[i]];
	}
	if (!nacc)
		return 0;
	xperms_from_rules(d->n, d->rules, d->acc, nacc, &p);
	d->perm_index[s] = rec_table_intern(&d->perms, &p);
	if (d->perm_index[s] != UINT32_MAX)
		return 0;
oom:
	dfa_error_set(d->err, -1, -1, "out of memory");
	return -1;
}

/* dst = a | b for sorted unique lists */
static int merge_union(struct bucket *dst, const uint32_t *a, uint32_t an, const uint32_t *b,
		       uint32_t bn)
{
	uint32_t i = 0, j = 0;

	dst->n = 0;
	if (an + bn > dst->cap) {
		uint32_t *nv = realloc(dst->v, (size_t)(an + bn) * sizeof(*nv));

		if (!nv)
			return -1;
		dst->v = nv;
		dst->cap = an + bn;
	}
	while (i < an && j < bn) {
		uint32_t x = a[i] <= b[j] ? a[i] : b[j];

		i += a[i] == x;
		j += b[j] == x;
		dst->v[dst->n++] = x;
	}
	while (i < an)
		dst->v[dst->n++] = a[i++];
	while (j < bn)
		dst->v[dst->n++] = b[j++];
	return 0;
}

/*
 * Step 1: group the state's non-END positions by byte set ("slots") and
 * union each slot's follow sets. Returns the number of slots or -1.
 */
static int64_t gather_slots(struct det *d, uint32_t s)
{
	const struct nfa *n = d->n;
	uint32_t nslots = 0;

	if (++d->stamp == 0) {
		memset(d->slot_stamp, 0, n->nsets * sizeof(uint32_t));
		d->stamp = 1;
	}
	for (uint32_t i = 0; i < d->set_len[s]; i++) {
		uint32_t p = d->pool[d->set_off[s] + i], set = n->pos_set[p];
		uint32_t f = n->fol_off[p];

		if (set == NFA_END)
			continue;
		if (d->slot_stamp[set] != d->stamp) {
			if (nslots == d->slots_cap) {
				size_t cap = d->slots_cap ? d->slots_cap * 2 : 16;
				struct bucket *b = realloc(d->slot_fol, cap * sizeof(*b));
				uint32_t *ss;

				if (!b)
					return -1;
				memset(b + d->slots_cap, 0, (cap - d->slots_cap) * sizeof(*b));
				d->slot_fol = b;
				ss = realloc(d->slot_set, cap * sizeof(*ss));
				if (!ss)
					return -1;
				d->slot_set = ss;
				d->slots_cap = cap;
			}
			d->slot_stamp[set] = d->stamp;
			d->slot_of[set] = nslots;
			d->slot_set[nslots] = set;
			d->slot_fol[nslots++].n = 0;
		}
		if (bucket_append(&d->slot_fol[d->slot_of[set]], n->fol + f, n->fol_off[p + 1] - f))
			return -1;
	}
	for (uint32_t j = 0; j < nslots; j++) {
		struct bucket *f = &d->slot_fol[j];

		f->n = sort_unique(f->v, f->n, &d->tmp);
		if (f->n == UINT32_MAX)
			return -1;
	}
	return nslots;
}

/* Successor set of the classes whose signature is sig: union of its slots. */
static uint32_t group_target(struct det *d, const uint64_t *sig, uint32_t words)
{
	const uint32_t *v = NULL;
	uint32_t nv = 0;
	bool first = true;

	for (uint32_t w = 0; w < words; w++)
		for (uint64_t bits = sig[w]; bits; bits &= bits - 1) {
			struct bucket *f = &d->slot_fol[w * 64 + __builtin_ctzll(bits)];

			if (first) {
				v = f->v;
				nv = f->n;
				first = false;
				continue;
			}
			if (merge_union(&d->tmp, v, nv, f->v, f->n)) {
				dfa_error_set(d->err, -1, -1, "out of memory");
				return UINT32_MAX;
			}
			/* swap so that merged holds the result */
			struct bucket t = d->merged;

			d->merged = d->tmp;
			d->tmp = t;
			v = d->merged.v;
			nv = d->merged.n;
		}
	return intern(d, v, nv);
}

/* Signatures are one or two words: a call to memcmp costs more. */
static inline bool sig_equal(const uint64_t *a, const uint64_t *b, uint32_t words)
{
	for (uint32_t w = 0; w < words; w++)
		if (a[w] != b[w])
			return false;
	return true;
}

/*
 * Group the classes by signature (the slots whose byte set holds them) and
 * compute each group's successor once. Returns the number of classes with
 * an edge, or -1. Inlined with words == 1, the usual case, as a constant.
 */
static inline __attribute__((always_inline)) int64_t
group_classes(struct det *d, int64_t nslots, uint32_t words, uint32_t *group_of, uint32_t *group_to)
{
	const struct nfa *n = d->n;
	uint32_t group_rep[256], ngroups = 0, slot;
	uint64_t group_hash[256];
	uint16_t *group_slot = d->group_slot;
	int64_t nedges = 0;

	/* the slot table is stamped, not cleared: this runs once per state */
	if (++d->group_stamp == 0) {
		memset(d->group_slot_stamp, 0, sizeof(d->group_slot_stamp));
		d->group_stamp = 1;
	}

	memset(d->sig, 0, (size_t)n->nclasses * words * sizeof(uint64_t));
	for (uint32_t j = 0; j < nslots; j++) {
		uint32_t set = d->slot_set[j];

		for (uint32_t k = n->set_cls_off[set]; k < n->set_cls_off[set + 1]; k++)
			d->sig[(size_t)n->set_cls[k] * words + j / 64] |= 1ull << (j % 64);
	}
	for (uint32_t c = 0; c < n->nclasses; c++) {
		const uint64_t *sig = d->sig + (size_t)c * words;
		uint64_t h = 0x9e3779b97f4a7c15ull, any = 0;
		uint32_t g;

		for (uint32_t w = 0; w < words; w++) {
			any |= sig[w];
			h = (h ^ sig[w]) * 0xff51afd7ed558ccdull;
		}
		group_of[c] = UINT32_MAX;
		if (!any)
			continue;
		/* Open addressing over at most 256 groups: a linear scan of
		 * the groups was a hot spot on states with many classes. */
		for (slot = (uint32_t)(h >> 55);; slot = (slot + 1) & 511) {
			if (d->group_slot_stamp[slot] != d->group_stamp) {
				g = ngroups;
				d->group_slot_stamp[slot] = d->group_stamp;
				group_slot[slot] = (uint16_t)g;
				break;
			}
			g = group_slot[slot];
			if (group_hash[g] == h &&
			    sig_equal(d->sig + (size_t)group_rep[g] * words, sig, words))
				break;
		}
		if (g == ngroups) {
			group_hash[g] = h;
			group_rep[g] = c;
			group_to[g] = group_target(d, sig, words);
			if (group_to[g] == UINT32_MAX)
				return -1;
			ngroups++;
		}
		group_of[c] = g;
		nedges++;
	}
	return nedges;
}

/*
 * Compute the successor of s on every class and record the edges. Classes
 * that lie in the same byte sets of s (same signature) share a successor,
 * which is computed and looked up once.
 */
static int expand(struct det *d, uint32_t s)
{
	const struct nfa *n = d->n;
	uint32_t group_of[256], group_to[256], words;
	int64_t nslots, nedges;

	d->edge_off[s] = (uint32_t)d->nedges;
	nslots = gather_slots(d, s);
	if (nslots < 0)
		goto oom;
	words = (uint32_t)((nslots + 63) / 64);
	if (dfa_grow((void **)&d->sig, &d->sig_cap, (size_t)256 * words + 1, sizeof(uint64_t)))
		goto oom;
	nedges = words == 1 ? group_classes(d, nslots, 1, group_of, group_to)
			    : group_classes(d, nslots, words, group_of, group_to);
	if (nedges < 0)
		return -1;
	if (d->nedges + nedges >= UINT32_MAX) {
		dfa_error_set(d->err, -1, -1, "rules too complex: too many DFA edges");
		return -1;
	}
	if (dfa_grow((void **)&d->edge_to, &d->edges_cap, d->nedges + nedges, sizeof(uint32_t)) ||
	    dfa_grow((void **)&d->edge_cls, &d->edge_cls_cap, d->nedges + nedges, 1))
		goto oom;
	for (uint32_t c = 0; c < n->nclasses; c++) {
		if (group_of[c] == UINT32_MAX)
			continue;
		d->edge_cls[d->nedges] = (uint8_t)c;
		d->edge_to[d->nedges++] = group_to[group_of[c]];
	}
	return 0;
oom:
	dfa_error_set(d->err, -1, -1, "out of memory");
	return -1;
}

static void det_free(struct det *d)
{
	free(d->pool);
	free(d->set_off);
	free(d->set_len);
	free(d->set_hash);
	free(d->tab);
	free(d->edge_off);
	free(d->edge_to);
	free(d->edge_cls);
	free(d->perm_index);
	rec_table_free(&d->perms);
	for (size_t j = 0; j < d->slots_cap; j++)
		free(d->slot_fol[j].v);
	free(d->slot_fol);
	free(d->slot_set);
	free(d->slot_of);
	free(d->slot_stamp);
	free(d->sig);
	free(d->merged.v);
	free(d->tmp.v);
	free(d->acc);
}

static struct ddfa *det_result(struct det *d)
{
	struct ddfa *out = calloc(1, sizeof(*out));

	if (!out)
		return NULL;
	out->nstates = d->nstates;
	out->start = d->nstates > 1 ? 1 : 0;
	out->nclasses = d->n->nclasses;
	memcpy(out->class_of, d->n->class_of, 256);
	out->edge_off = d->edge_off;
	out->edge_cls = d->edge_cls;
	out->edge_to = d->edge_to;
	out->nedges = d->nedges;
	out->perm_index = d->perm_index;
	out->recs = (struct xperms *)d->perms.v;
	out->nrecs = d->perms.n;
	out->all_live = d->n->productive;
	d->edge_off = d->edge_to = d->perm_index = NULL;
	d->edge_cls = NULL;
	d->perms.v = NULL;
	return out;
}

struct ddfa *dfa_determinize(const struct nfa *n, const struct dfa_rule *rules,
			     struct dfa_error *err)
{
	const struct det_limits lim = { DET_MAX_STATES, DET_MAX_POSITIONS };

	return dfa_determinize_limited(n, rules, &lim, err, NULL);
}

struct ddfa *dfa_determinize_limited(const struct nfa *n, const struct dfa_rule *rules,
				     const struct det_limits *lim, struct dfa_error *err,
				     bool *too_complex)
{
	struct det d = { .n = n, .rules = rules, .err = err, .lim = *lim };
	struct ddfa *out = NULL;
	size_t cap = 0;

	static const uint32_t no_positions[1];

	d.slot_of = malloc(((size_t)n->nsets + 1) * sizeof(uint32_t));
	d.slot_stamp = calloc((size_t)n->nsets + 1, sizeof(uint32_t));
	if (!d.slot_of || !d.slot_stamp || rec_table_init(&d.perms, sizeof(struct xperms)) ||
	    dfa_grow((void **)&d.pool, &d.pool_cap, 1024, sizeof(uint32_t)))
		goto oom;
	/* state 0: the empty set, i.e. dead; state 1: the start set */
	if (intern(&d, no_positions, 0) == UINT32_MAX)
		goto fail;
	if (n->nstart && intern(&d, n->start, n->nstart) == UINT32_MAX)
		goto fail;
	d.perm_index[0] = 0;
	for (uint32_t s = 1; s < d.nstates; s++) {
		if (dfa_grow((void **)&d.edge_off, &cap, (size_t)s + 2, sizeof(uint32_t)))
			goto oom;
		if (accept_state(&d, s) || expand(&d, s))
			goto fail;
	}
	if (dfa_grow((void **)&d.edge_off, &cap, (size_t)d.nstates + 1, sizeof(uint32_t)))
		goto oom;
	d.edge_off[0] = 0;
	d.edge_off[d.nstates] = (uint32_t)d.nedges;
	out = det_result(&d);
	if (!out)
		goto oom;
	det_free(&d);
	return out;
oom:
	dfa_error_set(err, -1, -1, "out of memory");
fail:
	if (too_complex)
		*too_complex = d.too_complex;
	det_free(&d);
	return NULL;
}

void ddfa_free(struct ddfa *d)
{
	if (!d)
		return;
	free(d->edge_off);
	free(d->edge_cls);
	free(d->edge_to);
	free(d->perm_index);
	free(d->recs);
	free(d);
}
