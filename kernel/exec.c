// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - exec: attachment and profile transitions.
 *
 * An unconfined task that executes a file takes the profile whose
 * attachment matches the file's name with the highest attach_score
 * (policy.c: pp_profile_attach). A confined task needs x on the file and
 * moves as the rule's exec mode says: ix stays, px/Px goes to the named
 * target or to the profile attached to the file, cx/Cx to a child
 * profile, ux/Ux leaves confinement; pix/cix and pux/cux fall back to ix
 * and ux when the target is missing. Upper-case modes set AT_SECURE, so
 * the dynamic loader scrubs LD_PRELOAD and friends, as AppArmor does.
 * Under no_new_privs a confined task may only stay in its profile.
 * Not mediated (unlike AppArmor): a change of profile while ptraced.
 *
 * Locking: the new cred is private to the exec until it is committed; its
 * proxy reference is taken under rcu_read_lock() while the target profile
 * (which owns a reference to the proxy) cannot be freed.
 */

#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/personality.h>
#include <linux/sched.h>

#include "audit.h"
#include "common.h"
#include "cred.h"
#include "file.h"
#include "path.h"

/* The profile px/cx goes to, or NULL with a->info saying why. */
static const struct pp_profile *pp_exec_target(const struct pp_profile *p,
					       const struct pp_perms_half *h,
					       const char *name,
					       struct pp_audit *a)
{
	bool child = (h->xmode & PP_X_MODE_MASK) == PP_X_CHILD;
	const struct pp_profile *t;
	bool conflict = false;

	if (h->xindex != PP_XINDEX_NONE) {
		const char *tname = blob_xtarget(&p->bp, h->xindex);

		if (!tname)
			t = NULL;
		else if (child)
			t = pp_profile_find_child(p, tname);
		else
			t = pp_profile_find(tname);
	} else {
		t = pp_profile_attach(child ? p : NULL, name, &conflict);
	}
	if (conflict) {
		a->info = "conflicting profile attachments";
		return NULL;
	}
	if (!t)
		a->info = "profile transition not found";
	return t;
}

/*
 * Decide the exec of name by confined profile p. On success *next is the
 * proxy the new cred takes (counted, NULL = unconfined).
 */
static int pp_exec_confined(const struct pp_profile *p,
			    struct linux_binprm *bprm, const char *name,
			    const char *info, struct pp_proxy **next)
{
	const struct pp_profile *t = p;
	struct pp_perms_half h = { 0 };
	struct pp_audit a;
	u32 allow = 0;
	int err;

	pp_audit_init(&a, "exec");
	a.name = name;
	a.info = info;
	a.request = PP_PERM_EXEC;
	a.file = true;
	a.ouid = file_inode(bprm->file)->i_uid;
	if (name) {
		pp_file_perms(p, name, uid_eq(current_fsuid(), a.ouid), &h);
		allow = pp_file_allow(&h);
	}
	if (allow & PP_PERM_EXEC) {
		switch (h.xmode & PP_X_MODE_MASK) {
		case PP_X_INHERIT:
			break;
		case PP_X_UNCONFINED:
			t = NULL;
			break;
		case PP_X_PROFILE:
		case PP_X_CHILD:
			t = pp_exec_target(p, &h, name, &a);
			if (t)
				break;
			if (h.xmode & PP_X_FALLBACK_INHERIT) {
				t = p;
				a.info = NULL;
			} else if (!(h.xmode & PP_X_FALLBACK_UNCONFINED)) {
				allow &= ~PP_PERM_EXEC;
				t = p;
			} else {
				a.info = NULL;
			}
			break;
		default:
			a.info = "no exec mode";
			allow &= ~PP_PERM_EXEC;
			break;
		}
	}
	if ((allow & PP_PERM_EXEC) && t != p && task_no_new_privs(current)) {
		a.info = "no new privs";
		allow &= ~PP_PERM_EXEC;
	}
	if (t != p)
		a.target = t ? t->bp.name : "unconfined";
	err = pp_audit_decide(p, &a, PP_PERM_EXEC, allow, pp_file_deny(&h),
			      h.audit, h.quiet, -EACCES);
	if (err)
		return err;
	if (!(allow & PP_PERM_EXEC))
		t = p; /* complain mode: stay */
	else if (h.xmode & PP_X_SCRUB)
		bprm->secureexec = 1;
	if (t != p) /* as on setuid: drop unsafe personality flags */
		bprm->per_clear |= PER_CLEAR_ON_SETID;
	*next = t ? pp_proxy_get(t->proxy) : NULL;
	return 0;
}

static int pp_exec_unconfined(const char *name, struct pp_proxy **next)
{
	const struct pp_profile *t;
	struct pp_audit a;
	bool conflict;

	if (!name)
		return 0;
	t = pp_profile_attach(NULL, name, &conflict);
	if (conflict) {
		pp_audit_init(&a, "exec");
		a.info = "conflicting profile attachments";
		a.error = -EPERM;
		a.profile = "unconfined";
		a.name = name;
		pp_audit_log(PP_DENIED, &a);
		return -EPERM;
	}
	*next = t ? pp_proxy_get(t->proxy) : NULL;
	return 0;
}

static int pp_bprm_creds_for_exec(struct linux_binprm *bprm)
{
	const struct cred *cred = current_cred();
	struct pp_cred *newc = pp_cred(bprm->cred);
	const struct pp_profile *p;
	struct pp_proxy *next = NULL;
	const char *name, *info = NULL;
	char *buf;
	int err;

	/* Nothing can attach and nothing confines: keep the cred's proxy. */
	if (!pp_cred_confined(cred) && !pp_policy_loaded())
		return 0;
	buf = pp_path_buf();
	if (!buf)
		return -ENOMEM;
	rcu_read_lock();
	p = pp_cred_profile(cred);
	name = pp_path_name(&bprm->file->f_path, buf, false,
			    p && (p->bp.flags & PP_PROF_ATTACH_DISCONNECTED),
			    &info);
	if (p)
		err = pp_exec_confined(p, bprm, name, info, &next);
	else
		err = pp_exec_unconfined(name, &next);
	rcu_read_unlock();
	pp_path_buf_put(buf);
	if (err)
		return err;
	pp_proxy_put(newc->proxy);
	newc->proxy = next;
	return 0;
}

static struct security_hook_list pp_exec_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(bprm_creds_for_exec, pp_bprm_creds_for_exec),
};

void __init pathprof_add_exec_hooks(void)
{
	security_add_hooks(pp_exec_hooks, ARRAY_SIZE(pp_exec_hooks),
			   &pathprof_lsmid);
}
