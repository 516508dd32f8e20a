/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Private to parser/: shared types of the profile-language library. */
#ifndef PATHPROF_PARSER_INTERNAL_H
#define PATHPROF_PARSER_INTERNAL_H

#include <stdarg.h>
#include "parser.h"
#include "arena.h"
#include "source.h"

struct frame;

/* Where a rule was written, for diagnostics raised after parsing. */
struct rule_loc {
	const struct pp_src *src;
	size_t off;
	const struct frame *chain;  /* include chain snapshot (outermost first) */
	unsigned depth;
	const char *link_target;    /* "-> target" of a rule with l, or NULL */
};

/* A profile while it is being built (becomes a struct pp_profile). */
struct prof {
	struct pp_profile pub;
	struct vec rules;      /* struct dfa_rule */
	struct vec locs;       /* struct rule_loc, parallel to rules */
	struct vec xtargets;   /* const char * */
};

struct var {
	const char *name;
	struct vec values;     /* const char *, raw (may hold @{refs}) */
};

struct boolvar {
	const char *name;
	bool value;
};

struct alias {
	const char *from, *to;
};

struct frame {
	const struct pp_src *src;
	size_t off;            /* of the include directive */
};

#define MAX_INCLUDE_DEPTH 32

/* Everything one parse call works on. */
struct ctx {
	struct arena *a;                 /* owned by the policy */
	const struct pp_parse_opts *opts;
	struct pp_diag *diag;
	struct pp_cache *cache;
	bool own_cache;
	struct vec profs;                /* struct prof * */
	struct vec vars;                 /* struct var */
	struct vec bools;                /* struct boolvar */
	struct vec aliases;              /* struct alias */
	struct vec unenforced;           /* struct pp_unenforced */
	struct vec files;                /* const char * */
	struct frame stack[MAX_INCLUDE_DEPTH];
	unsigned depth;
	const struct frame *snap;        /* arena copy of stack[0..depth) */
	struct sbuf tmp, tmp2;           /* scratch buffers */
	struct sbuf warnings;            /* written to opts->warn on success only */
	const char *cur_name;            /* profile being parsed: @{profile_name} */
	/* Qualifiers of an enclosing "owner { ... }" style block. */
	bool bq_audit, bq_deny, bq_allow, bq_owner;
	bool seen_profile;               /* a profile ended in this file: no more assignments */
};

/* A position in a source file. */
struct cur {
	const struct pp_src *src;
	size_t pos;
};

static inline int cur_peek(const struct cur *c)
{
	return c->pos < c->src->len ? (unsigned char)c->src->text[c->pos] : -1;
}
static inline int cur_peek_at(const struct cur *c, size_t k)
{
	return c->pos + k < c->src->len ? (unsigned char)c->src->text[c->pos + k] : -1;
}

/* diag.c */
int perr(struct ctx *x, const struct pp_src *src, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int perr_at(struct ctx *x, const struct cur *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_fill(struct pp_diag *d, const struct pp_src *src, size_t off,
	       const struct frame *stack, unsigned depth, const char *fmt, va_list ap);
const char *origin_str(struct ctx *x, const struct pp_src *src, size_t off);

/* Non-fatal warning "file:line:col: warning: ..." to opts->warn. */
void pwarn(struct ctx *x, const struct cur *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* lexer.c */
void lex_skip(struct cur *c);                 /* whitespace and comments */
void lex_skip_inline(struct cur *c);          /* spaces/tabs only */
bool lex_at_include(const struct cur *c);     /* "#include" or "include" */
size_t lex_ident(const struct cur *c);        /* length of [A-Za-z_][A-Za-z0-9_]* */
bool lex_keyword(struct cur *c, const char *kw); /* consume kw if it is the next ident */
int lex_word(struct ctx *x, struct cur *c, struct sbuf *out);
int lex_value(struct ctx *x, struct cur *c, struct sbuf *out);
int lex_expect(struct ctx *x, struct cur *c, char ch);
int lex_skip_rule(struct ctx *x, struct cur *c);
int lex_skip_block(struct ctx *x, struct cur *c);

/* vars.c */
struct var *var_find(struct ctx *x, const char *name, size_t len);
struct boolvar *bool_find(struct ctx *x, const char *name, size_t len);
int parse_var_assign(struct ctx *x, struct cur *c);
int parse_bool_assign(struct ctx *x, struct cur *c);
/* Expand @{VAR} in s into out (appending); off locates errors. */
int var_expand(struct ctx *x, const struct cur *at, const char *s, struct sbuf *out);

/* parse.c */
int parse_block(struct ctx *x, struct cur *c, struct prof *p, bool until_brace);
int parse_include(struct ctx *x, struct cur *c, struct prof *p);
int include_resolve(struct ctx *x, struct cur *c, const struct pp_src **out, size_t *start);
void ctx_init(struct ctx *x, const struct pp_parse_opts *opts, struct pp_diag *diag);
void ctx_release(struct ctx *x); /* after a failed or preprocess-only run */

/* rules.c */
int parse_rule(struct ctx *x, struct cur *c, struct prof *p);
bool is_unenforced_class(const struct cur *c, size_t *kwlen);
int note_unenforced(struct ctx *x, const struct cur *c, const char *cls, size_t len);
int parse_perms(struct ctx *x, const struct cur *at, const char *s, bool deny,
		uint32_t *perms, uint32_t *xmode);
bool looks_like_perms(const char *s, size_t n);
uint32_t prof_xtarget(struct ctx *x, struct prof *p, const char *t);

/* profile.c */
int parse_profile(struct ctx *x, struct cur *c, struct prof *parent, int kind,
		  size_t hdr_off);
#define PK_PATH 0    /* "/usr/bin/foo {" */
#define PK_PROFILE 1 /* "profile name ..." (keyword consumed) */
#define PK_HAT 2     /* "^name" or "hat name" (marker consumed) */
void policy_apply_aliases(struct ctx *x);

/* preprocess.c uses source.h only. */
#endif
