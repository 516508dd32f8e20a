/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Printing rule sets, paths and permission records for mismatch reports. */
#ifndef PP_DIFF_REPORT_H
#define PP_DIFF_REPORT_H

#include <stdio.h>

#include "gen.h"
#include "oracle.h"

/* C-escaped, long strings elided in the middle. */
void report_bytes(FILE *f, const char *s, size_t len);
void report_perms(FILE *f, const char *label, const struct pp_perms *p);
void report_ruleset(FILE *f, const struct ruleset *rs, const struct oracle *o);

#endif /* PP_DIFF_REPORT_H */
