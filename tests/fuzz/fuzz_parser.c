// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: the profile language. Any text either parses and
 * compiles into a blob that blob_verify() accepts, or fails with a
 * diagnostic that says where (file:line:col and a message). Includes
 * resolve against our own profiles/ tree, so the seeds (real profiles)
 * pull in abstractions and tunables as they would on a system.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "blob.h"
#include "parser.h"

#ifndef FUZZ_PROFILES_DIR
#error "FUZZ_PROFILES_DIR: the profiles/ directory of the source tree"
#endif

static void must_say_where(const struct pp_diag *d)
{
	if (!d->set || !d->msg[0]) {
		fprintf(stderr, "failed without a diagnostic\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dirs[] = { FUZZ_PROFILES_DIR };
	const struct pp_parse_opts opts = { .include_dirs = dirs, .n_include_dirs = 1 };
	struct pp_policy *p;
	struct pp_diag d;
	uint8_t *blob;
	size_t len;

	if (size > 1 << 16)
		return 0;
	p = pp_policy_parse_string("fuzz", (const char *)data, size, &opts, &d);
	if (!p) {
		must_say_where(&d);
		return 0;
	}
	if (pp_policy_compile(p, &blob, &len, NULL, &d) == 0) {
		if (blob_verify(blob, len, NULL) != BLOB_OK) {
			fprintf(stderr, "the compiler wrote a blob its verifier rejects\n");
			abort();
		}
		free(blob);
	} else {
		must_say_where(&d);
	}
	pp_policy_free(p);
	return 0;
}
