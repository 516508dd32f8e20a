/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * pp-parse's compiled-blob cache. One file per input profile file:
 * <dir>/<basename>.<hash of the input's path>, holding the key it was
 * compiled under and the blob. The key hashes the tool and blob format
 * versions, the options that change the output, and the path and content
 * of every file the parser read (the input and all its includes), so any
 * edit anywhere in the include tree misses.
 */
#ifndef PATHPROF_PPCACHE_H
#define PATHPROF_PPCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "parser.h"

#define PP_CACHE_DIR_DEFAULT "/var/cache/pathprof"

/* Compute the key; -1 (errno) when a file the parser read is unreadable. */
int pp_blobcache_key(const struct pp_policy *pol, uint32_t opt_flags, char key[33]);

/* Blob for (input, key), verified; 0 on a hit, -1 on a miss or bad entry. */
int pp_blobcache_read(const char *dir, const char *input, const char *key,
		  uint8_t **blob, size_t *len);

/* Store atomically (temporary file + rename); -1 with errno on failure. */
int pp_blobcache_write(const char *dir, const char *input, const char *key,
		   const uint8_t *blob, size_t len);

#endif /* PATHPROF_PPCACHE_H */
