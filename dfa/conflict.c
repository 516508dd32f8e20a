// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Naming the rules behind an exec conflict. Records combined across rule
 * groups no longer know their rules, so on a conflict we take a shortest
 * path into the conflicting state, run every rule's glob over it (a plain
 * simulation of the position automaton) and let the rule-level merge say
 * which two rules disagree. Only runs when compilation fails anyway.
 */
#include <stdlib.h>
#include <string.h>
#include "nfa.h"

/* Shortest input leading from d->start to target; NULL on ENOMEM. */
static char *path_to(const struct dfa *d, uint32_t target, size_t *len)
{
	uint32_t *parent = malloc((size_t)d->nstates * sizeof(uint32_t));
	uint32_t *queue = malloc((size_t)d->nstates * sizeof(uint32_t));
	uint8_t *via = malloc(d->nstates), rep[256];
	uint32_t qh = 0, qt = 0;
	char *out = NULL;
	size_t n = 0;

	if (!parent || !queue || !via)
		goto done;
	memset(rep, 0, sizeof(rep));
	for (int b = 255; b > 0; b--)
		rep[d->class_of[b]] = (uint8_t)b;
	memset(parent, 0xff, (size_t)d->nstates * sizeof(uint32_t));
	parent[d->start] = d->start;
	queue[qt++] = d->start;
	while (qh < qt && parent[target] == UINT32_MAX) {
		uint32_t s = queue[qh++];

		for (uint32_t c = 0; c < d->nclasses; c++) {
			uint32_t t = d->trans[(size_t)s * d->nclasses + c];

			if (t && parent[t] == UINT32_MAX) {
				parent[t] = s;
				via[t] = rep[c];
				queue[qt++] = t;
			}
		}
	}
	if (parent[target] == UINT32_MAX)
		goto done;
	for (uint32_t s = target; s != d->start; s = parent[s])
		n++;
	out = malloc(n + 1);
	if (!out)
		goto done;
	*len = n;
	out[n] = '\0';
	for (uint32_t s = target; s != d->start; s = parent[s])
		out[--n] = (char)via[s];
done:
	free(parent);
	free(queue);
	free(via);
	return out;
}

/* Rules whose whole glob matches path; returns their number (ascending). */
static size_t matching_rules(const struct nfa *n, const char *path, size_t len, uint32_t *acc)
{
	uint32_t *cur = malloc(((size_t)n->npos + 1) * sizeof(uint32_t));
	uint32_t *nxt = malloc(((size_t)n->npos + 1) * sizeof(uint32_t));
	uint32_t *mark = calloc((size_t)n->npos + 1, sizeof(uint32_t));
	size_t ncur = 0, nacc = 0;

	if (!cur || !nxt || !mark)
		goto done;
	memcpy(cur, n->start, n->nstart * sizeof(uint32_t));
	ncur = n->nstart;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];
		size_t nn = 0;

		for (size_t k = 0; k < ncur; k++) {
			uint32_t p = cur[k];

			if (n->pos_set[p] == NFA_END || !byteset_has(&n->sets[n->pos_set[p]], c))
				continue;
			for (uint32_t f = n->fol_off[p]; f < n->fol_off[p + 1]; f++)
				if (mark[n->fol[f]] != i + 1) {
					mark[n->fol[f]] = (uint32_t)i + 1;
					nxt[nn++] = n->fol[f];
				}
		}
		memcpy(cur, nxt, nn * sizeof(uint32_t));
		ncur = nn;
	}
	for (size_t k = 0; k < ncur; k++)
		if (n->pos_set[cur[k]] == NFA_END)
			acc[nacc++] = n->pos_rule[cur[k]];
done:
	free(cur);
	free(nxt);
	free(mark);
	return nacc;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

void exec_conflict_report(const struct dfa *d, uint32_t state, const struct dfa_rule *rules,
			  size_t nrules, struct dfa_error *err)
{
	struct dfa_error ignore;
	struct nfa *n = NULL;
	uint32_t *acc = NULL;
	size_t len = 0, nacc;
	char *path = path_to(d, state, &len);

	dfa_error_set(err, -1, -1, "conflicting exec modes for the same path");
	if (!path)
		return;
	n = nfa_build(rules, nrules, &ignore);
	acc = malloc((nrules + 1) * sizeof(uint32_t));
	if (n && acc) {
		nacc = matching_rules(n, path, len, acc);
		qsort(acc, nacc, sizeof(*acc), cmp_u32);
		exec_conflict_name(n, rules, acc, nacc, err);
	}
	free(acc);
	nfa_free(n);
	free(path);
}
