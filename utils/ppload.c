/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ppload.h"

static const char *op_file(enum pp_load_op op)
{
	switch (op) {
	case PP_LOAD_ADD: return ".load";
	case PP_LOAD_REPLACE: return ".replace";
	case PP_LOAD_REMOVE: return ".remove";
	}
	return ".load";
}

/* Why fsdir is not usable, or NULL if it is a directory. */
static const char *fs_missing_reason(const char *fsdir)
{
	struct stat st;

	if (stat(fsdir, &st) == 0)
		return S_ISDIR(st.st_mode) ? NULL : "is not a directory";
	if (errno == EACCES)
		return NULL; /* let open() report the permission problem */
	if (strcmp(fsdir, PP_POLICY_FS_DEFAULT) == 0 &&
	    stat("/sys/kernel/security", &st) == 0 && !S_ISDIR(st.st_mode))
		return "securityfs is not mounted on /sys/kernel/security";
	return "pathprof LSM is not enabled in this kernel";
}

/* What the LSM means by an errno (kernel/README.md), or NULL. */
static const char *errno_hint(enum pp_load_op op, int e)
{
	switch (e) {
	case EEXIST:
		return op == PP_LOAD_ADD ?
		       "a profile of that name is already loaded, or two attachments tie (use -r/--replace)" :
		       "two attachments tie";
	case ENOENT:
		return op == PP_LOAD_REMOVE ? "no profile of that name is loaded" : NULL;
	case EPROTO:
		return "the kernel does not support this blob format version";
	case E2BIG:
		return "the policy exceeds the kernel's limits";
	case EFBIG:
		return "the blob is larger than the kernel accepts";
	case EINVAL:
		return op == PP_LOAD_REMOVE ? "invalid profile name" :
		       "the kernel rejected the blob (the kernel log names the reason)";
	}
	return NULL;
}

int pp_load_write(const char *fsdir, enum pp_load_op op, const void *buf,
		  size_t len, char *err, size_t errlen)
{
	char path[4096];
	const char *why = fs_missing_reason(fsdir);
	ssize_t n;
	int fd;

	if (why) {
		snprintf(err, errlen, "%s: %s", fsdir, why);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", fsdir, op_file(op));
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		if (e == EACCES || e == EPERM)
			snprintf(err, errlen, "%s: permission denied (changing policy needs CAP_MAC_ADMIN: run as root)", path);
		else if (e == ENOENT)
			snprintf(err, errlen, "%s: missing: pathprof LSM is not enabled in this kernel", path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -1;
	}
	n = write(fd, buf, len);
	if (n < 0 || (size_t)n != len) {
		int e = n < 0 ? errno : EIO;

		if (e == EACCES || e == EPERM)
			snprintf(err, errlen, "%s: permission denied (changing policy needs CAP_MAC_ADMIN: run as root)", path);
		else if (errno_hint(op, e))
			snprintf(err, errlen, "%s: %s: %s", path, strerror(e), errno_hint(op, e));
		else
			snprintf(err, errlen, "%s: kernel refused the %s: %s", path,
				 op == PP_LOAD_REMOVE ? "removal" : "policy", strerror(e));
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
