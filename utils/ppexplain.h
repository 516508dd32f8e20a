/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * pp-match --explain: which source rules match a path. Each rule of the
 * blob's RULES section is compiled alone (dfa_compile, once, on first
 * use) and the path is run through it: a rule "produced" the answer when
 * its glob matches the path.
 */
#ifndef PATHPROF_PPEXPLAIN_H
#define PATHPROF_PPEXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "blob.h"
#include "dfa.h"

struct pp_explain {
	const struct blob_profile *prof;
	struct dfa **dfas;  /* [nrules], NULL until compiled */
	char *failed;       /* [nrules]: the glob did not compile */
};

void pp_explain_init(struct pp_explain *ex, const struct blob_profile *prof);
/* "  rule file:line:col: [audit] [deny] [owner] GLOB PERMS[ -> target]" lines. */
void pp_explain_text(struct pp_explain *ex, const char *path, FILE *out);
/* ,"rules":[{"origin":..,"glob":..,"perms":..,"qualifiers":[..],...}] */
void pp_explain_json(struct pp_explain *ex, const char *path, FILE *out);
/* Every rule of the profile, one per line ("origin: [qualifiers] GLOB PERMS"
 * or one JSON object per line). */
void pp_explain_list(const struct pp_explain *ex, bool json, FILE *out);
void pp_explain_free(struct pp_explain *ex);

#endif /* PATHPROF_PPEXPLAIN_H */
