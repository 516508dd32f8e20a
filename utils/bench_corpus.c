/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * pp-bench corpus: compile the Debian profile corpus with pp-parse and
 * with apparmor_parser in the same run, as child processes, and compare
 * CPU seconds (user + sys), peak RSS (wait4 rusage, which covers the
 * child's own reaped children too), total DFA states and blob bytes.
 *
 * Both compilers get exactly the same file list and resolve includes in
 * /etc/apparmor.d first, so they compile the same sources. Both run with
 * the same number of jobs (default 1, so peak RSS compares one compiler
 * process with another). apparmor_parser's states come from a second,
 * untimed run with "-D dfa-stats" (the final state count of each DFA it
 * builds: file, policy and attachment DFAs); ours from the blobs (file
 * and attachment DFAs).
 *
 * Both sides count every state of a DFA, its dead state included
 * (apparmor_parser's "states N" / "partitions N" include its nonmatching
 * state, as our nstates includes state 0), over every DFA each one
 * builds. Neither builds an attachment DFA for a plain profile name (both
 * compare it as a string); pp-parse builds none for any plain attachment.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "blob.h"

#define AA_PARSER_DEFAULT "/sbin/apparmor_parser"

struct corpus {
	char **files;
	size_t nfiles, cap;
};

struct child_result {
	bool ran;        /* exited 0 */
	double cpu_s;
	double peak_mb;
	long long states; /* -1: unavailable */
	long long bytes;  /* -1: unavailable */
	long long ndfas;  /* DFAs counted in states */
};

/* Files AppArmor itself skips when loading a directory (and that are not
 * profiles): dot files, README, package manager leftovers, backups. */
static bool skip_name(const char *n)
{
	static const char *const suffixes[] = {
		"~", ".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-bak",
		".dpkg-remove", ".pacsave", ".pacnew", ".rpmnew", ".rpmsave",
		".orig", ".rej", ".swp",
	};
	size_t len = strlen(n);

	if (n[0] == '.' || strcmp(n, "README") == 0)
		return true;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len >= sl && strcmp(n + len - sl, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int corpus_add_dir(struct corpus *c, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[PATH_MAX];

	if (!d) {
		fprintf(stderr, "pp-bench corpus: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (skip_name(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue; /* abstractions/, tunables/, local/, disable/ */
		if (c->nfiles == c->cap) {
			size_t ncap = c->cap ? c->cap * 2 : 256;
			char **nf = realloc(c->files, ncap * sizeof(*nf));

			if (!nf)
				break;
			c->files = nf;
			c->cap = ncap;
		}
		c->files[c->nfiles] = strdup(path);
		if (c->files[c->nfiles])
			c->nfiles++;
	}
	closedir(d);
	return 0;
}

/*
 * Run argv with stdout to /dev/null and stderr to errfile; fill cpu and
 * peak memory from wait4. Returns the exit status, -1 if it did not exit.
 */
static int run_child(char *const argv[], const char *errfile, struct child_result *r)
{
	struct rusage ru;
	int status, fd;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0)
			dup2(fd, STDERR_FILENO);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	r->cpu_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		   (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	r->peak_mb = ru.ru_maxrss / 1024.0;
	if (!WIFEXITED(status))
		return -1;
	r->ran = WEXITSTATUS(status) == 0;
	return WEXITSTATUS(status);
}

static char **build_argv(const char *const *head, size_t nhead, const struct corpus *c)
{
	char **argv = calloc(nhead + c->nfiles + 1, sizeof(*argv));

	if (!argv)
		return NULL;
	for (size_t i = 0; i < nhead; i++)
		argv[i] = (char *)head[i];
	for (size_t i = 0; i < c->nfiles; i++)
		argv[nhead + i] = c->files[i];
	return argv;
}

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* States of one blob, every DFA of every profile, and how many DFAs. */
static int blob_states_one(const uint8_t *blob, size_t len, long long *states, long long *ndfas)
{
	struct blob_profile p;
	uint32_t n;

	if (blob_verify(blob, len, NULL) != BLOB_OK)
		return -1;
	n = blob_profile_count(blob, len);
	for (uint32_t i = 0; i < n; i++) {
		if (blob_profile_get(blob, len, i, &p))
			return -1;
		*states += p.file.nstates + p.xmatch.nstates;
		*ndfas += (p.file.nstates > 0) + (p.xmatch.nstates > 0);
	}
	return 0;
}

/* Total states of pp-parse -o output: blobs back to back, each with its
 * total length at byte 16 of its header (dfa/FORMAT.md). */
static long long blob_states(const char *path, long long *ndfas)
{
	long long size = file_size(path), states = 0;
	uint8_t *buf, *copy;
	size_t off = 0, total;
	FILE *f;

	if (size <= 0 || !(buf = malloc((size_t)size)))
		return -1;
	f = fopen(path, "rb");
	if (!f || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		if (f)
			fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	while (off + 24 <= (size_t)size) {
		total = (size_t)le64(buf + off + 16);
		if (total < 24 || total > (size_t)size - off)
			break;
		copy = aligned_alloc(8, (total + 7) & ~(size_t)7);
		if (!copy)
			break;
		memcpy(copy, buf + off, total);
		if (blob_states_one(copy, total, &states, ndfas) < 0) {
			free(copy);
			break;
		}
		free(copy);
		off += total;
	}
	free(buf);
	return off == (size_t)size ? states : -1;
}

/*
 * Sum the final state count of every DFA in apparmor_parser's
 * "-D dfa-stats" output: "Created dfa: states N" starts a DFA, and a
 * following minimization line ("final partitions M", or "no states
 * removed: partitions M") gives its final size.
 */
static long long aa_states_from_stats(const char *errfile, long long *ndfas)
{
	FILE *f = fopen(errfile, "r");
	char line[4096];
	long long total = 0, pending = -1, v;
	const char *p;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if ((p = strstr(line, "Created dfa: states "))) {
			if (pending >= 0)
				total += pending;
			pending = strtoll(p + 20, NULL, 10);
			++*ndfas;
		} else if ((p = strstr(line, "final partitions ")) ||
			   (p = strstr(line, "no states removed: partitions "))) {
			p = strstr(p, "partitions ") + 11;
			v = strtoll(p, NULL, 10);
			if (pending >= 0)
				pending = v;
		}
	}
	fclose(f);
	if (pending >= 0)
		total += pending;
	return pending < 0 && total == 0 ? -1 : total;
}

static void print_tail(const char *errfile)
{
	char cmd[PATH_MAX + 32];

	fprintf(stderr, "--- last lines of %s:\n", errfile);
	snprintf(cmd, sizeof(cmd), "tail -n 20 '%s' >&2", errfile);
	if (system(cmd) != 0)
		fprintf(stderr, "(unreadable)\n");
}

static void self_sibling(const char *name, char *out, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(out, len, "%s/%s", exe, name) < (int)len &&
			    access(out, X_OK) == 0)
				return;
		}
	}
	snprintf(out, len, "/usr/local/bin/%s", name);
}

struct bench_opts {
	bool json;
	const char *pp_parse, *aa_parser, *jobs;
};

/*
 * Untimed pre-pass: compile each file alone and drop the ones pp-parse
 * rejects, so both compilers are timed on the same, compilable list. The
 * rejected files are named on stderr and make the benchmark exit 1.
 */
static size_t drop_failing(const struct bench_opts *o, struct corpus *c, const char *tmp)
{
	char err[PATH_MAX];
	size_t kept = 0, dropped = 0;

	snprintf(err, sizeof(err), "%s/pp-parse.err", tmp);
	for (size_t i = 0; i < c->nfiles; i++) {
		const char *argv[] = { o->pp_parse, "-Q", "-K", "-q", "-I", "/etc/apparmor.d",
				       c->files[i], NULL };
		struct child_result r = { 0 };

		if (run_child((char *const *)argv, err, &r) == 0) {
			c->files[kept++] = c->files[i];
			continue;
		}
		fprintf(stderr, "pp-bench corpus: pp-parse rejects %s; left out of the comparison\n",
			c->files[i]);
		print_tail(err);
		free(c->files[i]);
		dropped++;
	}
	c->nfiles = kept;
	return dropped;
}

/* Run compiler head... + every corpus file, timed into r; -1 (and the
 * tail of its stderr) when it fails. */
static int run_on_corpus(const char *label, const char *const *head, size_t nhead,
			 const struct corpus *c, const char *err, struct child_result *r)
{
	char **argv = build_argv(head, nhead, c);
	int rc;

	if (!argv)
		return -1;
	rc = run_child(argv, err, r);
	free(argv);
	if (rc == 0)
		return 0;
	fprintf(stderr, "pp-bench corpus: %s failed on the corpus (status %d)\n", label, rc);
	print_tail(err);
	return -1;
}

static int run_ours(const struct bench_opts *o, const struct corpus *c,
		    const char *tmp, struct child_result *r)
{
	char out[PATH_MAX], err[PATH_MAX];
	const char *head[] = { o->pp_parse, "-Q", "-K", "-q", "-j", o->jobs,
			       "-I", "/etc/apparmor.d", "-o", out };

	snprintf(out, sizeof(out), "%s/pathprof.blob", tmp);
	snprintf(err, sizeof(err), "%s/pp-parse.err", tmp);
	if (run_on_corpus("pp-parse", head, sizeof(head) / sizeof(head[0]), c, err, r))
		return -1;
	r->bytes = file_size(out);
	r->ndfas = 0;
	r->states = blob_states(out, &r->ndfas);
	return 0;
}

static int run_apparmor(const struct bench_opts *o, const struct corpus *c,
			const char *tmp, struct child_result *r)
{
	char out[PATH_MAX], err[PATH_MAX];
	const char *head[] = { o->aa_parser, "-Q", "-K", "-T", "-j", o->jobs, "-o", out };
	const char *dump[] = { o->aa_parser, "-Q", "-K", "-T", "-j", "1", "-D", "dfa-stats" };
	struct child_result untimed = { 0 };
	char **argv;
	int rc;

	snprintf(out, sizeof(out), "%s/apparmor.bin", tmp);
	snprintf(err, sizeof(err), "%s/apparmor_parser.err", tmp);
	if (run_on_corpus("apparmor_parser", head, sizeof(head) / sizeof(head[0]), c, err, r))
		return -1;
	r->bytes = file_size(out);
	snprintf(err, sizeof(err), "%s/apparmor_parser.dfa-stats", tmp);
	argv = build_argv(dump, sizeof(dump) / sizeof(dump[0]), c);
	if (!argv)
		return -1;
	rc = run_child(argv, err, &untimed);
	free(argv);
	r->ndfas = 0;
	r->states = rc == 0 ? aa_states_from_stats(err, &r->ndfas) : -1;
	return 0;
}

static void json_num(const char *key, double v, bool valid, bool last)
{
	if (valid)
		printf("\"%s\":%.6g%s", key, v, last ? "" : ",");
	else
		printf("\"%s\":null%s", key, last ? "" : ",");
}

static void json_int(const char *key, long long v, bool valid)
{
	if (valid)
		printf("\"%s\":%lld,", key, v);
	else
		printf("\"%s\":null,", key);
}

static void report(const struct bench_opts *o, const struct corpus *c, size_t skipped,
		   const struct child_result *us, const struct child_result *aa)
{
	double ratio = aa->ran && us->cpu_s > 0 ? aa->cpu_s / us->cpu_s : 0;

	if (o->json) {
		printf("{\"corpus_files\":%zu,\"skipped_files\":%zu,", c->nfiles, skipped);
		json_num("pathprof_cpu_s", us->cpu_s, us->ran, false);
		json_num("pathprof_peak_rss_mb", us->peak_mb, us->ran, false);
		json_int("pathprof_dfa_states", us->states, us->ran && us->states >= 0);
		json_int("pathprof_dfas", us->ndfas, us->ran && us->states >= 0);
		json_int("apparmor_dfas", aa->ndfas, aa->ran && aa->states >= 0);
		json_int("pathprof_blob_bytes", us->bytes, us->ran && us->bytes >= 0);
		json_num("apparmor_cpu_s", aa->cpu_s, aa->ran, false);
		json_num("apparmor_peak_rss_mb", aa->peak_mb, aa->ran, false);
		json_int("apparmor_dfa_states", aa->states, aa->ran && aa->states >= 0);
		json_int("apparmor_blob_bytes", aa->bytes, aa->ran && aa->bytes >= 0);
		json_num("cpu_ratio_apparmor_over_pathprof_x", ratio, ratio > 0, true);
		printf("}\n");
		return;
	}
	printf("corpus: %zu profile files (%zu left out: pp-parse rejects them), jobs %s\n",
	       c->nfiles, skipped, o->jobs);
	printf("%-22s %14s %16s\n", "", "pp-parse", "apparmor_parser");
	printf("%-22s %14.3f %16.3f\n", "CPU s (user+sys)", us->cpu_s, aa->cpu_s);
	printf("%-22s %14.1f %16.1f\n", "peak RSS MB", us->peak_mb, aa->peak_mb);
	printf("%-22s %14lld %16lld\n", "DFA states", us->states, aa->states);
	printf("%-22s %14lld %16lld\n", "  in DFAs", us->ndfas, aa->ndfas);
	printf("%-22s %14lld %16lld\n", "blob bytes", us->bytes, aa->bytes);
	if (!aa->ran)
		printf("apparmor_parser: unavailable (figures are 0)\n");
	else if (ratio > 0)
		printf("apparmor_parser used %.1fx the CPU of pp-parse\n", ratio);
	if (aa->ran && aa->states < 0)
		printf("apparmor_parser DFA states: unavailable (no -D dfa-stats output)\n");
	printf("DFA states: all states of every file and attachment DFA each compiler\n"
	       "builds, dead state included on both sides. Neither builds an attachment\n"
	       "DFA for a plain profile name (both compare it as a string).\n");
}

static int parse_bench_args(int argc, char **argv, struct bench_opts *o)
{
	enum { OPT_PP = 256, OPT_AA, OPT_JOBS };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "pp-parse", required_argument, NULL, OPT_PP },
		{ "apparmor-parser", required_argument, NULL, OPT_AA },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'J': o->json = true; break;
		case OPT_PP: o->pp_parse = optarg; break;
		case OPT_AA: o->aa_parser = optarg; break;
		case OPT_JOBS: o->jobs = optarg; break;
		case 'h':
			printf("Usage: pp-bench corpus [--json] [--jobs N] [--pp-parse PATH]\n"
			       "                       [--apparmor-parser PATH] [DIR...]\n"
			       "Compile every profile file in DIRs (default /etc/apparmor.d and\n"
			       "/usr/share/apparmor/extra-profiles) with pp-parse and apparmor_parser;\n"
			       "print CPU seconds, peak RSS, DFA states and blob bytes of both.\n");
			return 1;
		default:
			return -1;
		}
	}
	return optind;
}

static void corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
}

static void remove_tmp(const char *tmp)
{
	static const char *const names[] = {
		"pathprof.blob", "pp-parse.err", "apparmor.bin",
		"apparmor_parser.err", "apparmor_parser.dfa-stats",
	};
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmp, names[i]);
		unlink(path);
	}
	rmdir(tmp);
}

int bench_corpus_main(int argc, char **argv)
{
	struct bench_opts o = { .aa_parser = AA_PARSER_DEFAULT, .jobs = "1" };
	struct child_result us = { .states = -1, .bytes = -1 };
	struct child_result aa = { .states = -1, .bytes = -1 };
	struct corpus c = { 0 };
	char pp_parse[PATH_MAX], tmp[] = "/tmp/pp-bench-corpus.XXXXXX";
	size_t skipped = 0;
	int first, rc = 0;

	first = parse_bench_args(argc, argv, &o);
	if (first < 0)
		return 2;
	if (first == 1 && argc > 1 && strcmp(argv[argc - 1], "--help") == 0)
		return 0;
	if (!o.pp_parse) {
		self_sibling("pp-parse", pp_parse, sizeof(pp_parse));
		o.pp_parse = pp_parse;
	}
	if (first >= argc) {
		corpus_add_dir(&c, "/etc/apparmor.d");
		corpus_add_dir(&c, "/usr/share/apparmor/extra-profiles");
	}
	for (int i = first; i < argc; i++)
		if (corpus_add_dir(&c, argv[i]) < 0)
			rc = 2;
	if (rc || c.nfiles == 0) {
		fprintf(stderr, "pp-bench corpus: no profile files found\n");
		corpus_free(&c);
		return 2;
	}
	qsort(c.files, c.nfiles, sizeof(*c.files), cmp_str);
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "pp-bench corpus: mkdtemp: %s\n", strerror(errno));
		corpus_free(&c);
		return 2;
	}
	skipped = drop_failing(&o, &c, tmp);
	if (skipped)
		rc = 1;
	if (c.nfiles == 0 || run_ours(&o, &c, tmp, &us) < 0)
		rc = 1;
	if (access(o.aa_parser, X_OK) == 0) {
		if (run_apparmor(&o, &c, tmp, &aa) < 0)
			aa.ran = false;
	} else {
		fprintf(stderr, "pp-bench corpus: %s not found: apparmor_parser figures unavailable\n",
			o.aa_parser);
	}
	report(&o, &c, skipped, &us, &aa);
	remove_tmp(tmp);
	corpus_free(&c);
	return rc;
}
