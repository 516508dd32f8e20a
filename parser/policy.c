/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Entry points: parse a file, a directory of profiles, or a string. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "policy_priv.h"

void ctx_init(struct ctx *x, const struct pp_parse_opts *opts, struct pp_diag *diag)
{
	static const struct pp_parse_opts defaults;

	memset(x, 0, sizeof(*x));
	x->opts = opts ? opts : &defaults;
	x->diag = diag;
	if (diag)
		pp_diag_clear(diag);
	x->a = arena_new();
	x->cache = x->opts->cache;
	if (!x->cache) {
		x->cache = pp_cache_new();
		x->own_cache = true;
		if (!x->cache)
			abort();
	}
	vec_init(&x->profs, sizeof(struct prof *));
	vec_init(&x->vars, sizeof(struct var));
	vec_init(&x->bools, sizeof(struct boolvar));
	vec_init(&x->aliases, sizeof(struct alias));
	vec_init(&x->unenforced, sizeof(struct pp_unenforced));
	vec_init(&x->files, sizeof(const char *));
}

static void ctx_free_work(struct ctx *x)
{
	for (size_t i = 0; i < x->profs.n; i++) {
		struct prof *p = *(struct prof **)vec_at(&x->profs, i);

		vec_free(&p->rules);
		vec_free(&p->locs);
		vec_free(&p->xtargets);
	}
	for (size_t i = 0; i < x->vars.n; i++)
		vec_free(&((struct var *)vec_at(&x->vars, i))->values);
	vec_free(&x->profs);
	vec_free(&x->vars);
	vec_free(&x->bools);
	vec_free(&x->aliases);
	vec_free(&x->unenforced);
	vec_free(&x->files);
	sbuf_free(&x->tmp);
	sbuf_free(&x->tmp2);
	sbuf_free(&x->warnings);
}

static void *arena_copy(struct arena *a, const struct vec *v)
{
	void *p = arena_alloc(a, v->n * v->elsz + 1);

	if (v->n)
		memcpy(p, v->v, v->n * v->elsz);
	return p;
}

/* Move the work vectors into the policy's arena. */
static struct pp_policy *ctx_finish(struct ctx *x)
{
	struct pp_policy *pol = arena_alloc(x->a, sizeof(*pol));
	struct policy_priv *pv = arena_alloc(x->a, sizeof(*pv));

	policy_apply_aliases(x);
	if (x->warnings.len && x->opts->warn)
		fwrite(x->warnings.s, 1, x->warnings.len, x->opts->warn);
	pol->nprofiles = x->profs.n;
	pol->profiles = arena_alloc(x->a, (x->profs.n + 1) * sizeof(struct pp_profile));
	pv->locs = arena_alloc(x->a, (x->profs.n + 1) * sizeof(struct rule_loc *));
	for (size_t i = 0; i < x->profs.n; i++) {
		struct prof *p = *(struct prof **)vec_at(&x->profs, i);
		struct pp_profile *o = &pol->profiles[i];

		*o = p->pub;
		o->rules = arena_copy(x->a, &p->rules);
		o->nrules = p->rules.n;
		o->xtargets = arena_copy(x->a, &p->xtargets);
		o->nxtargets = (uint32_t)p->xtargets.n;
		pv->locs[i] = arena_copy(x->a, &p->locs);
	}
	pol->unenforced = arena_copy(x->a, &x->unenforced);
	pol->nunenforced = x->unenforced.n;
	pol->files = arena_copy(x->a, &x->files);
	pol->nfiles = x->files.n;
	pv->a = x->a;
	pv->own_cache = x->own_cache ? x->cache : NULL;
	pol->priv = pv;
	ctx_free_work(x);
	return pol;
}

void ctx_release(struct ctx *x)
{
	ctx_free_work(x);
	arena_free(x->a);
	if (x->own_cache)
		pp_cache_free(x->cache);
}

static struct pp_policy *ctx_fail(struct ctx *x)
{
	ctx_release(x);
	return NULL;
}

static int parse_one(struct ctx *x, const struct pp_src *src)
{
	struct cur c = { src, 0 };

	/* Each file starts with no variables, as apparmor_parser does for
	 * each file of a directory argument. */
	for (size_t i = 0; i < x->vars.n; i++)
		vec_free(&((struct var *)vec_at(&x->vars, i))->values);
	x->vars.n = 0;
	x->bools.n = 0;

	*(const char **)vec_push(&x->files) = arena_strdup(x->a, src->path);
	x->seen_profile = false;
	return parse_block(x, &c, NULL, false);
}

struct pp_policy *pp_policy_parse_file(const char *path, const struct pp_parse_opts *opts,
				       struct pp_diag *diag)
{
	struct ctx x;
	const struct pp_src *src;

	ctx_init(&x, opts, diag);
	errno = 0;
	src = src_load(x.cache, path);
	if (!src) {
		int e = errno;

		perr(&x, NULL, 0, "cannot read %s: %s", path, strerror(e ? e : EIO));
		if (diag)
			snprintf(diag->file, sizeof(diag->file), "%s", path);
		return ctx_fail(&x);
	}
	if (!src->is_dir) {
		if (parse_one(&x, src))
			return ctx_fail(&x);
		return ctx_finish(&x);
	}
	/* A directory: every profile file in it, each with its own
	 * variables, as apparmor_parser does for a directory argument. */
	for (unsigned i = 0; i < src->nentries; i++) {
		const struct pp_src *f = src_load(x.cache, src->entries[i]);

		if (!f) {
			perr(&x, NULL, 0, "cannot read %s: %s", src->entries[i], strerror(errno));
			return ctx_fail(&x);
		}
		if (parse_one(&x, f))
			return ctx_fail(&x);
	}
	return ctx_finish(&x);
}

struct pp_policy *pp_policy_parse_string(const char *name, const char *text, size_t len,
					 const struct pp_parse_opts *opts,
					 struct pp_diag *diag)
{
	struct ctx x;

	ctx_init(&x, opts, diag);
	if (parse_one(&x, src_from_string(x.cache, name, text, len)))
		return ctx_fail(&x);
	return ctx_finish(&x);
}

void pp_policy_free(struct pp_policy *p)
{
	struct policy_priv *pv;

	if (!p)
		return;
	pv = p->priv;
	if (pv->own_cache)
		pp_cache_free(pv->own_cache);
	arena_free(pv->a);   /* p itself lives in the arena */
}

int pp_policy_find(const struct pp_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nprofiles; i++)
		if (!strcmp(p->profiles[i].name, name))
			return (int)i;
	return -1;
}
