/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Blob format constants and little-endian loads, shared by the writer
 * (blob_write.c) and the freestanding reader (verify.c, match.c).
 * Layout: dfa/FORMAT.md.
 *
 * Every multi-byte field in a verified blob is naturally aligned (the
 * buffer is 8-byte aligned and every section and array starts on 8), so
 * on little-endian hosts a load is one plain access. The may_alias types
 * keep that access legal whatever the buffer's declared type is.
 */
#ifndef PATHPROF_BLOB_LE_H
#define PATHPROF_BLOB_LE_H

#include "blob.h"

/* Section header: u32 kind, u32 len (payload bytes), payload, zero pad to 8. */
#define BLOB_HDR_SIZE   24u  /* magic, version, flags, nprofiles, u64 total length */
#define BLOB_SEC_HDR    8u

/* Top level. */
#define BLOB_SEC_PROFILE   0x50524f46u /* "FORP": one profile, subsections inside */

/* Inside a profile, in this order (kinds strictly increase). */
#define BLOB_SEC_NAME      1u
#define BLOB_SEC_ATTACH    2u  /* optional */
#define BLOB_SEC_MODE      3u
#define BLOB_SEC_CAPS      4u
#define BLOB_SEC_NET       5u
#define BLOB_SEC_XTARGETS  6u
#define BLOB_SEC_FILE      7u
#define BLOB_SEC_XMATCH    8u  /* optional */
#define BLOB_SEC_RULES     9u  /* optional */

#define BLOB_MODE_SIZE     8u   /* u32 flags, u32 attach_score */
#define BLOB_CAPS_SIZE     32u  /* 4 x u64 */
#define BLOB_NET_SIZE      (PP_NET_NFAMILIES * 16u)
#define BLOB_XT_HDR        8u   /* u32 count, u32 zero, then the strings */
#define BLOB_DFA_HDR       32u  /* nstates nclasses start ncomb nperms flags 0 0 */
#define BLOB_PERMS_SIZE    48u  /* struct pp_perms: 12 x u32 */
#define BLOB_RULES_HDR     8u   /* u32 nrules, u32 zero, then records, strings */
#define BLOB_RULE_SIZE     24u  /* perms xmode xindex qual glob_off origin_off */
#define BLOB_RULE_NO_ORIGIN 0xffffffffu

/* Socket type bits that may be set in a NET entry (SOCK_STREAM=1..SOCK_PACKET=10). */
#define BLOB_NET_TYPE_MASK 0x7feu

/* Limits: keep every computed size far from 32-bit overflow. */
#define BLOB_MAX_PROFILES  65535u
#define BLOB_MAX_STATES    (1u << 24)   /* nstates < this */
#define BLOB_MAX_COMB      (1u << 26)
#define BLOB_MAX_PERMS     (1u << 24)
#define BLOB_MAX_XTARGETS  65535u
#define BLOB_MAX_RULES     (1u << 24)
#define BLOB_F16_MAX_STATES 65535u      /* BLOB_DFA_F16 only up to this many states */

#define BLOB_PAD8(n) (((n) + 7u) & ~(blob_size_t)7u)

typedef uint16_t __attribute__((may_alias)) blob_u16a;
typedef uint32_t __attribute__((may_alias)) blob_u32a;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint32_t blob_le16(const uint8_t *p) { return *(const blob_u16a *)p; }
static inline uint32_t blob_le32(const uint8_t *p) { return *(const blob_u32a *)p; }
#else
static inline uint32_t blob_le16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}
static inline uint32_t blob_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
#endif

static inline uint64_t blob_le64(const uint8_t *p)
{
	return (uint64_t)blob_le32(p) | (uint64_t)blob_le32(p + 4) << 32;
}

#endif /* PATHPROF_BLOB_LE_H */
