/* The post request bodies (model/post.h): Post, PostPatch, [post id]. */
#include "model/post.h"

#include <string.h>

#define IDS_TEXT(n) #n
#define IDS_MAX_TEXT_OF(n) IDS_TEXT(n)
#define IDS_MAX_TEXT IDS_MAX_TEXT_OF(MODEL_POST_IDS_MAX) /* "1000" */

static const char *const INVALID = "api.context.invalid_body_param.app_error";

/* A string member (absent or null: NULL); -1 on another type or an embedded NUL. */
static int str_member(const json_t *o, const char *key, const char **dst)
{
    const json_t *v = json_object_get(o, key);
    *dst = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
        return -1;
    *dst = json_string_value(v);
    return 0;
}

/* A member of type `type` (absent or null: NULL); -1 on another type. */
static int typed_member(const json_t *o, const char *key, json_type type, const json_t **dst)
{
    const json_t *v = json_object_get(o, key);
    *dst = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (json_typeof(v) != type)
        return -1;
    *dst = v;
    return 0;
}

/* file_ids: strings only (StringArray). */
static int file_ids_member(const json_t *o, const json_t **dst)
{
    size_t i;
    const json_t *item;
    if (typed_member(o, "file_ids", JSON_ARRAY, dst) < 0)
        return -1;
    json_array_foreach(*dst, i, item) if (!json_is_string(item)) return -1;
    return 0;
}

/* A boolean member: -1 absent or null, 0/1, -2 on another type. */
static int bool_member(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return -1;
    return json_is_boolean(v) ? json_is_true(v) : -2;
}

static int priority_member(const json_t *o, const json_t **dst)
{
    const json_t *meta = NULL;
    *dst = NULL;
    if (typed_member(o, "metadata", JSON_OBJECT, &meta) < 0)
        return -1;
    if (meta == NULL)
        return 0;
    if (typed_member(meta, "priority", JSON_OBJECT, dst) < 0)
        return -1;
    const json_t *pr = *dst;
    const char *s;
    if (pr && (str_member(pr, "priority", &s) < 0 || bool_member(pr, "requested_ack") == -2 ||
               bool_member(pr, "persistent_notifications") == -2))
        return -1;
    return 0;
}

const char *model_post_body_from_json(void *out, const json_t *o, const char **detail)
{
    model_post_body_t *b = out;
    *detail = "post";
    if (str_member(o, "id", &b->id) < 0 || str_member(o, "channel_id", &b->channel_id) < 0 ||
        str_member(o, "message", &b->message) < 0 || str_member(o, "root_id", &b->root_id) < 0 ||
        str_member(o, "type", &b->type) < 0 || str_member(o, "pending_post_id", &b->pending_post_id) < 0)
        return INVALID;
    if (typed_member(o, "props", JSON_OBJECT, &b->props) < 0 || file_ids_member(o, &b->file_ids) < 0 ||
        priority_member(o, &b->priority) < 0)
        return INVALID;
    int pinned = bool_member(o, "is_pinned");
    if (pinned == -2)
        return INVALID;
    b->has_message = b->message != NULL;
    b->has_is_pinned = pinned >= 0;
    b->is_pinned = pinned == 1;
    *detail = NULL;
    return NULL;
}

const char *model_post_patch_from_json(void *out, const json_t *o, const char **detail)
{
    model_post_patch_t *p = out;
    *detail = "patch";
    if (str_member(o, "message", &p->message) < 0 || typed_member(o, "props", JSON_OBJECT, &p->props) < 0 ||
        file_ids_member(o, &p->file_ids) < 0)
        return INVALID;
    p->is_pinned = bool_member(o, "is_pinned");
    p->has_reactions = bool_member(o, "has_reactions");
    if (p->is_pinned == -2 || p->has_reactions == -2)
        return INVALID;
    *detail = NULL;
    return NULL;
}

const char *model_post_ids_from_json(void *out, const json_t *a, const char **detail)
{
    model_post_ids_t *l = out;
    size_t i;
    json_t *item;
    *detail = "post_ids";
    if (!json_is_array(a) || json_array_size(a) == 0)
        return INVALID;
    if (json_array_size(a) > MODEL_POST_IDS_MAX) {
        *detail = IDS_MAX_TEXT; /* {{.MaxLength}} */
        return "api.post.posts_by_ids.invalid_body.request_error";
    }
    json_array_foreach(a, i, item)
    {
        const char *s = json_string_value(item);
        if (s == NULL || !pl_id_valid(s, strlen(s)))
            return INVALID;
        l->v[l->n++] = s;
    }
    *detail = NULL;
    return NULL;
}
