/* The rows of each table of the sample data, in COPY field order (store/sampledata.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sampledata_internal.h"
#include "model/channel.h"
#include "model/user.h"
#include "parley/err.h"

#define I64(buf, v) (snprintf((buf), sizeof(buf), "%lld", (long long)(v)), (buf))

static int finish(sd_sink_t *s, int rc, app_sampledata_report_t *r)
{
    int closed = app_sampledata_sink_close(s, rc != PL_OK);
    r->rows[s->table] = s->rows;
    r->total += s->rows;
    return rc != PL_OK ? rc : closed;
}

static char *default_notify_props(void)
{
    model_user_t u;
    model_user_init(&u);
    model_user_set_defaults(&u);
    char *s = json_dumps(u.notify_props, JSON_COMPACT | JSON_SORT_KEYS);
    model_user_dispose(&u);
    if (s == NULL)
        abort();
    return s;
}

int app_sampledata_rows_users(const sd_world_t *w, PGconn *db, const char *password_hash, app_sampledata_report_t *r)
{
    sd_sink_t s;
    char *notify = default_notify_props();
    int rc = app_sampledata_sink_open(&s, db, w->o, STORE_SAMPLEDATA_USERS, w->o->users);
    if (rc != PL_OK) {
        free(notify);
        return rc;
    }
    for (int u = 0; u < w->o->users && rc == PL_OK; u++) {
        const sd_user_t *x = &w->users[u];
        char at[24], email[SD_NAME_MAX + 16];
        snprintf(email, sizeof(email), "%s@example.com", x->p.username);
        const char *f[] = {x->id,
                           I64(at, x->create_at),
                           at,
                           x->p.username,
                           password_hash,
                           email,
                           "t",
                           "",
                           x->p.first,
                           x->p.last,
                           x->p.position,
                           u == 0 ? "system_admin system_user" : "system_user",
                           notify,
                           at,
                           "en"};
        rc = app_sampledata_sink_row(&s, f);
    }
    free(notify);
    return finish(&s, rc, r);
}

int app_sampledata_rows_teams(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r)
{
    sd_sink_t s;
    int rc = app_sampledata_sink_open(&s, db, w->o, STORE_SAMPLEDATA_TEAMS, w->o->teams);
    if (rc != PL_OK)
        return rc;
    char admin_email[SD_NAME_MAX + 16];
    snprintf(admin_email, sizeof(admin_email), "%s@example.com", w->users[0].p.username);
    for (int t = 0; t < w->o->teams && rc == PL_OK; t++) {
        const sd_team_t *x = &w->teams[t];
        char at[24], type[2] = {x->type, '\0'}, desc[SD_NAME_MAX + 16];
        snprintf(desc, sizeof(desc), "The %s team", x->display);
        const char *f[] = {x->id,        I64(at, x->create_at),     at, x->display, x->name, desc, admin_email, type, "",
                           x->invite_id, x->type == 'O' ? "t" : "f"};
        rc = app_sampledata_sink_row(&s, f);
    }
    return finish(&s, rc, r);
}

int app_sampledata_rows_team_members(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r)
{
    sd_sink_t s;
    int rc = app_sampledata_sink_open(&s, db, w->o, STORE_SAMPLEDATA_TEAM_MEMBERS, w->team_members);
    for (int t = 0; t < w->o->teams && rc == PL_OK; t++) {
        const sd_team_t *x = &w->teams[t];
        for (int i = 0; i < x->nmembers && rc == PL_OK; i++) {
            char at[24];
            const char *f[] = {x->id, w->users[x->members[i]].id, "",
                               "t",   i == 0 ? "t" : "f",         I64(at, app_sampledata_world_join_at(w, t, x->members[i]))};
            rc = app_sampledata_sink_row(&s, f);
        }
    }
    return rc == PL_OK || s.copy ? finish(&s, rc, r) : rc;
}

static int direct_row(const sd_world_t *w, sd_sink_t *s, const sd_direct_t *d)
{
    char name[MODEL_CHANNEL_NAME_MAX + 1], display[SD_GROUP_MAX * (SD_NAME_MAX + 2)] = "", at[24], type[2] = {d->type, '\0'};
    const char *ids[SD_GROUP_MAX];
    for (int j = 0; j < d->n; j++)
        ids[j] = w->users[d->users[j]].id;
    if (d->type == 'D') {
        model_channel_dm_name(ids[0], ids[1], name, sizeof(name));
    } else {
        /* display name: the usernames sorted, joined by ", " (GetGroupDisplayNameFromUsers) */
        const char *names[SD_GROUP_MAX];
        for (int j = 0; j < d->n; j++)
            names[j] = w->users[d->users[j]].p.username;
        for (int a = 1; a < d->n; a++)
            for (int b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
                const char *tmp = names[b];
                names[b] = names[b - 1];
                names[b - 1] = tmp;
            }
        size_t len = 0;
        for (int j = 0; j < d->n; j++)
            len += (size_t)snprintf(display + len, sizeof(display) - len, "%s%s", j ? ", " : "", names[j]);
        model_channel_gm_name(ids, (size_t)d->n, name, sizeof(name));
    }
    const char *f[] = {d->id, I64(at, d->create_at), at, "", type, display, name, "", "", ids[0], "0", "0", "0", "0"};
    return app_sampledata_sink_row(s, f);
}

int app_sampledata_rows_channels(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r)
{
    sd_sink_t s;
    int64_t total = (int64_t)w->o->teams * w->o->channels_per_team + w->ndirect;
    int rc = app_sampledata_sink_open(&s, db, w->o, STORE_SAMPLEDATA_CHANNELS, total);
    for (int t = 0; t < w->o->teams && rc == PL_OK; t++) {
        const sd_team_t *x = &w->teams[t];
        const char *creator = x->nmembers ? w->users[x->members[0]].id : w->users[0].id;
        for (int i = 0; i < w->o->channels_per_team && rc == PL_OK; i++) {
            const sd_channel_t *c = &x->channels[i];
            char at[24], type[2] = {c->type, '\0'};
            const char *f[] = {c->id, I64(at, c->create_at), at, x->id, type, c->display, c->name, "", "", creator, "0", "0", "0",
                               "0"};
            rc = app_sampledata_sink_row(&s, f);
        }
    }
    for (int i = 0; i < w->ndirect && rc == PL_OK; i++)
        rc = direct_row(w, &s, &w->direct[i]);
    return rc == PL_OK || s.copy ? finish(&s, rc, r) : rc;
}

static int member_row(sd_sink_t *s, const char *channel_id, const char *user_id, int64_t at, int admin)
{
    char ts[24];
    I64(ts, at);
    if (s->table == STORE_SAMPLEDATA_CHANNEL_MEMBER_HISTORY) {
        const char *f[] = {channel_id, user_id, ts};
        return app_sampledata_sink_row(s, f);
    }
    const char *f[] = {channel_id, user_id, ts, ts, "t", admin ? "t" : "f"};
    return app_sampledata_sink_row(s, f);
}

/* channel_members or channel_member_history: the same memberships, joined at the same times. */
int app_sampledata_rows_channel_members(const sd_world_t *w, PGconn *db, store_sampledata_table_t table, app_sampledata_report_t *r)
{
    sd_sink_t s;
    int *in = calloc((size_t)w->o->channels_per_team + 1, sizeof(int));
    if (in == NULL)
        abort();
    int rc = app_sampledata_sink_open(&s, db, w->o, table, w->channel_members);
    for (int t = 0; t < w->o->teams && rc == PL_OK; t++) {
        const sd_team_t *x = &w->teams[t];
        for (int i = 0; i < x->nmembers && rc == PL_OK; i++) {
            int u = x->members[i], n = app_sampledata_world_memberships(w, t, u, in);
            int64_t joined = app_sampledata_world_join_at(w, t, u);
            for (int j = 0; j < n && rc == PL_OK; j++) {
                const sd_channel_t *c = &x->channels[in[j]];
                rc = member_row(&s, c->id, w->users[u].id, (joined > c->create_at ? joined : c->create_at) + 1000, i == 0);
            }
        }
    }
    for (int i = 0; i < w->ndirect && rc == PL_OK; i++)
        for (int j = 0; j < w->direct[i].n && rc == PL_OK; j++)
            rc = member_row(&s, w->direct[i].id, w->users[w->direct[i].users[j]].id, w->direct[i].create_at, 0);
    free(in);
    return rc == PL_OK || s.copy ? finish(&s, rc, r) : rc;
}

static void category_id(char *out, size_t n, const char *type, const char *uid, const char *tid)
{
    snprintf(out, n, "%s_%s_%s", type, uid, tid);
}

int app_sampledata_rows_categories(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r)
{
    static const char *const types[] = {"favorites", "channels", "direct_messages"};
    static const char *const orders[] = {"0", "10", "20"};
    static const char *const sorting[] = {"", "", "recent"};
    static const char *const names[] = {"Favorites", "Channels", "Direct Messages"};
    sd_sink_t s;
    int rc = app_sampledata_sink_open(&s, db, w->o, STORE_SAMPLEDATA_SIDEBAR_CATEGORIES, w->categories);
    for (int u = 0; u < w->o->users && rc == PL_OK; u++) {
        const sd_user_t *x = &w->users[u];
        for (int i = 0; i < x->nteams && rc == PL_OK; i++) {
            const char *tid = w->teams[x->teams[i]].id;
            for (int k = 0; k < 3 && rc == PL_OK; k++) {
                char id[128];
                category_id(id, sizeof(id), types[k], x->id, tid);
                const char *f[] = {id, x->id, tid, orders[k], sorting[k], types[k], names[k]};
                rc = app_sampledata_sink_row(&s, f);
            }
        }
    }
    return rc == PL_OK || s.copy ? finish(&s, rc, r) : rc;
}

static const sd_team_t *alpha_team; /* qsort context: the team whose channels are sorted */

static int cmp_alpha(const void *a, const void *b)
{
    int x = alpha_team->channels[*(const int *)a].alpha, y = alpha_team->channels[*(const int *)b].alpha;
    return (x > y) - (x < y);
}

static int place(sd_sink_t *s, const char *channel_id, const char *uid, const char *category, int order)
{
    char so[24];
    const char *f[] = {channel_id, uid, category, I64(so, order)};
    return app_sampledata_sink_row(s, f);
}

/* Channels category: the user's channels of the team by display name; direct_messages: their DMs and GMs. */
static int place_user_team(const sd_world_t *w, sd_sink_t *s, int u, int t, int *in)
{
    const sd_user_t *x = &w->users[u];
    const sd_team_t *team = &w->teams[t];
    char cat[128];
    int n = app_sampledata_world_memberships(w, t, u, in), rc = PL_OK;
    alpha_team = team;
    qsort(in, (size_t)n, sizeof(*in), cmp_alpha);
    category_id(cat, sizeof(cat), "channels", x->id, team->id);
    for (int j = 0; j < n && rc == PL_OK; j++)
        rc = place(s, team->channels[in[j]].id, x->id, cat, 10 * j);
    category_id(cat, sizeof(cat), "direct_messages", x->id, team->id);
    for (int j = 0; j < x->ndirect && rc == PL_OK; j++)
        rc = place(s, w->direct[x->direct[j]].id, x->id, cat, 10 * j);
    return rc;
}

int app_sampledata_rows_sidebar_channels(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r)
{
    sd_sink_t s;
    int *in = calloc((size_t)w->o->channels_per_team + 1, sizeof(int));
    if (in == NULL)
        abort();
    int rc = app_sampledata_sink_open(&s, db, w->o, STORE_SAMPLEDATA_SIDEBAR_CHANNELS, w->sidebar_channels);
    for (int u = 0; u < w->o->users && rc == PL_OK; u++)
        for (int i = 0; i < w->users[u].nteams && rc == PL_OK; i++)
            rc = place_user_team(w, &s, u, w->users[u].teams[i], in);
    free(in);
    return rc == PL_OK || s.copy ? finish(&s, rc, r) : rc;
}
