/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Output helpers shared by pp-parse and pp-match: permission letters,
 * exec mode names, JSON string escaping. */
#ifndef PATHPROF_PPFMT_H
#define PATHPROF_PPFMT_H

#include <stdint.h>
#include <stdio.h>

/* Longest string pp_perm_letters() writes, with the NUL. */
#define PP_PERM_LETTERS_MAX 8

/*
 * PP_PERM_* bits as AppArmor letters in the order AppArmor's tools write
 * them (aa-logprof, rule/file.py): m r w a l k, then x. "" for none.
 */
const char *pp_perm_letters(uint32_t perms, char buf[PP_PERM_LETTERS_MAX]);

/* Parse letters back into PP_PERM_* bits; any order. -1 on a bad letter. */
int pp_perm_parse(const char *s, uint32_t *perms);

/* Exec mode as AppArmor writes it: "ix", "px", "Px", "pix", "cux", ...
 * "" for PP_X_NONE; "?" for an unknown mode. */
const char *pp_xmode_str(uint32_t xmode, char buf[8]);

/* Write s as a JSON string literal (with the quotes). Bytes that are not
 * valid UTF-8 are written as \u00XX of the byte (lossy but unambiguous
 * for ASCII tools); control characters as \uXXXX or short escapes. */
void pp_json_string(FILE *f, const char *s);

#endif /* PATHPROF_PPFMT_H */
