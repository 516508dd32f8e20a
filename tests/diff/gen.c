// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Random rule sets and probe paths for the differential test. */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glob_tree.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const words[] = {
	"usr", "lib", "etc", "a", "b", "ab", "foo", "foo.conf", "libc.so.6",
	"x86_64-linux-gnu", ".cache", "..", ".", "home", "tmp", "bin", "share",
	"doc", "man", "proc", "status", "\xc3\xa9t\xc3\xa9", "\xff", "\x80x",
	"a b", "x,y", "~", "@", "$", "^", "(x)", "a+b", "|", "%s", "1",
};

static const char *const classes[] = {
	"[abc]", "[a-c]", "[^a]", "[^/]", "[0-9]", "[.]", "[\\]]", "[-a]",
	"[a-]", "[\xc3\xa9]", "[^.]", "[a/]", "[x\\-z]", "[*?]", "[{},]",
	"[^\x80-\xff]", "[\x80-\xff]",
};

static const char *const escapes[] = {
	"\\*", "\\?", "\\[", "\\]", "\\{", "\\}", "\\,", "\\\\",
};

/* Rules as real profiles write them. */
static const char *const realistic[] = {
	"/usr/lib/*.so*", "/etc/**", "/home/*/.cache/**", "/proc/[0-9]*/status",
	"/tmp/*", "/tmp/**", "/", "/**", "/*", "/usr/share/{doc,man}/**",
	"/dev/{,u}random", "/etc/ld.so.cache", "/usr/lib/x86_64-linux-gnu/libc.so.6",
	"/{usr/,}bin/*", "/etc/foo/*.conf", "/proc/[0-9]*/fd/*", "/**/", "/*/",
	"/home/*/", "/var/log/**.log", "/usr/{lib,lib64}/**.so{,.[0-9]*}",
};

struct vocab {
	const char *w[6];
};

static void pick_vocab(struct rng *r, struct vocab *v)
{
	for (size_t i = 0; i < ARRAY_SIZE(v->w); i++)
		v->w[i] = words[rng_below(r, ARRAY_SIZE(words))];
}

static const char *word(struct rng *r, const struct vocab *v)
{
	return v->w[rng_below(r, ARRAY_SIZE(v->w))];
}

static void atom(struct rng *r, const struct vocab *v, int depth, struct strbuf *g);

static void brace(struct rng *r, const struct vocab *v, int depth, struct strbuf *g)
{
	uint32_t n = 2 + rng_below(r, 2);

	sb_putc(g, '{');
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			sb_putc(g, ',');
		uint32_t k = rng_below(r, 100);

		if (k < 12)
			continue; /* empty alternative */
		if (k < 27) {
			sb_puts(g, word(r, v));
			sb_putc(g, '/');
			sb_puts(g, word(r, v));
			continue;
		}
		uint32_t atoms = 1 + rng_below(r, 2);

		for (uint32_t j = 0; j < atoms; j++)
			atom(r, v, depth + 1, g);
	}
	sb_putc(g, '}');
}

static void atom(struct rng *r, const struct vocab *v, int depth, struct strbuf *g)
{
	uint32_t k = rng_below(r, 100);

	if (k < 45)
		sb_puts(g, word(r, v));
	else if (k < 54)
		sb_putc(g, '*');
	else if (k < 58)
		sb_puts(g, "**");
	else if (k < 63)
		sb_putc(g, '?');
	else if (k < 70)
		sb_puts(g, classes[rng_below(r, ARRAY_SIZE(classes))]);
	else if (k < 80 && depth < 3)
		brace(r, v, depth, g);
	else if (k < 85)
		sb_puts(g, escapes[rng_below(r, ARRAY_SIZE(escapes))]);
	else if (k < 88)
		sb_puts(g, "\xe2\x82\xac"); /* UTF-8 euro sign */
	else
		sb_puts(g, word(r, v));
}

static char *random_glob(struct rng *r, const struct vocab *v)
{
	struct strbuf g = { 0 };

	if (rng_pct(r, 20)) {
		sb_puts(&g, realistic[rng_below(r, ARRAY_SIZE(realistic))]);
		return g.s;
	}
	uint32_t comps = 1 + rng_below(r, 4);

	for (uint32_t c = 0; c < comps; c++) {
		sb_puts(&g, c && rng_pct(r, 5) ? "//" : "/");
		uint32_t atoms = 1 + rng_below(r, 3);

		for (uint32_t a = 0; a < atoms; a++)
			atom(r, v, 0, &g);
	}
	switch (rng_below(r, 8)) {
	case 0: sb_puts(&g, "/*"); break;
	case 1: sb_puts(&g, "/**"); break;
	case 2: sb_puts(&g, "/"); break;
	default: break;
	}
	return g.s;
}

struct xpick {
	uint32_t mode, index;
};

static struct xpick random_exec(struct rng *r)
{
	static const uint32_t modes[] = {
		PP_X_INHERIT, PP_X_PROFILE, PP_X_PROFILE | PP_X_SCRUB,
		PP_X_CHILD | PP_X_FALLBACK_INHERIT, PP_X_UNCONFINED | PP_X_SCRUB,
		PP_X_PROFILE | PP_X_FALLBACK_UNCONFINED,
	};
	struct xpick x = { modes[rng_below(r, ARRAY_SIZE(modes))], PP_XINDEX_NONE };

	if ((x.mode & PP_X_MODE_MASK) == PP_X_PROFILE ||
	    (x.mode & PP_X_MODE_MASK) == PP_X_CHILD)
		if (rng_pct(r, 60))
			x.index = rng_below(r, 3);
	return x;
}

static bool same_exec(struct xpick a, struct xpick b)
{
	return a.mode == b.mode && a.index == b.index;
}

/*
 * An exec precedence contest: a globbed rule and an exact one (a literal
 * or an alternation of literals) under it, with different exec modes. The
 * exact rule must win on its paths; it is not a conflict.
 */
static void exec_contest(struct rng *r, const struct vocab *v, struct ruleset *rs,
			 struct xpick common)
{
	struct strbuf g = { 0 }, e = { 0 };
	struct xpick other;
	const char *dir = word(r, v);

	do
		other = random_exec(r);
	while (same_exec(other, common));
	sb_putc(&g, '/');
	sb_puts(&g, dir);
	sb_puts(&g, rng_pct(r, 50) ? "/*" : "/**");
	sb_putc(&e, '/');
	sb_puts(&e, dir);
	sb_putc(&e, '/');
	if (rng_pct(r, 60)) {
		sb_putc(&e, '{');
		sb_puts(&e, word(r, v));
		sb_putc(&e, ',');
		sb_puts(&e, rng_pct(r, 50) ? word(r, v) : "x/y");
		sb_putc(&e, '}');
	} else {
		sb_puts(&e, word(r, v));
	}
	for (int k = 0; k < 2; k++) {
		struct dfa_rule *d = &rs->rules[rs->n];
		struct xpick x = k ? other : common;

		rs->globs[rs->n] = k ? e.s : g.s;
		d->perms = PP_PERM_EXEC | (rng_pct(r, 50) ? PP_PERM_READ : 0);
		d->owner = rng_pct(r, 15);
		d->xmode = x.mode;
		d->xindex = x.index;
		rs->n++;
	}
}

void gen_ruleset(struct rng *r, struct ruleset *rs)
{
	struct vocab v;
	struct xpick common = random_exec(r);
	size_t n;

	memset(rs, 0, sizeof(*rs));
	pick_vocab(r, &v);
	n = 1 + rng_below(r, GEN_MAX_RULES);
	if (n <= GEN_MAX_RULES - 2 && rng_pct(r, 15))
		exec_contest(r, &v, rs, common);
	for (size_t i = 0; i < rs->n; i++) {
		rs->rules[i].glob = rs->globs[i];
		snprintf(rs->origins[i], sizeof(rs->origins[i]), "diff:%zu:1", i + 1);
		rs->rules[i].origin = rs->origins[i];
	}
	for (size_t i = rs->n; i < rs->n + n; i++) {
		struct dfa_rule *d = &rs->rules[i];

		rs->globs[i] = random_glob(r, &v);
		snprintf(rs->origins[i], sizeof(rs->origins[i]), "diff:%zu:1", i + 1);
		d->glob = rs->globs[i];
		d->origin = rs->origins[i];
		d->perms = 1 + rng_below(r, PP_PERM_ALL);
		d->owner = rng_pct(r, 25);
		d->deny = rng_pct(r, 20);
		d->audit = rng_pct(r, 15);
		d->xmode = PP_X_NONE;
		d->xindex = PP_XINDEX_NONE;
		if (!d->deny && (d->perms & PP_PERM_EXEC)) {
			struct xpick x = rng_pct(r, 3) ? random_exec(r) : common;

			d->xmode = x.mode;
			d->xindex = x.index;
		}
	}
	rs->n += n;
}

void ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->globs[i]);
	rs->n = 0;
}

static struct strbuf *next_path(struct pathset *ps)
{
	struct strbuf *p = &ps->p[ps->n++];

	sb_clear(p);
	return p;
}

static void sample_rule(struct rng *r, const char *glob, bool long_fill,
			struct strbuf *out)
{
	char msg[128];
	char *flat = glob_collapse_slashes(glob);
	struct gnode *t = gtree_parse(flat, msg, sizeof(msg));

	free(flat);
	if (!t) {
		sb_puts(out, "/unparsable");
		return;
	}
	gtree_sample(t, r, long_fill, out);
	gtree_free(t);
}

static uint8_t random_byte(struct rng *r)
{
	static const char common[] = "/a.*x0";

	if (rng_pct(r, 50))
		return (uint8_t)common[rng_below(r, sizeof(common) - 1)];
	return (uint8_t)(1 + rng_below(r, 255)); /* never NUL */
}

/* One byte changed, inserted or deleted. */
static void mutate(struct rng *r, const struct strbuf *src, struct strbuf *dst)
{
	size_t at = src->len ? rng_below(r, (uint32_t)src->len + 1) : 0;
	uint8_t b = random_byte(r);

	sb_add(dst, src->s, src->len);
	switch (rng_below(r, 3)) {
	case 0:
		if (at < dst->len)
			dst->s[at] = (char)b;
		break;
	case 1:
		sb_putc(dst, 0);
		memmove(dst->s + at + 1, dst->s + at, dst->len - 1 - at);
		dst->s[at] = (char)b;
		break;
	default:
		if (at < dst->len) {
			memmove(dst->s + at, dst->s + at + 1, dst->len - at - 1);
			dst->s[--dst->len] = '\0';
		}
		break;
	}
}

/* Insert text before a random '/' of src (or at the end). */
static void insert_at_slash(struct rng *r, const struct strbuf *src,
			    const char *text, struct strbuf *dst)
{
	size_t at = src->len, seen = 0;
	uint32_t want = rng_below(r, 4);

	for (size_t i = 0; i < src->len; i++)
		if (src->s[i] == '/' && seen++ == want) {
			at = i;
			break;
		}
	sb_add(dst, src->s, at);
	sb_puts(dst, text);
	sb_add(dst, src->s + at, src->len - at);
}

/* A path of exactly 4096 (or 4095) bytes built from a sample. */
static void long_path(struct rng *r, const struct strbuf *src, struct strbuf *dst)
{
	size_t target = GEN_LONG_PATH - rng_below(r, 2);

	sb_add(dst, src->s, src->len);
	while (dst->len < target) {
		const char *piece = rng_pct(r, 50) ? "/aaaaaaa" : "a";

		sb_puts(dst, piece);
	}
	dst->len = target;
	dst->s[target] = '\0';
}

static const char *const fixed_paths[] = {
	"/", "", "//", "/a", "/tmp/", "/tmp", "/..", "/a/../b", "/./", "/usr//lib",
	"/etc/", "/\xff", "/a/", "///", "/proc/1/status", "/home/u/.cache/x",
};

void gen_paths(struct rng *r, const struct ruleset *rs, struct pathset *ps)
{
	size_t base;

	ps->n = 0;
	for (size_t i = 0; i < rs->n && ps->n < 16; i++) {
		sample_rule(r, rs->globs[i], false, next_path(ps));
		sample_rule(r, rs->globs[i], false, next_path(ps));
	}
	base = ps->n;
	for (int i = 0; i < 8; i++)
		mutate(r, &ps->p[rng_below(r, (uint32_t)base)], next_path(ps));
	insert_at_slash(r, &ps->p[rng_below(r, (uint32_t)base)], "/", next_path(ps));
	insert_at_slash(r, &ps->p[rng_below(r, (uint32_t)base)], "/..", next_path(ps));
	insert_at_slash(r, &ps->p[rng_below(r, (uint32_t)base)], "/.", next_path(ps));
	{
		const struct strbuf *s = &ps->p[rng_below(r, (uint32_t)base)];
		struct strbuf *d = next_path(ps);

		sb_add(d, s->s, s->len);
		sb_puts(d, rng_pct(r, 50) ? "/" : "/x");
	}
	{
		const struct strbuf *s = &ps->p[rng_below(r, (uint32_t)base)];
		struct strbuf *d = next_path(ps);

		sb_add(d, s->s, s->len ? rng_below(r, (uint32_t)s->len) : 0);
	}
	for (int i = 0; i < 3; i++)
		sb_puts(next_path(ps), fixed_paths[rng_below(r, ARRAY_SIZE(fixed_paths))]);
	if (rng_pct(r, 30)) {
		struct strbuf *d = next_path(ps);

		if (rng_pct(r, 50)) {
			sample_rule(r, rs->globs[rng_below(r, (uint32_t)rs->n)], true, d);
			if (d->len > GEN_LONG_PATH) {
				d->len = GEN_LONG_PATH;
				d->s[d->len] = '\0';
			}
		} else {
			long_path(r, &ps->p[rng_below(r, (uint32_t)base)], d);
		}
	}
}

void pathset_free(struct pathset *ps)
{
	for (size_t i = 0; i < GEN_MAX_PATHS; i++)
		sb_free(&ps->p[i]);
	ps->n = 0;
}
