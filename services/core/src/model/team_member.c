#include "model/team.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append word to out (space-separated) unless it is already there. */
static void add_role(char *out, size_t n, const char *word)
{
    size_t len = strlen(out), wl = strlen(word);
    for (const char *p = out; (p = strstr(p, word)) != NULL; p += wl)
        if ((p == out || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\0'))
            return;
    snprintf(out + len, n - len, "%s%s", len ? " " : "", word);
}

/* The explicit roles without the scheme role names (which only set flags), as Mattermost's ToModel. */
static void explicit_split(const model_team_member_t *m, char *out, size_t n, bool flags[3])
{
    static const char *const SCHEME[3] = {"team_guest", "team_user", "team_admin"};
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

void model_team_member_roles(const model_team_member_t *m, char *out, size_t n)
{
    bool f[3];
    explicit_split(m, out, n, f);
    if (f[0])
        add_role(out, n, "team_guest");
    if (f[1])
        add_role(out, n, "team_user");
    if (f[2])
        add_role(out, n, "team_admin");
}

json_t *model_team_member_to_json(const model_team_member_t *m)
{
    char roles[512], explicit[sizeof(m->explicit_roles)];
    bool f[3];
    explicit_split(m, explicit, sizeof(explicit), f);
    model_team_member_roles(m, roles, sizeof(roles));
    json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:b,s:b,s:b,s:s}", "team_id", m->team_id, "user_id", m->user_id, "roles", roles,
                          "delete_at", (json_int_t)m->delete_at, "scheme_guest", f[0], "scheme_user", f[1], "scheme_admin", f[2],
                          "explicit_roles", explicit);
    if (!o)
        abort();
    return o;
}

void model_team_member_list_dispose(model_team_member_list_t *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

json_t *model_team_member_list_to_json(const model_team_member_list_t *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, model_team_member_to_json(&l->items[i]));
    return a;
}

json_t *model_team_unread_to_json(const model_team_unread_t *u)
{
    json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "team_id", u->team_id, "msg_count", (json_int_t)u->msg_count,
                          "mention_count", (json_int_t)u->mention_count, "mention_count_root", (json_int_t)u->mention_count_root,
                          "msg_count_root", (json_int_t)u->msg_count_root, "thread_count", (json_int_t)u->thread_count,
                          "thread_mention_count", (json_int_t)u->thread_mention_count, "thread_urgent_mention_count",
                          (json_int_t)u->thread_urgent_mention_count);
    if (!o)
        abort();
    return o;
}
