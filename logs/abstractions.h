/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Which abstractions already grant an access: each abstraction is
 * compiled with the real parser and DFA compiler (lazily, on first use)
 * and the path is looked up in its DFA, so "covers" means exactly what
 * the kernel would allow.
 */
#ifndef PATHPROF_LOGS_ABSTRACTIONS_H
#define PATHPROF_LOGS_ABSTRACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pp_abstractions;

/*
 * The abstractions found in <dir>/abstractions/ for the first include dir
 * that has one (regular files only; "base" first, then by name). With
 * only non-NULL, just those names are used. NULL on out of memory.
 */
struct pp_abstractions *pp_abstractions_open(const char *const *include_dirs,
					     size_t ndirs,
					     const char *const *only,
					     size_t nonly);
void pp_abstractions_close(struct pp_abstractions *a);

size_t pp_abstractions_count(const struct pp_abstractions *a);
const char *const *pp_abstractions_names(const struct pp_abstractions *a);

/* Does abstraction i grant every bit of perms on path (owner half when
 * owner)? An abstraction that fails to compile covers nothing. Signature
 * fits pp_propose_opts.abs_covers (arg is the struct pp_abstractions). */
bool pp_abstractions_cover(size_t i, const char *path, uint32_t perms,
			   bool owner, void *arg);

#endif /* PATHPROF_LOGS_ABSTRACTIONS_H */
