// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdlib.h>
#include <string.h>

#include "blob_testdfa.h"

uint64_t tdfa_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static struct dfa *tdfa_alloc(uint32_t nstates, uint32_t nclasses, uint32_t nperms)
{
	struct dfa *d = calloc(1, sizeof(*d));

	if (!d)
		abort();
	d->nstates = nstates;
	d->nclasses = nclasses;
	d->nperms = nperms;
	d->trans = calloc((size_t)nstates * nclasses, sizeof(uint32_t));
	d->perm_index = calloc(nstates, sizeof(uint32_t));
	d->perms = calloc(nperms, sizeof(struct pp_perms));
	if (!d->trans || !d->perm_index || !d->perms)
		abort();
	return d;
}

static void random_perms(uint64_t *rng, struct pp_perms *p, uint32_t nxtargets)
{
	for (int h = 0; h < 2; h++) {
		struct pp_perms_half *x = &p->half[h];
		uint32_t r = (uint32_t)tdfa_rand(rng);

		x->allow = r & PP_PERM_ALL;
		x->deny = (r >> 7) & (r >> 14) & PP_PERM_ALL;
		x->audit = (r >> 21) & (r >> 3) & PP_PERM_ALL;
		x->quiet = (r >> 9) & (r >> 17) & PP_PERM_ALL;
		x->xmode = (r >> 24) % 5;
		if (x->xmode)
			x->xmode |= ((r >> 28) & 7) << 4;
		x->xindex = nxtargets && (r & 0x10000) ? (r >> 8) % nxtargets
						       : PP_XINDEX_NONE;
	}
}

struct dfa *tdfa_random(uint64_t *rng, uint32_t nstates, uint32_t nclasses,
			uint32_t nperms, uint32_t nxtargets)
{
	struct dfa *d = tdfa_alloc(nstates, nclasses, nperms);
	uint32_t s, c;

	for (c = 0; c < 256; c++)
		d->class_of[c] = c < nclasses ? c : tdfa_rand(rng) % nclasses;
	d->start = nstates > 1 ? 1 + tdfa_rand(rng) % (nstates - 1) : 0;
	for (s = 1; s < nstates; s++) {
		uint32_t common = tdfa_rand(rng) % nstates;
		uint32_t noise = (uint32_t)(tdfa_rand(rng) % 101);

		for (c = 0; c < nclasses; c++)
			d->trans[(size_t)s * nclasses + c] =
				tdfa_rand(rng) % 100 < noise ? tdfa_rand(rng) % nstates
							     : common;
		d->perm_index[s] = nperms > 1 ? tdfa_rand(rng) % nperms : 0;
	}
	for (s = 1; s < nperms; s++)
		random_perms(rng, &d->perms[s], nxtargets);
	return d;
}

struct dfa *tdfa_trie(const char *const *strs, size_t n,
		      const struct pp_perms *perms, uint32_t nperms)
{
	size_t total = 2;
	struct dfa *d;
	uint32_t next = 2, cls = 1;

	for (size_t i = 0; i < n; i++)
		total += strlen(strs[i]);
	d = tdfa_alloc((uint32_t)total, 256, nperms + 1);
	/* one class per byte that occurs, class 0 for all others */
	memset(d->class_of, 0, sizeof(d->class_of));
	for (size_t i = 0; i < n; i++)
		for (const unsigned char *p = (const void *)strs[i]; *p; p++)
			if (!d->class_of[*p])
				d->class_of[*p] = (uint8_t)cls++;
	d->nclasses = cls;
	d->start = 1;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = 1;

		for (const unsigned char *p = (const void *)strs[i]; *p; p++) {
			uint32_t *t = &d->trans[(size_t)s * cls + d->class_of[*p]];

			if (!*t)
				*t = next++;
			s = *t;
		}
		d->perm_index[s] = 1 + (uint32_t)(i % nperms);
	}
	d->nstates = next;
	memcpy(d->perms + 1, perms, nperms * sizeof(*perms));
	return d;
}

uint32_t tdfa_walk(const struct dfa *d, uint32_t s, const char *str, size_t len)
{
	for (size_t i = 0; i < len && s; i++)
		s = d->trans[(size_t)s * d->nclasses + d->class_of[(unsigned char)str[i]]];
	return s;
}

void tdfa_free(struct dfa *d)
{
	if (!d)
		return;
	free(d->trans);
	free(d->perm_index);
	free(d->perms);
	free(d);
}
