#include "model/sidebar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_sidebar_category_dispose(model_sidebar_category_t *c)
{
    free(c->channels);
    c->channels = NULL;
    c->nchannels = 0;
}

void model_sidebar_category_list_dispose(model_sidebar_category_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_sidebar_category_dispose(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

bool model_sidebar_category_has(const model_sidebar_category_t *c, const char *channel_id)
{
    for (size_t i = 0; i < c->nchannels; i++)
        if (strcmp(c->channels[i], channel_id) == 0)
            return true;
    return false;
}

int model_sidebar_category_add_channel(model_sidebar_category_t *c, const char *channel_id)
{
    size_t len = strlen(channel_id);
    if (!pl_id_valid(channel_id, len) || model_sidebar_category_has(c, channel_id))
        return 0;
    model_sidebar_channel_id_t *p = realloc(c->channels, (c->nchannels + 1) * sizeof(*p));
    if (p == NULL)
        return -1;
    c->channels = p;
    memcpy(c->channels[c->nchannels++], channel_id, PL_ID_LEN + 1);
    return 0;
}

int model_sidebar_category_prepend(model_sidebar_category_t *c, const model_sidebar_channel_id_t *ids, size_t n)
{
    if (n == 0)
        return 0;
    model_sidebar_channel_id_t *p = malloc((c->nchannels + n) * sizeof(*p));
    if (p == NULL)
        return -1;
    memcpy(p, ids, n * sizeof(*p));
    if (c->nchannels)
        memcpy(p + n, c->channels, c->nchannels * sizeof(*p));
    free(c->channels);
    c->channels = p;
    c->nchannels += n;
    return 0;
}

json_t *model_sidebar_category_to_json(const model_sidebar_category_t *c)
{
    json_t *ids = json_array();
    for (size_t i = 0; i < c->nchannels; i++)
        json_array_append_new(ids, json_string(c->channels[i]));
    return json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:b,s:b,s:o}", "id", c->id, "user_id", c->user_id, "team_id", c->team_id,
                     "sort_order", (json_int_t)c->sort_order, "sorting", c->sorting, "type", c->type, "display_name",
                     c->display_name, "muted", c->muted, "collapsed", c->collapsed, "channel_ids", ids);
}

json_t *model_sidebar_category_list_to_json(const model_sidebar_category_list_t *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, model_sidebar_category_to_json(&l->items[i]));
    return a;
}

json_t *model_sidebar_ordered_to_json(const model_sidebar_category_list_t *l)
{
    json_t *order = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(order, json_string(l->items[i].id));
    return json_pack("{s:o,s:o}", "categories", model_sidebar_category_list_to_json(l), "order", order);
}

/* A string member copied into dst (absent: left ""); -1 when it is not a string or too long. */
static int str_member(const json_t *o, const char *k, char *dst, size_t n)
{
    const json_t *v = json_object_get(o, k);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v) || json_string_length(v) >= n)
        return -1;
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

static int bool_member(const json_t *o, const char *k, bool *dst)
{
    const json_t *v = json_object_get(o, k);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return -1;
    *dst = json_is_true(v);
    return 0;
}

static int channels_member(const json_t *o, model_sidebar_category_t *c)
{
    const json_t *a = json_object_get(o, "channel_ids");
    size_t i;
    const json_t *v;
    if (a == NULL || json_is_null(a))
        return 0;
    if (!json_is_array(a))
        return -1;
    json_array_foreach(a, i, v)
    {
        if (!json_is_string(v) || model_sidebar_category_add_channel(c, json_string_value(v)) < 0)
            return -1;
    }
    return 0;
}

static const char *category_from_json(model_sidebar_category_t *c, const json_t *o)
{
    const json_t *so = json_object_get(o, "sort_order");
    if (!json_is_object(o) || str_member(o, "id", c->id, sizeof(c->id)) < 0 ||
        str_member(o, "user_id", c->user_id, sizeof(c->user_id)) < 0 ||
        str_member(o, "team_id", c->team_id, sizeof(c->team_id)) < 0 ||
        str_member(o, "sorting", c->sorting, sizeof(c->sorting)) < 0 || str_member(o, "type", c->type, sizeof(c->type)) < 0 ||
        str_member(o, "display_name", c->display_name, sizeof(c->display_name)) < 0 || bool_member(o, "muted", &c->muted) < 0 ||
        bool_member(o, "collapsed", &c->collapsed) < 0 || (so && !json_is_null(so) && !json_is_integer(so)) ||
        channels_member(o, c) < 0)
        return "api.context.invalid_body_param.app_error";
    c->sort_order = so && json_is_integer(so) ? json_integer_value(so) : 0;
    return NULL;
}

const char *model_sidebar_category_from_json(void *out, const json_t *o, const char **detail)
{
    const char *id = category_from_json(out, o);
    *detail = id ? "category" : NULL;
    return id;
}

void model_sidebar_category_body_dispose(void *out)
{
    model_sidebar_category_dispose(out);
}

const char *model_sidebar_category_list_from_json(void *out, const json_t *a, const char **detail)
{
    model_sidebar_category_list_t *l = out;
    size_t i;
    const json_t *v;
    *detail = "category";
    if (!json_is_array(a))
        return "api.context.invalid_body_param.app_error";
    l->items = calloc(json_array_size(a) + 1, sizeof(*l->items));
    if (l->items == NULL)
        return "api.context.invalid_body_param.app_error";
    json_array_foreach(a, i, v)
    {
        l->n = i + 1;
        if (category_from_json(&l->items[i], v) != NULL)
            return "api.context.invalid_body_param.app_error";
    }
    *detail = NULL;
    return NULL;
}

void model_sidebar_category_list_body_dispose(void *out)
{
    model_sidebar_category_list_dispose(out);
}

static bool id_chars(const char *s)
{
    for (int i = 0; i < PL_ID_LEN; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

/* "<type>_<26>_<26>" at s (a prefix match, as the unanchored regexp finds it anywhere). */
static bool default_at(const char *s)
{
    static const char *const types[] = {MODEL_SIDEBAR_FAVORITES, MODEL_SIDEBAR_CHANNELS, MODEL_SIDEBAR_DIRECT_MESSAGES};
    for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
        size_t n = strlen(types[t]);
        if (strncmp(s, types[t], n) != 0 || s[n] != '_' || strnlen(s + n + 1, 2 * PL_ID_LEN + 1) < 2 * PL_ID_LEN + 1)
            continue;
        if (id_chars(s + n + 1) && s[n + 1 + PL_ID_LEN] == '_' && id_chars(s + n + 2 + PL_ID_LEN))
            return true;
    }
    return false;
}

bool model_sidebar_category_id_valid(const char *s)
{
    if (s == NULL)
        return false;
    if (pl_id_valid(s, strlen(s)))
        return true;
    for (const char *p = s; *p; p++)
        if (default_at(p))
            return true;
    return false;
}

void model_sidebar_default_id(const char *type, const char *user_id, const char *team_id, char *out, size_t n)
{
    snprintf(out, n, "%s_%s_%s", type, user_id, team_id);
}
