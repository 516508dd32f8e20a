/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* pp-genprof (genprof true) and pp-logprof: the whole command line. */
#ifndef PATHPROF_LOGS_LEARN_H
#define PATHPROF_LOGS_LEARN_H

#include <stdbool.h>

/* Returns the exit status: 0 done, 1 error (printed), 2 usage. */
int pp_learn_main(int argc, char **argv, bool genprof);

#endif /* PATHPROF_LOGS_LEARN_H */
