// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Scanner benchmark over the same lines: the hand-written tokenizer and a
 * PCRE2 one (JIT-compiled) doing the same job (find the policy key, split
 * key=value pairs), plus the hand-written parser building full events.
 * Prints figures, asserts nothing about speed; it fails only if the two
 * tokenizers disagree on a line's pair count.
 *   bench_scanner CORPUS [ROUNDS]
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "logparse.h"

struct lines {
	char **v;
	size_t *len;
	size_t n;
};

static void load(const char *path, struct lines *l)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f) {
		perror(path);
		exit(2);
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->len = realloc(l->len, (l->n + 1) * sizeof(*l->len));
		l->v[l->n] = strdup(line);
		l->len[l->n++] = (size_t)len;
	}
	free(line);
	fclose(f);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pcre2_code *compile(const char *re)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, 0,
				      &err, &off, NULL);

	if (!c) {
		fprintf(stderr, "pcre2_compile failed at %zu\n", (size_t)off);
		exit(2);
	}
	pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

/* Returns the number of pairs, or -1 if the line is not a policy line. */
static int pcre2_tokenize(pcre2_code *mark, pcre2_code *pair,
			  pcre2_match_data *md, const char *s, size_t len)
{
	PCRE2_SIZE *ov;
	size_t pos;
	int n = 0;

	if (pcre2_match(mark, (PCRE2_SPTR)s, len, 0, 0, md, NULL) < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(md);
	pos = ov[2];
	while (pos < len &&
	       pcre2_match(pair, (PCRE2_SPTR)s, len, pos, PCRE2_ANCHORED, md,
			   NULL) > 0) {
		pos = ov[1];
		n++;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct lines l = { 0 };
	int rounds = argc > 2 ? atoi(argv[2]) : 2000;
	pcre2_code *mark, *pair;
	pcre2_match_data *md;
	unsigned long hand_events = 0, disagree = 0;
	long hand_pairs = 0, re_pairs = 0;
	double t0, hand, tok, re;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS [ROUNDS]\n", argv[0]);
		return 2;
	}
	load(argv[1], &l);
	mark = compile("(?:^|[ '\\t])()(?:apparmor|pathprof)=");
	pair = compile("[ \\t]*([A-Za-z0-9_.-]+)=(\"[^\"]*\"|[^ \\t']*)");
	md = pcre2_match_data_create_from_pattern(pair, NULL);
	pcre2_match_data_free(md);
	md = pcre2_match_data_create(8, NULL);

	/* both tokenizers agree on every well-formed line */
	for (size_t i = 0; i < l.n; i++) {
		int h = pp_log_tokenize(l.v[i], l.len[i]);
		int p = pcre2_tokenize(mark, pair, md, l.v[i], l.len[i]);

		if (h >= 0 && h != p) {
			printf("disagree (hand %d, pcre2 %d): %s\n", h, p, l.v[i]);
			disagree++;
		}
	}

	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < l.n; i++)
			hand_pairs += pp_log_tokenize(l.v[i], l.len[i]);
	tok = now() - t0;

	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < l.n; i++)
			re_pairs += pcre2_tokenize(mark, pair, md, l.v[i], l.len[i]);
	re = now() - t0;

	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < l.n; i++) {
			struct pp_event ev;

			if (pp_log_parse_line(l.v[i], l.len[i], &ev, NULL, 0) ==
			    PP_LINE_EVENT) {
				hand_events++;
				pp_event_free(&ev);
			}
		}
	hand = now() - t0;

	printf("lines: %zu x %d rounds (pairs: hand %ld, pcre2 %ld)\n", l.n,
	       rounds, hand_pairs, re_pairs);
	printf("hand tokenizer:             %.1f ns/line\n",
	       tok * 1e9 / (double)(l.n * (size_t)rounds));
	printf("pcre2 jit tokenizer:        %.1f ns/line\n",
	       re * 1e9 / (double)(l.n * (size_t)rounds));
	printf("hand parser (full events):  %.1f ns/line\n",
	       hand * 1e9 / (double)(l.n * (size_t)rounds));
	printf("tokenizer ratio pcre2/hand: %.2f\n", re / tok);
	pcre2_match_data_free(md);
	pcre2_code_free(mark);
	pcre2_code_free(pair);
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
	free(l.len);
	return disagree || !hand_events;
}
