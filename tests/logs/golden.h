/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Golden-file comparison for the logs tests. */
#ifndef PATHPROF_TESTS_LOGS_GOLDEN_H
#define PATHPROF_TESTS_LOGS_GOLDEN_H

#include <stddef.h>

/* Read a whole file (NUL-terminated); exits 2 when it cannot. */
char *golden_slurp(const char *path, size_t *len);
/*
 * expected NULL: print got and return 0 (to write the golden file).
 * Otherwise compare, print the first differing line, return 0 or 1.
 */
int golden_check(const char *got, const char *expected_path);

#endif
