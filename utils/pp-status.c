// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * pp-status: loaded profiles and their modes, confined processes, counts;
 * aa-status's options and exit codes:
 *   0 enabled with policy, 1 not enabled, 2 enabled without policy,
 *   3 control files unavailable, 4 not enough privilege, 42 internal error.
 * Processes: /proc/PID/attr/pathprof/current when the kernel has it,
 * else the policy fs `tasks` file (PID NAME (MODE)) when it exists.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "ppfmt.h"

#define FS_DEFAULT "/sys/kernel/security/pathprof"

struct entry {
	char *name, *mode;
	long pid;
};

struct list {
	struct entry *v;
	size_t n, cap;
};

static int push(struct list *l, const char *name, size_t nlen, const char *mode,
		size_t mlen, long pid)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 32;
		struct entry *nv = realloc(l->v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n].name = strndup(name, nlen);
	l->v[l->n].mode = strndup(mode, mlen);
	l->v[l->n].pid = pid;
	if (!l->v[l->n].name || !l->v[l->n].mode)
		return -1;
	l->n++;
	return 0;
}

/* "NAME (MODE)" -> name, mode; names may hold spaces. */
static int parse_named(struct list *l, const char *line, long pid)
{
	size_t len = strcspn(line, "\n");
	const char *open = NULL;

	for (size_t i = len; i-- > 0;)
		if (line[i] == '(') {
			open = line + i;
			break;
		}
	if (!open || len < 3 || line[len - 1] != ')' || open == line)
		return push(l, line, len, "unknown", 7, pid);
	return push(l, line, (size_t)(open - line - 1), open + 1,
		    (size_t)(line + len - 1 - open - 1), pid);
}

/* 0, or the aa-status exit code for an unreadable file. */
static int read_profiles(const char *fs, struct list *l)
{
	char *path, *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (asprintf(&path, "%s/profiles", fs) < 0)
		return 42;
	f = fopen(path, "r");
	free(path);
	if (!f)
		return errno == EACCES || errno == EPERM ? 4 : 3;
	while (getline(&line, &cap, f) > 0)
		if (line[0] != '\n' && parse_named(l, line, -1)) {
			fclose(f);
			free(line);
			return 42;
		}
	free(line);
	fclose(f);
	return 0;
}

static void read_procs(const char *fs, struct list *l)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	char *path, *line = NULL;
	size_t cap = 0;
	FILE *f;

	while (d && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]) ||
		    asprintf(&path, "/proc/%s/attr/pathprof/current", de->d_name) < 0)
			continue;
		f = fopen(path, "r");
		free(path);
		if (f && getline(&line, &cap, f) > 0 && strncmp(line, "unconfined", 10))
			parse_named(l, line, atol(de->d_name));
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	if (l->n || asprintf(&path, "%s/tasks", fs) < 0)
		goto out;
	f = fopen(path, "r");
	free(path);
	while (f && getline(&line, &cap, f) > 0) {
		char *end;
		long pid = strtol(line, &end, 10);

		if (end != line && *end == ' ')
			parse_named(l, end + 1, pid);
	}
	if (f)
		fclose(f);
out:
	free(line);
}

static size_t count(const struct list *l, const char *mode)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += !strcmp(l->v[i].mode, mode);
	return n;
}

static void print_text(const struct list *p, const struct list *t)
{
	static const char *const modes[] = { "enforce", "complain", "unconfined" };

	printf("pathprof module is loaded.\n%zu profiles are loaded.\n", p->n);
	for (size_t m = 0; m < 3; m++) {
		size_t n = count(p, modes[m]);

		if (m == 2 && !n)
			continue;
		printf("%zu profiles are in %s mode.\n", n, modes[m]);
		for (size_t i = 0; i < p->n; i++)
			if (!strcmp(p->v[i].mode, modes[m]))
				printf("   %s\n", p->v[i].name);
	}
	printf("%zu processes are confined.\n", t->n);
	for (size_t m = 0; m < 2; m++) {
		printf("%zu processes are in %s mode.\n", count(t, modes[m]), modes[m]);
		for (size_t i = 0; i < t->n; i++)
			if (!strcmp(t->v[i].mode, modes[m]))
				printf("   (%ld) %s\n", t->v[i].pid, t->v[i].name);
	}
}

static void print_json(const struct list *p, const struct list *t, bool pretty)
{
	const char *nl = pretty ? "\n" : "", *ind = pretty ? "  " : "";

	printf("{%s%s\"version\": \"1\",%s%s\"profiles\": {", nl, ind, nl, ind);
	for (size_t i = 0; i < p->n; i++) {
		printf("%s%s%s", i ? "," : "", nl, pretty ? "    " : "");
		pp_json_string(stdout, p->v[i].name);
		printf(": ");
		pp_json_string(stdout, p->v[i].mode);
	}
	printf("%s%s},%s%s\"processes\": {", nl, ind, nl, ind);
	for (size_t i = 0; i < t->n; i++) {
		printf("%s%s%s\"%ld\": [{\"profile\": ", i ? "," : "", nl,
		       pretty ? "    " : "", t->v[i].pid);
		pp_json_string(stdout, t->v[i].name);
		printf(", \"status\": ");
		pp_json_string(stdout, t->v[i].mode);
		printf("}]");
	}
	printf("%s%s}%s}\n", nl, ind, nl);
}

static void usage(FILE *out)
{
	fputs(
"Usage: pp-status [OPTION]\n"
"Show the state of pathprof's loaded policy.\n"
"\n"
"      --enabled        only the exit status: is pathprof enabled?\n"
"      --profiled       print the number of loaded profiles\n"
"      --enforced       print the number of profiles in enforce mode\n"
"      --complaining    print the number of profiles in complain mode\n"
"      --verbose        profiles, modes and confined processes (default)\n"
"      --json           the same as one JSON object\n"
"      --pretty-json    the same, indented\n"
"      --policy-fs DIR  pathprof's securityfs directory\n"
"                       (default " FS_DEFAULT ")\n"
"  -h, --help           print this help and exit\n"
"\n"
"Exit status (as aa-status): 0 enabled with profiles loaded, 1 not enabled,\n"
"2 enabled without profiles, 3 control files unavailable, 4 not enough\n"
"privilege to read them, 42 internal error. See pp-status(8).\n", out);
}

enum what { W_VERBOSE, W_ENABLED, W_PROFILED, W_ENFORCED, W_COMPLAIN, W_JSON, W_PRETTY };

static void free_list(struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].mode);
	}
	free(l->v);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "enabled", no_argument, NULL, W_ENABLED + 256 },
		{ "profiled", no_argument, NULL, W_PROFILED + 256 },
		{ "enforced", no_argument, NULL, W_ENFORCED + 256 },
		{ "complaining", no_argument, NULL, W_COMPLAIN + 256 },
		{ "verbose", no_argument, NULL, W_VERBOSE + 256 },
		{ "json", no_argument, NULL, W_JSON + 256 },
		{ "pretty-json", no_argument, NULL, W_PRETTY + 256 },
		{ "policy-fs", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *fs = FS_DEFAULT;
	struct list profiles = { 0 }, tasks = { 0 };
	enum what what = W_VERBOSE;
	struct stat st;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == 'F') {
			fs = optarg;
		} else if (c >= 256) {
			what = (enum what)(c - 256);
		} else {
			usage(stderr);
			return 42;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 42;
	}
	if (stat(fs, &st) || !S_ISDIR(st.st_mode)) {
		if (what != W_ENABLED)
			fprintf(stderr, "pp-status: pathprof is not enabled (no %s)\n", fs);
		return 1;
	}
	if (what == W_ENABLED)
		return 0;
	rc = read_profiles(fs, &profiles);
	if (rc) {
		fprintf(stderr, "pp-status: cannot read %s/profiles: %s\n", fs,
			rc == 4 ? "permission denied (run as root)" : strerror(errno));
		free_list(&profiles);
		return rc;
	}
	read_procs(fs, &tasks);
	switch (what) {
	case W_PROFILED: printf("%zu\n", profiles.n); break;
	case W_ENFORCED: printf("%zu\n", count(&profiles, "enforce")); break;
	case W_COMPLAIN: printf("%zu\n", count(&profiles, "complain")); break;
	case W_JSON: print_json(&profiles, &tasks, false); break;
	case W_PRETTY: print_json(&profiles, &tasks, true); break;
	default: print_text(&profiles, &tasks); break;
	}
	rc = profiles.n ? 0 : 2;
	free_list(&profiles);
	free_list(&tasks);
	return rc;
}
