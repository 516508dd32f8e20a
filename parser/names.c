/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Name tables: address families and socket types (numbers from the
 * kernel UAPI as glibc's <sys/socket.h> carries them), capabilities
 * (libcap), and AppArmor's permission letters.
 */
#include <string.h>
#include <sys/capability.h>
#include <sys/socket.h>
#include <linux/capability.h>
#include "parser.h"

struct name_num {
	const char *name;
	int num;
};

/* AppArmor's network family keywords. */
static const struct name_num families[] = {
	{ "unix", AF_UNIX }, { "local", AF_LOCAL }, { "inet", AF_INET },
	{ "ax25", AF_AX25 }, { "ipx", AF_IPX }, { "appletalk", AF_APPLETALK },
	{ "netrom", AF_NETROM }, { "bridge", AF_BRIDGE }, { "atmpvc", AF_ATMPVC },
	{ "x25", AF_X25 }, { "inet6", AF_INET6 }, { "rose", AF_ROSE },
	{ "decnet", AF_DECnet }, { "netbeui", AF_NETBEUI }, { "security", AF_SECURITY },
	{ "key", AF_KEY }, { "netlink", AF_NETLINK }, { "route", AF_ROUTE },
	{ "packet", AF_PACKET }, { "ash", AF_ASH }, { "econet", AF_ECONET },
	{ "atmsvc", AF_ATMSVC }, { "rds", AF_RDS }, { "sna", AF_SNA },
	{ "irda", AF_IRDA }, { "pppox", AF_PPPOX }, { "wanpipe", AF_WANPIPE },
	{ "llc", AF_LLC }, { "ib", AF_IB }, { "mpls", AF_MPLS }, { "can", AF_CAN },
	{ "tipc", AF_TIPC }, { "bluetooth", AF_BLUETOOTH }, { "iucv", AF_IUCV },
	{ "rxrpc", AF_RXRPC }, { "isdn", AF_ISDN }, { "phonet", AF_PHONET },
	{ "ieee802154", AF_IEEE802154 }, { "caif", AF_CAIF }, { "alg", AF_ALG },
	{ "nfc", AF_NFC }, { "vsock", AF_VSOCK }, { "kcm", AF_KCM },
	{ "qipcrtr", AF_QIPCRTR }, { "smc", AF_SMC }, { "xdp", AF_XDP },
	{ "mctp", AF_MCTP },
};

static const struct name_num types[] = {
	{ "stream", SOCK_STREAM }, { "dgram", SOCK_DGRAM }, { "raw", SOCK_RAW },
	{ "rdm", SOCK_RDM }, { "seqpacket", SOCK_SEQPACKET }, { "dccp", SOCK_DCCP },
	{ "packet", SOCK_PACKET },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

_Static_assert(AF_MAX <= 64, "PP_NET_NFAMILIES holds every family");

static int lookup(const struct name_num *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].num;
	return -1;
}

static const char *rlookup(const struct name_num *t, size_t n, int num)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].num == num)
			return t[i].name;
	return NULL;
}

int pp_net_family_from_name(const char *name)
{
	return lookup(families, N(families), name);
}

const char *pp_net_family_name(unsigned af)
{
	return af < PP_NET_NFAMILIES ? rlookup(families, N(families), (int)af) : NULL;
}

int pp_net_type_from_name(const char *name)
{
	return lookup(types, N(types), name);
}

const char *pp_net_type_name(unsigned type)
{
	return rlookup(types, N(types), (int)type);
}

int pp_cap_from_name(const char *name)
{
	char buf[64];
	cap_value_t v;

	if (!name[0] || strlen(name) > 40 || strchr(name, ','))
		return -1;
	/* AppArmor spells them "chown", libcap "cap_chown". */
	snprintf(buf, sizeof(buf), "cap_%s", name);
	for (char *p = buf; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			return -1;
	if (cap_from_name(buf, &v) || v < 0 || v > CAP_LAST_CAP)
		return -1;
	return v;
}

const char *pp_cap_name(unsigned cap)
{
	/* libcap's names are static and NUL-terminated; cap_to_name()
	 * would allocate, so keep our own copy of the kernel's list. */
	static const char *const names[] = {
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
	_Static_assert(N(names) == CAP_LAST_CAP + 1, "one name per capability");
	return cap < N(names) ? names[cap] : NULL;
}

char *pp_perms_string(uint32_t perms, char *buf)
{
	static const struct { uint32_t bit; char c; } order[] = {
		/* AppArmor's tools write "mrwalk" then x. */
		{ PP_PERM_MMAP, 'm' }, { PP_PERM_READ, 'r' }, { PP_PERM_WRITE, 'w' },
		{ PP_PERM_APPEND, 'a' }, { PP_PERM_LINK, 'l' }, { PP_PERM_LOCK, 'k' },
		{ PP_PERM_EXEC, 'x' },
	};
	char *p = buf;

	for (size_t i = 0; i < N(order); i++)
		if (perms & order[i].bit)
			*p++ = order[i].c;
	*p = 0;
	return buf;
}

char *pp_xmode_string(uint32_t xmode, char *buf)
{
	bool up = xmode & PP_X_SCRUB;
	char *p = buf;

	switch (xmode & PP_X_MODE_MASK) {
	case PP_X_INHERIT: *p++ = 'i'; break;
	case PP_X_PROFILE: *p++ = up ? 'P' : 'p'; break;
	case PP_X_CHILD: *p++ = up ? 'C' : 'c'; break;
	case PP_X_UNCONFINED: *p++ = up ? 'U' : 'u'; break;
	default: *buf = 0; return buf;
	}
	if (xmode & PP_X_FALLBACK_INHERIT)
		*p++ = 'i';
	if (xmode & PP_X_FALLBACK_UNCONFINED)
		*p++ = up ? 'U' : 'u';
	*p++ = 'x';
	*p = 0;
	return buf;
}
