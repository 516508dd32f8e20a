// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Independent AppArmor glob reader for the differential test (see glob_tree.h). */
#include "glob_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *s;   /* whole glob */
	size_t pos;
	char *msg;
	size_t msgsz;
	bool failed;
	int depth;
};

static void fail(struct parser *p, const char *what)
{
	if (!p->failed)
		snprintf(p->msg, p->msgsz, "col %zu: %s", p->pos + 1, what);
	p->failed = true;
}

static struct gnode *node_new(enum gnode_kind kind)
{
	struct gnode *n = calloc(1, sizeof(*n));

	if (!n)
		abort();
	n->kind = kind;
	return n;
}

static void node_add(struct gnode *parent, struct gnode *kid)
{
	struct gnode **k = realloc(parent->kids, (parent->nkids + 1) * sizeof(*k));

	if (!k)
		abort();
	k[parent->nkids++] = kid;
	parent->kids = k;
}

void gtree_free(struct gnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		gtree_free(n->kids[i]);
	free(n->kids);
	free(n);
}

char *glob_collapse_slashes(const char *glob)
{
	size_t n = strlen(glob), o = 0;
	char *out = malloc(n + 1);
	bool in_class = false;

	if (!out)
		abort();
	for (size_t i = 0; i < n; i++) {
		char c = glob[i];

		if (c == '\\' && i + 1 < n) {
			out[o++] = c;
			out[o++] = glob[++i];
			continue;
		}
		if (in_class) {
			if (c == ']')
				in_class = false;
		} else if (c == '[') {
			in_class = true;
			out[o++] = c;
			/* a leading ']' or '^]' would be literal; skip it */
			if (i + 1 < n && glob[i + 1] == '^')
				out[o++] = glob[++i];
			continue;
		} else if (c == '/' && o > 0 && out[o - 1] == '/') {
			continue; /* naive, like filter_slashes(): "\\//" -> "\\/" */
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

static void set_add(uint8_t *set, unsigned b)
{
	set[b >> 3] |= (uint8_t)(1u << (b & 7));
}

static bool set_has(const uint8_t *set, unsigned b)
{
	return set[b >> 3] & (1u << (b & 7));
}

/* One class member byte, with '\' escape. */
static int class_byte(struct parser *p)
{
	unsigned char c = (unsigned char)p->s[p->pos];

	if (c == '\\') {
		p->pos++;
		c = (unsigned char)p->s[p->pos];
		if (!c) {
			fail(p, "trailing '\\' in class");
			return -1;
		}
	}
	p->pos++;
	return c;
}

static struct gnode *parse_class(struct parser *p)
{
	struct gnode *n = node_new(GN_CLASS);
	bool negate = false;

	p->pos++; /* '[' */
	if (p->s[p->pos] == '^') {
		negate = true;
		p->pos++;
	}
	if (p->s[p->pos] == ']') {
		fail(p, "empty class");
		return n;
	}
	while (!p->failed && p->s[p->pos] != ']') {
		if (!p->s[p->pos]) {
			fail(p, "unterminated class");
			break;
		}
		int lo = class_byte(p);

		if (lo < 0)
			break;
		if (p->s[p->pos] == '-' && p->s[p->pos + 1] &&
		    p->s[p->pos + 1] != ']') {
			p->pos++;
			int hi = class_byte(p);

			if (hi < 0)
				break;
			if (hi < lo) {
				fail(p, "reversed range");
				break;
			}
			for (int b = lo; b <= hi; b++)
				set_add(n->set, (unsigned)b);
		} else {
			set_add(n->set, (unsigned)lo);
		}
	}
	p->pos++; /* ']' */
	if (negate)
		for (int i = 0; i < 32; i++)
			n->set[i] = (uint8_t)~n->set[i];
	n->set[0] &= (uint8_t)~1u; /* NUL never occurs in a path */
	return n;
}

static struct gnode *parse_seq(struct parser *p, bool in_brace);

static struct gnode *parse_alt(struct parser *p)
{
	struct gnode *n = node_new(GN_ALT);

	if (++p->depth > 50) {
		fail(p, "{} nested too deep");
		return n;
	}
	p->pos++; /* '{' */
	for (;;) {
		node_add(n, parse_seq(p, true));
		if (p->failed)
			return n;
		char c = p->s[p->pos];

		if (c == ',') {
			p->pos++;
			continue;
		}
		if (c == '}') {
			p->pos++;
			break;
		}
		fail(p, "unterminated {");
		return n;
	}
	if (n->nkids < 2)
		fail(p, "{} needs at least two alternatives");
	p->depth--;
	return n;
}

static struct gnode *parse_star(struct parser *p, struct gnode *seq)
{
	struct gnode *n = node_new(GN_STAR);
	size_t run = 0;

	while (p->s[p->pos] == '*') {
		p->pos++;
		run++;
	}
	n->cross = run >= 2;
	char next = p->s[p->pos];
	const struct gnode *prev = seq->nkids ? seq->kids[seq->nkids - 1] : NULL;

	n->nonempty = prev && prev->kind == GN_BYTE && prev->byte == '/' &&
		      (next == '/' || next == '\0');
	return n;
}

static struct gnode *parse_seq(struct parser *p, bool in_brace)
{
	struct gnode *seq = node_new(GN_SEQ);

	while (!p->failed) {
		unsigned char c = (unsigned char)p->s[p->pos];
		struct gnode *n;

		if (!c || (in_brace && (c == ',' || c == '}')))
			break;
		switch (c) {
		case '\\':
			if (!p->s[p->pos + 1]) {
				fail(p, "trailing '\\'");
				return seq;
			}
			n = node_new(GN_BYTE);
			n->byte = (uint8_t)p->s[p->pos + 1];
			p->pos += 2;
			break;
		case '*':
			n = parse_star(p, seq);
			break;
		case '?':
			n = node_new(GN_ANY);
			p->pos++;
			break;
		case '[':
			n = parse_class(p);
			break;
		case '{':
			n = parse_alt(p);
			break;
		case '}':
			fail(p, "unmatched }");
			return seq;
		case ']':
			fail(p, "unmatched ]");
			return seq;
		default:
			n = node_new(GN_BYTE);
			n->byte = c;
			p->pos++;
			break;
		}
		node_add(seq, n);
	}
	return seq;
}

struct gnode *gtree_parse(const char *glob, char *msg, size_t msgsz)
{
	struct parser p = { .s = glob, .msg = msg, .msgsz = msgsz };
	struct gnode *root = parse_seq(&p, false);

	if (p.failed) {
		gtree_free(root);
		return NULL;
	}
	return root;
}

static void put_hex(struct strbuf *out, unsigned b)
{
	char tmp[16];

	snprintf(tmp, sizeof(tmp), "\\x{%02x}", b);
	sb_puts(out, tmp);
}

static void class_to_pcre(const uint8_t *set, struct strbuf *out)
{
	bool any = false;

	for (unsigned b = 0; b < 256; b++)
		any |= set_has(set, b);
	if (!any) {
		sb_puts(out, "(*FAIL)");
		return;
	}
	sb_putc(out, '[');
	for (unsigned b = 0; b < 256; b++) {
		if (!set_has(set, b))
			continue;
		unsigned e = b;

		while (e + 1 < 256 && set_has(set, e + 1))
			e++;
		put_hex(out, b);
		if (e > b) {
			sb_putc(out, '-');
			put_hex(out, e);
		}
		b = e;
	}
	sb_putc(out, ']');
}

void gtree_to_pcre(const struct gnode *n, struct strbuf *out)
{
	switch (n->kind) {
	case GN_SEQ:
		for (size_t i = 0; i < n->nkids; i++)
			gtree_to_pcre(n->kids[i], out);
		break;
	case GN_BYTE:
		put_hex(out, n->byte);
		break;
	case GN_ANY:
		sb_puts(out, "[^/]");
		break;
	case GN_STAR:
		if (n->nonempty)
			sb_puts(out, "[^/]");
		sb_puts(out, n->cross ? ".*" : "[^/]*");
		break;
	case GN_CLASS:
		class_to_pcre(n->set, out);
		break;
	case GN_ALT:
		sb_puts(out, "(?:");
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				sb_putc(out, '|');
			gtree_to_pcre(n->kids[i], out);
		}
		sb_putc(out, ')');
		break;
	}
}

/* Filler bytes for ? and * : mostly plain, sometimes UTF-8 or odd bytes. */
static uint8_t fill_byte(struct rng *r, bool slash_ok)
{
	static const char plain[] = "abcxyz019.-_ ";
	static const uint8_t odd[] = { 0xc3, 0xa9, 0xff, 0x80, '\n', '*', '\\' };
	uint32_t k = rng_below(r, 100);

	if (slash_ok && k < 15)
		return '/';
	if (k < 92)
		return (uint8_t)plain[rng_below(r, sizeof(plain) - 1)];
	return odd[rng_below(r, sizeof(odd))];
}

static void sample_star(const struct gnode *n, struct rng *r, bool long_fill,
			struct strbuf *out)
{
	uint32_t len = rng_below(r, 4);

	if (long_fill)
		len = 200 + rng_below(r, 1200);
	if (n->nonempty && len == 0 && !rng_pct(r, 10))
		len = 1;
	for (uint32_t i = 0; i < len; i++) {
		uint8_t b = fill_byte(r, n->cross);

		sb_add(out, &b, 1);
	}
}

static void sample_class(const struct gnode *n, struct rng *r, struct strbuf *out)
{
	unsigned members[256], k = 0;

	for (unsigned b = 1; b < 256; b++)
		if (set_has(n->set, b))
			members[k++] = b;
	if (!k)
		return;
	uint8_t b = (uint8_t)members[rng_below(r, k)];

	/* a negated class is mostly the high half: prefer printable picks */
	if (k > 100 && rng_pct(r, 80)) {
		uint8_t c = fill_byte(r, false);

		if (set_has(n->set, c))
			b = c;
	}
	sb_add(out, &b, 1);
}

void gtree_sample(const struct gnode *n, struct rng *r, bool long_fill,
		  struct strbuf *out)
{
	uint8_t b;

	switch (n->kind) {
	case GN_SEQ:
		for (size_t i = 0; i < n->nkids; i++)
			gtree_sample(n->kids[i], r, long_fill, out);
		break;
	case GN_BYTE:
		sb_add(out, &n->byte, 1);
		break;
	case GN_ANY:
		b = fill_byte(r, false);
		sb_add(out, &b, 1);
		break;
	case GN_STAR:
		sample_star(n, r, long_fill && rng_pct(r, 50), out);
		break;
	case GN_CLASS:
		sample_class(n, r, out);
		break;
	case GN_ALT:
		gtree_sample(n->kids[rng_below(r, (uint32_t)n->nkids)], r,
			     long_fill, out);
		break;
	}
}

bool glob_is_exact(const char *glob)
{
	for (const char *s = glob; *s; s++) {
		if (*s == '\\') {
			if (!*++s)
				break;
			continue;
		}
		if (strchr("*?[", *s))
			return false; /* "{a,b}" alone stays exact, as in apparmor_parser */
	}
	return true;
}

int glob_to_pcre(const char *glob, struct strbuf *out, char *msg, size_t msgsz)
{
	char *flat = glob_collapse_slashes(glob);
	struct gnode *root = gtree_parse(flat, msg, msgsz);

	free(flat);
	if (!root)
		return -1;
	gtree_to_pcre(root, out);
	gtree_free(root);
	return 0;
}
