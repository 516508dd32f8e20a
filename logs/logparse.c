// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Hand-written scanner for AppArmor / pathprof audit lines.
 *
 * Faster than a PCRE2 tokenizer on the same job (see
 * tests/logs/bench_scanner.c): a line is scanned once, left to right, and
 * most lines of a system log are rejected by one memmem().
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "logparse.h"

#define MAX_PAIRS 64

struct kv {
	const char *key, *val;
	size_t klen, vlen;
	bool quoted;
};

struct scan {
	struct kv kv[MAX_PAIRS];
	int n;
	char *why;
	size_t whylen;
};

static enum pp_line_result bad(struct scan *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (s->why && s->whylen)
		vsnprintf(s->why, s->whylen, fmt, ap);
	va_end(ap);
	return PP_LINE_MALFORMED;
}

/* The policy key must start a token: "xapparmor=" is not it. */
static const char *find_marker(const char *line, size_t len)
{
	static const char *const markers[] = { "apparmor=", "pathprof=" };
	const char *best = NULL;

	for (int m = 0; m < 2; m++) {
		const char *hay = line;
		size_t left = len;
		const char *hit;

		while ((hit = memmem(hay, left, markers[m], 9))) {
			if (hit == line || hit[-1] == ' ' || hit[-1] == '\'' ||
			    hit[-1] == '\t') {
				if (!best || hit < best)
					best = hit;
				break;
			}
			left -= (size_t)(hit + 1 - hay);
			hay = hit + 1;
		}
	}
	return best;
}

static bool is_key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* wrapped: inside auditd's msg='...' (USER_AVC): ' ends the list. */
static enum pp_line_result scan_pairs(struct scan *s, const char *p,
				      const char *end, bool wrapped)
{
	s->n = 0;
	for (;;) {
		struct kv *kv;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || (wrapped && *p == '\''))
			return PP_LINE_EVENT;
		if (s->n == MAX_PAIRS)
			return bad(s, "more than %d fields", MAX_PAIRS);
		kv = &s->kv[s->n];
		kv->key = p;
		while (p < end && is_key_char(*p))
			p++;
		kv->klen = (size_t)(p - kv->key);
		if (!kv->klen || p == end || *p != '=')
			return bad(s, "expected key=value at \"%.20s\"", kv->key);
		p++;
		kv->quoted = p < end && *p == '"';
		if (kv->quoted) {
			const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));

			if (!q)
				return bad(s, "unterminated quote in %.*s",
					   (int)kv->klen, kv->key);
			kv->val = p + 1;
			kv->vlen = (size_t)(q - p - 1);
			p = q + 1;
		} else {
			kv->val = p;
			while (p < end && *p != ' ' && *p != '\t' &&
			       !(wrapped && *p == '\''))
				p++;
			kv->vlen = (size_t)(p - kv->val);
		}
		s->n++;
	}
}

static const struct kv *get(const struct scan *s, const char *key)
{
	size_t klen = strlen(key);

	for (int i = 0; i < s->n; i++)
		if (s->kv[i].klen == klen && !memcmp(s->kv[i].key, key, klen))
			return &s->kv[i];
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Strings the kernel logs with audit_log_untrustedstring(). */
static bool is_string_key(const struct kv *kv)
{
	static const char *const keys[] = {
		"name", "name2", "profile", "label", "target", "comm",
		"peer", "srcname", "exe", "info", "fstype", "flags",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == kv->klen &&
		    !memcmp(keys[i], kv->key, kv->klen))
			return true;
	return false;
}

static char *value_dup(const struct kv *kv)
{
	bool hex = !kv->quoted && is_string_key(kv) && kv->vlen &&
		   kv->vlen % 2 == 0;
	char *out;

	for (size_t i = 0; hex && i < kv->vlen; i++)
		hex = hexval(kv->val[i]) >= 0;
	if (!hex)
		return strndup(kv->val, kv->vlen);
	out = malloc(kv->vlen / 2 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < kv->vlen / 2; i++)
		out[i] = (char)(hexval(kv->val[2 * i]) << 4 |
				hexval(kv->val[2 * i + 1]));
	out[kv->vlen / 2] = '\0';
	return out;
}

static char *dup_key(const struct scan *s, const char *key)
{
	const struct kv *kv = get(s, key);

	return kv ? value_dup(kv) : NULL;
}

static bool get_number(const struct scan *s, const char *key, long long *out)
{
	const struct kv *kv = get(s, key);
	char buf[32], *end;

	if (!kv)
		return true;
	if (!kv->vlen || kv->vlen >= sizeof(buf))
		return false;
	memcpy(buf, kv->val, kv->vlen);
	buf[kv->vlen] = '\0';
	errno = 0;
	*out = strtoll(buf, &end, 10);
	return !errno && *end == '\0';
}

/* audit(SEC.MSEC:SERIAL) or a dmesg/kmsg "[ SEC.USEC]" stamp. */
static void parse_stamp(const char *line, size_t len, struct pp_event *ev)
{
	const char *a = memmem(line, len, "audit(", 6);
	long long sec;
	long frac;
	unsigned long long serial;
	const char *b;

	if (a && sscanf(a, "audit(%lld.%ld:%llu)", &sec, &frac, &serial) == 3) {
		ev->ts_sec = sec;
		ev->ts_usec = frac * 1000; /* audit logs milliseconds */
		ev->serial = serial;
		return;
	}
	b = memchr(line, '[', len);
	if (b && sscanf(b, "[ %lld.%ld]", &sec, &frac) == 2) {
		ev->ts_sec = sec;
		ev->ts_usec = frac;
	}
}

static bool split_profile(struct pp_event *ev)
{
	const char *sep = strstr(ev->profile, "//");

	ev->parent = sep ? strndup(ev->profile, (size_t)(sep - ev->profile))
			 : strdup(ev->profile);
	if (!ev->parent)
		return false;
	if (!sep)
		return true;
	ev->child = strdup(sep + 2);
	if (!ev->child)
		return false;
	if (!strncmp(ev->child, "null-", 5)) {
		ev->null_profile = true;
		ev->null_exec = strdup(ev->child + 5);
		return ev->null_exec != NULL;
	}
	return true;
}

static bool has_key(const struct scan *s, const char *key)
{
	return get(s, key) != NULL;
}

static bool kv_is(const struct kv *kv, const char *val)
{
	return kv && kv->vlen == strlen(val) && !memcmp(kv->val, val, kv->vlen);
}

static enum pp_event_kind classify(const struct scan *s, const struct pp_event *ev,
				   bool masks_are_letters)
{
	const struct kv *cls = get(s, "class");

	if (kv_is(cls, "cap") || has_key(s, "capname") ||
	    !strcmp(ev->operation, "capable"))
		return PP_EV_CAPABILITY;
	if (kv_is(cls, "net") || (ev->family && !ev->path))
		return PP_EV_NETWORK;
	if (!ev->path || !masks_are_letters ||
	    !(ev->requested_text || ev->denied_text))
		return PP_EV_OTHER;
	if (!strcmp(ev->operation, "exec") ||
	    ((ev->requested | ev->denied) & PP_PERM_EXEC))
		return PP_EV_EXEC;
	return PP_EV_FILE;
}

static enum pp_line_result fill_numbers(struct scan *s, struct pp_event *ev)
{
	long long pid = -1, cap = -1, proto = -1;
	long long fsuid = -1, ouid = -1;

	if (!get_number(s, "pid", &pid))
		return bad(s, "bad pid");
	if (!get_number(s, "capability", &cap))
		return bad(s, "bad capability number");
	if (!get_number(s, "protocol", &proto))
		return bad(s, "bad protocol number");
	if (!get_number(s, "fsuid", &fsuid) || !get_number(s, "ouid", &ouid))
		return bad(s, "bad fsuid/ouid");
	ev->pid = (long)pid;
	ev->capability = (int)cap;
	ev->protocol = (int)proto;
	ev->fsuid = fsuid;
	ev->ouid = ouid;
	ev->has_owner = has_key(s, "fsuid") && has_key(s, "ouid");
	ev->owner = ev->has_owner && fsuid == ouid;
	return PP_LINE_EVENT;
}

static enum pp_line_result fill_event(struct scan *s, struct pp_event *ev)
{
	const struct kv *prof = get(s, "profile");
	bool letters = true;

	if (!prof)
		prof = get(s, "label");
	if (!has_key(s, "operation") || !prof)
		return bad(s, "no %s", prof ? "operation" : "profile");
	ev->operation = dup_key(s, "operation");
	ev->profile = value_dup(prof);
	ev->path = dup_key(s, "name");
	ev->path2 = dup_key(s, "name2");
	ev->target = dup_key(s, "target");
	ev->requested_text = dup_key(s, "requested_mask");
	ev->denied_text = dup_key(s, "denied_mask");
	ev->capname = dup_key(s, "capname");
	ev->family = dup_key(s, "family");
	ev->sock_type = dup_key(s, "sock_type");
	ev->info = dup_key(s, "info");
	ev->comm = dup_key(s, "comm");
	if (!ev->operation || !ev->profile || !split_profile(ev))
		return bad(s, "out of memory");
	if (fill_numbers(s, ev) != PP_LINE_EVENT)
		return PP_LINE_MALFORMED;
	if (ev->requested_text && !pp_mask_parse(ev->requested_text, &ev->requested))
		letters = false;
	if (ev->denied_text && !pp_mask_parse(ev->denied_text, &ev->denied))
		letters = false;
	ev->kind = classify(s, ev, letters);
	if (!letters && ev->path && !ev->family &&
	    kv_is(get(s, "class"), "file"))
		return bad(s, "bad file mask \"%s\"",
			   ev->requested_text ? ev->requested_text : ev->denied_text);
	if (ev->kind == PP_EV_CAPABILITY && !ev->capname && ev->capability < 0)
		return bad(s, "capability event without capname");
	return PP_LINE_EVENT;
}

static bool parse_mode(const struct kv *kv, struct pp_event *ev, bool *skip)
{
	*skip = false;
	if (kv_is(kv, "DENIED"))
		ev->mode = PP_EVM_DENIED;
	else if (kv_is(kv, "ALLOWED"))
		ev->mode = PP_EVM_ALLOWED;
	else if (kv_is(kv, "AUDIT"))
		ev->mode = PP_EVM_AUDIT;
	else if (kv_is(kv, "STATUS") || kv_is(kv, "HINT") ||
		 kv_is(kv, "ERROR") || kv_is(kv, "KILLED"))
		*skip = true; /* policy loads and notes, not access events */
	else
		return false;
	return true;
}

enum pp_line_result pp_log_parse_line(const char *line, size_t len,
				      struct pp_event *ev,
				      char *why, size_t whylen)
{
	struct scan s = { .why = why, .whylen = whylen };
	const char *mark = find_marker(line, len);
	const char *msgq;
	enum pp_line_result r;
	bool skip;

	memset(ev, 0, sizeof(*ev));
	if (!mark)
		return PP_LINE_SKIPPED;
	msgq = memmem(line, (size_t)(mark - line), "msg='", 5);
	r = scan_pairs(&s, mark, line + len, msgq != NULL);
	if (r != PP_LINE_EVENT)
		return r;
	if (!parse_mode(&s.kv[0], ev, &skip))
		return bad(&s, "unknown mode \"%.*s\"", (int)s.kv[0].vlen,
			   s.kv[0].val);
	if (skip)
		return PP_LINE_SKIPPED;
	ev->source = mark[0] == 'a' ? "apparmor" : "pathprof";
	parse_stamp(line, (size_t)(mark - line), ev);
	r = fill_event(&s, ev);
	if (r != PP_LINE_EVENT)
		pp_event_free(ev);
	return r;
}

int pp_log_tokenize(const char *line, size_t len)
{
	struct scan s = { .why = NULL, .whylen = 0 };
	const char *mark = find_marker(line, len);

	if (!mark)
		return -1;
	if (scan_pairs(&s, mark, line + len,
		       memmem(line, (size_t)(mark - line), "msg='", 5) != NULL) !=
	    PP_LINE_EVENT)
		return -1;
	return s.n;
}
