// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Brace scanner for profile files (see profedit.h). A '{' opens a block
 * when it starts a token and is followed by white space or '}'; any other
 * '{' is a glob alternation or a variable and only has to balance.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "profedit.h"

#define MAX_DEPTH 64

struct frame {
	bool block;
	int profile;  /* block index when this block is a profile, else -1 */
	int enclosing;
};

struct scanner {
	const char *t;
	size_t len;
	struct pp_blocks *out;
	struct frame stack[MAX_DEPTH];
	int depth;
	size_t stmt;  /* first byte after the last statement end */
	int parens;   /* inside flags=(...): commas separate flags there */
	char *why;
	size_t whylen;
};

static int fail(struct scanner *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, s->whylen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Next header token at *p (quoted or bare), malloc'd; NULL at end. */
static char *token(const char **p, const char *end)
{
	const char *b;

	while (*p < end && is_ws(**p))
		(*p)++;
	if (*p >= end)
		return NULL;
	if (**p == '"') {
		b = ++(*p);
		while (*p < end && **p != '"')
			(*p)++;
		char *out = strndup(b, (size_t)(*p - b));
		if (*p < end)
			(*p)++;
		return out;
	}
	b = *p;
	while (*p < end && !is_ws(**p))
		(*p)++;
	return strndup(b, (size_t)(*p - b));
}

static void find_flags(struct scanner *s, struct pp_block *bl)
{
	const char *h = s->t + bl->hdr_off, *end = s->t + bl->open_off;
	const char *f = h;

	bl->flags_open = bl->flags_close = bl->flags_key = PP_NO_OFFSET;
	while ((f = memmem(f, (size_t)(end - f), "flags", 5))) {
		const char *p = f + 5;

		while (p < end && is_ws(*p))
			p++;
		if (p < end && *p == '=') {
			p++;
			while (p < end && is_ws(*p))
				p++;
			if (p < end && *p == '(') {
				const char *c = memchr(p, ')', (size_t)(end - p));

				if (c && (f == h || is_ws(f[-1]))) {
					bl->flags_key = (size_t)(f - s->t);
					bl->flags_open = (size_t)(p - s->t);
					bl->flags_close = (size_t)(c - s->t);
					return;
				}
			}
		}
		f += 5;
	}
}

/* Name the block from its header; -1 if it is not a profile (if, else). */
static int name_block(struct scanner *s, struct pp_block *bl, int enclosing)
{
	const char *p = s->t + bl->hdr_off, *end = s->t + bl->open_off;
	char *first = token(&p, end), *name = NULL, *attach = NULL;

	if (!first)
		return -1;
	if (!strcmp(first, "profile") || !strcmp(first, "hat")) {
		name = token(&p, end);
		attach = token(&p, end);
		free(first);
	} else if (first[0] == '^') {
		name = strdup(first + 1);
		free(first);
	} else if (first[0] == '/' || first[0] == '@' || s->t[bl->hdr_off] == '"') {
		name = first;
	} else {
		free(first);
		return -1;
	}
	if (attach && (attach[0] != '/' && attach[0] != '@' && attach[0] != '"')) {
		free(attach); /* "flags=(...)" or similar, not an attachment */
		attach = NULL;
	}
	if (!name || (name && !strncmp(name, "flags", 5))) {
		free(name);
		free(attach);
		return -1;
	}
	if (enclosing >= 0) {
		char *full;

		if (asprintf(&full, "%s//%s", s->out->v[enclosing].name, name) < 0)
			full = NULL;
		free(name);
		name = full;
	}
	bl->name = name;
	bl->attach = attach;
	bl->parent = enclosing;
	find_flags(s, bl);
	return name ? 0 : -2;
}

/* include lines and variable assignments end without a ',' */
static bool preamble_line(const char *p, const char *end)
{
	const char *q;

	while (p < end && is_ws(*p))
		p++;
	if ((size_t)(end - p) >= 7 && !strncmp(p, "include", 7))
		return true;
	if ((size_t)(end - p) < 2 || strncmp(p, "@{", 2))
		return false;
	q = memchr(p, '}', (size_t)(end - p));
	if (!q)
		return false;
	for (q++; q < end && is_ws(*q); q++)
		;
	return q < end && (*q == '=' || (*q == '+' && q + 1 < end && q[1] == '='));
}

/* Skip whole preamble lines between the last statement and the '{'. */
static size_t header_start(const struct scanner *s, size_t from, size_t at)
{
	size_t line = from;

	for (;;) {
		const char *nl;

		while (line < at && is_ws(s->t[line]))
			line++;
		nl = memchr(s->t + line, '\n', at - line);
		if (!nl || !preamble_line(s->t + line, nl))
			return line;
		line = (size_t)(nl - s->t) + 1;
	}
}

static int open_block(struct scanner *s, size_t at)
{
	struct pp_blocks *o = s->out;
	int enclosing = s->depth ? s->stack[s->depth - 1].profile : -1;
	struct pp_block bl = { .open_off = at, .close_off = PP_NO_OFFSET };
	int rc;

	bl.hdr_off = header_start(s, s->stmt, at);
	rc = name_block(s, &bl, enclosing);
	if (rc == -2)
		return fail(s, "out of memory");
	s->stack[s->depth].block = true;
	s->stack[s->depth].profile = -1;
	s->stack[s->depth].enclosing = enclosing;
	if (rc == 0) {
		if (o->n == o->cap) {
			size_t ncap = o->cap ? o->cap * 2 : 8;
			struct pp_block *nv = realloc(o->v, ncap * sizeof(*nv));

			if (!nv) {
				free(bl.name);
				free(bl.attach);
				return fail(s, "out of memory");
			}
			o->v = nv;
			o->cap = ncap;
		}
		o->v[o->n] = bl;
		s->stack[s->depth].profile = (int)o->n++;
	} else {
		/* a conditional block: its profiles belong to the enclosing one */
		s->stack[s->depth].profile = enclosing;
		s->stack[s->depth].block = true;
		s->stack[s->depth].enclosing = -2;
	}
	s->depth++;
	return 0;
}

static void close_block(struct scanner *s, size_t at)
{
	struct frame *f = &s->stack[--s->depth];

	if (f->block && f->enclosing != -2 && f->profile >= 0)
		s->out->v[f->profile].close_off = at;
}

static bool glob_depth(const struct scanner *s)
{
	return s->depth && !s->stack[s->depth - 1].block;
}

static int scan_brace(struct scanner *s, size_t i)
{
	const char *t = s->t;
	bool starts = i == 0 || is_ws(t[i - 1]) || t[i - 1] == ')';
	bool ends = i + 1 == s->len || is_ws(t[i + 1]) || t[i + 1] == '}';

	if (s->depth == MAX_DEPTH)
		return fail(s, "nesting deeper than %d", MAX_DEPTH);
	if (t[i] == '{') {
		if (starts && ends && !glob_depth(s))
			return open_block(s, i);
		s->stack[s->depth].block = false;
		s->stack[s->depth++].profile = -1;
		return 0;
	}
	if (!s->depth)
		return fail(s, "unbalanced '}' at byte %zu", i);
	if (s->stack[s->depth - 1].block)
		s->stmt = i + 1;
	close_block(s, i);
	return 0;
}

int pp_blocks_scan(const char *text, size_t len, struct pp_blocks *out,
		   char *why, size_t whylen)
{
	struct scanner s = { .t = text, .len = len, .out = out,
			     .why = why, .whylen = whylen };

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (c == '#' && (i == 0 || is_ws(text[i - 1]))) {
			while (i < len && text[i] != '\n')
				i++;
			s.stmt = i;
		} else if (c == '"') {
			for (i++; i < len && text[i] != '"'; i++)
				if (text[i] == '\\')
					i++;
		} else if (c == '\\') {
			i++;
		} else if (c == '{' || c == '}') {
			if (scan_brace(&s, i))
				goto err;
			if (c == '{' && s.stack[s.depth - 1].block)
				s.stmt = i + 1;
		} else if (c == '(' || c == ')') {
			s.parens += c == '(' ? 1 : (s.parens > 0 ? -1 : 0);
		} else if (c == ',' && !glob_depth(&s) && !s.parens) {
			s.stmt = i + 1;
		}
	}
	if (s.depth) {
		fail(&s, "unclosed '{'");
		goto err;
	}
	return 0;
err:
	pp_blocks_free(out);
	return -1;
}

void pp_blocks_free(struct pp_blocks *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].name);
		free(b->v[i].attach);
	}
	free(b->v);
	memset(b, 0, sizeof(*b));
}

int pp_blocks_find(const struct pp_blocks *b, const char *name)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].name, name))
			return (int)i;
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].parent < 0 && b->v[i].attach &&
		    !strcmp(b->v[i].attach, name))
			return (int)i;
	return -1;
}
