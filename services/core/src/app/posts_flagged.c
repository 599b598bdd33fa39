/* The posts a user saved (app/posts.h): flagged_post preferences, as Mattermost's getFlaggedPostsForUser. */
#include "app/posts.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/posts_access.h"
#include "store/db.h"
#include "store/posts.h"

#define SEEN_MAX 64 /* channels whose read permission one page remembers */

typedef struct seen {
    char id[SEEN_MAX][PL_ID_LEN + 1];
    bool ok[SEEN_MAX];
    size_t n;
} seen_t;

/* read_channel_content in the post's channel (the user may have left it since they saved the post). */
static int readable(PGconn *db, const app_session_t *s, const char *channel_id, seen_t *seen, app_error_t *e)
{
    for (size_t i = 0; i < seen->n; i++)
        if (strcmp(seen->id[i], channel_id) == 0)
            return seen->ok[i];
    model_channel_t c;
    if (app_posts_access_channel(db, channel_id, &c, e) < 0)
        return -1;
    int ok = app_posts_access_has(db, s, &c, "read_channel_content", e);
    model_channel_dispose(&c);
    if (ok >= 0 && seen->n < SEEN_MAX) {
        snprintf(seen->id[seen->n], sizeof(seen->id[0]), "%s", channel_id);
        seen->ok[seen->n++] = ok > 0;
    }
    return ok;
}

/* Keep the posts of out the caller may read, in order. */
static int filter(PGconn *db, const app_session_t *s, model_post_list_t *out, app_error_t *e)
{
    seen_t seen = {.n = 0};
    size_t kept = 0;
    for (size_t i = 0; i < out->n; i++) {
        int ok = readable(db, s, out->items[i].channel_id, &seen, e);
        if (ok < 0)
            return -1;
        if (ok > 0)
            out->items[kept++] = out->items[i];
        else
            model_post_dispose(&out->items[i]);
    }
    out->n = out->n_order = kept;
    return 0;
}

int app_posts_list_flagged(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *channel_id,
                           int64_t page, int64_t per_page, model_post_list_t *out, app_error_t *e)
{
    memset(out, 0, sizeof(*out));
    if (app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    int rc =
        store_posts_list_flagged(db, user_id, team_id ? team_id : "", channel_id ? channel_id : "", page * per_page, per_page, out);
    if (app_error_check_store(e, rc, "app.post.get_flagged_posts.app_error") < 0 || filter(db, s, out, e) < 0) {
        model_post_list_dispose(out);
        return -1;
    }
    return 0;
}
