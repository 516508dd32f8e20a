/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pathprof LSM - the loaded profile set.
 *
 * Locking: writers (load, replace, remove, mode switch) serialize on
 * pp_policy_mutex; readers (every hook) walk the list and dereference
 * proxies under rcu_read_lock() and never sleep there. A replaced or
 * removed profile is freed only after synchronize_rcu(), so a profile
 * pointer obtained under RCU stays valid until rcu_read_unlock().
 *
 * A task never points at a profile directly: its cred holds a counted
 * reference to the profile's proxy, and the proxy's RCU pointer follows
 * the profile through replacements (and becomes NULL on removal, which
 * unconfines). That is how a replace takes effect on the next access of
 * tasks that are already running.
 */
#ifndef _SECURITY_PATHPROF_POLICY_H
#define _SECURITY_PATHPROF_POLICY_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/seq_file.h>
#include <linux/types.h>

#include "dfa/blob.h"

/* Largest blob accepted by .load / .replace. */
#define PP_BLOB_MAX (64u << 20)

/* One verified blob, shared by the profiles that point into it. */
struct pp_blob {
	refcount_t ref;
	size_t len;
	void *data;
};

struct pp_profile;

struct pp_proxy {
	refcount_t ref;
	struct pp_profile __rcu *profile; /* NULL once the profile is removed */
};

struct pp_profile {
	struct list_head list;   /* in the profile set, RCU */
	struct list_head reap;   /* removed, waiting for the grace period */
	struct pp_blob *blob;    /* counted; bp points into it */
	struct blob_profile bp;  /* verified view of this profile */
	struct pp_proxy *proxy;  /* counted; handed over on replace */
	u32 flags;               /* PP_PROF_*; COMPLAIN switched at runtime */
};

static inline bool pp_profile_complain(const struct pp_profile *p)
{
	return READ_ONCE(p->flags) & PP_PROF_COMPLAIN;
}

static inline bool pp_profile_unconfined(const struct pp_profile *p)
{
	return READ_ONCE(p->flags) & PP_PROF_UNCONFINED;
}

static inline const char *pp_profile_mode(const struct pp_profile *p)
{
	if (pp_profile_unconfined(p))
		return "unconfined";
	return pp_profile_complain(p) ? "complain" : "enforce";
}

static inline struct pp_proxy *pp_proxy_get(struct pp_proxy *proxy)
{
	if (proxy)
		refcount_inc(&proxy->ref);
	return proxy;
}

void pp_proxy_put(struct pp_proxy *proxy);

/* The profile a proxy stands for; caller holds rcu_read_lock(). */
static inline struct pp_profile *pp_proxy_profile(struct pp_proxy *proxy)
{
	return proxy ? rcu_dereference(proxy->profile) : NULL;
}

/* Writers; each takes ownership of data (a kvmalloc()ed copy). */
int pp_policy_load(void *data, size_t len, bool replace);
int pp_policy_remove(const char *name);
int pp_policy_set_complain(const char *name, bool complain);
void pp_policy_show(struct seq_file *m);

/* Is any profile loaded? A hint: may change right after. */
bool pp_policy_loaded(void);

/* Readers; caller holds rcu_read_lock(). */
struct pp_profile *pp_profile_find(const char *name);
struct pp_profile *pp_profile_find_child(const struct pp_profile *parent,
					 const char *child);
struct pp_profile *pp_profile_attach(const struct pp_profile *parent,
				     const char *path, bool *conflict);

/* Error number for a blob_verify() error (documented in README.md). */
int pp_blob_errno(int blob_err);

#endif /* _SECURITY_PATHPROF_POLICY_H */
