/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pathprof LSM - the name a path is matched by.
 */
#ifndef _SECURITY_PATHPROF_PATH_H
#define _SECURITY_PATHPROF_PATH_H

#include <linux/init.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/types.h>

/*
 * Name of path in buf (PATH_MAX bytes, from pp_path_buf()): absolute from
 * the root of the mount namespace (chroot is ignored, as in AppArmor), with
 * a trailing '/' for directories. NULL when there is no name to match;
 * *info then says why (these reasons are logged and documented):
 *   "name too long", "deleted", "disconnected path".
 * With attach_disconnected, a disconnected path is named from the root of
 * its own file system instead.
 */
const char *pp_path_name(const struct path *path, char *buf, bool is_dir,
			 bool attach_disconnected, const char **info);

/* Same, also giving the length of the name. */
const char *pp_path_name_len(const struct path *path, char *buf,
			     bool is_dir, bool attach_disconnected,
			     const char **info, size_t *lenp);

struct blob_dfa;

/*
 * The fast path of the file hooks: *state is the state dfa reaches on the
 * name pp_path_name() would give (from dfa->start), matched in place while
 * walking the dentries, without building the name. Returns false when
 * only pp_path_name() can tell: no name (deleted, disconnected, too long),
 * the root itself, a path deeper than the walk keeps, or a concurrent
 * rename or mount change.
 */
bool pp_path_match(const struct path *path, bool is_dir,
		   const struct blob_dfa *dfa, u32 *state);

/* Per-CPU PATH_MAX buffers, allocated at boot. */
int __init pp_path_init(void);

DECLARE_PER_CPU(char *, pp_cpu_buf);

/* This CPU's buffer; preemption is off until pp_path_cpu_buf_put(). */
static inline char *pp_path_cpu_buf(void)
{
	return *get_cpu_ptr(&pp_cpu_buf);
}

static inline void pp_path_cpu_buf_put(void)
{
	put_cpu_ptr(&pp_cpu_buf);
}

/* PATH_MAX buffers from the names cache; pp_path_buf() may return NULL. */
char *pp_path_buf(void);
void pp_path_buf_put(char *buf);

/* Does the path live on a file system with user-visible paths? */
static inline bool pp_path_mediated(const struct path *path)
{
	return path->mnt && path->dentry &&
	       !(path->dentry->d_sb->s_flags & SB_NOUSER);
}

#endif /* _SECURITY_PATHPROF_PATH_H */
