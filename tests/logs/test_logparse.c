// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Log corpus test: parse CORPUS, print every event, malformed line and
 * the counts in the canonical form, compare with EXPECTED.
 *   test_logparse [--since MARK] CORPUS EXPECTED   check
 *   test_logparse [--since MARK] CORPUS            print (to write EXPECTED)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "golden.h"
#include "logparse.h"

static char *render(const char *corpus, const char *since, size_t *len)
{
	struct pp_event_list list = { 0 };
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);

	if (!out || pp_log_read_file(corpus, since, &list)) {
		perror(corpus);
		exit(2);
	}
	for (size_t i = 0; i < list.n; i++) {
		fprintf(out, "L%lu ", list.ev[i].line_no);
		pp_event_print(out, &list.ev[i]);
	}
	for (size_t i = 0; i < list.nbad; i++)
		fprintf(out, "L%lu MALFORMED %s\n", list.bad[i].line_no,
			list.bad[i].why);
	fprintf(out, "lines=%lu events=%zu skipped=%lu malformed=%zu\n",
		list.lines, list.n, list.skipped, list.nbad);
	fclose(out);
	pp_event_list_free(&list);
	return buf;
}

int main(int argc, char **argv)
{
	const char *since = NULL;
	size_t glen;
	char *got;
	int rc;

	if (argc > 2 && !strcmp(argv[1], "--since")) {
		since = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s [--since MARK] CORPUS [EXPECTED]\n", argv[0]);
		return 2;
	}
	got = render(argv[1], since, &glen);
	rc = golden_check(got, argc == 3 ? argv[2] : NULL);
	free(got);
	return rc;
}
