/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Statements: the preamble (variables, aliases, abi, includes,
 * conditionals, profiles) and profile bodies (the same plus rules,
 * children and hats). Includes and conditionals splice their statements
 * into the block they appear in, like cpp.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include "internal.h"

static bool is_path_start(int ch)
{
	return ch == '/' || ch == '@' || ch == '"';
}

static void record_file(struct ctx *x, const char *path)
{
	for (size_t i = 0; i < x->files.n; i++)
		if (!strcmp(*(const char **)vec_at(&x->files, i), path))
			return;
	*(const char **)vec_push(&x->files) = arena_strdup(x->a, path);
}

static int parse_src(struct ctx *x, const struct pp_src *src, struct prof *p)
{
	struct cur nc = { src, 0 };

	return parse_block(x, &nc, p, false);
}

/*
 * At "#include" / "include": read the directive and load its target.
 * *out is NULL when "if exists" found nothing. The directive's offset is
 * left in *start for the include chain.
 */
int include_resolve(struct ctx *x, struct cur *c, const struct pp_src **out, size_t *startp)
{
	size_t start = c->pos, nstart;
	bool if_exists = false, angle;
	const struct pp_src *src;
	const char *path;
	char close;
	char *name;

	*out = NULL;
	*startp = start;
	c->pos += cur_peek(c) == '#' ? 8 : 7;
	lex_skip_inline(c);
	if (lex_keyword(c, "if")) {
		lex_skip_inline(c);
		if (!lex_keyword(c, "exists"))
			return perr_at(x, c, "expected 'exists' after 'include if'");
		lex_skip_inline(c);
		if_exists = true;
	}
	if (cur_peek(c) != '<' && cur_peek(c) != '"')
		return perr_at(x, c, "expected <file> or \"file\" after include");
	angle = cur_peek(c) == '<';
	close = angle ? '>' : '"';
	nstart = ++c->pos;
	while (cur_peek(c) >= 0 && cur_peek(c) != close && cur_peek(c) != '\n')
		c->pos++;
	if (cur_peek(c) != close)
		return perr(x, c->src, nstart - 1, "include name is not closed with '%c'", close);
	name = arena_strndup(x->a, c->src->text + nstart, c->pos - nstart);
	c->pos++;
	if (!name[0])
		return perr(x, c->src, start, "empty include name");
	path = src_resolve(x->cache, name, angle, x->opts->include_dirs,
			   x->opts->n_include_dirs, c->src->path);
	if (!path) {
		if (if_exists)
			return 0;
		return perr(x, c->src, start, "could not find include %c%s%c in the search path",
			    angle ? '<' : '"', name, close);
	}
	errno = 0;
	src = src_load(x->cache, path);
	if (!src) {
		if (if_exists && errno == ENOENT)
			return 0;
		return perr(x, c->src, start, "cannot read %s: %s", path, strerror(errno));
	}
	if (x->depth >= MAX_INCLUDE_DEPTH)
		return perr(x, c->src, start, "includes nest deeper than %d (an include loop?)",
			    MAX_INCLUDE_DEPTH);
	*out = src;
	return 0;
}

int parse_include(struct ctx *x, struct cur *c, struct prof *p)
{
	const struct pp_src *src;
	size_t start;
	int ret = 0;

	if (include_resolve(x, c, &src, &start))
		return -1;
	if (!src)
		return 0;
	const struct frame *saved_snap = x->snap;
	struct frame *snap;

	x->stack[x->depth].src = c->src;
	x->stack[x->depth].off = start;
	x->depth++;
	/* Rules remember the chain they came through (for compile errors). */
	snap = arena_alloc(x->a, x->depth * sizeof(*snap));
	memcpy(snap, x->stack, x->depth * sizeof(*snap));
	x->snap = snap;
	if (!src->is_dir) {
		record_file(x, src->path);
		ret = parse_src(x, src, p);
	}
	for (unsigned i = 0; src->is_dir && i < src->nentries && !ret; i++) {
		const struct pp_src *f = src_load(x->cache, src->entries[i]);

		if (!f) {
			ret = perr(x, c->src, start, "cannot read %s: %s", src->entries[i],
				   strerror(errno));
			break;
		}
		record_file(x, f->path);
		ret = parse_src(x, f, p);
	}
	x->depth--;
	x->snap = saved_snap;
	return ret;
}

/* One condition term: [not] ( defined @{X} | defined $x | $x ) */
static int parse_cond_term(struct ctx *x, struct cur *c, bool *val)
{
	bool neg = false, def = false;
	size_t n;

	lex_skip(c);
	if (lex_keyword(c, "not")) {
		neg = true;
		lex_skip(c);
	}
	if (lex_keyword(c, "defined")) {
		def = true;
		lex_skip(c);
	}
	if (cur_peek(c) == '@' && cur_peek_at(c, 1) == '{' && def) {
		struct cur at = *c;

		c->pos += 2;
		n = lex_ident(c);
		if (!n || cur_peek_at(c, n) != '}')
			return perr_at(x, &at, "bad variable name");
		*val = var_find(x, c->src->text + c->pos, n) != NULL;
		c->pos += n + 1;
	} else if (cur_peek(c) == '$') {
		struct cur at = *c;
		struct boolvar *b;

		c->pos++;
		n = lex_ident(c);
		if (!n)
			return perr_at(x, &at, "bad boolean variable name");
		b = bool_find(x, c->src->text + c->pos, n);
		c->pos += n;
		if (def)
			*val = b != NULL;
		else if (!b)
			return perr_at(x, &at, "undefined boolean variable $%.*s", (int)n,
				       at.src->text + at.pos + 1);
		else
			*val = b->value;
	} else {
		return perr_at(x, c, def ? "expected @{VAR} or $var after 'defined'"
				       : "expected a condition ($var, defined @{VAR})");
	}
	if (neg)
		*val = !*val;
	return 0;
}

static int parse_cond(struct ctx *x, struct cur *c, bool *val)
{
	if (parse_cond_term(x, c, val))
		return -1;
	for (;;) {
		bool rhs, is_and;

		lex_skip(c);
		if (lex_keyword(c, "and"))
			is_and = true;
		else if (lex_keyword(c, "or"))
			is_and = false;
		else
			return 0;
		if (parse_cond_term(x, c, &rhs))
			return -1;
		*val = is_and ? (*val && rhs) : (*val || rhs);
	}
}

/* After "if": cond { ... } [else if cond { ... }]* [else { ... }] */
static int parse_if(struct ctx *x, struct cur *c, struct prof *p, bool done)
{
	bool val;

	if (parse_cond(x, c, &val) || lex_expect(x, c, '{'))
		return -1;
	if (val && !done) {
		if (parse_block(x, c, p, true))
			return -1;
		done = true;
	} else if (lex_skip_block(x, c)) {
		return -1;
	}
	lex_skip(c);
	if (!lex_keyword(c, "else"))
		return 0;
	lex_skip(c);
	if (lex_keyword(c, "if"))
		return parse_if(x, c, p, done);
	if (lex_expect(x, c, '{'))
		return -1;
	return done ? lex_skip_block(x, c) : parse_block(x, c, p, true);
}

/* alias /from -> /to, */
static int parse_alias(struct ctx *x, struct cur *c)
{
	struct cur at;
	struct alias *al;
	const char *from;

	lex_skip(c);
	at = *c;
	if (lex_word(x, c, &x->tmp))
		return -1;
	sbuf_reset(&x->tmp2);
	if (var_expand(x, &at, x->tmp.s, &x->tmp2))
		return -1;
	from = arena_strndup(x->a, x->tmp2.s, x->tmp2.len);
	lex_skip(c);
	if (cur_peek(c) != '-' || cur_peek_at(c, 1) != '>')
		return perr_at(x, c, "expected '->' in alias");
	c->pos += 2;
	lex_skip(c);
	at = *c;
	if (lex_word(x, c, &x->tmp))
		return -1;
	sbuf_reset(&x->tmp2);
	if (var_expand(x, &at, x->tmp.s, &x->tmp2))
		return -1;
	if (from[0] != '/' || x->tmp2.s[0] != '/')
		return perr_at(x, &at, "alias paths must start with '/'");
	al = vec_push(&x->aliases);
	al->from = from;
	al->to = arena_strndup(x->a, x->tmp2.s, x->tmp2.len);
	return lex_expect(x, c, ',');
}

/* At "@{": an assignment "@{X} =" / "@{X} +=" (rather than a path)? */
static bool at_assignment(const struct cur *c)
{
	size_t i = 2;
	int ch;

	while ((ch = cur_peek_at(c, i)) >= 0 && (isalnum(ch) || ch == '_'))
		i++;
	if (ch != '}')
		return false;
	i++;
	while ((ch = cur_peek_at(c, i)) == ' ' || ch == '\t')
		i++;
	return ch == '=' || (ch == '+' && cur_peek_at(c, i + 1) == '=');
}

/* In a body, is the path at c the header of a child profile? */
static bool at_child_header(struct ctx *x, const struct cur *c)
{
	struct cur t = *c;
	struct pp_diag *saved = x->diag;
	struct pp_diag scratch;
	bool r = false;

	x->diag = &scratch;
	pp_diag_clear(&scratch);
	if (!lex_word(x, &t, &x->tmp)) {
		lex_skip(&t);
		r = cur_peek(&t) == '{' || cur_peek(&t) == '(' ||
		    lex_keyword(&t, "flags");
	}
	x->diag = saved;
	return r;
}

static int parse_keyword_stmt(struct ctx *x, struct cur *c, struct prof *p)
{
	size_t start = c->pos, n = lex_ident(c);
	const char *w = c->src->text + c->pos;

	if (lex_keyword(c, "abi"))
		return lex_skip_rule(x, c);
	if (lex_keyword(c, "if"))
		return parse_if(x, c, p, false);
	if (lex_keyword(c, "profile"))
		return parse_profile(x, c, p, PK_PROFILE, start);
	if (lex_keyword(c, "alias")) {
		if (p)
			return perr(x, c->src, start, "alias is only allowed outside profiles");
		return parse_alias(x, c);
	}
	if (p && lex_keyword(c, "hat"))
		return parse_profile(x, c, p, PK_HAT, start);
	if (n == 4 && !memcmp(w, "else", 4))
		return perr_at(x, c, "'else' without 'if'");
	if (p)
		return parse_rule(x, c, p);
	return perr_at(x, c, "unexpected '%.*s' outside a profile", (int)n, w);
}

int parse_block(struct ctx *x, struct cur *c, struct prof *p, bool until_brace)
{
	for (;;) {
		int ch, r;

		lex_skip(c);
		ch = cur_peek(c);
		if (ch < 0) {
			if (until_brace)
				return perr_at(x, c, "unexpected end of file: missing '}'");
			return 0;
		}
		if (ch == '}') {
			if (until_brace) {
				c->pos++;
				return 0;
			}
			return perr_at(x, c, "unexpected '}'");
		}
		if (lex_at_include(c))
			r = parse_include(x, c, p);
		else if ((ch == '$' || (ch == '@' && cur_peek_at(c, 1) == '{' && at_assignment(c))) &&
			 !p && x->seen_profile)
			r = perr_at(x, c, "variables must be set before the first profile");
		else if (ch == '@' && cur_peek_at(c, 1) == '{' && p && at_assignment(c))
			r = perr_at(x, c, "variables are set before the profiles, not inside one");
		else if (ch == '$' && !p)
			r = parse_bool_assign(x, c);
		else if (ch == '@' && cur_peek_at(c, 1) == '{' && !p && at_assignment(c))
			r = parse_var_assign(x, c);
		else if (isalpha(ch) || ch == '_')
			r = parse_keyword_stmt(x, c, p);
		else if (ch == '^' && p) {
			size_t start = c->pos++;

			r = parse_profile(x, c, p, PK_HAT, start);
		} else if (is_path_start(ch) && !p)
			r = parse_profile(x, c, p, PK_PATH, c->pos);
		else if (is_path_start(ch) && at_child_header(x, c))
			r = parse_profile(x, c, p, PK_PATH, c->pos);
		else if (p && (is_path_start(ch) || ch == '{'))
			r = parse_rule(x, c, p);
		else
			r = perr_at(x, c, "unexpected '%c'", ch);
		if (r)
			return -1;
	}
}
