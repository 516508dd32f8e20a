// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - capabilities: a confined task keeps a capability only
 * when its profile allows it (allow set minus deny set). pathprof never
 * grants: commoncap has already said yes when this hook runs.
 *
 * Locking: may run in atomic context; the profile is read under
 * rcu_read_lock() and logging does not sleep.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/lsm_hooks.h>
#include <linux/security.h>

#include "audit.h"
#include "common.h"
#include "cred.h"

static int pp_capable(const struct cred *cred, struct user_namespace *ns,
		      int cap, unsigned int opts)
{
	const struct pp_profile *p;
	struct pp_audit a;
	int err = 0;

	if (!pp_cred_confined(cred))
		return 0;
	rcu_read_lock();
	p = pp_cred_profile(cred);
	if (p) {
		u64 bit = (cap >= 0 && cap < 64) ? 1ull << cap : 0;
		u64 allow = p->bp.caps[PP_CAP_ALLOW] & ~p->bp.caps[PP_CAP_DENY];
		u64 deny = p->bp.caps[PP_CAP_DENY] & bit;

		if (opts & CAP_OPT_NOAUDIT) {
			/* A probe: same answer, no log line, no kill. */
			if (!(allow & bit) && (deny || !pp_profile_complain(p)))
				err = -EPERM;
		} else {
			pp_audit_init(&a, "capable");
			a.cap = cap;
			err = pp_audit_decide(p, &a, 1, (allow & bit) ? 1 : 0,
					      deny ? 1 : 0,
					      (p->bp.caps[PP_CAP_AUDIT] & bit) ? 1 : 0,
					      (p->bp.caps[PP_CAP_QUIET] & bit) ? 1 : 0,
					      -EPERM);
		}
	}
	rcu_read_unlock();
	return err;
}

static struct security_hook_list pp_cap_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(capable, pp_capable),
};

void __init pathprof_add_cap_hooks(void)
{
	security_add_hooks(pp_cap_hooks, ARRAY_SIZE(pp_cap_hooks),
			   &pathprof_lsmid);
}
