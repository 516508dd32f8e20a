// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - cred hooks: a new cred shares its parent's proxy.
 *
 * Locking: none beyond the proxy's reference count.
 */

#include <linux/cred.h>
#include <linux/lsm_hooks.h>

#include "common.h"
#include "cred.h"

static int pp_cred_prepare(struct cred *new, const struct cred *old, gfp_t gfp)
{
	pp_cred(new)->proxy = pp_proxy_get(pp_cred(old)->proxy);
	return 0;
}

static void pp_cred_transfer(struct cred *new, const struct cred *old)
{
	pp_cred(new)->proxy = pp_proxy_get(pp_cred(old)->proxy);
}

static void pp_cred_free(struct cred *cred)
{
	struct pp_cred *c = pp_cred(cred);

	pp_proxy_put(c->proxy);
	c->proxy = NULL;
}

static struct security_hook_list pp_cred_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(cred_prepare, pp_cred_prepare),
	LSM_HOOK_INIT(cred_transfer, pp_cred_transfer),
	LSM_HOOK_INIT(cred_free, pp_cred_free),
};

void __init pathprof_add_cred_hooks(void)
{
	security_add_hooks(pp_cred_hooks, ARRAY_SIZE(pp_cred_hooks),
			   &pathprof_lsmid);
}
