/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * In-place profile editing: find profile blocks in a profile file's text,
 * toggle a flag in a header's flags=(...), insert rule lines before a
 * block's closing brace. Every edit is an insertion or a deletion inside
 * the header or before a '}': the rest of the file stays byte-for-byte.
 *
 * The block finder is a small brace scanner (comments, quoted strings and
 * glob alternations like {a,b} or @{VAR} are not blocks); the result is
 * always checked afterwards by the real parser (pp-parse -Q).
 */
#ifndef PATHPROF_LOGS_PROFEDIT_H
#define PATHPROF_LOGS_PROFEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include "propose.h"

#define PP_NO_OFFSET ((size_t)-1)

struct pp_block {
	char *name;          /* "a", "a//b" for children and hats */
	char *attach;        /* attachment after the name, or NULL */
	int parent;          /* index of the enclosing profile block, -1 */
	size_t hdr_off;      /* first byte of the header */
	size_t open_off;     /* '{' */
	size_t close_off;    /* '}' */
	size_t flags_open;   /* '(' of flags=(...), or PP_NO_OFFSET */
	size_t flags_close;  /* ')' */
	size_t flags_key;    /* 'f' of "flags" */
};

struct pp_blocks {
	struct pp_block *v;
	size_t n, cap;
};

/* Returns 0, or -1 with why set (unbalanced braces, out of memory). */
int pp_blocks_scan(const char *text, size_t len, struct pp_blocks *out,
		   char *why, size_t whylen);
void pp_blocks_free(struct pp_blocks *b);
/* Index of the block named name (or, at top level, attached to it). */
int pp_blocks_find(const struct pp_blocks *b, const char *name);

/*
 * Text with `flag` set (on) or removed (off) in profile's flags. Returns
 * a malloc'd copy (identical when nothing changes), or NULL with why set
 * (no such profile). *changed tells whether anything changed.
 */
char *pp_profile_set_flag(const char *text, size_t len, const char *profile,
			  const char *flag, bool on, bool *changed,
			  char *why, size_t whylen);

/*
 * Text with each block's lines inserted before its closing brace; child
 * blocks that do not exist are created inside their parent, top-level
 * profiles that do not exist are appended. NULL on error with why set.
 */
char *pp_profile_insert(const char *text, size_t len,
			const struct pp_block_add *adds, size_t nadds,
			char *why, size_t whylen);

/* A new profile file for program: tunables, base abstraction, complain. */
char *pp_profile_skeleton(const char *program);

#endif /* PATHPROF_LOGS_PROFEDIT_H */
