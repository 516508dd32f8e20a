// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Breadth-first search of the product of two rules for a shared path. */
#include "witness.h"

#include <stdlib.h>
#include <string.h>

/* A printable byte of each class when there is one: readable reports. */
static void class_bytes(const struct dfa *d, int rep[256])
{
	for (uint32_t c = 0; c < d->nclasses; c++)
		rep[c] = -1;
	for (int pass = 0; pass < 2; pass++)
		for (int b = 1; b < 256; b++) {
			int printable = b >= 0x21 && b < 0x7f;
			uint8_t c = d->class_of[b];

			if (rep[c] < 0 && (printable || pass))
				rep[c] = b;
		}
}

static bool both(const struct dfa *d, uint32_t s)
{
	const struct pp_perms *p = &d->perms[d->perm_index[s]];

	return (p->half[PP_OWNER].allow & (PP_PERM_READ | PP_PERM_WRITE)) ==
	       (PP_PERM_READ | PP_PERM_WRITE);
}

bool witness_path(const struct dfa_rule *a, const struct dfa_rule *b,
		  struct strbuf *out)
{
	struct dfa_rule pair[2] = { *a, *b };
	struct dfa_error err;
	int rep[256];
	bool found = false;

	pair[0].perms = PP_PERM_READ;
	pair[1].perms = PP_PERM_WRITE;
	for (int i = 0; i < 2; i++) {
		pair[i].deny = pair[i].owner = pair[i].audit = 0;
		pair[i].xmode = PP_X_NONE;
		pair[i].xindex = PP_XINDEX_NONE;
	}
	struct dfa *d = dfa_compile(pair, 2, &err, NULL);

	if (!d)
		return false;
	class_bytes(d, rep);

	uint32_t *from = malloc(d->nstates * sizeof(*from));
	int *via = malloc(d->nstates * sizeof(*via));
	uint32_t *queue = malloc(d->nstates * sizeof(*queue));
	uint32_t head = 0, tail = 0, hit = 0;

	if (!from || !via || !queue)
		abort();
	memset(via, 0xff, d->nstates * sizeof(*via)); /* -1: not seen */
	via[d->start] = 256;
	queue[tail++] = d->start;
	while (head < tail && !found) {
		uint32_t s = queue[head++];

		if (both(d, s)) {
			found = true;
			hit = s;
			break;
		}
		for (uint32_t c = 0; c < d->nclasses; c++) {
			uint32_t t = d->trans[s * d->nclasses + c];

			if (rep[c] < 0 || t == 0 || via[t] != -1)
				continue;
			via[t] = rep[c];
			from[t] = s;
			queue[tail++] = t;
		}
	}
	if (found) {
		size_t n = 0;

		for (uint32_t s = hit; s != d->start; s = from[s])
			n++;
		sb_clear(out);
		sb_reserve(out, n);
		out->len = n;
		out->s[n] = '\0';
		for (uint32_t s = hit; s != d->start; s = from[s])
			out->s[--n] = (char)via[s];
	}
	free(from);
	free(via);
	free(queue);
	dfa_free(d);
	return found;
}
