/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Lexical helpers. The language is context sensitive (a '{' glued to a
 * path is an alternation, after a space it opens a block; ',' ends a rule
 * but not inside "{a,b}"), so the parser pulls tokens with the helper that
 * fits where it is instead of running one tokenizer ahead of it.
 * A '#' starts a comment only where a token could start; inside a word
 * ("/home/#x") it is an ordinary byte, as in AppArmor.
 */
#include <ctype.h>
#include <string.h>
#include "internal.h"

static bool is_ws(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

bool lex_at_include(const struct cur *c)
{
	const char *p = c->src->text + c->pos;
	size_t left = c->src->len - c->pos;

	if (left > 8 && !memcmp(p, "#include", 8) &&
	    (is_ws(p[8]) || p[8] == '<' || p[8] == '"'))
		return true;
	return left > 7 && !memcmp(p, "include", 7) && is_ws(p[7]);
}

void lex_skip_inline(struct cur *c)
{
	int ch;

	while ((ch = cur_peek(c)) == ' ' || ch == '\t' || ch == '\r')
		c->pos++;
}

void lex_skip(struct cur *c)
{
	for (;;) {
		int ch = cur_peek(c);

		if (ch < 0)
			return;
		if (is_ws(ch)) {
			c->pos++;
			continue;
		}
		if (ch == '#' && !lex_at_include(c)) {
			const char *nl = memchr(c->src->text + c->pos, '\n', c->src->len - c->pos);

			c->pos = nl ? (size_t)(nl - c->src->text) + 1 : c->src->len;
			continue;
		}
		return;
	}
}

size_t lex_ident(const struct cur *c)
{
	size_t n = 0;
	int ch = cur_peek(c);

	if (!(isalpha(ch) || ch == '_'))
		return 0;
	while ((ch = cur_peek_at(c, n)) >= 0 && (isalnum(ch) || ch == '_'))
		n++;
	return n;
}

bool lex_keyword(struct cur *c, const char *kw)
{
	size_t n = lex_ident(c), kl = strlen(kw);

	if (n != kl || memcmp(c->src->text + c->pos, kw, kl))
		return false;
	c->pos += n;
	return true;
}

/* A quoted segment: copied without the quotes; escapes are kept for the
 * glob layer (which reads "\x" as a literal x). */
static int lex_quoted(struct ctx *x, struct cur *c, struct sbuf *out)
{
	size_t start = c->pos;
	int ch;

	c->pos++;
	while ((ch = cur_peek(c)) != '"') {
		if (ch < 0 || ch == '\n')
			return perr(x, c->src, start, "unterminated quoted string");
		if (ch == '\\' && cur_peek_at(c, 1) >= 0) {
			sbuf_addn(out, c->src->text + c->pos, 2);
			c->pos += 2;
			continue;
		}
		sbuf_addc(out, (char)ch);
		c->pos++;
	}
	c->pos++;
	return 0;
}

/*
 * A word: a path, a permission string, a name. Ends at whitespace, or at
 * ',' / '}' outside braces. Braces glued to it are alternations.
 */
static int lex_token(struct ctx *x, struct cur *c, struct sbuf *out, bool commas)
{
	size_t start = c->pos;
	int depth = 0, ch;

	sbuf_reset(out);
	sbuf_reserve(out, 0);
	while ((ch = cur_peek(c)) >= 0 && !is_ws(ch)) {
		if (ch == '"') {
			if (lex_quoted(x, c, out))
				return -1;
			continue;
		}
		if (ch == ',' && depth == 0 && !commas)
			break;
		if (ch == '{') {
			depth++;
		} else if (ch == '}') {
			if (depth == 0)
				break;
			depth--;
		} else if (ch == '\\' && cur_peek_at(c, 1) >= 0 && cur_peek_at(c, 1) != '\n') {
			/* "\ " keeps an escaped space inside an unquoted path. */
			sbuf_addn(out, c->src->text + c->pos, 2);
			c->pos += 2;
			continue;
		}
		sbuf_addc(out, (char)ch);
		c->pos++;
	}
	if (depth)
		return perr(x, c->src, start, "unbalanced '{' in '%s'", out->s);
	if (c->pos == start)
		return perr_at(x, c, ch < 0 ? "unexpected end of file" :
			       "expected a word here");
	return 0;
}

int lex_word(struct ctx *x, struct cur *c, struct sbuf *out)
{
	return lex_token(x, c, out, false);
}

int lex_value(struct ctx *x, struct cur *c, struct sbuf *out)
{
	return lex_token(x, c, out, true);
}

int lex_expect(struct ctx *x, struct cur *c, char want)
{
	lex_skip(c);
	if (cur_peek(c) != (unsigned char)want) {
		if (want == ',')
			return perr_at(x, c, "expected ',' at the end of the rule");
		return perr_at(x, c, "expected '%c'", want);
	}
	c->pos++;
	return 0;
}

/* Skip a quoted string starting at c->pos; -1 if it never ends. */
static int skip_quoted(struct ctx *x, struct cur *c)
{
	size_t start = c->pos++;
	int ch;

	while ((ch = cur_peek(c)) != '"') {
		if (ch < 0)
			return perr(x, c->src, start, "unterminated quoted string");
		c->pos += (ch == '\\' && cur_peek_at(c, 1) >= 0) ? 2 : 1;
	}
	c->pos++;
	return 0;
}

static void skip_comment(struct cur *c)
{
	const char *nl = memchr(c->src->text + c->pos, '\n', c->src->len - c->pos);

	c->pos = nl ? (size_t)(nl - c->src->text) + 1 : c->src->len;
}

/* Tolerant skip of a rule we do not enforce: up to its ',' outside
 * (), {} and [], honouring quotes and comments. */
int lex_skip_rule(struct ctx *x, struct cur *c)
{
	size_t start = c->pos;
	int depth = 0, ch;
	bool tok_start = true;

	while ((ch = cur_peek(c)) >= 0) {
		if (ch == '"') {
			if (skip_quoted(x, c))
				return -1;
			tok_start = false;
			continue;
		}
		if (ch == '#' && tok_start) {
			skip_comment(c);
			continue;
		}
		tok_start = is_ws(ch);
		if (ch == '(' || ch == '{' || ch == '[') {
			depth++;
		} else if (ch == ')' || ch == '}' || ch == ']') {
			if (depth == 0)
				break;
			depth--;
		} else if (ch == ',' && depth == 0) {
			c->pos++;
			return 0;
		}
		c->pos++;
	}
	return perr(x, c->src, start, "rule does not end with ','");
}

/* Skip a block body after its '{', through the matching '}'. */
int lex_skip_block(struct ctx *x, struct cur *c)
{
	size_t start = c->pos;
	int depth = 1, ch;
	bool tok_start = true;

	while ((ch = cur_peek(c)) >= 0) {
		if (ch == '"') {
			if (skip_quoted(x, c))
				return -1;
			tok_start = false;
			continue;
		}
		if (ch == '#' && tok_start && !lex_at_include(c)) {
			skip_comment(c);
			continue;
		}
		tok_start = is_ws(ch);
		if (ch == '{')
			depth++;
		else if (ch == '}' && --depth == 0) {
			c->pos++;
			return 0;
		}
		c->pos++;
	}
	return perr(x, c->src, start ? start - 1 : 0, "block has no closing '}'");
}
