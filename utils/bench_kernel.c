// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * pp-bench open / pp-bench exec: the per-operation cost of the LSMs, measured
 * in the test kernel under QEMU -icount shift=0,sleep=off, where the guest
 * clock advances 1 ns per executed instruction: the figures are instruction
 * counts and repeat exactly.
 *
 * One boot (utils/pp-vm --icount) runs utils/pp-bench-guest, which times
 * pp-bench-loop for five configurations: unconfined, a small pathprof
 * profile, the same profile loaded into AppArmor, and both again with a
 * large profile (base + nameservice abstractions). The host side here only
 * starts the VM, reads its "result CONFIG NS_TOTAL N" lines and prints them.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "pp_config.h"

#define NCONFIGS 5

struct kbench_opts {
	const char *mode;       /* "open" or "exec" */
	const char *iterations;
	const char *kernel;     /* NULL: pp-vm builds/uses the cached one */
	const char *timeout;
	int json;
};

struct kbench_result {
	char config[32];
	double per_op;          /* instructions per operation; < 0 if n/a */
};

static int kbench_usage(const char *mode, FILE *f)
{
	fprintf(f,
		"usage: pp-bench %s [--json] [-n N] [--kernel BZIMAGE] [--timeout S]\n"
		"  Boots the test kernel under QEMU -icount shift=0,sleep=off and times\n"
		"  %s\n"
		"  for: unconfined, pathprof and AppArmor with a small profile, and both\n"
		"  with a large one (abstractions base + nameservice).\n"
		"  -n N  iterations (default %s)\n",
		mode, strcmp(mode, "open") == 0 ? "open()+close() of a tmpfs file" :
		"execve() of a static binary on tmpfs",
		strcmp(mode, "open") == 0 ? "1000000" : "2000");
	return 2;
}

/* Returns 1 to run, 0 after --help, -1 on a usage error. */
static int kbench_parse(int argc, char **argv, struct kbench_opts *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has_value = i + 1 < argc;

		if (strcmp(a, "--json") == 0)
			o->json = 1;
		else if ((strcmp(a, "-n") == 0 || strcmp(a, "--iterations") == 0) && has_value)
			o->iterations = argv[++i];
		else if (strcmp(a, "--kernel") == 0 && has_value)
			o->kernel = argv[++i];
		else if (strcmp(a, "--timeout") == 0 && has_value)
			o->timeout = argv[++i];
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			kbench_usage(o->mode, stdout);
			return 0;
		} else {
			kbench_usage(o->mode, stderr);
			return -1;
		}
	}
	if (strspn(o->iterations, "0123456789") != strlen(o->iterations) ||
	    strtoul(o->iterations, NULL, 10) == 0) {
		fprintf(stderr, "pp-bench %s: -n wants a positive number\n", o->mode);
		return -1;
	}
	return 1;
}

/* pp-bench-loop and pp-parse live next to pp-bench in the build dir. */
static int sibling(const char *name, char *out, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return -1;
	self[n] = '\0';
	if ((size_t)snprintf(out, size, "%s/%s", dirname(self), name) >= size)
		return -1;
	if (access(out, X_OK) != 0) {
		fprintf(stderr, "pp-bench: %s not found (build it: ninja %s)\n", out, name);
		return -1;
	}
	return 0;
}

static FILE *start_vm(const struct kbench_opts *o, pid_t *pid)
{
	char loop[PATH_MAX], parser[PATH_MAX];
	const char *argv[16];
	int fds[2], n = 0;
	FILE *f;

	if (sibling("pp-bench-loop", loop, sizeof(loop)) ||
	    sibling("pp-parse", parser, sizeof(parser)))
		return NULL;
	argv[n++] = PP_SOURCE_ROOT "/utils/pp-vm";
	argv[n++] = "--icount";
	argv[n++] = "-q";
	argv[n++] = "--timeout";
	argv[n++] = o->timeout;
	if (o->kernel) {
		argv[n++] = "--kernel";
		argv[n++] = o->kernel;
	}
	argv[n++] = PP_SOURCE_ROOT "/utils/pp-bench-guest";
	argv[n++] = o->mode;
	argv[n++] = o->iterations;
	argv[n++] = loop;
	argv[n++] = parser;
	argv[n] = NULL;

	if (pipe(fds))
		return NULL;
	*pid = fork();
	if (*pid < 0)
		return NULL;
	if (*pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], (char **)argv);
		fprintf(stderr, "pp-bench: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	return f;
}

/* "result CONFIG NS_TOTAL N" or "result CONFIG - -" (not available). */
static int parse_result(const char *line, struct kbench_result *r)
{
	unsigned long long total, n;

	if (sscanf(line, "result %31s %llu %llu", r->config, &total, &n) == 3 && n > 0) {
		r->per_op = (double)total / (double)n;
		return 0;
	}
	if (sscanf(line, "result %31s", r->config) == 1) {
		r->per_op = -1;
		return 0;
	}
	return -1;
}

static int run_vm(const struct kbench_opts *o, struct kbench_result *res, int *count)
{
	char line[512];
	pid_t pid;
	int status;
	FILE *f = start_vm(o, &pid);

	if (!f)
		return -1;
	*count = 0;
	while (fgets(line, sizeof(line), f)) {
		if (*count < NCONFIGS && parse_result(line, &res[*count]) == 0)
			(*count)++;
		else
			fputs(line, stderr); /* the guest's own messages */
	}
	fclose(f);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "pp-bench %s: the benchmark VM failed (status %d)\n", o->mode,
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	if (*count != NCONFIGS) {
		fprintf(stderr, "pp-bench %s: %d of %d results\n", o->mode, *count, NCONFIGS);
		return -1;
	}
	return 0;
}

static void print_table(const struct kbench_opts *o, const struct kbench_result *r, int n)
{
	double base = r[0].per_op;
	int i;

	printf("pp-bench %s: %s iterations, QEMU -icount shift=0,sleep=off (1 ns = 1 instruction)\n",
	       o->mode, o->iterations);
	printf("%-18s %16s %16s\n", "configuration", "instructions/op", "added");
	for (i = 0; i < n; i++) {
		if (r[i].per_op < 0)
			printf("%-18s %16s %16s\n", r[i].config, "n/a", "n/a");
		else
			printf("%-18s %16.1f %+16.1f\n", r[i].config, r[i].per_op, r[i].per_op - base);
	}
}

static void print_json(const struct kbench_opts *o, const struct kbench_result *r, int n)
{
	double base = r[0].per_op;
	int i;

	printf("{\"benchmark\": \"%s\", \"iterations\": %s, \"clock\": \"icount shift=0\", "
	       "\"results\": [", o->mode, o->iterations);
	for (i = 0; i < n; i++) {
		printf("%s{\"config\": \"%s\", ", i ? ", " : "", r[i].config);
		if (r[i].per_op < 0)
			printf("\"instructions_per_op\": null, \"added_instructions_per_op\": null}");
		else
			printf("\"instructions_per_op\": %.1f, \"added_instructions_per_op\": %.1f}",
			       r[i].per_op, r[i].per_op - base);
	}
	printf("]}\n");
}

static int kbench_main(const char *mode, const char *iterations, int argc, char **argv)
{
	struct kbench_opts o = { .mode = mode, .iterations = iterations, .timeout = "3000" };
	struct kbench_result res[NCONFIGS];
	int n, r = kbench_parse(argc, argv, &o);

	if (r <= 0)
		return r == 0 ? 0 : 2;
	if (run_vm(&o, res, &n))
		return 1;
	if (o.json)
		print_json(&o, res, n);
	else
		print_table(&o, res, n);
	return 0;
}

int bench_open_main(int argc, char **argv)
{
	return kbench_main("open", "1000000", argc, argv);
}

int bench_exec_main(int argc, char **argv)
{
	return kbench_main("exec", "2000", argc, argv);
}
