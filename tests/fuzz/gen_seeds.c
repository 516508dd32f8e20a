// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Seed corpus for fuzz_blob: real blobs (compiled rule sets, every
 * section present) plus a few small shapes, written to DIR/seed-N.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob_testdfa.h"
#include "blob_testsrc.h"
#include "blob_write.h"

static int save(const char *dir, int n, const uint8_t *b, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%d", dir, n);
	f = fopen(path, "wb");
	if (!f || fwrite(b, 1, len, f) != len || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

/* Small random DFAs: dense rows exercise every comb shape in few bytes. */
static int small_blob(uint64_t *rng, uint32_t ns, uint32_t nc, uint8_t **b, size_t *len)
{
	static const char *const xt[] = { "t" };
	struct dfa *d = tdfa_random(rng, ns, nc, 3, 1);
	struct blob_profile_in p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.name = "s";
	p.file = d;
	p.xtargets = xt;
	p.nxtargets = 1;
	rc = blob_write(&p, 1, b, len);
	tdfa_free(d);
	return rc;
}

int main(int argc, char **argv)
{
	uint64_t rng = 5;
	uint8_t *b;
	size_t len;
	int n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (size_t k = 0; k < blob_testsrc_count(); k++) {
		if (blob_testsrc_make(k, &b, &len) || save(argv[1], n++, b, len))
			return 1;
		free(b);
	}
	for (uint32_t ns = 1; ns < 40; ns += 7) {
		if (small_blob(&rng, ns, 1 + ns % 5, &b, &len) || save(argv[1], n++, b, len))
			return 1;
		free(b);
	}
	if (blob_write(NULL, 0, &b, &len) || save(argv[1], n++, b, len))
		return 1;
	free(b);
	printf("%d seeds in %s\n", n, argv[1]);
	return 0;
}
