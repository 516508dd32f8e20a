// SPDX-License-Identifier: GPL-2.0 OR MIT
// Glob suggestions for one logged path, the way an experienced profile
// author generalizes it:
//   /proc/1234/status          -> @{PROC}/@{pid}/status
//   /home/alice/.foorc         -> @{HOME}/.foorc     (/root/ too)
//   /run/user/1000/x           -> @{run}/user/@{uid}/x
//   /tmp/foo.XyZ123            -> /tmp/foo.*         (mkstemp-like names)
//   /usr/lib/libfoo.so.1.2.3   -> /usr/lib/libfoo.so*
//   /dev/tty12, /dev/pts/3     -> /dev/tty*, /dev/pts/*
//   /usr/share/zoneinfo/Europe/Paris (read) -> /usr/share/zoneinfo/**
// then the exact path, then "dir/*" and "dir/**" when the directory is at
// least two levels deep: never "/**", "/etc/**" or "@{HOME}/**".
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "propose.h"

#define MAX_COMPS 64

/* Read-only data trees that are always granted whole. */
static const char *const data_trees[] = {
	"/usr/share/zoneinfo/", "/usr/share/locale/", "/usr/lib/locale/",
	"/usr/share/i18n/", "/usr/share/fonts/", "/usr/local/share/fonts/",
	"/etc/fonts/", "/var/cache/fontconfig/", "/usr/share/X11/locale/",
	"/usr/share/icons/", "/usr/share/mime/", "/usr/share/terminfo/",
	"/usr/lib/terminfo/", "/etc/ssl/certs/", "/usr/share/ca-certificates/",
	"/usr/share/locale-langpack/", "/usr/share/zoneinfo-icu/",
};

struct comps {
	char *gen[MAX_COMPS];  /* generalized text of each component */
	char *lit[MAX_COMPS];  /* escaped literal text */
	size_t n;
	bool dir;              /* path ended with '/' */
	size_t skip;           /* leading components replaced by prefix */
	const char *prefix;    /* "@{PROC}", "@{HOME}", "@{run}" or NULL */
};

static char *escape_glob(const char *s, size_t len)
{
	char *out = malloc(len * 2 + 1), *p = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		/* a control byte cannot be written in a rule: any one byte */
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			*p++ = '?';
			continue;
		}
		if (strchr("*?[]{}^\\\",", s[i]))
			*p++ = '\\';
		*p++ = s[i];
	}
	*p = '\0';
	return out;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* mkstemp-like: 6+ alphanumerics mixing digits and letters or cases. */
static bool looks_random(const char *s, size_t len)
{
	bool digit = false, lower = false, upper = false;

	if (len < 6)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c))
			return false;
		digit |= isdigit(c) != 0;
		lower |= islower(c) != 0;
		upper |= isupper(c) != 0;
	}
	return (digit && (lower || upper)) || (lower && upper);
}

static void set_gen(struct comps *c, size_t i, char *text)
{
	if (!text)
		return;
	free(c->gen[i]);
	c->gen[i] = text;
}

static char *prefix_star(const char *comp, size_t keep)
{
	char *esc = escape_glob(comp, keep), *out;

	if (!esc || asprintf(&out, "%s*", esc) < 0)
		out = NULL;
	free(esc);
	return out;
}

static void generalize_random(struct comps *c, size_t i, const char *comp)
{
	size_t len = strlen(comp);

	for (size_t k = len; k-- > 0;) {
		if (!strchr(".-_", comp[k]))
			continue;
		if (looks_random(comp + k + 1, len - k - 1))
			set_gen(c, i, prefix_star(comp, k + 1));
		return;
	}
	if (!strncmp(comp, "tmp", 3) && looks_random(comp + 3, len - 3))
		set_gen(c, i, strdup("tmp*"));
	else if (len >= 8 && looks_random(comp, len))
		set_gen(c, i, strdup("*"));
}

/* libfoo.so.1.2.3 -> libfoo.so* */
static void generalize_library(struct comps *c, size_t i, const char *comp)
{
	const char *so = strstr(comp, ".so.");

	if (!so || (strncmp(comp, "lib", 3) && !strstr(comp, "ld-linux")))
		return;
	for (const char *p = so + 4; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return;
	set_gen(c, i, prefix_star(comp, (size_t)(so + 3 - comp)));
}

// tty12 -> tty*, pts/3 -> pts/*
static void generalize_device(struct comps *c, size_t i, const char *comp)
{
	size_t len = strlen(comp), k = len;

	while (k > 0 && isdigit((unsigned char)comp[k - 1]))
		k--;
	if (k == len)
		return;
	set_gen(c, i, k == 0 ? strdup("*") : prefix_star(comp, k));
}

static void generalize_prefix(struct comps *c, char **raw)
{
	if (c->n >= 2 && !strcmp(raw[0], "proc")) {
		c->prefix = "@{PROC}";
		c->skip = 1;
		if (all_digits(raw[1]))
			set_gen(c, 1, strdup("@{pid}"));
		if (c->n >= 4 && !strcmp(raw[2], "task") && all_digits(raw[3]))
			set_gen(c, 3, strdup("@{tid}"));
	} else if (c->n >= 3 && !strcmp(raw[0], "home")) {
		c->prefix = "@{HOME}";
		c->skip = 2;
	} else if (c->n >= 2 && !strcmp(raw[0], "root")) {
		c->prefix = "@{HOME}";
		c->skip = 1;
	} else if (c->n >= 2 && !strcmp(raw[0], "run")) {
		c->prefix = "@{run}";
		c->skip = 1;
		if (c->n >= 3 && !strcmp(raw[1], "user") && all_digits(raw[2]))
			set_gen(c, 2, strdup("@{uid}"));
	}
}

static bool is_tmp_dir(char **raw, size_t n)
{
	return (n >= 2 && !strcmp(raw[0], "tmp")) ||
	       (n >= 3 && !strcmp(raw[0], "var") && !strcmp(raw[1], "tmp")) ||
	       (n >= 3 && !strcmp(raw[0], "dev") && !strcmp(raw[1], "shm")) ||
	       (n >= 4 && !strcmp(raw[0], "run") && !strcmp(raw[1], "user"));
}

static void generalize(struct comps *c, char **raw)
{
	generalize_prefix(c, raw);
	if (is_tmp_dir(raw, c->n))
		for (size_t i = 1; i < c->n; i++)
			generalize_random(c, i, raw[i]);
	if (c->n && !c->dir)
		generalize_library(c, c->n - 1, raw[c->n - 1]);
	if (c->n >= 2 && !c->dir && !strcmp(raw[0], "dev"))
		generalize_device(c, c->n - 1, raw[c->n - 1]);
}

/* Join components [0, upto) (generalized or literal) plus a tail. */
static char *join(const struct comps *c, bool general, size_t upto,
		  const char *tail)
{
	size_t len = 16 + (tail ? strlen(tail) : 0);
	size_t start = general && c->prefix ? c->skip : 0;
	char *out, *p;

	for (size_t i = 0; i < upto; i++)
		len += strlen(general ? c->gen[i] : c->lit[i]) + 1;
	if (general && c->prefix)
		len += strlen(c->prefix);
	out = p = malloc(len);
	if (!out)
		return NULL;
	*p = '\0';
	if (general && c->prefix)
		p = stpcpy(p, c->prefix);
	for (size_t i = start; i < upto; i++) {
		*p++ = '/';
		p = stpcpy(p, general ? c->gen[i] : c->lit[i]);
	}
	if (tail)
		p = stpcpy(p, tail);
	else if (c->dir || upto == 0)
		p = stpcpy(p, "/");
	return out;
}

static const char *data_tree(const char *path, uint32_t perms)
{
	if (perms & ~(uint32_t)(PP_PERM_READ | PP_PERM_MMAP | PP_PERM_LOCK))
		return NULL;
	for (size_t i = 0; i < sizeof(data_trees) / sizeof(data_trees[0]); i++)
		if (!strncmp(path, data_trees[i], strlen(data_trees[i])))
			return data_trees[i];
	return NULL;
}

static size_t add_alt(char **out, size_t n, size_t max, char *alt)
{
	if (!alt)
		return n;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(out[i], alt)) {
			free(alt);
			return n;
		}
	if (n == max) {
		free(alt);
		return n;
	}
	out[n] = alt;
	return n + 1;
}

static size_t split(const char *path, char **raw, struct comps *c)
{
	const char *p = path;

	while (*p && c->n < MAX_COMPS) {
		const char *e;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchrnul(p, '/');
		raw[c->n] = strndup(p, (size_t)(e - p));
		c->lit[c->n] = escape_glob(p, (size_t)(e - p));
		c->gen[c->n] = strdup(c->lit[c->n] ? c->lit[c->n] : "");
		c->n++;
		p = e;
	}
	c->dir = *path && path[strlen(path) - 1] == '/';
	return c->n;
}

size_t pp_glob_alternatives(const char *path, uint32_t perms,
			    char **out, size_t max)
{
	struct comps c = { 0 };
	char *raw[MAX_COMPS];
	const char *tree = data_tree(path, perms);
	size_t n = 0, logical;

	split(path, raw, &c);
	for (size_t i = 0; i < c.n; i++)
		if (!raw[i] || !c.lit[i] || !c.gen[i])
			goto out;
	generalize(&c, raw);
	if (tree) {
		char *t = escape_glob(tree, strlen(tree)), *g = NULL;

		if (t && asprintf(&g, "%s**", t) < 0)
			g = NULL;
		free(t);
		n = add_alt(out, n, max, g);
	}
	n = add_alt(out, n, max, join(&c, true, c.n, NULL));
	n = add_alt(out, n, max, join(&c, false, c.n, NULL));
	/* directories one level up, only when at least two levels deep */
	logical = c.n - (c.prefix ? c.skip - 1 : 0);
	if (!c.dir && logical >= 3) {
		n = add_alt(out, n, max, join(&c, true, c.n - 1, "/*"));
		n = add_alt(out, n, max, join(&c, true, c.n - 1, "/**"));
	}
out:
	for (size_t i = 0; i < c.n; i++) {
		free(raw[i]);
		free(c.lit[i]);
		free(c.gen[i]);
	}
	return n;
}

char *pp_rule_perms(uint32_t perms, const char *xmode, char *buf, size_t len)
{
	static const struct { uint32_t bit; char c; } order[] = {
		{ PP_PERM_MMAP, 'm' }, { PP_PERM_READ, 'r' },
		{ PP_PERM_WRITE, 'w' }, { PP_PERM_APPEND, 'a' },
		{ PP_PERM_LINK, 'l' }, { PP_PERM_LOCK, 'k' },
	};
	size_t k = 0;

	/* AppArmor refuses w and a in one rule; w covers appending */
	if (perms & PP_PERM_WRITE)
		perms &= ~(uint32_t)PP_PERM_APPEND;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if ((perms & order[i].bit) && k + 1 < len)
			buf[k++] = order[i].c;
	buf[k] = '\0';
	if (xmode && *xmode)
		snprintf(buf + k, len - k, "%s", xmode);
	return buf;
}
