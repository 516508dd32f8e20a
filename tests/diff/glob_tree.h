/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The differential test's own reading of AppArmor globs, written apart
 * from dfa/glob.c on purpose: a shared misreading would hide in both.
 *
 * A glob parses to a tree that can be (a) printed as a PCRE2 pattern for
 * the oracle and (b) instantiated into random strings it should match.
 *
 * Semantics (AppArmor parser_regex.c, convert_aaregex_to_pcre):
 *   ?        one byte, not '/'
 *   *        any run of non-'/' bytes
 *   ** (or longer run)  any run of bytes
 *   a star run right after a literal '/' and followed by '/' or the end
 *            of the glob must match at least one non-'/' byte first
 *            (so "/tmp/" + star does not match "/tmp/")
 *   [..] [^..]  byte class; '\' escapes inside; a-b ranges; '^' negates
 *            (a negated class does match '/')
 *   {a,b,,c} alternation, nested, at least two alternatives
 *   \c       the byte c
 *   other    literal byte (>= 0x80 included: no UTF-8 decoding)
 * Before parsing, runs of unescaped '/' outside classes collapse to one,
 * as AppArmor's filter_slashes() does to rule paths.
 */
#ifndef PP_DIFF_GLOB_TREE_H
#define PP_DIFF_GLOB_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rng.h"
#include "strbuf.h"

enum gnode_kind { GN_SEQ, GN_BYTE, GN_ANY, GN_STAR, GN_CLASS, GN_ALT };

struct gnode {
	enum gnode_kind kind;
	uint8_t byte;          /* GN_BYTE */
	bool cross;            /* GN_STAR: "**", crosses '/' */
	bool nonempty;         /* GN_STAR: a whole path component, >= 1 byte */
	uint8_t set[32];       /* GN_CLASS: bit b = byte b matches */
	struct gnode **kids;   /* GN_SEQ items, GN_ALT alternatives */
	size_t nkids;
};

/* Collapse "//" runs the way AppArmor does to rule paths. Caller frees. */
char *glob_collapse_slashes(const char *glob);

/* Parse an already collapsed glob; NULL with msg on a syntax error. */
struct gnode *gtree_parse(const char *glob, char *msg, size_t msgsz);
void gtree_free(struct gnode *n);

/* Append the PCRE2 pattern (no anchors, needs DOTALL, no UTF). */
void gtree_to_pcre(const struct gnode *n, struct strbuf *out);

/* Append a random string the glob should match. long_fill makes star
 * runs long (for paths near PATH_MAX). */
void gtree_sample(const struct gnode *n, struct rng *r, bool long_fill,
		  struct strbuf *out);

/* True if the glob has no unescaped * ? [ (AppArmor: an exact rule; an
 * alternation of literals like /usr/{,s}bin/foo is exact too). */
bool glob_is_exact(const char *glob);

/* Full translation used by the oracle and pp-bench: collapse, parse, emit.
 * Returns 0 or -1 (syntax error, msg set). */
int glob_to_pcre(const char *glob, struct strbuf *out, char *msg, size_t msgsz);

#endif /* PP_DIFF_GLOB_TREE_H */
