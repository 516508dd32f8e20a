/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob_le.h"
#include "ppblobfile.h"

#define MAX_FILE_BYTES (1ull << 31)

static uint8_t *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *buf, *nb;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			nb = cap < MAX_FILE_BYTES ? realloc(buf, cap * 2) : NULL;
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (!buf || ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, buf ? strerror(errno) : "too large or out of memory");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static int add_blob(struct pp_blobfile *bf, const uint8_t *src, size_t len)
{
	uint8_t **nb = realloc(bf->blobs, (bf->nblobs + 1) * sizeof(*nb));
	size_t *nl;
	uint8_t *copy;

	if (!nb)
		return -1;
	bf->blobs = nb;
	nl = realloc(bf->lens, (bf->nblobs + 1) * sizeof(*nl));
	if (!nl)
		return -1;
	bf->lens = nl;
	copy = aligned_alloc(8, (len + 7) & ~(size_t)7);
	if (!copy)
		return -1;
	memcpy(copy, src, len);
	bf->blobs[bf->nblobs] = copy;
	bf->lens[bf->nblobs++] = len;
	return 0;
}

int pp_blobfile_read(const char *path, struct pp_blobfile *bf, char *err, size_t errlen)
{
	size_t len, off = 0, where;
	uint8_t *buf;
	int rc;

	memset(bf, 0, sizeof(*bf));
	buf = slurp(path, &len, err, errlen);
	if (!buf)
		return -1;
	if (len == 0) {
		snprintf(err, errlen, "%s: empty file, not a pathprof blob", path);
		goto fail;
	}
	while (off < len) {
		uint64_t total = len - off >= BLOB_HDR_SIZE ? le64(buf + off + 16) : 0;

		/* an unusable length: let the verifier name the problem */
		if (total < BLOB_HDR_SIZE || total > len - off)
			total = len - off;
		if (add_blob(bf, buf + off, total) < 0) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
		where = 0;
		rc = blob_verify(bf->blobs[bf->nblobs - 1], total, &where);
		if (rc != BLOB_OK) {
			snprintf(err, errlen, "%s: invalid blob at byte %zu: %s", path,
				 off + where, blob_strerror(rc));
			goto fail;
		}
		off += total;
	}
	free(buf);
	return 0;
fail:
	free(buf);
	pp_blobfile_free(bf);
	return -1;
}

int pp_blobfile_find(const struct pp_blobfile *bf, const char *name,
		     struct blob_profile *out)
{
	for (size_t b = 0; b < bf->nblobs; b++) {
		uint32_t n = blob_profile_count(bf->blobs[b], bf->lens[b]);

		for (uint32_t i = 0; i < n; i++) {
			if (blob_profile_get(bf->blobs[b], bf->lens[b], i, out) != 0)
				continue;
			if (strcmp(out->name, name) == 0)
				return 0;
		}
	}
	return -1;
}

void pp_blobfile_free(struct pp_blobfile *bf)
{
	for (size_t i = 0; i < bf->nblobs; i++)
		free(bf->blobs[i]);
	free(bf->blobs);
	free(bf->lens);
	memset(bf, 0, sizeof(*bf));
}
