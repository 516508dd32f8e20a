// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Profile files being edited, their check, write and reload (session.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "profedit.h"
#include "session.h"

extern char **environ;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	char chunk[8192];
	size_t n;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	if (!m) {
		fclose(f);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	return buf;
}

struct pp_ws_file *pp_ws_add(struct pp_workspace *ws, const char *path,
			     const char *orig, const char *text)
{
	struct pp_ws_file *f;

	if (ws->n == ws->cap) {
		size_t ncap = ws->cap ? ws->cap * 2 : 8;
		struct pp_ws_file *nv = realloc(ws->v, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		ws->v = nv;
		ws->cap = ncap;
	}
	f = &ws->v[ws->n];
	f->path = strdup(path);
	f->orig = orig ? strdup(orig) : NULL;
	f->text = strdup(text);
	f->reload = false;
	if (!f->path || !f->text || (orig && !f->orig)) {
		free(f->path);
		free(f->orig);
		free(f->text);
		return NULL;
	}
	ws->n++;
	return f;
}

struct pp_ws_file *pp_ws_load(struct pp_workspace *ws, const char *path)
{
	char *text;
	struct pp_ws_file *f;

	for (size_t i = 0; i < ws->n; i++)
		if (!strcmp(ws->v[i].path, path))
			return &ws->v[i];
	text = slurp(path);
	if (!text)
		return NULL;
	f = pp_ws_add(ws, path, text, text);
	free(text);
	return f;
}

void pp_ws_set(struct pp_ws_file *f, char *text)
{
	free(f->text);
	f->text = text;
}

static bool holds_profile(const char *text, const char *name)
{
	struct pp_blocks b;
	char why[128];
	int i;

	if (pp_blocks_scan(text, strlen(text), &b, why, sizeof(why)))
		return false;
	i = pp_blocks_find(&b, name);
	i = i >= 0 && b.v[i].parent < 0;
	pp_blocks_free(&b);
	return i;
}

bool pp_ws_profile_file_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len && name[len - 1] != '~' &&
	       !strstr(name, ".dpkg-") && !strstr(name, ".pp-new");
}

struct pp_ws_file *pp_ws_find_profile(struct pp_workspace *ws, const char *name)
{
	const char *dir = ws->o->profile_dir;
	struct pp_ws_file *found = NULL;
	struct dirent *de;
	DIR *d;

	for (size_t i = 0; i < ws->n; i++)
		if (holds_profile(ws->v[i].text, name))
			return &ws->v[i];
	d = opendir(dir);
	if (!d)
		return NULL;
	while (!found && (de = readdir(d))) {
		char *path, *text;
		struct stat st;

		if (!pp_ws_profile_file_name(de->d_name) ||
		    asprintf(&path, "%s/%s", dir, de->d_name) < 0)
			continue;
		text = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? slurp(path) : NULL;
		if (text && holds_profile(text, name))
			found = pp_ws_load(ws, path);
		free(text);
		free(path);
	}
	closedir(d);
	return found;
}

char *pp_ws_new_path(const struct pp_workspace *ws, const char *name)
{
	char *out, *p;

	if (asprintf(&out, "%s/%s", ws->o->profile_dir,
		     name[0] == '/' ? name + 1 : name) < 0)
		return NULL;
	/* /usr/bin/foo -> DIR/usr.bin.foo, as AppArmor names them */
	for (p = out + strlen(ws->o->profile_dir) + 1; *p; p++)
		if (*p == '/')
			*p = '.';
	return out;
}

static const char *parser_path(const struct pp_session_opts *o, char *buf,
			       size_t len)
{
	const char *env = getenv("PP_PARSE");
	ssize_t n;

	if (o->parser)
		return o->parser;
	if (env && *env)
		return env;
	/* next to this tool (the build tree, or the same bin directory) */
	n = readlink("/proc/self/exe", buf, len - 16);
	if (n > 0) {
		char *slash;

		buf[n] = '\0';
		slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash + 1, "pp-parse");
			if (access(buf, X_OK) == 0)
				return buf;
		}
	}
	return "pp-parse";
}

int pp_run_parser(const struct pp_session_opts *o, const char *const *args)
{
	char buf[PATH_MAX], *argv[64];
	size_t n = 0;
	pid_t pid;
	int status;

	argv[n++] = (char *)parser_path(o, buf, sizeof(buf));
	if (o->policy_fs) {
		argv[n++] = "-f";
		argv[n++] = (char *)o->policy_fs;
	}
	for (size_t i = 0; i < o->ninclude && n < 40; i++) {
		argv[n++] = "-I";
		argv[n++] = (char *)o->include_dirs[i];
	}
	for (size_t i = 0; args[i] && n < 63; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ)) {
		fprintf(stderr, "%s: cannot run %s: %s\n", o->prog, argv[0],
			strerror(errno));
		return 127;
	}
	if (waitpid(pid, &status, 0) < 0)
		return 127;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Write text next to path (or in /tmp for a dry run); returns the name. */
static char *write_temp(const char *path, const char *text, bool dry_run)
{
	char *tmp;
	int fd;
	size_t len = strlen(text);
	const char *slash = strrchr(path, '/');

	if (dry_run || !slash) {
		if (asprintf(&tmp, "/tmp/pp-check.XXXXXX") < 0)
			return NULL;
	} else if (asprintf(&tmp, "%.*s/.%s.pp-new.XXXXXX", (int)(slash - path),
			    path, slash + 1) < 0) {
		return NULL;
	}
	fd = mkstemp(tmp);
	if (fd < 0 || fchmod(fd, 0644) || write(fd, text, len) != (ssize_t)len) {
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

static int commit_one(struct pp_workspace *ws, struct pp_ws_file *f, FILE *out)
{
	const struct pp_session_opts *o = ws->o;
	char *tmp = write_temp(f->path, f->text, o->dry_run);
	int rc;

	if (!tmp) {
		fprintf(stderr, "%s: cannot write next to %s: %s\n", o->prog,
			f->path, strerror(errno));
		return 1;
	}
	rc = pp_run_parser(o, (const char *const[]){ "-Q", "-q", tmp, NULL });
	if (rc && !(o->dry_run && rc == 127)) {
		fprintf(stderr, "%s: %s: the edited profile does not pass pp-parse -Q; "
			"left unchanged\n", o->prog, f->path);
		unlink(tmp);
		free(tmp);
		return 1;
	}
	if (o->dry_run) {
		unlink(tmp);
		free(tmp);
		fprintf(out, "# %s%s\n%s", f->path, f->orig ? "" : " (new)", f->text);
		return 0;
	}
	if (rename(tmp, f->path)) {
		fprintf(stderr, "%s: %s: %s\n", o->prog, f->path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return 1;
	}
	free(tmp);
	fprintf(out, "%s: wrote %s\n", o->prog, f->path);
	free(f->orig);
	f->orig = strdup(f->text);
	if (o->no_reload)
		return 0;
	rc = pp_run_parser(o, (const char *const[]){ "-r", "-q", f->path, NULL });
	if (rc) {
		fprintf(stderr, "%s: %s written but not loaded (pp-parse -r failed)\n",
			o->prog, f->path);
		return 1;
	}
	return 0;
}

int pp_ws_commit(struct pp_workspace *ws, FILE *out)
{
	int rc = 0;

	for (size_t i = 0; i < ws->n; i++) {
		struct pp_ws_file *f = &ws->v[i];

		if (f->orig && !strcmp(f->orig, f->text)) {
			if (f->reload && !ws->o->dry_run && !ws->o->no_reload &&
			    pp_run_parser(ws->o, (const char *const[]){ "-r", "-q", f->path, NULL })) {
				fprintf(stderr, "%s: %s not loaded (pp-parse -r failed)\n",
					ws->o->prog, f->path);
				rc = 1;
			}
			continue;
		}
		rc |= commit_one(ws, f, out);
	}
	return rc;
}

void pp_ws_free(struct pp_workspace *ws)
{
	for (size_t i = 0; i < ws->n; i++) {
		free(ws->v[i].path);
		free(ws->v[i].orig);
		free(ws->v[i].text);
	}
	free(ws->v);
	ws->v = NULL;
	ws->n = ws->cap = 0;
}

int pp_runtime_mode(const char *policy_fs, const char *name, const char *mode,
		    char *err, size_t errlen)
{
	char *path, *line;
	int fd, len;
	ssize_t w;

	if (asprintf(&path, "%s/mode", policy_fs) < 0)
		return -1;
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s%s", path, strerror(errno),
			 errno == ENOENT ? " (is the pathprof LSM enabled?)" : "");
		free(path);
		return -1;
	}
	free(path);
	len = asprintf(&line, "%s %s", name, mode);
	if (len < 0) {
		close(fd);
		return -1;
	}
	w = write(fd, line, (size_t)len);
	if (w != len)
		snprintf(err, errlen, "cannot set %s to %s: %s", name, mode,
			 errno == ENOENT ? "profile not loaded" : strerror(errno));
	free(line);
	close(fd);
	return w == len ? 0 : -1;
}

char *pp_resolve_program(const char *prog)
{
	char *path = getenv("PATH"), *copy, *save = NULL, *dir, *cand;
	char resolved[PATH_MAX];

	if (strchr(prog, '/'))
		return realpath(prog, resolved) ? strdup(resolved) : NULL;
	copy = strdup(path ? path : "/usr/bin:/bin");
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		if (asprintf(&cand, "%s/%s", dir, prog) < 0)
			break;
		if (access(cand, X_OK) == 0 && realpath(cand, resolved)) {
			free(cand);
			free(copy);
			return strdup(resolved);
		}
		free(cand);
	}
	free(copy);
	return NULL;
}
