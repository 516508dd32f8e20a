// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The command lines of pp-genprof and pp-logprof (one flow, two entry
 * points): options, the genprof set-up (skeleton, complain, load), the
 * scan loop and the finish (enforce).
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "learn.h"
#include "profedit.h"
#include "session.h"

#define MAX_LOGS 32
#define MAX_INCLUDES 16

struct learn {
	struct pp_session_opts o;
	const char *logs[MAX_LOGS];
	const char *incs[MAX_INCLUDES];
	bool genprof, auto_mode, keep_complain;
	char mark[96];
};

static void usage(FILE *out, bool genprof)
{
	fprintf(out,
"Usage: %s [OPTIONS]%s\n"
"%s\n"
"\n"
"  -d, --dir DIR         profile directory (default " PP_PROFILE_DIR_DEFAULT ")\n"
"  -f, --log FILE        read policy events from FILE (repeatable; - is stdin);\n"
"                        default: the audit log, kern.log, syslog or dmesg\n"
"      --since MARK      only log lines after the first line containing MARK\n"
"  -a, --auto, --yes     take the first proposal of each question\n"
"                        (default when standard input is not a terminal)\n"
"  -n, --dry-run         print the resulting profile(s); write and load nothing\n"
"%s"
"      --allow-ux        also offer ux (unconfined) exec rules\n"
"      --no-reload       write profile files but do not load them\n"
"  -I, --Include DIR     search DIR for includes and abstractions (repeatable)\n"
"      --parser PATH     the pp-parse to run (default: next to this tool, PATH)\n"
"      --policy-fs DIR   pathprof's securityfs directory (passed to pp-parse)\n"
"  -v, --verbose         show log lines that look like events but do not parse\n"
"  -h, --help            print this help and exit\n"
"\n"
"Questions: (A)llow (D)eny (G)lob Glob with (E)xtension (N)ew (I)gnore\n"
"(F)inish, or 1-9 to select an alternative. See %s(8).\n",
		genprof ? "pp-genprof" : "pp-logprof",
		genprof ? " PROGRAM" : "",
		genprof ? "Create or extend the profile of PROGRAM from its policy events."
			: "Extend every profile that has new policy events in the log.",
		genprof ? "      --keep-complain   leave the profile in complain mode (default: enforce)\n" : "",
		genprof ? "pp-genprof" : "pp-logprof");
}

enum { OPT_SINCE = 256, OPT_KEEP, OPT_UX, OPT_PARSER, OPT_FS, OPT_NORELOAD };

static int parse_args(struct learn *l, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "log", required_argument, NULL, 'f' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "auto", no_argument, NULL, 'a' },
		{ "yes", no_argument, NULL, 'a' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "keep-complain", no_argument, NULL, OPT_KEEP },
		{ "allow-ux", no_argument, NULL, OPT_UX },
		{ "no-reload", no_argument, NULL, OPT_NORELOAD },
		{ "Include", required_argument, NULL, 'I' },
		{ "parser", required_argument, NULL, OPT_PARSER },
		{ "policy-fs", required_argument, NULL, OPT_FS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:f:anI:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': l->o.profile_dir = optarg; break;
		case 'f':
			if (l->o.nlogs == MAX_LOGS)
				return 2;
			l->logs[l->o.nlogs++] = optarg;
			break;
		case OPT_SINCE: l->o.since = optarg; break;
		case 'a': l->auto_mode = true; break;
		case 'n': l->o.dry_run = true; break;
		case OPT_KEEP:
			if (!l->genprof)
				return 2;
			l->keep_complain = true;
			break;
		case OPT_UX: l->o.allow_ux = true; break;
		case OPT_NORELOAD: l->o.no_reload = true; break;
		case 'I':
			if (l->o.ninclude == MAX_INCLUDES)
				return 2;
			l->incs[l->o.ninclude++] = optarg;
			break;
		case OPT_PARSER: l->o.parser = optarg; break;
		case OPT_FS: l->o.policy_fs = optarg; break;
		case 'v': l->o.verbose = true; break;
		case 'h': usage(stdout, l->genprof); exit(0);
		default: return 2;
		}
	}
	if (optind + (l->genprof ? 1 : 0) != argc)
		return 2;
	return 0;
}

/* A line in the kernel log that marks where this session's events start. */
static void write_mark(struct learn *l)
{
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	snprintf(l->mark, sizeof(l->mark), "pp-genprof: mark %ld.%d",
		 (long)time(NULL), (int)getpid());
	if (write(fd, l->mark, strlen(l->mark)) > 0)
		l->o.since = l->mark;
	close(fd);
}

static int set_complain(struct pp_workspace *ws, const char *name, bool on)
{
	struct pp_ws_file *f = pp_ws_find_profile(ws, name);
	char why[256], *text;
	bool changed;

	if (!f)
		return 1;
	text = pp_profile_set_flag(f->text, strlen(f->text), name, "complain",
				   on, &changed, why, sizeof(why));
	if (!text) {
		fprintf(stderr, "%s: %s: %s\n", ws->o->prog, f->path, why);
		return 1;
	}
	pp_ws_set(f, text);
	return 0;
}

/* The profile of program exists, in complain mode, and (unless dry) loaded. */
static int genprof_setup(struct learn *l, struct pp_workspace *ws)
{
	const char *name = l->o.only_profile;

	if (!pp_ws_find_profile(ws, name)) {
		char *path = pp_ws_new_path(ws, name), *skel = pp_profile_skeleton(name);
		bool ok = path && skel && pp_ws_add(ws, path, NULL, skel);

		free(path);
		free(skel);
		if (!ok)
			return 1;
	}
	if (set_complain(ws, name, true))
		return 1;
	if (l->o.dry_run)
		return 0;
	return pp_ws_commit(ws, stdout);
}

static int scan_loop(struct learn *l, struct pp_workspace *ws, FILE *tty)
{
	char line[64];
	size_t changes;

	if (!l->o.nlogs)
		write_mark(l);
	for (;;) {
		fprintf(tty, "\nStart %s in another window and use it now; its policy "
			"events are logged in complain mode.\n"
			"(S)can the log for events / (F)inish: ", l->o.only_profile);
		fflush(tty);
		if (!fgets(line, sizeof(line), tty) || line[0] == 'f' || line[0] == 'F')
			return 0;
		if (line[0] != 's' && line[0] != 'S')
			continue;
		if (pp_session_pass(ws, tty, tty, &changes))
			return 1;
		fprintf(tty, "%zu rule line(s) added.\n", changes);
		if (!l->o.dry_run && pp_ws_commit(ws, tty))
			return 1;
	}
}

int pp_learn_main(int argc, char **argv, bool genprof)
{
	struct learn l = { .genprof = genprof };
	struct pp_workspace ws = { .o = &l.o };
	FILE *tty = NULL;
	size_t changes;
	int rc;

	l.o.prog = genprof ? "pp-genprof" : "pp-logprof";
	l.o.profile_dir = PP_PROFILE_DIR_DEFAULT;
	l.o.logs = l.logs;
	l.o.include_dirs = l.incs;
	if (parse_args(&l, argc, argv)) {
		usage(stderr, genprof);
		return 2;
	}
	if (genprof) {
		char *prog = pp_resolve_program(argv[argc - 1]);

		if (!prog && argv[argc - 1][0] != '/') {
			fprintf(stderr, "%s: %s: program not found\n", l.o.prog,
				argv[argc - 1]);
			return 1;
		}
		l.o.only_profile = prog ? prog : argv[argc - 1];
		{
			char *att = pp_ws_attached_profile(&ws, l.o.only_profile);

			if (att && !strcmp(att, l.o.only_profile)) {
				free(att);
			} else if (att) {
				fprintf(stderr, "%s: using profile %s, which attaches to %s\n",
					l.o.prog, att, l.o.only_profile);
				free(prog);
				l.o.only_profile = att;
			}
		}
	}
	/* questions need a terminal; a log on stdin leaves /dev/tty */
	if (!l.auto_mode) {
		tty = fopen("/dev/tty", "r+");
		l.o.interactive = tty && isatty(STDIN_FILENO);
		if (!l.o.interactive && tty) {
			fclose(tty);
			tty = NULL;
		}
	}
	rc = genprof ? genprof_setup(&l, &ws) : 0;
	if (!rc && genprof && l.o.interactive && !l.o.nlogs)
		rc = scan_loop(&l, &ws, tty);
	else if (!rc)
		rc = pp_session_pass(&ws, tty ? tty : stdin, tty ? tty : stdout,
				     &changes);
	if (!rc && genprof && !l.keep_complain)
		rc = set_complain(&ws, l.o.only_profile, false);
	if (!rc)
		rc = pp_ws_commit(&ws, stdout);
	if (tty)
		fclose(tty);
	pp_ws_free(&ws);
	if (genprof && l.o.only_profile != argv[argc - 1])
		free((char *)l.o.only_profile);
	return rc;
}
