/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#include <string.h>

#include "perms.h"
#include "ppfmt.h"

static const struct {
	char letter;
	uint32_t bit;
} perm_order[] = {
	{ 'm', PP_PERM_MMAP }, { 'r', PP_PERM_READ }, { 'w', PP_PERM_WRITE },
	{ 'a', PP_PERM_APPEND }, { 'l', PP_PERM_LINK }, { 'k', PP_PERM_LOCK },
	{ 'x', PP_PERM_EXEC },
};
#define NPERMS (sizeof(perm_order) / sizeof(perm_order[0]))

const char *pp_perm_letters(uint32_t perms, char buf[PP_PERM_LETTERS_MAX])
{
	size_t n = 0;

	for (size_t i = 0; i < NPERMS; i++)
		if (perms & perm_order[i].bit)
			buf[n++] = perm_order[i].letter;
	buf[n] = '\0';
	return buf;
}

int pp_perm_parse(const char *s, uint32_t *perms)
{
	*perms = 0;
	for (; *s; s++) {
		size_t i;

		for (i = 0; i < NPERMS; i++)
			if (*s == perm_order[i].letter)
				break;
		if (i == NPERMS)
			return -1;
		*perms |= perm_order[i].bit;
	}
	return 0;
}

const char *pp_xmode_str(uint32_t xmode, char buf[8])
{
	size_t n = 0;
	int scrub = (xmode & PP_X_SCRUB) != 0;

	switch (xmode & PP_X_MODE_MASK) {
	case PP_X_NONE:
		buf[0] = '\0';
		return buf;
	case PP_X_INHERIT:
		buf[n++] = 'i';
		break;
	case PP_X_PROFILE:
		buf[n++] = scrub ? 'P' : 'p';
		break;
	case PP_X_CHILD:
		buf[n++] = scrub ? 'C' : 'c';
		break;
	case PP_X_UNCONFINED:
		buf[n++] = scrub ? 'U' : 'u';
		break;
	default:
		strcpy(buf, "?");
		return buf;
	}
	if (xmode & PP_X_FALLBACK_INHERIT)
		buf[n++] = 'i';
	else if (xmode & PP_X_FALLBACK_UNCONFINED)
		buf[n++] = 'u';
	buf[n++] = 'x';
	buf[n] = '\0';
	return buf;
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* reject overlong forms, surrogates and values past U+10FFFF */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void pp_json_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', f);
	while (*s) {
		size_t len = utf8_len(s);

		if (len == 0) {
			fprintf(f, "\\u%04x", *s);
			s++;
			continue;
		}
		if (len > 1) {
			fwrite(s, 1, len, f);
			s += len;
			continue;
		}
		switch (*s) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				fprintf(f, "\\u%04x", *s);
			else
				fputc(*s, f);
		}
		s++;
	}
	fputc('"', f);
}
