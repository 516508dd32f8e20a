/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Corpus test: every profile Debian ships (apparmor, apparmor-profiles,
 * apparmor-profiles-extra) parses and compiles, with /etc/apparmor.d as
 * the include path. Prints counts and each failure; fails on any failure.
 *
 *   test_corpus [-I DIR]... [DIR|FILE]...
 * Defaults: -I /etc/apparmor.d  /etc/apparmor.d /usr/share/apparmor/extra-profiles
 * Only regular files directly in a directory are profiles: abstractions/,
 * tunables/, local/, disable/, ... are subdirectories and so skipped, as are
 * README, dotfiles and packaging leftovers (*.dpkg-*).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include "parser.h"

static bool skip_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] == '.' || !strcmp(n, "README") || strstr(n, ".dpkg-") ||
	       (len && n[len - 1] == '~') || strstr(n, ".rpmnew") || strstr(n, ".rpmsave");
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct totals {
	unsigned files, ok, profiles;
	unsigned long long states, rules, blob_bytes;
};

static void check_file(const char *path, const struct pp_parse_opts *o, struct totals *t)
{
	struct pp_diag d;
	struct pp_policy *p;
	struct pp_compile_stats st;
	uint8_t *blob = NULL;
	size_t len = 0;

	t->files++;
	p = pp_policy_parse_file(path, o, &d);
	if (!p) {
		printf("FAIL parse %s\n", path);
		pp_diag_print(&d, stdout);
		return;
	}
	if (p->nprofiles == 0) {
		printf("FAIL %s: no profile in the file\n", path);
		pp_policy_free(p);
		return;
	}
	if (pp_policy_compile(p, &blob, &len, &st, &d)) {
		printf("FAIL compile %s\n", path);
		pp_diag_print(&d, stdout);
		pp_policy_free(p);
		return;
	}
	if (blob_verify(blob, len, NULL) != BLOB_OK ||
	    blob_profile_count(blob, len) != p->nprofiles) {
		printf("FAIL %s: the blob does not verify or lost profiles\n", path);
		free(blob);
		pp_policy_free(p);
		return;
	}
	t->ok++;
	t->profiles += (unsigned)p->nprofiles;
	t->states += st.dfa_states;
	t->rules += st.rules;
	t->blob_bytes += len;
	free(blob);
	pp_policy_free(p);
}

static void check_dir(const char *dir, const struct pp_parse_opts *o, struct totals *t)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (!d) {
		printf("FAIL cannot open %s\n", dir);
		t->files++;
		return;
	}
	while ((de = readdir(d))) {
		char path[4096];
		struct stat st;

		if (skip_name(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(path);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (size_t i = 0; i < n; i++) {
		check_file(names[i], o, t);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	const char *incs[16];
	const char *targets[64];
	size_t ninc = 0, ntar = 0;
	struct pp_parse_opts o = { 0 };
	struct totals t = { 0 };
	struct rusage ru;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-I") && i + 1 < argc && ninc < 16)
			incs[ninc++] = argv[++i];
		else if (ntar < 64)
			targets[ntar++] = argv[i];
	}
	if (!ninc)
		incs[ninc++] = "/etc/apparmor.d";
	if (!ntar) {
		targets[ntar++] = "/etc/apparmor.d";
		targets[ntar++] = "/usr/share/apparmor/extra-profiles";
	}
	o.include_dirs = incs;
	o.n_include_dirs = ninc;
	o.cache = pp_cache_new();
	for (size_t i = 0; i < ntar; i++) {
		struct stat st;

		if (!stat(targets[i], &st) && S_ISDIR(st.st_mode))
			check_dir(targets[i], &o, &t);
		else
			check_file(targets[i], &o, &t);
	}
	pp_cache_free(o.cache);
	getrusage(RUSAGE_SELF, &ru);
	printf("corpus: %u/%u files compiled, %u profiles (children and hats included), "
	       "%llu rules, %llu DFA states, %llu blob bytes, %.3f s CPU\n",
	       t.ok, t.files, t.profiles, t.rules, t.states, t.blob_bytes,
	       ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	if (t.files == 0) {
		printf("FAIL no profiles found\n");
		return 1;
	}
	return t.ok == t.files ? 0 : 1;
}
