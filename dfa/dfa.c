// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compile driver (rules -> NFA -> DFA -> minimized DFA -> merged byte
 * classes) and the dense reference matcher.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nfa.h"

int dfa_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 64;
	void *np;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	np = realloc(*p, c * elem);
	if (!np)
		return -1;
	*p = np;
	*cap = c;
	return 0;
}

void dfa_error_set(struct dfa_error *err, int a, int b, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->rule_a = a;
	err->rule_b = b;
}

/* Hash of every column, in one row-major pass (columns are strided). */
static void column_hashes(const struct dfa *d, uint64_t *h)
{
	for (uint32_t c = 0; c < d->nclasses; c++)
		h[c] = 0xcbf29ce484222325ull;
	for (uint32_t s = 0; s < d->nstates; s++) {
		const uint32_t *row = d->trans + (size_t)s * d->nclasses;

		for (uint32_t c = 0; c < d->nclasses; c++)
			h[c] = (h[c] ^ row[c]) * 0x100000001b3ull;
	}
}

static bool columns_equal(const struct dfa *d, uint32_t a, uint32_t b)
{
	for (uint32_t s = 0; s < d->nstates; s++)
		if (d->trans[(size_t)s * d->nclasses + a] != d->trans[(size_t)s * d->nclasses + b])
			return false;
	return true;
}

/*
 * Classes were cut before determinization from every byte set of every
 * rule; after minimization some of them act alike in every state.
 */
int dfa_merge_classes(struct dfa *d)
{
	uint64_t hash[256];
	uint32_t map[256], keep[256], nc = 0;
	uint32_t *trans;

	column_hashes(d, hash);
	for (uint32_t c = 0; c < d->nclasses; c++) {
		map[c] = UINT32_MAX;
		for (uint32_t k = 0; k < nc && map[c] == UINT32_MAX; k++)
			if (hash[keep[k]] == hash[c] && columns_equal(d, keep[k], c))
				map[c] = k;
		if (map[c] == UINT32_MAX) {
			map[c] = nc;
			keep[nc++] = c;
		}
	}
	if (nc == d->nclasses)
		return 0;
	trans = malloc((size_t)d->nstates * nc * sizeof(*trans));
	if (!trans)
		return -1;
	for (uint32_t s = 0; s < d->nstates; s++)
		for (uint32_t k = 0; k < nc; k++)
			trans[(size_t)s * nc + k] = d->trans[(size_t)s * d->nclasses + keep[k]];
	for (int b = 0; b < 256; b++)
		d->class_of[b] = (uint8_t)map[d->class_of[b]];
	free(d->trans);
	d->trans = trans;
	d->nclasses = nc;
	return 0;
}

void xdfa_free(struct xdfa *x)
{
	dfa_free(x->dfa);
	free(x->recs);
	memset(x, 0, sizeof(*x));
}

int dfa_finish_records(struct dfa *d, const struct xperms *recs, uint32_t nrecs,
		       uint32_t *state)
{
	struct rec_table t;
	uint32_t *map = malloc(((size_t)nrecs + 1) * sizeof(uint32_t));
	uint8_t *conflict = calloc((size_t)nrecs + 1, 1);
	int r = -1;

	if (!map || !conflict || rec_table_init(&t, sizeof(struct pp_perms)))
		goto out;
	for (uint32_t i = 0; i < nrecs; i++) {
		struct pp_perms p;

		conflict[i] = (uint8_t)xperms_finish(&recs[i], &p);
		map[i] = rec_table_intern(&t, &p);
		if (map[i] == UINT32_MAX)
			goto out_table;
	}
	for (uint32_t s = 0; s < d->nstates; s++)
		if (conflict[d->perm_index[s]]) {
			*state = s;
			r = 1;
			goto out_table;
		}
	for (uint32_t s = 0; s < d->nstates; s++)
		d->perm_index[s] = map[d->perm_index[s]];
	free(d->perms);
	d->perms = (struct pp_perms *)t.v;
	d->nperms = t.n;
	t.v = NULL;
	r = 0;
out_table:
	rec_table_free(&t);
out:
	free(map);
	free(conflict);
	return r;
}

struct dfa *ddfa_to_dense(const struct ddfa *d)
{
	struct dfa *out = calloc(1, sizeof(*out));
	uint32_t nc = d->nclasses, state;

	if (!out)
		return NULL;
	out->nstates = d->nstates;
	out->nclasses = nc;
	out->start = d->start;
	memcpy(out->class_of, d->class_of, 256);
	out->trans = calloc((size_t)d->nstates * nc, sizeof(uint32_t));
	out->perm_index = malloc((size_t)d->nstates * sizeof(uint32_t));
	if (!out->trans || !out->perm_index)
		goto fail;
	memcpy(out->perm_index, d->perm_index, (size_t)d->nstates * sizeof(uint32_t));
	for (uint32_t s = 0; s < d->nstates; s++)
		for (uint32_t e = d->edge_off[s]; e < d->edge_off[s + 1]; e++)
			out->trans[(size_t)s * nc + d->edge_cls[e]] = d->edge_to[e];
	if (dfa_finish_records(out, d->recs, d->nrecs, &state) == 0)
		return out;
fail:
	dfa_free(out);
	return NULL;
}

/* Minimize dd into *out, which takes over dd's records. */
static int minimize_into(struct ddfa *dd, struct xdfa *out)
{
	out->dfa = dfa_minimize(dd);
	if (!out->dfa)
		return -1;
	out->recs = dd->recs;
	out->nrecs = dd->nrecs;
	dd->recs = NULL;
	return 0;
}

static int combine(struct xdfa *parts, size_t n, struct dfa_error *err, struct dfa_stats *st);

/*
 * The whole rule set in one group: turn the records into final ones
 * before minimizing, so one minimization sees the final partition (the
 * result is the same DFA as minimize, finish, minimize again). Returns 1
 * when some record is an exec conflict: the caller takes the usual path,
 * which names the rules.
 */
static int finish_early(struct ddfa *dd, struct xdfa *out)
{
	struct rec_table t;
	uint32_t *map = malloc(((size_t)dd->nrecs + 1) * sizeof(uint32_t));
	int r = -1;

	if (!map || rec_table_init(&t, sizeof(struct pp_perms))) {
		free(map);
		return -1;
	}
	for (uint32_t i = 0; i < dd->nrecs; i++) {
		struct pp_perms p;

		if (xperms_finish(&dd->recs[i], &p)) {
			r = 1;
			goto out;
		}
		map[i] = rec_table_intern(&t, &p);
		if (map[i] == UINT32_MAX)
			goto out;
	}
	for (uint32_t s = 0; s < dd->nstates; s++)
		dd->perm_index[s] = map[dd->perm_index[s]];
	dd->nrecs = t.n;
	out->dfa = dfa_minimize(dd);
	if (!out->dfa)
		goto out;
	out->dfa->perms = (struct pp_perms *)t.v;
	out->dfa->nperms = t.n;
	t.v = NULL;
	r = 0;
out:
	rec_table_free(&t);
	free(map);
	return r;
}

/*
 * One group: determinize and minimize. A group whose subset construction
 * blows its budget (rules that each track their own "**": the DFA must
 * remember which of them matched) is split in halves, each compiled the
 * same way, and the minimized halves are joined by product instead.
 */
static int compile_group(const struct dfa_rule *rules, size_t nrules, struct xdfa *out,
			 struct dfa_error *err, struct dfa_stats *st, bool whole)
{
	const struct det_limits group = { DET_GROUP_MAX_STATES, DET_GROUP_MAX_POSITIONS };
	const struct det_limits single = { DET_MAX_STATES, DET_MAX_POSITIONS };
	struct nfa *n = nfa_build(rules, nrules, err);
	bool too_complex = false;
	struct ddfa *dd;
	int r;

	if (!n)
		return -1;
	if (nfa_reduce(n, rules)) {
		nfa_free(n);
		dfa_error_set(err, -1, -1, "out of memory");
		return -1;
	}
	dd = dfa_determinize_limited(n, rules, nrules > 1 ? &group : &single, err, &too_complex);
	if (dd)
		st->nfa_states += n->npos + 1; /* + the Glushkov initial state */
	nfa_free(n);
	if (!dd && too_complex && nrules > 1) {
		struct xdfa halves[2] = { { 0 } };
		size_t h = nrules / 2;

		r = compile_group(rules, h, &halves[0], err, st, false) ||
		    compile_group(rules + h, nrules - h, &halves[1], err, st, false) ||
		    combine(halves, 2, err, st);
		if (!r) {
			*out = halves[0];
			dfa_error_set(err, -1, -1, "%s", "");
			return 0;
		}
		xdfa_free(&halves[0]);
		xdfa_free(&halves[1]);
		return -1;
	}
	if (!dd && too_complex && err && rules[0].origin) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		dfa_error_set(err, -1, -1, "%s: %s", rules[0].origin, msg);
	}
	if (!dd)
		return -1;
	st->dfa_states = dd->nstates;
	r = whole ? finish_early(dd, out) : 1;
	if (r == 1)
		r = minimize_into(dd, out);
	ddfa_free(dd);
	if (r)
		dfa_error_set(err, -1, -1, "out of memory");
	return r;
}

/* Fold parts[0..n) pairwise, neighbours first, into parts[0]. */
static int combine(struct xdfa *parts, size_t n, struct dfa_error *err, struct dfa_stats *st)
{
	while (n > 1) {
		for (size_t i = 0; i < n / 2; i++) {
			struct ddfa *dd = dfa_product(&parts[2 * i], &parts[2 * i + 1], err);
			struct xdfa x = { 0 };
			int r;

			if (!dd)
				return -1;
			st->dfa_states = dd->nstates;
			xdfa_free(&parts[2 * i]);
			xdfa_free(&parts[2 * i + 1]);
			r = minimize_into(dd, &x);
			ddfa_free(dd);
			if (r) {
				dfa_error_set(err, -1, -1, "out of memory");
				return -1;
			}
			parts[i] = x;
		}
		if (n % 2) {
			parts[n / 2] = parts[n - 1];
			memset(&parts[n - 1], 0, sizeof(parts[n - 1]));
		}
		n = (n + 1) / 2;
	}
	return 0;
}

/* Turn the combined records into final ones; minimize again if some merged. */
static struct dfa *finish(struct xdfa *x, const struct dfa_rule *rules, size_t nrules,
			  struct dfa_error *err)
{
	struct dfa *d = x->dfa, *m;
	struct ddfa *sp;
	uint32_t state;
	int r = dfa_finish_records(d, x->recs, x->nrecs, &state);

	if (r == 1) {
		exec_conflict_report(d, state, rules, nrules, err);
		return NULL;
	}
	if (r)
		goto oom;
	x->dfa = NULL;
	if (d->nperms == x->nrecs)
		return d;
	sp = dfa_to_sparse(d, d->nperms);
	m = sp ? dfa_minimize(sp) : NULL;
	ddfa_free(sp);
	if (!m) {
		dfa_free(d);
		goto oom;
	}
	m->perms = d->perms;
	m->nperms = d->nperms;
	d->perms = NULL;
	dfa_free(d);
	return m;
oom:
	dfa_error_set(err, -1, -1, "out of memory");
	return NULL;
}

static int check_globs(const struct dfa_rule *rules, size_t nrules, struct dfa_error *err)
{
	for (size_t i = 0; i < nrules; i++) {
		struct dfa_error e;
		char name[32];
		const char *who = rules[i].origin;

		if (!who) {
			snprintf(name, sizeof(name), "rule %zu", i);
			who = name;
		}
		if (!rules[i].glob) {
			dfa_error_set(err, (int)i, -1, "%s: no glob", who);
			return -1;
		}
		if (glob_check(rules[i].glob, &e)) {
			dfa_error_set(err, (int)i, -1, "%s: %s", who, e.msg);
			return -1;
		}
	}
	return 0;
}

/*
 * A double star with more pattern after it floats: the rule can start
 * matching again after every '/'. Products of such rules with the "**"
 * regions of other rules are what grows, so they are combined last.
 */
static bool floating(const char *glob)
{
	const char *p = strstr(glob, "**");

	if (!p)
		return false;
	while (*p == '*')
		p++;
	return *p != '\0';
}

/* Compile ordered[0..n) group by group into parts, then fold them. */
static int compile_run(const struct dfa_rule *ordered, size_t n, size_t group_size,
		       struct xdfa *parts, struct dfa_error *err, struct dfa_stats *st)
{
	size_t ngroups = (n + group_size - 1) / group_size;

	for (size_t g = 0; g < ngroups; g++) {
		size_t at = g * group_size;
		size_t cnt = n - at < group_size ? n - at : group_size;

		if (compile_group(ordered + at, cnt, &parts[g], err, st, false))
			return -1;
	}
	return combine(parts, ngroups, err, st);
}

/*
 * Anchored rules first, in groups four times as big (they do not multiply
 * each other much), floating ones last; each kind folded apart, then joined.
 */
static int compile_split(const struct dfa_rule *rules, size_t nrules, size_t group_size,
			 struct xdfa *parts, struct dfa_error *err, struct dfa_stats *st)
{
	struct dfa_rule *ordered = malloc(nrules * sizeof(*ordered));
	size_t na = 0, nf = 0, ga;
	int r = -1;

	if (!ordered) {
		dfa_error_set(err, -1, -1, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nrules; i++)
		if (!floating(rules[i].glob))
			ordered[na++] = rules[i];
	for (size_t i = 0; i < nrules; i++)
		if (floating(rules[i].glob))
			ordered[na + nf++] = rules[i];
	ga = (na + 4 * group_size - 1) / (4 * group_size);
	if (compile_run(ordered, na, 4 * group_size, parts, err, st) ||
	    compile_run(ordered + na, nf, group_size, parts + ga, err, st))
		goto out;
	/* parts[0] and parts[ga] hold the two folds: move them together */
	if (nf && ga != (na ? 1 : 0)) {
		parts[na ? 1 : 0] = parts[ga];
		memset(&parts[ga], 0, sizeof(parts[ga]));
	}
	if (na && nf && combine(parts, 2, err, st))
		goto out;
	r = 0;
out:
	free(ordered);
	return r;
}

struct dfa *dfa_compile_grouped(const struct dfa_rule *rules, size_t nrules, size_t group_size,
				struct dfa_error *err, struct dfa_stats *stats)
{
	struct dfa_stats st = { 0 };
	size_t nparts;
	struct xdfa *parts;
	struct dfa *d = NULL;
	int r;

	dfa_error_set(err, -1, -1, "%s", "");
	if (check_globs(rules, nrules, err))
		return NULL;
	if (!group_size)
		group_size = DFA_GROUP_SIZE;
	/* groups of the anchored and of the floating rules, plus slack */
	nparts = nrules / group_size + 3;
	parts = calloc(nparts, sizeof(*parts));
	if (!parts) {
		dfa_error_set(err, -1, -1, "out of memory");
		return NULL;
	}
	if (nrules <= group_size)
		r = compile_group(rules, nrules, &parts[0], err, &st, true);
	else
		r = compile_split(rules, nrules, group_size, parts, err, &st);
	if (r)
		goto out;
	if (parts[0].dfa && parts[0].dfa->perms && !parts[0].recs) {
		d = parts[0].dfa; /* finished early */
		parts[0].dfa = NULL;
	} else {
		d = finish(&parts[0], rules, nrules, err);
	}
	if (d && dfa_merge_classes(d)) {
		dfa_free(d);
		d = NULL;
		dfa_error_set(err, -1, -1, "out of memory");
	}
	if (d) {
		st.min_states = d->nstates;
		if (stats)
			*stats = st;
	}
out:
	for (size_t g = 0; g < nparts; g++)
		xdfa_free(&parts[g]);
	free(parts);
	return d;
}

struct dfa *dfa_compile(const struct dfa_rule *rules, size_t nrules,
			struct dfa_error *err, struct dfa_stats *stats)
{
	return dfa_compile_grouped(rules, nrules, DFA_GROUP_SIZE, err, stats);
}

uint32_t dfa_walk(const struct dfa *d, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t state = d->start;

	for (size_t i = 0; i < len && state; i++)
		state = d->trans[(size_t)state * d->nclasses + d->class_of[p[i]]];
	return state;
}

const struct pp_perms *dfa_lookup(const struct dfa *d, const char *s, size_t len)
{
	return &d->perms[d->perm_index[dfa_walk(d, s, len)]];
}

void dfa_free(struct dfa *d)
{
	if (!d)
		return;
	free(d->trans);
	free(d->perm_index);
	free(d->perms);
	free(d);
}
