// SPDX-License-Identifier: GPL-2.0 OR MIT
/* pp-genprof PROGRAM: build a profile from a program's policy events.
 * The flow lives in logs/learn.c, shared with pp-logprof. */
#include "learn.h"

int main(int argc, char **argv)
{
	return pp_learn_main(argc, argv, true);
}
