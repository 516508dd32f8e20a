/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The profile language: read AppArmor profiles (includes, variables,
 * conditionals, profiles, children, hats, rules) and lower them to what
 * dfa/ compiles. Semantics, and every implied permission: parser/SEMANTICS.md.
 *
 * Errors never print: the first one is kept in a struct pp_diag that the
 * caller prints with pp_diag_print(). A failed call returns NULL / -1 and
 * leaves nothing allocated.
 */
#ifndef PATHPROF_PARSER_H
#define PATHPROF_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "dfa.h"
#include "blob_write.h"

/* Read-once cache of source files and include lookups. Share one across
 * parses in a run (not across threads); NULL in the opts: a private one. */
struct pp_cache;
struct pp_cache *pp_cache_new(void);
void pp_cache_free(struct pp_cache *c);

struct pp_parse_opts {
	const char *const *include_dirs; /* search path for <x>, in order */
	size_t n_include_dirs;
	bool strict;          /* not-enforced rule classes are errors */
	bool force_complain;  /* every profile gets PP_PROF_COMPLAIN */
	FILE *warn;           /* non-fatal warnings "file:line:col: warning:",
			       * written only when the parse succeeds (NULL:
			       * none); "not enforced" is NOT printed here,
			       * see pp_policy.unenforced */
	struct pp_cache *cache; /* may be NULL */
};

/* The first error: "file:line:col: message", the source line, a caret
 * under the column and the include chain, innermost first. */
#define PP_DIAG_MAX_CHAIN 16
struct pp_diag {
	bool set;
	char file[512];
	unsigned line, col;          /* 1-based; 0 when unknown */
	char msg[1024];
	char src_line[512];          /* offending line without '\n' ("" if none) */
	unsigned nchain;
	struct { char file[512]; unsigned line; } chain[PP_DIAG_MAX_CHAIN];
};
void pp_diag_clear(struct pp_diag *d);
/* Prints:  file:line:col: error: msg
 *          <source line>
 *               ^
 *          included from file:line   (one line per level) */
void pp_diag_print(const struct pp_diag *d, FILE *out);

/* One profile; children and hats are separate, flat entries. */
struct pp_profile {
	const char *name;     /* "parent//child" for children and hats */
	const char *attach;   /* attachment glob, variables expanded; NULL if none */
	uint32_t flags;       /* PP_PROF_* (blob.h) */
	int parent;           /* index in pp_policy.profiles, -1 at top level */

	/* Where the profile is written, for in-place editing (pp-genprof).
	 * Offsets are bytes into `file` as read; lines are 1-based. */
	const char *file;
	size_t hdr_off;       /* first byte of the header ("profile", "/usr..", "^") */
	size_t open_off;      /* the opening '{' */
	size_t close_off;     /* the closing '}' */
	unsigned hdr_line, open_line, close_line;

	/* Lowered file rules (glob already variable- and alias-expanded). */
	struct dfa_rule *rules;
	size_t nrules;
	/* Exec targets referenced by rules[i].xindex (full profile names;
	 * "cx -> foo" becomes "parent//foo"). */
	const char *const *xtargets;
	uint32_t nxtargets;

	uint64_t caps[4];                          /* PP_CAP_* sets */
	struct pp_net_perms net[PP_NET_NFAMILIES]; /* by AF_* number */
};

/* A rule class that is parsed but not enforced (dbus, signal, ...). */
struct pp_unenforced {
	const char *cls;      /* "dbus", "signal", "rlimit", ... */
	const char *origin;   /* "file:line:col" of its first occurrence */
	unsigned count;
};

struct pp_policy {
	struct pp_profile *profiles;
	size_t nprofiles;
	/* Once per class, in order of first occurrence. The tool prints
	 * "not enforced" once per class per run (merge across policies). */
	struct pp_unenforced *unenforced;
	size_t nunenforced;
	/* Every file read (the main file first, then includes, each once),
	 * resolved paths: the cache key material for pp-parse. */
	const char *const *files;
	size_t nfiles;
	void *priv;
};

/* Parse a profile file (or, if path is a directory, every profile file in
 * it as AppArmor does). NULL on error with *diag set. */
struct pp_policy *pp_policy_parse_file(const char *path,
				       const struct pp_parse_opts *opts,
				       struct pp_diag *diag);
/* Same from memory; `name` is used in origins and messages. */
struct pp_policy *pp_policy_parse_string(const char *name, const char *text,
					 size_t len,
					 const struct pp_parse_opts *opts,
					 struct pp_diag *diag);
void pp_policy_free(struct pp_policy *p);

/* Index of the profile with that exact name, or -1. */
int pp_policy_find(const struct pp_policy *p, const char *name);

struct pp_compile_stats {
	uint64_t dfa_states;   /* total minimized states, file + xmatch */
	uint64_t rules;        /* total lowered rules */
};
/*
 * Compile every profile (dfa_compile per profile, xmatch from the attach
 * glob, RULES section filled) and serialize with blob_write. *blob is
 * malloc'd. Exec-mode conflicts come back as a diag at the later rule,
 * naming both origins. stats may be NULL. Returns 0 or -1.
 */
int pp_policy_compile(const struct pp_policy *p, uint8_t **blob, size_t *len,
		      struct pp_compile_stats *stats, struct pp_diag *diag);

/*
 * pp-parse -p: the file with every include inlined (recursively, each
 * wrapped in "# begin include <x>" / "# end include <x>" comment lines),
 * variables and conditionals kept as written. Returns 0 or -1 (diag set;
 * nothing is guaranteed written to out on error).
 */
int pp_policy_preprocess(const char *path, const struct pp_parse_opts *opts,
			 FILE *out, struct pp_diag *diag);

/* Name tables, also for the tools' output. */
int pp_net_family_from_name(const char *name);   /* AF_* or -1 */
const char *pp_net_family_name(unsigned af);     /* NULL if unknown */
int pp_net_type_from_name(const char *name);     /* SOCK_* or -1 */
const char *pp_net_type_name(unsigned type);     /* NULL if unknown */
int pp_cap_from_name(const char *name);          /* "chown" -> 0, or -1 */
const char *pp_cap_name(unsigned cap);           /* "chown", NULL if unknown */

/* AppArmor letters for a PP_PERM_* mask, in the order "mrwalkx" (as
 * AppArmor's tools write them)
 * (buf >= 8 bytes), and for an exec mode ("ix", "Px", "pix", "CUx",
 * buf >= 8 bytes; "" for PP_X_NONE). Return buf. */
char *pp_perms_string(uint32_t perms, char *buf);
char *pp_xmode_string(uint32_t xmode, char *buf);

#endif /* PATHPROF_PARSER_H */
