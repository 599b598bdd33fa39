/* PostList (model/post.h). */
#include "model/post.h"

#include <stdlib.h>
#include <string.h>

void model_post_list_dispose(model_post_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_post_dispose(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->n_order = 0;
}

json_t *model_post_list_to_json(const model_post_list_t *l)
{
    json_t *order = json_array(), *posts = json_object();
    for (size_t i = 0; i < l->n; i++) {
        if (i < l->n_order)
            json_array_append_new(order, json_string(l->items[i].id));
        if (json_object_get(posts, l->items[i].id) == NULL)
            json_object_set_new(posts, l->items[i].id, model_post_to_json(&l->items[i]));
    }
    json_t *o = json_pack("{s:o,s:o,s:s,s:s,s:b,s:I}", "order", order, "posts", posts, "next_post_id", l->next_post_id,
                          "prev_post_id", l->prev_post_id, "has_next", l->has_next, "first_inaccessible_post_time",
                          (json_int_t)l->first_inaccessible_post_time);
    if (o == NULL)
        abort();
    return o;
}
