/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pathprof LSM - names shared by every part of the module.
 */
#ifndef _SECURITY_PATHPROF_COMMON_H
#define _SECURITY_PATHPROF_COMMON_H

#include <linux/lsm_hooks.h>

#define PATHPROF_NAME "pathprof"

/*
 * Linux 6.12 has a fixed list of LSM_ID_* values (include/uapi/linux/lsm.h,
 * 100..113) and no registry for out-of-tree modules; 200 keeps well clear
 * of the in-tree range. It is only reported by lsm_list_modules(2).
 */
#ifndef LSM_ID_PATHPROF
#define LSM_ID_PATHPROF 200
#endif

extern const struct lsm_id pathprof_lsmid;
extern bool pathprof_initialized;
extern struct lsm_blob_sizes pathprof_blob_sizes;

void __init pathprof_add_cred_hooks(void);
void __init pathprof_add_file_hooks(void);
void __init pathprof_add_exec_hooks(void);
void __init pathprof_add_cap_hooks(void);
void __init pathprof_add_net_hooks(void);

#endif /* _SECURITY_PATHPROF_COMMON_H */
