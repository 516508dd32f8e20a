// SPDX-License-Identifier: GPL-2.0 OR MIT
/* PCRE2 oracle for the differential test (see oracle.h). */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glob_tree.h"

int oracle_init(struct oracle *o, const struct dfa_rule *rules, size_t nrules,
		char *msg, size_t msgsz)
{
	memset(o, 0, sizeof(*o));
	o->rules = rules;
	o->nrules = nrules;
	o->r = calloc(nrules ? nrules : 1, sizeof(*o->r));
	o->md = pcre2_match_data_create(1, NULL);
	if (!o->r || !o->md)
		abort();
	for (size_t i = 0; i < nrules; i++) {
		struct strbuf pat = { 0 };
		int errcode;
		PCRE2_SIZE erroff;

		if (glob_to_pcre(rules[i].glob, &pat, msg, msgsz) < 0) {
			sb_free(&pat);
			oracle_free(o);
			return -1;
		}
		o->r[i].pattern = pat.s;
		o->r[i].exact = glob_is_exact(rules[i].glob);
		o->r[i].re = pcre2_compile((PCRE2_SPTR)pat.s, pat.len,
					   PCRE2_ANCHORED | PCRE2_ENDANCHORED |
					   PCRE2_DOTALL, &errcode, &erroff, NULL);
		if (!o->r[i].re) {
			PCRE2_UCHAR buf[256];

			pcre2_get_error_message(errcode, buf, sizeof(buf));
			snprintf(msg, msgsz, "pcre2_compile(%s) at %zu: %s",
				 pat.s, (size_t)erroff, (char *)buf);
			oracle_free(o);
			return -1;
		}
		pcre2_jit_compile(o->r[i].re, PCRE2_JIT_COMPLETE);
	}
	return 0;
}

void oracle_free(struct oracle *o)
{
	for (size_t i = 0; o->r && i < o->nrules; i++) {
		pcre2_code_free(o->r[i].re);
		free(o->r[i].pattern);
	}
	free(o->r);
	pcre2_match_data_free(o->md);
	memset(o, 0, sizeof(*o));
}

int oracle_rule_matches(struct oracle *o, size_t i, const char *path, size_t len)
{
	int rc = pcre2_match(o->r[i].re, (PCRE2_SPTR)path, len, 0, 0, o->md, NULL);

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	/* Backtracking blew a limit (long paths, many stars): ask PCRE2's
	 * own automaton matcher instead, which does not backtrack. It does
	 * not honour PCRE2_ENDANCHORED (10.42 reports a match of a mere
	 * prefix), so check the end of the longest match, which it reports
	 * first. */
	rc = pcre2_dfa_match(o->r[i].re, (PCRE2_SPTR)path, len, 0, 0, o->md,
			     NULL, o->dfa_ws, sizeof(o->dfa_ws) / sizeof(o->dfa_ws[0]));
	if (rc >= 0)
		return pcre2_get_ovector_pointer(o->md)[1] == len;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

struct exec_pick {
	bool have_exact, have_glob;
	bool conflict_exact, conflict_glob;
	uint32_t exact_mode, exact_index, glob_mode, glob_index;
};

static void exec_offer(struct exec_pick *x, bool exact, uint32_t mode, uint32_t index)
{
	bool *have = exact ? &x->have_exact : &x->have_glob;
	bool *conflict = exact ? &x->conflict_exact : &x->conflict_glob;
	uint32_t *m = exact ? &x->exact_mode : &x->glob_mode;
	uint32_t *ix = exact ? &x->exact_index : &x->glob_index;

	if (!*have) {
		*have = true;
		*m = mode;
		*ix = index;
	} else if (*m != mode || *ix != index) {
		*conflict = true;
	}
}

/* Merge one matching rule into one half. */
static void merge_rule(struct pp_perms_half *h, struct exec_pick *x,
		       const struct dfa_rule *r, bool exact)
{
	if (r->deny) {
		h->deny |= r->perms;
		if (r->audit)
			h->audit |= r->perms;
		else
			h->quiet |= r->perms;
		return;
	}
	h->allow |= r->perms;
	if (r->audit)
		h->audit |= r->perms;
	if (r->perms & PP_PERM_EXEC)
		exec_offer(x, exact, r->xmode, r->xindex);
}

static bool settle_exec(struct pp_perms_half *h, const struct exec_pick *x)
{
	bool conflict = false;

	if (x->have_exact) {
		h->xmode = x->exact_mode;
		h->xindex = x->exact_index;
		conflict = x->conflict_exact;
	} else if (x->have_glob) {
		h->xmode = x->glob_mode;
		h->xindex = x->glob_index;
		conflict = x->conflict_glob;
	}
	if ((h->deny & PP_PERM_EXEC) || !(h->allow & PP_PERM_EXEC)) {
		h->xmode = PP_X_NONE;
		h->xindex = PP_XINDEX_NONE;
	}
	return conflict;
}

int oracle_eval(struct oracle *o, const char *path, size_t len,
		struct pp_perms *out, bool *conflict)
{
	struct exec_pick x[2];
	bool any = false;

	memset(out, 0, sizeof(*out));
	memset(x, 0, sizeof(x));
	*conflict = false;
	for (size_t i = 0; i < o->nrules; i++) {
		int m = oracle_rule_matches(o, i, path, len);

		if (m < 0)
			return -1;
		if (!m)
			continue;
		any = true;
		merge_rule(&out->half[PP_OWNER], &x[PP_OWNER], &o->rules[i], o->r[i].exact);
		if (!o->rules[i].owner)
			merge_rule(&out->half[PP_OTHER], &x[PP_OTHER], &o->rules[i],
				   o->r[i].exact);
	}
	if (!any)
		return 0; /* no rule: the all-zero record of the dead state */
	for (int h = 0; h < 2; h++)
		*conflict |= settle_exec(&out->half[h], &x[h]);
	return 0;
}
