// SPDX-License-Identifier: GPL-2.0-only
/*
 * pathprof LSM - sockets: create, bind and connect need a network rule
 * for the socket's address family and type (the blob's NET table: per
 * family, a mask with bit n for SOCK_* type n). Kernel-internal sockets
 * are not mediated.
 *
 * Locking: the profile is read under rcu_read_lock(); nothing sleeps.
 */

#include <linux/cred.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <net/sock.h>

#include "audit.h"
#include "common.h"
#include "cred.h"

static int pp_net_check(const char *op, int family, int type, int protocol)
{
	const struct cred *cred = current_cred();
	const struct pp_profile *p;
	struct pp_audit a;
	int err = 0;

	if (!pp_cred_confined(cred))
		return 0;
	rcu_read_lock();
	p = pp_cred_profile(cred);
	if (p) {
		u32 net[4], bit = (type > 0 && type < 32) ? 1u << type : 0;

		blob_net_get(&p->bp, family >= 0 ? family : PP_NET_NFAMILIES,
			     net);
		pp_audit_init(&a, op);
		a.family = family;
		a.sock_type = type;
		a.protocol = protocol;
		a.net_op = op;
		err = pp_audit_decide(p, &a, 1,
				      (net[0] & ~net[1] & bit) ? 1 : 0,
				      (net[1] & bit) ? 1 : 0,
				      (net[2] & bit) ? 1 : 0,
				      (net[3] & bit) ? 1 : 0, -EACCES);
	}
	rcu_read_unlock();
	return err;
}

static int pp_socket_create(int family, int type, int protocol, int kern)
{
	if (kern)
		return 0;
	return pp_net_check("create", family, type, protocol);
}

static int pp_socket_bind(struct socket *sock, struct sockaddr *address,
			  int addrlen)
{
	if (!sock->sk)
		return 0;
	return pp_net_check("bind", sock->sk->sk_family, sock->type,
			    sock->sk->sk_protocol);
}

static int pp_socket_connect(struct socket *sock, struct sockaddr *address,
			     int addrlen)
{
	if (!sock->sk)
		return 0;
	return pp_net_check("connect", sock->sk->sk_family, sock->type,
			    sock->sk->sk_protocol);
}

static struct security_hook_list pp_net_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(socket_create, pp_socket_create),
	LSM_HOOK_INIT(socket_bind, pp_socket_bind),
	LSM_HOOK_INIT(socket_connect, pp_socket_connect),
};

void __init pathprof_add_net_hooks(void)
{
	security_add_hooks(pp_net_hooks, ARRAY_SIZE(pp_net_hooks),
			   &pathprof_lsmid);
}
