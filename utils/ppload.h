/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Talking to the pathprof LSM through securityfs. */
#ifndef PATHPROF_PPLOAD_H
#define PATHPROF_PPLOAD_H

#include <stddef.h>
#include <stdint.h>

#define PP_POLICY_FS_DEFAULT "/sys/kernel/security/pathprof"

/* Which policy file of the LSM to write. */
enum pp_load_op { PP_LOAD_ADD, PP_LOAD_REPLACE, PP_LOAD_REMOVE };

/*
 * Write buf to fsdir/.load, .replace or .remove in one write(2): the LSM
 * takes a blob (or a profile name for .remove) per write. Returns 0, or
 * -1 with a human-readable reason in err (the LSM missing, permission,
 * or the kernel's errno text).
 */
int pp_load_write(const char *fsdir, enum pp_load_op op, const void *buf,
		  size_t len, char *err, size_t errlen);

#endif /* PATHPROF_PPLOAD_H */
