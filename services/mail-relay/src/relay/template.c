#include "relay/template.h"
#include "parley/err.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TPL_MAX_FILE (256 * 1024)
#define TPL_NAME_MAX 64

int relay_tpl_escape_html(const char *s, pl_buf_t *out)
{
    const char *run = s;
    for (const char *p = s;; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\0':
            return pl_buf_append(out, run, (size_t)(p - run));
        default:
            continue;
        }
        if (pl_buf_append(out, run, (size_t)(p - run)) != PL_OK || pl_buf_puts(out, rep) != PL_OK)
            return PL_ETOOBIG;
        run = p + 1;
    }
}

static const char *lookup(const relay_scope_t *s, const char *name, size_t len)
{
    for (; s != NULL; s = s->parent)
        for (size_t i = 0; i < s->nkv; i++)
            if (strlen(s->kv[i].k) == len && memcmp(s->kv[i].k, name, len) == 0)
                return s->kv[i].v != NULL ? s->kv[i].v : "";
    return "";
}

static const relay_list_t *lookup_list(const relay_scope_t *s, const char *name, size_t len)
{
    for (; s != NULL; s = s->parent)
        for (size_t i = 0; i < s->nlists; i++)
            if (strlen(s->lists[i].name) == len && memcmp(s->lists[i].name, name, len) == 0)
                return &s->lists[i];
    return NULL;
}

static int render_range(const char *p, const char *end, const relay_scope_t *scope, int html, pl_buf_t *out);

/* p points after "{{#"; render the section and return the position after its closing tag. */
static const char *section(const char *p, const char *end, const relay_scope_t *scope, int html, pl_buf_t *out, int *rc)
{
    const char *close = strstr(p, "}}");
    if (close == NULL || close > end || close - p >= TPL_NAME_MAX)
        return end;
    char tag[TPL_NAME_MAX + 8];
    snprintf(tag, sizeof(tag), "{{/%.*s}}", (int)(close - p), p);
    const char *body = close + 2;
    const char *stop = strstr(body, tag);
    if (stop == NULL || stop > end)
        return end;
    const relay_list_t *list = lookup_list(scope, p, (size_t)(close - p));
    for (size_t i = 0; list != NULL && i < list->n && *rc == PL_OK; i++) {
        relay_scope_t item = list->items[i];
        item.parent = scope;
        *rc = render_range(body, stop, &item, html, out);
    }
    return stop + strlen(tag);
}

static int render_range(const char *p, const char *end, const relay_scope_t *scope, int html, pl_buf_t *out)
{
    int rc = PL_OK;
    while (p < end && rc == PL_OK) {
        const char *open = strstr(p, "{{");
        if (open == NULL || open >= end)
            return pl_buf_append(out, p, (size_t)(end - p));
        if ((rc = pl_buf_append(out, p, (size_t)(open - p))) != PL_OK)
            return rc;
        if (open[2] == '#') {
            p = section(open + 3, end, scope, html, out, &rc);
            continue;
        }
        const char *close = strstr(open + 2, "}}");
        if (close == NULL || close > end)
            return pl_buf_append(out, open, (size_t)(end - open));
        const char *v = lookup(scope, open + 2, (size_t)(close - open - 2));
        rc = html ? relay_tpl_escape_html(v, out) : pl_buf_puts(out, v);
        p = close + 2;
    }
    return rc;
}

int relay_tpl_render(const char *tpl, const relay_scope_t *scope, int html, pl_buf_t *out)
{
    return render_range(tpl, tpl + strlen(tpl), scope, html, out);
}

static char *read_file(const char *dir, const char *name, pl_buf_t *errors)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        pl_buf_appendf(errors, "RelaySettings.TemplatesDirectory: cannot read %s\n", path);
        return NULL;
    }
    char *data = calloc(1, TPL_MAX_FILE + 1);
    size_t n = data != NULL ? fread(data, 1, TPL_MAX_FILE, f) : 0;
    fclose(f);
    if (data != NULL)
        data[n] = '\0';
    return data;
}

static void load_locales(relay_templates_t *t, const char *dir, pl_buf_t *errors)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/i18n", dir);
    DIR *d = opendir(path);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || len > 40 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char file[1300], locale[40];
        snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
        snprintf(locale, sizeof(locale), "%.*s", (int)(len - 5), e->d_name);
        json_error_t jerr;
        json_t *doc = json_load_file(file, 0, &jerr);
        if (!json_is_object(doc))
            pl_buf_appendf(errors, "RelaySettings.TemplatesDirectory: %s: %s\n", file, jerr.text);
        else
            json_object_set(t->i18n, locale, doc);
        json_decref(doc);
    }
    closedir(d);
}

int relay_templates_load(relay_templates_t *t, const char *dir, pl_buf_t *errors)
{
    memset(t, 0, sizeof(*t));
    t->i18n = json_object();
    t->digest_txt = read_file(dir, "digest.txt", errors);
    t->digest_html = read_file(dir, "digest.html", errors);
    load_locales(t, dir, errors);
    if (json_object_get(t->i18n, "en") == NULL)
        pl_buf_appendf(errors, "RelaySettings.TemplatesDirectory: %s/i18n/en.json missing\n", dir);
    if (errors->len > 0) {
        relay_templates_dispose(t);
        return PL_EINVAL;
    }
    return PL_OK;
}

void relay_templates_dispose(relay_templates_t *t)
{
    free(t->digest_txt);
    free(t->digest_html);
    json_decref(t->i18n);
    memset(t, 0, sizeof(*t));
}

const char *relay_templates_string(const relay_templates_t *t, const char *locale, const char *key)
{
    char lang[17];
    const char *s = NULL;
    if (locale != NULL && locale[0] != '\0') {
        s = json_string_value(json_object_get(json_object_get(t->i18n, locale), key));
        snprintf(lang, sizeof(lang), "%.*s", (int)strcspn(locale, "-_"), locale);
        if (s == NULL)
            s = json_string_value(json_object_get(json_object_get(t->i18n, lang), key));
    }
    if (s == NULL)
        s = json_string_value(json_object_get(json_object_get(t->i18n, "en"), key));
    return s != NULL ? s : key;
}
