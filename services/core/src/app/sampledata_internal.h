#ifndef PARLEY_CORE_APP_SAMPLEDATA_INTERNAL_H
#define PARLEY_CORE_APP_SAMPLEDATA_INTERNAL_H

/* Private to app/sampledata*.c (see app/sampledata.h for the file order). */

#include <stddef.h>
#include <stdint.h>

#include "app/sampledata.h"
#include "parley/id.h"

/* ---- sampledata_rand.c: xoshiro256** streams keyed by (seed, stream, index) ---- */
enum {
    SD_STREAM_USER = 1,
    SD_STREAM_TEAM,
    SD_STREAM_CHANNEL,
    SD_STREAM_TEAM_PICK,
    SD_STREAM_CHANNEL_PICK,
    SD_STREAM_DIRECT,
    SD_STREAM_GROUP,
    SD_STREAM_NAMES,
    SD_STREAM_POSTS,
};
typedef struct sd_rng {
    uint64_t s[4];
} sd_rng_t;
void app_sampledata_rand_seed(sd_rng_t *r, uint64_t seed, uint64_t stream, uint64_t index);
uint64_t app_sampledata_rand_next(sd_rng_t *r);
/** Uniform in [0, n), n > 0. */
uint32_t app_sampledata_rand_below(sd_rng_t *r, uint32_t n);
/** Uniform in [0, 1). */
double app_sampledata_rand_unit(sd_rng_t *r);
/** A Mattermost-shaped id (16 bytes, base32 "ybndrfg8ejkmcpqxot1uwisza345h769", 26 characters). */
void app_sampledata_rand_id(sd_rng_t *r, char out[PL_ID_LEN + 1]);
/** The id of entity `index` of a stream: app_sampledata_rand_id on its own stream. */
void app_sampledata_rand_entity_id(uint64_t seed, uint64_t stream, uint64_t index, char out[PL_ID_LEN + 1]);

/** Zipf (exponent 1) over ranks 0..n-1: P(r) ~ 1 / (r + 1). */
typedef struct sd_zipf {
    double *cdf;
    size_t n;
} sd_zipf_t;
void app_sampledata_rand_zipf_init(sd_zipf_t *z, size_t n);
size_t app_sampledata_rand_zipf_draw(const sd_zipf_t *z, sd_rng_t *r);
void app_sampledata_rand_zipf_dispose(sd_zipf_t *z);

/* ---- sampledata_names.c ---- */
#define SD_NAME_MAX 65
typedef struct sd_person {
    char username[SD_NAME_MAX], first[32], last[32], position[64];
} sd_person_t;
/** User u (0 = sysadmin): unique username (first.last[N]), names, position. */
void app_sampledata_names_user(uint64_t seed, int u, sd_person_t *p);
/** Team t: unique name and display name. */
void app_sampledata_names_team(uint64_t seed, int t, char name[SD_NAME_MAX], char display[SD_NAME_MAX]);
/** Channel i of team t (0 town-square, 1 off-topic): unique name in the team and display name. */
void app_sampledata_names_channel(uint64_t seed, int t, int i, char name[SD_NAME_MAX], char display[SD_NAME_MAX]);

/* ---- sampledata_progress.c ---- */
typedef struct sd_progress {
    FILE *out;
    int tty;
    const char *phase;
    int64_t done, total;
    int shown; /* last percentage drawn */
    double started;
} sd_progress_t;
double app_sampledata_progress_now(void);
void app_sampledata_progress_start(sd_progress_t *p, FILE *out, int tty, const char *phase, int64_t total);
void app_sampledata_progress_tick(sd_progress_t *p);
void app_sampledata_progress_end(sd_progress_t *p);

/* ---- sampledata_sink.c: one table's rows, to COPY (db) or counted (dry run) ---- */
typedef struct sd_sink {
    store_sampledata_copy_t *copy; /* NULL: dry run */
    store_sampledata_table_t table;
    int64_t rows;
    sd_progress_t progress;
} sd_sink_t;
int app_sampledata_sink_open(sd_sink_t *s, PGconn *db, const app_sampledata_opts_t *o, store_sampledata_table_t t,
                             int64_t expected);
int app_sampledata_sink_row(sd_sink_t *s, const char *const *fields);
/** End the table (fail: abort it). @return PL_OK or PL_EIO. */
int app_sampledata_sink_close(sd_sink_t *s, int fail);

/* ---- sampledata_world.c: who is where (kept in memory; memberships recomputed from the seed) ---- */
typedef struct sd_user {
    char id[PL_ID_LEN + 1];
    sd_person_t p;
    int64_t create_at;
    int nteams;
    int *teams; /* team indices, ascending */
    int ndirect;
    int *direct; /* indices into world.direct */
} sd_user_t;

typedef struct sd_channel {
    char id[PL_ID_LEN + 1];
    char name[SD_NAME_MAX], display[SD_NAME_MAX];
    char type;
    int64_t create_at;
    int alpha; /* rank by display name in its team (sidebar order) */
} sd_channel_t;

typedef struct sd_team {
    char id[PL_ID_LEN + 1], invite_id[PL_ID_LEN + 1];
    char name[SD_NAME_MAX], display[SD_NAME_MAX];
    char type;
    int64_t create_at;
    int nmembers;
    int *members;           /* user indices, ascending; members[0] is the team admin and channels' creator */
    sd_channel_t *channels; /* channels_per_team */
} sd_team_t;

#define SD_GROUP_MAX 8
typedef struct sd_direct {
    char id[PL_ID_LEN + 1];
    char type; /* D or G */
    int n;
    int users[SD_GROUP_MAX];
    int64_t create_at;
} sd_direct_t;

typedef struct sd_world {
    const app_sampledata_opts_t *o;
    sd_user_t *users;
    sd_team_t *teams;
    sd_direct_t *direct; /* DMs then GMs */
    int ndirect;
    sd_zipf_t channel_zipf;                                              /* over the non-default channels of a team */
    unsigned char *scratch;                                              /* channels_per_team marks, cleared after each use */
    int64_t team_members, channel_members, categories, sidebar_channels; /* expected row counts */
} sd_world_t;

int app_sampledata_world_build(sd_world_t *w, const app_sampledata_opts_t *o);
void app_sampledata_world_dispose(sd_world_t *w);
/** The channels (indices into team t's channels, ascending) user u is a member of in team t: town-square,
 *  off-topic and a Zipf-drawn set. out has room for channels_per_team. @return how many. */
int app_sampledata_world_memberships(const sd_world_t *w, int t, int u, int *out);
/** The time user u joined team t / channel c of team t (deterministic). */
int64_t app_sampledata_world_join_at(const sd_world_t *w, int t, int u);

/* ---- sampledata_rows.c: one function per table ---- */
int app_sampledata_rows_users(const sd_world_t *w, PGconn *db, const char *password_hash, app_sampledata_report_t *r);
int app_sampledata_rows_teams(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r);
int app_sampledata_rows_team_members(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r);
int app_sampledata_rows_channels(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r);
int app_sampledata_rows_channel_members(const sd_world_t *w, PGconn *db, store_sampledata_table_t t, app_sampledata_report_t *r);
int app_sampledata_rows_categories(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r);
int app_sampledata_rows_sidebar_channels(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r);

/* ---- sampledata_posts.c: root posts by members, after everything else happened ---- */
/** At most this many posts for o (every team channel with members). */
int64_t app_sampledata_posts_bound(const app_sampledata_opts_t *o);
int app_sampledata_rows_posts(const sd_world_t *w, PGconn *db, app_sampledata_report_t *r);

#endif
