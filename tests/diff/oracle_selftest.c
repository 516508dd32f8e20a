// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The oracle checked by hand: known AppArmor glob/path verdicts and merge
 * results. If the oracle were wrong, the differential test would blame
 * the compiler for it.
 */
#include <stdio.h>
#include <string.h>

#include "oracle.h"

struct verdict {
	const char *glob, *path;
	int match;
};

static const struct verdict verdicts[] = {
	{ "/tmp/*", "/tmp/a", 1 },
	{ "/tmp/*", "/tmp/", 0 },
	{ "/tmp/*", "/tmp/a/b", 0 },
	{ "/tmp/**", "/tmp/a/b", 1 },
	{ "/tmp/**", "/tmp/", 0 },
	{ "/tmp/**", "/tmp//", 0 },
	{ "/tmp/**", "/tmp/a/", 1 },
	{ "/tmp/*/", "/tmp//", 0 },
	{ "/tmp/*/", "/tmp/x/", 1 },
	{ "/tmp/*bar", "/tmp/bar", 1 },
	{ "/*/foo", "//foo", 0 },
	{ "/tmp/***", "/tmp/a/b", 1 },
	{ "/a*", "/a", 1 },
	{ "/a*", "/ab/c", 0 },
	{ "/a**", "/ab/c", 1 },
	{ "/?", "/a", 1 },
	{ "/?", "//", 0 },
	{ "/?", "/ab", 0 },
	{ "/[abc]", "/b", 1 },
	{ "/[a-c]x", "/cx", 1 },
	{ "/[^a]", "/a", 0 },
	{ "/[^a]", "//", 1 },
	{ "/[\\]]", "/]", 1 },
	{ "/[-a]", "/-", 1 },
	{ "/{a,b,,c}x", "/x", 1 },
	{ "/{a,b,,c}x", "/bx", 1 },
	{ "/{a,{b,c}d}", "/cd", 1 },
	{ "/{a,{b,c}d}", "/c", 0 },
	{ "/{usr/,}bin/*", "/usr/bin/ls", 1 },
	{ "/{usr/,}bin/*", "/bin/ls", 1 },
	{ "/a\\*", "/a*", 1 },
	{ "/a\\*", "/ab", 0 },
	{ "/a\\{b", "/a{b", 1 },
	{ "/a.b", "/axb", 0 },
	{ "/a+b(x)|$^", "/a+b(x)|$^", 1 },
	{ "/\xc3\xa9", "/\xc3\xa9", 1 },
	{ "/?", "/\xc3\xa9", 0 }, /* no UTF-8: ? is one byte */
	{ "/??", "/\xc3\xa9", 1 },
	{ "/usr//lib", "/usr/lib", 1 },
	{ "/usr//lib", "/usr//lib", 0 },
	{ "/a,b", "/a,b", 1 },
	{ "/**", "/", 0 },
	{ "/**", "/a", 1 },
	{ "/*", "/", 0 },
	{ "/", "/", 1 },
	{ "/a", "/a\n", 0 },
	{ "/a*", "/a\n", 1 },
};

static int check_verdicts(void)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		const struct verdict *v = &verdicts[i];
		struct dfa_rule r = { .glob = v->glob, .perms = PP_PERM_READ };
		struct oracle o;
		char msg[256];

		if (oracle_init(&o, &r, 1, msg, sizeof(msg)) < 0) {
			printf("not ok: %s: %s\n", v->glob, msg);
			bad++;
			continue;
		}
		int m = oracle_rule_matches(&o, 0, v->path, strlen(v->path));

		if (m != v->match) {
			printf("not ok: glob %s path %s: got %d want %d (pcre %s)\n",
			       v->glob, v->path, m, v->match, o.r[0].pattern);
			bad++;
		}
		oracle_free(&o);
	}
	return bad;
}

/*
 * Paths of 4096 bytes on which backtracking blows PCRE2's match limit, so
 * the oracle falls back to pcre2_dfa_match(). That matcher ignores
 * PCRE2_ENDANCHORED: the first glob below once "matched" the long path
 * "/x/aaaaaaa..." through its prefix "/x" (diff-pcre2 seed
 * 1795698286074563, set 447).
 */
struct long_verdict {
	const char *glob, *head, *tail;
	int match;
};

static const struct long_verdict long_verdicts[] = {
	{ "/**{**,**}x", "/x", "", 0 },
	{ "/**{**,**}x", "/x", "x", 1 },
	{ "/**{**,**}/x", "//x", "", 0 },
	{ "/**{**,**}/x", "//x", "/x", 1 },
};

/* head, then "/aaaaaaa" pieces, then tail, 4096 bytes in all. */
static size_t long_path(const struct long_verdict *v, char *buf, size_t size)
{
	size_t n = strlen(v->head), t = strlen(v->tail);

	memcpy(buf, v->head, n);
	for (; n < size - t; n++)
		buf[n] = n % 8 == 0 ? '/' : 'a';
	memcpy(buf + n, v->tail, t);
	return n + t;
}

static int check_long_paths(void)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(long_verdicts) / sizeof(long_verdicts[0]); i++) {
		const struct long_verdict *v = &long_verdicts[i];
		struct dfa_rule r = { .glob = v->glob, .perms = PP_PERM_READ };
		static char path[4096];
		size_t len = long_path(v, path, sizeof(path));
		struct oracle o;
		char msg[256];

		if (oracle_init(&o, &r, 1, msg, sizeof(msg)) < 0) {
			printf("not ok: %s: %s\n", v->glob, msg);
			bad++;
			continue;
		}
		int m = oracle_rule_matches(&o, 0, path, len);

		if (m != v->match) {
			printf("not ok: glob %s long path %s...%s: got %d want %d\n",
			       v->glob, v->head, v->tail, m, v->match);
			bad++;
		}
		oracle_free(&o);
	}
	return bad;
}

static const char *const rejected[] = {
	"/{a}", "/{}", "/a{b", "/a}", "/[abc", "/a\\", "/[]", "/a]",
};

static int check_rejected(void)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++) {
		struct dfa_rule r = { .glob = rejected[i], .perms = PP_PERM_READ };
		struct oracle o;
		char msg[256];

		if (oracle_init(&o, &r, 1, msg, sizeof(msg)) == 0) {
			printf("not ok: %s accepted\n", rejected[i]);
			oracle_free(&o);
			bad++;
		}
	}
	return bad;
}

/* Merge: deny beats allow, quiet unless audited, owner rules stay in half 0,
 * exact exec rules beat globbed ones. */
static int check_merge(void)
{
	const struct dfa_rule rules[] = {
		{ .glob = "/bin/*", .perms = PP_PERM_READ | PP_PERM_EXEC,
		  .xmode = PP_X_PROFILE, .xindex = PP_XINDEX_NONE },
		{ .glob = "/bin/sh", .perms = PP_PERM_EXEC, .xmode = PP_X_INHERIT,
		  .xindex = PP_XINDEX_NONE },
		{ .glob = "/bin/s?", .perms = PP_PERM_WRITE, .deny = 1,
		  .xindex = PP_XINDEX_NONE },
		{ .glob = "/bin/**", .perms = PP_PERM_LOCK, .owner = 1, .audit = 1,
		  .xindex = PP_XINDEX_NONE },
		{ .glob = "/bin/ls", .perms = PP_PERM_EXEC, .deny = 1, .audit = 1,
		  .xindex = PP_XINDEX_NONE },
	};
	struct oracle o;
	struct pp_perms p;
	bool conflict;
	char msg[256];
	int bad = 0;

	if (oracle_init(&o, rules, 5, msg, sizeof(msg)) < 0) {
		printf("not ok: merge rules: %s\n", msg);
		return 1;
	}
	oracle_eval(&o, "/bin/sh", 7, &p, &conflict);
	bad += conflict;
	bad += p.half[PP_OWNER].allow != (PP_PERM_READ | PP_PERM_EXEC | PP_PERM_LOCK);
	bad += p.half[PP_OTHER].allow != (PP_PERM_READ | PP_PERM_EXEC);
	bad += p.half[PP_OWNER].deny != PP_PERM_WRITE || p.half[PP_OWNER].quiet != PP_PERM_WRITE;
	bad += p.half[PP_OWNER].audit != PP_PERM_LOCK || p.half[PP_OTHER].audit != 0;
	bad += p.half[PP_OWNER].xmode != PP_X_INHERIT || p.half[PP_OTHER].xmode != PP_X_INHERIT;
	oracle_eval(&o, "/bin/ls", 7, &p, &conflict);
	bad += p.half[PP_OTHER].xmode != PP_X_NONE || p.half[PP_OTHER].xindex != PP_XINDEX_NONE;
	bad += p.half[PP_OTHER].audit != PP_PERM_EXEC || p.half[PP_OTHER].deny != PP_PERM_EXEC;
	oracle_eval(&o, "/bin/cat", 8, &p, &conflict);
	bad += p.half[PP_OTHER].xmode != PP_X_PROFILE;
	oracle_eval(&o, "/etc", 4, &p, &conflict);
	bad += p.half[PP_OTHER].xindex != 0 || p.half[PP_OTHER].allow != 0;
	oracle_free(&o);

	const struct dfa_rule clash[] = {
		{ .glob = "/bin/*", .perms = PP_PERM_EXEC, .xmode = PP_X_PROFILE,
		  .xindex = PP_XINDEX_NONE },
		{ .glob = "/bin/{a,b}", .perms = PP_PERM_EXEC, .xmode = PP_X_INHERIT,
		  .xindex = PP_XINDEX_NONE },
	};
	oracle_init(&o, clash, 2, msg, sizeof(msg));
	oracle_eval(&o, "/bin/a", 6, &p, &conflict); /* {a,b} is exact: wins */
	bad += conflict || p.half[PP_OTHER].xmode != PP_X_INHERIT;
	oracle_eval(&o, "/bin/c", 6, &p, &conflict);
	bad += conflict || p.half[PP_OTHER].xmode != PP_X_PROFILE;
	oracle_free(&o);

	const struct dfa_rule both_exact[] = {
		{ .glob = "/bin/{a,b}", .perms = PP_PERM_EXEC, .xmode = PP_X_INHERIT,
		  .xindex = PP_XINDEX_NONE },
		{ .glob = "/bin/a", .perms = PP_PERM_EXEC, .xmode = PP_X_PROFILE,
		  .xindex = PP_XINDEX_NONE },
	};
	oracle_init(&o, both_exact, 2, msg, sizeof(msg));
	oracle_eval(&o, "/bin/a", 6, &p, &conflict);
	bad += !conflict;
	oracle_eval(&o, "/bin/b", 6, &p, &conflict);
	bad += conflict;
	oracle_free(&o);
	if (bad)
		printf("not ok: merge (%d wrong fields)\n", bad);
	return bad;
}

int main(void)
{
	int bad = check_verdicts() + check_long_paths() + check_rejected() +
		  check_merge();

	printf("oracle self-test: %s\n", bad ? "FAIL" : "ok");
	return bad ? 1 : 0;
}
