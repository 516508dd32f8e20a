/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Does the profile as it is now (in the workspace) already allow what an
 * event asks? Old log lines, or lines from before a reload, then propose
 * nothing: pp-logprof run twice on the same log adds nothing the second
 * time. The profile is parsed and compiled with the real parser and DFA.
 */
#ifndef PATHPROF_LOGS_ALLOWED_H
#define PATHPROF_LOGS_ALLOWED_H

#include <stdbool.h>
#include "event.h"
#include "session.h"

struct pp_allowed;

struct pp_allowed *pp_allowed_new(struct pp_workspace *ws);
bool pp_allowed_check(struct pp_allowed *a, const struct pp_event *ev);
void pp_allowed_free(struct pp_allowed *a);

#endif /* PATHPROF_LOGS_ALLOWED_H */
