/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Rules inside a profile body: qualifiers, file rules (both orders),
 * link rules, capability, network, and the classes pathprof parses but
 * does not enforce yet. Meaning of each permission: SEMANTICS.md.
 */
#include <string.h>
#include "internal.h"

struct quals {
	bool audit, deny, allow, owner;
	size_t start;              /* offset of the rule's first token */
};

/* Rule classes accepted but not enforced: skipped to their ','. */
static const char *const unenforced_classes[] = {
	"dbus", "signal", "ptrace", "unix", "mount", "umount", "remount",
	"pivot_root", "change_profile", "change_hat", "mqueue", "userns",
	"io_uring", "all", "rlimit",
};

bool is_unenforced_class(const struct cur *c, size_t *kwlen)
{
	size_t n = lex_ident(c);
	const char *w = c->src->text + c->pos;

	for (size_t i = 0; i < sizeof(unenforced_classes) / sizeof(unenforced_classes[0]); i++)
		if (strlen(unenforced_classes[i]) == n && !memcmp(unenforced_classes[i], w, n)) {
			*kwlen = n;
			return true;
		}
	return false;
}

int note_unenforced(struct ctx *x, const struct cur *c, const char *cls, size_t len)
{
	struct pp_unenforced *u;

	if (x->opts->strict)
		return perr_at(x, c, "'%.*s' rules are not enforced by pathprof (strict mode)",
			       (int)len, cls);
	for (size_t i = 0; i < x->unenforced.n; i++) {
		u = vec_at(&x->unenforced, i);
		if (strlen(u->cls) == len && !memcmp(u->cls, cls, len)) {
			u->count++;
			return 0;
		}
	}
	u = vec_push(&x->unenforced);
	u->cls = arena_strndup(x->a, cls, len);
	u->origin = origin_str(x, c->src, c->pos);
	u->count = 1;
	return 0;
}

bool looks_like_perms(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("rwalkmxipPcCuU", s[i]))
			return false;
	return true;
}

/* Exec qualifier letters -> PP_X_* (ix px Px cx Cx ux Ux pix Pix cix
 * Cix pux PUx cux CUx). */
static int decode_exec(struct ctx *x, const struct cur *at, const char *s,
		       unsigned mods, uint32_t *xmode)
{
	enum { I = 1, P = 2, C = 4, U = 8, UPPER = 16 };
	bool p = mods & P, ch = mods & C, u = mods & U, i = mods & I;
	uint32_t m;

	if (p && ch)
		goto bad;
	if (p || ch) {
		if (i && u)
			goto bad;
		m = p ? PP_X_PROFILE : PP_X_CHILD;
		if (i)
			m |= PP_X_FALLBACK_INHERIT;
		if (u)
			m |= PP_X_FALLBACK_UNCONFINED;
	} else if (u) {
		if (i)
			goto bad;
		m = PP_X_UNCONFINED;
	} else {
		m = PP_X_INHERIT;
		if (mods & UPPER)
			goto bad;
	}
	if (mods & UPPER)
		m |= PP_X_SCRUB;
	*xmode = m;
	return 0;
bad:
	return perr_at(x, at, "invalid exec mode in '%s'", s);
}

int parse_perms(struct ctx *x, const struct cur *at, const char *s, bool deny,
		uint32_t *perms, uint32_t *xmode)
{
	enum { I = 1, P = 2, C = 4, U = 8, UPPER = 16 };
	unsigned mods = 0;
	bool has_w = false, has_a = false;

	*perms = 0;
	*xmode = PP_X_NONE;
	for (const char *q = s; *q; q++) {
		switch (*q) {
		case 'r': *perms |= PP_PERM_READ; break;
		/* AppArmor: w grants append too; w and a together conflict. */
		case 'w': *perms |= PP_PERM_WRITE | PP_PERM_APPEND; has_w = true; break;
		case 'a': *perms |= PP_PERM_APPEND; has_a = true; break;
		case 'l': *perms |= PP_PERM_LINK; break;
		case 'k': *perms |= PP_PERM_LOCK; break;
		case 'm': *perms |= PP_PERM_MMAP; break;
		case 'x': *perms |= PP_PERM_EXEC; break;
		case 'i': mods |= I; break;
		case 'p': mods |= P; break;
		case 'P': mods |= P | UPPER; break;
		case 'c': mods |= C; break;
		case 'C': mods |= C | UPPER; break;
		case 'u': mods |= U; break;
		case 'U': mods |= U | UPPER; break;
		default:
			return perr_at(x, at, "invalid permission '%c' in '%s'", *q, s);
		}
	}
	if (has_w && has_a)
		return perr_at(x, at, "permissions 'w' and 'a' conflict in '%s'", s);
	if (mods && !(*perms & PP_PERM_EXEC))
		return perr_at(x, at, "exec qualifier without 'x' in '%s'", s);
	if (!(*perms & PP_PERM_EXEC))
		return 0;
	if (deny) {
		if (mods)
			return perr_at(x, at, "deny rules take a plain 'x', not an exec mode ('%s')", s);
		return 0;
	}
	if (!mods)
		return perr_at(x, at, "'x' needs an exec mode (ix, px, Px, cx, Cx, ux, Ux, ...) in '%s'", s);
	if (decode_exec(x, at, s, mods, xmode))
		return -1;
	/* AppArmor: inheriting exec (ix, pix, cix) implies m, as the
	 * program is mapped executable under this same profile. */
	if ((*xmode & PP_X_MODE_MASK) == PP_X_INHERIT || (*xmode & PP_X_FALLBACK_INHERIT))
		*perms |= PP_PERM_MMAP;
	return 0;
}

uint32_t prof_xtarget(struct ctx *x, struct prof *p, const char *t)
{
	for (uint32_t i = 0; i < p->xtargets.n; i++)
		if (!strcmp(*(const char **)vec_at(&p->xtargets, i), t))
			return i;
	*(const char **)vec_push(&p->xtargets) = arena_strdup(x->a, t);
	return (uint32_t)p->xtargets.n - 1;
}

/*
 * One file rule. link_target is the "-> target" of a rule with l (NULL:
 * any target); compile_files() turns it into a link pair (link_pairs.c).
 */
static int add_file_rule(struct ctx *x, struct prof *p, const struct quals *q,
			 const struct cur *pathat, const char *glob,
			 uint32_t perms, uint32_t xmode, uint32_t xindex,
			 const char *link_target)
{
	struct dfa_rule *r;
	struct rule_loc *l;

	if (glob[0] != '/' && glob[0] != '{')
		return perr_at(x, pathat, "path '%s' must start with '/'", glob);
	r = vec_push(&p->rules);
	r->glob = arena_strdup(x->a, glob);
	r->perms = perms;
	r->xmode = q->deny ? PP_X_NONE : xmode;
	r->xindex = q->deny ? PP_XINDEX_NONE : xindex;
	r->owner = q->owner;
	r->deny = q->deny;
	r->audit = q->audit;
	r->origin = origin_str(x, pathat->src, q->start);
	l = vec_push(&p->locs);
	l->src = pathat->src;
	l->off = q->start;
	l->chain = x->snap;
	l->depth = x->depth;
	l->link_target = (perms & PP_PERM_LINK) ? link_target : NULL;
	return 0;
}

/* The expanded "-> target" (in tmp2) as a link target, kept in the arena. */
static const char *link_target_of(struct ctx *x, const struct cur *tat)
{
	if (x->tmp2.s[0] != '/' && x->tmp2.s[0] != '{') {
		perr_at(x, tat, "link target '%s' must start with '/'", x->tmp2.s);
		return NULL;
	}
	return arena_strdup(x->a, x->tmp2.s);
}

/* Optional "-> target" before the ','. Returns 1 if present (in tmp2). */
static int parse_arrow(struct ctx *x, struct cur *c, struct cur *tat)
{
	lex_skip(c);
	if (cur_peek(c) != '-' || cur_peek_at(c, 1) != '>')
		return 0;
	c->pos += 2;
	lex_skip(c);
	*tat = *c;
	if (lex_word(x, c, &x->tmp))
		return -1;
	sbuf_reset(&x->tmp2);
	if (var_expand(x, tat, x->tmp.s, &x->tmp2))
		return -1;
	return 1;
}

/* Full name of an exec target: "cx -> foo" names this profile's child. */
static uint32_t exec_target(struct ctx *x, struct prof *p, uint32_t xmode, const char *t)
{
	if ((xmode & PP_X_MODE_MASK) == PP_X_CHILD && !strstr(t, "//")) {
		struct sbuf b = { 0 };
		uint32_t i;

		sbuf_add(&b, p->pub.name);
		sbuf_add(&b, "//");
		sbuf_add(&b, t);
		i = prof_xtarget(x, p, b.s);
		sbuf_free(&b);
		return i;
	}
	return prof_xtarget(x, p, t);
}

/* PATH PERMS [-> T],   or   PERMS PATH [-> T], */
static int parse_file_rule(struct ctx *x, struct cur *c, struct prof *p,
			   const struct quals *q, bool perms_first)
{
	struct cur pat, mat, tat;
	char *path, *mode;
	uint32_t perms, xmode, xindex = PP_XINDEX_NONE;
	const char *link_target = NULL;
	int arrow;

	if (perms_first) {
		mat = *c;
		if (lex_word(x, c, &x->tmp))
			return -1;
		mode = arena_strdup(x->a, x->tmp.s);
		lex_skip(c);
		pat = *c;
		if (lex_word(x, c, &x->tmp))
			return -1;
		path = arena_strdup(x->a, x->tmp.s);
	} else {
		pat = *c;
		if (lex_word(x, c, &x->tmp))
			return -1;
		path = arena_strdup(x->a, x->tmp.s);
		lex_skip(c);
		mat = *c;
		if (cur_peek(c) == ',')
			return perr_at(x, c, "missing permissions after '%s'", path);
		if (lex_word(x, c, &x->tmp))
			return -1;
		mode = arena_strdup(x->a, x->tmp.s);
	}
	if (parse_perms(x, &mat, mode, q->deny, &perms, &xmode))
		return -1;
	arrow = parse_arrow(x, c, &tat);
	if (arrow < 0)
		return -1;
	if (arrow) {
		uint32_t m = xmode & PP_X_MODE_MASK;

		/* "l /a -> /b" is a link rule; px/cx name their target. Like
		 * apparmor_parser, accept a target elsewhere and ignore it. */
		if ((perms & PP_PERM_EXEC) && !q->deny && (m == PP_X_PROFILE || m == PP_X_CHILD))
			xindex = exec_target(x, p, xmode, x->tmp2.s);
		else if (!(perms & PP_PERM_LINK))
			pwarn(x, &tat, "'-> %s' has no effect without px/cx or 'l'", x->tmp2.s);
		else if (!(link_target = link_target_of(x, &tat)))
			return -1;
	}
	if (lex_expect(x, c, ','))
		return -1;
	sbuf_reset(&x->tmp2);
	if (var_expand(x, &pat, path, &x->tmp2))
		return -1;
	return add_file_rule(x, p, q, &pat, x->tmp2.s, perms, xmode, xindex, link_target);
}

/* link [subset] SRC -> TARGET, : 'l' on the pair SRC, TARGET. 'subset'
 * is what the kernel checks for every link anyway. */
static int parse_link_rule(struct ctx *x, struct cur *c, struct prof *p,
			   const struct quals *q)
{
	struct cur pat, tat;
	const char *target;
	char *path;
	int arrow;

	lex_skip(c);
	if (lex_keyword(c, "subset"))
		lex_skip(c);
	pat = *c;
	if (lex_word(x, c, &x->tmp))
		return -1;
	path = arena_strdup(x->a, x->tmp.s);
	arrow = parse_arrow(x, c, &tat);
	if (arrow < 0)
		return -1;
	if (!arrow)
		return perr_at(x, c, "link rule needs '-> target'");
	if (!(target = link_target_of(x, &tat)))
		return -1;
	if (lex_expect(x, c, ','))
		return -1;
	sbuf_reset(&x->tmp2);
	if (var_expand(x, &pat, path, &x->tmp2))
		return -1;
	return add_file_rule(x, p, q, &pat, x->tmp2.s, PP_PERM_LINK, PP_X_NONE,
			     PP_XINDEX_NONE, target);
}

static void set_bits(uint64_t *sets, const struct quals *q, uint64_t bits)
{
	if (q->deny) {
		sets[PP_CAP_DENY] |= bits;
		if (!q->audit)
			sets[PP_CAP_QUIET] |= bits;
	} else {
		sets[PP_CAP_ALLOW] |= bits;
	}
	if (q->audit)
		sets[PP_CAP_AUDIT] |= bits;
}

static int parse_capability(struct ctx *x, struct cur *c, struct prof *p,
			    const struct quals *q)
{
	uint64_t bits = 0;
	bool any = false;

	for (;;) {
		int cap;

		lex_skip(c);
		if (cur_peek(c) == ',')
			break;
		if (lex_word(x, c, &x->tmp))
			return -1;
		cap = pp_cap_from_name(x->tmp.s);
		if (cap < 0 || cap > 63) {
			struct cur at = *c;

			at.pos -= x->tmp.len;
			return perr_at(x, &at, "unknown capability '%s'", x->tmp.s);
		}
		bits |= 1ull << cap;
		any = true;
	}
	c->pos++;
	if (!any)
		for (int i = 0; i < 64; i++)
			if (pp_cap_name((unsigned)i))
				bits |= 1ull << i;
	set_bits(p->pub.caps, q, bits);
	return 0;
}

static void net_apply(struct pp_net_perms *n, const struct quals *q, uint32_t types)
{
	if (q->deny) {
		n->deny |= types;
		if (!q->audit)
			n->quiet |= types;
	} else {
		n->allow |= types;
	}
	if (q->audit)
		n->audit |= types;
}

/* Protocol names: the type each protocol runs over. */
static int proto_types(const char *w, uint32_t *types)
{
	if (!strcmp(w, "tcp"))
		*types = 1u << 1;           /* SOCK_STREAM */
	else if (!strcmp(w, "udp"))
		*types = 1u << 2;           /* SOCK_DGRAM */
	else if (!strcmp(w, "icmp") || !strcmp(w, "icmpv6"))
		*types = (1u << 2) | (1u << 3); /* SOCK_DGRAM | SOCK_RAW */
	else
		return -1;
	return 0;
}

#define NET_ALL_TYPES 0x7feu /* SOCK_* 1..10 */

static int parse_network(struct ctx *x, struct cur *c, struct prof *p,
			 const struct quals *q)
{
	int family = -1;
	uint32_t types = 0;

	for (;;) {
		struct cur at;
		int v;
		uint32_t pt;

		lex_skip(c);
		if (cur_peek(c) == ',')
			break;
		at = *c;
		if (lex_word(x, c, &x->tmp))
			return -1;
		if (family < 0 && !types && (v = pp_net_family_from_name(x->tmp.s)) >= 0)
			family = v;
		else if (!types && (v = pp_net_type_from_name(x->tmp.s)) >= 0)
			types = 1u << v;
		else if (!types && !proto_types(x->tmp.s, &pt))
			types = pt;
		else
			return perr_at(x, &at, "unknown network family, type or protocol '%s'",
				       x->tmp.s);
	}
	c->pos++;
	if (!types)
		types = NET_ALL_TYPES;
	for (unsigned f = 0; f < PP_NET_NFAMILIES; f++)
		if (family < 0 ? pp_net_family_name(f) != NULL : (int)f == family)
			net_apply(&p->pub.net[f], q, types);
	return 0;
}

static int parse_quals(struct ctx *x, struct cur *c, struct quals *q)
{
	memset(q, 0, sizeof(*q));
	q->start = c->pos;
	q->audit = x->bq_audit;
	q->deny = x->bq_deny;
	q->allow = x->bq_allow;
	q->owner = x->bq_owner;
	for (;;) {
		struct cur at = *c;

		if (lex_keyword(c, "audit"))
			q->audit = true;
		else if (lex_keyword(c, "deny"))
			q->deny = true;
		else if (lex_keyword(c, "allow"))
			q->allow = true;
		else if (lex_keyword(c, "owner"))
			q->owner = true;
		else
			return 0;
		if (q->allow && q->deny)
			return perr_at(x, &at, "'allow' and 'deny' conflict");
		lex_skip(c);
	}
}

/* "owner { rules }", "audit deny { rules }": qualifiers for a block. */
static int parse_qual_block(struct ctx *x, struct cur *c, struct prof *p,
			    const struct quals *q)
{
	bool sa = x->bq_audit, sd = x->bq_deny, sl = x->bq_allow, so = x->bq_owner;
	int r;

	c->pos++;
	x->bq_audit = q->audit;
	x->bq_deny = q->deny;
	x->bq_allow = q->allow;
	x->bq_owner = q->owner;
	r = parse_block(x, c, p, true);
	x->bq_audit = sa;
	x->bq_deny = sd;
	x->bq_allow = sl;
	x->bq_owner = so;
	return r;
}

int parse_rule(struct ctx *x, struct cur *c, struct prof *p)
{
	struct quals q;
	size_t n;
	int ch;

	if (parse_quals(x, c, &q))
		return -1;
	if (cur_peek(c) == '{' && c->pos != q.start)
		return parse_qual_block(x, c, p, &q);
	if (lex_keyword(c, "capability"))
		return parse_capability(x, c, p, &q);
	if (lex_keyword(c, "network"))
		return parse_network(x, c, p, &q);
	if (lex_keyword(c, "link"))
		return parse_link_rule(x, c, p, &q);
	if (lex_keyword(c, "set")) {
		lex_skip(c);
		if (lex_ident(c) != 6 || !lex_keyword(c, "rlimit"))
			return perr_at(x, c, "expected 'rlimit' after 'set'");
		c->pos -= 6;
		if (note_unenforced(x, c, "rlimit", 6))
			return -1;
		return lex_skip_rule(x, c);
	}
	if (is_unenforced_class(c, &n)) {
		if (note_unenforced(x, c, c->src->text + c->pos, n))
			return -1;
		return lex_skip_rule(x, c);
	}
	if (lex_keyword(c, "file")) {
		lex_skip(c);
		if (cur_peek(c) == ',') {
			/* "file," : every file permission on every path. */
			struct cur at = *c;

			c->pos++;
			return add_file_rule(x, p, &q, &at, "/{**,}", PP_PERM_ALL,
					     PP_X_INHERIT, PP_XINDEX_NONE, NULL);
		}
	}
	ch = cur_peek(c);
	n = lex_ident(c);
	if (n && looks_like_perms(c->src->text + c->pos, n) &&
	    strchr(" \t\r\n", cur_peek_at(c, n) < 0 ? '!' : cur_peek_at(c, n)))
		return parse_file_rule(x, c, p, &q, true);
	if (ch == '/' || ch == '@' || ch == '"' || ch == '{')
		return parse_file_rule(x, c, p, &q, false);
	if (n)
		return perr_at(x, c, "unknown rule '%.*s'", (int)n, c->src->text + c->pos);
	return perr_at(x, c, "unexpected '%c' in a profile", ch);
}
