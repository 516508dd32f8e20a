/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Permission records carried by accepting DFA states.
 *
 * Freestanding: included by the kernel, the matcher, the verifier and
 * userspace alike, so it uses only compiler-provided fixed-width types.
 */
#ifndef PATHPROF_PERMS_H
#define PATHPROF_PERMS_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

/* File permission bits (one letter each, AppArmor's letters). */
#define PP_PERM_EXEC   0x01u /* x */
#define PP_PERM_WRITE  0x02u /* w */
#define PP_PERM_READ   0x04u /* r */
#define PP_PERM_APPEND 0x08u /* a */
#define PP_PERM_LINK   0x10u /* l */
#define PP_PERM_LOCK   0x20u /* k */
#define PP_PERM_MMAP   0x40u /* m: mmap with PROT_EXEC */
#define PP_PERM_ALL    0x7fu

/* Exec transition: low nibble is the mode, high bits are modifiers. */
#define PP_X_NONE      0u
#define PP_X_INHERIT   1u  /* ix */
#define PP_X_PROFILE   2u  /* px / Px */
#define PP_X_CHILD     3u  /* cx / Cx */
#define PP_X_UNCONFINED 4u /* ux / Ux */
#define PP_X_MODE_MASK 0x0fu
#define PP_X_SCRUB     0x10u /* upper-case letter: scrub environment (AT_SECURE) */
#define PP_X_FALLBACK_INHERIT 0x20u    /* pix, cix: ix if the target is missing */
#define PP_X_FALLBACK_UNCONFINED 0x40u /* pux, cux: ux if the target is missing */
#define PP_X_VALID_MASK 0x7fu

/* xindex when the rule names no "-> target": px/cx attach by the exec path. */
#define PP_XINDEX_NONE 0xffffffffu

/* One half (owner or other) of a permission record. */
struct pp_perms_half {
	uint32_t allow;  /* granted bits, before deny is applied */
	uint32_t deny;   /* explicitly denied bits: deny wins over allow */
	uint32_t audit;  /* log these accesses even when allowed / denied */
	uint32_t quiet;  /* do not log denials of these bits */
	uint32_t xmode;  /* exec transition when x is allowed */
	uint32_t xindex; /* index into the exec target table, or PP_XINDEX_NONE */
};

/* [0] applies when fsuid == inode owner, [1] otherwise. */
#define PP_OWNER 0
#define PP_OTHER 1
struct pp_perms {
	struct pp_perms_half half[2];
};

#endif /* PATHPROF_PERMS_H */
