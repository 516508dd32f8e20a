// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * pp-kt-op: one system call per invocation, for the kernel tests.
 *
 *   pp-kt-op OP ARGS...        do OP, print "ok" or the errno name (EACCES)
 *   pp-kt-op asuser UID OP...  drop to UID (all ids, no capabilities) first
 *   pp-kt-op nocaps OP...      stay uid 0 but clear all capabilities first
 *   pp-kt-op serve             read "OP ARGS..." lines from stdin, answer
 *                              each on stdout (a task that stays alive
 *                              across policy changes)
 *
 * The guest scripts copy this binary to the path a test profile attaches
 * to, so the process doing the syscall is the confined one. Built static:
 * the profiles need no rules for shared libraries.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ARGS 16

static int open_op(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int parse_family(const char *s)
{
	if (strcmp(s, "inet") == 0)
		return AF_INET;
	if (strcmp(s, "inet6") == 0)
		return AF_INET6;
	if (strcmp(s, "unix") == 0)
		return AF_UNIX;
	if (strcmp(s, "netlink") == 0)
		return AF_NETLINK;
	return -1;
}

static int parse_type(const char *s)
{
	if (strcmp(s, "stream") == 0)
		return SOCK_STREAM;
	if (strcmp(s, "dgram") == 0)
		return SOCK_DGRAM;
	if (strcmp(s, "raw") == 0)
		return SOCK_RAW;
	return -1;
}

static int socket_op(const char *family, const char *type)
{
	int fam = parse_family(family), typ = parse_type(type), fd;

	if (fam < 0 || typ < 0) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(fam, typ, 0);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Write FILE to TARGET in one write(), as securityfs wants it. */
static int write_file_op(const char *file, const char *target)
{
	static char buf[1 << 24];
	ssize_t len, done;
	int in, out, saved;

	in = open(file, O_RDONLY);
	if (in < 0)
		return -1;
	len = read(in, buf, sizeof(buf));
	saved = errno;
	close(in);
	if (len < 0) {
		errno = saved;
		return -1;
	}
	out = open(target, O_WRONLY);
	if (out < 0)
		return -1;
	done = write(out, buf, (size_t)len);
	saved = errno;
	close(out);
	if (done < 0) {
		errno = saved;
		return -1;
	}
	if (done != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static int cat_op(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return n < 0 ? -1 : 0;
}

static int drop_to(const char *uid_text)
{
	uid_t uid = (uid_t)strtoul(uid_text, NULL, 10);

	if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return -1;
	return 0;
}

/* Clear every capability set: uid 0 without privileges. */
static int drop_caps(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	return (int)syscall(SYS_capset, &hdr, data);
}

/*
 * A directory chain deeper than PATH_MAX: DEPTH levels named COMPONENT,
 * walked with relative chdir()s since no absolute name of it fits.
 */
static int deep_walk(const char *depth_text, const char *component, int create)
{
	long depth = strtol(depth_text, NULL, 10);

	for (long i = 0; i < depth; i++) {
		if (create && mkdir(component, 0755) && errno != EEXIST)
			return -1;
		if (chdir(component))
			return -1;
	}
	return 0;
}

static int deep_op(const char *depth, const char *component, const char *file, int create)
{
	if (deep_walk(depth, component, create))
		return -1;
	return open_op(file, create ? O_WRONLY | O_CREAT : O_RDONLY);
}

static int at_secure_op(void)
{
	printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
	return 0;
}

/* Returns 0 or -1 with errno; -2 for a usage error. */
static int dispatch(int argc, char **argv)
{
	const char *op = argv[0];

#define IS(name, nargs) (strcmp(op, name) == 0 && argc == (nargs) + 1)
	if (IS("read", 1))
		return open_op(argv[1], O_RDONLY);
	if (IS("write", 1))
		return open_op(argv[1], O_WRONLY);
	if (IS("append", 1))
		return open_op(argv[1], O_WRONLY | O_APPEND);
	if (IS("trunc", 1))
		return open_op(argv[1], O_WRONLY | O_TRUNC);
	if (IS("create", 1))
		return open_op(argv[1], O_WRONLY | O_CREAT | O_EXCL);
	if (IS("cat", 1))
		return cat_op(argv[1]);
	if (IS("mkdir", 1))
		return mkdir(argv[1], 0755);
	if (IS("rmdir", 1))
		return rmdir(argv[1]);
	if (IS("unlink", 1))
		return unlink(argv[1]);
	if (IS("rename", 2))
		return rename(argv[1], argv[2]);
	if (IS("link", 2))
		return link(argv[1], argv[2]);
	if (IS("symlink", 2))
		return symlink(argv[1], argv[2]);
	if (IS("chmod", 2))
		return chmod(argv[1], (mode_t)strtoul(argv[2], NULL, 8));
	if (IS("chown", 3))
		return chown(argv[1], (uid_t)strtoul(argv[2], NULL, 10),
			     (gid_t)strtoul(argv[3], NULL, 10));
	if (IS("socket", 2))
		return socket_op(argv[1], argv[2]);
	if (IS("deep-mk", 3))
		return deep_op(argv[1], argv[2], argv[3], 1);
	if (IS("deep-read", 3))
		return deep_op(argv[1], argv[2], argv[3], 0);
	if (IS("at-secure", 0))
		return at_secure_op();
	if (IS("write-file", 2))
		return write_file_op(argv[1], argv[2]);
	if (strcmp(op, "exec") == 0 && argc >= 2) {
		fflush(stdout);
		execv(argv[1], argv + 1);
		return -1;
	}
	if (strcmp(op, "nocaps") == 0 && argc >= 2) {
		if (drop_caps())
			return -1;
		return dispatch(argc - 1, argv + 1);
	}
	if (strcmp(op, "asuser") == 0 && argc >= 3) {
		if (drop_to(argv[1]))
			return -1;
		return dispatch(argc - 2, argv + 2);
	}
#undef IS
	return -2;
}

static int run_op(int argc, char **argv)
{
	int r = dispatch(argc, argv);

	if (r == -2) {
		fprintf(stderr, "pp-kt-op: bad operation: %s\n", argv[0]);
		return 2;
	}
	if (r < 0) {
		printf("%s\n", strerrorname_np(errno) ? strerrorname_np(errno) : "E?");
		return 1;
	}
	printf("ok\n");
	return 0;
}

static int serve(void)
{
	char line[4096], *argv[MAX_ARGS + 1], *save = NULL, *word;
	int argc;

	while (fgets(line, sizeof(line), stdin)) {
		argc = 0;
		for (word = strtok_r(line, " \t\n", &save); word && argc < MAX_ARGS;
		     word = strtok_r(NULL, " \t\n", &save))
			argv[argc++] = word;
		argv[argc] = NULL;
		if (argc == 0)
			continue;
		if (strcmp(argv[0], "exec") == 0 || strcmp(argv[0], "asuser") == 0 ||
		    strcmp(argv[0], "nocaps") == 0 || strncmp(argv[0], "deep-", 5) == 0) {
			printf("E?\n");
		} else {
			run_op(argc, argv);
		}
		fflush(stdout);
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "serve") == 0)
		return serve();
	if (argc < 2) {
		fputs("usage: pp-kt-op OP ARGS... | asuser UID OP ARGS... | serve\n", stderr);
		return 2;
	}
	return run_op(argc - 1, argv + 1);
}
