// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Event already allowed by the current profile text (allowed.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pp_config.h"
#include "allowed.h"
#include "parser.h"

struct entry {
	const struct pp_ws_file *file;
	char *text;               /* the text that was parsed */
	struct pp_policy *pol;
	struct dfa **dfas;        /* per profile, compiled lazily */
	bool *tried;
};

struct pp_allowed {
	struct pp_workspace *ws;
	struct entry *v;
	size_t n;
	const char **dirs;
};

struct pp_allowed *pp_allowed_new(struct pp_workspace *ws)
{
	struct pp_allowed *a = calloc(1, sizeof(*a));
	const struct pp_session_opts *o = ws->o;
	size_t n = 0;

	if (!a)
		return NULL;
	a->ws = ws;
	a->dirs = calloc(o->ninclude + 4, sizeof(*a->dirs));
	if (!a->dirs) {
		free(a);
		return NULL;
	}
	for (size_t i = 0; i < o->ninclude; i++)
		a->dirs[n++] = o->include_dirs[i];
	a->dirs[n++] = o->profile_dir;
	a->dirs[n++] = PP_PROFILES_DIR;
	a->dirs[n++] = "/etc/apparmor.d";
	return a;
}

static void entry_free(struct entry *e)
{
	for (size_t i = 0; e->pol && i < e->pol->nprofiles; i++)
		dfa_free(e->dfas[i]);
	pp_policy_free(e->pol);
	free(e->dfas);
	free(e->tried);
	free(e->text);
}

void pp_allowed_free(struct pp_allowed *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		entry_free(&a->v[i]);
	free(a->v);
	free(a->dirs);
	free(a);
}

static struct entry *entry_for(struct pp_allowed *a, const struct pp_ws_file *f)
{
	struct pp_parse_opts opts = { .include_dirs = a->dirs,
				      .n_include_dirs = a->ws->o->ninclude + 3 };
	struct pp_diag diag;
	struct entry *e, *nv;

	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].file == f && !strcmp(a->v[i].text, f->text))
			return &a->v[i];
	nv = realloc(a->v, (a->n + 1) * sizeof(*nv));
	if (!nv)
		return NULL;
	a->v = nv;
	e = &a->v[a->n];
	memset(e, 0, sizeof(*e));
	e->file = f;
	e->text = strdup(f->text);
	pp_diag_clear(&diag);
	e->pol = e->text ? pp_policy_parse_string(f->path, e->text,
						   strlen(e->text), &opts, &diag)
			 : NULL;
	if (e->pol) {
		e->dfas = calloc(e->pol->nprofiles + 1, sizeof(*e->dfas));
		e->tried = calloc(e->pol->nprofiles + 1, sizeof(*e->tried));
	}
	a->n++;
	return e;
}

static bool file_allowed(struct entry *e, int idx, const struct pp_event *ev)
{
	const struct pp_profile *p = &e->pol->profiles[idx];
	const struct pp_perms *perms;
	const struct pp_perms_half *h;
	uint32_t need = (ev->requested | ev->denied);

	if (!e->dfas || !ev->path)
		return false;
	if (!e->tried[idx]) {
		struct dfa_error err;

		e->tried[idx] = true;
		e->dfas[idx] = dfa_compile(p->rules, p->nrules, &err, NULL);
	}
	if (!e->dfas[idx])
		return false;
	perms = dfa_lookup(e->dfas[idx], ev->path, strlen(ev->path));
	if (!perms)
		return false;
	h = &perms->half[ev->owner ? PP_OWNER : PP_OTHER];
	if ((need & PP_PERM_EXEC) && !(h->xmode & PP_X_MODE_MASK))
		return false;
	return need && !(need & ~(h->allow & ~h->deny));
}

static bool cap_allowed(const struct pp_profile *p, const struct pp_event *ev)
{
	int cap = ev->capname ? pp_cap_from_name(ev->capname) : ev->capability;

	if (cap < 0 || cap > 255)
		return false;
	return (p->caps[PP_CAP_ALLOW] >> cap & 1) && !(p->caps[PP_CAP_DENY] >> cap & 1);
}

static bool net_allowed(const struct pp_profile *p, const struct pp_event *ev)
{
	int af = ev->family ? pp_net_family_from_name(ev->family) : -1;
	int type = ev->sock_type ? pp_net_type_from_name(ev->sock_type) : -1;
	uint32_t allow, deny;

	if (af < 0 || af >= (int)PP_NET_NFAMILIES || type < 0 || type > 31)
		return false;
	allow = p->net[af].allow;
	deny = p->net[af].deny;
	return (allow >> type & 1) && !(deny >> type & 1);
}

static bool allowed_in(struct pp_allowed *a, const struct pp_event *ev,
		       const char *top, const char *name)
{
	struct pp_ws_file *f = pp_ws_find_profile(a->ws, top);
	struct entry *e = f ? entry_for(a, f) : NULL;
	int idx;

	if (!e || !e->pol)
		return false;
	idx = pp_policy_find(e->pol, name);
	if (idx < 0)
		return false;
	switch (ev->kind) {
	case PP_EV_FILE:
	case PP_EV_EXEC:
		return file_allowed(e, idx, ev);
	case PP_EV_CAPABILITY:
		return cap_allowed(&e->pol->profiles[idx], ev);
	case PP_EV_NETWORK:
		return net_allowed(&e->pol->profiles[idx], ev);
	case PP_EV_OTHER:
		break;
	}
	return false;
}

/*
 * A learning "null-X" child's events are allowed when the profile they
 * were moved to allows them: the parent (ix), child X (cx) or X (px).
 */
bool pp_allowed_check(struct pp_allowed *a, const struct pp_event *ev)
{
	char *child;
	bool ok;

	if (!a)
		return false;
	if (!ev->null_profile)
		return allowed_in(a, ev, ev->parent, ev->profile);
	if (allowed_in(a, ev, ev->parent, ev->parent) ||
	    allowed_in(a, ev, ev->null_exec, ev->null_exec))
		return true;
	if (asprintf(&child, "%s//%s", ev->parent, ev->null_exec) < 0)
		return false;
	ok = allowed_in(a, ev, ev->parent, child);
	free(child);
	return ok;
}
