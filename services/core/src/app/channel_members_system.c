#include "app/channel_members_system.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "parley/id.h"
#include "app/posts_system.h"

bool app_channel_members_system_is_guest(const model_user_t *u)
{
    const char *p = u->roles;
    size_t l = strlen("system_guest");
    while ((p = strstr(p, "system_guest")) != NULL) {
        if ((p == u->roles || p[-1] == ' ') && (p[l] == '\0' || p[l] == ' '))
            return true;
        p += l;
    }
    return false;
}

/* props is stolen. */
static int record(PGconn *db, const char *channel_id, const char *user_id, const char *type, const char *message, json_t *props)
{
    return app_posts_system_post(db, channel_id, user_id, type, message, props);
}

int app_channel_members_system_join(PGconn *db, const char *channel_id, const model_user_t *user)
{
    char msg[160];
    bool guest = app_channel_members_system_is_guest(user);
    snprintf(msg, sizeof(msg), guest ? "%s joined the channel as guest." : "%s joined the channel.", user->username);
    return record(db, channel_id, user->id, guest ? "system_guest_join_channel" : "system_join_channel", msg,
                  json_pack("{s:s}", "username", user->username));
}

int app_channel_members_system_add(PGconn *db, const char *channel_id, const model_user_t *actor, const model_user_t *user)
{
    char msg[224];
    bool guest = app_channel_members_system_is_guest(user);
    snprintf(msg, sizeof(msg), guest ? "%s added to the channel as guest by %s." : "%s added to the channel by %s.", user->username,
             actor->username);
    json_t *props = json_pack("{s:s,s:s,s:s,s:s}", "userId", actor->id, "username", actor->username, "addedUserId", user->id,
                              "addedUsername", user->username);
    return record(db, channel_id, actor->id, guest ? "system_add_guest_to_chan" : "system_add_to_channel", msg, props);
}

int app_channel_members_system_leave(PGconn *db, const char *channel_id, const model_user_t *user)
{
    char msg[160];
    snprintf(msg, sizeof(msg), "@%s left the channel.", user->username);
    return record(db, channel_id, user->id, "system_leave_channel", msg, json_pack("{s:s}", "username", user->username));
}

int app_channel_members_system_remove(PGconn *db, const char *channel_id, const char *remover_id, const model_user_t *user)
{
    char msg[160];
    snprintf(msg, sizeof(msg), "@%s removed from the channel.", user->username);
    json_t *props = json_pack("{s:s,s:s}", "removedUserId", user->id, "removedUsername", user->username);
    return record(db, channel_id, remover_id, "system_remove_from_channel", msg, props);
}
