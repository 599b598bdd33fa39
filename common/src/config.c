#include "parley/config.h"
#include "parley/err.h"
#include "parley/log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CFG_STR_DEFAULT_MAX 4096
#define CFG_NAME_MAX 256

/* Where a value came from, for error messages. */
typedef struct cfg_ctx {
    pl_buf_t *errors;
    int nerrors;
    const char *env_name; /* set while applying an environment override */
} cfg_ctx_t;

static void *key_field(void *out, const pl_cfg_key_t *k)
{
    return (char *)out + k->offset;
}

static void key_label(const pl_cfg_key_t *k, char *out, size_t n)
{
    if (k->section[0] != '\0')
        snprintf(out, n, "%s.%s", k->section, k->name);
    else
        snprintf(out, n, "%s", k->name);
}

/* Append one "Section.Key: problem [(from env NAME)]" line. */
__attribute__((format(printf, 3, 4))) static void report(cfg_ctx_t *ctx, const pl_cfg_key_t *k, const char *fmt, ...)
{
    char label[CFG_NAME_MAX];
    key_label(k, label, sizeof(label));
    pl_buf_appendf(ctx->errors, "%s: ", label);
    va_list ap;
    va_start(ap, fmt);
    pl_buf_vappendf(ctx->errors, fmt, ap);
    va_end(ap);
    if (ctx->env_name != NULL)
        pl_buf_appendf(ctx->errors, " (from env %s)", ctx->env_name);
    pl_buf_puts(ctx->errors, "\n");
    ctx->nerrors++;
}

static size_t str_max(const pl_cfg_key_t *k)
{
    return k->max > 0 ? (size_t)k->max : CFG_STR_DEFAULT_MAX;
}

static int enum_has(const pl_cfg_key_t *k, const char *s)
{
    for (size_t i = 0; k->choices != NULL && k->choices[i] != NULL; i++)
        if (strcmp(k->choices[i], s) == 0)
            return 1;
    return 0;
}

static void report_enum(cfg_ctx_t *ctx, const pl_cfg_key_t *k, const char *s)
{
    pl_buf_t list;
    pl_buf_init(&list, 1024);
    for (size_t i = 0; k->choices != NULL && k->choices[i] != NULL; i++)
        pl_buf_appendf(&list, "%s\"%s\"", i > 0 ? ", " : "", k->choices[i]);
    report(ctx, k, "must be one of %s (got \"%.64s\")", list.data != NULL ? list.data : "", s);
    pl_buf_dispose(&list);
}

/* Validate and store a string or enum value (copied). */
static void store_str(cfg_ctx_t *ctx, const pl_cfg_key_t *k, void *out, const char *s, size_t len)
{
    if (k->type == PL_CFG_STR && len > str_max(k)) {
        report(ctx, k, "must be at most %zu characters (got %zu)", str_max(k), len);
        return;
    }
    if (k->type == PL_CFG_ENUM && !enum_has(k, s)) {
        report_enum(ctx, k, s);
        return;
    }
    char *copy = strndup(s, len);
    if (copy == NULL) {
        report(ctx, k, "out of memory");
        return;
    }
    char **slot = key_field(out, k);
    free(*slot);
    *slot = copy;
}

static int int_bounded(const pl_cfg_key_t *k)
{
    return k->min != 0 || k->max != 0;
}

static void store_int(cfg_ctx_t *ctx, const pl_cfg_key_t *k, void *out, int64_t v)
{
    if (int_bounded(k) && (v < k->min || v > k->max)) {
        report(ctx, k, "must be between %lld and %lld (got %lld)", (long long)k->min, (long long)k->max, (long long)v);
        return;
    }
    *(int64_t *)key_field(out, k) = v;
}

static void store_bool(void *out, const pl_cfg_key_t *k, bool v)
{
    *(bool *)key_field(out, k) = v;
}

/* A value given as text: a default from the table or an environment variable. */
static void apply_text(cfg_ctx_t *ctx, const pl_cfg_key_t *k, void *out, const char *text)
{
    if (k->type == PL_CFG_STR || k->type == PL_CFG_ENUM) {
        store_str(ctx, k, out, text, strlen(text));
    } else if (k->type == PL_CFG_INT) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (text[0] == '\0' || isspace((unsigned char)text[0]) || *end != '\0' || errno != 0)
            report(ctx, k, "must be an integer (got \"%.64s\")", text);
        else
            store_int(ctx, k, out, v);
    } else if (strcasecmp(text, "true") == 0 || strcmp(text, "1") == 0) {
        store_bool(out, k, true);
    } else if (strcasecmp(text, "false") == 0 || strcmp(text, "0") == 0) {
        store_bool(out, k, false);
    } else {
        report(ctx, k, "must be true or false (got \"%.64s\")", text);
    }
}

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

/* A string list of the file (Mattermost's []string settings, e.g. TeamSettings.ExperimentalDefaultChannels): stored
 * as its items joined by spaces, as the environment form MM_..._KEY="a b" gives it. @return 0, -1 when not a list. */
static int store_list(cfg_ctx_t *ctx, const pl_cfg_key_t *k, void *out, json_t *v)
{
    size_t i;
    json_t *item;
    pl_buf_t b;
    json_array_foreach(v, i, item) if (!json_is_string(item)) return -1;
    pl_buf_init(&b, str_max(k) + 1);
    json_array_foreach(v, i, item) pl_buf_appendf(&b, "%s%s", i > 0 ? " " : "", json_string_value(item));
    store_str(ctx, k, out, b.data != NULL ? b.data : "", b.data != NULL ? strlen(b.data) : 0);
    pl_buf_dispose(&b);
    return 0;
}

/* A value from the JSON file: the JSON type must match the key's type (a string key also takes a list of strings). */
static void apply_json(cfg_ctx_t *ctx, const pl_cfg_key_t *k, void *out, json_t *v)
{
    if (k->type == PL_CFG_STR && json_is_array(v) && store_list(ctx, k, out, v) == 0)
        return;
    if ((k->type == PL_CFG_STR || k->type == PL_CFG_ENUM) && json_is_string(v))
        store_str(ctx, k, out, json_string_value(v), json_string_length(v));
    else if (k->type == PL_CFG_INT && json_is_integer(v))
        store_int(ctx, k, out, json_integer_value(v));
    else if (k->type == PL_CFG_BOOL && json_is_boolean(v))
        store_bool(out, k, json_is_true(v));
    else {
        const char *want = k->type == PL_CFG_INT ? "an integer" : k->type == PL_CFG_BOOL ? "a boolean" : "a string";
        report(ctx, k, "must be %s (got %s)", want, json_type_name(v));
    }
}

static void apply_defaults(cfg_ctx_t *ctx, const pl_cfg_schema_t *schema, void *out)
{
    for (size_t i = 0; i < schema->nkeys; i++) {
        const pl_cfg_key_t *k = &schema->keys[i];
        if (k->type == PL_CFG_STR || k->type == PL_CFG_ENUM)
            *(char **)key_field(out, k) = NULL;
    }
    for (size_t i = 0; i < schema->nkeys; i++) {
        const pl_cfg_key_t *k = &schema->keys[i];
        const char *def = k->def;
        if (def == NULL)
            def = k->type == PL_CFG_INT ? "0" : k->type == PL_CFG_BOOL ? "false" : "";
        apply_text(ctx, k, out, def);
    }
}

/* The JSON object holding k: the section object, or the root for a top-level key. */
static json_t *key_container(const pl_cfg_key_t *k, json_t *root)
{
    if (k->section[0] == '\0')
        return root;
    json_t *sec = json_object_get(root, k->section);
    return json_is_object(sec) ? sec : NULL;
}

static int schema_has_section(const pl_cfg_schema_t *schema, const char *section)
{
    for (size_t i = 0; i < schema->nkeys; i++)
        if (schema->keys[i].section[0] != '\0' && strcmp(schema->keys[i].section, section) == 0)
            return 1;
    return 0;
}

static void apply_file(cfg_ctx_t *ctx, const pl_cfg_schema_t *schema, void *out, json_t *root)
{
    const char *name;
    json_t *v;
    json_object_foreach(root, name, v)
    {
        if (schema_has_section(schema, name) && !json_is_object(v)) {
            pl_buf_appendf(ctx->errors, "%s: must be an object (got %s)\n", name, json_type_name(v));
            ctx->nerrors++;
        }
    }
    for (size_t i = 0; i < schema->nkeys; i++) {
        const pl_cfg_key_t *k = &schema->keys[i];
        json_t *container = key_container(k, root);
        v = container != NULL ? json_object_get(container, k->name) : NULL;
        if (v != NULL)
            apply_json(ctx, k, out, v);
    }
}

static void env_name(const pl_cfg_schema_t *schema, const pl_cfg_key_t *k, char *out, size_t n)
{
    if (k->section[0] != '\0')
        snprintf(out, n, "%s_%s_%s", schema->env_prefix, k->section, k->name);
    else
        snprintf(out, n, "%s_%s", schema->env_prefix, k->name);
    for (char *p = out; *p != '\0'; p++)
        *p = (char)toupper((unsigned char)*p);
}

static void apply_env(cfg_ctx_t *ctx, const pl_cfg_schema_t *schema, void *out)
{
    char name[CFG_NAME_MAX];
    for (size_t i = 0; i < schema->nkeys; i++) {
        env_name(schema, &schema->keys[i], name, sizeof(name));
        const char *v = getenv(name);
        if (v == NULL)
            continue;
        ctx->env_name = name;
        apply_text(ctx, &schema->keys[i], out, v);
        ctx->env_name = NULL;
    }
}

static int schema_has_key(const pl_cfg_schema_t *schema, const char *section, const char *name)
{
    for (size_t i = 0; i < schema->nkeys; i++)
        if (strcmp(schema->keys[i].section, section) == 0 && strcmp(schema->keys[i].name, name) == 0)
            return 1;
    return 0;
}

/* One warning per unknown section and per unknown key inside a known section. */
static void warn_unknown(const pl_cfg_schema_t *schema, json_t *root, pl_buf_t *warnings)
{
    const char *name, *inner;
    json_t *v, *iv;
    if (warnings == NULL)
        return;
    json_object_foreach(root, name, v)
    {
        if (schema_has_key(schema, "", name))
            continue;
        if (!schema_has_section(schema, name)) {
            pl_buf_appendf(warnings, "%s: unknown setting, ignored\n", name);
            continue;
        }
        json_object_foreach(v, inner, iv)
        {
            if (!schema_has_key(schema, name, inner))
                pl_buf_appendf(warnings, "%s.%s: unknown setting, ignored\n", name, inner);
        }
    }
}

/* Parse the file; reports a missing file or malformed JSON (with line and column) as an error. */
static json_t *load_file(cfg_ctx_t *ctx, const char *path)
{
    json_error_t jerr;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        pl_buf_appendf(ctx->errors, "%s: cannot open config file: %s\n", path, strerror(errno));
        ctx->nerrors++;
        return NULL;
    }
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    fclose(f);
    if (root == NULL) {
        pl_buf_appendf(ctx->errors, "%s: invalid JSON at line %d, column %d: %s\n", path, jerr.line, jerr.column, jerr.text);
        ctx->nerrors++;
        return NULL;
    }
    if (!json_is_object(root)) {
        pl_buf_appendf(ctx->errors, "%s: must contain a JSON object (got %s)\n", path, json_type_name(root));
        ctx->nerrors++;
        json_decref(root);
        return NULL;
    }
    return root;
}

int pl_config_load(const pl_cfg_schema_t *schema, const char *path, void *out, json_t **root_out, pl_buf_t *errors,
                   pl_buf_t *warnings)
{
    cfg_ctx_t ctx = {errors, 0, NULL};
    json_t *root = NULL;
    if (root_out != NULL)
        *root_out = NULL;
    apply_defaults(&ctx, schema, out);
    if (path != NULL) {
        root = load_file(&ctx, path);
        if (root != NULL) {
            apply_file(&ctx, schema, out, root);
            warn_unknown(schema, root, warnings);
        }
    } else {
        root = json_object();
    }
    apply_env(&ctx, schema, out);
    if (ctx.nerrors > 0) {
        pl_config_dispose(schema, out);
        json_decref(root);
        return PL_EINVAL;
    }
    if (root_out != NULL)
        *root_out = root;
    else
        json_decref(root);
    return PL_OK;
}

void pl_config_dispose(const pl_cfg_schema_t *schema, void *out)
{
    for (size_t i = 0; i < schema->nkeys; i++) {
        const pl_cfg_key_t *k = &schema->keys[i];
        if (k->type != PL_CFG_STR && k->type != PL_CFG_ENUM)
            continue;
        char **slot = key_field(out, k);
        free(*slot);
        *slot = NULL;
    }
}

static json_t *print_value(const pl_cfg_key_t *k, const void *cfg)
{
    const void *field = (const char *)cfg + k->offset;
    if (k->type == PL_CFG_INT)
        return json_integer(*(const int64_t *)field);
    if (k->type == PL_CFG_BOOL)
        return json_boolean(*(const bool *)field);
    const char *s = *(const char *const *)field;
    if (s == NULL)
        s = "";
    if ((k->secret || pl_log_key_is_secret(k->name)) && s[0] != '\0')
        s = "********";
    return json_string(s);
}

int pl_config_print(const pl_cfg_schema_t *schema, const void *cfg, pl_buf_t *buf)
{
    int rc = PL_ERR;
    json_t *root = json_object();
    char *text = NULL;
    for (size_t i = 0; i < schema->nkeys; i++) {
        const pl_cfg_key_t *k = &schema->keys[i];
        json_t *container = root;
        if (k->section[0] != '\0') {
            container = json_object_get(root, k->section);
            if (container == NULL) {
                container = json_object();
                json_object_set_new(root, k->section, container);
            }
        }
        json_object_set_new(container, k->name, print_value(k, cfg));
    }
    text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text == NULL)
        goto Exit;
    rc = pl_buf_puts(buf, text);
    if (rc == PL_OK)
        rc = pl_buf_puts(buf, "\n");
Exit:
    free(text);
    json_decref(root);
    return rc;
}
