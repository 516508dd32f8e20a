/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Find a path matched by two given rules, to confirm a reported conflict. */
#ifndef PP_DIFF_WITNESS_H
#define PP_DIFF_WITNESS_H

#include <stdbool.h>

#include "dfa.h"
#include "strbuf.h"

/*
 * Shortest path that both rules a and b match, or false if none. Uses the
 * compiler under test only to search; the caller re-checks the path with
 * the oracle, so a wrong answer here can only lose a witness.
 */
bool witness_path(const struct dfa_rule *a, const struct dfa_rule *b,
		  struct strbuf *out);

#endif /* PP_DIFF_WITNESS_H */
