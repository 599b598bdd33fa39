/* The posts of the sample data (app/sampledata_internal.h): root posts by the members of each team channel, DM
 * and GM, one a minute per channel, after every user, team, channel and membership was created. The channels'
 * counts follow from them (store_sampledata_post_counts). */
#include <stdio.h>
#include <stdlib.h>

#include "app/sampledata_internal.h"
#include "parley/err.h"

#define MINUTE 60000LL
#define DAY (24 * 60 * MINUTE)
#define T0 1735689600000LL /* sampledata_world.c's epoch */

static const char *const words[] = {
    "the release",          "our roadmap", "the new design", "this week's demo", "the customer call", "the build",
    "the on-call rotation", "lunch",       "the migration",  "the retro",        "the budget",        "the docs",
};
static const char *const verbs[] = {
    "Has anyone looked at", "Quick update on",   "Thoughts on",   "I just pushed a fix for",
    "Reminder about",       "Can we talk about", "Great work on", "Notes from",
};

int64_t app_sampledata_posts_bound(const app_sampledata_opts_t *o)
{
    return (int64_t)o->teams * o->channels_per_team * o->posts_per_channel + (int64_t)o->direct_channels * o->posts_per_direct +
           (int64_t)o->group_channels * o->posts_per_group;
}

/* After everything else: users one a minute, teams one an hour, DMs/GMs and channels a second apart. */
static int64_t posts_start(const sd_world_t *w)
{
    const app_sampledata_opts_t *o = w->o;
    return T0 + (int64_t)o->users * MINUTE + (int64_t)o->teams * 60 * MINUTE + (int64_t)w->ndirect * 1000 +
           (int64_t)o->channels_per_team * 1000 + DAY;
}

typedef struct poster {
    sd_sink_t *s;
    sd_rng_t rng;
    int64_t start;
} poster_t;

/* n posts in channel_id by authors drawn from users[0..m), the k-th at start + k minutes (+ the channel's offset). */
static int post_in(poster_t *p, const sd_world_t *w, const char *channel_id, const int *users, int m, int n, int64_t offset)
{
    int rc = PL_OK;
    for (int k = 0; k < n && m > 0 && rc == PL_OK; k++) {
        char id[PL_ID_LEN + 1], at[24], msg[160];
        app_sampledata_rand_id(&p->rng, id);
        const char *author = w->users[users[app_sampledata_rand_below(&p->rng, (uint32_t)m)]].id;
        snprintf(msg, sizeof(msg), "%s %s?", verbs[app_sampledata_rand_below(&p->rng, sizeof(verbs) / sizeof(verbs[0]))],
                 words[app_sampledata_rand_below(&p->rng, sizeof(words) / sizeof(words[0]))]);
        snprintf(at, sizeof(at), "%lld", (long long)(p->start + offset % MINUTE + (int64_t)k * MINUTE));
        const char *f[] = {id, at, at, author, channel_id, msg};
        rc = app_sampledata_sink_row(p->s, f);
    }
    return rc;
}

/* The members of each channel of team t (CSR: members of channel c are list[first[c] .. first[c + 1])). */
static void team_channel_members(const sd_world_t *w, int t, int *first, int **list)
{
    const sd_team_t *x = &w->teams[t];
    int ncpt = w->o->channels_per_team, *in = calloc((size_t)ncpt + 1, sizeof(int)), *fill = calloc((size_t)ncpt + 1, sizeof(int));
    if (in == NULL || fill == NULL)
        abort();
    for (int c = 0; c <= ncpt; c++)
        first[c] = 0;
    for (int i = 0; i < x->nmembers; i++) {
        int n = app_sampledata_world_memberships(w, t, x->members[i], in);
        for (int j = 0; j < n; j++)
            first[in[j] + 1]++;
    }
    for (int c = 0; c < ncpt; c++)
        first[c + 1] += first[c];
    *list = malloc(((size_t)first[ncpt] + 1) * sizeof(int));
    if (*list == NULL)
        abort();
    for (int i = 0; i < x->nmembers; i++) {
        int n = app_sampledata_world_memberships(w, t, x->members[i], in);
        for (int j = 0; j < n; j++)
            (*list)[first[in[j]] + fill[in[j]]++] = x->members[i];
    }
    free(in);
    free(fill);
}

static int team_posts(poster_t *p, const sd_world_t *w, int t)
{
    int ncpt = w->o->channels_per_team, *first = calloc((size_t)ncpt + 1, sizeof(int)), *list = NULL, rc = PL_OK;
    if (first == NULL)
        abort();
    team_channel_members(w, t, first, &list);
    for (int c = 0; c < ncpt && rc == PL_OK; c++)
        rc = post_in(p, w, w->teams[t].channels[c].id, list + first[c], first[c + 1] - first[c], w->o->posts_per_channel,
                     (int64_t)t * ncpt + c);
    free(first);
    free(list);
    return rc;
}

int app_sampledata_rows_posts(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r)
{
    sd_sink_t s;
    poster_t p = {.s = &s, .start = posts_start(w)};
    app_sampledata_rand_seed(&p.rng, w->o->seed, SD_STREAM_POSTS, 0);
    int rc = app_sampledata_sink_open(&s, db, w->o, STORE_SAMPLEDATA_POSTS, app_sampledata_posts_bound(w->o));
    for (int t = 0; t < w->o->teams && rc == PL_OK; t++)
        rc = team_posts(&p, w, t);
    for (int i = 0; i < w->ndirect && rc == PL_OK; i++) {
        const sd_direct_t *d = &w->direct[i];
        rc = post_in(&p, w, d->id, d->users, d->n, d->type == 'D' ? w->o->posts_per_direct : w->o->posts_per_group, i);
    }
    int closed = app_sampledata_sink_close(&s, rc != PL_OK);
    r->rows[s.table] = s.rows;
    r->total += s.rows;
    return rc != PL_OK ? rc : closed;
}
