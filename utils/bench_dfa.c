// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * pp-bench dfa: compiler cost for 100 / 1,000 / 10,000 realistic rules,
 * and matching speed of the blob matcher against PCRE2-JIT on the same
 * rules (rule by rule, as a naive matcher must, and as one alternation).
 *
 * Matching figures are the best of five trials of this thread's CPU time
 * (the machine may be busy). Each compile runs in a forked child so its
 * peak RSS (wait4) is the compiler's alone. Figures only: nothing here
 * asserts a speed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "bench.h"
#include "blob.h"
#include "blob_write.h"
#include "dfa.h"
#include "glob_tree.h" /* tests/diff: the independent glob -> PCRE2 translator */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MATCH_RULES 1000
#define CORPUS_PATHS 5000
#define SEED 0x62656e6368ull

static const uint32_t sizes[] = { 100, 1000, 10000 };

/* ---- deterministic realistic rules ---- */

static const char *const syllables[] = {
	"ap", "ar", "bo", "cal", "de", "fi", "gn", "ko", "lu", "mo", "nu",
	"pa", "qt", "ro", "sy", "ta", "ux", "vi", "wa", "xe", "yo", "zl",
};

static void name_of(struct rng *r, char *out, size_t n)
{
	uint32_t k = 2 + rng_below(r, 2);

	out[0] = '\0';
	for (uint32_t i = 0; i < k; i++)
		strncat(out, syllables[rng_below(r, ARRAY_SIZE(syllables))],
			n - strlen(out) - 1);
}

struct shape {
	const char *fmt;   /* %1$s, %2$s: names; %3$u: a number */
	uint32_t perms;
	bool owner, deny;
};

static const struct shape shapes[] = {
	{ "/usr/lib/x86_64-linux-gnu/lib%1$s.so.%3$u", PP_PERM_READ | PP_PERM_MMAP, 0, 0 },
	{ "/usr/lib/x86_64-linux-gnu/lib%1$s*.so*", PP_PERM_READ | PP_PERM_MMAP, 0, 0 },
	{ "/etc/%1$s/*.conf", PP_PERM_READ, 0, 0 },
	{ "/etc/%1$s/**", PP_PERM_READ, 0, 0 },
	{ "/etc/%1$s.d/%2$s", PP_PERM_READ, 0, 0 },
	{ "/home/*/.cache/%1$s/**", PP_PERM_READ | PP_PERM_WRITE | PP_PERM_LOCK, 1, 0 },
	{ "/home/*/.config/%1$s/*", PP_PERM_READ | PP_PERM_WRITE, 1, 0 },
	{ "/usr/share/{doc,man}/%1$s/**", PP_PERM_READ, 0, 0 },
	{ "/usr/share/%1$s/%2$s.{png,svg,xml}", PP_PERM_READ, 0, 0 },
	{ "/proc/*/%1$s", PP_PERM_READ, 0, 0 },
	{ "/proc/[0-9]*/task/*/%1$s", PP_PERM_READ, 1, 0 },
	{ "/usr/bin/%1$s", PP_PERM_READ | PP_PERM_EXEC | PP_PERM_MMAP, 0, 0 },
	{ "/usr/{,s}bin/%1$s%3$u", PP_PERM_READ | PP_PERM_EXEC, 0, 0 },
	{ "/var/lib/%1$s/%2$s.db", PP_PERM_READ | PP_PERM_WRITE | PP_PERM_LOCK, 0, 0 },
	{ "/run/%1$s/*.sock", PP_PERM_READ | PP_PERM_WRITE, 0, 0 },
	{ "/sys/devices/**/%1$s", PP_PERM_READ, 0, 0 },
	{ "/dev/%1$s[0-9]*", PP_PERM_READ | PP_PERM_WRITE, 0, 0 },
	{ "/opt/%1$s/lib/*.so", PP_PERM_READ | PP_PERM_MMAP, 0, 0 },
	{ "/tmp/%1$s-*/**", PP_PERM_READ | PP_PERM_WRITE, 1, 0 },
	{ "/var/log/%1$s/*.log", PP_PERM_WRITE | PP_PERM_APPEND, 0, 0 },
	{ "/etc/%1$s/shadow", PP_PERM_WRITE | PP_PERM_READ, 0, 1 },
	{ "/home/*/%1$s/**", PP_PERM_READ, 1, 0 },
};

struct ruleset {
	struct dfa_rule *rules;
	char **globs;
	uint32_t n;
};

static void ruleset_make(struct ruleset *rs, uint32_t n)
{
	struct rng r = { SEED ^ n };

	rs->n = n;
	rs->rules = calloc(n, sizeof(*rs->rules));
	rs->globs = calloc(n, sizeof(*rs->globs));
	if (!rs->rules || !rs->globs)
		abort();
	for (uint32_t i = 0; i < n; i++) {
		const struct shape *s = &shapes[rng_below(&r, ARRAY_SIZE(shapes))];
		struct dfa_rule *d = &rs->rules[i];
		char a[32], b[32];

		name_of(&r, a, sizeof(a));
		name_of(&r, b, sizeof(b));
		if (asprintf(&rs->globs[i], s->fmt, a, b, rng_below(&r, 10)) < 0)
			abort();
		d->glob = rs->globs[i];
		d->perms = s->perms;
		d->owner = s->owner;
		d->deny = s->deny;
		/* one exec mode for all: conflicts are not what we measure */
		d->xmode = (s->perms & PP_PERM_EXEC) ? PP_X_INHERIT : PP_X_NONE;
		d->xindex = PP_XINDEX_NONE;
	}
}

static void ruleset_free(struct ruleset *rs)
{
	for (uint32_t i = 0; i < rs->n; i++)
		free(rs->globs[i]);
	free(rs->globs);
	free(rs->rules);
}

/* ---- clocks ---- */

static double now_s(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- compile figures, one child process per size ---- */

struct compile_fig {
	int ok;
	double cpu_s;
	double peak_mb;
	struct dfa_stats st;
	uint64_t blob_bytes;
	char err[640];
};

static void compile_in_child(uint32_t n, int fd)
{
	struct compile_fig f = { 0 };
	struct ruleset rs;
	struct dfa_error err = { .rule_a = -1, .rule_b = -1 };
	struct blob_profile_in in = { .name = "bench" };
	uint8_t *blob = NULL;
	size_t len = 0;

	ruleset_make(&rs, n);
	double t0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
	struct dfa *d = dfa_compile(rs.rules, rs.n, &err, &f.st);

	f.cpu_s = now_s(CLOCK_PROCESS_CPUTIME_ID) - t0;
	if (!d) {
		snprintf(f.err, sizeof(f.err), "dfa_compile: %s", err.msg);
	} else {
		in.file = d;
		if (blob_write(&in, 1, &blob, &len) < 0) {
			snprintf(f.err, sizeof(f.err), "blob_write: %s", strerror(errno));
		} else {
			f.ok = 1;
			f.blob_bytes = len;
		}
	}
	if (write(fd, &f, sizeof(f)) != (ssize_t)sizeof(f))
		_exit(1);
	_exit(0);
}

static int compile_figures(uint32_t n, struct compile_fig *f)
{
	int pfd[2];
	struct rusage ru;
	int status;
	pid_t pid;

	memset(f, 0, sizeof(*f));
	if (pipe(pfd) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(pfd[0]);
		compile_in_child(n, pfd[1]);
	}
	close(pfd[1]);
	ssize_t got = read(pfd[0], f, sizeof(*f));

	close(pfd[0]);
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	if (got != (ssize_t)sizeof(*f) || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(f->err, sizeof(f->err), "compile child for %u rules died (status %#x)",
			 n, status);
		f->ok = 0;
		return -1;
	}
	f->peak_mb = (double)ru.ru_maxrss / 1024.0; /* ru_maxrss is in KiB */
	return f->ok ? 0 : -1;
}

/* ---- matching corpus ---- */

struct corpus {
	struct strbuf *p;
	uint32_t n;
	uint64_t bytes;
};

static const char *const misses[] = {
	"/usr/lib/python3/dist-packages/%s/__init__.py", "/home/user/Documents/%s.txt",
	"/var/cache/%s/index", "/usr/include/%s.h", "/srv/www/%s/index.html",
	"/usr/lib/x86_64-linux-gnu/%s/plugins/lib%s.so", "/etc/%s.orig",
	"/snap/%s/current/bin/%s", "/proc/sys/kernel/%s",
};

static void corpus_make(struct corpus *c, const struct ruleset *rs)
{
	struct rng r = { SEED ^ 0xc0 };
	char msg[128], a[32];

	c->n = CORPUS_PATHS;
	c->p = calloc(c->n, sizeof(*c->p));
	c->bytes = 0;
	if (!c->p)
		abort();
	for (uint32_t i = 0; i < c->n; i++) {
		struct strbuf *p = &c->p[i];

		sb_clear(p);
		if (i % 2 == 0) {
			/* a path some rule grants */
			struct gnode *t = gtree_parse(rs->globs[rng_below(&r, rs->n)],
						      msg, sizeof(msg));
			if (t) {
				gtree_sample(t, &r, false, p);
				gtree_free(t);
			}
		} else {
			char *s;

			name_of(&r, a, sizeof(a));
			if (asprintf(&s, misses[rng_below(&r, ARRAY_SIZE(misses))], a, a) < 0)
				abort();
			sb_puts(p, s);
			free(s);
		}
		c->bytes += p->len;
	}
}

static void corpus_free(struct corpus *c)
{
	for (uint32_t i = 0; i < c->n; i++)
		sb_free(&c->p[i]);
	free(c->p);
}

struct match_fig {
	double ns_per_byte, ns_per_path;
};

/* One pass over the corpus with some matcher; returns a checksum. */
typedef uint32_t (*pass_fn)(const void *ctx, const struct corpus *c);

/*
 * Best of several trials, each repeating the corpus for at least min_s of
 * this thread's CPU time: the machine may be busy with other work, and
 * neither preemption nor the first cold pass are the matcher's cost.
 */
static void measure(pass_fn pass, const void *ctx, const struct corpus *c,
		    double min_s, struct match_fig *f)
{
	volatile uint32_t sink = 0;
	double best = 0;

	sink += pass(ctx, c); /* warm caches */
	for (int trial = 0; trial < 5; trial++) {
		double t0 = now_s(CLOCK_THREAD_CPUTIME_ID), t, per_pass;
		uint64_t reps = 0;

		do {
			sink += pass(ctx, c);
			reps++;
			t = now_s(CLOCK_THREAD_CPUTIME_ID) - t0;
		} while (t < min_s);
		per_pass = t / (double)reps;
		if (trial == 0 || per_pass < best)
			best = per_pass;
	}
	(void)sink;
	f->ns_per_path = best * 1e9 / c->n;
	f->ns_per_byte = best * 1e9 / (double)c->bytes;
}

static uint32_t pass_blob(const void *ctx, const struct corpus *c)
{
	const struct blob_dfa *d = ctx;
	uint32_t sum = 0;

	for (uint32_t i = 0; i < c->n; i++)
		sum += blob_dfa_match(d, c->p[i].s, c->p[i].len);
	return sum;
}

static uint32_t count_hits(const struct blob_dfa *d, const struct corpus *c)
{
	uint32_t hits = 0;
	struct pp_perms p;

	for (uint32_t i = 0; i < c->n; i++) {
		blob_dfa_perms(d, blob_dfa_match(d, c->p[i].s, c->p[i].len), &p);
		hits += (p.half[PP_OWNER].allow | p.half[PP_OWNER].deny) != 0;
	}
	return hits;
}

/* The compiler's dense table, for reference: what the blob layout costs. */
static uint32_t pass_dense(const void *ctx, const struct corpus *c)
{
	const struct dfa *d = ctx;
	uint32_t sum = 0;

	for (uint32_t i = 0; i < c->n; i++)
		sum += dfa_walk(d, c->p[i].s, c->p[i].len);
	return sum;
}

static pcre2_code *pcre_compile_jit(const char *pat, size_t len)
{
	int errcode;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len,
				       PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_DOTALL,
				       &errcode, &off, NULL);

	if (re && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0) {
		pcre2_code_free(re);
		re = NULL;
	}
	return re;
}

struct pcre_set {
	pcre2_code **re;
	uint32_t n;
	pcre2_match_data *md;
};

/* Naive matcher: every rule is tried (the union of perms needs them all). */
static uint32_t pass_pcre(const void *ctx, const struct corpus *c)
{
	const struct pcre_set *ps = ctx;
	uint32_t sum = 0;

	for (uint32_t i = 0; i < c->n; i++)
		for (uint32_t k = 0; k < ps->n; k++)
			sum += pcre2_jit_match(ps->re[k], (PCRE2_SPTR)c->p[i].s,
					       c->p[i].len, 0, 0, ps->md, NULL) > 0;
	return sum;
}

static void pcre_set_free(struct pcre_set *ps)
{
	for (uint32_t i = 0; i < ps->n; i++)
		pcre2_code_free(ps->re[i]);
	free(ps->re);
	pcre2_match_data_free(ps->md);
}

/* alternation: one pattern of all rules; else one pattern per rule. */
static int pcre_set_make(struct pcre_set *ps, const struct ruleset *rs, bool alternation)
{
	struct strbuf all = { 0 };
	char msg[128];

	ps->n = 0;
	ps->re = calloc(rs->n, sizeof(*ps->re));
	ps->md = pcre2_match_data_create(1, NULL);
	if (!ps->re || !ps->md)
		abort();
	for (uint32_t i = 0; i < rs->n; i++) {
		if (alternation)
			sb_puts(&all, i ? "|(?:" : "(?:");
		else
			sb_clear(&all);
		if (glob_to_pcre(rs->globs[i], &all, msg, sizeof(msg)) < 0) {
			fprintf(stderr, "pp-bench: dfa: %s: %s\n", rs->globs[i], msg);
			goto fail;
		}
		if (alternation) {
			sb_putc(&all, ')');
			continue;
		}
		if (!(ps->re[ps->n++] = pcre_compile_jit(all.s, all.len)))
			goto fail;
	}
	if (alternation && !(ps->re[ps->n++] = pcre_compile_jit(all.s, all.len)))
		goto fail;
	sb_free(&all);
	return 0;
fail:
	fprintf(stderr, "pp-bench: dfa: PCRE2-JIT cannot compile the rules\n");
	sb_free(&all);
	pcre_set_free(ps);
	return -1;
}

static int bench_pcre(const struct ruleset *rs, const struct corpus *c, bool alternation,
		      struct match_fig *f)
{
	struct pcre_set ps;

	if (pcre_set_make(&ps, rs, alternation) < 0)
		return -1;
	measure(pass_pcre, &ps, c, alternation ? 0.1 : 0.2, f);
	pcre_set_free(&ps);
	return 0;
}

/* ---- the run ---- */

struct figures {
	struct compile_fig comp[ARRAY_SIZE(sizes)];
	struct match_fig dfa, dense, rbr, alt;
	uint32_t corpus_paths, corpus_hits;
	uint64_t corpus_bytes;
};

static int match_figures(struct figures *fg)
{
	struct ruleset rs;
	struct corpus c;
	struct dfa_error err = { .rule_a = -1, .rule_b = -1 };
	struct blob_profile_in in = { .name = "bench" };
	struct blob_profile prof;
	uint8_t *blob = NULL;
	size_t len = 0;
	int rc = -1;

	ruleset_make(&rs, MATCH_RULES);
	corpus_make(&c, &rs);
	fg->corpus_paths = c.n;
	fg->corpus_bytes = c.bytes;
	in.file = dfa_compile(rs.rules, rs.n, &err, NULL);
	if (!in.file) {
		fprintf(stderr, "pp-bench: dfa: dfa_compile: %s\n", err.msg);
		goto out;
	}
	if (blob_write(&in, 1, &blob, &len) < 0 || blob_verify(blob, len, NULL) != BLOB_OK ||
	    blob_profile_get(blob, len, 0, &prof) != BLOB_OK) {
		fprintf(stderr, "pp-bench: dfa: blob_write/verify failed\n");
		goto out;
	}
	fg->corpus_hits = count_hits(&prof.file, &c);
	measure(pass_blob, &prof.file, &c, 0.1, &fg->dfa);
	measure(pass_dense, in.file, &c, 0.1, &fg->dense);
	if (bench_pcre(&rs, &c, false, &fg->rbr) < 0 || bench_pcre(&rs, &c, true, &fg->alt) < 0)
		goto out;
	rc = 0;
out:
	free(blob);
	if (in.file)
		dfa_free((struct dfa *)in.file);
	corpus_free(&c);
	ruleset_free(&rs);
	return rc;
}

static void print_json(const struct figures *fg)
{
	printf("{");
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		const struct compile_fig *f = &fg->comp[i];
		uint32_t n = sizes[i];

		printf("\"compile_%u_s\": %.4f, \"compile_%u_peak_mb\": %.1f, "
		       "\"states_%u_nfa\": %u, \"states_%u_dfa\": %u, \"states_%u_min\": %u, "
		       "\"blob_%u_bytes\": %llu, ",
		       n, f->cpu_s, n, f->peak_mb, n, f->st.nfa_states, n, f->st.dfa_states,
		       n, f->st.min_states, n, (unsigned long long)f->blob_bytes);
	}
	printf("\"match_rules\": %u, \"match_corpus_paths\": %u, \"match_corpus_bytes\": %llu, "
	       "\"match_corpus_hits\": %u, ",
	       MATCH_RULES, fg->corpus_paths, (unsigned long long)fg->corpus_bytes,
	       fg->corpus_hits);
	printf("\"dense_walk_ns_per_byte\": %.3f, \"dense_walk_ns_per_path\": %.1f, ",
	       fg->dense.ns_per_byte, fg->dense.ns_per_path);
	printf("\"match_ns_per_byte\": %.3f, \"match_ns_per_path\": %.1f, "
	       "\"pcre2_jit_rule_by_rule_ns_per_byte\": %.3f, "
	       "\"pcre2_jit_rule_by_rule_ns_per_path\": %.1f, "
	       "\"pcre2_jit_alternation_ns_per_byte\": %.3f, "
	       "\"pcre2_jit_alternation_ns_per_path\": %.1f, "
	       "\"speedup_vs_pcre2_rule_by_rule\": %.1f, "
	       "\"speedup_vs_pcre2_alternation\": %.2f}\n",
	       fg->dfa.ns_per_byte, fg->dfa.ns_per_path, fg->rbr.ns_per_byte,
	       fg->rbr.ns_per_path, fg->alt.ns_per_byte, fg->alt.ns_per_path,
	       fg->rbr.ns_per_path / fg->dfa.ns_per_path,
	       fg->alt.ns_per_path / fg->dfa.ns_per_path);
}

static void print_table(const struct figures *fg)
{
	printf("pp-bench dfa: compile (CPU time and peak RSS of a child process per size)\n");
	printf("%8s %10s %9s %10s %10s %10s %11s\n", "rules", "compile_s", "peak_MB",
	       "nfa_states", "dfa_states", "min_states", "blob_bytes");
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		const struct compile_fig *f = &fg->comp[i];

		printf("%8u %10.4f %9.1f %10u %10u %10u %11llu\n", sizes[i], f->cpu_s,
		       f->peak_mb, f->st.nfa_states, f->st.dfa_states, f->st.min_states,
		       (unsigned long long)f->blob_bytes);
	}
	printf("\nmatching: the %u-rule set; corpus of %u paths, %llu bytes, %u matched by some rule\n",
	       MATCH_RULES, fg->corpus_paths, (unsigned long long)fg->corpus_bytes,
	       fg->corpus_hits);
	printf("%-28s %12s %12s\n", "matcher", "ns/byte", "ns/path");
	printf("%-28s %12.3f %12.1f\n", "blob_dfa_match", fg->dfa.ns_per_byte, fg->dfa.ns_per_path);
	printf("%-28s %12.3f %12.1f\n", "dfa_walk (dense, reference)",
	       fg->dense.ns_per_byte, fg->dense.ns_per_path);
	printf("%-28s %12.3f %12.1f\n", "pcre2-jit rule by rule", fg->rbr.ns_per_byte,
	       fg->rbr.ns_per_path);
	printf("%-28s %12.3f %12.1f\n", "pcre2-jit one alternation", fg->alt.ns_per_byte,
	       fg->alt.ns_per_path);
	printf("speedup vs pcre2-jit rule by rule: %.1fx; vs one alternation: %.2fx\n",
	       fg->rbr.ns_per_path / fg->dfa.ns_per_path,
	       fg->alt.ns_per_path / fg->dfa.ns_per_path);
}

int bench_dfa_main(int argc, char **argv)
{
	static struct figures fg;
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else {
			fprintf(stderr, "usage: pp-bench dfa [--json]\n");
			return 2;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		if (compile_figures(sizes[i], &fg.comp[i]) < 0) {
			fprintf(stderr, "pp-bench: dfa: %u rules: %s\n", sizes[i],
				fg.comp[i].err);
			return 1;
		}
	}
	if (match_figures(&fg) < 0)
		return 1;
	if (json)
		print_json(&fg);
	else
		print_table(&fg);
	return 0;
}
