// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Freestanding DFA matcher and field readers for a verified blob
 * (layout: dfa/FORMAT.md).
 *
 * The tables are comb-compressed: for state s and byte class c the slot
 * i = base[s] + c holds the transition if check[i] == s, otherwise the
 * transition is def[s], the state's most common target (a target, not a
 * row to re-walk, so each byte costs one step and the walk cannot loop).
 * State 0 is dead: the walk stops as soon as it reaches it. blob_verify()
 * has proved base[s] + nclasses <= ncomb and every id < nstates, so the
 * loop below needs no bounds checks.
 */
#include "blob.h"
#include "blob_le.h"

/*
 * The state is kept pointer-wide so the table loads need no zero
 * extension: each byte costs one class, one base, one check and one next
 * (or def) load.
 */
static uint32_t walk16(const struct blob_dfa *d, uint32_t state,
		       const uint8_t *p, const uint8_t *end)
{
	const uint8_t *class_of = d->class_of, *base = d->base;
	const uint8_t *def = d->def, *next = d->next, *check = d->check;
	blob_size_t s = state;

	while (p != end) {
		blob_size_t i = blob_le32(base + 4 * s) + class_of[*p++];

		/* Most bytes hit their comb slot. */
		if (__builtin_expect(blob_le16(check + 2 * i) == s, 1))
			s = blob_le16(next + 2 * i);
		else
			s = blob_le16(def + 2 * s);
		if (!s)
			break;
	}
	return (uint32_t)s;
}

static uint32_t walk32(const struct blob_dfa *d, uint32_t s,
		       const uint8_t *p, const uint8_t *end)
{
	const uint8_t *class_of = d->class_of, *base = d->base;
	const uint8_t *def = d->def, *next = d->next, *check = d->check;

	while (p != end) {
		blob_size_t i = blob_le32(base + 4 * (blob_size_t)s) + class_of[*p++];

		s = blob_le32(check + 4 * i) == s ? blob_le32(next + 4 * i)
						  : blob_le32(def + 4 * (blob_size_t)s);
		if (!s)
			break;
	}
	return s;
}

/*
 * Pieces, last first, each walked as '/' then its bytes up to its length
 * or its first NUL (for a piece read while it may change: a kernel name
 * being renamed pairs a new string with the old length; every such string
 * still ends in a NUL). Returns 0 as soon as the walk dies.
 */
static uint32_t pieces16(const struct blob_dfa *d, blob_size_t s,
			 const struct blob_piece *piece, uint32_t n)
{
	const uint8_t *class_of = d->class_of, *base = d->base;
	const uint8_t *def = d->def, *next = d->next, *check = d->check;

	while (n--) {
		const uint8_t *p = (const uint8_t *)piece[n].s;
		const uint8_t *end = p + piece[n].len;
		uint8_t c = '/';

		for (;;) {
			blob_size_t i = blob_le32(base + 4 * s) + class_of[c];

			if (__builtin_expect(blob_le16(check + 2 * i) == s, 1))
				s = blob_le16(next + 2 * i);
			else
				s = blob_le16(def + 2 * s);
			if (!s)
				return 0;
			if (p == end || !(c = *p++))
				break;
		}
	}
	return (uint32_t)s;
}

static uint32_t pieces32(const struct blob_dfa *d, blob_size_t s,
			 const struct blob_piece *piece, uint32_t n)
{
	const uint8_t *class_of = d->class_of, *base = d->base;
	const uint8_t *def = d->def, *next = d->next, *check = d->check;

	while (n--) {
		const uint8_t *p = (const uint8_t *)piece[n].s;
		const uint8_t *end = p + piece[n].len;
		uint8_t c = '/';

		for (;;) {
			blob_size_t i = blob_le32(base + 4 * s) + class_of[c];

			if (__builtin_expect(blob_le32(check + 4 * i) == s, 1))
				s = blob_le32(next + 4 * i);
			else
				s = blob_le32(def + 4 * s);
			if (!s)
				return 0;
			if (p == end || !(c = *p++))
				break;
		}
	}
	return (uint32_t)s;
}

uint32_t blob_dfa_step_pieces(const struct blob_dfa *d, uint32_t state,
			      const struct blob_piece *piece, uint32_t n)
{
	if (state == 0 || state >= d->nstates)
		return 0;
	if (d->flags & BLOB_DFA_F16)
		return pieces16(d, state, piece, n);
	return pieces32(d, state, piece, n);
}

uint32_t blob_dfa_step(const struct blob_dfa *d, uint32_t state,
		       const char *s, blob_size_t len)
{
	const uint8_t *p = (const uint8_t *)s;

	if (state == 0 || state >= d->nstates)
		return 0;
	if (d->flags & BLOB_DFA_F16)
		return walk16(d, state, p, p + len);
	return walk32(d, state, p, p + len);
}

uint32_t blob_dfa_match(const struct blob_dfa *d, const char *s, blob_size_t len)
{
	return blob_dfa_step(d, d->start, s, len);
}

bool blob_profile_attaches(const struct blob_profile *p, const char *s, blob_size_t len)
{
	struct pp_perms_half h;
	blob_size_t i;
	uint32_t state;

	if (p->xmatch.nstates) {
		state = blob_dfa_match(&p->xmatch, s, len);
		if (!state)
			return false;
		blob_dfa_perms_half(&p->xmatch, state, PP_OTHER, &h);
		return h.allow != 0;
	}
	if (!p->attach || !p->attach[0])
		return false;
	for (i = 0; i < len && p->attach[i]; i++)
		if (p->attach[i] != s[i])
			return false;
	return i == len && !p->attach[i];
}

void blob_link_decide(const struct blob_dfa *file, const char *name, blob_size_t nlen,
		      const char *target, blob_size_t tlen, uint32_t half,
		      struct blob_link_decision *out)
{
	const uint32_t data = PP_PERM_READ | PP_PERM_WRITE | PP_PERM_APPEND |
			      PP_PERM_EXEC | PP_PERM_MMAP | PP_PERM_LOCK;
	struct pp_perms_half lh, ph, th;
	uint32_t state = blob_dfa_match(file, name, nlen);

	blob_dfa_perms_half(file, state, half, &lh);
	/* "" with length 1 is the NUL byte between name and target */
	state = blob_dfa_step(file, blob_dfa_step(file, state, "", 1), target, tlen);
	blob_dfa_perms_half(file, state, half, &ph);
	blob_dfa_perms_half(file, blob_dfa_match(file, target, tlen), half, &th);
	out->allow = blob_half_allow(&lh);
	out->deny = blob_half_deny(&lh) | (blob_half_deny(&ph) & PP_PERM_LINK);
	out->audit = ph.audit;
	out->quiet = ph.quiet;
	out->info = 0;
	if (!(out->allow & PP_PERM_LINK))
		return; /* refused by the name itself: nothing more to say */
	if (!(blob_half_allow(&ph) & PP_PERM_LINK))
		out->info = "target restricted";
	else if ((out->allow & data) & ~(blob_half_allow(&th) & data))
		out->info = "link not subset of target";
	if (out->info)
		out->allow &= ~PP_PERM_LINK;
}

/* Offset of a state's record in perms, or 0 when it has none (state 0). */
static const uint8_t *perms_record(const struct blob_dfa *d, uint32_t state)
{
	uint32_t idx = 0;

	if (!d->nperms)
		return 0;
	if (state < d->nstates)
		idx = blob_le32(d->perm_index + 4 * (blob_size_t)state);
	if (idx >= d->nperms)
		idx = 0;
	return d->perms + (blob_size_t)idx * BLOB_PERMS_SIZE;
}

static void perms_half_read(const uint8_t *p, struct pp_perms_half *o)
{
	o->allow = p ? blob_le32(p) : 0;
	o->deny = p ? blob_le32(p + 4) : 0;
	o->audit = p ? blob_le32(p + 8) : 0;
	o->quiet = p ? blob_le32(p + 12) : 0;
	o->xmode = p ? blob_le32(p + 16) : 0;
	o->xindex = p ? blob_le32(p + 20) : 0;
}

void blob_dfa_perms(const struct blob_dfa *d, uint32_t state, struct pp_perms *out)
{
	const uint8_t *p = perms_record(d, state);

	perms_half_read(p, &out->half[0]);
	perms_half_read(p ? p + 24 : 0, &out->half[1]);
}

void blob_dfa_perms_half(const struct blob_dfa *d, uint32_t state,
			 uint32_t half, struct pp_perms_half *out)
{
	const uint8_t *p = perms_record(d, state);

	perms_half_read(p && half ? p + 24 : p, out);
}

void blob_net_get(const struct blob_profile *p, uint32_t family, uint32_t out[4])
{
	uint32_t k;

	for (k = 0; k < 4; k++)
		out[k] = (p->net && family < PP_NET_NFAMILIES)
			 ? blob_le32(p->net + 16 * (blob_size_t)family + 4 * k) : 0;
}

const char *blob_xtarget(const struct blob_profile *p, uint32_t i)
{
	const char *s = p->xtargets, *end;

	if (!s || i >= p->nxtargets)
		return 0;
	end = s + p->xtargets_len;
	while (i && s < end) {
		if (*s++ == 0)
			i--;
	}
	return s < end ? s : 0;
}

int blob_rule_get(const struct blob_profile *p, uint32_t i, struct blob_rule *out)
{
	const uint8_t *r, *area;
	uint32_t area_len, glob, origin;

	if (!p->rules || i >= p->nrules)
		return BLOB_E_RANGE;
	r = p->rules + (blob_size_t)i * BLOB_RULE_SIZE;
	area = p->rules + (blob_size_t)p->nrules * BLOB_RULE_SIZE;
	area_len = p->rules_len - p->nrules * BLOB_RULE_SIZE;
	glob = blob_le32(r + 16);
	origin = blob_le32(r + 20);
	if (glob >= area_len || (origin != BLOB_RULE_NO_ORIGIN && origin >= area_len))
		return BLOB_E_RANGE;
	out->perms = blob_le32(r);
	out->xmode = blob_le32(r + 4);
	out->xindex = blob_le32(r + 8);
	out->qual = blob_le32(r + 12);
	out->glob = (const char *)(area + glob);
	out->origin = origin == BLOB_RULE_NO_ORIGIN ? 0 : (const char *)(area + origin);
	return BLOB_OK;
}
