/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Reading policy events out of logs.
 *
 * A line is a policy line when it carries an `apparmor=` or `pathprof=`
 * key. Everything from that key on is a list of key=value pairs (values
 * quoted, or unquoted; unquoted values of string keys are hex-encoded, as
 * the kernel's audit_log_untrustedstring() writes them). What precedes it
 * (auditd's `type=AVC msg=audit(...)`, syslog's host and tag, dmesg's
 * `[  12.345678]`) only contributes the timestamp and serial.
 *
 * The scanner is hand-written: tests/logs/bench_scanner.c measures it
 * against a PCRE2 tokenizer on the same corpus.
 */
#ifndef PATHPROF_LOGS_LOGPARSE_H
#define PATHPROF_LOGS_LOGPARSE_H

#include <stddef.h>
#include <stdio.h>
#include "event.h"

enum pp_line_result {
	PP_LINE_MALFORMED = -1, /* looks like a policy line, does not parse */
	PP_LINE_SKIPPED = 0,    /* not a policy event (or a STATUS/HINT line) */
	PP_LINE_EVENT = 1,
};

/*
 * Parse one line (without its newline). On PP_LINE_EVENT *ev is filled and
 * owned by the caller; on PP_LINE_MALFORMED why says why.
 */
enum pp_line_result pp_log_parse_line(const char *line, size_t len,
				      struct pp_event *ev,
				      char *why, size_t whylen);

/*
 * Only the scan: the number of key=value pairs from the policy key on, or
 * -1 for a line without one (or malformed). For the scanner benchmark.
 */
int pp_log_tokenize(const char *line, size_t len);

struct pp_bad_line {
	char *source;          /* file name or "-" */
	unsigned long line_no;
	char *text;
	char *why;
};

struct pp_event_list {
	struct pp_event *ev;
	size_t n, cap;
	struct pp_bad_line *bad;
	size_t nbad, badcap;
	unsigned long lines, skipped;
};

/*
 * Append the events of stream f to list. With since non-NULL, only lines
 * after the first line containing since count (nothing counts if since
 * never appears). Returns 0, or -1 with errno set on a read error.
 */
int pp_log_read_stream(FILE *f, const char *name, const char *since,
		       struct pp_event_list *list);
/* path "-" reads stdin. */
int pp_log_read_file(const char *path, const char *since,
		     struct pp_event_list *list);
void pp_event_list_free(struct pp_event_list *list);

/* Debug / test form of one event: "kind mode op=... key=value ..." */
void pp_event_print(FILE *out, const struct pp_event *ev);

#endif /* PATHPROF_LOGS_LOGPARSE_H */
