// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Events -> proposals with numbered alternatives (see propose.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "propose.h"

/* Programs that run inside the caller's confinement (ix). */
static const char *const inherit_programs[] = {
	"sh", "bash", "dash", "zsh", "ksh", "busybox",
	"cat", "ls", "cp", "mv", "rm", "ln", "mkdir", "rmdir", "touch",
	"chmod", "chown", "head", "tail", "sort", "uniq", "wc", "tr", "cut",
	"date", "echo", "env", "basename", "dirname", "readlink", "realpath",
	"stat", "sleep", "true", "false", "test", "[", "expr", "printf", "id",
	"uname", "tee", "seq", "mktemp", "sed", "grep", "egrep", "fgrep",
	"awk", "gawk", "mawk", "find", "xargs", "which", "tput", "stty",
	"whoami", "hostname", "nproc", "getconf", "cmp", "diff", "md5sum",
	"sha256sum", "od", "base64", "gzip", "gunzip", "zcat", "tar", "less",
	"more", "pager", "install", "sync", "df", "du", "nice", "timeout",
};

static bool is_inherit_program(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	for (size_t i = 0; i < sizeof(inherit_programs) / sizeof(*inherit_programs); i++)
		if (!strcmp(base, inherit_programs[i]))
			return true;
	return false;
}

/* Private helpers of a package: run them in a child profile (cx). */
static bool is_helper_program(const char *path)
{
	return !strncmp(path, "/usr/lib/", 9) || !strncmp(path, "/usr/libexec/", 13) ||
	       !strncmp(path, "/lib/", 5) || !strncmp(path, "/usr/lib64/", 11) ||
	       !strncmp(path, "/usr/local/lib/", 15);
}

/* owner qualifies paths in per-user or per-process places. */
static bool owner_place(const char *path)
{
	static const char *const places[] = {
		"/home/", "/root/", "/tmp/", "/var/tmp/", "/run/user/",
		"/dev/shm/", "/proc/",
	};

	for (size_t i = 0; i < sizeof(places) / sizeof(*places); i++)
		if (!strncmp(path, places[i], strlen(places[i])))
			return true;
	return false;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static struct pp_prop *find_prop(struct pp_proposals *p, enum pp_prop_kind kind,
				 const char *profile, const char *child,
				 const char *key)
{
	for (size_t i = 0; i < p->n; i++) {
		struct pp_prop *q = &p->v[i];

		if (q->kind == kind && !strcmp(q->profile, profile) &&
		    same(q->child, child) && !strcmp(q->key, key))
			return q;
	}
	return NULL;
}

static struct pp_prop *add_prop(struct pp_proposals *p, enum pp_prop_kind kind,
				const struct pp_event *ev, const char *subject,
				const char *key)
{
	struct pp_prop *q = find_prop(p, kind, ev->parent, ev->child, key);

	if (q) {
		q->nevents++;
		return q;
	}
	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 32;
		struct pp_prop *nv = realloc(p->v, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		p->v = nv;
		p->cap = ncap;
	}
	q = &p->v[p->n];
	memset(q, 0, sizeof(*q));
	q->kind = kind;
	q->owner = true;
	q->nevents = 1;
	q->choice = PP_CHOICE_NONE;
	q->profile = strdup(ev->parent);
	q->child = ev->child ? strdup(ev->child) : NULL;
	q->subject = strdup(subject);
	q->key = strdup(key);
	if (!q->profile || !q->subject || !q->key || (ev->child && !q->child)) {
		free(q->profile);
		free(q->child);
		free(q->subject);
		free(q->key);
		return NULL;
	}
	p->n++;
	return q;
}

/* The key a file event merges under: its primary glob. */
static char *file_key(const struct pp_event *ev)
{
	char *alts[PP_PROP_MAX_ALTS];
	size_t n = pp_glob_alternatives(ev->path, ev->requested | ev->denied,
					alts, PP_PROP_MAX_ALTS);

	for (size_t i = 1; i < n; i++)
		free(alts[i]);
	return n ? alts[0] : NULL;
}

static int take_event(struct pp_proposals *p, const struct pp_event *ev)
{
	struct pp_prop *q = NULL;
	char subject[256], *key;
	uint32_t perms = ev->requested | ev->denied;

	switch (ev->kind) {
	case PP_EV_EXEC:
		q = add_prop(p, PP_PROP_EXEC, ev, ev->path, ev->path);
		perms &= ~(uint32_t)PP_PERM_EXEC;
		if (q && perms) /* "rx" on the binary: the r part is a file rule */
			break;
		return q ? 0 : -1;
	case PP_EV_FILE:
		break;
	case PP_EV_CAPABILITY:
		if (ev->capname)
			snprintf(subject, sizeof(subject), "%s", ev->capname);
		else
			snprintf(subject, sizeof(subject), "%d", ev->capability);
		return add_prop(p, PP_PROP_CAP, ev, subject, subject) ? 0 : -1;
	case PP_EV_NETWORK:
		snprintf(subject, sizeof(subject), "%s%s%s",
			 ev->family ? ev->family : "",
			 ev->sock_type && ev->family ? " " : "",
			 ev->sock_type && ev->family ? ev->sock_type : "");
		if (!*subject) {
			p->other_events++;
			return 0;
		}
		return add_prop(p, PP_PROP_NET, ev, subject, subject) ? 0 : -1;
	case PP_EV_OTHER:
		p->other_events++;
		return 0;
	}
	key = file_key(ev);
	if (!key)
		return -1;
	q = add_prop(p, PP_PROP_FILE, ev, ev->path, key);
	free(key);
	if (!q)
		return -1;
	q->perms |= perms & ~(uint32_t)PP_PERM_EXEC;
	q->owner &= ev->owner;
	return 0;
}

static int push_alt(struct pp_prop *q, char *text)
{
	if (!text)
		return -1;
	for (size_t i = 0; i < q->nalts; i++)
		if (!strcmp(q->alts[i], text)) {
			free(text);
			return 0;
		}
	if (q->nalts == PP_PROP_MAX_ALTS) {
		free(text);
		return 0;
	}
	q->alts[q->nalts++] = text;
	return 0;
}

static char *rule_text(const char *pattern, bool owner, const char *perms)
{
	char *out;
	bool quote = strpbrk(pattern, " \t") != NULL;

	if (asprintf(&out, "%s%s%s%s %s,", owner ? "owner " : "",
		     quote ? "\"" : "", pattern, quote ? "\"" : "", perms) < 0)
		return NULL;
	return out;
}

/*
 * Abstractions an author includes without a second thought; any other
 * one that covers a rule is offered after the rules themselves, so that
 * --auto never pulls in, say, a desktop helper's abstraction for /tmp.
 */
static bool common_abstraction(const char *name)
{
	static const char *const common[] = {
		"base", "nameservice", "consoles", "user-tmp", "fonts",
		"ssl_certs", "openssl", "bash", "python", "perl", "X", "audio",
		"freedesktop.org", "mesa", "ld",
	};

	for (size_t i = 0; i < sizeof(common) / sizeof(*common); i++)
		if (!strcmp(name, common[i]))
			return true;
	return false;
}

static int include_alts(struct pp_prop *q, const struct pp_propose_opts *o,
			bool common)
{
	char *inc;
	int rc = 0;

	for (size_t a = 0; a < o->nabs; a++) {
		if (common_abstraction(o->abs_names[a]) != common || !o->abs_covers ||
		    !o->abs_covers(a, q->subject, q->perms, q->owner, o->arg))
			continue;
		if (asprintf(&inc, "include <abstractions/%s>", o->abs_names[a]) < 0)
			return -1;
		rc |= push_alt(q, inc);
	}
	return rc;
}

static int file_alts(struct pp_prop *q, const struct pp_propose_opts *o)
{
	char *globs[PP_PROP_MAX_ALTS], perms[16];
	size_t n;
	bool owner = q->owner && owner_place(q->subject);
	int rc;

	q->owner = owner; /* what the rule will say, and the half it needs */
	rc = include_alts(q, o, true);
	pp_rule_perms(q->perms, NULL, perms, sizeof(perms));
	n = pp_glob_alternatives(q->subject, q->perms, globs, PP_PROP_MAX_ALTS);
	for (size_t i = 0; i < n; i++) {
		rc |= push_alt(q, rule_text(globs[i], owner, perms));
		free(globs[i]);
	}
	return rc | include_alts(q, o, false);
}

static int exec_alts(struct pp_prop *q, const struct pp_propose_opts *o)
{
	const char *order[4];
	size_t n = 0;
	char *text;
	int rc = 0;

	/* executables are named exactly: never glob what runs */
	if (o->profile_exists && o->profile_exists(q->subject, o->arg))
		order[n++] = "px";
	if (is_inherit_program(q->subject) || !is_helper_program(q->subject)) {
		order[n++] = "ix";
		order[n++] = "cx";
	} else {
		order[n++] = "cx";
		order[n++] = "ix";
	}
	if (o->allow_ux)
		order[n++] = "ux";
	for (size_t i = 0; i < n; i++) {
		bool quote = strpbrk(q->subject, " \t") != NULL;

		if (asprintf(&text, "%s%s%s %s,", quote ? "\"" : "", q->subject,
			     quote ? "\"" : "", order[i]) < 0)
			return -1;
		rc |= push_alt(q, text);
	}
	return rc;
}

static int make_alts(struct pp_prop *q, const struct pp_propose_opts *o)
{
	char *text;

	switch (q->kind) {
	case PP_PROP_FILE:
		return file_alts(q, o);
	case PP_PROP_EXEC:
		return exec_alts(q, o);
	case PP_PROP_CAP:
		if (asprintf(&text, "capability %s,", q->subject) < 0)
			return -1;
		return push_alt(q, text);
	case PP_PROP_NET:
		if (asprintf(&text, "network %s,", q->subject) < 0)
			return -1;
		if (push_alt(q, text))
			return -1;
		if (strchr(q->subject, ' ')) {
			if (asprintf(&text, "network %.*s,",
				     (int)strcspn(q->subject, " "), q->subject) < 0)
				return -1;
			return push_alt(q, text);
		}
		return 0;
	}
	return 0;
}

static int cmp_prop(const void *a, const void *b)
{
	const struct pp_prop *x = a, *y = b;
	int c = strcmp(x->profile, y->profile);

	if (c)
		return c;
	if (!same(x->child, y->child))
		return !x->child ? -1 : !y->child ? 1 : strcmp(x->child, y->child);
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return strcmp(x->subject, y->subject);
}

int pp_propose(const struct pp_event_list *events,
	       const struct pp_propose_opts *opts, struct pp_proposals *out)
{
	for (size_t i = 0; i < events->n; i++) {
		const struct pp_event *ev = &events->ev[i];

		if (ev->mode == PP_EVM_AUDIT) /* already allowed */
			continue;
		if (!strcmp(ev->parent, "unconfined") ||
		    (opts->only_profile && strcmp(ev->parent, opts->only_profile)) ||
		    (opts->allowed && opts->allowed(ev, opts->arg)))
			continue;
		if (take_event(out, ev))
			return -1;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_prop);
	for (size_t i = 0; i < out->n; i++)
		if (make_alts(&out->v[i], opts))
			return -1;
	return 0;
}

void pp_proposals_auto(struct pp_proposals *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].choice == PP_CHOICE_NONE && p->v[i].nalts)
			p->v[i].choice = 0;
}

void pp_proposals_free(struct pp_proposals *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].profile);
		free(p->v[i].child);
		free(p->v[i].subject);
		free(p->v[i].key);
		for (size_t a = 0; a < p->v[i].nalts; a++)
			free(p->v[i].alts[a]);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}
