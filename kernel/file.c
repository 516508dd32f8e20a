// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - file hooks: open, mmap/mprotect and the path hooks.
 *
 * Every check walks the profile's file DFA over the object's name
 * (path.h) and picks the owner half when fsuid equals the owner of the
 * inode (or, for an object being created, always). The common case, an
 * allowed access that no audit rule asks to log, is decided on the name
 * matched in place as the dentries are walked; anything else builds the
 * name (for the log line) and decides on it. The mapping of hooks to
 * permission letters follows AppArmor's (README.md).
 *
 * Locking: the profile is used only inside the RCU section, which does
 * not sleep; the per-CPU name buffer is held with preemption off, the
 * link hook's two names come from the names cache before rcu_read_lock().
 */

#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/mman.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/string.h>

#include "audit.h"
#include "common.h"
#include "cred.h"
#include "file.h"
#include "path.h"

void pp_file_perms(const struct pp_profile *p, const char *name, bool owner,
		   struct pp_perms_half *out)
{
	pp_file_perms_len(p, name, strlen(name), owner, out);
}

void pp_file_perms_len(const struct pp_profile *p, const char *name,
		       size_t len, bool owner, struct pp_perms_half *out)
{
	u32 state = blob_dfa_match(&p->bp.file, name, len);

	blob_dfa_perms_half(&p->bp.file, state, owner ? PP_OWNER : PP_OTHER,
			    out);
}

static bool pp_attach_disconnected(const struct pp_profile *p)
{
	return p->bp.flags & PP_PROF_ATTACH_DISCONNECTED;
}

/*
 * The decision when it needs a log record or has no name to match: kept
 * out of pp_file_check() so the common case does not set up (and, with
 * CONFIG_INIT_STACK_ALL_ZERO, clear) a struct pp_audit on every open.
 */
static noinline int pp_file_audit(const struct pp_profile *p, const char *op,
				  const char *name, const char *info,
				  u32 request, kuid_t ouid,
				  const struct pp_perms_half *h)
{
	struct pp_audit a;

	pp_audit_init(&a, op);
	a.name = name;
	a.info = info;
	a.request = request;
	a.file = true;
	a.ouid = ouid;
	if (!name)
		return pp_audit_decide(p, &a, request, 0, 0, 0, 0, -EACCES);
	return pp_audit_decide(p, &a, request, pp_file_allow(h),
			       pp_file_deny(h), h->audit, h->quiet, -EACCES);
}

/*
 * The common case: the name, matched in place without being built, gets
 * request and no audit. Anything else (a denial, an audit rule, a path
 * only the slow path can name) goes through pp_path_name_len(), which
 * builds the name the log line needs and decides again on it.
 */
static bool pp_file_fast_allow(const struct pp_profile *p,
			       const struct path *path, u32 request,
			       bool is_dir, bool owner)
{
	struct pp_perms_half h __uninitialized;
	u32 state;

	if (!pp_path_match(path, is_dir, &p->bp.file, &state))
		return false;
	blob_dfa_perms_half(&p->bp.file, state, owner ? PP_OWNER : PP_OTHER,
			    &h);
	return !(request & ~pp_file_allow(&h)) && !(request & h.audit);
}

/* The slow path: build the name, match it, decide and log. */
static int pp_file_named_check(const struct pp_profile *p,
			       const struct cred *cred, const char *op,
			       const struct path *path, u32 request,
			       bool is_dir, kuid_t ouid)
{
	/* Written in full by pp_file_perms_len() before any read. */
	struct pp_perms_half h __uninitialized;
	const char *name, *info = NULL;
	size_t len;
	int err = 0;

	name = pp_path_name_len(path, pp_path_cpu_buf(), is_dir,
				pp_attach_disconnected(p), &info, &len);
	if (name)
		pp_file_perms_len(p, name, len, uid_eq(cred->fsuid, ouid), &h);
	if (!name || (request & ~pp_file_allow(&h)) || (request & h.audit))
		err = pp_file_audit(p, op, name, info, request, ouid, &h);
	pp_path_cpu_buf_put();
	return err;
}

/* Check request on the object at path for the current task. */
static int pp_file_check(const char *op, const struct path *path,
			 u32 request, bool is_dir, kuid_t ouid)
{
	const struct cred *cred = current_cred();
	const struct pp_profile *p;
	int err = 0;

	if (likely(!pp_cred_confined(cred)) || !request ||
	    !pp_path_mediated(path))
		return 0;
	rcu_read_lock();
	p = pp_cred_profile(cred);
	if (p && !pp_file_fast_allow(p, path, request, is_dir,
				     uid_eq(cred->fsuid, ouid)))
		err = pp_file_named_check(p, cred, op, path, request, is_dir,
					  ouid);
	rcu_read_unlock();
	return err;
}

static int pp_file_open(struct file *file)
{
	struct inode *inode = file_inode(file);
	u32 request = 0;

	/* The exec hooks check the binary and its interpreter. */
	if (file->f_flags & __FMODE_EXEC)
		return 0;
	if (file->f_mode & FMODE_WRITE)
		request |= (file->f_flags & O_APPEND) ? PP_PERM_APPEND
						      : PP_PERM_WRITE;
	if (file->f_mode & FMODE_READ)
		request |= PP_PERM_READ;
	if (file->f_flags & O_TRUNC)
		request |= PP_PERM_WRITE;
	return pp_file_check("open", &file->f_path, request,
			     S_ISDIR(inode->i_mode), inode->i_uid);
}

static int pp_file_truncate(struct file *file)
{
	return pp_file_check("truncate", &file->f_path, PP_PERM_WRITE, false,
			     file_inode(file)->i_uid);
}

static int pp_mmap_file(struct file *file, unsigned long reqprot,
			unsigned long prot, unsigned long flags)
{
	/* Mapping what exec opened is part of the exec (as in AppArmor). */
	if (!file || !(prot & PROT_EXEC) || (file->f_flags & __FMODE_EXEC))
		return 0;
	return pp_file_check("file_mmap", &file->f_path, PP_PERM_MMAP, false,
			     file_inode(file)->i_uid);
}

static int pp_file_mprotect(struct vm_area_struct *vma, unsigned long reqprot,
			    unsigned long prot)
{
	struct file *file = vma->vm_file;

	if (!file || !(prot & PROT_EXEC) || (vma->vm_flags & VM_EXEC) ||
	    (file->f_flags & __FMODE_EXEC))
		return 0;
	return pp_file_check("file_mprotect", &file->f_path, PP_PERM_MMAP,
			     false, file_inode(file)->i_uid);
}

/* A dentry in dir; a negative one is being created by the caller. */
static int pp_dentry_check(const char *op, const struct path *dir,
			   struct dentry *dentry, u32 request, bool is_dir)
{
	struct path path = { .mnt = dir->mnt, .dentry = dentry };
	kuid_t ouid = current_fsuid();

	if (d_is_positive(dentry)) {
		ouid = d_backing_inode(dentry)->i_uid;
		is_dir = is_dir || d_is_dir(dentry);
	}
	return pp_file_check(op, &path, request, is_dir, ouid);
}

static int pp_path_unlink(const struct path *dir, struct dentry *dentry)
{
	return pp_dentry_check("unlink", dir, dentry, PP_PERM_WRITE, false);
}

static int pp_path_mkdir(const struct path *dir, struct dentry *dentry,
			 umode_t mode)
{
	return pp_dentry_check("mkdir", dir, dentry, PP_PERM_WRITE, true);
}

static int pp_path_rmdir(const struct path *dir, struct dentry *dentry)
{
	return pp_dentry_check("rmdir", dir, dentry, PP_PERM_WRITE, true);
}

static int pp_path_mknod(const struct path *dir, struct dentry *dentry,
			 umode_t mode, unsigned int dev)
{
	return pp_dentry_check("mknod", dir, dentry, PP_PERM_WRITE, false);
}

static int pp_path_symlink(const struct path *dir, struct dentry *dentry,
			   const char *old_name)
{
	return pp_dentry_check("symlink", dir, dentry, PP_PERM_WRITE, false);
}

static int pp_path_truncate(const struct path *path)
{
	return pp_dentry_check("truncate", path, path->dentry, PP_PERM_WRITE,
			       false);
}

static int pp_path_chmod(const struct path *path, umode_t mode)
{
	return pp_dentry_check("chmod", path, path->dentry, PP_PERM_WRITE,
			       false);
}

static int pp_path_chown(const struct path *path, kuid_t uid, kgid_t gid)
{
	return pp_dentry_check("chown", path, path->dentry, PP_PERM_WRITE,
			       false);
}

static int pp_path_rename(const struct path *old_dir, struct dentry *old_dentry,
			  const struct path *new_dir, struct dentry *new_dentry,
			  unsigned int flags)
{
	bool exchange = flags & RENAME_EXCHANGE;
	int err;

	err = pp_dentry_check("rename_src", old_dir, old_dentry,
			      PP_PERM_READ | PP_PERM_WRITE, false);
	if (err)
		return err;
	return pp_dentry_check("rename_dest", new_dir, new_dentry,
			       exchange ? PP_PERM_READ | PP_PERM_WRITE
					: PP_PERM_WRITE,
			       d_is_dir(old_dentry));
}

/*
 * A hard link needs l on the new name and on the pair (new name, target):
 * AppArmor's encoding, the file DFA walked over the name, one NUL byte,
 * then the target (dfa/FORMAT.md), so "link /a -> /b" allows /b only.
 * The pair's deny, audit and quiet bits decide the log line. And the new
 * name may not grant more than the target does (AppArmor's link subset
 * rule), so a link cannot widen access to the file.
 */
static int pp_link_decide(const struct pp_profile *p, const char *link,
			  const char *target, const struct cred *cred,
			  kuid_t ouid, struct pp_audit *a)
{
	u32 half = uid_eq(cred->fsuid, ouid) ? PP_OWNER : PP_OTHER;
	struct blob_link_decision l;

	blob_link_decide(&p->bp.file, link, strlen(link), target,
			 strlen(target), half, &l);
	if (l.info)
		a->info = l.info;
	return pp_audit_decide(p, a, PP_PERM_LINK, l.allow, l.deny, l.audit,
			       l.quiet, -EACCES);
}

static int pp_path_link(struct dentry *old_dentry, const struct path *new_dir,
			struct dentry *new_dentry)
{
	const struct cred *cred = current_cred();
	struct path lpath = { .mnt = new_dir->mnt, .dentry = new_dentry };
	struct path tpath = { .mnt = new_dir->mnt, .dentry = old_dentry };
	kuid_t ouid = d_backing_inode(old_dentry)->i_uid;
	const char *link, *target, *info = NULL;
	const struct pp_profile *p;
	char *lbuf, *tbuf;
	struct pp_audit a;
	int err = 0;

	if (!pp_cred_confined(cred) || !pp_path_mediated(&lpath))
		return 0;
	lbuf = pp_path_buf();
	tbuf = pp_path_buf();
	if (!lbuf || !tbuf) {
		err = -ENOMEM;
		goto out;
	}
	rcu_read_lock();
	p = pp_cred_profile(cred);
	if (p) {
		bool ad = pp_attach_disconnected(p);

		link = pp_path_name(&lpath, lbuf, false, ad, &info);
		target = link ? pp_path_name(&tpath, tbuf, false, ad, &info)
			      : NULL;
		pp_audit_init(&a, "link");
		a.name = link;
		a.target = target;
		a.info = info;
		a.request = PP_PERM_LINK;
		a.file = true;
		a.ouid = ouid;
		if (link && target)
			err = pp_link_decide(p, link, target, cred, ouid, &a);
		else
			err = pp_audit_decide(p, &a, PP_PERM_LINK, 0, 0, 0, 0,
					      -EACCES);
	}
	rcu_read_unlock();
out:
	pp_path_buf_put(lbuf);
	pp_path_buf_put(tbuf);
	return err;
}

static struct security_hook_list pp_file_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_open, pp_file_open),
	LSM_HOOK_INIT(file_truncate, pp_file_truncate),
	LSM_HOOK_INIT(mmap_file, pp_mmap_file),
	LSM_HOOK_INIT(file_mprotect, pp_file_mprotect),
	LSM_HOOK_INIT(path_unlink, pp_path_unlink),
	LSM_HOOK_INIT(path_mkdir, pp_path_mkdir),
	LSM_HOOK_INIT(path_rmdir, pp_path_rmdir),
	LSM_HOOK_INIT(path_mknod, pp_path_mknod),
	LSM_HOOK_INIT(path_symlink, pp_path_symlink),
	LSM_HOOK_INIT(path_truncate, pp_path_truncate),
	LSM_HOOK_INIT(path_chmod, pp_path_chmod),
	LSM_HOOK_INIT(path_chown, pp_path_chown),
	LSM_HOOK_INIT(path_rename, pp_path_rename),
	LSM_HOOK_INIT(path_link, pp_path_link),
};

void __init pathprof_add_file_hooks(void)
{
	security_add_hooks(pp_file_hooks, ARRAY_SIZE(pp_file_hooks),
			   &pathprof_lsmid);
}
