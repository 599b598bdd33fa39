#include "model/channel.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/user.h"

void model_channel_dispose(model_channel_t *c)
{
    json_decref(c->props);
    c->props = NULL;
}

static json_t *str_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

static json_t *tristate(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

/* The members newer Mattermost versions send that Parley has no data for yet (their zero values). */
static void set_newer_defaults(json_t *o)
{
    json_object_set_new(o, "autotranslation", json_false());
    json_object_set_new(o, "policy_id", json_null());
    json_object_set_new(o, "banner_info", json_null());
    json_object_set_new(o, "policy_enforced", json_false());
    json_object_set_new(o, "policy_is_active", json_false());
    json_object_set_new(o, "default_category_name", json_string(""));
    json_object_set_new(o, "managed_category_name", json_string(""));
    json_object_set_new(o, "discoverable", json_false());
}

json_t *model_channel_to_json(const model_channel_t *c)
{
    char type[2] = {c->type, '\0'};
    json_t *o =
        json_pack("{s:s,s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s}", "id", c->id, "create_at", (json_int_t)c->create_at,
                  "update_at", (json_int_t)c->update_at, "delete_at", (json_int_t)c->delete_at, "team_id", c->team_id, "type", type,
                  "display_name", c->display_name, "name", c->name, "header", c->header, "purpose", c->purpose, "last_post_at",
                  (json_int_t)c->last_post_at, "total_msg_count", (json_int_t)c->total_msg_count, "extra_update_at",
                  (json_int_t)c->extra_update_at, "creator_id", c->creator_id);
    if (!o)
        abort();
    json_object_set_new(o, "scheme_id", str_or_null(c->scheme_id));
    json_object_set_new(o, "props", c->props ? json_incref(c->props) : json_null());
    json_object_set_new(o, "group_constrained", tristate(c->group_constrained));
    json_object_set_new(o, "shared", tristate(c->shared));
    json_object_set_new(o, "total_msg_count_root", json_integer(c->total_msg_count_root));
    json_object_set_new(o, "last_root_post_at", json_integer(c->last_root_post_at));
    set_newer_defaults(o);
    return o;
}

static int ident_char(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && (c == '-' || c == '_'));
}

/* IsValidChannelIdentifier: ^[a-z0-9]+([a-z\-\_0-9]+|(__)?)[a-z0-9]*$, i.e. [a-z0-9][a-z0-9_-]*. */
static int identifier_valid(const char *s)
{
    if (!s[0])
        return 0;
    for (size_t i = 0; s[i]; i++)
        if (!ident_char(s[i], i == 0))
            return 0;
    return 1;
}

/* The names Channel.IsValid keeps for D/G: 40 hex digits, or "<id>__<id>". */
static int looks_like_dm_or_gm(const char *s)
{
    size_t len = strlen(s);
    if (len == 40 && strspn(s, "0123456789abcdef") == 40)
        return 1;
    const char *us = strstr(s, "__");
    if (!us || strstr(us + 2, "__"))
        return 0;
    return pl_id_valid(s, (size_t)(us - s)) && pl_id_valid(us + 2, strlen(us + 2));
}

const char *model_channel_name_check(const char *name, char type)
{
    if (strlen(name) > MODEL_CHANNEL_NAME_MAX || !identifier_valid(name))
        return "model.channel.is_valid.1_or_more.app_error";
    if (type != MODEL_CHANNEL_DIRECT && type != MODEL_CHANNEL_GROUP && looks_like_dm_or_gm(name))
        return "model.channel.is_valid.name.app_error";
    return NULL;
}

static int type_valid(char t)
{
    return t == MODEL_CHANNEL_OPEN || t == MODEL_CHANNEL_PRIVATE || t == MODEL_CHANNEL_DIRECT || t == MODEL_CHANNEL_GROUP;
}

const char *model_channel_is_valid(const model_channel_t *c)
{
    if (!pl_id_valid(c->id, strlen(c->id)))
        return "model.channel.is_valid.id.app_error";
    if (c->create_at == 0)
        return "model.channel.is_valid.create_at.app_error";
    if (c->update_at == 0)
        return "model.channel.is_valid.update_at.app_error";
    if (model_utf8_len(c->display_name) > MODEL_CHANNEL_DISPLAY_NAME_MAX)
        return "model.channel.is_valid.display_name.app_error";
    if (strlen(c->name) > MODEL_CHANNEL_NAME_MAX || !identifier_valid(c->name))
        return "model.channel.is_valid.1_or_more.app_error";
    if (!type_valid(c->type))
        return "model.channel.is_valid.type.app_error";
    if (model_utf8_len(c->header) > MODEL_CHANNEL_HEADER_MAX)
        return "model.channel.is_valid.header.app_error";
    if (model_utf8_len(c->purpose) > MODEL_CHANNEL_PURPOSE_MAX)
        return "model.channel.is_valid.purpose.app_error";
    const char *name = model_channel_name_check(c->name, c->type);
    if (name)
        return name;
    if (c->group_constrained == 1 && c->type != MODEL_CHANNEL_OPEN && c->type != MODEL_CHANNEL_PRIVATE)
        return "model.channel.is_valid.group_constrained.app_error";
    return NULL;
}

void model_channel_dm_name(const char *a, const char *b, char *out, size_t n)
{
    if (strcmp(a, b) > 0) {
        const char *t = a;
        a = b;
        b = t;
    }
    snprintf(out, n, "%s__%s", a, b);
}

/* ---- SHA-1 (FIPS 180-4), for GetGroupNameFromUserIds only ---- */

typedef struct sha1 {
    uint32_t h[5];
    unsigned char block[64];
    size_t used;
    uint64_t bits;
} sha1_t;

static uint32_t rol(uint32_t v, int s)
{
    return (v << s) | (v >> (32 - s));
}

static void sha1_round(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        uint32_t f = i < 20   ? ((b & c) | (~b & d)) + 0x5A827999u
                     : i < 40 ? (b ^ c ^ d) + 0x6ED9EBA1u
                     : i < 60 ? ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDCu
                              : (b ^ c ^ d) + 0xCA62C1D6u;
        uint32_t t = rol(a, 5) + f + e + w[i];
        e = d, d = c, c = rol(b, 30), b = a, a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

static void sha1_add(sha1_t *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    s->bits += (uint64_t)n * 8;
    while (n--) {
        s->block[s->used++] = *p++;
        if (s->used == 64)
            sha1_round(s->h, s->block), s->used = 0;
    }
}

static void sha1_hex(sha1_t *s, char *out, size_t n)
{
    unsigned char len[8];
    uint64_t bits = s->bits;
    for (int i = 7; i >= 0; i--, bits >>= 8)
        len[i] = (unsigned char)bits;
    sha1_add(s, "\x80", 1);
    while (s->used != 56)
        sha1_add(s, "", 1);
    memcpy(s->block + 56, len, 8);
    sha1_round(s->h, s->block);
    out[0] = '\0';
    for (int i = 0; i < 5; i++)
        snprintf(out + 8 * i, n > (size_t)(8 * i) ? n - (size_t)(8 * i) : 0, "%08x", (unsigned)s->h[i]);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void model_channel_gm_name(const char *const *ids, size_t n, char *out, size_t outn)
{
    const char **sorted = calloc(n ? n : 1, sizeof(*sorted));
    sha1_t s = {{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u}, {0}, 0, 0};
    if (!sorted)
        abort();
    memcpy(sorted, ids, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), cmp_str);
    for (size_t i = 0; i < n; i++)
        sha1_add(&s, sorted[i], strlen(sorted[i]));
    free(sorted);
    sha1_hex(&s, out, outn);
}

void model_channel_list_dispose(model_channel_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_channel_dispose(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

json_t *model_channel_list_to_json(const model_channel_list_t *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, model_channel_to_json(&l->items[i]));
    return a;
}

/* A string member that fits n bytes; absent or null: *dst stays NULL. -1: wrong type, -2: too long. */
static int ref(const json_t *o, const char *k, size_t n, const char **dst)
{
    const json_t *v = json_object_get(o, k);
    *dst = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return -1;
    if (json_string_length(v) >= n)
        return -2;
    *dst = json_string_value(v);
    return 0;
}

typedef struct str_field {
    const char *key;
    size_t off, cap;
    const char *too_long;
} str_field_t;

#define CF(k, cap, err)                                                                                                            \
    {                                                                                                                              \
#k, offsetof(model_channel_patch_t, k), cap, err                                                                           \
    }
static const str_field_t CHANNEL_FIELDS[] = {
    CF(id, PL_ID_LEN + 1, "model.channel.is_valid.id.app_error"),
    CF(team_id, 4096, NULL),
    CF(type, 2, "model.channel.is_valid.type.app_error"),
    CF(name, MODEL_CHANNEL_NAME_MAX + 1, "model.channel.is_valid.1_or_more.app_error"),
    CF(display_name, MODEL_CHANNEL_DISPLAY_NAME_MAX * 4 + 1, "model.channel.is_valid.display_name.app_error"),
    CF(header, MODEL_CHANNEL_HEADER_MAX * 4 + 1, "model.channel.is_valid.header.app_error"),
    CF(purpose, MODEL_CHANNEL_PURPOSE_MAX * 4 + 1, "model.channel.is_valid.purpose.app_error"),
};

const char *model_channel_patch_from_json(void *out, const json_t *o, const char **detail)
{
    model_channel_patch_t *p = out;
    memset(p, 0, sizeof(*p));
    p->group_constrained = -1;
    *detail = "channel";
    if (!json_is_object(o))
        return "api.context.invalid_body_param.app_error";
    for (size_t i = 0; i < sizeof(CHANNEL_FIELDS) / sizeof(CHANNEL_FIELDS[0]); i++) {
        const str_field_t *f = &CHANNEL_FIELDS[i];
        int rc = ref(o, f->key, f->cap, (const char **)((char *)p + f->off));
        if (rc == -1 || (rc == -2 && !f->too_long))
            return "api.context.invalid_body_param.app_error";
        if (rc == -2)
            return *detail = NULL, f->too_long;
    }
    const json_t *g = json_object_get(o, "group_constrained");
    if (g && !json_is_null(g) && !json_is_boolean(g))
        return "api.context.invalid_body_param.app_error";
    if (g && json_is_boolean(g))
        p->group_constrained = json_is_true(g);
    *detail = NULL;
    return NULL;
}

/* strings.TrimSpace (ASCII white space) into dst. */
static void copy_trimmed(char *dst, size_t n, const char *src)
{
    while (*src == ' ' || (*src >= '\t' && *src <= '\r'))
        src++;
    size_t len = strlen(src);
    while (len > 0 && (src[len - 1] == ' ' || (src[len - 1] >= '\t' && src[len - 1] <= '\r')))
        len--;
    snprintf(dst, n, "%.*s", (int)len, src);
}

const char *model_channel_patch_apply(model_channel_t *c, const model_channel_patch_t *p)
{
    if (p->team_id)
        snprintf(c->team_id, sizeof(c->team_id), "%s", p->team_id);
    if (p->type)
        c->type = p->type[0] && !p->type[1] ? p->type[0] : '?';
    if (p->name)
        snprintf(c->name, sizeof(c->name), "%s", p->name);
    if (p->display_name)
        copy_trimmed(c->display_name, sizeof(c->display_name), p->display_name);
    if (p->header)
        snprintf(c->header, sizeof(c->header), "%s", p->header);
    if (p->purpose)
        snprintf(c->purpose, sizeof(c->purpose), "%s", p->purpose);
    if (p->group_constrained >= 0)
        c->group_constrained = p->group_constrained;
    return model_channel_is_valid(c);
}
