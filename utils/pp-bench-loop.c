// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * pp-bench-loop: the guest side of `pp-bench open` and `pp-bench exec`.
 *
 *   pp-bench-loop open N FILE     open(FILE, O_RDONLY) + close, N times
 *   pp-bench-loop exec N          execve() of itself, N times in a chain
 *
 * Prints one line "NS_TOTAL N" measured with CLOCK_MONOTONIC. Run under
 * QEMU's -icount shift=0,sleep=off the guest clock advances one nanosecond
 * per executed instruction, so NS_TOTAL is an instruction count that
 * repeats exactly. The exec loop replaces the process rather than forking
 * so that it measures execve (and the LSM's exec hooks) and not fork+wait;
 * built static, it touches no file besides itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int parse_count(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *s == '\0' || *end != '\0' ? -1 : 0;
}

static int report(uint64_t start, uint64_t n)
{
	printf("%" PRIu64 " %" PRIu64 "\n", now_ns() - start, n);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int open_loop(uint64_t n, const char *file)
{
	uint64_t start, i;
	int fd;

	/* One untimed round: the dentry and the policy lookups are warm. */
	fd = open(file, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "pp-bench-loop: %s: %s\n", file, strerror(errno));
		return 1;
	}
	close(fd);
	start = now_ns();
	for (i = 0; i < n; i++) {
		fd = open(file, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "pp-bench-loop: %s: %s\n", file, strerror(errno));
			return 1;
		}
		close(fd);
	}
	return report(start, n);
}

/* argv: self "exec-step" REMAINING N START_NS */
static int exec_step(char *self, uint64_t remaining, const char *n, const char *start)
{
	char rem[32];
	char *args[] = { self, "exec-step", rem, (char *)n, (char *)start, NULL };
	char *envp[] = { NULL };
	uint64_t total, start_ns;

	if (remaining == 0) {
		if (parse_count(n, &total) || parse_count(start, &start_ns))
			return 2;
		return report(start_ns, total);
	}
	snprintf(rem, sizeof(rem), "%" PRIu64, remaining - 1);
	execve(self, args, envp);
	fprintf(stderr, "pp-bench-loop: execve %s: %s\n", self, strerror(errno));
	return 1;
}

static int exec_loop(char *self, const char *n)
{
	char start[32];
	uint64_t count;

	if (parse_count(n, &count))
		return 2;
	/* Same address layout for every exec: ASLR varies the page-table work
	 * by hundreds of instructions from one exec to the next. */
	if (personality(PER_LINUX | ADDR_NO_RANDOMIZE) < 0)
		fprintf(stderr, "pp-bench-loop: personality: %s\n", strerror(errno));
	snprintf(start, sizeof(start), "%" PRIu64, now_ns());
	return exec_step(self, count, n, start);
}

static int usage(void)
{
	fputs("usage: pp-bench-loop open N FILE | exec N\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	uint64_t n;

	if (argc == 4 && strcmp(argv[1], "open") == 0 && parse_count(argv[2], &n) == 0)
		return open_loop(n, argv[3]);
	if (argc == 3 && strcmp(argv[1], "exec") == 0 && parse_count(argv[2], &n) == 0)
		return exec_loop(argv[0], argv[2]);
	if (argc == 5 && strcmp(argv[1], "exec-step") == 0 && parse_count(argv[2], &n) == 0)
		return exec_step(argv[0], n, argv[3], argv[4]);
	return usage();
}
