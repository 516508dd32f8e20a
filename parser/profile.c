/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Profile headers:
 *   /usr/bin/foo [flags=(...)] {
 *   profile NAME [ATTACH-GLOB] [flags=(...)] {
 *   ^hat {            hat name {          (inside a profile)
 * Children and hats become flat entries named "parent//child".
 */
#include <string.h>
#include "internal.h"

struct flag_name {
	const char *name;
	uint32_t bit;
};

/* Accepted profile flags; those that map to 0 are accepted for
 * compatibility and have no effect in pathprof (SEMANTICS.md). */
static const struct flag_name profile_flags[] = {
	{ "complain", PP_PROF_COMPLAIN },
	{ "attach_disconnected", PP_PROF_ATTACH_DISCONNECTED },
	{ "kill", PP_PROF_KILL },
	{ "unconfined", PP_PROF_UNCONFINED },
	{ "enforce", 0 }, { "audit", 0 }, { "mediate_deleted", 0 },
	{ "delegate_deleted", 0 }, { "chroot_relative", 0 },
	{ "namespace_relative", 0 }, { "chroot_attach", 0 },
	{ "chroot_no_attach", 0 }, { "no_attach_disconnected", 0 },
	{ "debug", 0 },
};

static int lookup_flag(const char *w, size_t n, uint32_t *bit)
{
	for (size_t i = 0; i < sizeof(profile_flags) / sizeof(profile_flags[0]); i++)
		if (strlen(profile_flags[i].name) == n && !memcmp(profile_flags[i].name, w, n)) {
			*bit = profile_flags[i].bit;
			return 0;
		}
	return -1;
}

/* At '(' : complain,attach_disconnected ... ')' (commas or spaces). */
static int parse_flags(struct ctx *x, struct cur *c, uint32_t *flags)
{
	c->pos++;
	for (;;) {
		size_t n;
		uint32_t bit;
		const char *w;

		lex_skip(c);
		if (cur_peek(c) == ')') {
			c->pos++;
			return 0;
		}
		if (cur_peek(c) == ',') {
			c->pos++;
			continue;
		}
		n = lex_ident(c);
		w = c->src->text + c->pos;
		if (!n)
			return perr_at(x, c, "expected a profile flag or ')'");
		if (lookup_flag(w, n, &bit))
			return perr_at(x, c, "unknown profile flag '%.*s'", (int)n, w);
		if (bit == PP_PROF_COMPLAIN && (*flags & PP_PROF_KILL))
			return perr_at(x, c, "flags 'complain' and 'kill' conflict");
		if (bit == PP_PROF_KILL && (*flags & PP_PROF_COMPLAIN))
			return perr_at(x, c, "flags 'complain' and 'kill' conflict");
		*flags |= bit;
		c->pos += n;
		/* "error=..." style values are not part of AppArmor 3.0. */
	}
}

static const char *expand_word(struct ctx *x, const struct cur *at, const char *w)
{
	sbuf_reset(&x->tmp2);
	if (var_expand(x, at, w, &x->tmp2))
		return NULL;
	return arena_strndup(x->a, x->tmp2.s, x->tmp2.len);
}

static struct prof *new_prof(struct ctx *x)
{
	struct prof *np = arena_alloc(x->a, sizeof(*np));

	vec_init(&np->rules, sizeof(struct dfa_rule));
	vec_init(&np->locs, sizeof(struct rule_loc));
	vec_init(&np->xtargets, sizeof(const char *));
	np->pub.parent = -1;
	*(struct prof **)vec_push(&x->profs) = np;
	return np;
}

static int prof_index(struct ctx *x, const struct prof *p)
{
	for (size_t i = x->profs.n; i-- > 0;)
		if (*(struct prof **)vec_at(&x->profs, i) == p)
			return (int)i;
	return -1;
}

/* Name, optional attachment and flags, up to (not including) '{'. */
static int parse_header(struct ctx *x, struct cur *c, int kind, const char **name,
			const char **attach, uint32_t *flags)
{
	struct cur at;

	lex_skip(c);
	at = *c;
	if (lex_word(x, c, &x->tmp) || !(*name = expand_word(x, &at, x->tmp.s)))
		return -1;
	if (!(*name)[0])
		return perr_at(x, &at, "empty profile name");
	if (kind == PK_PATH)
		*attach = *name;
	lex_skip(c);
	if (kind == PK_PROFILE && (cur_peek(c) == '/' || cur_peek(c) == '@' ||
				   cur_peek(c) == '"')) {
		at = *c;
		if (lex_word(x, c, &x->tmp) || !(*attach = expand_word(x, &at, x->tmp.s)))
			return -1;
		lex_skip(c);
	} else if (kind == PK_PROFILE && (*name)[0] == '/') {
		*attach = *name;
	}
	if (*attach && (*attach)[0] != '/' && (*attach)[0] != '{')
		return perr_at(x, &at, "attachment '%s' must start with '/'", *attach);
	if (lex_keyword(c, "flags")) {
		lex_skip(c);
		if (cur_peek(c) != '=')
			return perr_at(x, c, "expected '=' after 'flags'");
		c->pos++;
		lex_skip(c);
		if (cur_peek(c) != '(')
			return perr_at(x, c, "expected '(' after 'flags='");
	}
	if (cur_peek(c) == '(' && parse_flags(x, c, flags))
		return -1;
	lex_skip(c);
	if (lex_keyword(c, "xattrs")) {
		/* Extended-attribute attachment conditions: not enforced. */
		if (note_unenforced(x, c, "xattrs", 6))
			return -1;
		while (cur_peek(c) >= 0 && cur_peek(c) != ')')
			c->pos++;
		c->pos++;
		lex_skip(c);
	}
	if (cur_peek(c) != '{')
		return perr_at(x, c, "expected '{' to open the profile");
	return 0;
}

int parse_profile(struct ctx *x, struct cur *c, struct prof *parent, int kind,
		  size_t hdr_off)
{
	const char *name = NULL, *attach = NULL, *saved_name;
	uint32_t flags = 0;
	struct prof *np;
	unsigned col;
	int r;

	if (parse_header(x, c, kind, &name, &attach, &flags))
		return -1;
	np = new_prof(x);
	if (parent) {
		size_t pl = strlen(parent->pub.name), nl = strlen(name);
		char *full = arena_alloc(x->a, pl + nl + 3);

		memcpy(full, parent->pub.name, pl);
		memcpy(full + pl, "//", 2);
		memcpy(full + pl + 2, name, nl + 1);
		name = full;
		flags |= kind == PK_HAT ? PP_PROF_HAT : PP_PROF_CHILD;
		np->pub.parent = prof_index(x, parent);
	}
	if (x->opts->force_complain) {
		flags &= ~PP_PROF_KILL;
		flags |= PP_PROF_COMPLAIN;
	}
	np->pub.name = name;
	np->pub.attach = attach;
	np->pub.flags = flags;
	np->pub.file = arena_strdup(x->a, c->src->path);
	np->pub.hdr_off = hdr_off;
	np->pub.open_off = c->pos;
	src_linecol(c->src, hdr_off, &np->pub.hdr_line, &col);
	src_linecol(c->src, c->pos, &np->pub.open_line, &col);
	c->pos++;
	saved_name = x->cur_name;
	x->cur_name = name;
	r = parse_block(x, c, np, true);
	x->cur_name = saved_name;
	if (r)
		return -1;
	np->pub.close_off = c->pos - 1;
	if (!parent)
		x->seen_profile = true;
	src_linecol(c->src, c->pos - 1, &np->pub.close_line, &col);
	return 0;
}

/* s with its prefix al->from replaced by al->to, or NULL if s lacks it. */
static const char *alias_rewrite(struct ctx *x, const struct alias *al, const char *s)
{
	size_t fl = strlen(al->from), tl = strlen(al->to);
	char *g;

	if (!s || strncmp(s, al->from, fl))
		return NULL;
	g = arena_alloc(x->a, tl + strlen(s + fl) + 1);
	memcpy(g, al->to, tl);
	strcpy(g + tl, s + fl);
	return g;
}

/*
 * alias /a/ -> /b/: every rule under /a/ also applies under /b/. As in
 * apparmor_parser, a link rule's copy has its name and its target
 * rewritten together, each where it lies under /a/.
 */
void policy_apply_aliases(struct ctx *x)
{
	for (size_t pi = 0; pi < x->profs.n && x->aliases.n; pi++) {
		struct prof *p = *(struct prof **)vec_at(&x->profs, pi);
		size_t n = p->rules.n;

		for (size_t ri = 0; ri < n; ri++) {
			for (size_t ai = 0; ai < x->aliases.n; ai++) {
				const struct alias *al = vec_at(&x->aliases, ai);
				struct dfa_rule r = *(struct dfa_rule *)vec_at(&p->rules, ri);
				struct rule_loc l = *(struct rule_loc *)vec_at(&p->locs, ri);
				const char *g = alias_rewrite(x, al, r.glob);
				const char *t = alias_rewrite(x, al, l.link_target);

				if (!g && !t)
					continue;
				r.glob = g ? g : r.glob;
				l.link_target = t ? t : l.link_target;
				*(struct dfa_rule *)vec_push(&p->rules) = r;
				*(struct rule_loc *)vec_push(&p->locs) = l;
			}
		}
	}
}
