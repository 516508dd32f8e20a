// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * pp-complain / pp-enforce PROFILE|PROGRAM|FILE...: set or clear
 * `complain` in the profile's flags=(...) (nothing else in the file
 * changes), check the file with pp-parse -Q, write it and reload it with
 * pp-parse -r; or, with --runtime, switch the loaded profile only.
 * One source, two programs: the mode comes from the program name.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "profedit.h"
#include "session.h"

#define MAX_INCLUDES 16

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
"Usage: %s [OPTIONS] PROFILE|PROGRAM|FILE...\n"
"Put profiles in %s mode: %s `complain` in the profile's flags=(...),\n"
"check the file with pp-parse -Q, write it and reload it with pp-parse -r.\n"
"\n"
"  -d, --dir DIR         profile directory (default " PP_PROFILE_DIR_DEFAULT ")\n"
"      --runtime         switch the loaded profile only (securityfs); no file\n"
"                        is changed and the mode lasts until the next load\n"
"      --no-reload       change the file but do not reload it\n"
"  -I, --Include DIR     include search path for pp-parse (repeatable)\n"
"      --parser PATH     the pp-parse to run (default: next to this tool, PATH)\n"
"      --policy-fs DIR   pathprof's securityfs directory\n"
"                        (default /sys/kernel/security/pathprof)\n"
"  -h, --help            print this help and exit\n"
"\n"
"A FILE argument changes every top-level profile in the file; otherwise the\n"
"profile is looked up by name or attachment in the profile directory.\n"
"Exit status: 0 success, 1 a profile or the LSM is missing or a step failed,\n"
"2 usage error. See pp-complain(8).\n",
		prog, strcmp(prog, "pp-enforce") ? "complain" : "enforce",
		strcmp(prog, "pp-enforce") ? "set" : "clear");
}

struct tool {
	struct pp_session_opts o;
	const char *incs[MAX_INCLUDES];
	bool complain, runtime;
};

/* Every top-level profile of a file given by path. */
static int edit_file(struct tool *t, struct pp_workspace *ws, const char *path)
{
	struct pp_ws_file *f = pp_ws_load(ws, path);
	struct pp_blocks b;
	char why[256];
	int rc = 0;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", t->o.prog, path, strerror(errno));
		return 1;
	}
	if (pp_blocks_scan(f->text, strlen(f->text), &b, why, sizeof(why)) || !b.n) {
		fprintf(stderr, "%s: %s: no profile found%s%s\n", t->o.prog, path,
			b.n ? "" : "", why[0] ? why : "");
		return 1;
	}
	for (size_t i = 0; i < b.n && !rc; i++) {
		bool changed;
		char *text;

		if (b.v[i].parent >= 0)
			continue;
		text = pp_profile_set_flag(f->text, strlen(f->text), b.v[i].name,
					   "complain", t->complain, &changed,
					   why, sizeof(why));
		if (!text) {
			fprintf(stderr, "%s: %s: %s\n", t->o.prog, path, why);
			rc = 1;
		} else {
			pp_ws_set(f, text);
			f->reload = true;
		}
	}
	pp_blocks_free(&b);
	return rc;
}

static int edit_profile(struct tool *t, struct pp_workspace *ws, const char *arg)
{
	char *prog = arg[0] == '/' ? NULL : pp_resolve_program(arg);
	const char *name = arg;
	struct pp_ws_file *f = pp_ws_find_profile(ws, arg);
	char why[256], *text;
	bool changed;

	if (!f && prog) {
		f = pp_ws_find_profile(ws, prog);
		name = prog;
	}
	if (!f) {
		fprintf(stderr, "%s: no profile for \"%s\" in %s\n", t->o.prog, arg,
			t->o.profile_dir);
		free(prog);
		return 1;
	}
	text = pp_profile_set_flag(f->text, strlen(f->text), name, "complain",
				   t->complain, &changed, why, sizeof(why));
	free(prog);
	if (!text) {
		fprintf(stderr, "%s: %s: %s\n", t->o.prog, f->path, why);
		return 1;
	}
	pp_ws_set(f, text);
	f->reload = true;
	return 0;
}

/* A readable file that is not a program: a profile file. */
static bool is_profile_file(const char *arg)
{
	struct stat st;

	return stat(arg, &st) == 0 && S_ISREG(st.st_mode) &&
	       !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH));
}

static int runtime(struct tool *t, const char *arg)
{
	const char *fs = t->o.policy_fs ? t->o.policy_fs
					 : "/sys/kernel/security/pathprof";
	char err[300], *prog = NULL;
	int rc;

	rc = pp_runtime_mode(fs, arg, t->complain ? "complain" : "enforce",
			     err, sizeof(err));
	if (rc && arg[0] != '/' && (prog = pp_resolve_program(arg)))
		rc = pp_runtime_mode(fs, prog, t->complain ? "complain" : "enforce",
				     err, sizeof(err));
	free(prog);
	if (rc)
		fprintf(stderr, "%s: %s\n", t->o.prog, err);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "runtime", no_argument, NULL, 'R' },
		{ "no-reload", no_argument, NULL, 'N' },
		{ "Include", required_argument, NULL, 'I' },
		{ "parser", required_argument, NULL, 'P' },
		{ "policy-fs", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	struct tool t = { .complain = strcmp(base, "pp-enforce") != 0 };
	struct pp_workspace ws = { .o = &t.o };
	int c, rc = 0;

	t.o.prog = t.complain ? "pp-complain" : "pp-enforce";
	t.o.profile_dir = PP_PROFILE_DIR_DEFAULT;
	t.o.include_dirs = t.incs;
	while ((c = getopt_long(argc, argv, "d:I:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': t.o.profile_dir = optarg; break;
		case 'R': t.runtime = true; break;
		case 'N': t.o.no_reload = true; break;
		case 'I':
			if (t.o.ninclude < MAX_INCLUDES)
				t.incs[t.o.ninclude++] = optarg;
			break;
		case 'P': t.o.parser = optarg; break;
		case 'F': t.o.policy_fs = optarg; break;
		case 'h': usage(stdout, t.o.prog); return 0;
		default: usage(stderr, t.o.prog); return 2;
		}
	}
	if (optind == argc) {
		usage(stderr, t.o.prog);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		if (t.runtime)
			rc |= runtime(&t, argv[i]);
		else if (is_profile_file(argv[i]))
			rc |= edit_file(&t, &ws, argv[i]);
		else
			rc |= edit_profile(&t, &ws, argv[i]);
	}
	if (!t.runtime && !rc)
		rc = pp_ws_commit(&ws, stdout);
	pp_ws_free(&ws);
	return rc;
}
