/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One policy event read from a log line, whatever its source: pathprof's
 * own lines, AppArmor's through auditd, syslog, the journal or dmesg.
 */
#ifndef PATHPROF_LOGS_EVENT_H
#define PATHPROF_LOGS_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include "perms.h"

enum pp_event_kind {
	PP_EV_FILE,
	PP_EV_EXEC,
	PP_EV_CAPABILITY,
	PP_EV_NETWORK,
	PP_EV_OTHER,
};

enum pp_event_mode {
	PP_EVM_DENIED,
	PP_EVM_ALLOWED, /* complain mode */
	PP_EVM_AUDIT,   /* audit rule, access allowed */
};

/*
 * Strings are owned by the event (pp_event_free) and already hex-decoded.
 * A NULL string means the key was absent from the line.
 */
struct pp_event {
	enum pp_event_kind kind;
	enum pp_event_mode mode;
	const char *source;    /* "pathprof" or "apparmor" */
	char *operation;
	char *profile;         /* as logged: "a//b", "/usr/bin/foo//null-/bin/ls" */
	char *parent;          /* profile up to the first "//" */
	char *child;           /* rest after the first "//", or NULL */
	bool null_profile;     /* child is a learning "null-..." profile */
	char *null_exec;       /* for null profiles: the exec'd path after "null-" */
	char *path;            /* name= */
	char *path2;           /* name2= (link / rename target) */
	char *target;          /* target= (exec transition or link source) */
	char *requested_text;  /* raw requested_mask (network masks are words) */
	char *denied_text;
	uint32_t requested;    /* PP_PERM_* from requested_mask */
	uint32_t denied;       /* PP_PERM_* from denied_mask */
	bool owner;            /* fsuid == ouid */
	bool has_owner;        /* both fsuid and ouid were logged */
	long long fsuid, ouid;
	char *capname;
	int capability;        /* -1 when absent */
	char *family, *sock_type;
	int protocol;          /* -1 when absent */
	char *info;
	long pid;              /* -1 when absent */
	char *comm;
	/* audit(SEC.MSEC:SERIAL) if present, else the dmesg [SEC.USEC] stamp */
	long long ts_sec;
	long ts_usec;
	unsigned long long serial;
	unsigned long line_no; /* 1-based line in its input */
};

void pp_event_free(struct pp_event *ev);

const char *pp_event_kind_name(enum pp_event_kind kind);
const char *pp_event_mode_name(enum pp_event_mode mode);

/*
 * AppArmor mask letters ("rw", "::r", "wc": c and d are create and delete,
 * both w) -> PP_PERM_* bits. Returns false on a letter that is not a file
 * permission (network masks are words, not letters).
 */
bool pp_mask_parse(const char *text, uint32_t *out);
/* PP_PERM_* -> letters in AppArmor's canonical order; buf >= 8 bytes. */
char *pp_mask_format(uint32_t perms, char *buf);

#endif /* PATHPROF_LOGS_EVENT_H */
