// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Abstraction coverage through the parser and the DFA (abstractions.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "abstractions.h"
#include "parser.h"

struct pp_abstractions {
	char **names;
	struct dfa **dfas;
	bool *tried;
	size_t n;
	const char **dirs; /* the array is ours, the strings the caller's */
	size_t ndirs;
};

static int cmp_name(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	if (!strcmp(x, "base") != !strcmp(y, "base"))
		return strcmp(x, "base") ? 1 : -1;
	return strcmp(x, y);
}

static bool usable_name(const char *dir, const char *name)
{
	char *path;
	struct stat st;
	bool ok;

	if (name[0] == '.' || strchr(name, '~') || strchr(name, '.'))
		return false;
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return false;
	ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return ok;
}

static int add_name(struct pp_abstractions *a, const char *name)
{
	char **nv = realloc(a->names, (a->n + 1) * sizeof(*nv));

	if (!nv)
		return -1;
	a->names = nv;
	a->names[a->n] = strdup(name);
	if (!a->names[a->n])
		return -1;
	a->n++;
	return 0;
}

static bool wanted(const char *name, const char *const *only, size_t nonly)
{
	if (!only)
		return true;
	for (size_t i = 0; i < nonly; i++)
		if (!strcmp(only[i], name))
			return true;
	return false;
}

static int list_dir(struct pp_abstractions *a, const char *dir,
		    const char *const *only, size_t nonly)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d)
		return 1;
	while (!rc && (de = readdir(d)))
		if (usable_name(dir, de->d_name) && wanted(de->d_name, only, nonly))
			rc = add_name(a, de->d_name);
	closedir(d);
	return rc;
}

struct pp_abstractions *pp_abstractions_open(const char *const *include_dirs,
					     size_t ndirs,
					     const char *const *only,
					     size_t nonly)
{
	struct pp_abstractions *a = calloc(1, sizeof(*a));
	int rc = 1;

	if (!a)
		return NULL;
	a->dirs = calloc(ndirs + 1, sizeof(*a->dirs));
	if (!a->dirs)
		goto fail;
	memcpy(a->dirs, include_dirs, ndirs * sizeof(*a->dirs));
	a->ndirs = ndirs;
	for (size_t i = 0; i < ndirs && rc == 1; i++) {
		char *dir;

		if (asprintf(&dir, "%s/abstractions", include_dirs[i]) < 0)
			goto fail;
		rc = list_dir(a, dir, only, nonly);
		free(dir);
	}
	if (rc == -1)
		goto fail;
	if (a->n)
		qsort(a->names, a->n, sizeof(*a->names), cmp_name);
	a->dfas = calloc(a->n + 1, sizeof(*a->dfas));
	a->tried = calloc(a->n + 1, sizeof(*a->tried));
	if (!a->dfas || !a->tried)
		goto fail;
	return a;
fail:
	pp_abstractions_close(a);
	return NULL;
}

void pp_abstractions_close(struct pp_abstractions *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->names[i]);
		if (a->dfas)
			dfa_free(a->dfas[i]);
	}
	free(a->names);
	free(a->dirs);
	free(a->dfas);
	free(a->tried);
	free(a);
}

size_t pp_abstractions_count(const struct pp_abstractions *a)
{
	return a ? a->n : 0;
}

const char *const *pp_abstractions_names(const struct pp_abstractions *a)
{
	return (const char *const *)a->names;
}

/* A probe profile that includes only the abstraction, with the tunables
 * its rules use. */
static struct dfa *compile(const struct pp_abstractions *a, const char *name)
{
	struct pp_parse_opts opts = { .include_dirs = a->dirs,
				      .n_include_dirs = a->ndirs };
	struct pp_diag diag;
	struct pp_policy *pol;
	struct dfa_error err;
	struct dfa *d = NULL;
	char *text;
	int len = asprintf(&text,
			   "include <tunables/global>\n"
			   "profile pp-abstraction-probe {\n"
			   "  include <abstractions/%s>\n"
			   "}\n", name);

	if (len < 0)
		return NULL;
	pp_diag_clear(&diag);
	pol = pp_policy_parse_string("abstraction probe", text, (size_t)len,
				     &opts, &diag);
	free(text);
	if (!pol)
		return NULL;
	for (size_t i = 0; i < pol->nprofiles && !d; i++)
		if (pol->profiles[i].parent < 0)
			d = dfa_compile(pol->profiles[i].rules,
					pol->profiles[i].nrules, &err, NULL);
	pp_policy_free(pol);
	return d;
}

bool pp_abstractions_cover(size_t i, const char *path, uint32_t perms,
			   bool owner, void *arg)
{
	struct pp_abstractions *a = arg;
	const struct pp_perms *p;
	const struct pp_perms_half *h;

	if (!a || i >= a->n)
		return false;
	if (!a->tried[i]) {
		a->tried[i] = true;
		a->dfas[i] = compile(a, a->names[i]);
	}
	if (!a->dfas[i])
		return false;
	p = dfa_lookup(a->dfas[i], path, strlen(path));
	if (!p)
		return false;
	h = &p->half[owner ? PP_OWNER : PP_OTHER];
	return perms && !(perms & ~(h->allow & ~h->deny));
}
