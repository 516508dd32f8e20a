/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Interactive choice of alternatives (aa-logprof's keys; see ask.c). */
#ifndef PATHPROF_LOGS_ASK_H
#define PATHPROF_LOGS_ASK_H

#include <stdio.h>
#include "propose.h"

/*
 * Ask about every undecided proposal, reading answers from in and writing
 * questions to out. Finish or end of input leaves the rest ignored.
 */
void pp_ask(struct pp_proposals *p, FILE *in, FILE *out);

#endif /* PATHPROF_LOGS_ASK_H */
