// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Chosen proposals -> rule lines per profile block. Learning "null-X"
 * children are resolved through the exec mode chosen for X in the same
 * profile: ix puts their rules in the parent, cx in child X, px in the
 * profile of X; with no decision (exec denied or ignored) they go to the
 * parent as if ix, which is what the program did in complain mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "propose.h"

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static struct pp_block_add *block(struct pp_plan *plan, const char *profile,
				  const char *child)
{
	struct pp_block_add *b;

	for (size_t i = 0; i < plan->n; i++)
		if (!strcmp(plan->v[i].profile, profile) &&
		    same(plan->v[i].child, child))
			return &plan->v[i];
	if (plan->n == plan->cap) {
		size_t ncap = plan->cap ? plan->cap * 2 : 8;
		struct pp_block_add *nv = realloc(plan->v, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		plan->v = nv;
		plan->cap = ncap;
	}
	b = &plan->v[plan->n];
	memset(b, 0, sizeof(*b));
	b->profile = strdup(profile);
	b->child = child ? strdup(child) : NULL;
	if (!b->profile || (child && !b->child)) {
		free(b->profile);
		free(b->child);
		return NULL;
	}
	plan->n++;
	return b;
}

static bool has_line(const struct pp_block_add *b, const char *line)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->lines[i], line))
			return true;
	return false;
}

static int add_line(struct pp_block_add *b, const char *line, bool deny)
{
	char *text;

	if (asprintf(&text, "%s%s", deny ? "deny " : "", line) < 0)
		return -1;
	if (has_line(b, text)) {
		free(text);
		return 0;
	}
	if (b->n == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 16;
		char **nv = realloc(b->lines, ncap * sizeof(*nv));

		if (!nv) {
			free(text);
			return -1;
		}
		b->lines = nv;
		b->cap = ncap;
	}
	b->lines[b->n++] = text;
	return 0;
}

/* The exec mode chosen in (profile, base) for program, as a letter. */
static char exec_choice(const struct pp_proposals *p, const char *profile,
			const char *base, const char *program)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct pp_prop *q = &p->v[i];
		const char *alt, *sp;

		if (q->kind != PP_PROP_EXEC || q->choice < 0 || q->deny ||
		    strcmp(q->profile, profile) || !same(q->child, base) ||
		    strcmp(q->subject, program))
			continue;
		alt = q->alts[q->choice];
		sp = strrchr(alt, ' ');
		return sp ? sp[1] : 0;
	}
	return 0;
}

/* Where a proposal's rules go once null- children are resolved. */
static int target_block(const struct pp_proposals *p, const struct pp_prop *q,
			char **profile, char **child)
{
	const char *null = q->child ? strstr(q->child, "null-") : NULL;
	char *base = NULL;

	if (!null || (null != q->child && strncmp(null - 2, "//", 2))) {
		*profile = strdup(q->profile);
		*child = q->child ? strdup(q->child) : NULL;
		return *profile && (!q->child || *child) ? 0 : -1;
	}
	if (null != q->child)
		base = strndup(q->child, (size_t)(null - 2 - q->child));
	switch (exec_choice(p, q->profile, base, null + 5)) {
	case 'c':
		*profile = strdup(q->profile);
		if (!base)
			*child = strdup(null + 5);
		else if (asprintf(child, "%s//%s", base, null + 5) < 0)
			*child = NULL;
		free(base);
		break;
	case 'p':
		*profile = strdup(null + 5);
		*child = NULL;
		free(base);
		return *profile ? 0 : -1;
	default:
		*profile = strdup(q->profile);
		*child = base;
		return *profile ? 0 : -1;
	}
	return *profile && *child ? 0 : -1;
}

static bool covered(const struct pp_block_add *b, const struct pp_prop *q,
		    const struct pp_propose_opts *o)
{
	if (q->kind != PP_PROP_FILE || !o->abs_covers)
		return false;
	for (size_t a = 0; a < o->nabs; a++) {
		char inc[300];

		snprintf(inc, sizeof(inc), "include <abstractions/%s>",
			 o->abs_names[a]);
		if (has_line(b, inc) &&
		    o->abs_covers(a, q->subject, q->perms, q->owner, o->arg))
			return true;
	}
	return false;
}

/* pass 0: includes, pass 1: rules not covered by a chosen include */
static int place(const struct pp_proposals *p, const struct pp_propose_opts *o,
		 struct pp_plan *plan, int pass)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct pp_prop *q = &p->v[i];
		struct pp_block_add *b;
		char *profile, *child;
		const char *alt;
		int rc = 0;

		if (q->choice < 0 || (size_t)q->choice >= q->nalts)
			continue;
		alt = q->alts[q->choice];
		if (pp_alt_is_include(alt) != (pass == 0) ||
		    (pp_alt_is_include(alt) && q->deny))
			continue;
		if (target_block(p, q, &profile, &child))
			return -1;
		b = block(plan, profile, child);
		if (!b)
			rc = -1;
		else if (pass == 0 || !covered(b, q, o))
			rc = add_line(b, alt, q->deny);
		free(profile);
		free(child);
		if (rc)
			return rc;
	}
	return 0;
}

/* cx targets get a child block, with the base abstraction if we have it. */
static int add_cx_children(const struct pp_proposals *p,
			   const struct pp_propose_opts *o, struct pp_plan *plan)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct pp_prop *q = &p->v[i];
		struct pp_block_add *b;
		char *child;

		if (q->kind != PP_PROP_EXEC ||
		    exec_choice(p, q->profile, q->child, q->subject) != 'c')
			continue;
		if (!q->child)
			child = strdup(q->subject);
		else if (asprintf(&child, "%s//%s", q->child, q->subject) < 0)
			child = NULL;
		b = child ? block(plan, q->profile, child) : NULL;
		free(child);
		if (!b)
			return -1;
		for (size_t a = 0; a < o->nabs; a++)
			if (!strcmp(o->abs_names[a], "base") &&
			    add_line(b, "include <abstractions/base>", false))
				return -1;
	}
	return 0;
}

int pp_plan_build(const struct pp_proposals *p,
		  const struct pp_propose_opts *opts, struct pp_plan *plan)
{
	if (place(p, opts, plan, 0) || add_cx_children(p, opts, plan) ||
	    place(p, opts, plan, 1))
		return -1;
	return 0;
}

void pp_plan_free(struct pp_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		for (size_t l = 0; l < plan->v[i].n; l++)
			free(plan->v[i].lines[l]);
		free(plan->v[i].lines);
		free(plan->v[i].profile);
		free(plan->v[i].child);
	}
	free(plan->v);
	memset(plan, 0, sizeof(*plan));
}
