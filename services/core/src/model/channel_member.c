#include "model/channel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_channel_member_dispose(model_channel_member_t *m)
{
    json_decref(m->notify_props);
    m->notify_props = NULL;
}

/* Append word to out (space-separated) unless it is already there. */
static void add_role(char *out, size_t n, const char *word)
{
    size_t len = strlen(out), wl = strlen(word);
    for (const char *p = out; (p = strstr(p, word)) != NULL; p += wl)
        if ((p == out || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\0'))
            return;
    snprintf(out + len, n - len, "%s%s", len ? " " : "", word);
}

/* The explicit roles without the scheme role names (those only set flags), as the sqlstore ToModel. */
static void explicit_split(const model_channel_member_t *m, char *out, size_t n, bool flags[3])
{
    static const char *const SCHEME[3] = {"channel_guest", "channel_user", "channel_admin"};
    char buf[sizeof(m->explicit_roles)];
    snprintf(buf, sizeof(buf), "%s", m->explicit_roles);
    out[0] = '\0';
    flags[0] = m->scheme_guest, flags[1] = m->scheme_user, flags[2] = m->scheme_admin;
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int k = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(w, SCHEME[i]) == 0)
                k = i;
        if (k >= 0)
            flags[k] = true;
        else
            add_role(out, n, w);
    }
}

void model_channel_member_roles(const model_channel_member_t *m, char *out, size_t n)
{
    bool f[3];
    explicit_split(m, out, n, f);
    if (f[0])
        add_role(out, n, "channel_guest");
    if (f[1])
        add_role(out, n, "channel_user");
    if (f[2])
        add_role(out, n, "channel_admin");
}

json_t *model_channel_member_default_notify_props(void)
{
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "desktop", "default", "email", "default", "ignore_channel_mentions",
                          "default", "mark_unread", "all", "push", "default", "channel_auto_follow_threads", "off");
    if (!o)
        abort();
    return o;
}

json_t *model_channel_member_to_json(const model_channel_member_t *m)
{
    char roles[512], explicit[sizeof(m->explicit_roles)];
    bool f[3];
    explicit_split(m, explicit, sizeof(explicit), f);
    model_channel_member_roles(m, roles, sizeof(roles));
    json_t *o =
        json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "channel_id", m->channel_id, "user_id", m->user_id, "roles", roles,
                  "last_viewed_at", (json_int_t)m->last_viewed_at, "msg_count", (json_int_t)m->msg_count, "mention_count",
                  (json_int_t)m->mention_count, "mention_count_root", (json_int_t)m->mention_count_root, "urgent_mention_count",
                  (json_int_t)m->urgent_mention_count, "msg_count_root", (json_int_t)m->msg_count_root);
    if (!o)
        abort();
    json_object_set_new(o, "notify_props",
                        m->notify_props ? json_incref(m->notify_props) : model_channel_member_default_notify_props());
    json_object_set_new(o, "last_update_at", json_integer(m->last_update_at));
    json_object_set_new(o, "scheme_guest", json_boolean(f[0]));
    json_object_set_new(o, "scheme_user", json_boolean(f[1]));
    json_object_set_new(o, "scheme_admin", json_boolean(f[2]));
    json_object_set_new(o, "explicit_roles", json_string(explicit));
    return o;
}

void model_channel_member_list_dispose(model_channel_member_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_channel_member_dispose(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

json_t *model_channel_member_list_to_json(const model_channel_member_list_t *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, model_channel_member_to_json(&l->items[i]));
    return a;
}

static json_int_t unread(int64_t total, int64_t seen)
{
    return total > seen ? (json_int_t)(total - seen) : 0;
}

json_t *model_channel_unread_to_json(const model_channel_t *c, const model_channel_member_t *m)
{
    json_t *o =
        json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "team_id", c->team_id, "channel_id", c->id, "msg_count",
                  unread(c->total_msg_count, m->msg_count), "mention_count", (json_int_t)m->mention_count, "mention_count_root",
                  (json_int_t)m->mention_count_root, "urgent_mention_count", (json_int_t)m->urgent_mention_count, "msg_count_root",
                  unread(c->total_msg_count_root, m->msg_count_root));
    if (!o)
        abort();
    return o;
}
