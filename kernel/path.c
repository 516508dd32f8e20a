// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - path names for matching (rules: path.h).
 *
 * Locking: d_absolute_path() and dentry_path_raw() take the rename and
 * mount seqlocks themselves; callers must be able to sleep only for
 * pp_path_buf(). The per-CPU buffer of pp_path_cpu_buf() is owned by the
 * caller until pp_path_cpu_buf_put(), with preemption disabled: the file
 * hooks use it around code that never sleeps and never re-enters them,
 * which saves a names-cache allocation per open.
 */

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/mount.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dfa/blob.h"
#include "mount.h" /* fs/mount.h: struct mount, mount_lock */
#include "path.h"

DEFINE_PER_CPU(char *, pp_cpu_buf);

int __init pp_path_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		per_cpu(pp_cpu_buf, cpu) = kmalloc(PATH_MAX, GFP_KERNEL);
		if (!per_cpu(pp_cpu_buf, cpu))
			return -ENOMEM;
	}
	return 0;
}

char *pp_path_buf(void)
{
	return __getname();
}

void pp_path_buf_put(char *buf)
{
	if (buf)
		__putname(buf);
}

/* read_seqbegin(), which -Os may leave out of line. */
static __always_inline unsigned int pp_seqbegin(const seqlock_t *sl)
{
	return read_seqcount_begin(&sl->seqcount);
}

/* Deepest path pp_path_build() walks; deeper ones take the slow path. */
#define PP_WALK_DEPTH 32

/*
 * Collect the names from dentry up to the root of the mount namespace,
 * as __prepend_path() (fs/d_path.c) walks them for d_absolute_path().
 * Returns the number of components, or -1 for a path d_absolute_path()
 * would not name (disconnected, detached) or one too deep to collect;
 * *size is the length of the name they make ('/' + name each). Inlined:
 * it is the hot loop of every file hook.
 */
static __always_inline int pp_walk(const struct dentry *dentry,
				   struct mount *mnt, struct blob_piece *c,
				   size_t *size)
{
	int n = 0;

	for (;;) {
		const struct dentry *parent = READ_ONCE(dentry->d_parent);

		if (dentry == mnt->mnt.mnt_root) {
			struct mount *m = READ_ONCE(mnt->mnt_parent);
			struct mnt_namespace *ns;

			if (likely(mnt != m)) {
				dentry = READ_ONCE(mnt->mnt_mountpoint);
				mnt = m;
				continue;
			}
			ns = READ_ONCE(mnt->mnt_ns);
			return !IS_ERR_OR_NULL(ns) && !is_anon_ns(ns) ? n : -1;
		}
		if (unlikely(dentry == parent) || n == PP_WALK_DEPTH)
			return -1;
		c[n].s = smp_load_acquire(&dentry->d_name.name);
		c[n].len = READ_ONCE(dentry->d_name.len);
		*size += 1 + c[n].len;
		n++;
		dentry = parent;
	}
}

/*
 * Build the name d_absolute_path() would give into buf, forward and
 * without its copy_from_kernel_nofault() per component. Returns the
 * length, or -1 when the caller must ask d_absolute_path() (disconnected,
 * too deep or too long, or a concurrent rename or mount change).
 */
static int pp_path_build(const struct path *path, char *buf, bool is_dir)
{
	/* Only c[0..n) is read, after pp_walk() wrote it: no need to clear
	 * 512 bytes per call under CONFIG_INIT_STACK_ALL_ZERO. */
	struct blob_piece c[PP_WALK_DEPTH] __uninitialized;
	unsigned int seq, m_seq;
	char *dst = buf;
	size_t size = 0; /* unused: the copy checks each component's bound */
	int n, i;

	rcu_read_lock();
	m_seq = pp_seqbegin(&mount_lock);
	seq = pp_seqbegin(&rename_lock);
	n = pp_walk(path->dentry, real_mount(path->mnt), c, &size);
	for (i = n - 1; i >= 0; i--) {
		const char *name = c[i].s, *stop = name + c[i].len;

		/* Same limit as d_absolute_path(buf, PATH_MAX - 1). */
		if (dst - buf + 1 + c[i].len > PATH_MAX - 2) {
			n = -1;
			break;
		}
		*dst++ = '/';
		/*
		 * A rename may pair a new name with the old length: stop at
		 * the NUL every name has; the seqlock check below retries.
		 */
		while (name != stop && *name)
			*dst++ = *name++;
	}
	if (read_seqretry(&rename_lock, seq) ||
	    read_seqretry(&mount_lock, m_seq))
		n = -1;
	rcu_read_unlock();
	if (n < 0)
		return -1;
	if (n == 0 || is_dir)
		*dst++ = '/';
	*dst = '\0';
	return dst - buf;
}

bool pp_path_match(const struct path *path, bool is_dir,
		   const struct blob_dfa *dfa, u32 *state)
{
	/* Only c[0..n) is read, after pp_walk() wrote it. */
	struct blob_piece c[PP_WALK_DEPTH] __uninitialized;
	unsigned int seq, m_seq;
	size_t len = 0;
	int n;
	u32 s;

	if (d_unlinked(path->dentry) && d_is_positive(path->dentry))
		return false;
	rcu_read_lock();
	m_seq = pp_seqbegin(&mount_lock);
	seq = pp_seqbegin(&rename_lock);
	n = pp_walk(path->dentry, real_mount(path->mnt), c, &len);
	/* The name must fit as pp_path_build() would build it. */
	if (n > 0 && len <= PATH_MAX - 2)
		s = blob_dfa_step_pieces(dfa, dfa->start, c, n);
	else
		n = -1;
	if (read_seqretry(&rename_lock, seq) ||
	    read_seqretry(&mount_lock, m_seq))
		n = -1;
	rcu_read_unlock();
	if (n < 0)
		return false;
	if (is_dir)
		s = blob_dfa_step(dfa, s, "/", 1);
	*state = s;
	return true;
}

const char *pp_path_name(const struct path *path, char *buf, bool is_dir,
			 bool attach_disconnected, const char **info)
{
	size_t len;

	return pp_path_name_len(path, buf, is_dir, attach_disconnected, info,
				&len);
}

const char *pp_path_name_len(const struct path *path, char *buf,
			     bool is_dir, bool attach_disconnected,
			     const char **info, size_t *lenp)
{
	char *name;
	size_t len;
	int built;

	if (d_unlinked(path->dentry) && d_is_positive(path->dentry)) {
		*info = "deleted";
		return NULL;
	}
	built = pp_path_build(path, buf, is_dir);
	if (built >= 0) {
		*lenp = built;
		return buf;
	}
	/* Leave one byte after the NUL for the directory '/'. */
	name = d_absolute_path(path, buf, PATH_MAX - 1);
	if (IS_ERR(name) && PTR_ERR(name) == -EINVAL && attach_disconnected)
		name = dentry_path_raw(path->dentry, buf, PATH_MAX - 1);
	if (IS_ERR(name)) {
		*info = PTR_ERR(name) == -ENAMETOOLONG ? "name too long"
						       : "disconnected path";
		return NULL;
	}
	len = strlen(name);
	if (is_dir && len > 0 && name[len - 1] != '/') {
		/* name ends at buf + PATH_MAX - 2, so this stays in bounds. */
		name[len++] = '/';
		name[len] = '\0';
	}
	*lenp = len;
	return name;
}
