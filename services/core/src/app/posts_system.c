/* System messages (app/posts_system.h). */
#include "app/posts_system.h"

#include <stdio.h>
#include <string.h>

#include "app/posts_save.h"
#include "app/users.h"
#include "model/user.h"
#include "parley/id.h"
#include "parley/log.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/db.h"

static void username_of(PGconn *db, const char *user_id, char *out, size_t n)
{
    model_user_t u;
    app_error_t e = {0};
    model_user_init(&u);
    out[0] = '\0';
    if (user_id && user_id[0] && app_users_load(db, user_id, &u, &e) == 0)
        snprintf(out, n, "%s", u.username);
    model_user_dispose(&u);
}

static int post_in(PGconn *db, const model_channel_t *c, const char *actor_id, const char *type, const char *message, json_t *props)
{
    model_post_t p;
    model_post_init(&p);
    pl_id_new(p.id);
    p.create_at = p.update_at = pl_time_ms();
    snprintf(p.user_id, sizeof(p.user_id), "%s", actor_id);
    snprintf(p.channel_id, sizeof(p.channel_id), "%s", c->id);
    snprintf(p.type, sizeof(p.type), "%s", type);
    model_post_set_message(&p, message);
    json_decref(p.props);
    p.props = props;
    char username[MODEL_USER_NAME_MAX + 1];
    username_of(db, actor_id, username, sizeof(username));
    app_posts_save_opts_t o = {.sender_username = username, .set_online = false, .allow_channel_mentions = false};
    app_error_t e = {0};
    bool dup;
    int rc = app_posts_save(db, &p, c, &o, &dup, &e);
    model_post_dispose(&p);
    return rc < 0 ? (e.status == 503 ? STORE_EUNAVAIL : STORE_EINTERNAL) : 0;
}

int app_posts_system_post(PGconn *db, const char *channel_id, const char *actor_id, const char *type, const char *message,
                          json_t *props)
{
    model_channel_t c;
    if (props == NULL)
        props = json_object();
    int rc = store_channels_get(db, channel_id, &c);
    if (rc == STORE_OK) {
        rc = post_in(db, &c, actor_id && actor_id[0] ? actor_id : "", type, message, props);
        props = NULL;
        model_channel_dispose(&c);
    }
    json_decref(props);
    if (rc != 0)
        PL_LOG_WARN("system message not posted", "channel_id", channel_id, "type", type, "error", store_error_name(rc));
    return rc;
}
