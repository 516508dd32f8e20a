/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace writer side of the policy blob (layout: dfa/FORMAT.md). */
#ifndef PATHPROF_BLOB_WRITE_H
#define PATHPROF_BLOB_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include "dfa.h"
#include "blob.h"

struct pp_net_perms {
	uint32_t allow, deny, audit, quiet; /* masks of 1u << SOCK_* */
};

/* One profile to serialize. Child profiles are separate entries whose
 * name is "parent//child" and whose flags carry PP_PROF_CHILD or _HAT. */
struct blob_profile_in {
	const char *name;
	const char *attach;          /* NULL: none (children, named profiles) */
	uint32_t flags;              /* PP_PROF_* */
	uint32_t attach_score;       /* see dfa/FORMAT.md "Attachment" */
	uint64_t caps[4];            /* PP_CAP_* */
	struct pp_net_perms net[PP_NET_NFAMILIES];
	const struct dfa *file;      /* may be NULL: no file rules */
	const struct dfa *xmatch;    /* may be NULL */
	const char *const *xtargets; /* exec targets referenced by xindex */
	uint32_t nxtargets;
	const struct dfa_rule *rules; /* optional: kept in the RULES section */
	size_t nrules;
};

/* Serialize; *out is malloc'd (8-byte aligned). Returns 0 or -1 (errno). */
int blob_write(const struct blob_profile_in *profiles, size_t nprofiles,
	       uint8_t **out, size_t *outlen);

/* Score of an attachment glob: exact paths beat any glob, then more
 * literal bytes win. 0 for NULL. */
uint32_t blob_attach_score(const char *attach);

#endif /* PATHPROF_BLOB_WRITE_H */
