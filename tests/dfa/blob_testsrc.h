/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Realistic blobs for the byte-flip test and the fuzz seed corpus. */
#ifndef PATHPROF_BLOB_TESTSRC_H
#define PATHPROF_BLOB_TESTSRC_H

#include <stddef.h>
#include <stdint.h>

size_t blob_testsrc_count(void);

/* Blob number k (malloc'd); 0 or -1 if it could not be built. */
int blob_testsrc_make(size_t k, uint8_t **out, size_t *len);

#endif
