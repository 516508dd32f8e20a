/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A policy file as pp-parse writes it: one blob, or several back to back
 * (pp-parse -o with several inputs). Each blob is verified before use.
 */
#ifndef PATHPROF_PPBLOBFILE_H
#define PATHPROF_PPBLOBFILE_H

#include <stddef.h>
#include <stdint.h>

#include "blob.h"

struct pp_blobfile {
	uint8_t **blobs; /* each 8-byte aligned, verified */
	size_t *lens;
	size_t nblobs;
};

/* Read and verify; -1 with a message in err ("FILE: reason"). */
int pp_blobfile_read(const char *path, struct pp_blobfile *bf, char *err, size_t errlen);

/* Find profile `name`; 0 and *out filled, or -1. */
int pp_blobfile_find(const struct pp_blobfile *bf, const char *name,
		     struct blob_profile *out);

void pp_blobfile_free(struct pp_blobfile *bf);

#endif /* PATHPROF_PPBLOBFILE_H */
