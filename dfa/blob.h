/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Reader side of the policy blob (layout: dfa/FORMAT.md).
 *
 * Freestanding: no libc, no allocation, no floating point. The same
 * source (verify.c, match.c) is compiled into the kernel, the tools and
 * the fuzzers. Nothing in a blob is trusted until blob_verify() returned 0;
 * after that, blob_profile_get() and blob_dfa_match() cannot read outside
 * the buffer for any input.
 */
#ifndef PATHPROF_BLOB_H
#define PATHPROF_BLOB_H

#include "perms.h"

#ifdef __KERNEL__
#include <linux/types.h>
typedef size_t blob_size_t;
#else
#include <stdbool.h>
#include <stddef.h>
typedef size_t blob_size_t;
#endif

#define BLOB_MAGIC   0x46445050u /* "PPDF" little-endian */
#define BLOB_VERSION 1u

/* Profile flags (FORMAT.md "MODE" section). */
#define PP_PROF_COMPLAIN            0x01u
#define PP_PROF_ATTACH_DISCONNECTED 0x02u
#define PP_PROF_KILL                0x04u
#define PP_PROF_UNCONFINED          0x08u
#define PP_PROF_CHILD               0x10u /* nested "profile x {}": reachable by cx only */
#define PP_PROF_HAT                 0x20u /* "^hat {}" */
#define PP_PROF_VALID_MASK          0x3fu

/* Capability sets: one bit per CAP_* number (0..63). */
#define PP_CAP_ALLOW 0
#define PP_CAP_DENY  1
#define PP_CAP_AUDIT 2
#define PP_CAP_QUIET 3

/* Network: one entry per address family (AF_* number, < PP_NET_NFAMILIES),
 * each a mask of socket types (bit n = SOCK_* value n, 1..10). */
#define PP_NET_NFAMILIES 64u

/* A verified DFA inside a blob: pointers into the blob, little-endian data. */
struct blob_dfa {
	uint32_t nstates;   /* 0 means "no DFA": everything maps to no perms */
	uint32_t nclasses;
	uint32_t start;
	uint32_t ncomb;
	uint32_t nperms;
	uint32_t flags;     /* BLOB_DFA_F16: 16-bit state ids in def/next/check */
	const uint8_t *class_of;   /* [256] */
	const uint8_t *perm_index; /* u32[nstates] */
	const uint8_t *def;        /* u16/u32[nstates] */
	const uint8_t *base;       /* u32[nstates] */
	const uint8_t *next;       /* u16/u32[ncomb] */
	const uint8_t *check;      /* u16/u32[ncomb] */
	const uint8_t *perms;      /* struct pp_perms, little-endian, [nperms] */
};
#define BLOB_DFA_F16 0x1u

struct blob_profile {
	const char *name;        /* NUL-terminated, inside the blob */
	const char *attach;      /* attachment glob text or NULL */
	uint32_t flags;          /* PP_PROF_* */
	uint32_t attach_score;   /* specificity of the attachment; higher wins */
	uint64_t caps[4];        /* PP_CAP_* sets */
	const uint8_t *net;      /* u32 [PP_NET_NFAMILIES][4]: allow, deny, audit, quiet */
	struct blob_dfa file;    /* file rules */
	struct blob_dfa xmatch;  /* attachment matcher (nstates 0 if none) */
	const char *xtargets;    /* nxtargets NUL-terminated strings, back to back */
	uint32_t nxtargets;
	uint32_t xtargets_len;
	/* Optional RULES section: the source rules, for "pp-match --explain".
	 * The kernel verifies it like everything else and otherwise ignores it. */
	const uint8_t *rules;    /* nrules records, see FORMAT.md */
	uint32_t nrules;
	uint32_t rules_len;
};

/* One source rule from the RULES section (strings point into the blob). */
struct blob_rule {
	uint32_t perms, xmode, xindex;
	uint32_t qual;           /* BLOB_RULE_OWNER | _DENY | _AUDIT */
	const char *glob;
	const char *origin;      /* "file:line:col" */
};
#define BLOB_RULE_OWNER 0x1u
#define BLOB_RULE_DENY  0x2u
#define BLOB_RULE_AUDIT 0x4u

/* Error codes (negative returns); blob_strerror() names them. */
enum blob_err {
	BLOB_OK = 0,
	BLOB_E_SHORT = -1,     /* truncated: a length runs past the buffer */
	BLOB_E_MAGIC = -2,
	BLOB_E_VERSION = -3,
	BLOB_E_ALIGN = -4,
	BLOB_E_SECTION = -5,   /* unknown, duplicate, missing or misordered section */
	BLOB_E_STRING = -6,    /* string not NUL-terminated or has bad bytes */
	BLOB_E_RANGE = -7,     /* a table index or state id out of range */
	BLOB_E_FLAGS = -8,     /* reserved bits set */
	BLOB_E_LIMIT = -9,     /* too many states/profiles/targets */
	BLOB_E_PADDING = -10,  /* non-zero padding or trailing bytes */
};
const char *blob_strerror(int err);

/*
 * Verify the whole blob. Returns BLOB_OK or a negative enum blob_err; on
 * failure *where (if non-NULL) is set to the byte offset of the problem.
 * buf must be 8-byte aligned.
 */
int blob_verify(const void *buf, blob_size_t len, blob_size_t *where);

/* Number of profiles in a verified blob. */
uint32_t blob_profile_count(const void *buf, blob_size_t len);

/* Fill *out with profile i of a verified blob; returns 0 or BLOB_E_RANGE. */
int blob_profile_get(const void *buf, blob_size_t len, uint32_t i,
		     struct blob_profile *out);

/* Walk a verified DFA over s[0..len); returns the final state (0 = dead). */
uint32_t blob_dfa_match(const struct blob_dfa *d, const char *s, blob_size_t len);

/*
 * Does profile p attach to the executable path s[0..len)? Through its
 * XMATCH DFA (any state with an allowed x for "other"), or, for an
 * attachment without pattern characters, which has no XMATCH, by
 * comparing it with s byte for byte. No attachment: false.
 */
bool blob_profile_attaches(const struct blob_profile *p, const char *s, blob_size_t len);

/* Bits a half denies explicitly (deny rules), with w implying a. */
static inline uint32_t blob_half_deny(const struct pp_perms_half *h)
{
	return h->deny | ((h->deny & PP_PERM_WRITE) ? PP_PERM_APPEND : 0);
}

/* Bits a half grants: allow minus deny, with w implying a. */
static inline uint32_t blob_half_allow(const struct pp_perms_half *h)
{
	uint32_t allow = h->allow;

	if (allow & PP_PERM_WRITE)
		allow |= PP_PERM_APPEND;
	return allow & ~blob_half_deny(h);
}

/*
 * AppArmor's hard link rule, for one half (PP_OWNER or PP_OTHER): a link
 * name to an existing target needs l on the name and on the pair
 * "name NUL target" in the file DFA (FORMAT.md, link pairs), not denied,
 * and the name may grant no more than the target (the subset rule).
 */
struct blob_link_decision {
	uint32_t allow;      /* what the name grants; without l if refused */
	uint32_t deny;       /* the name's denials, plus the pair's l denial */
	uint32_t audit, quiet; /* the pair's: they decide the log line */
	const char *info;    /* why an l the name grants is refused, or NULL */
};
void blob_link_decide(const struct blob_dfa *file, const char *name, blob_size_t nlen,
		      const char *target, blob_size_t tlen, uint32_t half,
		      struct blob_link_decision *out);

/* Same, continuing from state (for matching in pieces, e.g. dir + "/"). */
uint32_t blob_dfa_step(const struct blob_dfa *d, uint32_t state,
		       const char *s, blob_size_t len);

/* One piece of a text matched in pieces (see blob_dfa_step_pieces()). */
struct blob_piece {
	const char *s;
	uint32_t len;
};

/*
 * Walk from state over "/" piece[n-1] "/" piece[n-2] ... "/" piece[0],
 * each piece cut at its first NUL if it has one within len: a path whose
 * components were collected leaf first, matched without being copied
 * (the kernel's file hooks). Returns the final state (0 = dead).
 */
uint32_t blob_dfa_step_pieces(const struct blob_dfa *d, uint32_t state,
			      const struct blob_piece *piece, uint32_t n);

/* Permission record of a state (all zero for state 0 / no DFA). */
void blob_dfa_perms(const struct blob_dfa *d, uint32_t state, struct pp_perms *out);

/* Only half[half] (PP_OWNER or PP_OTHER; any non-zero value is PP_OTHER)
 * of that record: what a hook that knows the owner case needs. */
void blob_dfa_perms_half(const struct blob_dfa *d, uint32_t state,
			 uint32_t half, struct pp_perms_half *out);

/* Network entry for family (zeros if out of range). */
void blob_net_get(const struct blob_profile *p, uint32_t family, uint32_t out[4]);

/* Rule i of the RULES section; returns 0 or BLOB_E_RANGE. */
int blob_rule_get(const struct blob_profile *p, uint32_t i, struct blob_rule *out);

/* Exec target string i, or NULL if out of range. */
const char *blob_xtarget(const struct blob_profile *p, uint32_t i);

#endif /* PATHPROF_BLOB_H */
