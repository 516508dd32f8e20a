// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Mismatch reports: enough to rebuild the case by hand. */
#include "report.h"

#include <string.h>

static void report_byte(FILE *f, unsigned char c)
{
	if (c == '"' || c == '\\')
		fprintf(f, "\\%c", c);
	else if (c >= 0x20 && c < 0x7f)
		fputc(c, f);
	else
		fprintf(f, "\\x%02x", c);
}

void report_bytes(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		if (len > 400 && i == 160) {
			fprintf(f, "\"...(%zu bytes)...\"", len - 320);
			i = len - 160;
		}
		report_byte(f, (unsigned char)s[i]);
	}
	fprintf(f, "\" (%zu bytes)", len);
}

void report_perms(FILE *f, const char *label, const struct pp_perms *p)
{
	fprintf(f, "  %-9s", label);
	for (int h = 0; h < 2; h++) {
		const struct pp_perms_half *x = &p->half[h];

		fprintf(f, " %s{allow=%#x deny=%#x audit=%#x quiet=%#x xmode=%#x xindex=%#x}",
			h == PP_OWNER ? "owner" : "other", x->allow, x->deny,
			x->audit, x->quiet, x->xmode, x->xindex);
	}
	fputc('\n', f);
}

void report_ruleset(FILE *f, const struct ruleset *rs, const struct oracle *o)
{
	fprintf(f, "  rule set (%zu rules):\n", rs->n);
	for (size_t i = 0; i < rs->n; i++) {
		const struct dfa_rule *r = &rs->rules[i];

		fprintf(f, "   [%zu] %s%s%s", i, r->owner ? "owner " : "",
			r->audit ? "audit " : "", r->deny ? "deny " : "");
		report_bytes(f, r->glob, strlen(r->glob));
		fprintf(f, " perms=%#x xmode=%#x xindex=%#x", r->perms, r->xmode,
			r->xindex);
		if (o && o->r)
			fprintf(f, "%s pcre=/%s/", o->r[i].exact ? " exact" : "",
				o->r[i].pattern);
		fputc('\n', f);
	}
}
