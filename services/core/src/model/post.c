#include "model/post.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/user.h"

#define FILE_IDS_MAX_RUNES 300 /* PostFileidsMaxRunes: the file_ids JSON */

static char *dup_or_abort(const char *s)
{
    char *d = strdup(s ? s : "");
    if (d == NULL)
        abort();
    return d;
}

void model_post_init(model_post_t *p)
{
    memset(p, 0, sizeof(*p));
    p->message = dup_or_abort("");
    p->hashtags = dup_or_abort("");
    p->props = json_object();
    p->file_ids = json_array();
    p->is_following = -1;
    p->requested_ack = p->persistent_notifications = -1;
}

void model_post_dispose(model_post_t *p)
{
    free(p->message);
    free(p->hashtags);
    json_decref(p->props);
    json_decref(p->file_ids);
    json_decref(p->participants);
    json_decref(p->metadata);
    p->message = p->hashtags = NULL;
    p->props = p->file_ids = p->participants = p->metadata = NULL;
}

void model_post_copy(model_post_t *dst, const model_post_t *src)
{
    *dst = *src;
    dst->message = dup_or_abort(src->message);
    dst->hashtags = dup_or_abort(src->hashtags);
    dst->props = src->props ? json_deep_copy(src->props) : json_object();
    dst->file_ids = src->file_ids ? json_deep_copy(src->file_ids) : json_array();
    dst->participants = src->participants ? json_deep_copy(src->participants) : NULL;
    dst->metadata = src->metadata ? json_deep_copy(src->metadata) : NULL;
}

void model_post_set_message(model_post_t *p, const char *message)
{
    free(p->message);
    p->message = dup_or_abort(message);
}

static json_t *metadata_json(const model_post_t *p)
{
    json_t *m = p->metadata ? json_deep_copy(p->metadata) : json_object();
    if (json_object_get(m, "reactions") == NULL)
        json_object_set_new(m, "reactions", json_array());
    if (json_object_get(m, "files") == NULL)
        json_object_set_new(m, "files", json_array());
    /* getEmbedForPost: a post with message attachments embeds them (the clients render props.attachments) */
    if (json_object_get(m, "embeds") == NULL && json_object_get(p->props, "attachments") != NULL)
        json_object_set_new(m, "embeds", json_pack("[{s:s}]", "type", "message_attachment"));
    if (p->priority[0] || p->requested_ack >= 0 || p->persistent_notifications >= 0) {
        json_t *pr = json_object();
        json_object_set_new(pr, "priority", json_string(p->priority));
        if (p->requested_ack >= 0)
            json_object_set_new(pr, "requested_ack", json_boolean(p->requested_ack));
        if (p->persistent_notifications >= 0)
            json_object_set_new(pr, "persistent_notifications", json_boolean(p->persistent_notifications));
        json_object_set_new(m, "priority", pr);
    }
    return m;
}

json_t *model_post_to_json(const model_post_t *p)
{
    json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:I,s:b,s:s,s:s,s:s,s:s,s:s,s:s,s:O,s:s,s:s,s:I,s:I}", "id", p->id, "create_at",
                          (json_int_t)p->create_at, "update_at", (json_int_t)p->update_at, "edit_at", (json_int_t)p->edit_at,
                          "delete_at", (json_int_t)p->delete_at, "is_pinned", p->is_pinned, "user_id", p->user_id, "channel_id",
                          p->channel_id, "root_id", p->root_id, "original_id", p->original_id, "message", p->message, "type",
                          p->type, "props", p->props, "hashtags", p->hashtags, "pending_post_id", p->pending_post_id, "reply_count",
                          (json_int_t)p->reply_count, "last_reply_at", (json_int_t)p->last_reply_at);
    if (o == NULL)
        abort();
    if (json_array_size(p->file_ids) > 0)
        json_object_set(o, "file_ids", p->file_ids);
    if (p->has_reactions)
        json_object_set_new(o, "has_reactions", json_true());
    if (p->remote_id[0])
        json_object_set_new(o, "remote_id", json_string(p->remote_id));
    if (p->is_following >= 0)
        json_object_set_new(o, "is_following", json_boolean(p->is_following));
    json_object_set_new(o, "participants", p->participants ? json_incref(p->participants) : json_null());
    json_object_set_new(o, "metadata", metadata_json(p));
    return o;
}

char *model_post_to_text(const model_post_t *p)
{
    json_t *j = model_post_to_json(p);
    char *txt = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return txt;
}

/* The types Post.IsValid accepts (PostType* constants), besides custom_*. */
static const char *const TYPES[] = {
    "",
    "system_join_channel",
    "system_guest_join_channel",
    "system_leave_channel",
    "system_join_leave",
    "system_add_to_channel",
    "system_add_guest_to_chan",
    "system_remove_from_channel",
    "system_move_channel",
    "system_add_to_team",
    "system_join_team",
    "system_leave_team",
    "system_remove_from_team",
    "system_header_change",
    "system_displayname_change",
    "system_convert_channel",
    "system_purpose_change",
    "system_channel_deleted",
    "system_channel_restored",
    "system_ephemeral",
    "system_change_chan_privacy",
    "system_auto_responder",
    "system_generic",
    "system_me",
    "system_fake_parent_deleted",
    "system_wrangler",
    "system_gm_to_channel",
    "reminder",
    "me",
    "slack_attachment",
    "system_add_remove",
    "add_bot_teams_channels",
    "warn_metric_status",
    "system_welcome_post",
    "system_post_edited",
};

static bool type_valid(const char *t)
{
    if (strncmp(t, "custom_", 7) == 0)
        return true;
    for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++)
        if (strcmp(t, TYPES[i]) == 0)
            return true;
    return false;
}

static bool id_or_empty(const char *s)
{
    return s[0] == '\0' || pl_id_valid(s, PL_ID_LEN);
}

static size_t json_runes(const json_t *j)
{
    char *txt = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    size_t n = txt ? model_utf8_len(txt) : 0;
    free(txt);
    return n;
}

const char *model_post_is_valid(const model_post_t *p)
{
    if (!pl_id_valid(p->id, PL_ID_LEN))
        return "model.post.is_valid.id.app_error";
    if (p->create_at == 0)
        return "model.post.is_valid.create_at.app_error";
    if (p->update_at == 0)
        return "model.post.is_valid.update_at.app_error";
    if (!pl_id_valid(p->user_id, PL_ID_LEN))
        return "model.post.is_valid.user_id.app_error";
    if (!pl_id_valid(p->channel_id, PL_ID_LEN))
        return "model.post.is_valid.channel_id.app_error";
    if (!id_or_empty(p->root_id))
        return "model.post.is_valid.root_id.app_error";
    if (!id_or_empty(p->original_id))
        return "model.post.is_valid.original_id.app_error";
    if (model_utf8_len(p->message) > MODEL_POST_MESSAGE_MAX)
        return "model.post.is_valid.message_length.app_error";
    if (model_utf8_len(p->hashtags) > MODEL_POST_HASHTAGS_MAX)
        return "model.post.is_valid.hashtags.app_error";
    if (!type_valid(p->type))
        return "model.post.is_valid.type.app_error";
    if (json_runes(p->file_ids) > FILE_IDS_MAX_RUNES)
        return "model.post.is_valid.file_ids.app_error";
    if (json_runes(p->props) > MODEL_POST_PROPS_MAX)
        return "model.post.is_valid.props.app_error";
    return NULL;
}

bool model_post_is_system(const model_post_t *p)
{
    return strncmp(p->type, "system_", 7) == 0;
}

bool model_post_is_join_leave(const char *type)
{
    static const char *const jl[] = {"system_join_leave",      "system_add_remove",          "system_join_channel",
                                     "system_leave_channel",   "system_join_team",           "system_leave_team",
                                     "system_add_to_channel",  "system_remove_from_channel", "system_add_to_team",
                                     "system_remove_from_team"};
    for (size_t i = 0; i < sizeof(jl) / sizeof(jl[0]); i++)
        if (strcmp(type, jl[i]) == 0)
            return true;
    return false;
}

/* A hashtag word (ParseHashtags): '#', then a letter, then letters, digits, '.', '-', '_';
 * trailing punctuation trimmed; at least 3 characters after the '#'. */
static size_t hashtag_len(const char *w, size_t n)
{
    if (n < 2 || w[0] != '#' || !isalpha((unsigned char)w[1]))
        return 0;
    size_t i = 2;
    while (i < n && (isalnum((unsigned char)w[i]) || w[i] == '.' || w[i] == '-' || w[i] == '_' || (unsigned char)w[i] >= 0x80))
        i++;
    if (i != n)
        return 0;
    while (i > 1 && (w[i - 1] == '.' || w[i - 1] == '-' || w[i - 1] == '_'))
        i--;
    return i > 3 ? i : 0;
}

void model_post_hashtags_parse(model_post_t *p)
{
    size_t cap = strlen(p->message) + 2, used = 0;
    char *out = calloc(1, cap);
    if (out == NULL)
        abort();
    for (const char *s = p->message; *s;) {
        while (*s && isspace((unsigned char)*s))
            s++;
        const char *w = s;
        while (*s && !isspace((unsigned char)*s))
            s++;
        size_t n = hashtag_len(w, (size_t)(s - w));
        if (n > 0 && used + n + 2 <= cap && used + n + 1 <= MODEL_POST_HASHTAGS_MAX) {
            if (used)
                out[used++] = ' ';
            memcpy(out + used, w, n);
            used += n;
            out[used] = '\0';
        }
    }
    free(p->hashtags);
    p->hashtags = out;
}
