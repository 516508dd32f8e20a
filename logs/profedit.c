// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Flag toggling and rule insertion on profile text (see profedit.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "profedit.h"

struct edit {
	size_t off, del;  /* replace [off, off + del) ... */
	char *ins;        /* ... with ins */
};

struct edits {
	struct edit *v;
	size_t n, cap;
};

static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

static int add_edit(struct edits *e, size_t off, size_t del, char *ins)
{
	if (!ins)
		return -1;
	if (e->n == e->cap) {
		size_t ncap = e->cap ? e->cap * 2 : 8;
		struct edit *nv = realloc(e->v, ncap * sizeof(*nv));

		if (!nv) {
			free(ins);
			return -1;
		}
		e->v = nv;
		e->cap = ncap;
	}
	e->v[e->n++] = (struct edit){ off, del, ins };
	return 0;
}

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Apply edits in offset order (stable for equal offsets) and free them. */
static char *apply(const char *text, size_t len, struct edits *e)
{
	char *out = NULL;
	size_t olen = 0, pos = 0;
	FILE *f = open_memstream(&out, &olen);

	/* insertion order decides between equal offsets */
	for (size_t i = 0; i < e->n; i++)
		e->v[i].off = e->v[i].off * 1024 + i;
	if (e->n)
		qsort(e->v, e->n, sizeof(*e->v), cmp_edit);
	for (size_t i = 0; i < e->n; i++) {
		size_t off = e->v[i].off / 1024;

		if (f && off >= pos) {
			fwrite(text + pos, 1, off - pos, f);
			fputs(e->v[i].ins, f);
			pos = off + e->v[i].del;
		}
		free(e->v[i].ins);
	}
	free(e->v);
	if (!f)
		return NULL;
	fwrite(text + pos, 1, len - pos, f);
	fclose(f);
	return out;
}

static bool is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

/* Offsets of flag in [open+1, close), or false. */
static bool find_flag(const char *t, size_t open, size_t close,
		      const char *flag, size_t *b, size_t *e)
{
	size_t fl = strlen(flag), i = open + 1;

	while (i < close) {
		size_t j;

		while (i < close && is_sep(t[i]))
			i++;
		j = i;
		while (j < close && !is_sep(t[j]))
			j++;
		if (j - i == fl && !memcmp(t + i, flag, fl)) {
			*b = i;
			*e = j;
			return true;
		}
		i = j;
	}
	return false;
}

static int flag_on(const char *t, const struct pp_block *bl, const char *flag,
		   struct edits *e)
{
	size_t last = bl->open_off, b, x;
	char *ins;

	if (bl->flags_open == PP_NO_OFFSET) {
		while (last > bl->hdr_off && (t[last - 1] == ' ' || t[last - 1] == '\t'))
			last--;
		if (asprintf(&ins, " flags=(%s)", flag) < 0)
			return -1;
		return add_edit(e, last, 0, ins);
	}
	if (find_flag(t, bl->flags_open, bl->flags_close, flag, &b, &x))
		return 0;
	last = bl->flags_close;
	while (last > bl->flags_open + 1 && is_sep(t[last - 1]))
		last--;
	if (asprintf(&ins, "%s%s", last > bl->flags_open + 1 ? "," : "", flag) < 0)
		return -1;
	return add_edit(e, last, 0, ins);
}

static int flag_off(const char *t, const struct pp_block *bl, const char *flag,
		    struct edits *e)
{
	size_t b, x, rest;

	if (bl->flags_open == PP_NO_OFFSET ||
	    !find_flag(t, bl->flags_open, bl->flags_close, flag, &b, &x))
		return 0;
	/* flags=(complain) alone: the whole key goes, with the space before */
	rest = b;
	while (rest > bl->flags_open + 1 && is_sep(t[rest - 1]))
		rest--;
	if (rest == bl->flags_open + 1) {
		size_t after = x;

		while (after < bl->flags_close && is_sep(t[after]))
			after++;
		if (after == bl->flags_close) {
			size_t from = bl->flags_key;

			while (from > bl->hdr_off && (t[from - 1] == ' ' || t[from - 1] == '\t'))
				from--;
			return add_edit(e, from, bl->flags_close + 1 - from, strdup(""));
		}
		return add_edit(e, b, after - b, strdup(""));
	}
	/* drop the separator before it: "a, complain" -> "a" */
	return add_edit(e, rest, x - rest, strdup(""));
}

char *pp_profile_set_flag(const char *text, size_t len, const char *profile,
			  const char *flag, bool on, bool *changed,
			  char *why, size_t whylen)
{
	struct pp_blocks blocks;
	struct edits e = { 0 };
	int i, rc;

	if (pp_blocks_scan(text, len, &blocks, why, whylen))
		return NULL;
	i = pp_blocks_find(&blocks, profile);
	if (i < 0) {
		say(why, whylen, "no profile \"%s\" in this file", profile);
		pp_blocks_free(&blocks);
		return NULL;
	}
	rc = on ? flag_on(text, &blocks.v[i], flag, &e)
		: flag_off(text, &blocks.v[i], flag, &e);
	pp_blocks_free(&blocks);
	*changed = e.n > 0;
	if (rc) {
		say(why, whylen, "out of memory");
		for (size_t k = 0; k < e.n; k++)
			free(e.v[k].ins);
		free(e.v);
		return NULL;
	}
	return apply(text, len, &e);
}

/* Leading white space of the line holding off, and that line's start. */
static size_t indent_at(const char *t, size_t off, const char **start)
{
	size_t b = off, n = 0;

	while (b > 0 && t[b - 1] != '\n')
		b--;
	while (t[b + n] == ' ' || t[b + n] == '\t')
		n++;
	*start = t + b;
	return n;
}

/*
 * Indentation for new lines in a block: that of the block's last rule
 * line (tabs stay tabs), else the closing brace's plus two spaces.
 */
static void rule_indent(const char *t, const struct pp_block *bl,
			char *pad, size_t padlen)
{
	const char *ls, *rs;
	size_t close_ind = indent_at(t, bl->close_off, &ls), n;
	size_t prev;

	if ((size_t)(ls - t) > bl->open_off + 1) {
		prev = (size_t)(ls - t) - 1; /* the '\n' ending the previous line */
		while (prev > bl->open_off && (t[prev - 1] == '\n' ||
					       t[prev - 1] == ' ' || t[prev - 1] == '\t'))
			prev--;
		if (prev > bl->open_off + 1) {
			n = indent_at(t, prev - 1, &rs);
			if ((size_t)(rs - t) > bl->open_off && n < padlen) {
				memcpy(pad, rs, n);
				pad[n] = '\0';
				return;
			}
		}
	}
	n = close_ind + 2 < padlen ? close_ind : 0;
	memcpy(pad, ls, n);
	memcpy(pad + n, "  ", 2);
	pad[n + 2] = '\0';
}

static char *render_lines(const struct pp_block_add *a, const char *ind,
			  size_t indlen, const char *header)
{
	char *out = NULL;
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);

	if (!f)
		return NULL;
	if (header)
		fprintf(f, "%.*s%s {\n", (int)indlen, ind, header);
	for (size_t i = 0; i < a->n; i++)
		fprintf(f, "%.*s%s%s\n", (int)indlen, ind, header ? "  " : "",
			a->lines[i]);
	if (header)
		fprintf(f, "%.*s}\n", (int)indlen, ind);
	fclose(f);
	return out;
}

/* Is line already written, alone on a line, inside [from, to)? */
static bool block_has_line(const char *t, size_t from, size_t to, const char *line)
{
	size_t len = strlen(line);
	const char *p = t + from, *end = t + to;

	while (p < end && (p = memmem(p, (size_t)(end - p), line, len))) {
		const char *b = p, *a = p + len;

		while (b > t + from && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		while (a < end && (*a == ' ' || *a == '\t'))
			a++;
		if ((b == t + from || b[-1] == '\n' || b[-1] == '{') &&
		    (a == end || *a == '\n' || *a == '}' || *a == '#'))
			return true;
		p++;
	}
	return false;
}

/* Lines go on their own lines just before the block's closing brace. */
static int insert_rendered(const char *t, const struct pp_block *bl,
			   const struct pp_block_add *a, const char *header,
			   struct edits *e)
{
	const char *ls;
	size_t close_ind = indent_at(t, bl->close_off, &ls);
	char pad[64], *body, *ins;
	bool own_line = (size_t)(ls - t) + close_ind == bl->close_off;

	rule_indent(t, bl, pad, sizeof(pad) - 2);
	body = render_lines(a, pad, strlen(pad), header);
	if (!body)
		return -1;
	if (own_line)
		return add_edit(e, (size_t)(ls - t), 0, body);
	/* "foo { }" on one line: open it up */
	if (asprintf(&ins, "\n%s%.*s", body, (int)close_ind, ls) < 0)
		ins = NULL;
	free(body);
	return add_edit(e, bl->close_off, 0, ins);
}

/* A rule the block already has is not written twice. */
static int insert_in(const char *t, const struct pp_block *bl,
		     const struct pp_block_add *all, const char *header,
		     struct edits *e)
{
	char *keep[256];
	struct pp_block_add fresh = *all;

	fresh.lines = keep;
	fresh.n = 0;
	for (size_t i = 0; i < all->n && fresh.n < 256; i++)
		if (header || !block_has_line(t, bl->open_off + 1, bl->close_off,
					      all->lines[i]))
			keep[fresh.n++] = all->lines[i];
	return fresh.n ? insert_rendered(t, bl, &fresh, header, e) : 0;
}

static int append_profile(const char *t, size_t len,
			  const struct pp_block_add *a, struct edits *e)
{
	char *body = render_lines(a, "", 0, NULL), *ins, *hdr;
	bool path = a->profile[0] == '/';

	if (!body)
		return -1;
	if (asprintf(&hdr, "%s%s", path ? "" : "profile ", a->profile) < 0) {
		free(body);
		return -1;
	}
	free(body);
	{
		struct pp_block_add indented = *a;
		char *b2 = render_lines(&indented, "  ", 2, NULL);

		if (!b2 || asprintf(&ins, "%s\n%s {\n%s}\n",
				    len && t[len - 1] != '\n' ? "\n" : "", hdr,
				    b2) < 0)
			ins = NULL;
		free(b2);
	}
	free(hdr);
	return add_edit(e, len, 0, ins);
}

static int insert_one(const char *t, size_t len, const struct pp_blocks *blocks,
		      const struct pp_block_add *a, struct edits *e)
{
	char *full = NULL, *hdr = NULL;
	int i, rc;

	if (!a->child)
		full = strdup(a->profile);
	else if (asprintf(&full, "%s//%s", a->profile, a->child) < 0)
		full = NULL;
	if (!full)
		return -1;
	i = pp_blocks_find(blocks, full);
	free(full);
	if (i >= 0)
		return a->n ? insert_in(t, &blocks->v[i], a, NULL, e) : 0;
	if (!a->child)
		return append_profile(t, len, a, e);
	i = pp_blocks_find(blocks, a->profile);
	if (i < 0)
		return -2;
	/* a missing child is created inside its top-level profile */
	{
		const char *last = a->child, *sep;

		while ((sep = strstr(last, "//")))
			last = sep + 2;
		if (asprintf(&hdr, "profile %s", last) < 0)
			return -1;
	}
	rc = insert_in(t, &blocks->v[i], a, hdr, e);
	free(hdr);
	return rc;
}

static bool block_exists(const struct pp_blocks *b, const struct pp_block_add *a)
{
	char *full;
	bool found;

	if (asprintf(&full, "%s//%s", a->profile, a->child) < 0)
		return false;
	found = pp_blocks_find(b, full) >= 0;
	free(full);
	return found;
}

char *pp_profile_insert(const char *text, size_t len,
			const struct pp_block_add *adds, size_t nadds,
			char *why, size_t whylen)
{
	struct pp_blocks blocks;
	struct edits e = { 0 };
	int rc = 0;

	if (pp_blocks_scan(text, len, &blocks, why, whylen))
		return NULL;
	/* rules into existing blocks first, then new children after them */
	for (size_t k = 0; k < 2 * nadds && !rc; k++) {
		size_t i = k % nadds;
		bool exists = pp_blocks_find(&blocks, adds[i].profile) >= 0 &&
			      (!adds[i].child || block_exists(&blocks, &adds[i]));

		if (exists != (k < nadds))
			continue;
		rc = insert_one(text, len, &blocks, &adds[i], &e);
		if (rc == -2)
			say(why, whylen, "no profile \"%s\" for child \"%s\"",
			    adds[i].profile, adds[i].child);
		else if (rc)
			say(why, whylen, "out of memory");
	}
	pp_blocks_free(&blocks);
	if (rc) {
		for (size_t k = 0; k < e.n; k++)
			free(e.v[k].ins);
		free(e.v);
		return NULL;
	}
	return apply(text, len, &e);
}

char *pp_profile_skeleton(const char *program)
{
	char *out;
	bool path = program[0] == '/';

	if (asprintf(&out,
		     "# pathprof profile for %s, generated by pp-genprof\n"
		     "include <tunables/global>\n"
		     "\n"
		     "%s%s flags=(complain) {\n"
		     "  include <abstractions/base>\n"
		     "}\n",
		     program, path ? "" : "profile ", program) < 0)
		return NULL;
	return out;
}
