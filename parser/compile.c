/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Lower a parsed policy to one blob: a file DFA and an attachment DFA per
 * profile, plus capabilities, network and the source rules. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "policy_priv.h"
#include "link_pairs.h"
#include "merge.h"

static int rule_diag(const struct pp_policy *pol, size_t pi, int ri, struct pp_diag *diag,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Report at rule ri of profile pi (its source line and caret). */
static int rule_diag(const struct pp_policy *pol, size_t pi, int ri, struct pp_diag *diag,
		     const char *fmt, ...)
{
	const struct policy_priv *pv = pol->priv;
	const struct rule_loc *l = NULL;
	va_list ap;

	if (ri >= 0 && (size_t)ri < pol->profiles[pi].nrules)
		l = &pv->locs[pi][ri];
	va_start(ap, fmt);
	diag_fill(diag, l ? l->src : NULL, l ? l->off : 0, l ? l->chain : NULL,
		  l ? l->depth : 0, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * An attachment without pattern characters is compared as a string
 * (blob_profile_attaches), as apparmor_parser does for a plain profile
 * name: no DFA for it. "//" would be collapsed by the DFA, so it is not
 * plain either.
 */
static bool attach_is_plain(const char *attach)
{
	return !strpbrk(attach, "*?[]{}\\") && !strstr(attach, "//");
}

static struct dfa *compile_attach(const struct pp_policy *pol, size_t pi,
				  struct pp_diag *diag, struct pp_compile_stats *st)
{
	const struct pp_profile *p = &pol->profiles[pi];
	struct dfa_rule r = { 0 };
	struct dfa_error err;
	struct dfa_stats ds;
	struct dfa *d;

	r.glob = p->attach;
	r.perms = PP_PERM_EXEC;
	r.xmode = PP_X_NONE;
	r.xindex = PP_XINDEX_NONE;
	r.origin = p->file;
	memset(&err, 0, sizeof(err));
	d = dfa_compile(&r, 1, &err, &ds);
	if (!d) {
		rule_diag(pol, pi, -1, diag, "profile %s: attachment '%s': %s", p->name,
			  p->attach, err.msg);
		/* Point at the profile header (no source line kept for it). */
		if (diag) {
			snprintf(diag->file, sizeof(diag->file), "%s", p->file);
			diag->line = p->hdr_line;
			diag->col = 1;
		}
		return NULL;
	}
	if (st)
		st->dfa_states += ds.min_states;
	return d;
}

static struct dfa *compile_files(const struct pp_policy *pol, size_t pi,
				 struct pp_diag *diag, struct pp_compile_stats *st)
{
	const struct pp_profile *p = &pol->profiles[pi];
	const struct policy_priv *pv = pol->priv;
	struct dfa_error err;
	struct dfa_stats ds;
	struct dfa_rule *rules, *all;
	size_t *orig, *src, n, nall;
	struct dfa *d;

	if (link_pairs_add(p->rules, pv->locs[pi], p->nrules, &all, &src, &nall)) {
		rule_diag(pol, pi, -1, diag, "out of memory");
		return NULL;
	}
	if (rules_merge(all, nall, &rules, &orig, &n)) {
		free(all);
		free(src);
		rule_diag(pol, pi, -1, diag, "out of memory");
		return NULL;
	}
	for (size_t k = 0; k < n; k++)
		orig[k] = src[orig[k]];
	free(all);
	free(src);
	memset(&err, 0, sizeof(err));
	err.rule_a = err.rule_b = -1;
	d = dfa_compile(rules, n, &err, &ds);
	if (!d) {
		/* Point at the later rule; the message names both origins. */
		int at = err.rule_b >= 0 ? err.rule_b : err.rule_a;

		rule_diag(pol, pi, at >= 0 && (size_t)at < n ? (int)orig[at] : -1, diag,
			  "%s", err.msg);
	} else if (st) {
		st->dfa_states += ds.min_states;
		st->rules += p->nrules;
	}
	free(rules);
	free(orig);
	return d;
}

int pp_policy_compile(const struct pp_policy *pol, uint8_t **blob, size_t *len,
		      struct pp_compile_stats *stats, struct pp_diag *diag)
{
	size_t n = pol->nprofiles;
	struct blob_profile_in *in = calloc(n + 1, sizeof(*in));
	struct dfa **dfas = calloc(2 * n + 1, sizeof(*dfas));
	int ret = -1;

	if (diag)
		pp_diag_clear(diag);
	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (!in || !dfas) {
		rule_diag(pol, 0, -1, diag, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct pp_profile *p = &pol->profiles[i];

		in[i].name = p->name;
		in[i].attach = p->attach;
		in[i].flags = p->flags;
		in[i].attach_score = blob_attach_score(p->attach);
		memcpy(in[i].caps, p->caps, sizeof(in[i].caps));
		memcpy(in[i].net, p->net, sizeof(in[i].net));
		in[i].xtargets = p->xtargets;
		in[i].nxtargets = p->nxtargets;
		in[i].rules = p->rules;
		in[i].nrules = p->nrules;
		if (p->nrules && !(dfas[2 * i] = compile_files(pol, i, diag, stats)))
			goto out;
		in[i].file = dfas[2 * i];
		if (p->attach && !attach_is_plain(p->attach) &&
		    !(dfas[2 * i + 1] = compile_attach(pol, i, diag, stats)))
			goto out;
		in[i].xmatch = dfas[2 * i + 1];
	}
	if (blob_write(in, n, blob, len)) {
		rule_diag(pol, 0, -1, diag, "cannot serialize the policy: %m");
		goto out;
	}
	ret = 0;
out:
	for (size_t i = 0; dfas && i < 2 * n; i++)
		dfa_free(dfas[i]);
	free(dfas);
	free(in);
	return ret;
}
