/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The pp-genprof / pp-logprof / pp-complain workflow: profile files held
 * in a workspace (original and edited text), the log -> proposals ->
 * choices -> edits loop, and the commit that checks every edited file
 * with `pp-parse -Q`, writes it and reloads it with `pp-parse -r`.
 */
#ifndef PATHPROF_LOGS_SESSION_H
#define PATHPROF_LOGS_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PP_PROFILE_DIR_DEFAULT "/etc/pathprof.d"

struct pp_session_opts {
	const char *prog;            /* tool name for messages */
	const char *profile_dir;     /* where profile files live */
	const char *const *logs;     /* --log FILE ("-": stdin) */
	size_t nlogs;
	const char *since;           /* --since MARK */
	const char *only_profile;    /* pp-genprof: this profile only */
	const char *parser;          /* pp-parse to run (NULL: find it) */
	const char *policy_fs;       /* NULL: pp-parse's default */
	const char *const *include_dirs;
	size_t ninclude;
	bool interactive, dry_run, allow_ux, verbose, no_reload;
};

struct pp_ws_file {
	char *path;
	char *orig;       /* NULL for a file that does not exist yet */
	char *text;
	bool reload;      /* reload on commit even when the text is unchanged */
};

struct pp_workspace {
	const struct pp_session_opts *o;
	struct pp_ws_file *v;
	size_t n, cap;
};

/* Whether a directory entry may be a profile file (no backups, dotfiles). */
bool pp_ws_profile_file_name(const char *name);
/* Name of the top-level profile in the profile directory that confines
 * program: the one named program, else the most specific attachment that
 * matches it (malloc'd), or NULL (attached.c). */
char *pp_ws_attached_profile(struct pp_workspace *ws, const char *program);
/* The file holding top-level profile name (loaded into ws), or NULL. */
struct pp_ws_file *pp_ws_find_profile(struct pp_workspace *ws, const char *name);
/* Add a file with text (orig NULL: new). NULL on out of memory. */
struct pp_ws_file *pp_ws_add(struct pp_workspace *ws, const char *path,
			     const char *orig, const char *text);
/* Load an existing file by path. NULL with errno set. */
struct pp_ws_file *pp_ws_load(struct pp_workspace *ws, const char *path);
/* Replace a file's text (takes ownership of text). */
void pp_ws_set(struct pp_ws_file *f, char *text);
/* Where a new profile for name goes: DIR/usr.bin.foo */
char *pp_ws_new_path(const struct pp_workspace *ws, const char *name);

/*
 * Check every changed file with pp-parse -Q; then print them (dry run) or
 * write them and reload them with pp-parse -r. Returns 0, 1 when a check
 * or a reload failed (the message is printed).
 */
int pp_ws_commit(struct pp_workspace *ws, FILE *out);
void pp_ws_free(struct pp_workspace *ws);

/*
 * One log pass: read the logs, propose, ask (interactive) or take the
 * first alternatives, and apply the plan to the workspace. *nchanges is
 * the number of rule lines added. Returns 0, or 1 on error (printed).
 */
int pp_session_pass(struct pp_workspace *ws, FILE *in, FILE *out,
		    size_t *nchanges);

/* Run pp-parse with args (NULL-terminated, after the program name). */
int pp_run_parser(const struct pp_session_opts *o, const char *const *args);
/* Write "NAME MODE" to the policy fs mode file. -1 with err set. */
int pp_runtime_mode(const char *policy_fs, const char *name, const char *mode,
		    char *err, size_t errlen);
/* Absolute path of a program (PATH search, symlinks resolved). */
char *pp_resolve_program(const char *prog);

#endif /* PATHPROF_LOGS_SESSION_H */
