// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - registration.
 *
 * pathprof stacks with the other LSMs: it only needs a pointer in each
 * cred (cred.h) and registers its hooks from one file per concern.
 * securityfs appears later, from fs.c's initcall, because securityfs is
 * not mounted yet when LSMs initialize.
 *
 * Locking: runs once at boot, before any other task exists.
 */

#include <linux/init.h>
#include <linux/lsm_hooks.h>
#include <uapi/linux/lsm.h>

#include "common.h"
#include "cred.h"
#include "path.h"

const struct lsm_id pathprof_lsmid = {
	.name = PATHPROF_NAME,
	.id = LSM_ID_PATHPROF,
};

/* Set when the LSM was chosen (CONFIG_LSM / lsm=) and its hooks added. */
bool pathprof_initialized __ro_after_init;

struct lsm_blob_sizes pathprof_blob_sizes __ro_after_init = {
	.lbs_cred = sizeof(struct pp_cred),
};

static int __init pathprof_init(void)
{
	int err = pp_path_init();

	if (err) {
		pr_err("pathprof: no memory for path buffers\n");
		return err;
	}
	pathprof_add_cred_hooks();
	pathprof_add_file_hooks();
	pathprof_add_exec_hooks();
	pathprof_add_cap_hooks();
	pathprof_add_net_hooks();
	pathprof_initialized = true;
	pr_info("pathprof: initialized\n");
	return 0;
}

DEFINE_LSM(pathprof) = {
	.name = PATHPROF_NAME,
	.init = pathprof_init,
	.blobs = &pathprof_blob_sizes,
};
