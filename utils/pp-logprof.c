// SPDX-License-Identifier: GPL-2.0 OR MIT
/* pp-logprof: extend every profile with new policy events in the log.
 * The flow lives in logs/learn.c, shared with pp-genprof. */
#include "learn.h"

int main(int argc, char **argv)
{
	return pp_learn_main(argc, argv, false);
}
