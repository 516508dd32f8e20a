// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - decision log lines (format: audit.h, README.md).
 *
 * The line is built in one GFP_ATOMIC buffer and then handed to the audit
 * subsystem as an AUDIT_AVC record (AppArmor's record type, so the same
 * tools read both), or to printk when audit is not built in or not
 * initialized. Audit applies its own rate limit (audit_rate_limit and
 * the printk rate limit of kauditd); the printk fallback has ours.
 *
 * Locking: none; safe in atomic context.
 */

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "audit.h"
#include "dfa/perms.h"
#include "policy.h"

#define PP_LOG_SIZE (3 * PATH_MAX)

struct pp_line {
	char *buf;
	size_t len, size;
};

static void pp_put(struct pp_line *l, const char *fmt, ...) __printf(2, 3);

static void pp_put(struct pp_line *l, const char *fmt, ...)
{
	va_list args;

	if (l->len >= l->size)
		return;
	va_start(args, fmt);
	l->len += vscnprintf(l->buf + l->len, l->size - l->len, fmt, args);
	va_end(args);
}

/* audit_log_untrustedstring()'s encoding: "quoted" or bare hex. */
static void pp_put_string(struct pp_line *l, const char *key, const char *s)
{
	size_t i, n = strlen(s);
	bool hex = false;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c < 0x21 || c > 0x7e)
			hex = true;
	}
	if (l->len + strlen(key) + 4 + (hex ? 2 * n : n) >= l->size) {
		pp_put(l, " %s=\"?\"", key);
		return;
	}
	pp_put(l, " %s=", key);
	if (!hex) {
		pp_put(l, "\"%s\"", s);
		return;
	}
	for (i = 0; i < n; i++)
		pp_put(l, "%02X", (unsigned char)s[i]);
}

void pp_perm_string(u32 mask, char *buf)
{
	static const struct { u32 bit; char c; } letters[] = {
		{ PP_PERM_MMAP, 'm' },  { PP_PERM_READ, 'r' },
		{ PP_PERM_WRITE, 'w' }, { PP_PERM_APPEND, 'a' },
		{ PP_PERM_LINK, 'l' },  { PP_PERM_LOCK, 'k' },
		{ PP_PERM_EXEC, 'x' },
	};
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(letters); i++)
		if (mask & letters[i].bit)
			buf[n++] = letters[i].c;
	buf[n] = '\0';
}

static const char *const pp_cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid",
	"kill", "setgid", "setuid", "setpcap", "linux_immutable",
	"net_bind_service", "net_broadcast", "net_admin", "net_raw",
	"ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot",
	"sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
	"audit_write", "audit_control", "setfcap", "mac_override",
	"mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read",
	"perfmon", "bpf", "checkpoint_restore",
};

static const char *pp_family_name(int family)
{
	switch (family) {
	case 1: return "unix";
	case 2: return "inet";
	case 10: return "inet6";
	case 16: return "netlink";
	case 17: return "packet";
	default: return NULL;
	}
}

static const char *const pp_sock_type_names[] = {
	[1] = "stream", [2] = "dgram", [3] = "raw", [4] = "rdm",
	[5] = "seqpacket", [6] = "dccp", [10] = "packet",
};

static void pp_put_net(struct pp_line *l, const struct pp_audit *a)
{
	const char *family = pp_family_name(a->family);
	const char *type = NULL;

	if (a->sock_type > 0 && a->sock_type < ARRAY_SIZE(pp_sock_type_names))
		type = pp_sock_type_names[a->sock_type];
	if (family)
		pp_put(l, " family=\"%s\"", family);
	else
		pp_put(l, " family=%d", a->family);
	if (type)
		pp_put(l, " sock_type=\"%s\"", type);
	else
		pp_put(l, " sock_type=%d", a->sock_type);
	pp_put(l, " protocol=%d", a->protocol);
	if (a->net_op)
		pp_put(l, " requested_mask=\"%s\" denied_mask=\"%s\"", a->net_op,
		       a->denied ? a->net_op : "");
}

static void pp_put_file(struct pp_line *l, const struct pp_audit *a)
{
	char req[16], den[16];

	pp_perm_string(a->request, req);
	pp_perm_string(a->denied, den);
	pp_put(l, " requested_mask=\"%s\" denied_mask=\"%s\"", req, den);
	if (a->file)
		pp_put(l, " fsuid=%u ouid=%u",
		       from_kuid(&init_user_ns, current_fsuid()),
		       from_kuid(&init_user_ns, a->ouid));
}

static void pp_format(struct pp_line *l, enum pp_verdict v,
		      const struct pp_audit *a)
{
	static const char *const verdicts[] = {
		[PP_AUDIT] = "AUDIT", [PP_ALLOWED] = "ALLOWED",
		[PP_DENIED] = "DENIED", [PP_STATUS] = "STATUS",
		[PP_KILLED] = "KILLED",
	};
	char comm[TASK_COMM_LEN];

	pp_put(l, "pathprof=\"%s\" operation=\"%s\"", verdicts[v], a->op);
	if (a->info) /* our own text, printed as AppArmor prints its info */
		pp_put(l, " info=\"%s\"", a->info);
	if (a->error)
		pp_put(l, " error=%d", a->error);
	if (a->profile)
		pp_put_string(l, "profile", a->profile);
	if (a->name)
		pp_put_string(l, "name", a->name);
	pp_put(l, " pid=%d", task_tgid_nr(current));
	/* No task_lock(): callers may hold it. A racing rename is harmless. */
	memcpy(comm, current->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	pp_put_string(l, "comm", comm);
	if (a->cap >= 0) {
		pp_put(l, " capability=%d", a->cap);
		if (a->cap < ARRAY_SIZE(pp_cap_names))
			pp_put(l, " capname=\"%s\"", pp_cap_names[a->cap]);
	}
	if (a->family >= 0)
		pp_put_net(l, a);
	if (a->request)
		pp_put_file(l, a);
	if (a->target)
		pp_put_string(l, "target", a->target);
	if (a->offset >= 0)
		pp_put(l, " offset=%ld", a->offset);
}

void pp_audit_init(struct pp_audit *a, const char *op)
{
	memset(a, 0, sizeof(*a));
	a->op = op;
	a->cap = -1;
	a->family = -1;
	a->offset = -1;
}

static void pp_emit(const char *line)
{
	static DEFINE_RATELIMIT_STATE(pp_printk_rs, 5 * HZ, 100);
#ifdef CONFIG_AUDIT
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_ATOMIC | __GFP_NOWARN,
			     AUDIT_AVC);
	if (ab) {
		audit_log_format(ab, "%s", line);
		audit_log_end(ab);
		return;
	}
#endif
	if (__ratelimit(&pp_printk_rs))
		pr_notice("pathprof: %s\n", line);
}

void pp_audit_log(enum pp_verdict verdict, const struct pp_audit *a)
{
	struct pp_line l = { .size = PP_LOG_SIZE };

	l.buf = kmalloc(l.size, GFP_ATOMIC | __GFP_NOWARN);
	if (!l.buf)
		return;
	l.buf[0] = '\0';
	pp_format(&l, verdict, a);
	pp_emit(l.buf);
	kfree(l.buf);
}

int pp_audit_decide(const struct pp_profile *p, struct pp_audit *a,
		    u32 request, u32 allow, u32 deny, u32 audit, u32 quiet,
		    int deny_err)
{
	u32 denied = request & ~allow;
	bool complain = pp_profile_complain(p) && !(denied & deny);

	a->profile = p->bp.name;
	a->denied = denied;
	if (!denied) {
		if (request & audit)
			pp_audit_log(PP_AUDIT, a);
		return 0;
	}
	if (complain) {
		if (denied & ~quiet)
			pp_audit_log(PP_ALLOWED, a);
		return 0;
	}
	if (!(denied & ~quiet))
		return deny_err;
	if (READ_ONCE(p->flags) & PP_PROF_KILL) {
		pp_audit_log(PP_KILLED, a);
		send_sig(SIGKILL, current, 0);
	} else {
		pp_audit_log(PP_DENIED, a);
	}
	return deny_err;
}
