/*
 * ooxml.c: an Office Open XML package: its ZIP and its XML parts (see
 * ooxml.h for the bounds).
 */
#include "input.h"
#include "ooxml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

bool ooxml_open(struct ooxml *o, const char *data, size_t n, const char *what,
		struct input_error *err)
{
	*o = (struct ooxml){.err = err};
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
	o->zip = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	if (!o->zip) {
		input_fail(err, 0, "%s：%s", what, zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return false;
	}
	zip_error_fini(&ze);
	return true;
}

void ooxml_close(struct ooxml *o)
{
	if (o->zip)
		zip_discard(o->zip);
	o->zip = NULL;
}

bool ooxml_has(const struct ooxml *o, const char *path)
{
	return zip_name_locate(o->zip, path, 0) >= 0;
}

const char *xml_local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

const char *xml_attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(xml_local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

void xp_fail(struct xp *xp, const char *fmt, const char *arg)
{
	char msg[400];
	snprintf(msg, sizeof msg, fmt, arg);
	input_fail(xp->o->err, 0, "%s 第 %lu 行：%s", xp->path,
		   (unsigned long)XML_GetCurrentLineNumber(xp->p), msg);
	XML_StopParser(xp->p, XML_FALSE);
}

static void XMLCALL on_chars(void *ud, const XML_Char *s, int len)
{
	struct xp *xp = ud;
	if (!xp->collect)
		return;
	if (jx_buf_add(&xp->text, s, (size_t)len) != JX_OK)
		xp_fail(xp, "一个单元格或段落的文字超过 %s，未读取", "1 MB");
}

/* Entities are never expanded: a part that declares one is refused. */
static void XMLCALL on_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value,
			      int vlen, const XML_Char *base, const XML_Char *sys,
			      const XML_Char *pub, const XML_Char *notation)
{
	(void)pe, (void)value, (void)vlen, (void)base, (void)sys, (void)pub, (void)notation;
	xp_fail(ud, "声明了 XML 实体「%s」（Office 文档不需要实体，可能是实体膨胀攻击），拒绝读取", name);
}

bool ooxml_parse(struct ooxml *x, void *owner, const char *path, void *state,
		 XML_StartElementHandler st, XML_EndElementHandler en, bool required,
		 bool *missing)
{
	*missing = false;
	zip_int64_t idx = zip_name_locate(x->zip, path, 0);
	if (idx < 0) {
		*missing = true;
		if (required)
			input_fail(x->err, 0, "ZIP 中没有 %s：不是 Office 文档（.xlsx、.docx）", path);
		return !required;
	}
	zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
	if (!zf) {
		input_fail(x->err, 0, "无法解压 %s：%s", path, zip_strerror(x->zip));
		return false;
	}
	struct xp xp = {.o = x, .owner = owner, .path = path, .state = state};
	xp.p = XML_ParserCreate("UTF-8");
	if (!xp.p)
		abort();
	jx_buf_init(&xp.text, OOXML_TEXT_MAX);
	XML_SetUserData(xp.p, &xp);
	XML_SetElementHandler(xp.p, st, en);
	XML_SetCharacterDataHandler(xp.p, on_chars);
	XML_SetEntityDeclHandler(xp.p, on_entity);
	XML_SetParamEntityParsing(xp.p, XML_PARAM_ENTITY_PARSING_NEVER);
	char buf[1 << 16];
	bool ok = true;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, sizeof buf);
		if (n < 0) {
			input_fail(x->err, 0, "解压 %s 时出错：%s（ZIP 文件损坏）", path,
				   zip_file_strerror(zf));
			ok = false;
			break;
		}
		x->unzipped += (size_t)n;
		if (x->unzipped > UNZIP_MAX_BYTES) {
			input_fail(x->err, 0, "解压到 %s 时超过 %d MB（压缩比异常，可能是 ZIP 炸弹），未读取",
				   path, UNZIP_MAX_BYTES >> 20);
			ok = false;
			break;
		}
		if (XML_Parse(xp.p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (XML_GetErrorCode(xp.p) != XML_ERROR_ABORTED)
				input_fail(x->err, 0, "%s 第 %lu 行：XML 错误：%s", path,
					   (unsigned long)XML_GetCurrentLineNumber(xp.p),
					   XML_ErrorString(XML_GetErrorCode(xp.p)));
			ok = false;
			break;
		}
		if (n == 0)
			break;
	}
	zip_fclose(zf);
	XML_ParserFree(xp.p);
	jx_buf_release(&xp.text);
	return ok && !*x->err->msg;
}

