// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Rule ASTs -> Glushkov position automaton, and the byte classes.
 *
 * Globs only repeat single byte sets, so first/last/follow sets stay small
 * (bounded by the size of one rule) and no epsilon closure is ever needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nfa.h"

struct u32vec {
	uint32_t *v;
	size_t n, cap;
};

static int vec_reserve(struct u32vec *v, size_t more)
{
	if (v->n + more > v->cap) {
		size_t cap = v->cap ? v->cap : 4;
		uint32_t *nv;

		while (cap < v->n + more)
			cap *= 2;
		nv = realloc(v->v, cap * sizeof(*nv));
		if (!nv)
			return -1;
		v->v = nv;
		v->cap = cap;
	}
	return 0;
}

static int vec_append(struct u32vec *v, const uint32_t *x, size_t n)
{
	if (!n)
		return 0;
	if (vec_reserve(v, n))
		return -1;
	memcpy(v->v + v->n, x, n * sizeof(*x));
	v->n += n;
	return 0;
}

static int vec_push(struct u32vec *v, uint32_t x)
{
	return vec_append(v, &x, 1);
}

struct builder {
	struct nfa *n;
	struct u32vec pos_set, pos_rule, fol, fol_off, start;
	/* byte set dedup: open addressing over set ids, UINT32_MAX = empty */
	uint32_t *set_tab;
	uint32_t set_tab_cap;
	struct byteset *sets;
	uint32_t nsets, sets_cap;
	/* scratch of the rule being built: first/last lists, follow pairs */
	struct u32vec stack, pairs, cnt;
};

static uint32_t set_hash(const struct byteset *s)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;

	for (int i = 0; i < 8; i++)
		h = (h ^ s->w[i]) * 0x100000001b3ull;
	return (uint32_t)(h ^ h >> 29);
}

static int set_tab_grow(struct builder *b)
{
	uint32_t cap = b->set_tab_cap ? b->set_tab_cap * 2 : 256;
	uint32_t *tab = malloc(cap * sizeof(*tab));

	if (!tab)
		return -1;
	memset(tab, 0xff, cap * sizeof(*tab));
	for (uint32_t i = 0; i < b->nsets; i++) {
		uint32_t h = set_hash(&b->sets[i]) & (cap - 1);

		while (tab[h] != UINT32_MAX)
			h = (h + 1) & (cap - 1);
		tab[h] = i;
	}
	free(b->set_tab);
	b->set_tab = tab;
	b->set_tab_cap = cap;
	return 0;
}

/* Id of byte set s, adding it if new; UINT32_MAX on ENOMEM. */
static uint32_t set_intern(struct builder *b, const struct byteset *s)
{
	uint32_t h;

	if ((b->nsets + 1) * 2 > b->set_tab_cap && set_tab_grow(b))
		return UINT32_MAX;
	h = set_hash(s) & (b->set_tab_cap - 1);
	for (; b->set_tab[h] != UINT32_MAX; h = (h + 1) & (b->set_tab_cap - 1))
		if (!memcmp(&b->sets[b->set_tab[h]], s, sizeof(*s)))
			return b->set_tab[h];
	if (b->nsets == b->sets_cap) {
		uint32_t cap = b->sets_cap ? b->sets_cap * 2 : 64;
		struct byteset *ns = realloc(b->sets, cap * sizeof(*ns));

		if (!ns)
			return UINT32_MAX;
		b->sets = ns;
		b->sets_cap = cap;
	}
	b->sets[b->nsets] = *s;
	b->set_tab[h] = b->nsets;
	return b->nsets++;
}

/*
 * first and last of a sub-expression: ranges of the builder's list stack
 * (offsets, since the stack may move), and whether it is nullable.
 */
struct gl {
	uint32_t first, nfirst, last, nlast;
	bool nullable;
};

static inline int vec_push_fast(struct u32vec *v, uint32_t x)
{
	if (v->n == v->cap && vec_reserve(v, 1))
		return -1;
	v->v[v->n++] = x;
	return 0;
}

/* follow(p) += f for every p in the lists ls[0..nls) and f in fs */
static int add_follow(struct builder *b, const struct gl *ls, size_t nls, const struct gl *fs)
{
	for (size_t k = 0; k < nls; k++)
		for (uint32_t i = 0; i < ls[k].nlast; i++)
			for (uint32_t j = 0; j < fs->nfirst; j++) {
				uint32_t p = b->stack.v[ls[k].last + i];

				if (vec_push_fast(&b->pairs, p) ||
				    vec_push_fast(&b->pairs, b->stack.v[fs->first + j]))
					return -1;
			}
	return 0;
}

static int new_position(struct builder *b, uint32_t set, uint32_t rule, uint32_t *pos)
{
	if (b->pos_set.n >= UINT32_MAX - 1)
		return -1;
	*pos = (uint32_t)b->pos_set.n;
	if (vec_push_fast(&b->pos_set, set) || vec_push_fast(&b->pos_rule, rule))
		return -1;
	return 0;
}

/* Append the lists of kids[0..n) (first or last) as one range of the stack. */
static int concat(struct builder *b, const struct gl *kids, size_t n, bool first,
		  uint32_t *off, uint32_t *len)
{
	*off = (uint32_t)b->stack.n;
	for (size_t k = 0; k < n; k++) {
		uint32_t o = first ? kids[k].first : kids[k].last;
		uint32_t m = first ? kids[k].nfirst : kids[k].nlast;

		if (vec_reserve(&b->stack, m))
			return -1;
		memcpy(b->stack.v + b->stack.n, b->stack.v + o, m * sizeof(uint32_t));
		b->stack.n += m;
	}
	*len = (uint32_t)(b->stack.n - *off);
	return 0;
}

static int glushkov(struct builder *b, const struct glob_node *g, uint32_t rule, struct gl *out);

/*
 * Kids' results go to a small array on the C stack when they fit: most
 * nodes are concatenations of a few dozen characters.
 */
#define GL_LOCAL 64

static int glushkov_kids(struct builder *b, const struct glob_node *g, uint32_t rule,
			 struct gl *out)
{
	struct gl local[GL_LOCAL] = { { 0 } }, *k = local;
	size_t n = g->nkids, lead = 0, tail = 0;
	int r = -1;

	if (n > GL_LOCAL && !(k = malloc(n * sizeof(*k))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (glushkov(b, g->kids[i], rule, &k[i]))
			goto out;
		if (g->kind != GLOB_CAT)
			continue;
		/* lasts since the last non-nullable kid are followed by k[i]'s firsts */
		if (add_follow(b, k + tail, i - tail, &k[i]))
			goto out;
		if (!k[i].nullable)
			tail = i;
	}
	if (g->kind == GLOB_CAT) {
		while (lead < n && k[lead].nullable)
			lead++;
		out->nullable = lead == n;
		r = concat(b, k, lead < n ? lead + 1 : n, true, &out->first, &out->nfirst) ||
		    concat(b, k + tail, n - tail, false, &out->last, &out->nlast);
	} else {
		out->nullable = false;
		for (size_t i = 0; i < n; i++)
			out->nullable = out->nullable || k[i].nullable;
		r = concat(b, k, n, true, &out->first, &out->nfirst) ||
		    concat(b, k, n, false, &out->last, &out->nlast);
	}
out:
	if (k != local)
		free(k);
	return r;
}

static int glushkov(struct builder *b, const struct glob_node *g, uint32_t rule, struct gl *out)
{
	uint32_t set, pos;

	switch (g->kind) {
	case GLOB_SET:
	case GLOB_STAR:
		set = set_intern(b, &g->set);
		if (set == UINT32_MAX || new_position(b, set, rule, &pos))
			return -1;
		out->first = out->last = (uint32_t)b->stack.n;
		out->nfirst = out->nlast = 1;
		out->nullable = g->kind == GLOB_STAR;
		if (vec_push_fast(&b->stack, pos))
			return -1;
		if (g->kind == GLOB_STAR)
			return vec_push_fast(&b->pairs, pos) || vec_push_fast(&b->pairs, pos);
		return 0;
	case GLOB_CAT:
		if (g->nkids == 0) {
			memset(out, 0, sizeof(*out));
			out->nullable = true;
			return 0;
		}
		return glushkov_kids(b, g, rule, out);
	case GLOB_ALT:
		return glushkov_kids(b, g, rule, out);
	}
	return -1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

size_t u32_sort_unique(uint32_t *v, size_t n)
{
	size_t j = 0;

	if (n > 16) {
		qsort(v, n, sizeof(*v), cmp_u32);
	} else {
		for (size_t i = 1; i < n; i++) {
			uint32_t x = v[i];
			size_t k = i;

			for (; k > 0 && v[k - 1] > x; k--)
				v[k] = v[k - 1];
			v[k] = x;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (j == 0 || v[j - 1] != v[i])
			v[j++] = v[i];
	return j;
}

/*
 * The rule's follow pairs (p, f), p in [base, base + npos), into sorted
 * unique follow lists: counting sort by p, then each list on its own.
 */
static int emit_follow(struct builder *b, uint32_t base, uint32_t npos)
{
	size_t npairs = b->pairs.n / 2, at = b->fol.n;
	uint32_t *cnt;

	if (vec_reserve(&b->cnt, (size_t)npos + 1) || vec_reserve(&b->fol, npairs) ||
	    vec_reserve(&b->fol_off, npos))
		return -1;
	cnt = b->cnt.v;
	memset(cnt, 0, ((size_t)npos + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < npairs; i++)
		cnt[b->pairs.v[2 * i] - base + 1]++;
	for (uint32_t p = 0; p < npos; p++)
		cnt[p + 1] += cnt[p];
	for (size_t i = 0; i < npairs; i++)
		b->fol.v[at + cnt[b->pairs.v[2 * i] - base]++] = b->pairs.v[2 * i + 1];
	/* cnt[p] is now where p's list ends */
	for (uint32_t p = 0, from = 0; p < npos; p++) {
		size_t m = u32_sort_unique(b->fol.v + at + from, cnt[p] - from);

		memmove(b->fol.v + b->fol.n, b->fol.v + at + from, m * sizeof(uint32_t));
		b->fol.n += m;
		from = cnt[p];
		b->fol_off.v[b->fol_off.n++] = (uint32_t)b->fol.n;
	}
	return 0;
}

/*
 * Add one parsed rule: its positions, its END, follow sets, first set.
 * With a link target (AppArmor's link pair) the rule is g NUL target.
 */
static int add_rule(struct builder *b, const struct glob *g, const struct glob *target,
		    uint32_t rule)
{
	uint32_t base = (uint32_t)b->pos_set.n, endpos;
	struct gl root = { 0 }, end = { 0 };
	struct glob_node nul = { .kind = GLOB_SET };
	struct glob_node *kids[3] = { g->root, &nul, target ? target->root : NULL };
	struct glob_node pair = { .kind = GLOB_CAT, .nkids = 3, .kids = kids };

	byteset_add(&nul.set, 0);
	b->stack.n = 0;
	b->pairs.n = 0;
	if (glushkov(b, target ? &pair : g->root, rule, &root) ||
	    new_position(b, NFA_END, rule, &endpos))
		return -1;
	end.first = (uint32_t)b->stack.n;
	end.nfirst = 1;
	if (vec_push_fast(&b->stack, endpos) || add_follow(b, &root, 1, &end) ||
	    vec_append(&b->start, b->stack.v + root.first, root.nfirst) ||
	    (root.nullable && vec_push_fast(&b->start, endpos)))
		return -1;
	return emit_follow(b, base, endpos + 1 - base);
}

/* Refine the byte partition by every byte set, then list each set's classes. */
static int compute_classes(struct nfa *n)
{
	uint32_t cls[256] = { 0 }, ncls = 1;
	uint32_t total = 0;

	for (uint32_t s = 0; s < n->nsets; s++) {
		uint32_t remap[256][2];
		uint32_t k = 0;

		memset(remap, 0xff, sizeof(remap));
		for (unsigned c = 0; c < 256; c++) {
			uint32_t *r = &remap[cls[c]][byteset_has(&n->sets[s], c)];

			if (*r == UINT32_MAX)
				*r = k++;
			cls[c] = *r;
		}
		ncls = k;
	}
	n->nclasses = ncls;
	for (unsigned c = 0; c < 256; c++)
		n->class_of[c] = (uint8_t)cls[c];
	n->set_cls_off = malloc((n->nsets + 1) * sizeof(uint32_t));
	n->set_cls = malloc((size_t)n->nsets * ncls + 1);
	if (!n->set_cls_off || !n->set_cls)
		return -1;
	for (uint32_t s = 0; s < n->nsets; s++) {
		bool seen[256] = { false };

		n->set_cls_off[s] = total;
		for (unsigned c = 0; c < 256; c++)
			if (byteset_has(&n->sets[s], c) && !seen[cls[c]]) {
				seen[cls[c]] = true;
				n->set_cls[total++] = (uint8_t)cls[c];
			}
	}
	n->set_cls_off[n->nsets] = total;
	return 0;
}

/*
 * apparmor_parser (filter_slashes) collapses runs of '/' in rule paths
 * before matching (kernel paths never hold "//"), on the raw text; so do
 * we. Like it, a leading "//" followed by something else than '/' is kept:
 * Linux reserves it for a distinct namespace.
 */
static char *collapse_slashes(const char *s, size_t *len)
{
	char *out = malloc(strlen(s) + 1);
	size_t i = 0, j = 0;

	if (!out)
		return NULL;
	if (s[0] == '/' && s[1] == '/' && s[2] != '/') {
		out[j++] = '/';
		out[j++] = '/';
		i = 2;
	}
	for (; s[i]; i++)
		if (s[i] != '/' || j == 0 || out[j - 1] != '/')
			out[j++] = s[i];
	out[j] = '\0';
	*len = j;
	return out;
}

static const char *rule_name(const struct dfa_rule *r, size_t i, char *buf, size_t len)
{
	if (r->origin)
		return r->origin;
	snprintf(buf, len, "rule %zu", i);
	return buf;
}

static int parse_glob(const struct dfa_rule *r, size_t i, const char *glob, struct glob *g,
		      struct dfa_error *err)
{
	struct dfa_error e;
	char name[32];
	size_t len;
	char *text;
	int ret;

	if (!glob) {
		dfa_error_set(err, (int)i, -1, "%s: no glob", rule_name(r, i, name, sizeof(name)));
		return -1;
	}
	len = strlen(glob);
	if (!strstr(glob, "//")) {
		if (glob_parse(glob, len, g, &e) == 0)
			return 0;
		dfa_error_set(err, (int)i, -1, "%s: %s%s", rule_name(r, i, name, sizeof(name)),
			      glob == r->glob ? "" : "link target: ", e.msg);
		return -1;
	}
	/* errors carry columns of the text as written, not as collapsed */
	if (glob_check(glob, &e)) {
		dfa_error_set(err, (int)i, -1, "%s: %s%s", rule_name(r, i, name, sizeof(name)),
			      glob == r->glob ? "" : "link target: ", e.msg);
		return -1;
	}
	text = collapse_slashes(glob, &len);
	ret = text ? glob_parse(text, len, g, &e) : -1;
	free(text);
	if (ret)
		dfa_error_set(err, (int)i, -1, "out of memory");
	return ret;
}

/* The rule's glob into g and, for a link pair, its target into target. */
static int parse_rule(const struct dfa_rule *r, size_t i, struct glob *g, struct glob *target,
		      struct dfa_error *err)
{
	if (parse_glob(r, i, r->glob, g, err))
		return -1;
	if (!r->link_target)
		return 0;
	if (parse_glob(r, i, r->link_target, target, err)) {
		glob_free(g);
		return -1;
	}
	g->exact = false; /* pairs never carry x: exec precedence does not apply */
	return 0;
}

static void builder_free(struct builder *b)
{
	free(b->stack.v);
	free(b->pairs.v);
	free(b->cnt.v);
	free(b->pos_set.v);
	free(b->pos_rule.v);
	free(b->fol.v);
	free(b->fol_off.v);
	free(b->start.v);
	free(b->set_tab);
	free(b->sets);
}

void nfa_free(struct nfa *n)
{
	if (!n)
		return;
	free(n->pos_set);
	free(n->pos_rule);
	free(n->fol_off);
	free(n->fol);
	free(n->start);
	free(n->sets);
	free(n->set_cls_off);
	free(n->set_cls);
	free(n->rule_exact);
	free(n);
}

struct nfa *nfa_build(const struct dfa_rule *rules, size_t nrules, struct dfa_error *err)
{
	struct builder b = { 0 };
	struct nfa *n = calloc(1, sizeof(*n));

	if (!n || nrules >= UINT32_MAX || vec_push(&b.fol_off, 0))
		goto oom;
	b.n = n;
	n->nrules = (uint32_t)nrules;
	n->rule_exact = calloc(nrules + 1, 1);
	if (!n->rule_exact)
		goto oom;
	for (size_t i = 0; i < nrules; i++) {
		struct glob g, target;
		int r;

		if (parse_rule(&rules[i], i, &g, &target, err))
			goto fail;
		n->rule_exact[i] = g.exact;
		r = add_rule(&b, &g, rules[i].link_target ? &target : NULL, (uint32_t)i);
		glob_free(&g);
		if (rules[i].link_target)
			glob_free(&target);
		if (r)
			goto oom;
	}
	b.start.n = b.start.n ? u32_sort_unique(b.start.v, b.start.n) : 0;
	n->npos = (uint32_t)b.pos_set.n;
	n->pos_set = b.pos_set.v;
	n->pos_rule = b.pos_rule.v;
	n->fol = b.fol.v;
	n->fol_off = b.fol_off.v;
	n->start = b.start.v;
	n->nstart = (uint32_t)b.start.n;
	n->sets = b.sets;
	n->nsets = b.nsets;
	free(b.set_tab);
	free(b.stack.v);
	free(b.pairs.v);
	free(b.cnt.v);
	if (compute_classes(n))
		goto oom_built;
	return n;
oom:
	dfa_error_set(err, -1, -1, "out of memory");
fail:
	builder_free(&b);
	nfa_free(n);
	return NULL;
oom_built:
	dfa_error_set(err, -1, -1, "out of memory");
	nfa_free(n);
	return NULL;
}
