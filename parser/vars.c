/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Variables: "@{NAME} = a b "c d"", "@{NAME} += x", "$flag = true".
 * Values are stored raw and expanded where used, so a variable may refer
 * to variables defined later in the preamble, as in AppArmor. A variable
 * with several values expands to an alternation "{a,b,c d}".
 */
#include <ctype.h>
#include <string.h>
#include "internal.h"

#define MAX_EXPAND_DEPTH 16

struct var *var_find(struct ctx *x, const char *name, size_t len)
{
	for (size_t i = 0; i < x->vars.n; i++) {
		struct var *v = vec_at(&x->vars, i);

		if (!strncmp(v->name, name, len) && !v->name[len])
			return v;
	}
	return NULL;
}

struct boolvar *bool_find(struct ctx *x, const char *name, size_t len)
{
	for (size_t i = 0; i < x->bools.n; i++) {
		struct boolvar *b = vec_at(&x->bools, i);

		if (!strncmp(b->name, name, len) && !b->name[len])
			return b;
	}
	return NULL;
}

static size_t name_len(const struct cur *c, size_t from)
{
	size_t n = 0;
	int ch;

	while ((ch = cur_peek_at(c, from + n)) >= 0 && (isalnum(ch) || ch == '_'))
		n++;
	return n;
}

/* At "@{": NAME [+]= value... up to the end of the line. */
int parse_var_assign(struct ctx *x, struct cur *c)
{
	size_t start = c->pos, nl = name_len(c, 2);
	const char *name = c->src->text + c->pos + 2;
	struct var *v;
	bool append;

	if (!nl || cur_peek_at(c, 2 + nl) != '}')
		return perr_at(x, c, "bad variable name");
	c->pos += 3 + nl;
	lex_skip_inline(c);
	append = cur_peek(c) == '+';
	if (append)
		c->pos++;
	if (cur_peek(c) != '=')
		return perr_at(x, c, "expected '=' or '+=' after @{%.*s}", (int)nl, name);
	c->pos++;
	v = var_find(x, name, nl);
	if (append && !v)
		return perr(x, c->src, start, "@{%.*s} += used before @{%.*s} is defined",
			    (int)nl, name, (int)nl, name);
	if (!append && v)
		return perr(x, c->src, start, "@{%.*s} is already defined", (int)nl, name);
	if (!v) {
		v = vec_push(&x->vars);
		v->name = arena_strndup(x->a, name, nl);
		vec_init(&v->values, sizeof(const char *));
	}
	for (;;) {
		int ch;

		lex_skip_inline(c);
		ch = cur_peek(c);
		if (ch < 0 || ch == '\n')
			break;
		if (ch == '#') {
			lex_skip(c);
			break;
		}
		if (lex_value(x, c, &x->tmp))
			return -1;
		*(const char **)vec_push(&v->values) = arena_strndup(x->a, x->tmp.s, x->tmp.len);
	}
	return 0;
}

/* At "$": NAME = true|false */
int parse_bool_assign(struct ctx *x, struct cur *c)
{
	size_t start = c->pos, nl = name_len(c, 1);
	const char *name = c->src->text + c->pos + 1;
	struct boolvar *b;
	bool val;

	if (!nl)
		return perr_at(x, c, "bad boolean variable name");
	c->pos += 1 + nl;
	lex_skip_inline(c);
	if (cur_peek(c) != '=')
		return perr_at(x, c, "expected '=' after $%.*s", (int)nl, name);
	c->pos++;
	lex_skip_inline(c);
	if (lex_keyword(c, "true"))
		val = true;
	else if (lex_keyword(c, "false"))
		val = false;
	else
		return perr_at(x, c, "boolean value must be 'true' or 'false'");
	if (bool_find(x, name, nl))
		return perr(x, c->src, start, "$%.*s is already defined", (int)nl, name);
	b = vec_push(&x->bools);
	b->name = arena_strndup(x->a, name, nl);
	b->value = val;
	return 0;
}

/*
 * AppArmor collapses the "//" that variables create, also across an
 * alternation: with HOME = "/home/(star)/" and "/root/", "@{HOME}/x" must match
 * /home/u/x and /root/x,  so it becomes "{/home/(star),/root}/x" rather than
 * "{/home/(star)/,/root/}/x". trim() drops the leading slashes of a value that
 * follows a slash and the trailing slashes of one that precedes a '/', inside
 * every alternative of a leading / trailing group.
 */
#define NOPOS ((size_t)-1)

/* Index of the '}' closing the '{' at s[o], or NOPOS. */
static size_t group_close(const char *s, size_t n, size_t o)
{
	int depth = 0;
	bool cls = false;

	for (size_t i = o; i < n; i++) {
		if (s[i] == '\\') {
			i++;
		} else if (cls) {
			cls = s[i] != ']';
		} else if (s[i] == '[') {
			cls = true;
		} else if (s[i] == '{') {
			depth++;
		} else if (s[i] == '}' && --depth == 0) {
			return i;
		}
	}
	return NOPOS;
}

static void trim(const char *s, size_t n, bool lead, bool trail, struct sbuf *out);

/* "{a,b}" body s[0..n) with each alternative trimmed. */
static void trim_group(const char *s, size_t n, bool lead, bool trail, struct sbuf *out)
{
	size_t start = 0;
	int depth = 0;
	bool cls = false;

	sbuf_addc(out, '{');
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == '\\') {
			i++;
			continue;
		}
		if (i < n && cls) {
			cls = s[i] != ']';
			continue;
		}
		if (i < n && s[i] == '[')
			cls = true;
		else if (i < n && s[i] == '{')
			depth++;
		else if (i < n && s[i] == '}')
			depth--;
		else if (i == n || (s[i] == ',' && depth == 0)) {
			trim(s + start, i - start, lead, trail, out);
			if (i < n)
				sbuf_addc(out, ',');
			start = i + 1;
		}
	}
	sbuf_addc(out, '}');
}

static void trim(const char *s, size_t n, bool lead, bool trail, struct sbuf *out)
{
	size_t e;

	while (lead && n && s[0] == '/') {
		s++;
		n--;
	}
	while (trail && n && s[n - 1] == '/' && !(n >= 2 && s[n - 2] == '\\'))
		n--;
	if (lead && n && s[0] == '{' && (e = group_close(s, n, 0)) != NOPOS) {
		trim_group(s + 1, e - 1, true, trail && e == n - 1, out);
		if (e + 1 < n)
			trim(s + e + 1, n - e - 1, false, trail, out);
		return;
	}
	if (trail && n && s[n - 1] == '}') {
		/* Find the group that ends the fragment. */
		for (size_t o = 0; o < n; o++) {
			if (s[o] == '\\') {
				o++;
				continue;
			}
			if (s[o] == '{' && group_close(s, n, o) == n - 1) {
				sbuf_addn(out, s, o);
				trim_group(s + o + 1, n - o - 2, false, true, out);
				return;
			}
			if (s[o] == '{' && (e = group_close(s, n, o)) != NOPOS)
				o = e;
		}
	}
	sbuf_addn(out, s, n);
}

static int expand_rec(struct ctx *x, const struct cur *at, const char *s,
		      struct sbuf *out, unsigned depth);

/* Append value v (expanded, trimmed against its neighbours) to out. */
static int expand_value(struct ctx *x, const struct cur *at, const char *v, bool lead,
			bool trail, struct sbuf *out, unsigned depth)
{
	struct sbuf tmp = { 0 };
	int r = expand_rec(x, at, v, &tmp, depth + 1);

	if (!r)
		trim(tmp.s ? tmp.s : "", tmp.len, lead, trail, out);
	sbuf_free(&tmp);
	return r;
}

static int expand_rec(struct ctx *x, const struct cur *at, const char *s,
		      struct sbuf *out, unsigned depth)
{
	if (depth > MAX_EXPAND_DEPTH)
		return perr(x, at->src, at->pos, "variables nest too deeply (a loop?)");
	while (*s) {
		const char *end;
		struct var *v;
		bool lead, trail;

		if (*s == '\\' && s[1]) {
			sbuf_addn(out, s, 2);
			s += 2;
			continue;
		}
		if (s[0] != '@' || s[1] != '{') {
			const char *n = s + 1;

			while (*n && *n != '@' && *n != '\\')
				n++;
			sbuf_addn(out, s, (size_t)(n - s));
			s = n;
			continue;
		}
		end = strchr(s + 2, '}');
		if (!end)
			return perr(x, at->src, at->pos, "unterminated variable reference in '%s'", s);
		v = var_find(x, s + 2, (size_t)(end - s - 2));
		lead = out->len && out->s[out->len - 1] == '/';
		trail = end[1] == '/';
		if (!v && end - s - 2 == 12 && !strncmp(s + 2, "profile_name", 12) && x->cur_name) {
			sbuf_add(out, x->cur_name);
		} else if (!v) {
			return perr(x, at->src, at->pos, "undefined variable @{%.*s}",
				    (int)(end - s - 2), s + 2);
		} else if (v->values.n == 1) {
			/* apparmor_parser pastes a lone value as it is, and its
			 * filter_slashes() keeps a leading "//" (a namespace of
			 * its own in Linux): "/@{PROC}/x" matches "//proc/x" only */
			if (depth == 0 && out->len == 1 && out->s[0] == '/')
				lead = false;
			if (expand_value(x, at, *(const char **)vec_at(&v->values, 0), lead, trail,
					 out, depth))
				return -1;
		} else if (v->values.n > 1) {
			sbuf_addc(out, '{');
			for (size_t i = 0; i < v->values.n; i++) {
				if (i)
					sbuf_addc(out, ',');
				if (expand_value(x, at, *(const char **)vec_at(&v->values, i),
						 lead, trail, out, depth))
					return -1;
			}
			sbuf_addc(out, '}');
		}
		s = end + 1;
	}
	return 0;
}

int var_expand(struct ctx *x, const struct cur *at, const char *s, struct sbuf *out)
{
	sbuf_reserve(out, 0);
	return expand_rec(x, at, s, out, 0);
}
