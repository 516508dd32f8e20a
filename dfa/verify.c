// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Policy blob verifier (layout: dfa/FORMAT.md).
 *
 * Freestanding: no libc, no allocation, no floating point, no recursion.
 * The blob is hostile input. Every length is checked against the room
 * left in its enclosing section before it is used, sizes are computed in
 * 64 bits from values already bounded by BLOB_MAX_*, and every table
 * entry that the matcher later uses as an index is range-checked here,
 * so after blob_verify() returned 0 the walk in match.c needs no bounds
 * checks of its own.
 *
 * blob_profile_get() re-runs the per-profile checks while it fills the
 * struct, so it is safe even on an unverified buffer.
 */
#include "blob.h"
#include "blob_le.h"

/* A section inside [.., end): payload [off, off + len), next header at next. */
struct blob_sec {
	uint32_t kind;
	uint32_t len;
	blob_size_t off;
	blob_size_t next;
};

static int fail(blob_size_t *where, blob_size_t off, int err)
{
	if (where)
		*where = off;
	return err;
}

static int zero_bytes(const uint8_t *b, blob_size_t from, blob_size_t to,
		      blob_size_t *where)
{
	for (; from < to; from++)
		if (b[from])
			return fail(where, from, BLOB_E_PADDING);
	return BLOB_OK;
}

static int sec_read(const uint8_t *b, blob_size_t off, blob_size_t end,
		    struct blob_sec *s, blob_size_t *where)
{
	blob_size_t room, pad;

	if (off > end || end - off < BLOB_SEC_HDR)
		return fail(where, off, BLOB_E_SHORT);
	s->kind = blob_le32(b + off);
	s->len = blob_le32(b + off + 4);
	room = end - off - BLOB_SEC_HDR;
	if (s->len > room)
		return fail(where, off + 4, BLOB_E_SHORT);
	pad = (8u - (s->len & 7u)) & 7u;
	if (pad > room - s->len)
		return fail(where, off + 4, BLOB_E_SHORT);
	s->off = off + BLOB_SEC_HDR;
	s->next = s->off + s->len + pad;
	return zero_bytes(b, s->off + s->len, s->next, where);
}

/* A payload of fixed size: shorter is truncation, longer is trailing junk. */
static int exact_len(const struct blob_sec *s, uint64_t want, blob_size_t *where)
{
	if (s->len < want)
		return fail(where, s->off - 4, BLOB_E_SHORT);
	if (s->len > want)
		return fail(where, s->off + (blob_size_t)want, BLOB_E_PADDING);
	return BLOB_OK;
}

static int bad_name_byte(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

/* One non-empty NUL-terminated string filling exactly [off, off + len). */
static int string_check(const uint8_t *b, blob_size_t off, uint32_t len,
			blob_size_t *where)
{
	uint32_t i;

	if (len < 2 || b[off + len - 1])
		return fail(where, off, BLOB_E_STRING);
	for (i = 0; i + 1 < len; i++)
		if (bad_name_byte(b[off + i]))
			return fail(where, off + i, BLOB_E_STRING);
	return BLOB_OK;
}

static int xmode_check(uint32_t xmode, uint32_t xindex, uint32_t nxtargets,
		       blob_size_t off, blob_size_t *where)
{
	if (xmode & ~PP_X_VALID_MASK)
		return fail(where, off, BLOB_E_FLAGS);
	if ((xmode & PP_X_MODE_MASK) > PP_X_UNCONFINED)
		return fail(where, off, BLOB_E_RANGE);
	if (xindex != PP_XINDEX_NONE && xindex >= nxtargets)
		return fail(where, off + 4, BLOB_E_RANGE);
	return BLOB_OK;
}

static int perms_check(const uint8_t *p, uint32_t nxtargets, blob_size_t off,
		       blob_size_t *where)
{
	uint32_t h, k;
	int err;

	for (h = 0; h < 2; h++, p += 24, off += 24) {
		for (k = 0; k < 4; k++)
			if (blob_le32(p + 4 * k) & ~PP_PERM_ALL)
				return fail(where, off + 4 * k, BLOB_E_FLAGS);
		err = xmode_check(blob_le32(p + 16), blob_le32(p + 20), nxtargets,
				  off + 16, where);
		if (err)
			return err;
	}
	return BLOB_OK;
}

/* Byte offsets of the DFA arrays inside the section payload. */
struct dfa_layout {
	uint64_t pidx, def, base, next, check, perms, end;
	uint64_t pidx_end, def_end, base_end, next_end, check_end;
};

static void dfa_layout(const struct blob_dfa *d, struct dfa_layout *l)
{
	uint64_t idw = (d->flags & BLOB_DFA_F16) ? 2 : 4;

	l->pidx = BLOB_DFA_HDR + 256;
	l->pidx_end = l->pidx + 4 * (uint64_t)d->nstates;
	l->def = BLOB_PAD8(l->pidx_end);
	l->def_end = l->def + idw * d->nstates;
	l->base = BLOB_PAD8(l->def_end);
	l->base_end = l->base + 4 * (uint64_t)d->nstates;
	l->next = BLOB_PAD8(l->base_end);
	l->next_end = l->next + idw * d->ncomb;
	l->check = BLOB_PAD8(l->next_end);
	l->check_end = l->check + idw * d->ncomb;
	l->perms = BLOB_PAD8(l->check_end);
	l->end = l->perms + (uint64_t)BLOB_PERMS_SIZE * d->nperms;
}

static int dfa_header(const uint8_t *p, const struct blob_sec *s,
		      struct blob_dfa *d, blob_size_t *where)
{
	blob_size_t o = s->off;

	if (s->len < BLOB_DFA_HDR)
		return fail(where, o - 4, BLOB_E_SHORT);
	d->nstates = blob_le32(p);
	d->nclasses = blob_le32(p + 4);
	d->start = blob_le32(p + 8);
	d->ncomb = blob_le32(p + 12);
	d->nperms = blob_le32(p + 16);
	d->flags = blob_le32(p + 20);
	if ((d->flags & ~BLOB_DFA_F16) || blob_le32(p + 24) || blob_le32(p + 28))
		return fail(where, o + 20, BLOB_E_FLAGS);
	if (d->nstates == 0) {
		if (d->nclasses || d->start || d->ncomb || d->nperms || d->flags)
			return fail(where, o, BLOB_E_RANGE);
		return exact_len(s, BLOB_DFA_HDR, where);
	}
	if (d->nstates >= BLOB_MAX_STATES || d->ncomb > BLOB_MAX_COMB ||
	    d->nperms > BLOB_MAX_PERMS)
		return fail(where, o, BLOB_E_LIMIT);
	if ((d->flags & BLOB_DFA_F16) && d->nstates > BLOB_F16_MAX_STATES)
		return fail(where, o + 20, BLOB_E_LIMIT);
	if (d->nclasses < 1 || d->nclasses > 256)
		return fail(where, o + 4, BLOB_E_RANGE);
	if (d->start >= d->nstates)
		return fail(where, o + 8, BLOB_E_RANGE);
	if (d->ncomb < d->nclasses)
		return fail(where, o + 12, BLOB_E_RANGE);
	if (d->nperms < 1)
		return fail(where, o + 16, BLOB_E_RANGE);
	return BLOB_OK;
}

static uint32_t id_at(const uint8_t *a, uint32_t f16, uint32_t i)
{
	return f16 ? blob_le16(a + 2 * (blob_size_t)i) : blob_le32(a + 4 * (blob_size_t)i);
}

static int dfa_padding(const uint8_t *b, blob_size_t o, const struct dfa_layout *l,
		       blob_size_t *where)
{
	int err;

	err = zero_bytes(b, o + l->pidx_end, o + l->def, where);
	if (!err)
		err = zero_bytes(b, o + l->def_end, o + l->base, where);
	if (!err)
		err = zero_bytes(b, o + l->base_end, o + l->next, where);
	if (!err)
		err = zero_bytes(b, o + l->next_end, o + l->check, where);
	if (!err)
		err = zero_bytes(b, o + l->check_end, o + l->perms, where);
	return err;
}

static int dfa_states_check(const struct blob_dfa *d, blob_size_t o,
			    const struct dfa_layout *l, blob_size_t *where)
{
	uint32_t f16 = d->flags & BLOB_DFA_F16, s, i;

	for (i = 0; i < 256; i++)
		if (d->class_of[i] >= d->nclasses)
			return fail(where, o + BLOB_DFA_HDR + i, BLOB_E_RANGE);
	if (blob_le32(d->perm_index) != 0 || id_at(d->def, f16, 0) != 0)
		return fail(where, o + l->pidx, BLOB_E_RANGE);
	for (s = 0; s < d->nstates; s++) {
		if (blob_le32(d->perm_index + 4 * (blob_size_t)s) >= d->nperms)
			return fail(where, o + l->pidx + 4 * (blob_size_t)s, BLOB_E_RANGE);
		if (id_at(d->def, f16, s) >= d->nstates)
			return fail(where, o + l->def, BLOB_E_RANGE);
		if ((uint64_t)blob_le32(d->base + 4 * (blob_size_t)s) + d->nclasses > d->ncomb)
			return fail(where, o + l->base + 4 * (blob_size_t)s, BLOB_E_RANGE);
	}
	for (i = 0; i < d->ncomb; i++)
		if (id_at(d->next, f16, i) >= d->nstates ||
		    id_at(d->check, f16, i) >= d->nstates)
			return fail(where, o + l->next, BLOB_E_RANGE);
	return BLOB_OK;
}

static int dfa_perms_check(const struct blob_dfa *d, uint32_t nxtargets,
			   blob_size_t o, const struct dfa_layout *l,
			   blob_size_t *where)
{
	uint32_t i;
	int err;

	for (i = 0; i < BLOB_PERMS_SIZE; i++)
		if (d->perms[i])
			return fail(where, o + l->perms + i, BLOB_E_RANGE);
	for (i = 1; i < d->nperms; i++) {
		blob_size_t at = (blob_size_t)i * BLOB_PERMS_SIZE;

		err = perms_check(d->perms + at, nxtargets, o + l->perms + at, where);
		if (err)
			return err;
	}
	return BLOB_OK;
}

static int dfa_parse(const uint8_t *b, const struct blob_sec *s, uint32_t nxtargets,
		     struct blob_dfa *d, blob_size_t *where)
{
	const uint8_t *p = b + s->off;
	struct dfa_layout l;
	int err;

	err = dfa_header(p, s, d, where);
	if (err || d->nstates == 0)
		return err;
	dfa_layout(d, &l);
	err = exact_len(s, l.end, where);
	if (err)
		return err;
	d->class_of = p + BLOB_DFA_HDR;
	d->perm_index = p + l.pidx;
	d->def = p + l.def;
	d->base = p + l.base;
	d->next = p + l.next;
	d->check = p + l.check;
	d->perms = p + l.perms;
	err = dfa_padding(b, s->off, &l, where);
	if (!err)
		err = dfa_states_check(d, s->off, &l, where);
	if (!err)
		err = dfa_perms_check(d, nxtargets, s->off, &l, where);
	return err;
}

static int xtargets_parse(const uint8_t *b, const struct blob_sec *s,
			  struct blob_profile *p, blob_size_t *where)
{
	blob_size_t o = s->off, i, area;
	uint32_t n, seen = 0;

	if (s->len < BLOB_XT_HDR)
		return fail(where, o - 4, BLOB_E_SHORT);
	n = blob_le32(b + o);
	if (blob_le32(b + o + 4))
		return fail(where, o + 4, BLOB_E_FLAGS);
	if (n > BLOB_MAX_XTARGETS)
		return fail(where, o, BLOB_E_LIMIT);
	area = s->len - BLOB_XT_HDR;
	o += BLOB_XT_HDR;
	if (area && b[o + area - 1])
		return fail(where, o + area - 1, BLOB_E_STRING);
	for (i = 0; i < area; i++) {
		if (b[o + i] == 0) {
			if (i == 0 || b[o + i - 1] == 0)
				return fail(where, o + i, BLOB_E_STRING);
			seen++;
		} else if (bad_name_byte(b[o + i])) {
			return fail(where, o + i, BLOB_E_STRING);
		}
	}
	if (seen != n)
		return fail(where, s->off, BLOB_E_STRING);
	p->xtargets = (const char *)(b + o);
	p->nxtargets = n;
	p->xtargets_len = (uint32_t)area;
	return BLOB_OK;
}

static int rules_parse(const uint8_t *b, const struct blob_sec *s,
		       struct blob_profile *p, blob_size_t *where)
{
	blob_size_t o = s->off, r;
	uint64_t recs;
	uint32_t n, i, area;
	int err;

	if (s->len < BLOB_RULES_HDR)
		return fail(where, o - 4, BLOB_E_SHORT);
	n = blob_le32(b + o);
	if (blob_le32(b + o + 4))
		return fail(where, o + 4, BLOB_E_FLAGS);
	if (n > BLOB_MAX_RULES)
		return fail(where, o, BLOB_E_LIMIT);
	recs = (uint64_t)n * BLOB_RULE_SIZE;
	if (recs > s->len - BLOB_RULES_HDR)
		return fail(where, o, BLOB_E_SHORT);
	area = s->len - BLOB_RULES_HDR - (uint32_t)recs;
	r = o + BLOB_RULES_HDR;
	if (n && (area == 0 || b[r + recs + area - 1]))
		return fail(where, r + recs, BLOB_E_STRING);
	if (!n && area)
		return fail(where, r, BLOB_E_PADDING);
	for (i = 0; i < n; i++, r += BLOB_RULE_SIZE) {
		uint32_t origin = blob_le32(b + r + 20);

		if (blob_le32(b + r) & ~PP_PERM_ALL)
			return fail(where, r, BLOB_E_FLAGS);
		err = xmode_check(blob_le32(b + r + 4), blob_le32(b + r + 8),
				  p->nxtargets, r + 4, where);
		if (err)
			return err;
		if (blob_le32(b + r + 12) &
		    ~(BLOB_RULE_OWNER | BLOB_RULE_DENY | BLOB_RULE_AUDIT))
			return fail(where, r + 12, BLOB_E_FLAGS);
		if (blob_le32(b + r + 16) >= area)
			return fail(where, r + 16, BLOB_E_RANGE);
		if (origin != BLOB_RULE_NO_ORIGIN && origin >= area)
			return fail(where, r + 20, BLOB_E_RANGE);
	}
	p->rules = b + o + BLOB_RULES_HDR;
	p->nrules = n;
	p->rules_len = s->len - BLOB_RULES_HDR;
	return BLOB_OK;
}

static int net_check(const uint8_t *b, blob_size_t o, blob_size_t *where)
{
	uint32_t i;

	for (i = 0; i < PP_NET_NFAMILIES * 4; i++)
		if (blob_le32(b + o + 4 * i) & ~BLOB_NET_TYPE_MASK)
			return fail(where, o + 4 * i, BLOB_E_FLAGS);
	return BLOB_OK;
}

static int mode_parse(const uint8_t *b, const struct blob_sec *s,
		      struct blob_profile *p, blob_size_t *where)
{
	int err = exact_len(s, BLOB_MODE_SIZE, where);

	if (err)
		return err;
	p->flags = blob_le32(b + s->off);
	p->attach_score = blob_le32(b + s->off + 4);
	if (p->flags & ~PP_PROF_VALID_MASK)
		return fail(where, s->off, BLOB_E_FLAGS);
	return BLOB_OK;
}

static int caps_parse(const uint8_t *b, const struct blob_sec *s,
		      struct blob_profile *p, blob_size_t *where)
{
	int err = exact_len(s, BLOB_CAPS_SIZE, where);
	uint32_t i;

	if (err)
		return err;
	for (i = 0; i < 4; i++)
		p->caps[i] = blob_le64(b + s->off + 8 * i);
	return BLOB_OK;
}

static int section_parse(const uint8_t *b, const struct blob_sec *s,
			 struct blob_profile *p, blob_size_t *where)
{
	int err;

	switch (s->kind) {
	case BLOB_SEC_NAME:
	case BLOB_SEC_ATTACH:
		err = string_check(b, s->off, s->len, where);
		if (!err && s->kind == BLOB_SEC_NAME)
			p->name = (const char *)(b + s->off);
		else if (!err)
			p->attach = (const char *)(b + s->off);
		return err;
	case BLOB_SEC_MODE:
		return mode_parse(b, s, p, where);
	case BLOB_SEC_CAPS:
		return caps_parse(b, s, p, where);
	case BLOB_SEC_NET:
		err = exact_len(s, BLOB_NET_SIZE, where);
		if (!err)
			err = net_check(b, s->off, where);
		if (!err)
			p->net = b + s->off;
		return err;
	case BLOB_SEC_XTARGETS:
		return xtargets_parse(b, s, p, where);
	case BLOB_SEC_FILE:
		return dfa_parse(b, s, p->nxtargets, &p->file, where);
	case BLOB_SEC_XMATCH:
		return dfa_parse(b, s, p->nxtargets, &p->xmatch, where);
	case BLOB_SEC_RULES:
		return rules_parse(b, s, p, where);
	}
	return fail(where, s->off - BLOB_SEC_HDR, BLOB_E_SECTION);
}

static void dfa_clear(struct blob_dfa *d)
{
	d->nstates = d->nclasses = d->start = d->ncomb = d->nperms = d->flags = 0;
	d->class_of = d->perm_index = d->def = d->base = 0;
	d->next = d->check = d->perms = 0;
}

/* Field by field: a struct initializer could become a memset() call. */
static void profile_clear(struct blob_profile *p)
{
	p->name = p->attach = 0;
	p->flags = p->attach_score = 0;
	p->caps[0] = p->caps[1] = p->caps[2] = p->caps[3] = 0;
	p->net = 0;
	dfa_clear(&p->file);
	dfa_clear(&p->xmatch);
	p->xtargets = 0;
	p->nxtargets = p->xtargets_len = 0;
	p->rules = 0;
	p->nrules = p->rules_len = 0;
}

#define SEC_BIT(k) (1u << (k))
#define SEC_REQUIRED (SEC_BIT(BLOB_SEC_NAME) | SEC_BIT(BLOB_SEC_MODE) | \
		      SEC_BIT(BLOB_SEC_CAPS) | SEC_BIT(BLOB_SEC_NET) |   \
		      SEC_BIT(BLOB_SEC_XTARGETS) | SEC_BIT(BLOB_SEC_FILE))

/* The subsections of one profile, filling [off, end) exactly. */
static int profile_parse(const uint8_t *b, blob_size_t off, blob_size_t end,
			 struct blob_profile *p, blob_size_t *where)
{
	uint32_t prev = 0, seen = 0, below;
	struct blob_sec s;
	int err;

	profile_clear(p);
	while (off < end) {
		err = sec_read(b, off, end, &s, where);
		if (err)
			return err;
		/* strictly increasing kinds: no duplicates, fixed order */
		if (s.kind <= prev || s.kind > BLOB_SEC_RULES)
			return fail(where, off, BLOB_E_SECTION);
		below = SEC_REQUIRED & (SEC_BIT(s.kind) - 1);
		if ((seen & below) != below)
			return fail(where, off, BLOB_E_SECTION);
		err = section_parse(b, &s, p, where);
		if (err)
			return err;
		seen |= SEC_BIT(s.kind);
		prev = s.kind;
		off = s.next;
	}
	if ((seen & SEC_REQUIRED) != SEC_REQUIRED)
		return fail(where, end, BLOB_E_SECTION);
	return BLOB_OK;
}

static int header_check(const uint8_t *b, blob_size_t len, blob_size_t *where)
{
	uint64_t total;

	if ((uintptr_t)b & 7u)
		return fail(where, 0, BLOB_E_ALIGN);
	if (len < BLOB_HDR_SIZE)
		return fail(where, 0, BLOB_E_SHORT);
	if (blob_le32(b) != BLOB_MAGIC)
		return fail(where, 0, BLOB_E_MAGIC);
	if (blob_le32(b + 4) != BLOB_VERSION)
		return fail(where, 4, BLOB_E_VERSION);
	if (blob_le32(b + 8))
		return fail(where, 8, BLOB_E_FLAGS);
	if (blob_le32(b + 12) > BLOB_MAX_PROFILES)
		return fail(where, 12, BLOB_E_LIMIT);
	total = blob_le64(b + 16);
	if (total > len)
		return fail(where, 16, BLOB_E_SHORT);
	if (total < len)
		return fail(where, (blob_size_t)total, BLOB_E_PADDING);
	return BLOB_OK;
}

/* Profile i (the caller bounds i by the header's count). */
static int profile_at(const uint8_t *b, blob_size_t len, uint32_t i,
		      struct blob_profile *p)
{
	blob_size_t off = BLOB_HDR_SIZE;
	struct blob_sec s;
	uint32_t j;
	int err;

	for (j = 0;; j++) {
		err = sec_read(b, off, len, &s, 0);
		if (err)
			return err;
		if (s.kind != BLOB_SEC_PROFILE)
			return BLOB_E_SECTION;
		if (j == i)
			break;
		off = s.next;
	}
	return profile_parse(b, s.off, s.off + s.len, p, 0);
}

int blob_verify(const void *buf, blob_size_t len, blob_size_t *where)
{
	const uint8_t *b = buf;
	struct blob_profile p;
	blob_size_t off = BLOB_HDR_SIZE;
	uint32_t n, i;
	int err;

	err = header_check(b, len, where);
	if (err)
		return err;
	n = blob_le32(b + 12);
	for (i = 0; i < n; i++) {
		struct blob_sec s;

		err = sec_read(b, off, len, &s, where);
		if (err)
			return err;
		if (s.kind != BLOB_SEC_PROFILE)
			return fail(where, off, BLOB_E_SECTION);
		err = profile_parse(b, s.off, s.off + s.len, &p, where);
		if (err)
			return err;
		off = s.next;
	}
	if (off != len)
		return fail(where, off, BLOB_E_PADDING);
	return BLOB_OK;
}

uint32_t blob_profile_count(const void *buf, blob_size_t len)
{
	const uint8_t *b = buf;

	if (header_check(b, len, 0))
		return 0;
	return blob_le32(b + 12);
}

int blob_profile_get(const void *buf, blob_size_t len, uint32_t i,
		     struct blob_profile *out)
{
	if (i >= blob_profile_count(buf, len)) {
		profile_clear(out);
		return BLOB_E_RANGE;
	}
	return profile_at(buf, len, i, out);
}

const char *blob_strerror(int err)
{
	switch (err) {
	case BLOB_OK: return "ok";
	case BLOB_E_SHORT: return "truncated: a length runs past its container";
	case BLOB_E_MAGIC: return "bad magic";
	case BLOB_E_VERSION: return "unsupported version";
	case BLOB_E_ALIGN: return "buffer not 8-byte aligned";
	case BLOB_E_SECTION: return "unknown, duplicate, missing or misordered section";
	case BLOB_E_STRING: return "bad string (unterminated, empty or control bytes)";
	case BLOB_E_RANGE: return "index or state id out of range";
	case BLOB_E_FLAGS: return "reserved bits set";
	case BLOB_E_LIMIT: return "too many states, profiles or targets";
	case BLOB_E_PADDING: return "non-zero padding or trailing bytes";
	}
	return "unknown error";
}
