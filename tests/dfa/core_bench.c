// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * dfa_compile time and peak memory on generated, realistic rule sets
 * (shared-library literals, config files, trailing * and **, braces,
 * owner/deny/audit, ix rules). Prints figures, asserts nothing but success.
 *
 *   core-compile-bench [N ...]      default: 100 1000 10000
 *
 * Each size runs in a fresh child so that its peak RSS is its own. The
 * "unanchored" mix also turns 1% of the rules into rules with a double
 * star in the middle, the worst case for subset construction.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "dfa.h"

static uint64_t rng_state = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static const char *const words[] = {
	"foo", "bar", "gtk", "glib", "ssl", "crypto", "python3", "perl", "dbus", "systemd",
	"pulse", "alsa", "fontconfig", "x11", "xcb", "mesa", "nss", "gnome", "kde", "qt5",
	"icu", "z", "bz2", "lzma", "zstd", "curl", "git", "vim", "bash", "ca-certificates",
	"locale", "terminfo", "mime", "icons", "themes", "dconf", "gvfs", "udev", "polkit",
	"apparmor",
};
#define NWORDS (sizeof(words) / sizeof(*words))

static char *make_glob(int kind, unsigned i)
{
	const char *w = words[rnd(NWORDS)], *w2 = words[rnd(NWORDS)];
	char buf[256];

	switch (kind) {
	case 0: snprintf(buf, sizeof(buf), "/usr/lib/x86_64-linux-gnu/lib%s%u.so.%u", w, i, rnd(9)); break;
	case 1: snprintf(buf, sizeof(buf), "/etc/%s/%s%u.conf", w, w2, i); break;
	case 2: snprintf(buf, sizeof(buf), "/usr/share/%s%u/**", w, i); break;
	case 3: snprintf(buf, sizeof(buf), "/home/*/.config/%s%u/*", w, i); break;
	case 4: snprintf(buf, sizeof(buf), "/proc/*/%s%u", w, i); break;
	case 5: snprintf(buf, sizeof(buf), "/{usr/,}bin/%s%u", w, i); break;
	case 6: snprintf(buf, sizeof(buf), "/var/log/%s%u/*.log", w, i); break;
	case 7: snprintf(buf, sizeof(buf), "/usr/lib/%s/%s%u/*.so*", w, w2, i); break;
	case 8: snprintf(buf, sizeof(buf), "/home/*/.cache/%s%u/**", w, i); break;
	case 9: snprintf(buf, sizeof(buf), "/usr/share/%s/%s%u.{png,svg,xpm}", w, w2, i); break;
	case 10: snprintf(buf, sizeof(buf), "/home/*/**/%s%u.pyc", w, i); break;
	case 11: snprintf(buf, sizeof(buf), "/**/%s%u/", w, i); break;
	default: snprintf(buf, sizeof(buf), "/usr/lib/python3/**/%s%u/*.py", w, i); break;
	}
	return strdup(buf);
}

static struct dfa_rule *make_rules(size_t n, bool unanchored)
{
	static const uint32_t perms[] = {
		PP_PERM_READ, PP_PERM_READ | PP_PERM_WRITE, PP_PERM_READ | PP_PERM_MMAP,
		PP_PERM_READ | PP_PERM_LOCK,
	};
	struct dfa_rule *r = calloc(n, sizeof(*r));

	for (size_t i = 0; r && i < n; i++) {
		int kind = unanchored && rnd(100) == 0 ? 10 + (int)rnd(3) : (int)rnd(10);

		r[i].glob = make_glob(kind, (unsigned)i);
		r[i].perms = perms[rnd(4)];
		r[i].xindex = PP_XINDEX_NONE;
		if (kind == 5) {
			r[i].perms = PP_PERM_READ | PP_PERM_EXEC | PP_PERM_MMAP;
			r[i].xmode = PP_X_INHERIT;
		}
		r[i].owner = rnd(5) == 0;
		r[i].deny = rnd(20) == 0;
		r[i].audit = rnd(30) == 0;
	}
	return r;
}

static int run_child(size_t n, bool unanchored)
{
	struct dfa_rule *rules = make_rules(n, unanchored);
	struct dfa_error err;
	struct dfa_stats st;
	struct timespec a, b;
	struct dfa *d;

	clock_gettime(CLOCK_MONOTONIC, &a);
	d = dfa_compile(rules, n, &err, &st);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (!d) {
		printf("  error: %s\n", err.msg);
		return 1;
	}
	printf("compile %zu rules (%s): %.3f s wall in dfa_compile, states nfa %u dfa %u min %u, "
	       "%u classes, %u records\n",
	       n, unanchored ? "unanchored 1%" : "realistic",
	       (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
	       st.nfa_states, st.dfa_states, st.min_states, d->nclasses, d->nperms);
	fflush(stdout);
	dfa_free(d);
	return 0;
}

static int measure(size_t n, bool unanchored)
{
	struct rusage ru;
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(run_child(n, unanchored));
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	printf("  cpu %.3f s (user+sys, whole child incl. rule generation), peak RSS %.1f MB\n",
	       (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
		       ru.ru_stime.tv_usec / 1e6,
	       ru.ru_maxrss / 1024.0);
	return 0;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 100, 1000, 10000 };
	int failed = 0;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			failed |= measure(strtoul(argv[i], NULL, 10), false);
		return failed;
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
		failed |= measure(sizes[i], false);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
		failed |= measure(sizes[i], true);
	return failed;
}
