/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * pp-bench subcommands. Each prints human-readable figures, or one JSON
 * object with --json, and never asserts speed. argv[0] is the subcommand.
 * Returns the process exit status (0 ok, 1 failure, 2 usage).
 */
#ifndef PP_BENCH_H
#define PP_BENCH_H

int bench_dfa_main(int argc, char **argv);     /* bench_dfa.c: compiler and matcher */
int bench_corpus_main(int argc, char **argv);  /* bench_corpus.c: real profiles */
int bench_open_main(int argc, char **argv);    /* bench_kernel.c: open() under the LSM */
int bench_exec_main(int argc, char **argv);    /* bench_kernel.c: exec() under the LSM */

#endif /* PP_BENCH_H */
