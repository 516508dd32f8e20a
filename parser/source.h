/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Source files, read once per cache and shared by every include of them. */
#ifndef PATHPROF_PARSER_SOURCE_H
#define PATHPROF_PARSER_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

struct pp_src {
	const char *path;      /* as resolved (shown in messages) */
	const char *text;      /* NUL-terminated */
	size_t len;
	size_t *line_off;      /* start offset of each line */
	unsigned nlines;
	bool is_dir;
	const char *const *entries; /* is_dir: included file paths, sorted */
	unsigned nentries;
};

struct pp_cache;

/* File or directory at path; NULL (errno set) if it cannot be read. */
const struct pp_src *src_load(struct pp_cache *c, const char *path);
/* Memory source (not cached by path). */
const struct pp_src *src_from_string(struct pp_cache *c, const char *name,
				     const char *text, size_t len);
/* 1-based line and column of off. */
void src_linecol(const struct pp_src *s, size_t off, unsigned *line, unsigned *col);
/* The text of line (1-based) and its length without the newline. */
const char *src_line(const struct pp_src *s, unsigned line, size_t *len);

/* Resolve an include: angle (<x>: search path) or quoted ("x": absolute,
 * or relative to the working directory, then to the including file's
 * directory). Returns a cached path or NULL if nothing exists. */
const char *src_resolve(struct pp_cache *c, const char *name, bool angle,
			const char *const *dirs, size_t ndirs,
			const char *from_path);

/* Should a directory include skip this entry (dotfiles, packaging
 * leftovers, README)? */
bool src_skip_dirent(const char *name);

#endif
