/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Diagnostics: the first error, its source line, a caret, the include chain. */
#include <stdio.h>
#include <string.h>
#include "internal.h"

/* Called for every rule tried, so it resets only what readers look at
 * (the strings up to their terminator, the chain up to nchain), not the
 * 20 KB struct. */
void pp_diag_clear(struct pp_diag *d)
{
	d->set = false;
	d->file[0] = 0;
	d->line = d->col = 0;
	d->msg[0] = 0;
	d->src_line[0] = 0;
	d->nchain = 0;
}

static void copy_trunc(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

void diag_fill(struct pp_diag *d, const struct pp_src *src, size_t off,
	       const struct frame *stack, unsigned depth, const char *fmt, va_list ap)
{
	if (!d || d->set)
		return;
	pp_diag_clear(d);
	d->set = true;
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	if (src) {
		size_t n;
		const char *l;

		copy_trunc(d->file, sizeof(d->file), src->path, strlen(src->path));
		src_linecol(src, off, &d->line, &d->col);
		l = src_line(src, d->line, &n);
		copy_trunc(d->src_line, sizeof(d->src_line), l, n);
	}
	/* Innermost include first: stack[depth-1] included src. */
	for (unsigned i = depth; i > 0 && d->nchain < PP_DIAG_MAX_CHAIN; i--) {
		const struct frame *f = &stack[i - 1];
		unsigned line, col;

		copy_trunc(d->chain[d->nchain].file, sizeof(d->chain[0].file),
			   f->src->path, strlen(f->src->path));
		src_linecol(f->src, f->off, &line, &col);
		d->chain[d->nchain].line = line;
		d->nchain++;
	}
}

int perr(struct ctx *x, const struct pp_src *src, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_fill(x->diag, src, off, x->stack, x->depth, fmt, ap);
	va_end(ap);
	return -1;
}

int perr_at(struct ctx *x, const struct cur *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_fill(x->diag, c->src, c->pos, x->stack, x->depth, fmt, ap);
	va_end(ap);
	return -1;
}

void pp_diag_print(const struct pp_diag *d, FILE *out)
{
	if (!d || !d->set)
		return;
	if (d->file[0] && d->line)
		fprintf(out, "%s:%u:%u: error: %s\n", d->file, d->line, d->col, d->msg);
	else if (d->file[0])
		fprintf(out, "%s: error: %s\n", d->file, d->msg);
	else
		fprintf(out, "error: %s\n", d->msg);
	if (d->line && d->src_line[0]) {
		fprintf(out, "%s\n", d->src_line);
		/* Keep tabs so the caret lines up under the column. */
		for (unsigned i = 1; i < d->col && i <= strlen(d->src_line); i++)
			fputc(d->src_line[i - 1] == '\t' ? '\t' : ' ', out);
		fputs("^\n", out);
	}
	for (unsigned i = 0; i < d->nchain; i++)
		fprintf(out, "  included from %s:%u\n", d->chain[i].file, d->chain[i].line);
}

const char *origin_str(struct ctx *x, const struct pp_src *src, size_t off)
{
	unsigned line, col;
	char buf[64];
	size_t pl = strlen(src->path), bl;
	char *o;

	src_linecol(src, off, &line, &col);
	bl = (size_t)snprintf(buf, sizeof(buf), ":%u:%u", line, col);
	o = arena_alloc(x->a, pl + bl + 1);
	memcpy(o, src->path, pl);
	memcpy(o + pl, buf, bl + 1);
	return o;
}

void pwarn(struct ctx *x, const struct cur *c, const char *fmt, ...)
{
	unsigned line, col;
	char buf[1024];
	va_list ap;
	int n;

	if (!x->opts->warn)
		return;
	src_linecol(c->src, c->pos, &line, &col);
	n = snprintf(buf, sizeof(buf), "%s:%u:%u: warning: ", c->src->path, line, col);
	if (n > 0 && (size_t)n < sizeof(buf)) {
		va_start(ap, fmt);
		vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	sbuf_add(&x->warnings, buf);
	sbuf_addc(&x->warnings, '\n');
}
