/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pathprof LSM - file permission lookup, shared by file.c and exec.c.
 */
#ifndef _SECURITY_PATHPROF_FILE_H
#define _SECURITY_PATHPROF_FILE_H

#include "dfa/blob.h"
#include "dfa/perms.h"
#include "policy.h"

/* The owner or other half of the record the file DFA gives name. */
void pp_file_perms(const struct pp_profile *p, const char *name, bool owner,
		   struct pp_perms_half *out);

/* Same, for a name of known length. */
void pp_file_perms_len(const struct pp_profile *p, const char *name,
		       size_t len, bool owner, struct pp_perms_half *out);

/* Bits a half denies explicitly (deny rules), with w implying a. */
static inline u32 pp_file_deny(const struct pp_perms_half *h)
{
	return blob_half_deny(h);
}

/* Bits a half grants: allow minus deny, with w implying a. */
static inline u32 pp_file_allow(const struct pp_perms_half *h)
{
	return blob_half_allow(h);
}

#endif /* _SECURITY_PATHPROF_FILE_H */
