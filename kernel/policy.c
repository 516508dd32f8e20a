// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - the profile set: load, replace, remove, look up.
 *
 * Locking: see policy.h. Writers build every new object before taking
 * pp_policy_mutex, check all conflicts under it, then publish with RCU
 * list and pointer operations that cannot fail; the replaced objects are
 * freed after synchronize_rcu() outside the mutex. A failure at any step
 * before publishing leaves the set exactly as it was.
 */

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "audit.h"
#include "policy.h"

static LIST_HEAD(pp_profiles);
static DEFINE_MUTEX(pp_policy_mutex);

void pp_proxy_put(struct pp_proxy *proxy)
{
	if (proxy && refcount_dec_and_test(&proxy->ref))
		kfree(proxy);
}

static void pp_blob_put(struct pp_blob *blob)
{
	if (blob && refcount_dec_and_test(&blob->ref)) {
		kvfree(blob->data);
		kfree(blob);
	}
}

/* Only for profiles that are not (or no longer) visible to readers. */
static void pp_profile_free(struct pp_profile *p)
{
	if (!p)
		return;
	pp_proxy_put(p->proxy);
	pp_blob_put(p->blob);
	kfree(p);
}

int pp_blob_errno(int blob_err)
{
	switch (blob_err) {
	case BLOB_OK:
		return 0;
	case BLOB_E_MAGIC:
	case BLOB_E_VERSION:
		return -EPROTO;
	case BLOB_E_LIMIT:
		return -E2BIG;
	default:
		return -EINVAL;
	}
}

static void pp_policy_log(const char *op, const char *name, const char *info,
			  int error, long offset)
{
	struct pp_audit a;

	pp_audit_init(&a, op);
	a.profile = name;
	a.info = info;
	a.error = error;
	a.offset = offset;
	pp_audit_log(PP_STATUS, &a);
}

static struct pp_profile *pp_find_locked(const char *name)
{
	struct pp_profile *p;

	list_for_each_entry(p, &pp_profiles, list)
		if (!strcmp(p->bp.name, name))
			return p;
	return NULL;
}

bool pp_policy_loaded(void)
{
	return !list_empty(&pp_profiles);
}

struct pp_profile *pp_profile_find(const char *name)
{
	struct pp_profile *p;

	list_for_each_entry_rcu(p, &pp_profiles, list)
		if (!strcmp(p->bp.name, name))
			return p;
	return NULL;
}

/* Is name "<parent>//<child>"? */
static bool pp_is_child_of(const char *name, const char *parent,
			   const char *child)
{
	size_t n = strlen(parent);

	if (strncmp(name, parent, n) || name[n] != '/' || name[n + 1] != '/')
		return false;
	return !child || !strcmp(name + n + 2, child);
}

struct pp_profile *pp_profile_find_child(const struct pp_profile *parent,
					 const char *child)
{
	struct pp_profile *p;

	list_for_each_entry_rcu(p, &pp_profiles, list)
		if (pp_is_child_of(p->bp.name, parent->bp.name, child))
			return p;
	return pp_profile_find(child);
}

/*
 * The profile whose attachment matches path with the highest
 * attach_score. Top-level profiles only when parent is NULL, else only
 * parent's children. Two different profiles matching with the same best
 * score set *conflict (the caller refuses the exec, as AppArmor does).
 */
struct pp_profile *pp_profile_attach(const struct pp_profile *parent,
				     const char *path, bool *conflict)
{
	struct pp_profile *p, *best = NULL;

	*conflict = false;
	list_for_each_entry_rcu(p, &pp_profiles, list) {
		if (parent ? !pp_is_child_of(p->bp.name, parent->bp.name, NULL)
			   : (p->bp.flags & (PP_PROF_CHILD | PP_PROF_HAT)))
			continue;
		if (!blob_profile_attaches(&p->bp, path, strlen(path)))
			continue;
		if (best && p->bp.attach_score == best->bp.attach_score) {
			*conflict = true;
		} else if (!best || p->bp.attach_score > best->bp.attach_score) {
			best = p;
			*conflict = false;
		}
	}
	return best;
}

/* Unpack every profile of a verified blob; NULL-filled on failure. */
static int pp_unpack(struct pp_blob *blob, struct pp_profile **out, u32 n)
{
	u32 i, j;

	for (i = 0; i < n; i++) {
		struct pp_profile *p = kzalloc(sizeof(*p), GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		out[i] = p;
		if (blob_profile_get(blob->data, blob->len, i, &p->bp))
			return -EINVAL;
		if (!p->bp.name[0])
			return -EINVAL;
		p->flags = p->bp.flags;
		p->proxy = kzalloc(sizeof(*p->proxy), GFP_KERNEL);
		if (!p->proxy)
			return -ENOMEM;
		refcount_set(&p->proxy->ref, 1);
		refcount_inc(&blob->ref);
		p->blob = blob;
		for (j = 0; j < i; j++)
			if (!strcmp(out[j]->bp.name, p->bp.name))
				return -EINVAL;
	}
	return 0;
}

static bool pp_in_batch(struct pp_profile **batch, u32 n, const char *name)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (!strcmp(batch[i]->bp.name, name))
			return true;
	return false;
}

static bool pp_attach_tie(const struct pp_profile *a, const struct pp_profile *b)
{
	return a != b && a->bp.attach && b->bp.attach &&
	       a->bp.attach_score == b->bp.attach_score &&
	       !strcmp(a->bp.attach, b->bp.attach) &&
	       strcmp(a->bp.name, b->bp.name);
}

/* Conflicts of a batch with the set (caller holds the mutex). */
static int pp_check_batch(struct pp_profile **batch, u32 n, bool replace,
			  const char **bad, const char **info)
{
	struct pp_profile *q;
	u32 i, j;

	for (i = 0; i < n; i++) {
		*bad = batch[i]->bp.name;
		if (!replace && pp_find_locked(batch[i]->bp.name)) {
			*info = "profile already exists";
			return -EEXIST;
		}
		*info = "attachment tie: same attachment and score";
		for (j = 0; j < n; j++)
			if (pp_attach_tie(batch[i], batch[j]))
				return -EEXIST;
		list_for_each_entry(q, &pp_profiles, list)
			if (!pp_in_batch(batch, n, q->bp.name) &&
			    pp_attach_tie(batch[i], q))
				return -EEXIST;
	}
	return 0;
}

/*
 * Publish the batch (caller holds the mutex). A replacement takes over
 * the old profile's proxy so the tasks confined by it follow; the old
 * profiles are returned through batch[] for freeing after a grace period.
 */
static void pp_publish(struct pp_profile **batch, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		struct pp_profile *p = batch[i];
		struct pp_profile *old = pp_find_locked(p->bp.name);

		if (old) {
			pp_proxy_put(p->proxy);
			p->proxy = old->proxy;
			old->proxy = NULL;
			list_replace_rcu(&old->list, &p->list);
		} else {
			list_add_tail_rcu(&p->list, &pp_profiles);
		}
		rcu_assign_pointer(p->proxy->profile, p);
		batch[i] = old;
	}
}

/* Unlink p (caller holds the mutex); readers see it until a grace period. */
static void pp_unpublish(struct pp_profile *p)
{
	list_del_rcu(&p->list);
	rcu_assign_pointer(p->proxy->profile, NULL);
}

/*
 * A replacement replaces a whole family, as in AppArmor: the children and
 * hats of a replaced profile that the new batch no longer has are removed
 * (caller holds the mutex), onto gone for freeing after a grace period.
 */
static void pp_drop_stale_children(struct pp_profile **batch, u32 n,
				   struct list_head *gone)
{
	struct pp_profile *q, *tmp;
	u32 i;

	list_for_each_entry_safe(q, tmp, &pp_profiles, list) {
		if (pp_in_batch(batch, n, q->bp.name))
			continue;
		for (i = 0; i < n; i++)
			if (pp_is_child_of(q->bp.name, batch[i]->bp.name, NULL))
				break;
		if (i == n)
			continue;
		pp_policy_log("profile_remove", q->bp.name,
			      "not in the replacement", 0, -1);
		pp_unpublish(q);
		list_add_tail(&q->reap, gone);
	}
}

int pp_policy_load(void *data, size_t len, bool replace)
{
	const char *op = replace ? "profile_replace" : "profile_load";
	const char *bad = NULL, *info = "out of memory";
	struct pp_profile **batch = NULL, *q, *tmp;
	struct pp_blob *blob;
	blob_size_t where = 0;
	LIST_HEAD(gone);
	u32 i, n = 0;
	int err;

	err = blob_verify(data, len, &where);
	if (err) {
		pp_policy_log(op, NULL, blob_strerror(err), pp_blob_errno(err),
			      (long)where);
		kvfree(data);
		return pp_blob_errno(err);
	}
	blob = kzalloc(sizeof(*blob), GFP_KERNEL);
	if (!blob) {
		kvfree(data);
		err = -ENOMEM;
		goto fail;
	}
	refcount_set(&blob->ref, 1);
	blob->data = data;
	blob->len = len;
	n = blob_profile_count(data, len);
	batch = kcalloc(n ? n : 1, sizeof(*batch), GFP_KERNEL);
	if (!batch) {
		err = -ENOMEM;
		goto fail;
	}
	err = pp_unpack(blob, batch, n);
	if (err) {
		info = err == -ENOMEM ? info : "bad or duplicate profile name";
		goto fail;
	}

	mutex_lock(&pp_policy_mutex);
	err = pp_check_batch(batch, n, replace, &bad, &info);
	if (!err) {
		for (i = 0; i < n; i++)
			pp_policy_log(op, batch[i]->bp.name, NULL, 0, -1);
		if (replace)
			pp_drop_stale_children(batch, n, &gone);
		pp_publish(batch, n);
	}
	mutex_unlock(&pp_policy_mutex);
	if (err)
		goto fail;

	synchronize_rcu();
	for (i = 0; i < n; i++)
		pp_profile_free(batch[i]);
	list_for_each_entry_safe(q, tmp, &gone, reap)
		pp_profile_free(q);
	kfree(batch);
	pp_blob_put(blob);
	return 0;

fail:
	pp_policy_log(op, bad, info, err, -1);
	if (batch)
		for (i = 0; i < n; i++)
			pp_profile_free(batch[i]);
	kfree(batch);
	pp_blob_put(blob);
	return err;
}

/* Remove name and its children ("name//..."). */
int pp_policy_remove(const char *name)
{
	struct pp_profile *p, *tmp;
	LIST_HEAD(gone);
	int err = -ENOENT;

	mutex_lock(&pp_policy_mutex);
	p = pp_find_locked(name);
	if (p) {
		err = 0;
		list_for_each_entry_safe(p, tmp, &pp_profiles, list) {
			if (strcmp(p->bp.name, name) &&
			    !pp_is_child_of(p->bp.name, name, NULL))
				continue;
			pp_policy_log("profile_remove", p->bp.name, NULL, 0, -1);
			pp_unpublish(p);
			list_add_tail(&p->reap, &gone);
		}
	}
	mutex_unlock(&pp_policy_mutex);
	if (err) {
		pp_policy_log("profile_remove", name, "profile not found", err, -1);
		return err;
	}
	synchronize_rcu();
	list_for_each_entry_safe(p, tmp, &gone, reap)
		pp_profile_free(p);
	return 0;
}

int pp_policy_set_complain(const char *name, bool complain)
{
	struct pp_profile *p;
	int err = -ENOENT;

	mutex_lock(&pp_policy_mutex);
	p = pp_find_locked(name);
	if (p) {
		u32 flags = p->flags & ~PP_PROF_COMPLAIN;

		WRITE_ONCE(p->flags, flags | (complain ? PP_PROF_COMPLAIN : 0));
		err = 0;
	}
	mutex_unlock(&pp_policy_mutex);
	pp_policy_log("profile_mode", name,
		      err ? "profile not found" : complain ? "complain" : "enforce",
		      err, -1);
	return err;
}

void pp_policy_show(struct seq_file *m)
{
	struct pp_profile *p;

	mutex_lock(&pp_policy_mutex);
	list_for_each_entry(p, &pp_profiles, list)
		seq_printf(m, "%s (%s)\n", p->bp.name, pp_profile_mode(p));
	mutex_unlock(&pp_policy_mutex);
}
