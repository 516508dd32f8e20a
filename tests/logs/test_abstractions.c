// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Abstraction coverage with the real parser and DFA on profiles/: what an
 * abstraction grants, what it does not, and the proposal that offers the
 * include first when it covers an event.
 *   test_abstractions PROFILES_DIR
 */
#include <stdio.h>
#include <string.h>
#include "abstractions.h"
#include "propose.h"

static int failures;

static void expect(bool got, bool want, const char *what)
{
	printf("%s - %s\n", got == want ? "ok" : "not ok", what);
	failures += got != want;
}

static int index_of(struct pp_abstractions *a, const char *name)
{
	for (size_t i = 0; i < pp_abstractions_count(a); i++)
		if (!strcmp(pp_abstractions_names(a)[i], name))
			return (int)i;
	return -1;
}

static bool covers(struct pp_abstractions *a, const char *abs, const char *path,
		   uint32_t perms, bool owner)
{
	int i = index_of(a, abs);

	return i >= 0 && pp_abstractions_cover((size_t)i, path, perms, owner, a);
}

static void proposal_offers_include(struct pp_abstractions *a)
{
	static const char line[] =
		"apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/bin/x\" "
		"name=\"/etc/passwd\" pid=1 comm=\"x\" requested_mask=\"r\" "
		"denied_mask=\"r\" fsuid=1000 ouid=0";
	struct pp_event_list list = { 0 };
	struct pp_proposals props = { 0 };
	struct pp_propose_opts o = {
		.abs_names = pp_abstractions_names(a),
		.nabs = pp_abstractions_count(a),
		.abs_covers = pp_abstractions_cover, .arg = a,
	};
	FILE *f = fmemopen((void *)line, sizeof(line) - 1, "r");

	pp_log_read_stream(f, "mem", NULL, &list);
	fclose(f);
	expect(pp_propose(&list, &o, &props) == 0 && props.n == 1, true,
	       "one proposal for /etc/passwd");
	expect(props.n == 1 && props.v[0].nalts >= 2 &&
	       !strcmp(props.v[0].alts[0], "include <abstractions/nameservice>") &&
	       !strcmp(props.v[0].alts[props.v[0].nalts - 1], "/etc/passwd r,"),
	       true, "include <abstractions/nameservice> first, the rule after");
	pp_proposals_free(&props);
	pp_event_list_free(&list);
}

int main(int argc, char **argv)
{
	const char *dirs[1];
	struct pp_abstractions *a;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PROFILES_DIR\n", argv[0]);
		return 2;
	}
	dirs[0] = argv[1];
	a = pp_abstractions_open(dirs, 1, NULL, 0);
	expect(a && index_of(a, "base") == 0, true, "abstractions found, base first");
	if (!a)
		return 1;
	expect(covers(a, "base", "/dev/null", PP_PERM_READ | PP_PERM_WRITE, false),
	       true, "base grants /dev/null rw");
	expect(covers(a, "base", "/etc/shadow", PP_PERM_READ, false), false,
	       "base does not grant /etc/shadow r");
	expect(covers(a, "nameservice", "/etc/passwd", PP_PERM_READ, false), true,
	       "nameservice grants /etc/passwd r");
	expect(covers(a, "nameservice", "/etc/passwd", PP_PERM_WRITE, false), false,
	       "nameservice does not grant /etc/passwd w");
	expect(covers(a, "consoles", "/dev/pts/3", PP_PERM_READ | PP_PERM_WRITE, false),
	       true, "consoles grants /dev/pts/3 rw");
	expect(covers(a, "no-such", "/dev/null", PP_PERM_READ, false), false,
	       "a missing abstraction covers nothing");
	proposal_offers_include(a);
	pp_abstractions_close(a);
	return failures != 0;
}
