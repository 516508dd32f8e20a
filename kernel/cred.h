/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pathprof LSM - confinement state of a task, kept in its cred blob.
 *
 * Locking: a cred is immutable once committed, so its proxy pointer never
 * changes; the profile behind the proxy is read under rcu_read_lock().
 */
#ifndef _SECURITY_PATHPROF_CRED_H
#define _SECURITY_PATHPROF_CRED_H

#include <linux/cred.h>

#include "common.h"
#include "policy.h"

struct pp_cred {
	struct pp_proxy *proxy; /* counted; NULL = unconfined */
};

static inline struct pp_cred *pp_cred(const struct cred *cred)
{
	return cred->security + pathprof_blob_sizes.lbs_cred;
}

/* Cheap test for the hooks' fast path (no RCU needed). */
static inline bool pp_cred_confined(const struct cred *cred)
{
	return pp_cred(cred)->proxy != NULL;
}

/*
 * The profile that confines cred, or NULL when it is unconfined, was
 * removed, or is in "unconfined" mode. Caller holds rcu_read_lock().
 */
static __always_inline struct pp_profile *pp_cred_profile(const struct cred *cred)
{
	struct pp_profile *p = pp_proxy_profile(pp_cred(cred)->proxy);

	return p && !pp_profile_unconfined(p) ? p : NULL;
}

#endif /* _SECURITY_PATHPROF_CRED_H */
