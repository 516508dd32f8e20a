/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * From events to proposed profile rules, the way aa-logprof does it.
 *
 * pp_propose() groups events by profile and child, merges permissions
 * per path and gives each proposal numbered alternatives, most specific
 * safe first (abstraction includes that already cover it come first, as
 * in aa-logprof). The caller (or pp_proposals_auto()) picks one per
 * proposal; pp_plan_build() then turns the choices into the rule lines to
 * add per profile block, dropping what a chosen include already covers and
 * moving the events of learning "null-" profiles where the chosen exec
 * mode sends them (ix: the parent, cx: a child, px: the target's profile).
 */
#ifndef PATHPROF_LOGS_PROPOSE_H
#define PATHPROF_LOGS_PROPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "logparse.h"

enum pp_prop_kind { PP_PROP_EXEC, PP_PROP_FILE, PP_PROP_CAP, PP_PROP_NET };

#define PP_PROP_MAX_ALTS 10

struct pp_prop {
	enum pp_prop_kind kind;
	char *profile;        /* top-level profile name */
	char *child;          /* child/hat ("b//c" nested), NULL for the top */
	char *subject;        /* the concrete path, capability or "inet raw" */
	char *key;            /* what events merge under (files: primary glob) */
	uint32_t perms;       /* PP_PERM_* merged over the events (files) */
	bool owner;           /* every access was to a file the task owns */
	unsigned nevents;
	char *alts[PP_PROP_MAX_ALTS]; /* rule text with ',' or "include <..>" */
	size_t nalts;
	int choice;           /* index into alts, or a PP_CHOICE_* */
	bool deny;            /* write "deny <alt>" */
};
#define PP_CHOICE_NONE (-1)   /* not decided yet */
#define PP_CHOICE_IGNORE (-2) /* dropped this run */

struct pp_propose_opts {
	bool allow_ux; /* offer ux (never otherwise) */
	const char *only_profile; /* NULL, or propose for this profile only */
	/* Is the event already allowed by the profile as it is? May be NULL. */
	bool (*allowed)(const struct pp_event *ev, void *arg);
	/* Does a profile exist for this program (px)? May be NULL. */
	bool (*profile_exists)(const char *program, void *arg);
	/* Abstractions ("base", "nameservice") and whether one grants perms
	 * on path for owner / other. May be NULL / 0. */
	const char *const *abs_names;
	size_t nabs;
	bool (*abs_covers)(size_t abs, const char *path, uint32_t perms,
			   bool owner, void *arg);
	void *arg;
};

struct pp_proposals {
	struct pp_prop *v;
	size_t n, cap;
	unsigned other_events; /* dbus, signal, ...: not proposed */
};

/* Returns 0, or -1 on out of memory. */
int pp_propose(const struct pp_event_list *events,
	       const struct pp_propose_opts *opts, struct pp_proposals *out);
/* An alternative that is an "include <abstractions/...>" line. */
static inline bool pp_alt_is_include(const char *alt)
{
	return alt[0] == 'i' && !__builtin_strncmp(alt, "include ", 8);
}

/* Non-interactive mode: every undecided proposal takes alternative 0. */
void pp_proposals_auto(struct pp_proposals *p);
void pp_proposals_free(struct pp_proposals *p);

/* Rule lines to add to one profile block. */
struct pp_block_add {
	char *profile;
	char *child;          /* NULL: the top-level block */
	char **lines;         /* "include <abstractions/x>" or "rule," */
	size_t n, cap;
};
struct pp_plan {
	struct pp_block_add *v;
	size_t n, cap;
};
int pp_plan_build(const struct pp_proposals *p,
		  const struct pp_propose_opts *opts, struct pp_plan *plan);
void pp_plan_free(struct pp_plan *plan);

/*
 * Glob alternatives for one path (most specific safe first), used by
 * pp_propose; exposed for tests. Returns the number written (<= max),
 * each malloc'd.
 */
size_t pp_glob_alternatives(const char *path, uint32_t perms,
			    char **out, size_t max);
/* AppArmor's "mrwalk" order, then the exec mode ("ix", "Px"...). */
char *pp_rule_perms(uint32_t perms, const char *xmode, char *buf, size_t len);

#endif /* PATHPROF_LOGS_PROPOSE_H */
