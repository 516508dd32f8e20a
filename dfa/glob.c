// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * AppArmor glob text -> AST (grammar: dfa/GLOB.md).
 *
 * Mirrors apparmor_parser's convert_aaregex_to_pcre(): `*` stays inside a
 * path component, `**` crosses components, and a star run that forms a
 * whole path component ("/<stars>" followed by '/' or the end) must match
 * at least one byte: "/tmp/" followed by a star does not match "/tmp/".
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glob.h"

struct parser {
	const unsigned char *s;
	size_t len, pos;
	bool exact;
	struct dfa_error *err;
	struct glob_chunk *mem;
};

/*
 * The tree lives in chunks owned by the glob: one allocation for a typical
 * rule instead of one per character, and nothing to unwind on errors.
 */
struct glob_chunk {
	struct glob_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

static void *arena_alloc(struct parser *p, size_t size)
{
	struct glob_chunk *c = p->mem;
	void *v;

	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t);
	if (!c || c->used + size > c->cap) {
		size_t cap = c ? 2 * c->cap : 4096 / sizeof(max_align_t);

		if (cap < size)
			cap = size;
		c = malloc(sizeof(*c) + cap * sizeof(max_align_t));
		if (!c)
			return NULL;
		c->next = p->mem;
		c->used = 0;
		c->cap = cap;
		p->mem = c;
	}
	v = c->data + c->used;
	c->used += size;
	return v;
}

static void arena_free(struct glob_chunk *c)
{
	while (c) {
		struct glob_chunk *next = c->next;

		free(c);
		c = next;
	}
}

static void perr(struct parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err)
		return;
	n = snprintf(p->err->msg, sizeof(p->err->msg), "col %zu: ", at + 1);
	va_start(ap, fmt);
	vsnprintf(p->err->msg + n, sizeof(p->err->msg) - n, fmt, ap);
	va_end(ap);
	p->err->rule_a = p->err->rule_b = -1;
}

static void oom(struct parser *p)
{
	if (p->err) {
		snprintf(p->err->msg, sizeof(p->err->msg), "out of memory");
		p->err->rule_a = p->err->rule_b = -1;
	}
}

static int peek(const struct parser *p)
{
	return p->pos < p->len ? p->s[p->pos] : -1;
}

static struct glob_node *node_new(struct parser *p, enum glob_kind kind)
{
	struct glob_node *n = arena_alloc(p, sizeof(*n));

	if (!n) {
		oom(p);
		return NULL;
	}
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

static int node_push(struct parser *p, struct glob_node *parent, struct glob_node *kid)
{
	struct glob_node **k;

	if (!kid)
		return -1;
	/* grow at powers of two */
	if ((parent->nkids & (parent->nkids - 1)) == 0) {
		size_t cap = parent->nkids ? parent->nkids * 2 : 2;

		k = arena_alloc(p, cap * sizeof(*k));
		if (!k) {
			oom(p);
			return -1;
		}
		if (parent->nkids)
			memcpy(k, parent->kids, parent->nkids * sizeof(*k));
		parent->kids = k;
	}
	parent->kids[parent->nkids++] = kid;
	return 0;
}

/* Every byte but NUL, and optionally but '/'. */
static struct byteset set_any(bool slash)
{
	struct byteset s;

	memset(&s, 0xff, sizeof(s));
	s.w[0] &= ~1u;
	if (!slash)
		s.w['/' >> 5] &= ~(1u << ('/' & 31));
	return s;
}

static struct glob_node *leaf(struct parser *p, enum glob_kind kind, struct byteset set)
{
	struct glob_node *n = node_new(p, kind);

	if (n)
		n->set = set;
	return n;
}

static struct glob_node *literal(struct parser *p, unsigned char c)
{
	struct byteset s = { { 0 } };

	byteset_add(&s, c);
	return leaf(p, GLOB_SET, s);
}

/* One class member, `\` escaping the next byte. -1: end of text. */
static int class_byte(struct parser *p)
{
	if (peek(p) == '\\')
		p->pos++;
	if (p->pos >= p->len)
		return -1;
	return p->s[p->pos++];
}

/* At '['. Ranges are over unsigned bytes; NUL is never a member. */
static struct glob_node *parse_class(struct parser *p)
{
	size_t open = p->pos++;
	struct byteset set = { { 0 } };
	bool negate = false;

	if (peek(p) == '^') {
		negate = true;
		p->pos++;
	}
	if (peek(p) == ']') {
		perr(p, open, "empty character class");
		return NULL;
	}
	while (peek(p) != ']') {
		size_t at = p->pos;
		int lo = class_byte(p), hi;

		if (lo < 0)
			goto unbalanced;
		hi = lo;
		if (peek(p) == '-' && p->pos + 1 < p->len && p->s[p->pos + 1] != ']') {
			p->pos++;
			hi = class_byte(p);
			if (hi < 0)
				goto unbalanced;
			if (hi < lo) {
				perr(p, at, "bad range '%c-%c' in character class", lo, hi);
				return NULL;
			}
		}
		for (int b = lo; b <= hi; b++)
			byteset_add(&set, b);
	}
	p->pos++;
	if (negate)
		for (int i = 0; i < 8; i++)
			set.w[i] = ~set.w[i];
	set.w[0] &= ~1u;
	return leaf(p, GLOB_SET, set);
unbalanced:
	perr(p, open, "unbalanced '['");
	return NULL;
}

/*
 * At a run of '*'. `prev_slash`: the last thing emitted in this sequence is
 * a literal '/'. Adds one or two nodes to seq.
 */
static int parse_stars(struct parser *p, struct glob_node *seq, bool prev_slash)
{
	size_t run = 0;
	int next;

	while (peek(p) == '*') {
		p->pos++;
		run++;
	}
	next = peek(p);
	/* apparmor_parser looks at the raw byte after the run: end or '/' */
	if (prev_slash && (next == '/' || next < 0))
		if (node_push(p, seq, leaf(p, GLOB_SET, set_any(false))))
			return -1;
	/* `***` is `**` then `*`, which `**` already covers */
	return node_push(p, seq, leaf(p, GLOB_STAR, set_any(run >= 2)));
}

static struct glob_node *parse_seq(struct parser *p, unsigned depth);

/* At '{': comma-separated sequences, each possibly empty. */
static struct glob_node *parse_alt(struct parser *p, unsigned depth)
{
	size_t open = p->pos++;
	struct glob_node *alt;

	if (depth >= GLOB_MAX_DEPTH) {
		perr(p, open, "braces nested deeper than %d", GLOB_MAX_DEPTH);
		return NULL;
	}
	alt = node_new(p, GLOB_ALT);
	if (!alt)
		return NULL;
	for (;;) {
		if (node_push(p, alt, parse_seq(p, depth + 1)))
			goto fail;
		if (peek(p) == '}') {
			p->pos++;
			return alt;
		}
		if (peek(p) != ',') {
			perr(p, open, "unbalanced '{'");
			return NULL;
		}
		p->pos++;
	}
fail:
	return NULL;
}

/* A sequence up to the end, or inside braces up to ',' or '}'. */
static struct glob_node *parse_seq(struct parser *p, unsigned depth)
{
	struct glob_node *seq = node_new(p, GLOB_CAT);
	bool prev_slash = false;
	int c;

	if (!seq)
		return NULL;
	while ((c = peek(p)) >= 0) {
		struct glob_node *n;
		bool slash = false;

		if (depth > 0 && (c == ',' || c == '}'))
			break;
		switch (c) {
		case '*':
			p->exact = false;
			if (parse_stars(p, seq, prev_slash))
				goto fail;
			prev_slash = false;
			continue;
		case '?':
			p->exact = false;
			p->pos++;
			n = leaf(p, GLOB_SET, set_any(false));
			break;
		case '[':
			p->exact = false;
			n = parse_class(p);
			break;
		case '{':
			/* Literal alternatives stay exact: apparmor_parser
			 * ranks "/usr/bin/{foo,bar} Px" over a "**" ix rule. */
			n = parse_alt(p, depth);
			break;
		case '}':
			perr(p, p->pos, "unbalanced '}'");
			goto fail;
		case '\\':
			if (p->pos + 1 >= p->len) {
				perr(p, p->pos, "trailing '\\'");
				goto fail;
			}
			p->pos += 2;
			slash = p->s[p->pos - 1] == '/';
			n = literal(p, p->s[p->pos - 1]);
			break;
		default:
			/* ',' outside braces is literal, as are bytes >= 0x80 */
			p->pos++;
			slash = c == '/';
			n = literal(p, c);
			break;
		}
		if (node_push(p, seq, n))
			goto fail;
		prev_slash = slash;
	}
	return seq;
fail:
	return NULL;
}

int glob_parse(const char *text, size_t len, struct glob *out, struct dfa_error *err)
{
	struct parser p = { (const unsigned char *)text, len, 0, true, err, NULL };

	out->root = NULL;
	out->mem = NULL;
	if (memchr(text, '\0', len)) {
		perr(&p, (const char *)memchr(text, '\0', len) - text, "NUL byte in glob");
		return -1;
	}
	out->root = parse_seq(&p, 0);
	if (!out->root) {
		arena_free(p.mem);
		return -1;
	}
	out->mem = p.mem;
	out->exact = p.exact;
	return 0;
}

void glob_free(struct glob *g)
{
	arena_free(g->mem);
	g->mem = NULL;
	g->root = NULL;
}

/*
 * True when glob_parse cannot reject the glob: no class or escape, and
 * balanced braces within the nesting limit. Most rules are like that, and
 * checking them without building a tree halves their parsing cost.
 */
static bool glob_plainly_valid(const char *glob)
{
	unsigned depth = 0;

	for (const char *c = glob; *c; c++) {
		switch (*c) {
		case '[':
		case '\\':
			return false;
		case '{':
			if (depth >= GLOB_MAX_DEPTH)
				return false;
			depth++;
			break;
		case '}':
			if (!depth)
				return false;
			depth--;
			break;
		}
	}
	return depth == 0;
}

int glob_check(const char *glob, struct dfa_error *err)
{
	struct glob g;

	if (!glob) {
		if (err) {
			snprintf(err->msg, sizeof(err->msg), "col 1: no glob");
			err->rule_a = err->rule_b = -1;
		}
		return -1;
	}
	if (glob_plainly_valid(glob))
		return 0;
	if (glob_parse(glob, strlen(glob), &g, err))
		return -1;
	glob_free(&g);
	return 0;
}
