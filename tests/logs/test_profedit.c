// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Profile editing test on a file with comments, variables, glob braces,
 * children, hats and odd layout:
 *  - the block scan (names, attachments, flags) is printed;
 *  - complain on then off (or off then on) gives back the file
 *    byte-for-byte, and an edit only changes the header;
 *  - rule insertion into existing and new blocks is printed.
 * Output is compared with a golden file.
 *   test_profedit PROFILE [EXPECTED]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "golden.h"
#include "profedit.h"

static int failures;

static void check(bool ok, const char *what, const char *name)
{
	if (!ok) {
		printf("FAIL: %s (%s)\n", what, name);
		failures++;
	}
}

static void print_blocks(FILE *f, const char *t, const struct pp_blocks *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct pp_block *bl = &b->v[i];

		fprintf(f, "block %s attach=%s parent=%d header=\"%.*s\"", bl->name,
			bl->attach ? bl->attach : "-", bl->parent,
			(int)(bl->open_off - bl->hdr_off), t + bl->hdr_off);
		if (bl->flags_open != PP_NO_OFFSET)
			fprintf(f, " flags=\"%.*s\"",
				(int)(bl->flags_close - bl->flags_open - 1),
				t + bl->flags_open + 1);
		fputc('\n', f);
	}
}

/* Only the bytes between hdr_off and open_off may differ. */
static bool header_only(const char *a, size_t alen, const char *b, size_t blen,
			const struct pp_block *bl)
{
	size_t tail = alen - bl->open_off;

	return !memcmp(a, b, bl->hdr_off) && blen >= tail &&
	       !memcmp(a + bl->open_off, b + blen - tail, tail);
}

static void toggle(FILE *f, const char *t, size_t len, const struct pp_block *bl)
{
	char why[200];
	bool changed, had = strstr(t + bl->hdr_off, "complain") &&
		(size_t)(strstr(t + bl->hdr_off, "complain") - t) < bl->open_off;
	char *one = pp_profile_set_flag(t, len, bl->name, "complain", !had,
					&changed, why, sizeof(why));
	char *back;

	check(one && changed, "first toggle changes", bl->name);
	if (!one)
		return;
	check(header_only(t, len, one, strlen(one), bl), "edit stays in header",
	      bl->name);
	back = pp_profile_set_flag(one, strlen(one), bl->name, "complain", had,
				   &changed, why, sizeof(why));
	check(back && changed, "second toggle changes", bl->name);
	/* complain added then removed: the very same bytes */
	if (!had)
		check(back && !strcmp(back, t), "round trip is byte-for-byte",
		      bl->name);
	fprintf(f, "%s %s: ", had ? "enforce" : "complain", bl->name);
	{
		const char *h = one + bl->hdr_off, *nl = strchr(h, '\n');

		fprintf(f, "%.*s\n", nl ? (int)(nl - h) : (int)strlen(h), h);
	}
	free(one);
	free(back);
	/* setting what is already set changes nothing */
	one = pp_profile_set_flag(t, len, bl->name, "complain", had, &changed,
				  why, sizeof(why));
	check(one && !changed && !strcmp(one, t), "no-op edit", bl->name);
	free(one);
}

static void insert(FILE *f, const char *t, size_t len)
{
	char *l1[] = { "/etc/new1 r,", "owner /tmp/x.* rw," };
	char *l2[] = { "/etc/kid2 r," };
	char *l3[] = { "/etc/hat2 w," };
	char *l4[] = { "include <abstractions/base>", "/usr/lib/helper.db rwk," };
	char *l5[] = { "/etc/brand-new r," };
	char *l6[] = { "capability chown," };
	char *l7[] = { "/etc/oneline2 r," };
	struct pp_block_add adds[] = {
		{ "/usr/bin/plain", NULL, l1, 2, 2 },
		{ "named", "kid", l2, 1, 1 },
		{ "named", "hat", l3, 1, 1 },
		{ "/usr/bin/flagged", "/usr/lib/helper", l4, 2, 2 },
		{ "/usr/bin/brand-new", NULL, l5, 1, 1 },
		{ "/usr/bin/empty", NULL, l6, 1, 1 },
		{ "/usr/bin/oneline", NULL, l7, 1, 1 },
	};
	char why[200];
	char *out = pp_profile_insert(t, len, adds, sizeof(adds) / sizeof(*adds),
				      why, sizeof(why));

	check(out != NULL, why, "insert");
	if (out)
		fprintf(f, "--- after insertion ---\n%s--- end ---\n", out);
	free(out);
	out = pp_profile_insert(t, len, &(struct pp_block_add){ "nosuch", "kid", l2, 1, 1 },
				1, why, sizeof(why));
	check(!out, "child of a missing profile is refused", "nosuch");
	fprintf(f, "missing parent: %s\n", why);
	free(out);
}

int main(int argc, char **argv)
{
	struct pp_blocks blocks;
	char why[200], *out = NULL, *t;
	size_t len, olen = 0;
	FILE *f;
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s PROFILE [EXPECTED]\n", argv[0]);
		return 2;
	}
	t = golden_slurp(argv[1], &len);
	f = open_memstream(&out, &olen);
	if (!f || pp_blocks_scan(t, len, &blocks, why, sizeof(why))) {
		printf("scan failed: %s\n", why);
		return 1;
	}
	print_blocks(f, t, &blocks);
	for (size_t i = 0; i < blocks.n; i++)
		toggle(f, t, len, &blocks.v[i]);
	insert(f, t, len);
	check(pp_blocks_scan("/a { /b r, ", 11, &(struct pp_blocks){ 0 }, why,
			     sizeof(why)) == -1, "unclosed block refused", "scan");
	pp_blocks_free(&blocks);
	fclose(f);
	rc = golden_check(out, argc == 3 ? argv[2] : NULL);
	free(out);
	free(t);
	return rc || failures;
}
