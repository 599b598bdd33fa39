/* Who is where in the sample data: users, teams, channels, team memberships, DMs and GMs, built in memory
 * from the seed; a user's channel memberships in a team are recomputed on demand (one stream per pair). */
#include <stdlib.h>
#include <string.h>

#include "app/sampledata_internal.h"
#include "parley/err.h"

#define T0 1735689600000LL /* 2025-01-01T00:00:00Z: fixed, so the rows do not depend on the clock */
#define MINUTE 60000LL
#define HOUR (60 * MINUTE)

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL)
        abort();
    return p;
}

/* ---- a set of 64-bit keys (open addressing), for DM pairs and GM member sets ---- */
typedef struct keyset {
    uint64_t *slots;
    size_t cap;
} keyset_t;

static void keyset_init(keyset_t *s, size_t n)
{
    s->cap = 16;
    while (s->cap < 2 * n + 16)
        s->cap *= 2;
    s->slots = xcalloc(s->cap, sizeof(*s->slots));
}

/* @return 1 when key was added, 0 when it was there. key != 0. */
static int keyset_add(keyset_t *s, uint64_t key)
{
    size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (s->cap - 1);
    for (; s->slots[i]; i = (i + 1) & (s->cap - 1))
        if (s->slots[i] == key)
            return 0;
    s->slots[i] = key;
    return 1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* ---- users and their teams ---- */
static int pick_teams(const sd_world_t *w, const sd_zipf_t *tz, int u, int *out)
{
    const app_sampledata_opts_t *o = w->o;
    int want = u == 0 ? o->teams : (o->team_memberships < o->teams ? o->team_memberships : o->teams), n = 0;
    unsigned char *used = xcalloc((size_t)o->teams, 1);
    sd_rng_t r;
    app_sampledata_rand_seed(&r, o->seed, SD_STREAM_TEAM_PICK, (uint64_t)u);
    for (int tries = 0; n < want && tries < 50 * want; tries++) {
        int t = (int)app_sampledata_rand_zipf_draw(tz, &r);
        if (!used[t]) {
            used[t] = 1;
            out[n++] = t;
        }
    }
    for (int t = 0; n < want && t < o->teams; t++)
        if (!used[t]) {
            used[t] = 1;
            out[n++] = t;
        }
    free(used);
    qsort(out, (size_t)n, sizeof(*out), cmp_int);
    return n;
}

static void build_users(sd_world_t *w)
{
    const app_sampledata_opts_t *o = w->o;
    sd_zipf_t tz;
    app_sampledata_rand_zipf_init(&tz, (size_t)o->teams);
    w->users = xcalloc((size_t)o->users, sizeof(*w->users));
    int *scratch = xcalloc((size_t)o->teams, sizeof(int));
    for (int u = 0; u < o->users; u++) {
        sd_user_t *x = &w->users[u];
        app_sampledata_rand_entity_id(o->seed, SD_STREAM_USER, (uint64_t)u, x->id);
        app_sampledata_names_user(o->seed, u, &x->p);
        x->create_at = T0 + (int64_t)u * MINUTE;
        x->nteams = o->teams ? pick_teams(w, &tz, u, scratch) : 0;
        x->teams = xcalloc((size_t)x->nteams, sizeof(int));
        memcpy(x->teams, scratch, (size_t)x->nteams * sizeof(int));
    }
    free(scratch);
    app_sampledata_rand_zipf_dispose(&tz);
}

/* ---- teams, their channels and members ---- */
static char *alpha_names; /* display names of the team being ranked (qsort has no context argument) */

static int cmp_alpha(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    int c = strcmp(alpha_names + (size_t)x * SD_NAME_MAX, alpha_names + (size_t)y * SD_NAME_MAX);
    return c ? c : (x > y) - (x < y);
}

static void build_channels(sd_world_t *w, sd_team_t *team, int t)
{
    const app_sampledata_opts_t *o = w->o;
    int n = o->channels_per_team;
    team->channels = xcalloc((size_t)n, sizeof(*team->channels));
    int *order = xcalloc((size_t)n, sizeof(int));
    alpha_names = xcalloc((size_t)n, SD_NAME_MAX);
    for (int i = 0; i < n; i++) {
        sd_channel_t *c = &team->channels[i];
        sd_rng_t r;
        uint64_t index = (uint64_t)t * (uint64_t)n + (uint64_t)i;
        app_sampledata_rand_seed(&r, o->seed, SD_STREAM_CHANNEL, index);
        app_sampledata_rand_id(&r, c->id);
        app_sampledata_names_channel(o->seed, t, i, c->name, c->display);
        c->type = i >= 2 && app_sampledata_rand_below(&r, 100) < 20 ? 'P' : 'O';
        c->create_at = team->create_at + (int64_t)i * 1000;
        memcpy(alpha_names + (size_t)i * SD_NAME_MAX, c->display, SD_NAME_MAX);
        order[i] = i;
    }
    qsort(order, (size_t)n, sizeof(int), cmp_alpha);
    for (int i = 0; i < n; i++)
        team->channels[order[i]].alpha = i;
    free(alpha_names);
    alpha_names = NULL;
    free(order);
}

static void build_teams(sd_world_t *w)
{
    const app_sampledata_opts_t *o = w->o;
    w->teams = xcalloc((size_t)o->teams, sizeof(*w->teams));
    for (int t = 0; t < o->teams; t++) {
        sd_team_t *team = &w->teams[t];
        sd_rng_t r;
        app_sampledata_rand_seed(&r, o->seed, SD_STREAM_TEAM, (uint64_t)t);
        app_sampledata_rand_id(&r, team->id);
        app_sampledata_rand_id(&r, team->invite_id);
        app_sampledata_names_team(o->seed, t, team->name, team->display);
        team->type = app_sampledata_rand_below(&r, 100) < 10 ? 'I' : 'O';
        team->create_at = T0 + (int64_t)t * HOUR;
        build_channels(w, team, t);
    }
    for (int u = 0; u < o->users; u++)
        for (int i = 0; i < w->users[u].nteams; i++)
            w->teams[w->users[u].teams[i]].nmembers++;
    for (int t = 0; t < o->teams; t++) {
        w->teams[t].members = xcalloc((size_t)w->teams[t].nmembers, sizeof(int));
        w->team_members += w->teams[t].nmembers;
        w->teams[t].nmembers = 0;
    }
    for (int u = 0; u < o->users; u++)
        for (int i = 0; i < w->users[u].nteams; i++) {
            sd_team_t *team = &w->teams[w->users[u].teams[i]];
            team->members[team->nmembers++] = u;
        }
}

/* ---- DMs and GMs ---- */
static int other_member(const sd_world_t *w, sd_rng_t *r, int a)
{
    const sd_user_t *x = &w->users[a];
    if (x->nteams == 0)
        return (int)app_sampledata_rand_below(r, (uint32_t)w->o->users);
    const sd_team_t *team = &w->teams[x->teams[app_sampledata_rand_below(r, (uint32_t)x->nteams)]];
    return team->members[app_sampledata_rand_below(r, (uint32_t)team->nmembers)];
}

static int add_direct(sd_world_t *w, keyset_t *seen, sd_rng_t *r, int size, uint64_t tag)
{
    sd_direct_t *d = &w->direct[w->ndirect];
    for (int tries = 0; tries < 30; tries++) {
        int a = (int)app_sampledata_rand_below(r, (uint32_t)w->o->users), n = 1;
        d->users[0] = a;
        for (int k = 0; n < size && k < 20 * size; k++) {
            int b = other_member(w, r, a), dup = 0;
            for (int j = 0; j < n; j++)
                dup |= d->users[j] == b;
            if (!dup)
                d->users[n++] = b;
        }
        if (n < size)
            continue;
        int sorted[SD_GROUP_MAX];
        memcpy(sorted, d->users, (size_t)n * sizeof(int));
        qsort(sorted, (size_t)n, sizeof(int), cmp_int);
        uint64_t key = 1469598103934665603ULL ^ tag;
        for (int j = 0; j < n; j++)
            key = (key ^ (uint64_t)sorted[j]) * 1099511628211ULL;
        if (!keyset_add(seen, key | 1))
            continue;
        d->n = n;
        d->type = size == 2 ? 'D' : 'G';
        int64_t at = 0;
        for (int j = 0; j < n; j++)
            at = w->users[d->users[j]].create_at > at ? w->users[d->users[j]].create_at : at;
        d->create_at = at + MINUTE + (int64_t)w->ndirect * 1000;
        app_sampledata_rand_id(r, d->id);
        w->ndirect++;
        return 1;
    }
    return 0;
}

static void build_direct(sd_world_t *w)
{
    const app_sampledata_opts_t *o = w->o;
    static const int sizes[] = {3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8};
    keyset_t seen;
    keyset_init(&seen, (size_t)(o->direct_channels + o->group_channels));
    w->direct = xcalloc((size_t)(o->direct_channels + o->group_channels), sizeof(*w->direct));
    for (int i = 0; i < o->direct_channels; i++) {
        sd_rng_t r;
        app_sampledata_rand_seed(&r, o->seed, SD_STREAM_DIRECT, (uint64_t)i);
        add_direct(w, &seen, &r, 2, 0);
    }
    for (int i = 0; i < o->group_channels; i++) {
        sd_rng_t r;
        app_sampledata_rand_seed(&r, o->seed, SD_STREAM_GROUP, (uint64_t)i);
        int size = sizes[app_sampledata_rand_below(&r, sizeof(sizes) / sizeof(sizes[0]))];
        add_direct(w, &seen, &r, size <= o->users ? size : o->users, 0x5a5a);
    }
    free(seen.slots);
    for (int i = 0; i < w->ndirect; i++)
        for (int j = 0; j < w->direct[i].n; j++)
            w->users[w->direct[i].users[j]].ndirect++;
    for (int u = 0; u < o->users; u++) {
        w->users[u].direct = xcalloc((size_t)w->users[u].ndirect, sizeof(int));
        w->users[u].ndirect = 0;
    }
    for (int i = 0; i < w->ndirect; i++)
        for (int j = 0; j < w->direct[i].n; j++) {
            sd_user_t *x = &w->users[w->direct[i].users[j]];
            x->direct[x->ndirect++] = i;
        }
}

/* ---- channel memberships ---- */
int app_sampledata_world_memberships(const sd_world_t *w, int t, int u, int *out)
{
    const app_sampledata_opts_t *o = w->o;
    int others = o->channels_per_team - 2, n = 2;
    out[0] = 0;
    out[1] = 1;
    if (others <= 0)
        return n;
    sd_rng_t r;
    app_sampledata_rand_seed(&r, o->seed, SD_STREAM_CHANNEL_PICK, (uint64_t)t * (uint64_t)o->users + (uint64_t)u);
    /* most members near the mean, one in twenty a "power user" with three times as many */
    int m = o->channel_memberships;
    int k = app_sampledata_rand_below(&r, 20) == 0 ? 3 * m : m / 2 + (int)app_sampledata_rand_below(&r, (uint32_t)m + 1);
    k = k < others ? k : others;
    unsigned char *used = w->scratch;
    for (int tries = 0; n - 2 < k && tries < 20 * k; tries++) {
        int c = 2 + (int)app_sampledata_rand_zipf_draw(&w->channel_zipf, &r);
        if (!used[c]) {
            used[c] = 1;
            out[n++] = c;
        }
    }
    for (int c = 2; n - 2 < k && c < o->channels_per_team; c++)
        if (!used[c]) {
            used[c] = 1;
            out[n++] = c;
        }
    for (int i = 2; i < n; i++)
        used[out[i]] = 0;
    qsort(out, (size_t)n, sizeof(*out), cmp_int);
    return n;
}

int64_t app_sampledata_world_join_at(const sd_world_t *w, int t, int u)
{
    int64_t a = w->users[u].create_at, b = w->teams[t].create_at;
    return (a > b ? a : b) + MINUTE;
}

static void count_rows(sd_world_t *w)
{
    int *buf = xcalloc((size_t)w->o->channels_per_team, sizeof(int));
    for (int t = 0; t < w->o->teams; t++)
        for (int i = 0; i < w->teams[t].nmembers; i++)
            w->channel_members += app_sampledata_world_memberships(w, t, w->teams[t].members[i], buf);
    free(buf);
    w->sidebar_channels = w->channel_members;
    for (int i = 0; i < w->ndirect; i++) {
        w->channel_members += w->direct[i].n;
        for (int j = 0; j < w->direct[i].n; j++)
            w->sidebar_channels += w->users[w->direct[i].users[j]].nteams;
    }
    w->categories = 3 * w->team_members;
}

int app_sampledata_world_build(sd_world_t *w, const app_sampledata_opts_t *o)
{
    memset(w, 0, sizeof(*w));
    w->o = o;
    app_sampledata_rand_zipf_init(&w->channel_zipf, o->channels_per_team > 2 ? (size_t)(o->channels_per_team - 2) : 0);
    w->scratch = xcalloc((size_t)o->channels_per_team + 1, 1);
    build_users(w);
    build_teams(w);
    build_direct(w);
    count_rows(w);
    return PL_OK;
}

void app_sampledata_world_dispose(sd_world_t *w)
{
    for (int u = 0; w->users && u < w->o->users; u++) {
        free(w->users[u].teams);
        free(w->users[u].direct);
    }
    for (int t = 0; w->teams && t < w->o->teams; t++) {
        free(w->teams[t].members);
        free(w->teams[t].channels);
    }
    free(w->users);
    free(w->teams);
    free(w->direct);
    free(w->scratch);
    app_sampledata_rand_zipf_dispose(&w->channel_zipf);
    memset(w, 0, sizeof(*w));
}
