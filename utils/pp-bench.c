// SPDX-License-Identifier: GPL-2.0 OR MIT
/* pp-bench: print performance figures of pathprof's parts. */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "pp_config.h"

struct subcommand {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *what;
};

static const struct subcommand subcommands[] = {
	{ "dfa", bench_dfa_main, "compile 100/1,000/10,000 rules; match vs PCRE2-JIT" },
	{ "corpus", bench_corpus_main, "compile the shipped and system profiles" },
	{ "open", bench_open_main, "cost of open() under the LSM" },
	{ "exec", bench_exec_main, "cost of exec() under the LSM" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: pp-bench <subcommand> [--json] [options]\n\nsubcommands:\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-8s %s\n", subcommands[i].name, subcommands[i].what);
	fprintf(f, "\n--json prints one JSON object whose keys name the figure and its unit.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("pp-bench %s\n", PP_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].main(argc - 1, argv + 1);
	fprintf(stderr, "pp-bench: unknown subcommand '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
