/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ppexplain.h"
#include "ppfmt.h"

void pp_explain_init(struct pp_explain *ex, const struct blob_profile *prof)
{
	ex->prof = prof;
	ex->dfas = prof->nrules ? calloc(prof->nrules, sizeof(*ex->dfas)) : NULL;
	ex->failed = prof->nrules ? calloc(prof->nrules, 1) : NULL;
}

void pp_explain_free(struct pp_explain *ex)
{
	for (uint32_t i = 0; ex->dfas && i < ex->prof->nrules; i++)
		if (ex->dfas[i])
			dfa_free(ex->dfas[i]);
	free(ex->dfas);
	free(ex->failed);
}

/* Does rule i's glob match path? Compiles the rule alone on first use. */
static bool rule_matches(struct pp_explain *ex, uint32_t i, const struct blob_rule *r,
			 const char *path)
{
	const struct pp_perms *p;

	if (!ex->dfas || ex->failed[i])
		return false;
	if (!ex->dfas[i]) {
		/* any bit will do: only "does it accept" is asked */
		struct dfa_rule one = {
			.glob = r->glob, .perms = PP_PERM_READ,
			.xmode = PP_X_NONE, .xindex = PP_XINDEX_NONE,
			.origin = r->origin,
		};
		struct dfa_error err;

		ex->dfas[i] = dfa_compile(&one, 1, &err, NULL);
		if (!ex->dfas[i]) {
			ex->failed[i] = 1;
			return false;
		}
	}
	p = dfa_lookup(ex->dfas[i], path, strlen(path));
	return p && p->half[PP_OTHER].allow != 0;
}

static void rule_perms(const struct pp_explain *ex, const struct blob_rule *r,
		       char *perms, size_t len)
{
	char letters[PP_PERM_LETTERS_MAX], mode[8];
	const char *target = NULL;

	pp_perm_letters(r->perms & ~(uint32_t)PP_PERM_EXEC, letters);
	if ((r->perms & PP_PERM_EXEC) && !(r->qual & BLOB_RULE_DENY) &&
	    pp_xmode_str(r->xmode, mode)[0]) {
		if (r->xindex != PP_XINDEX_NONE)
			target = blob_xtarget(ex->prof, r->xindex);
		snprintf(perms, len, "%s%s%s%s", letters, mode,
			 target ? " -> " : "", target ? target : "");
		return;
	}
	snprintf(perms, len, "%s%s", letters, (r->perms & PP_PERM_EXEC) ? "x" : "");
}

static void rule_json(const struct pp_explain *ex, const struct blob_rule *r, FILE *out)
{
	char perms[600];

	rule_perms(ex, r, perms, sizeof(perms));
	fputs("{\"origin\":", out);
	if (r->origin)
		pp_json_string(out, r->origin);
	else
		fputs("null", out);
	fputs(",\"glob\":", out);
	pp_json_string(out, r->glob);
	fputs(",\"perms\":", out);
	pp_json_string(out, perms);
	fprintf(out, ",\"owner\":%s,\"deny\":%s,\"audit\":%s}",
		(r->qual & BLOB_RULE_OWNER) ? "true" : "false",
		(r->qual & BLOB_RULE_DENY) ? "true" : "false",
		(r->qual & BLOB_RULE_AUDIT) ? "true" : "false");
}

static void rule_text(const struct pp_explain *ex, const struct blob_rule *r, FILE *out)
{
	char perms[600];

	rule_perms(ex, r, perms, sizeof(perms));
	fprintf(out, "%s: %s%s%s%s %s\n", r->origin ? r->origin : "?",
		(r->qual & BLOB_RULE_AUDIT) ? "audit " : "",
		(r->qual & BLOB_RULE_DENY) ? "deny " : "",
		(r->qual & BLOB_RULE_OWNER) ? "owner " : "",
		r->glob, perms);
}

void pp_explain_json(struct pp_explain *ex, const char *path, FILE *out)
{
	struct blob_rule r;
	bool first = true;

	fputs(",\"rules\":[", out);
	for (uint32_t i = 0; i < ex->prof->nrules; i++) {
		if (blob_rule_get(ex->prof, i, &r) != 0 || !rule_matches(ex, i, &r, path))
			continue;
		if (!first)
			fputc(',', out);
		first = false;
		rule_json(ex, &r, out);
	}
	fputs("]", out);
}

void pp_explain_text(struct pp_explain *ex, const char *path, FILE *out)
{
	struct blob_rule r;
	unsigned found = 0;

	if (!ex->prof->nrules) {
		fprintf(out, "  (the blob has no RULES section: nothing to explain)\n");
		return;
	}
	for (uint32_t i = 0; i < ex->prof->nrules; i++) {
		if (blob_rule_get(ex->prof, i, &r) != 0 || !rule_matches(ex, i, &r, path))
			continue;
		fputs("  rule ", out);
		rule_text(ex, &r, out);
		found++;
	}
	if (!found)
		fprintf(out, "  no rule matches\n");
}

void pp_explain_list(const struct pp_explain *ex, bool json, FILE *out)
{
	struct blob_rule r;

	for (uint32_t i = 0; i < ex->prof->nrules; i++) {
		if (blob_rule_get(ex->prof, i, &r) != 0)
			continue;
		if (json) {
			rule_json(ex, &r, out);
			fputc('\n', out);
		} else {
			rule_text(ex, &r, out);
		}
	}
}
