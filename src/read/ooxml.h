/*
 * ooxml.h: the package of an Office Open XML file (.xlsx, .docx): a ZIP
 * read with libzip from memory, its XML parts parsed with expat.  Shared
 * by xlsx.c and docx.c, with the same bounds for both: at most
 * UNZIP_MAX_BYTES of XML decompressed in all (a ZIP bomb stops there), an
 * XML part that declares an entity refused (no entity expansion at all),
 * a text collected for one cell or paragraph at most OOXML_TEXT_MAX.
 */
#ifndef JX_OOXML_H
#define JX_OOXML_H

#include "jixiao.h"

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

struct input_error;

enum { OOXML_TEXT_MAX = 1 << 20 };

struct ooxml {
	zip_t *zip;
	struct input_error *err;
	size_t unzipped; /* over all parts, against UNZIP_MAX_BYTES */
};

/* One XML part being parsed: the parser, the reader that owns it, its
 * state, and the text collected while `collect` is set. */
struct xp {
	struct ooxml *o;
	void *owner;
	XML_Parser p;
	const char *path;
	void *state;
	struct jx_buf text;
	bool collect;
};

/* Open the ZIP <data, n> (kept, not copied); false and *err (`what`, then
 * libzip's reason) when it is none. */
bool ooxml_open(struct ooxml *o, const char *data, size_t n, const char *what,
		struct input_error *err);
void ooxml_close(struct ooxml *o);
/* The ZIP has an entry of that name. */
bool ooxml_has(const struct ooxml *o, const char *path);
/*
 * Parse the entry `path` with the handlers given (their user data is the
 * struct xp; `owner` and `state` are the caller's).  False: it failed
 * (err says why), or it is missing and `required`.  *missing: it is not
 * in the ZIP.
 */
bool ooxml_parse(struct ooxml *o, void *owner, const char *path, void *state,
		 XML_StartElementHandler st, XML_EndElementHandler en, bool required,
		 bool *missing);
/* Stop the parse with a message naming the part and its line; fmt has one %s. */
void xp_fail(struct xp *xp, const char *fmt, const char *arg);

/* "w:tc" -> "tc": the parts may use any namespace prefix. */
const char *xml_local(const char *name);
/* The attribute of that local name, or NULL. */
const char *xml_attr(const char **atts, const char *name);

#endif
