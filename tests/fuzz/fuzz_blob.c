// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: blob_verify() on arbitrary bytes; when it accepts,
 * read every field of every profile and walk both DFAs over strings cut
 * from the input itself. ASan/UBSan catch any read the verifier failed
 * to rule out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"

static volatile unsigned long sink;

static void walk(const struct blob_dfa *d, const uint8_t *data, size_t size)
{
	struct pp_perms p;
	size_t step = size / 8 + 1;

	for (size_t off = 0; off < size; off += step) {
		uint32_t s = blob_dfa_match(d, (const char *)data + off, size - off);

		blob_dfa_perms(d, s, &p);
		sink += s + p.half[0].allow + p.half[1].xindex;
		s = blob_dfa_step(d, s, (const char *)data, off);
		sink += s;
	}
	for (uint32_t s = 0; s <= d->nstates && s < 4096; s++) {
		blob_dfa_perms(d, s, &p);
		sink += p.half[1].deny + blob_dfa_step(d, s, "/a\xff", 3);
	}
}

static void exercise(const uint8_t *b, size_t len, const uint8_t *data, size_t size)
{
	uint32_t n = blob_profile_count(b, len), net[4];
	struct blob_profile p;
	struct blob_rule r;

	for (uint32_t i = 0; i < n; i++) {
		if (blob_profile_get(b, len, i, &p))
			abort(); /* verified blobs must unpack */
		sink += strlen(p.name) + (p.attach ? strlen(p.attach) : 0) + p.caps[0];
		for (uint32_t k = 0; k < p.nxtargets; k++) {
			const char *t = blob_xtarget(&p, k);

			if (!t)
				abort();
			sink += strlen(t);
		}
		for (uint32_t k = 0; k < PP_NET_NFAMILIES; k++) {
			blob_net_get(&p, k, net);
			sink += net[0] ^ net[3];
		}
		for (uint32_t k = 0; k < p.nrules; k++) {
			if (blob_rule_get(&p, k, &r))
				abort();
			sink += strlen(r.glob) + (r.origin ? strlen(r.origin) : 0);
		}
		walk(&p.file, data, size);
		walk(&p.xmatch, data, size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exact-size heap copy (malloc aligns to 16): ASan flags any read
	 * past the end */
	uint8_t *b = malloc(size ? size : 1);
	struct blob_profile p;
	blob_size_t where = 0;

	if (!b)
		return 0;
	memcpy(b, data, size);
	if (blob_verify(b, size, &where) == BLOB_OK)
		exercise(b, size, data, size);
	else if (where > size)
		abort();
	else
		sink += (unsigned long)blob_profile_get(b, size, 0, &p);
	free(b);
	return 0;
}
