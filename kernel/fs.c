// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - securityfs interface, /sys/kernel/security/pathprof/
 * (README.md documents every file).
 *
 *   .load     write a blob: add its profiles (EEXIST if a name is loaded)
 *   .replace  write a blob: add or atomically replace its profiles
 *   .remove   write a profile name: remove it and its children
 *   mode      write "NAME enforce" or "NAME complain"
 *   profiles  read: one "NAME (MODE)" line per loaded profile
 *   current   read: the profile confining the reader, "NAME (MODE)" or
 *             "unconfined"
 *   tasks     read: "PID NAME (MODE)" for each confined process (by its
 *             main thread's cred), PIDs as seen from the reader's namespace
 *
 * Writes need CAP_MAC_ADMIN and must come in one write() at offset 0,
 * so a blob is never seen in pieces.
 *
 * Locking: none here; policy.c serializes the writers.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "common.h"
#include "cred.h"
#include "policy.h"

/* Longest profile name accepted by .remove and mode. */
#define PP_NAME_MAX 4096

static int pp_write_allowed(loff_t *pos)
{
	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	if (*pos != 0)
		return -ESPIPE;
	return 0;
}

static ssize_t pp_blob_write(const char __user *ubuf, size_t size,
			     loff_t *pos, bool replace)
{
	void *data;
	int err = pp_write_allowed(pos);

	if (err)
		return err;
	if (size == 0)
		return -EINVAL;
	if (size > PP_BLOB_MAX)
		return -EFBIG;
	data = kvmalloc(size, GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	if (copy_from_user(data, ubuf, size)) {
		kvfree(data);
		return -EFAULT;
	}
	err = pp_policy_load(data, size, replace);
	return err ? err : size;
}

static ssize_t pp_load_write(struct file *f, const char __user *ubuf,
			     size_t size, loff_t *pos)
{
	return pp_blob_write(ubuf, size, pos, false);
}

static ssize_t pp_replace_write(struct file *f, const char __user *ubuf,
				size_t size, loff_t *pos)
{
	return pp_blob_write(ubuf, size, pos, true);
}

/* A short text write, without its trailing newline; kfree() the result. */
static char *pp_text_write(const char __user *ubuf, size_t size, loff_t *pos)
{
	char *s;
	int err = pp_write_allowed(pos);

	if (err)
		return ERR_PTR(err);
	if (size == 0 || size > PP_NAME_MAX)
		return ERR_PTR(-EINVAL);
	s = memdup_user_nul(ubuf, size);
	if (IS_ERR(s))
		return s;
	if (s[size - 1] == '\n')
		s[--size] = '\0';
	/* Empty, or an embedded NUL. */
	if (!size || strlen(s) != size) {
		kfree(s);
		return ERR_PTR(-EINVAL);
	}
	return s;
}

static ssize_t pp_remove_write(struct file *f, const char __user *ubuf,
			       size_t size, loff_t *pos)
{
	char *name = pp_text_write(ubuf, size, pos);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = pp_policy_remove(name);
	kfree(name);
	return err ? err : size;
}

static ssize_t pp_mode_write(struct file *f, const char __user *ubuf,
			     size_t size, loff_t *pos)
{
	char *line = pp_text_write(ubuf, size, pos);
	char *mode;
	int err = -EINVAL;

	if (IS_ERR(line))
		return PTR_ERR(line);
	mode = strrchr(line, ' ');
	if (mode && mode != line) {
		*mode++ = '\0';
		if (!strcmp(mode, "enforce"))
			err = pp_policy_set_complain(line, false);
		else if (!strcmp(mode, "complain"))
			err = pp_policy_set_complain(line, true);
	}
	kfree(line);
	return err ? err : size;
}

static int pp_profiles_show(struct seq_file *m, void *v)
{
	pp_policy_show(m);
	return 0;
}

static int pp_profiles_open(struct inode *inode, struct file *file)
{
	return single_open(file, pp_profiles_show, NULL);
}

static int pp_current_show(struct seq_file *m, void *v)
{
	const struct pp_profile *p;

	rcu_read_lock();
	p = pp_proxy_profile(pp_cred(current_cred())->proxy);
	if (p)
		seq_printf(m, "%s (%s)\n", p->bp.name, pp_profile_mode(p));
	else
		seq_puts(m, "unconfined\n");
	rcu_read_unlock();
	return 0;
}

static int pp_current_open(struct inode *inode, struct file *file)
{
	return single_open(file, pp_current_show, NULL);
}

static int pp_tasks_show(struct seq_file *m, void *v)
{
	const struct pp_profile *p;
	struct task_struct *t;

	rcu_read_lock();
	for_each_process(t) {
		p = pp_proxy_profile(pp_cred(__task_cred(t))->proxy);
		if (p)
			seq_printf(m, "%d %s (%s)\n", task_tgid_vnr(t),
				   p->bp.name, pp_profile_mode(p));
	}
	rcu_read_unlock();
	return 0;
}

static int pp_tasks_open(struct inode *inode, struct file *file)
{
	return single_open(file, pp_tasks_show, NULL);
}

static const struct file_operations pp_load_fops = {
	.write = pp_load_write,
	.llseek = default_llseek,
};

static const struct file_operations pp_replace_fops = {
	.write = pp_replace_write,
	.llseek = default_llseek,
};

static const struct file_operations pp_remove_fops = {
	.write = pp_remove_write,
	.llseek = default_llseek,
};

static const struct file_operations pp_mode_fops = {
	.write = pp_mode_write,
	.llseek = default_llseek,
};

static const struct file_operations pp_profiles_fops = {
	.open = pp_profiles_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static const struct file_operations pp_current_fops = {
	.open = pp_current_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static const struct file_operations pp_tasks_fops = {
	.open = pp_tasks_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static const struct {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
} pp_files[] = {
	{ ".load", 0200, &pp_load_fops },
	{ ".replace", 0200, &pp_replace_fops },
	{ ".remove", 0200, &pp_remove_fops },
	{ "mode", 0200, &pp_mode_fops },
	{ "profiles", 0444, &pp_profiles_fops },
	{ "current", 0444, &pp_current_fops },
	{ "tasks", 0444, &pp_tasks_fops },
};

static int __init pp_create_fs(void)
{
	struct dentry *dir, *d;
	size_t i;

	if (!pathprof_initialized)
		return 0;
	dir = securityfs_create_dir(PATHPROF_NAME, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (i = 0; i < ARRAY_SIZE(pp_files); i++) {
		d = securityfs_create_file(pp_files[i].name, pp_files[i].mode,
					   dir, NULL, pp_files[i].fops);
		if (IS_ERR(d)) {
			securityfs_recursive_remove(dir);
			pr_err("pathprof: securityfs: %ld\n", PTR_ERR(d));
			return PTR_ERR(d);
		}
	}
	return 0;
}
fs_initcall(pp_create_fs);
