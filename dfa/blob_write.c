// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Blob writer: dense DFAs and profile fields -> policy blob (dfa/FORMAT.md).
 *
 * The DFA tables are comb-compressed (default/base/next/check). For each
 * state the most common target becomes def[s]; the other transitions
 * ("exceptions") are packed into next/check at the lowest base where all
 * their slots are free (first fit, states with most exceptions first,
 * which packs best). Unused slots keep check = 0: lookups are never made
 * from the dead state 0, so 0 can never match.
 *
 * The writer verifies its own output with blob_verify() so that bad input
 * (out-of-range ids, control bytes in names, ...) fails here with EINVAL
 * instead of producing a blob the kernel would reject.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "blob_write.h"
#include "blob_le.h"

struct out {
	uint8_t *p;
	size_t len, cap;
	int err;
};

static void grow(struct out *o, size_t more)
{
	size_t cap = o->cap ? o->cap : 4096;
	uint8_t *p;

	if (o->err)
		return;
	if (more > SIZE_MAX / 2 - o->len) {
		o->err = EOVERFLOW;
		return;
	}
	while (cap < o->len + more)
		cap *= 2;
	if (cap == o->cap)
		return;
	p = realloc(o->p, cap);
	if (!p) {
		o->err = ENOMEM;
		return;
	}
	o->p = p;
	o->cap = cap;
}

static void put(struct out *o, const void *data, size_t n)
{
	grow(o, n);
	if (o->err)
		return;
	if (data)
		memcpy(o->p + o->len, data, n);
	else
		memset(o->p + o->len, 0, n);
	o->len += n;
}

static void put_u16(struct out *o, uint32_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	put(o, b, 2);
}

static void put_u32(struct out *o, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };

	put(o, b, 4);
}

static void put_u64(struct out *o, uint64_t v)
{
	put_u32(o, (uint32_t)v);
	put_u32(o, (uint32_t)(v >> 32));
}

static void pad8(struct out *o)
{
	put(o, NULL, BLOB_PAD8(o->len) - o->len);
}

static void set_u32(struct out *o, size_t at, uint32_t v)
{
	if (o->err)
		return;
	o->p[at] = (uint8_t)v;
	o->p[at + 1] = (uint8_t)(v >> 8);
	o->p[at + 2] = (uint8_t)(v >> 16);
	o->p[at + 3] = (uint8_t)(v >> 24);
}

static size_t sec_begin(struct out *o, uint32_t kind)
{
	size_t at = o->len;

	put_u32(o, kind);
	put_u32(o, 0);
	return at;
}

static void sec_end(struct out *o, size_t at)
{
	size_t len = o->len - at - BLOB_SEC_HDR;

	if (len > UINT32_MAX && !o->err)
		o->err = EFBIG;
	set_u32(o, at + 4, (uint32_t)len);
	pad8(o);
}

/* ---- comb compression ---- */

struct comb {
	uint32_t *def, *base, *next, *check;
	uint64_t *used;     /* bit i set: slot i taken (covers nwords * 64 slots) */
	size_t nwords;
	uint32_t lowfree;   /* every slot below it is taken */
	uint32_t ncomb;     /* slots in use: max base + nclasses */
	uint32_t cap;       /* allocated slots */
	struct comb_pat *pat; /* open addressing, pat_cap a power of two */
	uint32_t pat_cap;
};

/*
 * Exception class sets already placed, with the lowest base that may
 * still fit them: slots only ever fill up, so every base below it stays
 * taken for that set. States of one DFA share few distinct sets (all the
 * states inside a "**" look alike), so the search resumes there instead
 * of rescanning the crowded low part of the table.
 */
struct comb_pat {
	uint64_t mask[4];   /* classes; all zero: empty entry */
	uint64_t from;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Most common target of row; ties go to the smaller id (often 0, dead). */
/* The most frequent target of a row; *count: how often it occurs. */
static uint32_t row_default(const uint32_t *row, uint32_t n, uint32_t *tmp, uint32_t *count)
{
	uint32_t best = row[0], best_n = 0, i, run;

	/* Most rows have a strict majority target (usually dead or a loop):
	 * Boyer-Moore vote finds it in two linear passes, no sort. */
	for (i = 0, run = 0; i < n; i++) {
		if (!run)
			best = row[i];
		run += row[i] == best ? 1 : (uint32_t)-1;
	}
	for (i = 0, best_n = 0; i < n; i++)
		best_n += row[i] == best;
	*count = best_n;
	if (2 * best_n > n)
		return best;
	best = row[0];
	best_n = 0;
	memcpy(tmp, row, n * sizeof(*tmp));
	qsort(tmp, n, sizeof(*tmp), cmp_u32);
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && tmp[i + run] == tmp[i]; run++)
			;
		if (run > best_n) {
			best = tmp[i];
			best_n = run;
		}
	}
	*count = best_n;
	return best;
}

static int comb_reserve(struct comb *c, uint64_t need)
{
	uint64_t cap = c->cap ? c->cap : 1024;
	uint32_t *n, *k;

	if (need <= c->cap)
		return 0;
	if (need > BLOB_MAX_COMB)
		return EFBIG;
	while (cap < need)
		cap *= 2;
	n = realloc(c->next, cap * sizeof(*n));
	if (n)
		c->next = n;
	k = realloc(c->check, cap * sizeof(*k));
	if (k)
		c->check = k;
	if (!n || !k)
		return ENOMEM;
	memset(c->next + c->cap, 0, (cap - c->cap) * sizeof(*n));
	memset(c->check + c->cap, 0, (cap - c->cap) * sizeof(*k));
	c->cap = (uint32_t)cap;
	return 0;
}

/* The occupancy bitmap is sized on its own (slots past cap read as
 * free), so probing 64 bases ahead never reserves table space. */
static int used_reserve(struct comb *c, uint64_t slots)
{
	size_t need = (size_t)(slots / 64) + 2, n = c->nwords ? c->nwords : 64;
	uint64_t *u;

	if (need <= c->nwords)
		return 0;
	if (slots > (uint64_t)BLOB_MAX_COMB + 1024)
		return EFBIG;
	while (n < need)
		n *= 2;
	u = realloc(c->used, n * sizeof(*u));
	if (!u)
		return ENOMEM;
	memset(u + c->nwords, 0, (n - c->nwords) * sizeof(*u));
	c->used = u;
	c->nwords = n;
	return 0;
}

/* Occupancy of slots i .. i+63, bit k for slot i+k. */
static uint64_t used64(const struct comb *c, uint64_t i)
{
	size_t w = (size_t)(i / 64);
	unsigned sh = (unsigned)(i % 64);
	uint64_t v = c->used[w] >> sh;

	if (sh)
		v |= c->used[w + 1] << (64 - sh);
	return v;
}

/*
 * Lowest base where every exception class finds a free slot (first fit).
 * exc[] is ascending, and every slot below lowfree is taken, so bases
 * start at lowfree - exc[0]. The bitmap tests 64 consecutive bases per
 * step: a base b is free for class e iff bit (b + e) is clear, so the
 * AND of the shifted free words leaves exactly the bases that fit all.
 */
static struct comb_pat *pat_find(struct comb *c, const uint32_t *exc, uint32_t nexc)
{
	uint64_t mask[4] = { 0 }, h = 0x9e3779b97f4a7c15ull;
	uint32_t i, j;

	for (j = 0; j < nexc; j++)
		mask[exc[j] / 64] |= (uint64_t)1 << (exc[j] % 64);
	for (j = 0; j < 4; j++)
		h = (h ^ mask[j]) * 0xff51afd7ed558ccdull;
	for (i = (uint32_t)(h >> 32) & (c->pat_cap - 1);; i = (i + 1) & (c->pat_cap - 1)) {
		struct comb_pat *p = &c->pat[i];

		if (!memcmp(p->mask, mask, sizeof(mask)))
			return p;
		if (!(p->mask[0] | p->mask[1] | p->mask[2] | p->mask[3])) {
			memcpy(p->mask, mask, sizeof(mask));
			return p;
		}
	}
}

/*
 * Lowest base where every exception class finds a free slot (first fit).
 * exc[] is ascending, and every slot below lowfree is taken, so bases
 * start at lowfree - exc[0], or where this class set was last placed.
 * The bitmap tests 64 consecutive bases per step: a base b is free for
 * class e iff bit (b + e) is clear, so the AND of the shifted free words
 * leaves exactly the bases that fit all.
 */
static int comb_place(struct comb *c, uint32_t s, const uint32_t *row,
		      const uint32_t *exc, uint32_t nexc, uint32_t nclasses)
{
	struct comb_pat *pat = pat_find(c, exc, nexc);
	uint64_t b = c->lowfree > exc[0] ? c->lowfree - exc[0] : 0, ok;
	uint32_t j, slot;
	int err;

	if (pat->from > b)
		b = pat->from;
	for (;; b += 64) {
		err = used_reserve(c, b + 64 + exc[nexc - 1]);
		if (err)
			return err;
		ok = ~(uint64_t)0;
		for (j = 0; j < nexc && ok; j++)
			ok &= ~used64(c, b + exc[j]);
		if (ok)
			break;
	}
	b += (uint64_t)__builtin_ctzll(ok);
	err = comb_reserve(c, b + nclasses);
	if (err)
		return err;
	pat->from = b + 1;
	for (j = 0; j < nexc; j++) {
		slot = (uint32_t)b + exc[j];
		c->check[slot] = s;
		c->next[slot] = row[exc[j]];
		c->used[slot / 64] |= (uint64_t)1 << (slot % 64);
	}
	while (c->used[c->lowfree / 64] == ~(uint64_t)0)
		c->lowfree = (c->lowfree | 63) + 1;
	while (c->used[c->lowfree / 64] >> (c->lowfree % 64) & 1)
		c->lowfree++;
	c->base[s] = (uint32_t)b;
	if (b + nclasses > c->ncomb)
		c->ncomb = (uint32_t)b + nclasses;
	return 0;
}

/* States sorted by exception count, most first (counting sort). */
static uint32_t *order_by_exceptions(const uint32_t *nexc, uint32_t nstates)
{
	uint32_t count[258] = { 0 }, *order, s, k;

	order = malloc((size_t)nstates * sizeof(*order));
	if (!order)
		return NULL;
	for (s = 0; s < nstates; s++)
		count[256 - nexc[s] + 1]++;
	for (k = 1; k < 258; k++)
		count[k] += count[k - 1];
	for (s = 0; s < nstates; s++)
		order[count[256 - nexc[s]]++] = s;
	return order;
}

static void comb_free(struct comb *c)
{
	free(c->def);
	free(c->base);
	free(c->next);
	free(c->check);
	free(c->used);
	free(c->pat);
}

static int comb_build(const struct dfa *d, struct comb *c)
{
	uint32_t k = d->nclasses, s, j, n, tmp[256], exc[256];
	uint32_t *nexc, *order = NULL;
	int err = ENOMEM;

	memset(c, 0, sizeof(*c));
	c->def = calloc(d->nstates, sizeof(uint32_t));
	c->base = calloc(d->nstates, sizeof(uint32_t));
	nexc = calloc(d->nstates, sizeof(uint32_t));
	for (c->pat_cap = 16; c->pat_cap < 2 * (uint64_t)d->nstates; c->pat_cap *= 2)
		;
	c->pat = calloc(c->pat_cap, sizeof(*c->pat));
	if (!c->def || !c->base || !nexc || !c->pat || comb_reserve(c, k))
		goto out;
	c->ncomb = k;
	for (s = 0; s < d->nstates; s++) {
		const uint32_t *row = d->trans + (size_t)s * k;

		c->def[s] = row_default(row, k, tmp, &j);
		nexc[s] = k - j;
	}
	order = order_by_exceptions(nexc, d->nstates);
	if (!order)
		goto out;
	for (n = 0; n < d->nstates && nexc[order[n]]; n++) {
		const uint32_t *row;
		uint32_t m = 0;

		s = order[n];
		row = d->trans + (size_t)s * k;
		for (j = 0; j < k; j++)
			if (row[j] != c->def[s])
				exc[m++] = j;
		err = comb_place(c, s, row, exc, m, k);
		if (err)
			goto out;
	}
	err = 0;
out:
	free(order);
	free(nexc);
	return err;
}

/* ---- sections ---- */

/* The writer's own sanity checks: what blob_verify cannot see or would
 * reject anyway, caught before compression indexes out of bounds. */
static int dfa_input_ok(const struct dfa *d)
{
	uint32_t j;

	if (!d->nstates || d->nstates >= BLOB_MAX_STATES || !d->nclasses ||
	    d->nclasses > 256 || !d->trans || !d->perm_index || !d->perms ||
	    !d->nperms || d->start >= d->nstates)
		return 0;
	for (j = 0; j < 256; j++)
		if (d->class_of[j] >= d->nclasses)
			return 0;
	for (size_t t = 0; t < (size_t)d->nstates * d->nclasses; t++)
		if (d->trans[t] >= d->nstates || (t < d->nclasses && d->trans[t]))
			return 0;
	return 1;
}

static void put_ids(struct out *o, const uint32_t *v, uint32_t n, int f16)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (f16)
			put_u16(o, v[i]);
		else
			put_u32(o, v[i]);
	}
	pad8(o);
}

static void put_perms(struct out *o, const struct pp_perms *p)
{
	int h;

	for (h = 0; h < 2; h++) {
		put_u32(o, p->half[h].allow);
		put_u32(o, p->half[h].deny);
		put_u32(o, p->half[h].audit);
		put_u32(o, p->half[h].quiet);
		put_u32(o, p->half[h].xmode);
		put_u32(o, p->half[h].xindex);
	}
}

static void put_dfa(struct out *o, uint32_t kind, const struct dfa *d)
{
	size_t at = sec_begin(o, kind);
	struct comb c;
	int f16, err;
	uint32_t i;

	if (!d) {
		put(o, NULL, BLOB_DFA_HDR);
		sec_end(o, at);
		return;
	}
	if (!dfa_input_ok(d)) {
		o->err = o->err ? o->err : EINVAL;
		return;
	}
	err = comb_build(d, &c);
	if (err) {
		comb_free(&c);
		o->err = o->err ? o->err : err;
		return;
	}
	f16 = d->nstates <= BLOB_F16_MAX_STATES;
	put_u32(o, d->nstates);
	put_u32(o, d->nclasses);
	put_u32(o, d->start);
	put_u32(o, c.ncomb);
	put_u32(o, d->nperms);
	put_u32(o, f16 ? BLOB_DFA_F16 : 0);
	put_u64(o, 0);
	put(o, d->class_of, 256);
	for (i = 0; i < d->nstates; i++)
		put_u32(o, d->perm_index[i]);
	pad8(o);
	put_ids(o, c.def, d->nstates, f16);
	for (i = 0; i < d->nstates; i++)
		put_u32(o, c.base[i]);
	pad8(o);
	put_ids(o, c.next, c.ncomb, f16);
	put_ids(o, c.check, c.ncomb, f16);
	for (i = 0; i < d->nperms; i++)
		put_perms(o, &d->perms[i]);
	comb_free(&c);
	sec_end(o, at);
}

static void put_string_sec(struct out *o, uint32_t kind, const char *s)
{
	size_t at = sec_begin(o, kind);

	put(o, s, strlen(s) + 1);
	sec_end(o, at);
}

static void put_xtargets(struct out *o, const struct blob_profile_in *p)
{
	size_t at = sec_begin(o, BLOB_SEC_XTARGETS);
	uint32_t i;

	put_u32(o, p->nxtargets);
	put_u32(o, 0);
	for (i = 0; i < p->nxtargets; i++) {
		if (!p->xtargets || !p->xtargets[i]) {
			o->err = o->err ? o->err : EINVAL;
			return;
		}
		put(o, p->xtargets[i], strlen(p->xtargets[i]) + 1);
	}
	sec_end(o, at);
}

static uint32_t rule_qual(const struct dfa_rule *r)
{
	return (r->owner ? BLOB_RULE_OWNER : 0) | (r->deny ? BLOB_RULE_DENY : 0) |
	       (r->audit ? BLOB_RULE_AUDIT : 0);
}

static void put_rules(struct out *o, const struct dfa_rule *rules, size_t n)
{
	size_t at = sec_begin(o, BLOB_SEC_RULES), i, strs = 0;

	if (n >= BLOB_MAX_RULES) {
		o->err = o->err ? o->err : E2BIG;
		return;
	}
	put_u32(o, (uint32_t)n);
	put_u32(o, 0);
	for (i = 0; i < n; i++) {
		const struct dfa_rule *r = &rules[i];
		size_t glen = strlen(r->glob) + 1;

		put_u32(o, r->perms);
		put_u32(o, r->xmode);
		put_u32(o, r->xindex);
		put_u32(o, rule_qual(r));
		put_u32(o, (uint32_t)strs);
		put_u32(o, r->origin ? (uint32_t)(strs + glen) : BLOB_RULE_NO_ORIGIN);
		strs += glen + (r->origin ? strlen(r->origin) + 1 : 0);
		if (strs >= BLOB_RULE_NO_ORIGIN)
			o->err = o->err ? o->err : EFBIG;
	}
	for (i = 0; i < n; i++) {
		put(o, rules[i].glob, strlen(rules[i].glob) + 1);
		if (rules[i].origin)
			put(o, rules[i].origin, strlen(rules[i].origin) + 1);
	}
	sec_end(o, at);
}

static void put_profile(struct out *o, const struct blob_profile_in *p)
{
	size_t at = sec_begin(o, BLOB_SEC_PROFILE), m, i;

	if (!p->name || (p->nrules && !p->rules)) {
		o->err = o->err ? o->err : EINVAL;
		return;
	}
	for (i = 0; i < p->nrules; i++)
		if (!p->rules[i].glob)
			o->err = o->err ? o->err : EINVAL;
	put_string_sec(o, BLOB_SEC_NAME, p->name);
	if (p->attach)
		put_string_sec(o, BLOB_SEC_ATTACH, p->attach);
	m = sec_begin(o, BLOB_SEC_MODE);
	put_u32(o, p->flags);
	put_u32(o, p->attach_score);
	sec_end(o, m);
	m = sec_begin(o, BLOB_SEC_CAPS);
	for (i = 0; i < 4; i++)
		put_u64(o, p->caps[i]);
	sec_end(o, m);
	m = sec_begin(o, BLOB_SEC_NET);
	for (i = 0; i < PP_NET_NFAMILIES; i++) {
		put_u32(o, p->net[i].allow);
		put_u32(o, p->net[i].deny);
		put_u32(o, p->net[i].audit);
		put_u32(o, p->net[i].quiet);
	}
	sec_end(o, m);
	put_xtargets(o, p);
	put_dfa(o, BLOB_SEC_FILE, p->file);
	if (p->xmatch)
		put_dfa(o, BLOB_SEC_XMATCH, p->xmatch);
	if (p->rules && p->nrules && !o->err)
		put_rules(o, p->rules, p->nrules);
	sec_end(o, at);
}

int blob_write(const struct blob_profile_in *profiles, size_t nprofiles,
	       uint8_t **out, size_t *outlen)
{
	struct out o = { 0 };
	size_t i;

	if ((nprofiles && !profiles) || nprofiles > BLOB_MAX_PROFILES || !out) {
		errno = EINVAL;
		return -1;
	}
	put_u32(&o, BLOB_MAGIC);
	put_u32(&o, BLOB_VERSION);
	put_u32(&o, 0);
	put_u32(&o, (uint32_t)nprofiles);
	put_u64(&o, 0);
	for (i = 0; i < nprofiles && !o.err; i++)
		put_profile(&o, &profiles[i]);
	if (!o.err) {
		set_u32(&o, 16, (uint32_t)o.len);
		set_u32(&o, 20, (uint32_t)((uint64_t)o.len >> 32));
		if (blob_verify(o.p, o.len, NULL) != BLOB_OK)
			o.err = EINVAL;
	}
	if (o.err) {
		free(o.p);
		errno = o.err;
		return -1;
	}
	*out = o.p;
	if (outlen)
		*outlen = o.len;
	return 0;
}

/*
 * Attachment specificity (FORMAT.md "Attachment"): a glob-free path scores
 * 0x80000000 + its length, so any exact path beats any glob; a glob scores
 * the number of its literal bytes outside [] and {} (an escaped byte
 * counts as one literal).
 */
uint32_t blob_attach_score(const char *attach)
{
	uint32_t literal = 0, depth_brace = 0;
	int in_class = 0, glob = 0;
	const char *p;

	if (!attach)
		return 0;
	for (p = attach; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			literal += !in_class && !depth_brace;
		} else if (in_class) {
			in_class = *p != ']';
		} else if (*p == '[') {
			in_class = glob = 1;
			if (p[1] == '^')
				p++;
			if (p[1] == ']')
				p++;
		} else if (*p == '{') {
			depth_brace++;
			glob = 1;
		} else if (*p == '}' && depth_brace) {
			depth_brace--;
		} else if (*p == '*' || *p == '?') {
			glob = 1;
		} else if (!depth_brace) {
			literal++;
		}
	}
	if (literal > 0x7fffffffu)
		literal = 0x7fffffffu;
	return glob ? literal : 0x80000000u | literal;
}
