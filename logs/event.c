// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Event ownership and the mask letter codec. */
#include <stdlib.h>
#include <string.h>
#include "event.h"

void pp_event_free(struct pp_event *ev)
{
	if (!ev)
		return;
	free(ev->operation);
	free(ev->profile);
	free(ev->parent);
	free(ev->child);
	free(ev->null_exec);
	free(ev->path);
	free(ev->path2);
	free(ev->target);
	free(ev->requested_text);
	free(ev->denied_text);
	free(ev->capname);
	free(ev->family);
	free(ev->sock_type);
	free(ev->info);
	free(ev->comm);
	memset(ev, 0, sizeof(*ev));
}

const char *pp_event_kind_name(enum pp_event_kind kind)
{
	switch (kind) {
	case PP_EV_FILE: return "file";
	case PP_EV_EXEC: return "exec";
	case PP_EV_CAPABILITY: return "capability";
	case PP_EV_NETWORK: return "network";
	case PP_EV_OTHER: return "other";
	}
	return "?";
}

const char *pp_event_mode_name(enum pp_event_mode mode)
{
	switch (mode) {
	case PP_EVM_DENIED: return "DENIED";
	case PP_EVM_ALLOWED: return "ALLOWED";
	case PP_EVM_AUDIT: return "AUDIT";
	}
	return "?";
}

bool pp_mask_parse(const char *text, uint32_t *out)
{
	uint32_t bits = 0;

	for (const char *p = text; *p; p++) {
		switch (*p) {
		case 'r': bits |= PP_PERM_READ; break;
		/* create, delete and attribute changes are all w to AppArmor */
		case 'w': case 'c': case 'd': bits |= PP_PERM_WRITE; break;
		case 'a': bits |= PP_PERM_APPEND; break;
		case 'x': bits |= PP_PERM_EXEC; break;
		case 'm': bits |= PP_PERM_MMAP; break;
		case 'l': bits |= PP_PERM_LINK; break;
		case 'k': bits |= PP_PERM_LOCK; break;
		case ':': break; /* old "owner::other" form */
		default: return false;
		}
	}
	*out = bits;
	return true;
}

char *pp_mask_format(uint32_t perms, char *buf)
{
	static const struct { uint32_t bit; char c; } order[] = {
		{ PP_PERM_READ, 'r' }, { PP_PERM_WRITE, 'w' },
		{ PP_PERM_APPEND, 'a' }, { PP_PERM_LINK, 'l' },
		{ PP_PERM_LOCK, 'k' }, { PP_PERM_MMAP, 'm' },
		{ PP_PERM_EXEC, 'x' },
	};
	char *p = buf;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (perms & order[i].bit)
			*p++ = order[i].c;
	*p = '\0';
	return buf;
}
