/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * pp-parse -p: the profile text with every include inlined. Each include
 * directive line is replaced by
 *     # begin include <name>  (path)
 *     ...the file, itself preprocessed...
 *     # end include <name>
 * Variables and conditionals are kept as written, so the output parses to
 * the same policy. The text is built in memory and written only on success.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

static int emit_src(struct ctx *x, const struct pp_src *src, struct sbuf *out);

static int emit_include(struct ctx *x, struct cur *c, struct sbuf *out)
{
	const struct pp_src *inc;
	size_t start, lend;
	const char *nl;
	int ret = 0;

	if (include_resolve(x, c, &inc, &start))
		return -1;
	/* The directive itself, kept as a comment. */
	nl = memchr(c->src->text + start, '\n', c->src->len - start);
	lend = nl ? (size_t)(nl - c->src->text) : c->src->len;
	sbuf_add(out, "# begin ");
	sbuf_addn(out, c->src->text + start + (c->src->text[start] == '#'),
		  c->pos - start - (c->src->text[start] == '#'));
	sbuf_add(out, inc ? "\n" : "  (not found)\n");
	if (!inc)
		goto end;
	x->stack[x->depth].src = c->src;
	x->stack[x->depth].off = start;
	x->depth++;
	if (!inc->is_dir)
		ret = emit_src(x, inc, out);
	for (unsigned i = 0; inc->is_dir && i < inc->nentries && !ret; i++) {
		const struct pp_src *f = src_load(x->cache, inc->entries[i]);

		if (!f)
			ret = perr(x, c->src, start, "cannot read %s: %s", inc->entries[i],
				   strerror(errno));
		else
			ret = emit_src(x, f, out);
	}
	x->depth--;
	if (ret)
		return -1;
	if (out->len && out->s[out->len - 1] != '\n')
		sbuf_addc(out, '\n');
end:
	sbuf_add(out, "# end ");
	sbuf_addn(out, c->src->text + start + (c->src->text[start] == '#'),
		  c->pos - start - (c->src->text[start] == '#'));
	sbuf_addc(out, '\n');
	/* Whatever followed the directive on its line. */
	if (lend > c->pos) {
		sbuf_addn(out, c->src->text + c->pos, lend - c->pos);
		sbuf_addc(out, '\n');
	}
	c->pos = nl ? lend + 1 : lend;
	return 0;
}

static int emit_src(struct ctx *x, const struct pp_src *src, struct sbuf *out)
{
	struct cur c = { src, 0 };

	while (c.pos < src->len) {
		size_t ls = c.pos;
		const char *nl = memchr(src->text + ls, '\n', src->len - ls);
		size_t le = nl ? (size_t)(nl - src->text) + 1 : src->len;

		lex_skip_inline(&c);
		if (c.pos < le && lex_at_include(&c)) {
			sbuf_addn(out, src->text + ls, c.pos - ls);
			if (emit_include(x, &c, out))
				return -1;
			continue;
		}
		sbuf_addn(out, src->text + ls, le - ls);
		c.pos = le;
	}
	return 0;
}

int pp_policy_preprocess(const char *path, const struct pp_parse_opts *opts, FILE *out,
			 struct pp_diag *diag)
{
	struct ctx x;
	struct sbuf buf = { 0 };
	const struct pp_src *src;
	int ret = -1;

	ctx_init(&x, opts, diag);
	errno = 0;
	src = src_load(x.cache, path);
	if (!src || src->is_dir) {
		perr(&x, NULL, 0, "cannot read %s: %s", path,
		     src ? "is a directory" : strerror(errno ? errno : EIO));
		goto done;
	}
	sbuf_reserve(&buf, src->len);
	if (emit_src(&x, src, &buf))
		goto done;
	if (fwrite(buf.s, 1, buf.len, out) != buf.len) {
		perr(&x, NULL, 0, "cannot write the preprocessed text: %s", strerror(errno));
		goto done;
	}
	ret = 0;
done:
	sbuf_free(&buf);
	ctx_release(&x);
	return ret;
}
