// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "golden.h"

char *golden_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n;
	char chunk[4096];

	if (!f) {
		perror(path);
		exit(2);
	}
	*len = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (*len + n + 1 > cap) {
			cap = (*len + n + 1) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
		memcpy(buf + *len, chunk, n);
		*len += n;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	if (!buf)
		exit(2);
	buf[*len] = '\0';
	return buf;
}

int golden_check(const char *got, const char *expected_path)
{
	size_t wlen;
	char *want, *w;
	unsigned line = 1;
	int rc = 0;

	if (!expected_path) {
		fputs(got, stdout);
		return 0;
	}
	want = w = golden_slurp(expected_path, &wlen);
	while (*got || *w) {
		size_t g = strcspn(got, "\n"), n = strcspn(w, "\n");

		if (g != n || memcmp(got, w, g)) {
			printf("%s: line %u differs\n  got:  %.*s\n  want: %.*s\n",
			       expected_path, line, (int)g, got, (int)n, w);
			rc = 1;
			break;
		}
		got += g + (got[g] == '\n');
		w += n + (w[n] == '\n');
		line++;
	}
	free(want);
	return rc;
}
