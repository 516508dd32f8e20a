// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Reading whole log files into an event list; the canonical event print. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "logparse.h"

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

static int keep_bad(struct pp_event_list *list, const char *name,
		    unsigned long line_no, const char *text, const char *why)
{
	struct pp_bad_line *b;

	if (grow((void **)&list->bad, &list->badcap, list->nbad, sizeof(*b)))
		return -1;
	b = &list->bad[list->nbad];
	b->source = strdup(name);
	b->text = strdup(text);
	b->why = strdup(why);
	b->line_no = line_no;
	if (!b->source || !b->text || !b->why) {
		free(b->source);
		free(b->text);
		free(b->why);
		return -1;
	}
	list->nbad++;
	return 0;
}

static int take_line(struct pp_event_list *list, const char *name,
		     unsigned long line_no, const char *line, size_t len)
{
	struct pp_event ev;
	char why[160] = "";

	switch (pp_log_parse_line(line, len, &ev, why, sizeof(why))) {
	case PP_LINE_SKIPPED:
		list->skipped++;
		return 0;
	case PP_LINE_MALFORMED:
		return keep_bad(list, name, line_no, line, why);
	case PP_LINE_EVENT:
		break;
	}
	if (grow((void **)&list->ev, &list->cap, list->n, sizeof(ev))) {
		pp_event_free(&ev);
		return -1;
	}
	ev.line_no = line_no;
	list->ev[list->n++] = ev;
	return 0;
}

int pp_log_read_stream(FILE *f, const char *name, const char *since,
		       struct pp_event_list *list)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long line_no = 0;
	bool started = since == NULL;
	int rc = 0;

	while ((len = getline(&line, &cap, f)) >= 0) {
		line_no++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!started) {
			started = strstr(line, since) != NULL;
			continue;
		}
		list->lines++;
		if (take_line(list, name, line_no, line, (size_t)len)) {
			rc = -1;
			break;
		}
	}
	if (ferror(f))
		rc = -1;
	free(line);
	return rc;
}

int pp_log_read_file(const char *path, const char *since,
		     struct pp_event_list *list)
{
	FILE *f;
	int rc, saved;

	if (!strcmp(path, "-"))
		return pp_log_read_stream(stdin, "-", since, list);
	f = fopen(path, "r");
	if (!f)
		return -1;
	rc = pp_log_read_stream(f, path, since, list);
	saved = errno;
	fclose(f);
	errno = saved;
	return rc;
}

void pp_event_list_free(struct pp_event_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		pp_event_free(&list->ev[i]);
	for (size_t i = 0; i < list->nbad; i++) {
		free(list->bad[i].source);
		free(list->bad[i].text);
		free(list->bad[i].why);
	}
	free(list->ev);
	free(list->bad);
	memset(list, 0, sizeof(*list));
}

static void put_str(FILE *out, const char *key, const char *val)
{
	if (!val)
		return;
	fprintf(out, " %s=\"", key);
	for (const unsigned char *p = (const unsigned char *)val; *p; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

void pp_event_print(FILE *out, const struct pp_event *ev)
{
	char buf[16];

	fprintf(out, "%s %s %s", pp_event_kind_name(ev->kind),
		pp_event_mode_name(ev->mode), ev->source);
	put_str(out, "op", ev->operation);
	put_str(out, "parent", ev->parent);
	put_str(out, "child", ev->child);
	if (ev->null_profile)
		put_str(out, "null_exec", ev->null_exec);
	put_str(out, "path", ev->path);
	put_str(out, "path2", ev->path2);
	put_str(out, "target", ev->target);
	if (ev->kind == PP_EV_FILE || ev->kind == PP_EV_EXEC) {
		fprintf(out, " req=%s", pp_mask_format(ev->requested, buf));
		fprintf(out, " den=%s", pp_mask_format(ev->denied, buf));
	} else {
		put_str(out, "req", ev->requested_text);
		put_str(out, "den", ev->denied_text);
	}
	if (ev->has_owner)
		fprintf(out, " owner=%d", ev->owner);
	put_str(out, "cap", ev->capname);
	if (ev->capability >= 0)
		fprintf(out, " capnum=%d", ev->capability);
	put_str(out, "family", ev->family);
	put_str(out, "type", ev->sock_type);
	if (ev->protocol >= 0)
		fprintf(out, " proto=%d", ev->protocol);
	put_str(out, "info", ev->info);
	if (ev->pid >= 0)
		fprintf(out, " pid=%ld", ev->pid);
	put_str(out, "comm", ev->comm);
	if (ev->ts_sec || ev->ts_usec)
		fprintf(out, " ts=%lld.%06ld", ev->ts_sec, ev->ts_usec);
	if (ev->serial)
		fprintf(out, " serial=%llu", ev->serial);
	fputc('\n', out);
}
