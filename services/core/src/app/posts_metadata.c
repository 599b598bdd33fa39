/* post.metadata (app/posts_metadata.h). */
#include "app/posts_metadata.h"

#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/reactions.h"

/* The post of id among posts (the reactions come sorted by post, the posts in any order). */
static model_post_t *find(model_post_t *posts, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(posts[i].id, id) == 0)
            return &posts[i];
    return NULL;
}

static json_t *metadata_of(model_post_t *p)
{
    if (p->metadata == NULL)
        p->metadata = json_object();
    return p->metadata;
}

static void attach(model_post_t *posts, size_t n, const store_reactions_list_t *l)
{
    for (size_t i = 0; i < l->n;) {
        size_t j = i;
        while (j < l->n && strcmp(l->items[j].post_id, l->items[i].post_id) == 0)
            j++;
        model_post_t *p = find(posts, n, l->items[i].post_id);
        if (p != NULL)
            json_object_set_new(metadata_of(p), "reactions", model_reactions_to_json(&l->items[i], j - i));
        i = j;
    }
}

int app_posts_metadata_fill(PGconn *db, model_post_t *posts, size_t n, app_error_t *e)
{
    const char **ids = malloc((n ? n : 1) * sizeof(*ids));
    size_t k = 0;
    if (ids == NULL)
        abort();
    for (size_t i = 0; i < n; i++)
        if (posts[i].has_reactions && json_object_get(posts[i].metadata, "reactions") == NULL)
            ids[k++] = posts[i].id;
    store_reactions_list_t l = {0};
    int rc = k ? store_reactions_for_posts(db, ids, k, &l) : STORE_OK;
    free(ids);
    if (rc == STORE_OK)
        attach(posts, n, &l);
    store_reactions_list_dispose(&l);
    return app_error_check_store(e, rc, "app.reaction.get_for_post.app_error");
}
