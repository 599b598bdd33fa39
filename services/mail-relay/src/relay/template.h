#ifndef PARLEY_MAIL_RELAY_RELAY_TEMPLATE_H
#define PARLEY_MAIL_RELAY_RELAY_TEMPLATE_H

#include <stddef.h>
#include <jansson.h>
#include "parley/buf.h"

/*
 * A small mustache-like renderer for the mail templates (templates/digest.txt, digest.html, i18n/<locale>.json):
 *   {{Name}}              value of Name (HTML-escaped when rendering HTML)
 *   {{#List}}...{{/List}} repeated for each item of List, item values shadowing outer ones
 * Unknown names render as "". Nothing else is interpreted, so hostile values stay inert.
 */

typedef struct relay_kv {
    const char *k;
    const char *v;
} relay_kv_t;

typedef struct relay_scope relay_scope_t;
typedef struct relay_list {
    const char *name;
    const relay_scope_t *items;
    size_t n;
} relay_list_t;

struct relay_scope {
    const relay_kv_t *kv;
    size_t nkv;
    const relay_list_t *lists;
    size_t nlists;
    const relay_scope_t *parent;
};

/** Render tpl with scope into out; html selects HTML escaping of values. @return PL_OK or PL_ETOOBIG. */
int relay_tpl_render(const char *tpl, const relay_scope_t *scope, int html, pl_buf_t *out);
/** Append s HTML-escaped (& < > " '). */
int relay_tpl_escape_html(const char *s, pl_buf_t *out);

/* The loaded template set. */
typedef struct relay_templates {
    char *digest_txt;
    char *digest_html;
    json_t *i18n; /* {"en": {...}, "de": {...}} */
} relay_templates_t;

/** Load digest.txt, digest.html and the i18n JSON files from dir. en.json is required. */
int relay_templates_load(relay_templates_t *t, const char *dir, pl_buf_t *errors);
void relay_templates_dispose(relay_templates_t *t);
/** The string for key in locale (falls back to the language, then en, then the key itself). */
const char *relay_templates_string(const relay_templates_t *t, const char *locale, const char *key);

#endif
