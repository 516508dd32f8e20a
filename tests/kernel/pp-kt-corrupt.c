// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * pp-kt-corrupt: make a malformed blob out of a good one, for the kernel
 * test that .load rejects it and leaves the policy unchanged.
 *
 *   pp-kt-corrupt KIND IN OUT
 *
 * KIND: truncated, magic, trailing, state-range (a transition to a state
 * that does not exist), class-range (a byte class past the table),
 * perm-range (a state's permission index past the table), xtarget-range
 * (an exec transition naming a target that does not exist).
 * The result is checked with the same blob_verify() the kernel compiles
 * in: a corruption that still verifies is a failure of this tool (exit 1),
 * so the kernel test cannot pass vacuously. Prints the verifier's reason.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"

struct blob_buf {
	uint8_t *data;
	size_t len;
};

static int read_all(const char *path, struct blob_buf *b)
{
	FILE *f = fopen(path, "rb");
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto fail;
	b->len = (size_t)size;
	b->data = calloc(1, b->len + 64); /* room for "trailing" */
	if (!b->data || fread(b->data, 1, b->len, f) != b->len)
		goto fail;
	fclose(f);
	return 0;
fail:
	perror(path);
	if (f)
		fclose(f);
	return -1;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put_state(const struct blob_dfa *d, const uint8_t *p, uint32_t v)
{
	uint8_t *w = (uint8_t *)p;

	if (d->flags & BLOB_DFA_F16) {
		w[0] = (uint8_t)v;
		w[1] = (uint8_t)(v >> 8);
	} else {
		put_u32(w, v);
	}
}

/* The first profile with a non-empty file DFA. */
static int file_dfa(const struct blob_buf *b, struct blob_profile *p)
{
	uint32_t i, n = blob_profile_count(b->data, b->len);

	for (i = 0; i < n; i++)
		if (blob_profile_get(b->data, b->len, i, p) == 0 && p->file.nstates > 1)
			return 0;
	fprintf(stderr, "pp-kt-corrupt: no profile with file rules\n");
	return -1;
}

/* An exec transition with a target: point it past the target table. */
static int corrupt_xtarget(const struct blob_buf *b)
{
	uint32_t i, n = blob_profile_count(b->data, b->len), k, h;
	struct blob_profile p;

	for (i = 0; i < n; i++) {
		if (blob_profile_get(b->data, b->len, i, &p) || p.file.nstates == 0)
			continue;
		for (k = 0; k < p.file.nperms; k++) {
			for (h = 0; h < 2; h++) {
				uint8_t *rec = (uint8_t *)p.file.perms + k * sizeof(struct pp_perms) +
					       h * sizeof(struct pp_perms_half);
				struct pp_perms_half half;

				memcpy(&half, rec, sizeof(half));
				if (half.xindex == PP_XINDEX_NONE)
					continue;
				put_u32(rec + offsetof(struct pp_perms_half, xindex),
					p.nxtargets + 7);
				return 0;
			}
		}
	}
	fprintf(stderr, "pp-kt-corrupt: no exec transition with a target\n");
	return -1;
}

static int corrupt(const char *kind, struct blob_buf *b)
{
	struct blob_profile p;

	if (strcmp(kind, "truncated") == 0) {
		b->len = b->len / 2 & ~(size_t)7;
		return 0;
	}
	if (strcmp(kind, "magic") == 0) {
		b->data[0] ^= 0xff;
		return 0;
	}
	if (strcmp(kind, "trailing") == 0) {
		memset(b->data + b->len, 0xa5, 8);
		b->len += 8;
		return 0;
	}
	if (strcmp(kind, "xtarget-range") == 0)
		return corrupt_xtarget(b);
	if (file_dfa(b, &p))
		return -1;
	if (strcmp(kind, "state-range") == 0) {
		put_state(&p.file, p.file.next, p.file.nstates + 1);
		return 0;
	}
	if (strcmp(kind, "class-range") == 0) {
		((uint8_t *)p.file.class_of)['/'] = (uint8_t)(p.file.nclasses < 255 ? 255 : 0);
		return p.file.nclasses < 255 ? 0 : -1;
	}
	if (strcmp(kind, "perm-range") == 0) {
		put_u32((uint8_t *)p.file.perm_index + 4 * (p.file.start), p.file.nperms + 3);
		return 0;
	}
	fprintf(stderr, "pp-kt-corrupt: unknown kind %s\n", kind);
	return -1;
}

int main(int argc, char **argv)
{
	struct blob_buf b;
	size_t where = 0;
	FILE *out;
	int err;

	if (argc != 4) {
		fputs("usage: pp-kt-corrupt KIND IN OUT\n", stderr);
		return 2;
	}
	if (read_all(argv[2], &b))
		return 2;
	if (blob_verify(b.data, b.len, &where) != 0) {
		fprintf(stderr, "pp-kt-corrupt: %s does not verify to begin with\n", argv[2]);
		return 2;
	}
	if (corrupt(argv[1], &b))
		return 2;
	err = blob_verify(b.data, b.len, &where);
	if (err == 0) {
		fprintf(stderr, "pp-kt-corrupt: %s corruption still verifies\n", argv[1]);
		return 1;
	}
	out = fopen(argv[3], "wb");
	if (!out || fwrite(b.data, 1, b.len, out) != b.len || fclose(out)) {
		perror(argv[3]);
		return 2;
	}
	printf("%s offset=%zu\n", blob_strerror(err), where);
	free(b.data);
	return 0;
}
