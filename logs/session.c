// SPDX-License-Identifier: GPL-2.0 OR MIT
/* One pass of pp-genprof / pp-logprof: logs -> proposals -> edits. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pp_config.h"
#include <unistd.h>
#include "abstractions.h"
#include "allowed.h"
#include "ask.h"
#include "profedit.h"
#include "session.h"

/* Where the kernel's lines usually are when no --log is given. */
static const char *const default_logs[] = {
	"/var/log/audit/audit.log", "/var/log/kern.log", "/var/log/syslog",
	"/var/log/messages",
};

static int read_default_logs(const struct pp_session_opts *o,
			     struct pp_event_list *list)
{
	FILE *p;
	int rc;

	for (size_t i = 0; i < sizeof(default_logs) / sizeof(*default_logs); i++)
		if (access(default_logs[i], R_OK) == 0)
			return pp_log_read_file(default_logs[i], o->since, list);
	p = popen("dmesg 2>/dev/null", "r");
	if (!p)
		return -1;
	rc = pp_log_read_stream(p, "dmesg", o->since, list);
	pclose(p);
	return rc;
}

static int read_logs(const struct pp_session_opts *o, struct pp_event_list *list)
{
	if (!o->nlogs) {
		if (read_default_logs(o, list)) {
			fprintf(stderr, "%s: cannot read the system log: %s "
				"(use --log FILE)\n", o->prog, strerror(errno));
			return 1;
		}
	}
	for (size_t i = 0; i < o->nlogs; i++)
		if (pp_log_read_file(o->logs[i], o->since, list)) {
			fprintf(stderr, "%s: %s: %s\n", o->prog, o->logs[i],
				strerror(errno));
			return 1;
		}
	if (list->nbad)
		fprintf(stderr, "%s: %zu log line(s) look like policy events but "
			"do not parse%s\n", o->prog, list->nbad,
			o->verbose ? ":" : " (-v shows them)");
	for (size_t i = 0; o->verbose && i < list->nbad; i++)
		fprintf(stderr, "  %s:%lu: %s: %s\n", list->bad[i].source,
			list->bad[i].line_no, list->bad[i].why, list->bad[i].text);
	return 0;
}

struct exists_ctx {
	struct pp_workspace *ws;
	struct pp_abstractions *abs;
	struct pp_allowed *allowed;
};

/* px is offered when the target has a profile file or a loaded profile. */
static bool profile_exists(const char *program, void *arg)
{
	struct exists_ctx *c = arg;
	const char *fs = c->ws->o->policy_fs ? c->ws->o->policy_fs
					     : "/sys/kernel/security/pathprof";
	char *path, *line = NULL;
	size_t cap = 0, len = strlen(program);
	bool found = false;
	FILE *f;

	if (pp_ws_find_profile(c->ws, program))
		return true;
	if (asprintf(&path, "%s/profiles", fs) < 0)
		return false;
	f = fopen(path, "r");
	free(path);
	while (f && !found && getline(&line, &cap, f) > 0)
		found = !strncmp(line, program, len) && line[len] == ' ';
	free(line);
	if (f)
		fclose(f);
	return found;
}

static bool already_allowed(const struct pp_event *ev, void *arg)
{
	struct exists_ctx *c = arg;

	return pp_allowed_check(c->allowed, ev);
}

static bool covers(size_t i, const char *path, uint32_t perms, bool owner,
		   void *arg)
{
	struct exists_ctx *c = arg;

	return pp_abstractions_cover(i, path, perms, owner, c->abs);
}

/* Apply the plan blocks of one top-level profile to its file. */
static int apply_profile(struct pp_workspace *ws, const struct pp_plan *plan,
			 size_t first, size_t *nchanges)
{
	const char *name = plan->v[first].profile;
	struct pp_ws_file *f = pp_ws_find_profile(ws, name);
	struct pp_block_add adds[64];
	size_t n = 0;
	char why[256], *text;

	if (!f) {
		char *path = pp_ws_new_path(ws, name);
		char *skel = pp_profile_skeleton(name);

		f = path && skel ? pp_ws_add(ws, path, NULL, skel) : NULL;
		free(path);
		free(skel);
		if (!f)
			return 1;
	}
	for (size_t i = first; i < plan->n && n < 64; i++)
		if (!strcmp(plan->v[i].profile, name)) {
			adds[n++] = plan->v[i];
			*nchanges += plan->v[i].n;
		}
	text = pp_profile_insert(f->text, strlen(f->text), adds, n, why, sizeof(why));
	if (!text) {
		fprintf(stderr, "%s: %s: %s\n", ws->o->prog, f->path, why);
		return 1;
	}
	pp_ws_set(f, text);
	return 0;
}

static int apply_plan(struct pp_workspace *ws, const struct pp_plan *plan,
		      size_t *nchanges)
{
	for (size_t i = 0; i < plan->n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(plan->v[j].profile, plan->v[i].profile);
		if (!seen && apply_profile(ws, plan, i, nchanges))
			return 1;
	}
	return 0;
}

static struct pp_abstractions *open_abstractions(const struct pp_session_opts *o)
{
	const char **dirs = calloc(o->ninclude + 4, sizeof(*dirs));
	struct pp_abstractions *a;
	size_t n = 0;

	if (!dirs)
		return NULL;
	for (size_t i = 0; i < o->ninclude; i++)
		dirs[n++] = o->include_dirs[i];
	dirs[n++] = o->profile_dir;
	dirs[n++] = PP_PROFILES_DIR; /* our abstractions before AppArmor's */
	dirs[n++] = "/etc/apparmor.d";
	a = pp_abstractions_open(dirs, n, NULL, 0);
	free(dirs);
	return a;
}

int pp_session_pass(struct pp_workspace *ws, FILE *in, FILE *out,
		    size_t *nchanges)
{
	const struct pp_session_opts *o = ws->o;
	struct pp_event_list list = { 0 };
	struct pp_proposals props = { 0 };
	struct pp_plan plan = { 0 };
	struct exists_ctx ctx = { .ws = ws };
	struct pp_propose_opts popts = {
		.allow_ux = o->allow_ux, .only_profile = o->only_profile,
		.profile_exists = profile_exists, .abs_covers = covers,
		.allowed = already_allowed, .arg = &ctx,
	};
	int rc = 1;

	*nchanges = 0;
	if (read_logs(o, &list))
		goto out;
	ctx.abs = open_abstractions(o);
	ctx.allowed = pp_allowed_new(ws);
	if (ctx.abs) {
		popts.abs_names = pp_abstractions_names(ctx.abs);
		popts.nabs = pp_abstractions_count(ctx.abs);
	}
	if (pp_propose(&list, &popts, &props))
		goto oom;
	if (o->verbose || o->interactive)
		fprintf(o->interactive ? out : stderr,
			"%s: %zu event(s), %zu proposal(s)%s\n", o->prog, list.n,
			props.n, props.other_events ?
			" (events of rule classes pathprof does not enforce skipped)" : "");
	if (o->interactive)
		pp_ask(&props, in, out);
	else
		pp_proposals_auto(&props);
	if (pp_plan_build(&props, &popts, &plan))
		goto oom;
	rc = apply_plan(ws, &plan, nchanges);
	goto out;
oom:
	fprintf(stderr, "%s: out of memory\n", o->prog);
out:
	pp_abstractions_close(ctx.abs);
	pp_allowed_free(ctx.allowed);
	pp_plan_free(&plan);
	pp_proposals_free(&props);
	pp_event_list_free(&list);
	return rc;
}
