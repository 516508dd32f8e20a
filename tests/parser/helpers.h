/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Shared helpers of the parser unit tests (Check). */
#ifndef PATHPROF_TESTS_PARSER_HELPERS_H
#define PATHPROF_TESTS_PARSER_HELPERS_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "parser.h"

static inline struct pp_policy *parse_opts(const char *text, const struct pp_parse_opts *o)
{
	struct pp_diag d;
	struct pp_policy *p = pp_policy_parse_string("t.prof", text, strlen(text), o, &d);

	if (!p) {
		pp_diag_print(&d, stderr);
		ck_abort_msg("parse failed: %s:%u:%u: %s", d.file, d.line, d.col, d.msg);
	}
	return p;
}

static inline struct pp_policy *parse_ok(const char *text)
{
	return parse_opts(text, NULL);
}

/* Parse must fail at line:col with msg containing `want`. */
static inline void parse_err(const char *text, unsigned line, unsigned col, const char *want)
{
	struct pp_diag d;
	struct pp_policy *p = pp_policy_parse_string("t.prof", text, strlen(text), NULL, &d);

	ck_assert_msg(p == NULL, "expected an error for: %s", text);
	ck_assert_msg(d.set, "diag not set");
	ck_assert_msg(strstr(d.msg, want), "message '%s' lacks '%s'", d.msg, want);
	ck_assert_msg(d.line == line && d.col == col, "at %u:%u, expected %u:%u (%s)",
		      d.line, d.col, line, col, d.msg);
}

/* Permission record of `path` in profile `name` (compiles its rules). */
static inline struct pp_perms lookup(const struct pp_policy *pol, const char *name,
				     const char *path)
{
	int i = pp_policy_find(pol, name);
	struct dfa_error err;
	struct dfa *d;
	struct pp_perms out;
	const struct pp_perms *r;

	ck_assert_msg(i >= 0, "no profile %s", name);
	d = dfa_compile(pol->profiles[i].rules, pol->profiles[i].nrules, &err, NULL);
	ck_assert_msg(d != NULL, "dfa_compile: %s", err.msg);
	r = dfa_lookup(d, path, strlen(path));
	memset(&out, 0, sizeof(out));
	if (r)
		out = *r;
	dfa_free(d);
	return out;
}

/* Effective allowed bits (allow & ~deny) for the other / owner half. */
static inline uint32_t eff(const struct pp_perms *p, int half)
{
	return p->half[half].allow & ~p->half[half].deny;
}

/* A fresh temporary directory. */
static inline char *tmpdir(void)
{
	char *t = strdup("/tmp/pp-parser-test-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(t));
	return t;
}

static inline void write_file(const char *dir, const char *name, const char *text)
{
	char path[2400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static inline void rm_rf(const char *dir)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

#define RUN_SUITE(fn)                                          \
	int main(void)                                         \
	{                                                      \
		SRunner *sr = srunner_create(fn());            \
		int nf;                                        \
		srunner_run_all(sr, CK_NORMAL);                \
		nf = srunner_ntests_failed(sr);                \
		srunner_free(sr);                              \
		return nf ? EXIT_FAILURE : EXIT_SUCCESS;       \
	}

#endif
