// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Proposal test: events from a synthetic log -> numbered proposals and
 * the plan --auto builds from them, compared with a golden file.
 *   test_propose [--px PROGRAM]... [--ux] [--ask ANSWERS] LOG [EXPECTED]
 * With --ask, the interactive questions are answered from the ANSWERS
 * file (one key per line, as typed) and the dialogue is part of the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ask.h"
#include "golden.h"
#include "propose.h"

struct known {
	const char *px[16];
	size_t n;
};

static bool profile_exists(const char *program, void *arg)
{
	const struct known *k = arg;

	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->px[i], program))
			return true;
	return false;
}

static const char *kind_name(enum pp_prop_kind k)
{
	static const char *const names[] = { "exec", "file", "cap", "net" };

	return names[k];
}

static void print_props(FILE *f, const struct pp_proposals *p)
{
	fprintf(f, "proposals=%zu other_events=%u\n", p->n, p->other_events);
	for (size_t i = 0; i < p->n; i++) {
		const struct pp_prop *q = &p->v[i];

		fprintf(f, "[%s]%s%s %s %s events=%u\n", q->profile,
			q->child ? " child=" : "", q->child ? q->child : "",
			kind_name(q->kind), q->subject, q->nevents);
		for (size_t a = 0; a < q->nalts; a++)
			fprintf(f, "  %zu - %s\n", a + 1, q->alts[a]);
	}
}

static void print_plan(FILE *f, const struct pp_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		fprintf(f, "block %s%s%s\n", plan->v[i].profile,
			plan->v[i].child ? "//" : "",
			plan->v[i].child ? plan->v[i].child : "");
		for (size_t l = 0; l < plan->v[i].n; l++)
			fprintf(f, "  %s\n", plan->v[i].lines[l]);
	}
}

int main(int argc, char **argv)
{
	struct known k = { .n = 0 };
	struct pp_propose_opts o = { .profile_exists = profile_exists, .arg = &k };
	struct pp_event_list events = { 0 };
	struct pp_proposals props = { 0 };
	struct pp_plan plan = { 0 };
	char *out = NULL;
	size_t olen = 0;
	FILE *f, *answers = NULL;
	int i = 1, rc;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--px") && i + 1 < argc && k.n < 16)
			k.px[k.n++] = argv[++i];
		else if (!strcmp(argv[i], "--ux"))
			o.allow_ux = true;
		else if (!strcmp(argv[i], "--ask") && i + 1 < argc &&
			 (answers = fopen(argv[++i], "r")))
			;
		else
			break;
	}
	if (i >= argc || argc - i > 2) {
		fprintf(stderr, "usage: %s [--px PROG]... [--ux] LOG [EXPECTED]\n", argv[0]);
		return 2;
	}
	if (pp_log_read_file(argv[i], NULL, &events) ||
	    pp_propose(&events, &o, &props)) {
		perror(argv[i]);
		return 2;
	}
	f = open_memstream(&out, &olen);
	if (!f)
		return 2;
	print_props(f, &props);
	if (answers) {
		pp_ask(&props, answers, f);
		fclose(answers);
	} else {
		pp_proposals_auto(&props);
	}
	if (pp_plan_build(&props, &o, &plan))
		return 2;
	fputs(answers ? "\nplan (answers):\n" : "plan (--auto):\n", f);
	print_plan(f, &plan);
	fclose(f);
	rc = golden_check(out, i + 1 < argc ? argv[i + 1] : NULL);
	free(out);
	pp_plan_free(&plan);
	pp_proposals_free(&props);
	pp_event_list_free(&events);
	return rc;
}
