// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The interactive questions of pp-genprof / pp-logprof, one per
 * proposal, with aa-logprof's keys:
 *   (A)llow the selected alternative, (D)eny it, (G)lob: select the next,
 *   more general alternative, Glob with (E)xtension: any name with the
 *   same extension in that directory, (N)ew: type a rule, (I)gnore, (F)inish: ignore the rest, 1-9: select.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ask.h"

static const char *const kind_label[] = { "Execute", "Path", "Capability",
					  "Network" };

static void show(FILE *out, const struct pp_prop *q, int sel)
{
	char perms[16];

	fprintf(out, "\nProfile:  %s%s%s\n", q->profile, q->child ? "//" : "",
		q->child ? q->child : "");
	fprintf(out, "%-10s%s\n", kind_label[q->kind], q->subject);
	if (q->kind == PP_PROP_FILE)
		fprintf(out, "Mode:     %s%s\n", q->owner ? "owner " : "",
			pp_rule_perms(q->perms, NULL, perms, sizeof(perms)));
	fprintf(out, "Events:   %u\n\n", q->nevents);
	for (size_t a = 0; a < q->nalts; a++)
		fprintf(out, " %s%zu - %s%s\n", (int)a == sel ? "[" : " ", a + 1,
			q->alts[a], (int)a == sel ? "]" : "");
	fprintf(out, "\n(A)llow / (D)eny / (G)lob / Glob with (E)xtension / "
		"(N)ew / (I)gnore / (F)inish / 1-%zu: ", q->nalts);
	fflush(out);
}

static int add_alt(struct pp_prop *q, char *text)
{
	if (!text)
		return -1;
	if (q->nalts == PP_PROP_MAX_ALTS) {
		free(q->alts[q->nalts - 1]);
		q->nalts--;
	}
	q->alts[q->nalts++] = text;
	return (int)q->nalts - 1;
}

// "/a/b/c.txt r," -> "/a/b/*.txt r," (file rules with an extension)
static int glob_extension(struct pp_prop *q, int sel)
{
	const char *alt = q->alts[sel], *sp = strrchr(alt, ' ');
	const char *slash, *dot;
	char *text;

	if (q->kind != PP_PROP_FILE || pp_alt_is_include(alt) || !sp)
		return sel;
	slash = alt;
	for (const char *p = alt; p < sp; p++)
		if (*p == '/')
			slash = p;
	dot = strrchr(slash, '.');
	if (!dot || dot > sp || slash == alt)
		return sel;
	if (asprintf(&text, "%.*s/*%.*s", (int)(slash - alt), alt,
		     (int)(strlen(dot)), dot) < 0)
		return sel;
	return add_alt(q, text) < 0 ? sel : (int)q->nalts - 1;
}

static int new_rule(struct pp_prop *q, FILE *in, FILE *out, int sel)
{
	char line[1024];
	size_t len;

	fprintf(out, "Enter the rule (ending with ','): ");
	fflush(out);
	if (!fgets(line, sizeof(line), in))
		return sel;
	len = strcspn(line, "\n");
	line[len] = '\0';
	if (!len || line[len - 1] != ',' || strstr(line, "/** rwx") ||
	    !strncmp(line, "/** ", 4)) {
		fprintf(out, "Not taken: a rule ends with ',' and is not a "
			"whole-filesystem rule.\n");
		return sel;
	}
	return add_alt(q, strdup(line)) < 0 ? sel : (int)q->nalts - 1;
}

/* One proposal; returns 1 on Finish, 0 when decided, -1 at end of input. */
static int ask_one(struct pp_prop *q, FILE *in, FILE *out)
{
	int sel = 0;
	char line[64];

	for (;;) {
		show(out, q, sel);
		if (!fgets(line, sizeof(line), in))
			return -1;
		switch (line[0]) {
		case 'a': case 'A': case '\n':
			q->choice = sel;
			return 0;
		case 'd': case 'D':
			q->choice = sel;
			q->deny = !pp_alt_is_include(q->alts[sel]);
			if (!q->deny)
				q->choice = PP_CHOICE_IGNORE;
			return 0;
		case 'g': case 'G':
			if ((size_t)sel + 1 < q->nalts)
				sel++;
			break;
		case 'e': case 'E':
			sel = glob_extension(q, sel);
			break;
		case 'n': case 'N':
			sel = new_rule(q, in, out, sel);
			break;
		case 'i': case 'I':
			q->choice = PP_CHOICE_IGNORE;
			return 0;
		case 'f': case 'F':
			return 1;
		default:
			if (line[0] >= '1' && line[0] <= '9' &&
			    (size_t)(line[0] - '1') < q->nalts)
				sel = line[0] - '1';
		}
	}
}

void pp_ask(struct pp_proposals *p, FILE *in, FILE *out)
{
	for (size_t i = 0; i < p->n; i++) {
		struct pp_prop *q = &p->v[i];

		if (q->choice != PP_CHOICE_NONE || !q->nalts)
			continue;
		if (ask_one(q, in, out))
			break;
	}
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].choice == PP_CHOICE_NONE)
			p->v[i].choice = PP_CHOICE_IGNORE;
}
