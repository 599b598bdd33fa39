#ifndef PARLEY_CORE_MODEL_POST_H
#define PARLEY_CORE_MODEL_POST_H

/*
 * Post, PostList and the post request bodies (server/public/model/post.go, post_list.go) (owner:
 * posts). Shapes: ../shared/reference/mattermost-api.md §3.5, §3.8. Implemented in model/post.c
 * (Post, IsValid), model/post_body.c (request bodies), model/post_list.c (PostList).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "parley/id.h"

#define MODEL_POST_MESSAGE_MAX 16383 /* runes (PostMessageMaxRunesV2, the client config's MaxPostSize) */
#define MODEL_POST_PROPS_MAX 800000  /* runes of the props JSON (PostPropsMaxRunes) */
#define MODEL_POST_HASHTAGS_MAX 1000 /* runes (PostHashtagsMaxRunes) */
#define MODEL_POST_FILE_IDS_MAX 10   /* MaxFileIds... Mattermost allows 10 attachments per post */
#define MODEL_POST_TYPE_MAX 26
#define MODEL_POST_PENDING_MAX 100
#define MODEL_POST_IDS_MAX 1000 /* POST /posts/ids */

typedef struct model_post {
    char id[PL_ID_LEN + 1];
    int64_t create_at, update_at, edit_at, delete_at;
    bool is_pinned, has_reactions;
    char user_id[PL_ID_LEN + 1];
    char channel_id[PL_ID_LEN + 1];
    char root_id[PL_ID_LEN + 1];     /* "" for a root post */
    char original_id[PL_ID_LEN + 1]; /* edit history rows: the post they were */
    char *message;                   /* owned (malloc); never NULL once built */
    char type[MODEL_POST_TYPE_MAX + 1];
    json_t *props;    /* owned object; never NULL once built */
    char *hashtags;   /* owned (malloc) */
    json_t *file_ids; /* owned array of ids; never NULL once built */
    char remote_id[PL_ID_LEN + 1];
    char pending_post_id[MODEL_POST_PENDING_MAX + 1];
    int64_t reply_count, last_reply_at;
    json_t *participants; /* owned array of User objects; NULL -> null */
    int is_following;     /* -1: not sent */
    /* metadata.priority: priority "" with requested_ack / persistent_notifications -1 = none */
    char priority[33];
    int requested_ack, persistent_notifications;
    json_t *metadata; /* owned object of what app/ filled (reactions, files, emojis, embeds); NULL = {} */
} model_post_t;

/** A zeroed post with empty message, props {}, hashtags "", file_ids [] (is_following and priority unset). */
void model_post_init(model_post_t *p);
/** Release what p owns; p may be reused after model_post_init. */
void model_post_dispose(model_post_t *p);
/** A deep copy of src into dst (dst not initialised). */
void model_post_copy(model_post_t *dst, const model_post_t *src);
/** Replace p->message with a copy of message. */
void model_post_set_message(model_post_t *p, const char *message);
/** The Post JSON (metadata always present, with reactions and files arrays: T7). New reference. */
json_t *model_post_to_json(const model_post_t *p);
/** The Post JSON as compact text (malloc), as events carry it. NULL on OOM. */
char *model_post_to_text(const model_post_t *p);
/** Post.IsValid(maxPostSize). @return NULL or model.post.is_valid.<field>.app_error. */
const char *model_post_is_valid(const model_post_t *p);
/** The hashtags of message, space-separated (Post.ParseHashtags rules), into p->hashtags. */
void model_post_hashtags_parse(model_post_t *p);
/** 1 for the system_* types (Post.IsSystemMessage). */
bool model_post_is_system(const model_post_t *p);
/** 1 for the join / leave / add / remove types that Mattermost does not count as unread messages. */
bool model_post_is_join_leave(const char *type);

/** POST /posts and PUT /posts/{id}: a Post body, borrowed from the JSON. */
typedef struct model_post_body {
    const char *id, *channel_id, *message, *root_id, *type, *pending_post_id;
    const json_t *props, *file_ids, *priority; /* NULL when absent; priority: metadata.priority */
    bool has_message, is_pinned, has_is_pinned;
} model_post_body_t;
const char *model_post_body_from_json(void *out, const json_t *o, const char **detail);

/** PUT /posts/{id}/patch: PostPatch, present members only. */
typedef struct model_post_patch {
    const char *message;
    const json_t *props, *file_ids;
    int is_pinned, has_reactions; /* -1 absent */
} model_post_patch_t;
const char *model_post_patch_from_json(void *out, const json_t *o, const char **detail);

/** POST /posts/ids, POST /posts/ids/reactions: 1..MODEL_POST_IDS_MAX post ids. */
typedef struct model_post_ids {
    size_t n;
    const char *v[MODEL_POST_IDS_MAX];
} model_post_ids_t;
const char *model_post_ids_from_json(void *out, const json_t *a, const char **detail);

/** PostList: order (newest first), posts (order's posts and extra ones such as thread roots). */
typedef struct model_post_list {
    model_post_t *items; /* the posts of order, then the extras */
    size_t n, n_order;
    char next_post_id[PL_ID_LEN + 1], prev_post_id[PL_ID_LEN + 1];
    bool has_next;
    int64_t first_inaccessible_post_time;
} model_post_list_t;
void model_post_list_dispose(model_post_list_t *l);
json_t *model_post_list_to_json(const model_post_list_t *l);

#endif
