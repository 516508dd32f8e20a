/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pathprof LSM - decision log lines.
 *
 * One line per logged decision, in AppArmor's key=value audit format with
 * pathprof's own key, e.g.
 *   pathprof="DENIED" operation="open" profile="/usr/bin/foo"
 *   name="/etc/shadow" pid=42 comm="foo" requested_mask="r"
 *   denied_mask="r" fsuid=0 ouid=0
 * Strings go through the same encoding as audit_log_untrustedstring():
 * quoted when printable, bare upper-case hex otherwise.
 *
 * Locking: callable in atomic context and under rcu_read_lock(); it only
 * allocates with GFP_ATOMIC and drops the line when that fails.
 */
#ifndef _SECURITY_PATHPROF_AUDIT_H
#define _SECURITY_PATHPROF_AUDIT_H

#include <linux/types.h>
#include <linux/uidgid.h>

enum pp_verdict {
	PP_AUDIT,   /* allowed, and an audit rule asked for a line */
	PP_ALLOWED, /* denied by the profile, allowed by complain mode */
	PP_DENIED,
	PP_STATUS,  /* policy changes */
	PP_KILLED,  /* denied in a kill-mode profile: the task gets SIGKILL */
};

struct pp_audit {
	const char *op;        /* operation="..." */
	const char *info;      /* info="..." reason, or NULL */
	int error;             /* error=N when non-zero */
	const char *profile;   /* profile="..." or NULL */
	const char *name;      /* name="..." or NULL */
	const char *target;    /* target="..." or NULL */
	u32 request, denied;   /* file masks, printed when request != 0 */
	bool file;             /* print fsuid= ouid= */
	kuid_t ouid;
	int cap;               /* >= 0: capability= capname= */
	int family;            /* >= 0: family= sock_type= protocol= */
	int sock_type, protocol;
	const char *net_op;    /* requested_mask for network lines */
	long offset;           /* >= 0: offset= (blob errors) */
};

void pp_audit_init(struct pp_audit *a, const char *op);
void pp_audit_log(enum pp_verdict verdict, const struct pp_audit *a);

/* File permission letters of mask into buf (at least 16 bytes). */
void pp_perm_string(u32 mask, char *buf);



struct pp_profile;

/*
 * Outcome of a request against what profile p allows, logged as the mode
 * says: allowed requests log AUDIT when they touch audit bits; denied ones
 * log DENIED (returns deny_err) or, in complain mode when no denied bit is
 * in deny (an explicit deny rule, enforced even in complain mode, as in
 * AppArmor), ALLOWED (returns 0); no line when every denied bit is quiet.
 * Fills a->profile and a->denied.
 */
int pp_audit_decide(const struct pp_profile *p, struct pp_audit *a,
		    u32 request, u32 allow, u32 deny, u32 audit, u32 quiet,
		    int deny_err);
#endif /* _SECURITY_PATHPROF_AUDIT_H */
