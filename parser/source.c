/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Source cache: each file is read and line-indexed once per pp_cache,
 * however many profiles include it. Include lookups are memoized too, so
 * "#include <abstractions/base>" costs one hash probe after the first time.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "parser.h"
#include "arena.h"
#include "source.h"

struct entry {
	struct entry *next;
	const char *key;
	const void *val;       /* struct pp_src * or resolved path */
	int err;
};

#define NBUCKETS 1024

struct pp_cache {
	struct arena *a;
	struct entry *files[NBUCKETS];   /* path -> struct pp_src */
	struct entry *lookups[NBUCKETS]; /* "<dirs>\1name" -> path */
};

struct pp_cache *pp_cache_new(void)
{
	struct pp_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->a = arena_new();
	return c;
}

void pp_cache_free(struct pp_cache *c)
{
	struct pp_src *s;

	if (!c)
		return;
	for (unsigned i = 0; i < NBUCKETS; i++)
		for (struct entry *e = c->files[i]; e; e = e->next) {
			s = (struct pp_src *)e->val;
			if (s) {
				free((void *)s->text);
				free(s->line_off);
			}
		}
	arena_free(c->a);
	free(c);
}

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct entry *find(struct entry **tab, const char *key)
{
	for (struct entry *e = tab[hash_str(key) % NBUCKETS]; e; e = e->next)
		if (!strcmp(e->key, key))
			return e;
	return NULL;
}

static struct entry *insert(struct pp_cache *c, struct entry **tab, const char *key)
{
	struct entry *e = arena_alloc(c->a, sizeof(*e));
	uint32_t h = hash_str(key) % NBUCKETS;

	e->key = arena_strdup(c->a, key);
	e->next = tab[h];
	tab[h] = e;
	return e;
}

static void index_lines(struct pp_src *s)
{
	size_t n = 1, k = 0;

	for (size_t i = 0; i < s->len; i++)
		n += s->text[i] == '\n';
	s->line_off = malloc(n * sizeof(size_t));
	if (!s->line_off)
		abort();
	s->line_off[k++] = 0;
	for (size_t i = 0; i < s->len; i++)
		if (s->text[i] == '\n')
			s->line_off[k++] = i + 1;
	s->nlines = (unsigned)n;
}

static char *read_all(int fd, size_t *len)
{
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t r;

	if (!buf)
		return NULL;
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}

bool src_skip_dirent(const char *n)
{
	static const char *const suffixes[] = {
		".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-bak", ".dpkg-tmp",
		".dpkg-remove", ".rpmnew", ".rpmsave", ".orig", ".rej", ".swp",
		".pacsave", ".pacnew", "~",
	};
	size_t len = strlen(n);

	if (n[0] == '.' || !strcmp(n, "README"))
		return true;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len >= sl && !strcmp(n + len - sl, suffixes[i]))
			return true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int list_dir(struct pp_cache *c, struct pp_src *s, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	const char **v = NULL;
	size_t n = 0, cap = 0;
	struct sbuf tmp = { 0 };

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		struct stat st;
		char *full;
		size_t pl = strlen(path);

		if (src_skip_dirent(de->d_name))
			continue;
		sbuf_reset(&tmp);
		sbuf_add(&tmp, path);
		if (!pl || path[pl - 1] != '/')
			sbuf_addc(&tmp, '/');
		sbuf_add(&tmp, de->d_name);
		full = arena_strndup(c->a, tmp.s, tmp.len);
		/* AppArmor includes the files of a directory, not subdirectories. */
		if (stat(full, &st) || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				abort();
		}
		v[n++] = full;
	}
	closedir(d);
	sbuf_free(&tmp);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	s->entries = arena_alloc(c->a, (n ? n : 1) * sizeof(char *));
	if (n)
		memcpy((void *)s->entries, v, n * sizeof(*v));
	s->nentries = (unsigned)n;
	free(v);
	return 0;
}

const struct pp_src *src_load(struct pp_cache *c, const char *path)
{
	struct entry *e = find(c->files, path);
	struct pp_src *s;
	struct stat st;
	int fd;

	if (e) {
		errno = e->err;
		return e->val;
	}
	e = insert(c, c->files, path);
	s = arena_alloc(c->a, sizeof(*s));
	s->path = e->key;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		e->err = errno;
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		s->is_dir = true;
		s->text = strdup("");
		if (!s->text || list_dir(c, s, path)) {
			e->err = errno ? errno : EIO;
			free((void *)s->text);
			return NULL;
		}
		index_lines(s);
		e->val = s;
		return s;
	}
	s->text = read_all(fd, &s->len);
	e->err = errno;
	close(fd);
	if (!s->text)
		return NULL;
	index_lines(s);
	e->val = s;
	return s;
}

const struct pp_src *src_from_string(struct pp_cache *c, const char *name,
				     const char *text, size_t len)
{
	struct pp_src *s = arena_alloc(c->a, sizeof(*s));
	char *t = malloc(len + 1);
	struct entry *e;

	if (!t)
		abort();
	memcpy(t, text, len);
	t[len] = 0;
	s->text = t;
	s->len = len;
	index_lines(s);
	/* Keep it in the table (under a key no path can have) so
	 * pp_cache_free releases it. */
	e = insert(c, c->files, "\x01");
	e->val = s;
	s->path = arena_strdup(c->a, name);
	return s;
}

void src_linecol(const struct pp_src *s, size_t off, unsigned *line, unsigned *col)
{
	unsigned lo = 0, hi = s->nlines;

	while (hi - lo > 1) {
		unsigned mid = lo + (hi - lo) / 2;

		if (s->line_off[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = lo + 1;
	*col = (unsigned)(off - s->line_off[lo]) + 1;
}

const char *src_line(const struct pp_src *s, unsigned line, size_t *len)
{
	const char *p, *e;

	if (line == 0 || line > s->nlines) {
		*len = 0;
		return "";
	}
	p = s->text + s->line_off[line - 1];
	e = memchr(p, '\n', s->len - (size_t)(p - s->text));
	*len = e ? (size_t)(e - p) : s->len - (size_t)(p - s->text);
	return p;
}

static bool exists(const char *p)
{
	return access(p, F_OK) == 0;
}

const char *src_resolve(struct pp_cache *c, const char *name, bool angle,
			const char *const *dirs, size_t ndirs, const char *from)
{
	struct sbuf key = { 0 }, cand = { 0 };
	struct entry *e;
	const char *res = NULL;

	/* Memo key: kind, search path (or including dir), name. */
	sbuf_addc(&key, angle ? '<' : '"');
	if (angle) {
		for (size_t i = 0; i < ndirs; i++) {
			sbuf_add(&key, dirs[i]);
			sbuf_addc(&key, '\1');
		}
	} else if (from) {
		sbuf_add(&key, from);
		sbuf_addc(&key, '\1');
	}
	sbuf_add(&key, name);
	e = find(c->lookups, key.s);
	if (e) {
		sbuf_free(&key);
		return e->val;
	}
	if (angle) {
		for (size_t i = 0; i < ndirs && !res; i++) {
			size_t dl = strlen(dirs[i]);

			sbuf_reset(&cand);
			sbuf_add(&cand, dirs[i]);
			if (dl && dirs[i][dl - 1] != '/')
				sbuf_addc(&cand, '/');
			sbuf_add(&cand, name);
			if (exists(cand.s))
				res = arena_strdup(c->a, cand.s);
		}
	} else if (name[0] == '/' || exists(name)) {
		if (exists(name))
			res = arena_strdup(c->a, name);
	} else if (from) {
		const char *slash = strrchr(from, '/');

		if (slash) {
			sbuf_addn(&cand, from, (size_t)(slash - from) + 1);
			sbuf_add(&cand, name);
			if (exists(cand.s))
				res = arena_strdup(c->a, cand.s);
		}
	}
	e = insert(c, c->lookups, key.s);
	e->val = res;
	sbuf_free(&key);
	sbuf_free(&cand);
	return res;
}
