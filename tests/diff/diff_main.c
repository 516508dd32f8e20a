// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Differential test: dfa_compile (dense DFA and the verified blob) against
 * an independent PCRE2 oracle, on random rule sets and adversarial paths.
 * Per path: dfa_lookup and blob_dfa_match + blob_dfa_perms must both equal
 * the oracle's record, and blob_dfa_step in two pieces must end where the
 * whole match ends. A rule set refused for an exec conflict must name two
 * rules that can conflict, and the oracle must find a path where they do
 * (among the probe paths or a shortest path matching both); otherwise it
 * is "skipped", and more than 5% skipped sets fail the run.
 *
 *   diff-pcre2 [--cases N] [--fresh N]
 *   PP_DIFF_SEED=S  use S as the second ("fresh") seed instead of the time
 *   PP_DIFF_SET=K   run only rule set K of that seed (reproduce one report)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blob.h"
#include "blob_write.h"
#include "dfa.h"
#include "gen.h"
#include "oracle.h"
#include "report.h"
#include "witness.h"

#define FIXED_SEED 0x7061746870726f66ull /* "pathprof" */
#define MAX_REPORTS 8

struct tally {
	uint64_t cases, mismatches, sets, conflicts_confirmed, conflicts_skipped;
	uint64_t matched, exec, denied, long_paths; /* coverage: what the cases exercised */
	uint64_t reports;
};

struct run {
	uint64_t seed;
	uint64_t set;
	struct ruleset rs;
	struct oracle o;
	struct pathset *ps;
	struct tally *t;
};

static bool want_report(struct run *ru)
{
	ru->t->mismatches++;
	if (ru->t->reports++ >= MAX_REPORTS)
		return false;
	fprintf(stderr, "MISMATCH seed=%" PRIu64 " set=%" PRIu64
		" (PP_DIFF_SEED=%" PRIu64 " PP_DIFF_SET=%" PRIu64 ")\n",
		ru->seed, ru->set, ru->seed, ru->set);
	return true;
}

static void mismatch_path(struct run *ru, const char *what, const char *path,
			  size_t len, const struct pp_perms *want,
			  const struct pp_perms *dense, const struct pp_perms *blob)
{
	if (!want_report(ru))
		return;
	fprintf(stderr, "  %s\n", what);
	report_ruleset(stderr, &ru->rs, &ru->o);
	fprintf(stderr, "  path ");
	report_bytes(stderr, path, len);
	fputc('\n', stderr);
	if (want)
		report_perms(stderr, "expected", want);
	if (dense)
		report_perms(stderr, "dfa", dense);
	if (blob)
		report_perms(stderr, "blob", blob);
}

static void mismatch_set(struct run *ru, const char *what, const char *detail)
{
	if (!want_report(ru))
		return;
	fprintf(stderr, "  %s: %s\n", what, detail);
	report_ruleset(stderr, &ru->rs, &ru->o);
}

/* Serialize, verify and open the DFA as the kernel would see it. */
static uint8_t *blob_of(struct run *ru, const struct dfa *d, struct blob_dfa *out)
{
	struct blob_profile_in in;
	struct blob_profile p;
	uint8_t *buf = NULL;
	size_t len = 0;
	blob_size_t where = 0;
	char msg[160];
	int rc;

	static const char *const targets[] = { "/t0", "/t1", "/t2" };

	memset(&in, 0, sizeof(in));
	in.name = "diff";
	in.file = d;
	in.xtargets = targets;
	in.nxtargets = 3; /* gen.c draws xindex from 0..2 */
	in.rules = ru->rs.rules; /* the RULES section must take any glob bytes too */
	in.nrules = ru->rs.n;
	if (blob_write(&in, 1, &buf, &len) < 0) {
		snprintf(msg, sizeof(msg), "%s; dense dfa: nstates=%u nclasses=%u start=%u nperms=%u",
			 strerror(errno), d->nstates, d->nclasses, d->start, d->nperms);
		mismatch_set(ru, "blob_write failed", msg);
		return NULL;
	}
	rc = blob_verify(buf, len, &where);
	if (rc == BLOB_OK)
		rc = blob_profile_get(buf, len, 0, &p);
	if (rc != BLOB_OK) {
		snprintf(msg, sizeof(msg), "%s at byte %zu of %zu",
			 blob_strerror(rc), (size_t)where, len);
		mismatch_set(ru, "blob_verify rejected blob_write's output", msg);
		free(buf);
		return NULL;
	}
	*out = p.file;
	return buf;
}

/* The compiler refused the set for an exec conflict: is it real? */
static void check_conflict(struct run *ru, const struct dfa_error *err)
{
	const struct dfa_rule *a = &ru->rs.rules[err->rule_a];
	const struct dfa_rule *b = &ru->rs.rules[err->rule_b];
	struct pp_perms want;
	bool conflict = false;

	if (a->deny || b->deny || !(a->perms & b->perms & PP_PERM_EXEC) ||
	    (a->xmode == b->xmode && a->xindex == b->xindex)) {
		mismatch_set(ru, "conflict reported between rules that cannot conflict",
			     err->msg);
		return;
	}
	if (!strstr(err->msg, a->origin) || !strstr(err->msg, b->origin))
		mismatch_set(ru, "conflict message does not name both rules by origin",
			     err->msg);
	for (size_t i = 0; i < ru->ps->n && !conflict; i++)
		oracle_eval(&ru->o, ru->ps->p[i].s, ru->ps->p[i].len, &want, &conflict);
	struct strbuf w = { 0 };
	bool have_witness = false;

	if (!conflict && (have_witness = witness_path(a, b, &w)))
		oracle_eval(&ru->o, w.s, w.len, &want, &conflict);
	if (conflict) {
		ru->t->conflicts_confirmed++;
	} else if (ru->t->conflicts_skipped++ < 3) {
		/* not proof of a bug (no path found), but the first few are shown */
		fprintf(stderr, "UNCONFIRMED CONFLICT seed=%" PRIu64 " set=%" PRIu64
			": dfa_compile: %s\n", ru->seed, ru->set, err->msg);
		report_ruleset(stderr, &ru->rs, &ru->o);
		if (have_witness) {
			fprintf(stderr, "  path matching both rules ");
			report_bytes(stderr, w.s, w.len);
			fputc('\n', stderr);
			report_perms(stderr, "oracle", &want);
		}
	}
	sb_free(&w);
}

static void compare_paths(struct run *ru, const struct dfa *d, const struct blob_dfa *bd)
{
	for (size_t i = 0; i < ru->ps->n; i++) {
		const char *path = ru->ps->p[i].s;
		size_t len = ru->ps->p[i].len;
		struct pp_perms want, blob;
		bool conflict;

		if (oracle_eval(&ru->o, path, len, &want, &conflict) < 0) {
			mismatch_path(ru, "PCRE2 oracle error", path, len, NULL, NULL, NULL);
			continue;
		}
		const struct pp_perms *dense = dfa_lookup(d, path, len);

		uint32_t whole = blob_dfa_match(bd, path, len);
		size_t cut = len ? (i * 7919) % (len + 1) : 0;
		uint32_t pieces = blob_dfa_step(bd, blob_dfa_step(bd, bd->start, path, cut),
						path + cut, len - cut);

		blob_dfa_perms(bd, whole, &blob);
		ru->t->cases++;
		if (pieces != whole) {
			char what[96];

			snprintf(what, sizeof(what),
				 "blob_dfa_step in two pieces (cut at %zu) ends in state %u, blob_dfa_match in %u",
				 cut, pieces, whole);
			mismatch_path(ru, what, path, len, NULL, NULL, NULL);
		}
		ru->t->matched += want.half[PP_OWNER].allow || want.half[PP_OWNER].deny;
		ru->t->exec += want.half[PP_OWNER].xmode != PP_X_NONE ||
			       want.half[PP_OTHER].xmode != PP_X_NONE;
		ru->t->denied += want.half[PP_OWNER].deny != 0;
		ru->t->long_paths += len >= GEN_LONG_PATH - 1;
		if (conflict)
			mismatch_path(ru, "compiler accepted rules whose exec modes conflict on this path",
				      path, len, &want, dense, &blob);
		else if (memcmp(&want, dense, sizeof(want)) || memcmp(&want, &blob, sizeof(want)))
			mismatch_path(ru, "permission records differ", path, len,
				      &want, dense, &blob);
	}
}

static void run_set(struct run *ru)
{
	struct rng r = { ru->seed ^ (ru->set * 0xd1342543de82ef95ull) };
	struct dfa_error err;
	char msg[256];
	struct dfa *d;

	gen_ruleset(&r, &ru->rs);
	ru->t->sets++;
	if (oracle_init(&ru->o, ru->rs.rules, ru->rs.n, msg, sizeof(msg)) < 0) {
		mismatch_set(ru, "generator produced a glob the oracle rejects", msg);
		ruleset_free(&ru->rs);
		return;
	}
	gen_paths(&r, &ru->rs, ru->ps);
	memset(&err, 0, sizeof(err));
	err.rule_a = err.rule_b = -1;
	d = dfa_compile(ru->rs.rules, ru->rs.n, &err, NULL);
	if (!d) {
		if (err.rule_a >= 0 && err.rule_b >= 0 && err.rule_a != err.rule_b &&
		    (size_t)err.rule_a < ru->rs.n && (size_t)err.rule_b < ru->rs.n)
			check_conflict(ru, &err);
		else
			mismatch_set(ru, "dfa_compile rejected valid rules", err.msg);
	} else {
		struct blob_dfa bd;
		uint8_t *buf = blob_of(ru, d, &bd);

		if (buf)
			compare_paths(ru, d, &bd);
		free(buf);
		dfa_free(d);
	}
	oracle_free(&ru->o);
	ruleset_free(&ru->rs);
}

static void run_seed(uint64_t seed, uint64_t min_cases, int64_t only_set,
		     struct pathset *ps, struct tally *t)
{
	struct run ru = { .seed = seed, .ps = ps, .t = t };
	uint64_t start = t->cases;

	if (only_set >= 0) {
		ru.set = (uint64_t)only_set;
		run_set(&ru);
	} else {
		for (ru.set = 0; t->cases - start < min_cases; ru.set++)
			run_set(&ru);
	}
}

static uint64_t env_u64(const char *name, uint64_t dflt, bool *set)
{
	const char *v = getenv(name);

	*set = v && *v;
	return *set ? strtoull(v, NULL, 0) : dflt;
}

int main(int argc, char **argv)
{
	uint64_t cases = 100000, fresh_cases = 20000, fresh_seed;
	bool seed_given, set_given;
	struct tally t = { 0 };
	static struct pathset ps;
	int64_t only_set;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--cases"))
			cases = strtoull(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--fresh"))
			fresh_cases = strtoull(argv[i + 1], NULL, 0);
	}
	fresh_seed = env_u64("PP_DIFF_SEED",
			     (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid(),
			     &seed_given);
	only_set = (int64_t)env_u64("PP_DIFF_SET", 0, &set_given);
	if (!set_given)
		only_set = -1;
	printf("diff: fixed seed %" PRIu64 " (%" PRIu64 " cases), fresh seed %" PRIu64
	       " (%" PRIu64 " cases)%s; reproduce with PP_DIFF_SEED=%" PRIu64 "\n",
	       (uint64_t)FIXED_SEED, cases, fresh_seed, fresh_cases,
	       seed_given ? " from PP_DIFF_SEED" : "", fresh_seed);
	fflush(stdout);
	if (!set_given)
		run_seed(FIXED_SEED, cases, -1, &ps, &t);
	run_seed(fresh_seed, fresh_cases, only_set, &ps, &t);
	pathset_free(&ps);

	uint64_t refused = t.conflicts_confirmed + t.conflicts_skipped;

	printf("diff: %" PRIu64 " cases, %" PRIu64 " mismatches, seed %" PRIu64
	       " and %" PRIu64 "; %" PRIu64 " rule sets, %" PRIu64
	       " refused for exec conflicts (%" PRIu64 " confirmed by the oracle, %"
	       PRIu64 " skipped)\n",
	       t.cases, t.mismatches, (uint64_t)FIXED_SEED, fresh_seed, t.sets,
	       refused, t.conflicts_confirmed, t.conflicts_skipped);
	printf("diff: coverage: %" PRIu64 " cases matched some rule, %" PRIu64
	       " with an exec transition, %" PRIu64 " with denials, %" PRIu64
	       " paths of 4095-4096 bytes\n", t.matched, t.exec, t.denied, t.long_paths);
	if (t.mismatches)
		return 1;
	if (t.conflicts_skipped * 20 > t.sets) {
		printf("diff: FAIL: more than 5%% of rule sets skipped for unconfirmed conflicts\n");
		return 1;
	}
	if (only_set < 0 && t.cases == 0) {
		printf("diff: FAIL: no case ran\n");
		return 1;
	}
	return 0;
}
