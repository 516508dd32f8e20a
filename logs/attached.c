// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Which existing profile attaches to a program (session.h).
 *
 * pp-genprof names a new skeleton after the program's path, but users
 * arrive with profiles named otherwise ("profile foo /usr/bin/foo").
 * Like aa-genprof, reuse such a profile instead of writing a second one
 * with the same attachment (which the kernel would refuse as a tie): its
 * events carry its name, not the program's path.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "blob_write.h"
#include "dfa.h"
#include "parser.h"
#include "pp_config.h"
#include "session.h"

static bool attach_matches(const char *attach, const char *program)
{
	struct dfa_rule r = { .glob = attach, .perms = PP_PERM_EXEC,
			      .xindex = PP_XINDEX_NONE };
	struct dfa_error err;
	struct dfa *d = dfa_compile(&r, 1, &err, NULL);
	bool hit;

	if (!d)
		return false;
	hit = dfa_lookup(d, program, strlen(program))->half[PP_OTHER].allow != 0;
	dfa_free(d);
	return hit;
}

/*
 * Look at the top-level profiles of the file at path: a profile named
 * program wins outright; otherwise the most specific attachment that
 * matches program, as the kernel chooses (blob_attach_score).
 */
static void attached_in(const char *path, const char *program,
			const struct pp_parse_opts *opts, char **best, uint64_t *best_score)
{
	struct pp_diag diag;
	struct pp_policy *pol = pp_policy_parse_file(path, opts, &diag);

	if (!pol)
		return; /* not ours to report: this file is not edited */
	for (size_t i = 0; i < pol->nprofiles; i++) {
		const struct pp_profile *p = &pol->profiles[i];
		uint64_t score;
		char *name;

		if (p->parent >= 0)
			continue;
		if (!strcmp(p->name, program))
			score = UINT64_MAX;
		else if (p->attach && attach_matches(p->attach, program))
			score = blob_attach_score(p->attach);
		else
			continue;
		if (*best && score <= *best_score)
			continue;
		name = strdup(p->name);
		if (!name)
			continue;
		free(*best);
		*best = name;
		*best_score = score;
	}
	pp_policy_free(pol);
}

char *pp_ws_attached_profile(struct pp_workspace *ws, const char *program)
{
	const struct pp_session_opts *o = ws->o;
	const char **dirs = calloc(o->ninclude + 3, sizeof(*dirs));
	struct pp_parse_opts opts = { .include_dirs = dirs };
	char *name = NULL;
	uint64_t score = 0;
	struct dirent *de;
	DIR *d;

	if (!dirs)
		return NULL;
	for (size_t i = 0; i < o->ninclude; i++)
		dirs[opts.n_include_dirs++] = o->include_dirs[i];
	dirs[opts.n_include_dirs++] = o->profile_dir;
	dirs[opts.n_include_dirs++] = PP_PROFILES_DIR;
	dirs[opts.n_include_dirs++] = "/etc/apparmor.d";
	d = opendir(o->profile_dir);
	while (d && score != UINT64_MAX && (de = readdir(d))) {
		char *path;
		struct stat st;

		if (!pp_ws_profile_file_name(de->d_name) || asprintf(&path, "%s/%s", o->profile_dir,
						     de->d_name) < 0)
			continue;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			attached_in(path, program, &opts, &name, &score);
		free(path);
	}
	if (d)
		closedir(d);
	free(dirs);
	return name;
}
