/* ThreadResponse and Threads (model/thread.h). */
#include "model/thread.h"

#include <stdlib.h>

void model_thread_dispose(model_thread_t *t)
{
    model_post_dispose(&t->post);
    json_decref(t->participants);
    t->participants = NULL;
}

static json_t *participant_ids(const json_t *ids)
{
    json_t *a = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) json_array_append_new(a, json_pack("{s:O}", "id", v));
    return a;
}

json_t *model_thread_to_json(const model_thread_t *t, json_t *users)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(t->post.id));
    json_object_set_new(o, "reply_count", json_integer(t->post.reply_count));
    json_object_set_new(o, "last_reply_at", json_integer(t->post.last_reply_at));
    json_object_set_new(o, "last_viewed_at", json_integer(t->last_viewed_at));
    json_object_set_new(o, "participants", users ? users : participant_ids(t->participants));
    json_object_set_new(o, "post", model_post_to_json(&t->post));
    json_object_set_new(o, "unread_replies", json_integer(t->unread_replies));
    json_object_set_new(o, "unread_mentions", json_integer(t->unread_mentions));
    json_object_set_new(o, "is_urgent", json_boolean(t->is_urgent));
    json_object_set_new(o, "delete_at", json_integer(t->delete_at));
    return o;
}

void model_thread_list_dispose(model_thread_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_thread_dispose(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

json_t *model_thread_list_to_json(const model_thread_list_t *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, model_thread_to_json(&l->items[i], NULL));
    return json_pack("{s:I, s:I, s:I, s:I, s:o}", "total", (json_int_t)l->total, "total_unread_threads",
                     (json_int_t)l->total_unread_threads, "total_unread_mentions", (json_int_t)l->total_unread_mentions,
                     "total_unread_urgent_mentions", (json_int_t)l->total_unread_urgent_mentions, "threads", a);
}
