/*
 * profile_show.c: a profile's effective values in its own file format
 * (`jixiao profile show`).  Every key is printed, whether the profile set it
 * or inherited it, with a comment that says where it was set; the output,
 * under another name, loads as a complete profile that scores exactly as
 * the one shown (shipped names are reserved for the shipped files).
 * Values are printed as understood (canonical numbers and lists), not as
 * written, so that a reader sees what the parser made of them.
 */
#include "arena.h"
#include "dec.h"
#include "profile.h"

static void put_dec(struct jx_buf *b, int64_t m, int s)
{
	char buf[48];
	dec_format((struct dec){m, s}, buf, sizeof buf);
	jx_buf_puts(b, buf);
}

static void put_bands(struct jx_buf *b, const struct profile_band *v, size_t n, bool named)
{
	for (size_t i = 0; i < n; i++) {
		jx_buf_puts(b, i ? ", " : "");
		if (named)
			jx_buf_puts(b, v[i].name);
		else
			put_dec(b, v[i].from, 2);
		jx_buf_puts(b, ":");
		put_dec(b, named ? v[i].from : v[i].value, 2);
	}
}

static const char *fold_name(enum profile_fold f)
{
	return f == FOLD_OUTPUT ? "output" : f == FOLD_EFFECT ? "effect" : "none";
}

static void put_value(struct jx_buf *b, const struct jx_profile *p, enum profile_key k)
{
	switch (k) {
	case PK_NAME: jx_buf_puts(b, p->name); break;
	case PK_TITLE: jx_buf_puts(b, p->title); break;
	case PK_EXTENDS: break;
	case PK_W_EXECUTION: put_dec(b, p->w_execution, 2); break;
	case PK_W_OUTPUT: put_dec(b, p->w_output, 2); break;
	case PK_W_COST: put_dec(b, p->w_cost, 2); break;
	case PK_W_EFFECT: put_dec(b, p->w_effect, 2); break;
	case PK_W_SATISFACTION: put_dec(b, p->w_satisfaction, 2); break;
	case PK_W_NO_SATISFACTION: jx_buf_puts(b, fold_name(p->no_satisfaction)); break;
	case PK_W_NO_COST: jx_buf_puts(b, fold_name(p->no_cost)); break;
	case PK_EXEC_METHOD: jx_buf_puts(b, p->exec_method == EXEC_BANDS ? "bands" : "linear"); break;
	case PK_EXEC_FULL_AT: put_dec(b, p->full_at, 2); break;
	case PK_EXEC_BANDS: put_bands(b, p->exec_bands, p->n_exec_bands, false); break;
	case PK_EXEC_LOW_REASON: put_dec(b, p->low_reason_below, 2); break;
	case PK_AGREE_DECLARED: {
		static const char *const names[] = {"2dp", "1dp", "integer", "floor"};
		bool first = true;
		for (unsigned i = 0; i < 4; i++)
			if (p->agree & (1u << i)) {
				jx_buf_printf(b, "%s%s", first ? "" : ", ", names[i]);
				first = false;
			}
		break;
	}
	case PK_IND_REVERSE: jx_buf_puts(b, p->reverse == REVERSE_LINEAR ? "linear" : "ratio"); break;
	case PK_IND_REVERSE_NAMES:
		for (size_t i = 0; i < p->n_reverse_names; i++)
			jx_buf_printf(b, "%s%s", i ? ", " : "", p->reverse_names[i]);
		break;
	case PK_IND_OVER: put_dec(b, p->over_milli, 3); break;
	case PK_IND_DEV_SHARE: put_dec(b, p->dev_share, 2); break;
	case PK_IND_DEV_PENALTY: put_dec(b, p->dev_penalty, 2); break;
	case PK_IND_DEV_SIDE:
		jx_buf_puts(b, p->dev_side == DEV_BETTER ? "better" : p->dev_side == DEV_WORSE ? "worse" : "both");
		break;
	case PK_QUAL_ACHIEVED: put_dec(b, p->qual_achieved, 2); break;
	case PK_QUAL_PARTIAL: put_dec(b, p->qual_partial, 2); break;
	case PK_GRADE_BANDS: put_bands(b, p->grades, p->n_grades, true); break;
	case PK_GRADE_BOUNDARY: jx_buf_puts(b, p->boundary_higher ? "higher" : "lower"); break;
	case PK_CAPS_TOTAL: put_bands(b, p->caps, p->n_caps, false); break;
	case PK_REVIEW_GAP: put_dec(b, p->review_gap, 2); break;
	case PK__COUNT: break;
	}
}

static void put_src(struct jx_buf *b, const struct profile_src *s)
{
	if (s->line)
		jx_buf_printf(b, "    # %s:%lu\n", s->file, s->line);
	else
		jx_buf_printf(b, "    # （%s 中未写，自动生成）\n", s->file);
}

enum jx_status jx_render_profile(struct jx_buf *b, const struct jx_profile *profile)
{
	const struct jx_profile *p = profile_or_national(profile);
	jx_buf_printf(b, "# 生效的评分规则：%s\n", p->chain);
	jx_buf_puts(b, "# 每个值后的注释是设置它的文件和行（内置规则以其名称代替文件）。\n"
		       "# 此输出本身就是一个完整的规则文件：另存后改 name（内置规则的名称不能用于\n"
		       "# 自己的文件），再改要改的值，即可用 --profile 文件 使用。\n");
	const char *section = NULL;
	for (int k = 0; k < PK__COUNT; k++) {
		if (k == PK_EXTENDS)
			continue; /* the values below are the effective ones */
		const char *sec = profile_key_section((enum profile_key)k);
		if (!section || strcmp(section, sec) != 0) {
			jx_buf_printf(b, *sec ? "\n[%s]\n" : "\n", sec);
			section = sec;
		}
		jx_buf_printf(b, "%s = ", profile_key_name((enum profile_key)k));
		put_value(b, p, (enum profile_key)k);
		if (k == PK_TITLE && !p->src[k].file)
			jx_buf_puts(b, "\n");
		else
			put_src(b, &p->src[k]);
	}
	for (size_t i = 0; i < p->n_schemes; i++) {
		const struct profile_scheme *sc = &p->schemes[i];
		jx_buf_printf(b, "\n[scheme %s]\n", sc->name);
		for (int k = 0; k < SK__COUNT; k++) {
			jx_buf_printf(b, "%s = ", scheme_key_name((enum scheme_key)k));
			switch ((enum scheme_key)k) {
			case SK_TITLE: jx_buf_puts(b, sc->title); break;
			case SK_EXECUTION: put_dec(b, sc->execution, 2); break;
			case SK_INDICATORS: put_dec(b, sc->indicators, 2); break;
			case SK_ITEMS: jx_buf_puts(b, scheme_items_name(sc->items)); break;
			case SK_BLOCKS: put_bands(b, sc->blocks, sc->n_blocks, true); break;
			case SK__COUNT: break;
			}
			if (sc->src[k].file)
				put_src(b, &sc->src[k]);
			else
				jx_buf_puts(b, "\n");
		}
	}
	jx_buf_puts(b, "\n[severity]\n");
	for (int c = 0; c < JX_CHECK__COUNT; c++) {
		if (!p->sev_set[c])
			continue;
		jx_buf_printf(b, "%s = %s", jx_check_name((enum jx_check)c), jx_severity_name(p->sev[c]));
		put_src(b, &p->sev_src[c]);
	}
	return b->overflow ? JX_ERR_TOOBIG : JX_OK;
}
