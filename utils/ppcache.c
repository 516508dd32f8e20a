/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob.h"
#include "pp_config.h"
#include "ppcache.h"
#include "pphash.h"

#define CACHE_MAGIC "PPCACHE1"
#define CACHE_HDR (8 + 32 + 8) /* magic, key, u64 blob length */

static int hash_file(struct pp_hash *h, const char *path)
{
	char buf[65536];
	uint64_t total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	pp_hash_str(h, path);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		pp_hash_bytes(h, buf, (size_t)n);
		total += (uint64_t)n;
	}
	close(fd);
	if (n < 0)
		return -1;
	pp_hash_u64(h, total); /* separates one file's content from the next */
	return 0;
}

int pp_blobcache_key(const struct pp_policy *pol, uint32_t opt_flags, char key[33])
{
	struct pp_hash h;

	pp_hash_init(&h);
	pp_hash_str(&h, "pathprof-cache");
	pp_hash_str(&h, PP_VERSION);
	pp_hash_u64(&h, BLOB_VERSION);
	pp_hash_u64(&h, opt_flags);
	pp_hash_u64(&h, pol->nfiles);
	for (size_t i = 0; i < pol->nfiles; i++)
		if (hash_file(&h, pol->files[i]) < 0)
			return -1;
	pp_hash_hex(&h, key);
	return 0;
}

static void entry_path(const char *dir, const char *input, char *out, size_t outlen)
{
	char abs[PATH_MAX], hex[33];
	const char *base = strrchr(input, '/');
	struct pp_hash h;

	if (!realpath(input, abs))
		snprintf(abs, sizeof(abs), "%s", input);
	pp_hash_init(&h);
	pp_hash_str(&h, abs);
	pp_hash_hex(&h, hex);
	base = base ? base + 1 : input;
	snprintf(out, outlen, "%s/%s.%.16s", dir, *base ? base : "profile", hex);
}

static int read_all(int fd, uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = read(fd, buf, len);

		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int pp_blobcache_read(const char *dir, const char *input, const char *key,
		  uint8_t **blob, size_t *len)
{
	char path[PATH_MAX + 64], hdr[CACHE_HDR];
	uint64_t blen = 0;
	struct stat st;
	uint8_t *buf;
	int fd;

	entry_path(dir, input, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size < CACHE_HDR ||
	    read_all(fd, (uint8_t *)hdr, CACHE_HDR) < 0 ||
	    memcmp(hdr, CACHE_MAGIC, 8) != 0 || memcmp(hdr + 8, key, 32) != 0)
		goto miss;
	for (int i = 0; i < 8; i++)
		blen |= (uint64_t)(unsigned char)hdr[40 + i] << (8 * i);
	if (blen != (uint64_t)st.st_size - CACHE_HDR || blen == 0)
		goto miss;
	buf = aligned_alloc(8, (blen + 7) & ~(uint64_t)7);
	if (!buf)
		goto miss;
	if (read_all(fd, buf, blen) < 0 || blob_verify(buf, blen, NULL) != BLOB_OK) {
		free(buf);
		goto miss;
	}
	close(fd);
	*blob = buf;
	*len = blen;
	return 0;
miss:
	close(fd);
	return -1;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int pp_blobcache_write(const char *dir, const char *input, const char *key,
		   const uint8_t *blob, size_t len)
{
	char path[PATH_MAX + 64], tmp[PATH_MAX + 96], hdr[CACHE_HDR];
	int fd, e;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -1;
	entry_path(dir, input, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)gettid());
	memcpy(hdr, CACHE_MAGIC, 8);
	memcpy(hdr + 8, key, 32);
	for (int i = 0; i < 8; i++)
		hdr[40 + i] = (char)((uint64_t)len >> (8 * i));
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (write_all(fd, hdr, CACHE_HDR) < 0 || write_all(fd, blob, len) < 0 ||
	    fsync(fd) < 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}
