/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The PCRE2 oracle: each rule's glob as its own anchored PCRE2 pattern,
 * and the permission merge written out plainly, rule by rule.
 */
#ifndef PP_DIFF_ORACLE_H
#define PP_DIFF_ORACLE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#include "dfa.h"

struct oracle_rule {
	pcre2_code *re;
	char *pattern;   /* for mismatch reports */
	bool exact;      /* no unescaped * ? [ : wins exec over globs */
};

struct oracle {
	const struct dfa_rule *rules;
	size_t nrules;
	struct oracle_rule *r;
	pcre2_match_data *md;
	int dfa_ws[4096];
};

/* Translate and compile every rule; -1 with msg if a glob is rejected. */
int oracle_init(struct oracle *o, const struct dfa_rule *rules, size_t nrules,
		char *msg, size_t msgsz);
void oracle_free(struct oracle *o);

/* Does rule i match the whole path? 1, 0, or -1 on a PCRE2 error. */
int oracle_rule_matches(struct oracle *o, size_t i, const char *path, size_t len);

/*
 * Expected permissions for path. *conflict is set when, in some half,
 * the exec candidates left after exact-over-glob precedence disagree on
 * (xmode, xindex): the compiler must then have refused the rule set.
 * Returns 0, or -1 on a PCRE2 error.
 */
int oracle_eval(struct oracle *o, const char *path, size_t len,
		struct pp_perms *out, bool *conflict);

#endif /* PP_DIFF_ORACLE_H */
