// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Shrinking the position automaton before subset construction, without
 * changing the DFA it determinizes to (up to which positions make up each
 * state).
 *
 * Suffix merge: two positions with the same byte set and the same follow
 * set behave alike from any state on, and so do two END positions whose
 * rules add the same permissions. Substituting one for the other merges
 * DFA states the minimizer would otherwise merge later: the determinized
 * DFA becomes the quotient of the original one, discovered in the same
 * order (so the records and the minimized DFA come out identical).
 *
 * Prefix merge: two positions with the same byte set, entered from the
 * same positions (and both or neither in the start set) are always in a
 * state together; one position with the union of their follow sets does
 * the same work. The determinized DFA stays isomorphic, its state sets get
 * smaller: rules sharing a prefix share its positions, as in a trie.
 *
 * Both passes rely on the shape nfa_build() gives: a rule's positions are
 * consecutive, its END last, and follow(p) holds p itself (a star) and
 * positions after p only. One pass in reverse (suffixes) then forward
 * (prefixes) order sees every neighbour already settled; a position that
 * breaks the shape is just left alone.
 */
#include <stdlib.h>
#include <string.h>
#include "nfa.h"

/* Keys (u32 strings) -> representative position, open addressing. */
struct key_table {
	uint32_t *pool, *off, *len, *val, *hash;
	size_t pool_n, pool_cap;
	uint32_t n, cap;
	uint32_t *tab, tab_cap;
};

static void key_table_free(struct key_table *t)
{
	free(t->pool);
	free(t->off);
	free(t->len);
	free(t->val);
	free(t->hash);
	free(t->tab);
}

static int key_table_init(struct key_table *t, uint32_t max_keys, size_t pool_cap)
{
	memset(t, 0, sizeof(*t));
	t->cap = max_keys + 1;
	t->tab_cap = 16;
	while (t->tab_cap < 2 * t->cap)
		t->tab_cap *= 2;
	t->pool_cap = pool_cap + 1;
	t->pool = malloc(t->pool_cap * sizeof(uint32_t));
	t->off = malloc(t->cap * sizeof(uint32_t));
	t->len = malloc(t->cap * sizeof(uint32_t));
	t->val = malloc(t->cap * sizeof(uint32_t));
	t->hash = malloc(t->cap * sizeof(uint32_t));
	t->tab = malloc(t->tab_cap * sizeof(uint32_t));
	if (!t->pool || !t->off || !t->len || !t->val || !t->hash || !t->tab)
		return -1;
	memset(t->tab, 0xff, t->tab_cap * sizeof(uint32_t));
	return 0;
}

/* Value stored under key k[0..n), or val after storing it; UINT32_MAX: ENOMEM. */
static uint32_t key_find_or_add(struct key_table *t, const uint32_t *k, uint32_t n, uint32_t val)
{
	uint32_t h = hash_u32s(k, n), i, e;

	for (i = h & (t->tab_cap - 1); (e = t->tab[i]) != UINT32_MAX; i = (i + 1) & (t->tab_cap - 1))
		if (t->hash[e] == h && t->len[e] == n &&
		    !memcmp(t->pool + t->off[e], k, n * sizeof(*k)))
			return t->val[e];
	if (t->n == t->cap ||
	    dfa_grow((void **)&t->pool, &t->pool_cap, t->pool_n + n, sizeof(uint32_t)))
		return UINT32_MAX;
	e = t->n++;
	memcpy(t->pool + t->pool_n, k, n * sizeof(*k));
	t->off[e] = (uint32_t)t->pool_n;
	t->len[e] = n;
	t->val[e] = val;
	t->hash[e] = h;
	t->pool_n += n;
	t->tab[i] = e;
	return val;
}

/* What an END position adds to a record (see accept.c). */
static uint32_t end_key(const struct nfa *n, const struct dfa_rule *rules, uint32_t p,
			uint32_t *k)
{
	const struct dfa_rule *r = &rules[n->pos_rule[p]];

	k[0] = NFA_END;
	k[1] = r->perms;
	k[2] = r->xmode;
	k[3] = r->xindex;
	k[4] = (uint32_t)r->owner | (uint32_t)r->deny << 1 | (uint32_t)r->audit << 2 |
	       (uint32_t)n->rule_exact[n->pos_rule[p]] << 3;
	return 5;
}

/*
 * Key of a neighbour list: [set, flags, sorted mapped neighbours]; flags
 * bit 0: p is its own neighbour (a star), bit 1: p is in the start set
 * (prefix pass). Returns 0 when a neighbour lies on the wrong side of p.
 */
static uint32_t list_key(uint32_t set, uint32_t flags, uint32_t p, const uint32_t *nb,
			 uint32_t nnb, const uint32_t *rep, bool after, uint32_t *k)
{
	uint32_t n = 2;

	for (uint32_t i = 0; i < nnb; i++) {
		if (nb[i] == p) {
			flags |= 1;
			continue;
		}
		if ((nb[i] > p) != after)
			return 0;
		k[n++] = rep[nb[i]];
	}
	k[0] = set;
	k[1] = flags;
	return 2 + (uint32_t)u32_sort_unique(k + 2, n - 2);
}

/* Follow lists rebuilt under rep: members' lists united into their rep's. */
static int rebuild_follow(struct nfa *n, const uint32_t *rep, const uint32_t *live)
{
	uint32_t *cnt = calloc((size_t)n->npos + 1, sizeof(uint32_t));
	uint32_t *off = malloc(((size_t)n->npos + 1) * sizeof(uint32_t));
	uint32_t *fol = NULL, *fill = NULL, total = 0;
	int r = -1;

	if (!cnt || !off)
		goto out;
	for (uint32_t p = 0; p < n->npos; p++)
		if (live[p])
			cnt[rep[p]] += n->fol_off[p + 1] - n->fol_off[p];
	for (uint32_t p = 0; p < n->npos; p++) {
		off[p] = total;
		total += cnt[p];
	}
	off[n->npos] = total;
	fol = malloc(((size_t)total + 1) * sizeof(uint32_t));
	fill = malloc(((size_t)n->npos + 1) * sizeof(uint32_t));
	if (!fol || !fill)
		goto out;
	memcpy(fill, off, (size_t)n->npos * sizeof(uint32_t));
	for (uint32_t p = 0; p < n->npos; p++)
		if (live[p])
			for (uint32_t i = n->fol_off[p]; i < n->fol_off[p + 1]; i++)
				fol[fill[rep[p]]++] = rep[n->fol[i]];
	/* pack: each rep's list unique (stamps: merged lists repeat a lot)
	 * and sorted, back to back; cnt is free again to hold the stamps */
	memset(cnt, 0, ((size_t)n->npos + 1) * sizeof(uint32_t));
	total = 0;
	for (uint32_t p = 0; p < n->npos; p++) {
		uint32_t a = off[p], e = fill[p], start = total;

		off[p] = total;
		for (uint32_t i = a; i < e; i++)
			if (cnt[fol[i]] != p + 1) {
				cnt[fol[i]] = p + 1;
				fol[total++] = fol[i];
			}
		u32_sort_unique(fol + start, total - start); /* already unique */
	}
	off[n->npos] = total;
	free(n->fol);
	free(n->fol_off);
	n->fol = fol;
	n->fol_off = off;
	fol = off = NULL;
	r = 0;
out:
	free(cnt);
	free(off);
	free(fol);
	free(fill);
	return r;
}

static void map_start(struct nfa *n, const uint32_t *rep)
{
	for (uint32_t i = 0; i < n->nstart; i++)
		n->start[i] = rep[n->start[i]];
	n->nstart = (uint32_t)u32_sort_unique(n->start, n->nstart);
}

/* Longest neighbour list + header: the scratch key size. */
static uint32_t max_key(const struct nfa *n, const uint32_t *deg)
{
	uint32_t m = 5;

	for (uint32_t p = 0; p < n->npos; p++) {
		uint32_t d = deg ? deg[p] : n->fol_off[p + 1] - n->fol_off[p];

		if (d + 2 > m)
			m = d + 2;
	}
	return m;
}

static int merge_suffixes(struct nfa *n, const struct dfa_rule *rules, uint32_t *rep,
			  uint32_t *live)
{
	struct key_table t;
	uint32_t *k = malloc((size_t)max_key(n, NULL) * sizeof(uint32_t));
	int r = -1;

	if (!k || key_table_init(&t, n->npos, n->fol_off[n->npos] + 5 * (size_t)n->npos))
		goto out;
	for (uint32_t p = n->npos; p--;) {
		uint32_t kn;

		if (n->pos_set[p] == NFA_END)
			kn = end_key(n, rules, p, k);
		else
			kn = list_key(n->pos_set[p], 0, p, n->fol + n->fol_off[p],
				      n->fol_off[p + 1] - n->fol_off[p], rep, true, k);
		rep[p] = kn ? key_find_or_add(&t, k, kn, p) : p;
		if (rep[p] == UINT32_MAX)
			goto out;
		live[p] = rep[p] == p;
	}
	r = rebuild_follow(n, rep, live);
	if (!r)
		map_start(n, rep);
out:
	key_table_free(&t);
	free(k);
	return r;
}

/* Predecessors of the live positions, as lists: pred[poff[p] .. poff[p+1]). */
static int predecessors(const struct nfa *n, const uint32_t *live, uint32_t **pred,
			uint32_t **poff)
{
	uint32_t *off = calloc((size_t)n->npos + 2, sizeof(uint32_t));
	uint32_t *v = malloc(((size_t)n->fol_off[n->npos] + 1) * sizeof(uint32_t));

	*pred = v;
	*poff = off;
	if (!off || !v)
		return -1;
	for (uint32_t p = 0; p < n->npos; p++)
		if (live[p])
			for (uint32_t i = n->fol_off[p]; i < n->fol_off[p + 1]; i++)
				off[n->fol[i] + 2]++;
	for (uint32_t p = 0; p < n->npos; p++)
		off[p + 2] += off[p + 1];
	for (uint32_t p = 0; p < n->npos; p++)
		if (live[p])
			for (uint32_t i = n->fol_off[p]; i < n->fol_off[p + 1]; i++)
				v[off[n->fol[i] + 1]++] = p;
	return 0;
}

static int merge_prefixes(struct nfa *n, uint32_t *rep, uint32_t *live)
{
	struct key_table t = { 0 };
	uint32_t *pred = NULL, *poff = NULL, *deg = NULL, *k = NULL;
	uint8_t *in_start = calloc((size_t)n->npos + 1, 1);
	int r = -1;

	if (!in_start || predecessors(n, live, &pred, &poff))
		goto out;
	deg = malloc(((size_t)n->npos + 1) * sizeof(uint32_t));
	if (!deg)
		goto out;
	for (uint32_t p = 0; p < n->npos; p++)
		deg[p] = poff[p + 1] - poff[p];
	k = malloc((size_t)max_key(n, deg) * sizeof(uint32_t));
	if (!k || key_table_init(&t, n->npos, poff[n->npos] + 2 * (size_t)n->npos))
		goto out;
	for (uint32_t i = 0; i < n->nstart; i++)
		in_start[n->start[i]] = 1;
	for (uint32_t p = 0; p < n->npos; p++) {
		uint32_t kn = 0;

		rep[p] = p;
		if (!live[p])
			continue;
		if (n->pos_set[p] != NFA_END)
			kn = list_key(n->pos_set[p], (uint32_t)in_start[p] << 1, p,
				      pred + poff[p], deg[p], rep, false, k);
		rep[p] = kn ? key_find_or_add(&t, k, kn, p) : p;
		if (rep[p] == UINT32_MAX)
			goto out;
	}
	r = rebuild_follow(n, rep, live);
	if (!r) {
		map_start(n, rep);
		for (uint32_t p = 0; p < n->npos; p++)
			live[p] = live[p] && rep[p] == p;
	}
out:
	key_table_free(&t);
	free(in_start);
	free(pred);
	free(poff);
	free(deg);
	free(k);
	return r;
}

/*
 * Whether every position can reach an END with permissions: then every
 * non-empty state set reaches acceptance. A rule without permissions or a
 * byte set that is empty (a class like [^\x01-\xff]) breaks this.
 */
static bool all_productive(const struct nfa *n, const struct dfa_rule *rules)
{
	uint8_t *ok = malloc((size_t)n->npos + 1);
	bool all = ok != NULL;

	for (uint32_t p = n->npos; p-- && all;) {
		uint32_t set = n->pos_set[p];

		/* a rule without permissions accepts nothing */
		ok[p] = set == NFA_END && rules[n->pos_rule[p]].perms;
		if (set != NFA_END && n->set_cls_off[set] != n->set_cls_off[set + 1])
			for (uint32_t i = n->fol_off[p]; i < n->fol_off[p + 1] && !ok[p]; i++)
				ok[p] = n->fol[i] > p && ok[n->fol[i]];
		all = ok[p];
	}
	free(ok);
	return all;
}

int nfa_reduce(struct nfa *n, const struct dfa_rule *rules)
{
	uint32_t *rep = malloc(((size_t)n->npos + 1) * sizeof(uint32_t));
	uint32_t *live = malloc(((size_t)n->npos + 1) * sizeof(uint32_t));
	int r = -1;

	n->productive = all_productive(n, rules);
	if (rep && live && !merge_suffixes(n, rules, rep, live))
		r = merge_prefixes(n, rep, live);
	free(rep);
	free(live);
	return r;
}
