/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef PATHPROF_PARSER_MERGE_H
#define PATHPROF_PARSER_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include "dfa.h"

/* Merge rules with the same glob, link target and qualifiers (and compatible exec).
 * *out (malloc'd, *nout rules) keeps the origin of the first rule, or of
 * the first with an exec transition; (*orig)[k] is the index in `in` of
 * that rule. Returns 0 or -1. */
int rules_merge(const struct dfa_rule *in, size_t n, struct dfa_rule **out, size_t **orig,
		size_t *nout);

#endif
