/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * pp-parse: compile AppArmor-language profiles into pathprof blobs and
 * load them into the LSM. Command line modeled on apparmor_parser.
 *
 * Every input is parsed and compiled first (in parallel with -j); only
 * when all of them succeed is anything written: the output file, stdout,
 * the cache, the kernel. So one broken profile in a run changes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob.h"
#include "parser.h"
#include "pp_config.h"
#include "ppcache.h"
#include "ppload.h"

#define MAX_INCLUDES 64
#define MAX_JOBS 64

/* Options that change the compiled blob, hashed into the cache key. */
#define KEY_COMPLAIN 0x1u
#define KEY_STRICT   0x2u

struct options {
	enum pp_load_op op;
	const char *ofile;
	bool to_stdout, skip_load, preprocess;
	bool complain, strict, verbose, quiet;
	const char *includes[MAX_INCLUDES];
	size_t nincludes;
	int jobs;
	const char *cache_loc;
	bool write_cache, skip_cache, skip_read_cache;
	const char *fsdir;
};

struct job {
	const char *input;      /* path, or "-" for stdin */
	char *text;             /* stdin content */
	size_t text_len;
	struct pp_policy *pol;
	uint8_t *blob;
	size_t len;
	char key[33];
	bool have_key, cache_hit, failed;
	/* What is needed of the policy after compiling; the policy itself is
	 * freed right away so a large run does not hold every parse tree. */
	char **names;           /* top-level profile names */
	size_t nnames;
	struct pp_unenforced *unenforced; /* cls and origin strdup'd */
	size_t nunenforced;
	struct pp_diag diag;
	char err[600];          /* failure outside the parser (stdin, key) */
};

struct run {
	const struct options *o;
	struct pp_parse_opts popts;
	struct job *jobs;
	size_t njobs;
	atomic_size_t next;
};

static const char *prog = "pp-parse";

static void usage(FILE *out)
{
	fprintf(out,
"Usage: %s [options] [profile-file|directory|-]...\n"
"\n"
"Compile pathprof (AppArmor-language) profiles into policy blobs and load\n"
"them into the pathprof LSM. Without a file (or with \"-\") the profile is\n"
"read from standard input. Nothing is written or loaded if any input fails.\n"
"\n"
"Options:\n"
"  -a, --add               load as new profiles (.load) [default]\n"
"  -r, --replace           replace loaded profiles (.replace)\n"
"  -R, --remove            remove the files' profiles by name (.remove)\n"
"  -C, --Complain          force every profile into complain mode\n"
"  -o, --ofile FILE        write the blob(s) to FILE (\"-\": stdout; no kernel load)\n"
"  -S, --stdout            write the blob(s) to standard output (no kernel load)\n"
"  -Q, --skip-kernel-load  do everything except loading into the kernel\n"
"  -p, --preprocess        print the profile with all includes inlined\n"
"  -I, --Include DIR       add DIR to the include search path (repeatable)\n"
"  -j, --jobs N            compile up to N files in parallel (default: CPUs)\n"
"  -L, --cache-loc DIR     cache directory (default " PP_CACHE_DIR_DEFAULT ")\n"
"  -W, --write-cache       save compiled blobs in the cache\n"
"  -K, --skip-cache        neither read nor write the cache\n"
"  -T, --skip-read-cache   do not read the cache (still written with -W)\n"
"  -f, --policy-fs DIR     policy interface (default " PP_POLICY_FS_DEFAULT ")\n"
"      --strict            rule classes pathprof does not enforce are errors\n"
"  -q, --quiet             no warnings\n"
"  -v, --verbose           report each profile loaded and each cache hit/miss\n"
"  -V, --version           print the version and exit\n"
"  -h, --help              print this help and exit\n"
"\n"
"Include search path: the -I directories, then %s,\n"
"then /etc/apparmor.d. Exit status: 0 success, 1 a profile or load\n"
"failed, 2 usage error. See pp-parse(8).\n",
		prog, PP_PROFILES_DIR);
}

/* True when this binary runs from a meson build directory. */
static bool running_from_build_tree(void)
{
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	struct stat st;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		slash = strrchr(exe, '/');
		if (!slash)
			return false;
		*slash = '\0';
	}
	snprintf(probe, sizeof(probe), "%s/meson-private", exe);
	return stat(probe, &st) == 0 && S_ISDIR(st.st_mode);
}

static int add_include(struct options *o, const char *dir)
{
	if (o->nincludes == MAX_INCLUDES) {
		fprintf(stderr, "%s: too many include directories (max %d)\n",
			prog, MAX_INCLUDES);
		return -1;
	}
	o->includes[o->nincludes++] = dir;
	return 0;
}

static int add_default_includes(struct options *o)
{
	if (running_from_build_tree() && add_include(o, PP_SOURCE_PROFILES_DIR) < 0)
		return -1;
	if (add_include(o, PP_PROFILES_DIR) < 0)
		return -1;
	return add_include(o, "/etc/apparmor.d");
}

static int parse_jobs(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > MAX_JOBS) {
		fprintf(stderr, "%s: --jobs wants a number from 1 to %d, not \"%s\"\n",
			prog, MAX_JOBS, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

enum { OPT_STRICT = 256 };

/* Returns the index of the first file argument, or -1 (exit 2) / -2 (exit 0). */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "add", no_argument, NULL, 'a' },
		{ "replace", no_argument, NULL, 'r' },
		{ "remove", no_argument, NULL, 'R' },
		{ "Complain", no_argument, NULL, 'C' },
		{ "ofile", required_argument, NULL, 'o' },
		{ "stdout", no_argument, NULL, 'S' },
		{ "skip-kernel-load", no_argument, NULL, 'Q' },
		{ "preprocess", no_argument, NULL, 'p' },
		{ "Include", required_argument, NULL, 'I' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "cache-loc", required_argument, NULL, 'L' },
		{ "write-cache", no_argument, NULL, 'W' },
		{ "skip-cache", no_argument, NULL, 'K' },
		{ "skip-read-cache", no_argument, NULL, 'T' },
		{ "policy-fs", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "arRCo:SQpI:j:L:WKTf:qvVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': o->op = PP_LOAD_ADD; break;
		case 'r': o->op = PP_LOAD_REPLACE; break;
		case 'R': o->op = PP_LOAD_REMOVE; break;
		case 'C': o->complain = true; break;
		case 'o':
			if (strcmp(optarg, "-") == 0)
				o->to_stdout = true;
			else
				o->ofile = optarg;
			break;
		case 'S': o->to_stdout = true; break;
		case 'Q': o->skip_load = true; break;
		case 'p': o->preprocess = true; break;
		case 'I':
			if (add_include(o, optarg) < 0)
				return -1;
			break;
		case 'j':
			if (parse_jobs(optarg, &o->jobs) < 0)
				return -1;
			break;
		case 'L': o->cache_loc = optarg; break;
		case 'W': o->write_cache = true; break;
		case 'K': o->skip_cache = true; break;
		case 'T': o->skip_read_cache = true; break;
		case 'f': o->fsdir = optarg; break;
		case OPT_STRICT: o->strict = true; break;
		case 'q': o->quiet = true; break;
		case 'v': o->verbose = true; break;
		case 'V':
			printf("pp-parse (pathprof) %s\n", PP_VERSION);
			return -2;
		case 'h':
			usage(stdout);
			return -2;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return -1;
		}
	}
	if (o->ofile && o->to_stdout) {
		fprintf(stderr, "%s: --ofile and --stdout exclude each other\n", prog);
		return -1;
	}
	if (o->op == PP_LOAD_REMOVE && (o->ofile || o->to_stdout || o->preprocess)) {
		fprintf(stderr, "%s: --remove loads nothing: it cannot be combined with -o, -S or -p\n", prog);
		return -1;
	}
	if (add_default_includes(o) < 0)
		return -1;
	return optind;
}

static char *read_stream(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap), *nb;
	size_t got;

	if (!buf)
		return NULL;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static bool is_stdin(const struct job *j)
{
	return strcmp(j->input, "-") == 0;
}

static bool use_cache_read(const struct options *o, const struct job *j)
{
	return !is_stdin(j) && !o->skip_cache && !o->skip_read_cache;
}

static bool use_cache_write(const struct options *o, const struct job *j)
{
	return !is_stdin(j) && !o->skip_cache && o->write_cache;
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Keep the names and "not enforced" classes, then free the policy. */
static void summarize_job(struct job *j)
{
	const struct pp_policy *p = j->pol;

	j->names = calloc(p->nprofiles + 1, sizeof(*j->names));
	j->unenforced = calloc(p->nunenforced + 1, sizeof(*j->unenforced));
	if (!j->names || !j->unenforced) {
		j->failed = true;
		snprintf(j->err, sizeof(j->err), "out of memory");
		return;
	}
	for (size_t k = 0; k < p->nprofiles; k++)
		if (p->profiles[k].parent < 0)
			j->names[j->nnames++] = xstrdup(p->profiles[k].name);
	for (size_t u = 0; u < p->nunenforced; u++) {
		j->unenforced[u].cls = xstrdup(p->unenforced[u].cls);
		j->unenforced[u].origin = xstrdup(p->unenforced[u].origin);
		j->unenforced[u].count = p->unenforced[u].count;
		j->nunenforced++;
	}
	pp_policy_free(j->pol);
	j->pol = NULL;
}

static void compile_job(struct run *r, const struct pp_parse_opts *popts, struct job *j)
{
	const struct options *o = r->o;
	uint32_t key_flags = (o->complain ? KEY_COMPLAIN : 0) | (o->strict ? KEY_STRICT : 0);

	pp_diag_clear(&j->diag);
	if (is_stdin(j))
		j->pol = pp_policy_parse_string("<stdin>", j->text, j->text_len,
						popts, &j->diag);
	else
		j->pol = pp_policy_parse_file(j->input, popts, &j->diag);
	if (!j->pol) {
		j->failed = true;
		return;
	}
	if (o->op == PP_LOAD_REMOVE)
		return; /* only the names are needed */
	if (use_cache_read(o, j) || use_cache_write(o, j))
		j->have_key = pp_blobcache_key(j->pol, key_flags, j->key) == 0;
	if (j->have_key && use_cache_read(o, j) &&
	    pp_blobcache_read(o->cache_loc, j->input, j->key, &j->blob, &j->len) == 0) {
		j->cache_hit = true;
		return;
	}
	if (pp_policy_compile(j->pol, &j->blob, &j->len, NULL, &j->diag) < 0)
		j->failed = true;
}

/* Each thread keeps its own parser cache: the abstractions and tunables
 * every profile includes are read and looked up once per thread. */
static void *worker(void *arg)
{
	struct run *r = arg;
	struct pp_parse_opts popts = r->popts;
	size_t i;

	popts.cache = pp_cache_new(); /* NULL: the parser uses a private one */
	while ((i = atomic_fetch_add(&r->next, 1)) < r->njobs) {
		compile_job(r, &popts, &r->jobs[i]);
		if (r->jobs[i].pol)
			summarize_job(&r->jobs[i]);
	}
	if (popts.cache)
		pp_cache_free(popts.cache);
	return NULL;
}

static int compile_all(struct run *r, int nthreads)
{
	pthread_t tids[MAX_JOBS];
	int started = 0;

	if ((size_t)nthreads > r->njobs)
		nthreads = (int)r->njobs;
	for (; started < nthreads - 1; started++)
		if (pthread_create(&tids[started], NULL, worker, r) != 0)
			break;
	worker(r); /* this thread works too; also the fallback if create fails */
	for (int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	return 0;
}

/* "not enforced" once per rule class over the whole run. */
static void warn_unenforced(const struct run *r)
{
	const char *seen[64];
	size_t nseen = 0;

	if (r->o->quiet)
		return;
	for (size_t i = 0; i < r->njobs; i++) {
		const struct job *j = &r->jobs[i];

		for (size_t u = 0; u < j->nunenforced; u++) {
			const struct pp_unenforced *ue = &j->unenforced[u];
			size_t k;

			for (k = 0; k < nseen; k++)
				if (strcmp(seen[k], ue->cls) == 0)
					break;
			if (k < nseen)
				continue;
			if (nseen < 64)
				seen[nseen++] = ue->cls;
			fprintf(stderr, "%s: warning: %s: %s rules are not enforced by pathprof (parsed and ignored)\n",
				prog, ue->origin ? ue->origin : "?", ue->cls);
		}
	}
}

static int write_file_all(FILE *f, const struct run *r)
{
	for (size_t i = 0; i < r->njobs; i++)
		if (fwrite(r->jobs[i].blob, 1, r->jobs[i].len, f) != r->jobs[i].len)
			return -1;
	return 0;
}

static int write_output(const struct run *r)
{
	const struct options *o = r->o;
	FILE *f;

	if (o->to_stdout) {
		if (write_file_all(stdout, r) < 0 || fflush(stdout) != 0) {
			fprintf(stderr, "%s: writing to standard output: %s\n", prog, strerror(errno));
			return -1;
		}
		return 0;
	}
	f = fopen(o->ofile, "wb");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, o->ofile, strerror(errno));
		return -1;
	}
	if (write_file_all(f, r) < 0 || fclose(f) != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, o->ofile, strerror(errno));
		return -1;
	}
	return 0;
}

static void write_caches(const struct run *r)
{
	for (size_t i = 0; i < r->njobs; i++) {
		const struct job *j = &r->jobs[i];

		if (!use_cache_write(r->o, j) || !j->have_key || j->cache_hit)
			continue;
		if (pp_blobcache_write(r->o->cache_loc, j->input, j->key, j->blob, j->len) < 0 && !r->o->quiet)
			fprintf(stderr, "%s: warning: cannot write cache for %s in %s: %s\n",
				prog, j->input, r->o->cache_loc, strerror(errno));
	}
}

static const char *op_done(enum pp_load_op op)
{
	switch (op) {
	case PP_LOAD_ADD: return "Addition";
	case PP_LOAD_REPLACE: return "Replacement";
	case PP_LOAD_REMOVE: return "Removal";
	}
	return "?";
}

static void report_names(const struct options *o, const struct job *j)
{
	if (!o->verbose)
		return;
	for (size_t k = 0; k < j->nnames; k++)
		printf("%s succeeded for \"%s\".\n", op_done(o->op), j->names[k]);
}

/* Load or remove; keeps going after a failure like apparmor_parser. */
static int kernel_apply(const struct run *r)
{
	const struct options *o = r->o;
	const char *fs = o->fsdir ? o->fsdir : PP_POLICY_FS_DEFAULT;
	char err[1024];
	int rc = 0;

	for (size_t i = 0; i < r->njobs; i++) {
		const struct job *j = &r->jobs[i];

		if (o->op != PP_LOAD_REMOVE) {
			if (pp_load_write(fs, o->op, j->blob, j->len, err, sizeof(err)) < 0) {
				fprintf(stderr, "%s: %s: %s\n", prog, j->input, err);
				rc = -1;
				continue;
			}
			report_names(o, j);
			continue;
		}
		/* children go with their parent: only top-level names */
		for (size_t k = 0; k < j->nnames; k++) {
			const char *name = j->names[k];

			if (pp_load_write(fs, o->op, name, strlen(name), err, sizeof(err)) < 0) {
				fprintf(stderr, "%s: removing \"%s\": %s\n", prog, name, err);
				rc = -1;
			} else if (o->verbose) {
				printf("Removal succeeded for \"%s\".\n", name);
			}
		}
	}
	return rc;
}

static int preprocess_all(const struct run *r)
{
	struct pp_diag diag;

	for (size_t i = 0; i < r->njobs; i++) {
		if (is_stdin(&r->jobs[i])) {
			fprintf(stderr, "%s: --preprocess needs a file, not standard input\n", prog);
			return 1;
		}
		pp_diag_clear(&diag);
		if (pp_policy_preprocess(r->jobs[i].input, &r->popts, stdout, &diag) < 0) {
			pp_diag_print(&diag, stderr);
			return 1;
		}
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

static int setup_jobs(struct run *r, int argc, char **argv, int first)
{
	int nstdin = 0;

	r->njobs = argc > first ? (size_t)(argc - first) : 1;
	r->jobs = calloc(r->njobs, sizeof(*r->jobs));
	if (!r->jobs) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		j->input = argc > first ? argv[first + (int)i] : "-";
		if (!is_stdin(j))
			continue;
		if (nstdin++) {
			fprintf(stderr, "%s: standard input (\"-\") given twice\n", prog);
			return -1;
		}
		if (r->o->preprocess)
			continue;
		j->text = read_stream(stdin, &j->text_len);
		if (!j->text) {
			fprintf(stderr, "%s: reading standard input: %s\n", prog, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void free_jobs(struct run *r)
{
	for (size_t i = 0; r->jobs && i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		free(j->text);
		free(j->blob);
		for (size_t k = 0; k < j->nnames; k++)
			free(j->names[k]);
		free(j->names);
		for (size_t u = 0; u < j->nunenforced; u++) {
			free((char *)j->unenforced[u].cls);
			free((char *)j->unenforced[u].origin);
		}
		free(j->unenforced);
		if (j->pol)
			pp_policy_free(j->pol);
	}
	free(r->jobs);
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

/* After everything compiled: report, then write, cache and load. */
static int finish(struct run *r)
{
	const struct options *o = r->o;
	int failed = 0;

	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		if (j->failed) {
			failed++;
			if (j->diag.set)
				pp_diag_print(&j->diag, stderr);
			else
				fprintf(stderr, "%s: %s: %s\n", prog, j->input,
					j->err[0] ? j->err : "failed");
		} else if (o->verbose && o->op != PP_LOAD_REMOVE) {
			fprintf(stderr, "%s: %s: %s\n", prog, j->input,
				j->cache_hit ? "cache hit" : "compiled");
		}
	}
	if (failed) {
		fprintf(stderr, "%s: %d of %zu input(s) failed: nothing written or loaded\n",
			prog, failed, r->njobs);
		return 1;
	}
	warn_unenforced(r);
	if ((o->ofile || o->to_stdout) && write_output(r) < 0)
		return 1;
	write_caches(r);
	if (o->skip_load || o->ofile || o->to_stdout)
		return 0;
	return kernel_apply(r) < 0 ? 1 : 0;
}

/*
 * Each profile's compile allocates and frees the same large arrays again;
 * served by mmap/munmap (glibc's default above 128 KiB) every one of them
 * page-faults in afresh. Keep them in the heap for reuse instead.
 */
static void tune_malloc(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

int main(int argc, char **argv)
{
	struct options o = { .op = PP_LOAD_ADD, .cache_loc = PP_CACHE_DIR_DEFAULT };
	struct run r = { .o = &o };
	int first, rc;

	tune_malloc();
	first = parse_args(argc, argv, &o);
	if (first < 0)
		return first == -2 ? 0 : 2;
	if (!o.jobs)
		o.jobs = default_jobs();
	r.popts.include_dirs = o.includes;
	r.popts.n_include_dirs = o.nincludes;
	r.popts.strict = o.strict;
	r.popts.force_complain = o.complain;
	r.popts.warn = o.quiet ? NULL : stderr;
	atomic_init(&r.next, 0);
	if (setup_jobs(&r, argc, argv, first) < 0) {
		free_jobs(&r);
		return 2;
	}
	if (o.preprocess) {
		rc = preprocess_all(&r);
	} else {
		compile_all(&r, o.jobs);
		rc = finish(&r);
	}
	free_jobs(&r);
	return rc;
}
