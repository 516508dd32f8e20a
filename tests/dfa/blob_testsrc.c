// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Realistic blobs: AppArmor-style rule sets compiled by dfa_compile()
 * (when the build has the compiler: BLOB_TESTSRC_COMPILER), with every
 * profile section filled in. Without the compiler the file DFAs are
 * literal-path tries, so the tests still run on real table shapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob_testsrc.h"
#include "blob_testdfa.h"
#include "blob_write.h"

#define R(g, p) { .glob = g, .perms = p, .xindex = PP_XINDEX_NONE, .origin = "t:1:1" }
#define X(g, m, i) { .glob = g, .perms = PP_PERM_EXEC | PP_PERM_READ, .xmode = m, \
		     .xindex = i, .origin = "t:2:1" }

static const struct dfa_rule set_basic[] = {
	R("/etc/passwd", PP_PERM_READ),
	R("/etc/**", PP_PERM_READ),
	R("/tmp/**", PP_PERM_READ | PP_PERM_WRITE),
	{ .glob = "/etc/shadow", .perms = PP_PERM_READ | PP_PERM_WRITE, .deny = 1,
	  .xindex = PP_XINDEX_NONE },
	X("/usr/local/bin/*", PP_X_INHERIT, PP_XINDEX_NONE),
	R("/usr/lib/**.so*", PP_PERM_READ | PP_PERM_MMAP),
	{ .glob = "/home/*/.bashrc", .perms = PP_PERM_READ | PP_PERM_WRITE, .owner = 1,
	  .xindex = PP_XINDEX_NONE },
	X("/{usr/,}bin/{da,ba,z}sh", PP_X_PROFILE | PP_X_SCRUB, 0),
	X("/opt/app/bin/helper", PP_X_CHILD, 1),
	{ .glob = "/var/log/app/*.log", .perms = PP_PERM_APPEND, .audit = 1,
	  .xindex = PP_XINDEX_NONE },
	R("/dev/{null,zero,u[r]andom}", PP_PERM_READ | PP_PERM_WRITE),
	R("/proc/[0-9]*/status", PP_PERM_READ),
	R("/srv/data/?/file\\*name", PP_PERM_READ | PP_PERM_LOCK),
};

static const char *const targets[] = { "/usr/bin/shell-profile", "prof//helper" };

static const char *const literal_paths[] = {
	"/etc/passwd", "/etc/group", "/etc/hosts", "/usr/bin/env", "/bin/sh",
	"/usr/lib/x86_64-linux-gnu/libc.so.6", "/tmp/.X11-unix/X0", "/dev/null",
};

static struct dfa *make_dfa(const struct dfa_rule *rules, size_t n,
			    const char *const *lits, size_t nlits)
{
#ifdef BLOB_TESTSRC_COMPILER
	struct dfa_error err;
	struct dfa *d = dfa_compile(rules, n, &err, NULL);

	if (!d)
		fprintf(stderr, "blob_testsrc: dfa_compile: %s\n", err.msg);
	(void)lits;
	(void)nlits;
	return d;
#else
	struct pp_perms p[2];

	(void)rules;
	(void)n;
	memset(p, 0, sizeof(p));
	p[0].half[0].allow = p[0].half[1].allow = PP_PERM_READ;
	p[1].half[1].allow = PP_PERM_EXEC;
	p[1].half[1].xmode = PP_X_PROFILE;
	p[1].half[1].xindex = 0;
	return tdfa_trie(lits, nlits, p, 2);
#endif
}

static void free_dfa(struct dfa *d)
{
#ifdef BLOB_TESTSRC_COMPILER
	dfa_free(d);
#else
	tdfa_free(d);
#endif
}

/* Generated rule set: n rules, a mix of literals, *, ** and {}. */
static struct dfa_rule *gen_rules(size_t n, char ***strs)
{
	static const char *const dirs[] = { "etc", "usr/lib", "var/lib", "home/*",
					    "opt/{a,b}", "srv/**", "run" };
	struct dfa_rule *r = calloc(n, sizeof(*r));
	char **s = calloc(n, sizeof(*s));
	uint64_t rng = 99;

	if (!r || !s)
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *d = dirs[tdfa_rand(&rng) % 7];
		unsigned k = (unsigned)(tdfa_rand(&rng) % 4);

		s[i] = malloc(96);
		if (!s[i])
			abort();
		snprintf(s[i], 96, "/%s/f%zu%s", d, i,
			 k == 0 ? "" : k == 1 ? "*" : k == 2 ? "/**" : ".{conf,d}");
		r[i].glob = s[i];
		r[i].perms = (uint32_t)(1 + tdfa_rand(&rng) % PP_PERM_ALL) & ~PP_PERM_EXEC;
		r[i].deny = tdfa_rand(&rng) % 8 == 0;
		r[i].owner = tdfa_rand(&rng) % 5 == 0;
		r[i].xindex = PP_XINDEX_NONE;
	}
	*strs = s;
	return r;
}

size_t blob_testsrc_count(void)
{
	return 3;
}

static void fill_profile(struct blob_profile_in *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->caps[PP_CAP_ALLOW] = 1ull << 0 | 1ull << 21;
	p->caps[PP_CAP_DENY] = 1ull << 1;
	p->net[2].allow = 1u << 1 | 1u << 2;
	p->net[10].deny = 1u << 3;
	p->xtargets = targets;
	p->nxtargets = 2;
}

int blob_testsrc_make(size_t k, uint8_t **out, size_t *len)
{
	static const struct dfa_rule attach[] = { R("/usr/bin/prof*", PP_PERM_EXEC) };
	size_t nbasic = sizeof(set_basic) / sizeof(set_basic[0]), ngen = 0;
	struct dfa *file = NULL, *xm = NULL;
	struct blob_profile_in p[2];
	struct dfa_rule *gen = NULL;
	char **strs = NULL;
	int rc = -1;

	fill_profile(&p[0], "/usr/bin/prof");
	fill_profile(&p[1], "/usr/bin/prof//helper");
	p[1].flags = PP_PROF_CHILD;
	if (k == 0) {
		file = make_dfa(set_basic, nbasic, literal_paths, 8);
		p[0].rules = set_basic;
		p[0].nrules = nbasic;
	} else {
		ngen = k == 1 ? 20 : 40;
		gen = gen_rules(ngen, &strs);
		file = make_dfa(gen, ngen, (const char *const *)strs, ngen);
		p[0].rules = gen;
		p[0].nrules = ngen;
	}
	xm = make_dfa(attach, 1, literal_paths + 3, 1);
	if (file && xm) {
		p[0].attach = "/usr/bin/prof*";
		p[0].attach_score = blob_attach_score(p[0].attach);
		p[0].file = file;
		p[0].xmatch = xm;
		p[1].file = file;
		rc = blob_write(p, 2, out, len);
	}
	free_dfa(file);
	free_dfa(xm);
	for (size_t i = 0; i < ngen; i++)
		free(strs[i]);
	free(strs);
	free(gen);
	return rc;
}
