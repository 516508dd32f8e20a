/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * pp-match: ask a compiled policy blob what a profile allows for a path,
 * offline, with the very matcher the kernel uses (dfa/match.c).
 *
 * Permission letters are printed in the order AppArmor's tools write
 * them: m r w a l k x (utils/ppfmt.c). A path is matched byte for byte as
 * the kernel would see it: give directories with their trailing "/".
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "pp_config.h"
#include "ppblobfile.h"
#include "ppexplain.h"
#include "ppfmt.h"

enum which_half { HALF_BOTH, HALF_OWNER, HALF_OTHER };

struct options {
	bool json, explain, have_perm;
	uint32_t perm;
	enum which_half half;
	const char *link_target; /* --link-target: paths are link names */
};

static const char *prog = "pp-match";

static void usage(FILE *out)
{
	fprintf(out,
"Usage: %s [options] BLOB PROFILE [PATH...|-]\n"
"       %s --list BLOB\n"
"       %s --rules BLOB PROFILE\n"
"\n"
"Print what PROFILE in the compiled policy BLOB (from pp-parse -o) allows\n"
"for each PATH: allowed, denied, audited and quiet permissions, for the\n"
"owner of the file and for others, and the exec transition when x is\n"
"allowed. Without PATHs, or with \"-\", paths are read from standard input,\n"
"one per line. Letters are printed in the order m r w a l k x; \"-\" is none.\n"
"\n"
"Options:\n"
"  -p, --perm LETTERS  exit 1 unless every path is granted LETTERS\n"
"                      (granted: allowed and not denied)\n"
"      --owner         check --perm for the file's owner only\n"
"      --other         check --perm for other users only\n"
"                      (default: both must be granted)\n"
"  -e, --explain       name the source rules (file:line:col) that match\n"
"      --link-target T also say whether a hard link PATH to the existing\n"
"                      file T is allowed (l on PATH and on the pair PATH,\n"
"                      T, and PATH grants no more than T), owner and other\n"
"  -j, --json          one JSON object per path\n"
"  -l, --list          list the profiles in BLOB (name, attachment) and exit;\n"
"                      with --json also flags, states and rule count\n"
"  -r, --rules         list PROFILE's source rules (file:line:col, expanded\n"
"                      glob, permissions) and exit; with --json as objects\n"
"  -V, --version       print the version and exit\n"
"  -h, --help          print this help and exit\n"
"\n"
"Exit status: 0 success, 1 a --perm check failed, 2 usage or blob error.\n"
"See pp-match(1).\n",
		prog, prog, prog);
}

static void effective(const struct pp_perms_half *h, uint32_t *eff)
{
	*eff = h->allow & ~h->deny;
}

/* Half whose exec transition is reported: other if x is granted there. */
static const struct pp_perms_half *exec_half(const struct pp_perms *p)
{
	uint32_t eff;

	effective(&p->half[PP_OTHER], &eff);
	if (eff & PP_PERM_EXEC)
		return &p->half[PP_OTHER];
	effective(&p->half[PP_OWNER], &eff);
	if (eff & PP_PERM_EXEC)
		return &p->half[PP_OWNER];
	return NULL;
}

static const char *letters_or_dash(uint32_t perms, char *buf)
{
	pp_perm_letters(perms, buf);
	return buf[0] ? buf : "-";
}

static void print_half_text(const char *label, const struct pp_perms_half *h)
{
	char a[PP_PERM_LETTERS_MAX], d[PP_PERM_LETTERS_MAX];
	char au[PP_PERM_LETTERS_MAX], q[PP_PERM_LETTERS_MAX];

	printf("  %s: allow=%s deny=%s audit=%s quiet=%s", label,
	       letters_or_dash(h->allow, a), letters_or_dash(h->deny, d),
	       letters_or_dash(h->audit, au), letters_or_dash(h->quiet, q));
}

static void print_half_json(const char *label, const struct pp_perms_half *h)
{
	char a[PP_PERM_LETTERS_MAX], d[PP_PERM_LETTERS_MAX];
	char au[PP_PERM_LETTERS_MAX], q[PP_PERM_LETTERS_MAX];

	printf("\"%s\":{\"allow\":\"%s\",\"deny\":\"%s\",\"audit\":\"%s\",\"quiet\":\"%s\"}",
	       label, pp_perm_letters(h->allow, a), pp_perm_letters(h->deny, d),
	       pp_perm_letters(h->audit, au), pp_perm_letters(h->quiet, q));
}

static void print_exec(const struct blob_profile *prof, const struct pp_perms *p, bool json)
{
	const struct pp_perms_half *h = exec_half(p);
	const char *target;
	char mode[8];

	if (!h)
		return;
	pp_xmode_str(h->xmode, mode);
	target = h->xindex == PP_XINDEX_NONE ? NULL : blob_xtarget(prof, h->xindex);
	if (json) {
		printf(",\"exec\":{\"mode\":");
		pp_json_string(stdout, mode);
		printf(",\"target\":");
		if (target)
			pp_json_string(stdout, target);
		else
			printf("null");
		printf("}");
		return;
	}
	printf("  exec: %s", mode[0] ? mode : "x (no transition)");
	if (target)
		printf(" -> %s", target);
}

/* The kernel's hard link decision for one half (blob_link_decide); *info
 * says why not, NULL if granted. */
static bool link_granted(const struct blob_profile *prof, const char *name,
			 const char *target, uint32_t half, const char **info)
{
	struct blob_link_decision l;

	blob_link_decide(&prof->file, name, strlen(name), target, strlen(target), half, &l);
	*info = l.info;
	if (!*info && !(l.allow & PP_PERM_LINK))
		*info = "no l on the link name";
	return !*info;
}

static void print_link(const struct blob_profile *prof, const char *name, const char *target,
		       bool json)
{
	static const char *const label[2] = { "owner", "other" };
	const uint32_t halves[2] = { PP_OWNER, PP_OTHER };

	if (json) {
		printf(",\"link\":{\"target\":");
		pp_json_string(stdout, target);
	} else {
		printf("  link -> %s:", target);
	}
	for (int i = 0; i < 2; i++) {
		const char *info;
		bool ok = link_granted(prof, name, target, halves[i], &info);

		if (json) {
			printf(",\"%s\":{\"granted\":%s,\"info\":", label[i], ok ? "true" : "false");
			if (info)
				pp_json_string(stdout, info);
			else
				printf("null");
			printf("}");
		} else {
			printf(" %s %s%s%s%s", label[i], ok ? "granted" : "denied",
			       info ? " (" : "", info ? info : "", info ? ")" : "");
			printf(i ? "\n" : ",");
		}
	}
	if (json)
		printf("}");
}

static bool perm_granted(const struct options *o, const struct pp_perms *p)
{
	uint32_t own, oth;

	effective(&p->half[PP_OWNER], &own);
	effective(&p->half[PP_OTHER], &oth);
	switch (o->half) {
	case HALF_OWNER: return (own & o->perm) == o->perm;
	case HALF_OTHER: return (oth & o->perm) == o->perm;
	case HALF_BOTH: break;
	}
	return (own & o->perm) == o->perm && (oth & o->perm) == o->perm;
}

/* Returns true when the --perm check (if any) passed. */
static bool match_one(const struct options *o, const struct blob_profile *prof,
		      struct pp_explain *ex, const char *path)
{
	uint32_t state = blob_dfa_match(&prof->file, path, strlen(path));
	struct pp_perms p;
	bool ok;

	blob_dfa_perms(&prof->file, state, &p);
	ok = !o->have_perm || perm_granted(o, &p);
	if (o->json) {
		printf("{\"path\":");
		pp_json_string(stdout, path);
		printf(",\"profile\":");
		pp_json_string(stdout, prof->name);
		printf(",");
		print_half_json("owner", &p.half[PP_OWNER]);
		printf(",");
		print_half_json("other", &p.half[PP_OTHER]);
		print_exec(prof, &p, true);
		if (o->link_target)
			print_link(prof, path, o->link_target, true);
		if (o->have_perm)
			printf(",\"granted\":%s", ok ? "true" : "false");
		if (o->explain)
			pp_explain_json(ex, path, stdout);
		printf("}\n");
	} else {
		printf("%s\n", path);
		print_half_text("owner", &p.half[PP_OWNER]);
		printf("\n");
		print_half_text("other", &p.half[PP_OTHER]);
		printf("\n");
		if (exec_half(&p)) {
			print_exec(prof, &p, false);
			printf("\n");
		}
		if (o->link_target)
			print_link(prof, path, o->link_target, false);
		if (o->have_perm)
			printf("  %s\n", ok ? "granted" : "NOT granted");
		if (o->explain)
			pp_explain_text(ex, path, stdout);
	}
	return ok;
}

static bool match_stdin(const struct options *o, const struct blob_profile *prof,
			struct pp_explain *ex)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool ok = true;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0)
			continue;
		ok &= match_one(o, prof, ex, line);
	}
	free(line);
	return ok;
}

static void print_flags_json(uint32_t flags)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ PP_PROF_COMPLAIN, "complain" },
		{ PP_PROF_ATTACH_DISCONNECTED, "attach_disconnected" },
		{ PP_PROF_KILL, "kill" },
		{ PP_PROF_UNCONFINED, "unconfined" },
		{ PP_PROF_CHILD, "child" },
		{ PP_PROF_HAT, "hat" },
	};
	bool first = true;

	printf("[");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].bit))
			continue;
		printf("%s\"%s\"", first ? "" : ",", names[i].name);
		first = false;
	}
	printf("]");
}

static void list_one(const struct blob_profile *p, bool json)
{
	if (!json) {
		printf("%s%s%s\n", p->name, p->attach ? " " : "", p->attach ? p->attach : "");
		return;
	}
	printf("{\"name\":");
	pp_json_string(stdout, p->name);
	printf(",\"attach\":");
	if (p->attach)
		pp_json_string(stdout, p->attach);
	else
		printf("null");
	printf(",\"flags\":");
	print_flags_json(p->flags);
	printf(",\"file_states\":%u,\"rules\":%u}\n", p->file.nstates, p->nrules);
}

static int list_profiles(const char *file, bool json)
{
	struct pp_blobfile bf;
	struct blob_profile p;
	char err[1024];

	if (pp_blobfile_read(file, &bf, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 2;
	}
	for (size_t b = 0; b < bf.nblobs; b++) {
		uint32_t n = blob_profile_count(bf.blobs[b], bf.lens[b]);

		for (uint32_t i = 0; i < n; i++)
			if (blob_profile_get(bf.blobs[b], bf.lens[b], i, &p) == 0)
				list_one(&p, json);
	}
	pp_blobfile_free(&bf);
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o, bool *list, bool *rules)
{
	enum { OPT_OWNER = 256, OPT_OTHER, OPT_LINK_TARGET };
	static const struct option longopts[] = {
		{ "perm", required_argument, NULL, 'p' },
		{ "owner", no_argument, NULL, OPT_OWNER },
		{ "other", no_argument, NULL, OPT_OTHER },
		{ "explain", no_argument, NULL, 'e' },
		{ "link-target", required_argument, NULL, OPT_LINK_TARGET },
		{ "json", no_argument, NULL, 'j' },
		{ "list", no_argument, NULL, 'l' },
		{ "rules", no_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "p:ejlrVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (pp_perm_parse(optarg, &o->perm) < 0 || !o->perm) {
				fprintf(stderr, "%s: --perm wants letters from \"mrwalkx\", not \"%s\"\n",
					prog, optarg);
				return -1;
			}
			o->have_perm = true;
			break;
		case OPT_OWNER: o->half = HALF_OWNER; break;
		case OPT_OTHER: o->half = HALF_OTHER; break;
		case 'e': o->explain = true; break;
		case OPT_LINK_TARGET: o->link_target = optarg; break;
		case 'j': o->json = true; break;
		case 'l': *list = true; break;
		case 'r': *rules = true; break;
		case 'V':
			printf("pp-match (pathprof) %s\n", PP_VERSION);
			return -2;
		case 'h':
			usage(stdout);
			return -2;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return -1;
		}
	}
	if (o->half != HALF_BOTH && !o->have_perm) {
		fprintf(stderr, "%s: --owner/--other only make sense with --perm\n", prog);
		return -1;
	}
	return optind;
}

int main(int argc, char **argv)
{
	struct options o = { .half = HALF_BOTH };
	struct pp_blobfile bf;
	struct blob_profile prof;
	struct pp_explain ex;
	bool list = false, rules = false, ok = true, read_stdin;
	char err[1024];
	int first;

	first = parse_args(argc, argv, &o, &list, &rules);
	if (first < 0)
		return first == -2 ? 0 : 2;
	if (list) {
		if (argc - first != 1) {
			fprintf(stderr, "%s: --list takes exactly one BLOB\n", prog);
			return 2;
		}
		return list_profiles(argv[first], o.json);
	}
	if (argc - first < 2) {
		usage(stderr);
		return 2;
	}
	if (pp_blobfile_read(argv[first], &bf, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 2;
	}
	if (pp_blobfile_find(&bf, argv[first + 1], &prof) < 0) {
		fprintf(stderr, "%s: %s: no profile named \"%s\" (see %s --list %s)\n",
			prog, argv[first], argv[first + 1], prog, argv[first]);
		pp_blobfile_free(&bf);
		return 2;
	}
	pp_explain_init(&ex, &prof);
	if (rules) {
		pp_explain_list(&ex, o.json, stdout);
		read_stdin = false;
		goto done;
	}
	read_stdin = argc - first == 2;
	for (int i = first + 2; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			read_stdin = true;
		else
			ok &= match_one(&o, &prof, &ex, argv[i]);
	}
	if (read_stdin)
		ok &= match_stdin(&o, &prof, &ex);
done:
	pp_explain_free(&ex);
	pp_blobfile_free(&bf);
	if (fflush(stdout) != 0)
		return 2;
	return ok ? 0 : 1;
}
