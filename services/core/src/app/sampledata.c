/* The sample-data run: build the world from the seed, hash the one password, load every table in one
 * transaction (tables in foreign-key order), then ANALYZE. */
#include <string.h>

#include "app/password.h"
#include "app/sampledata_internal.h"
#include "parley/err.h"
#include "parley/log.h"
#include "store/db.h"

#define LIMIT 10000000

void app_sampledata_opts_default(app_sampledata_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->seed = 1;
    o->users = 15;
    o->teams = 2;
    o->channels_per_team = 10;
    o->team_memberships = 2;
    o->channel_memberships = 5;
    o->direct_channels = 30;
    o->group_channels = 15;
    o->posts_per_channel = 100;
    o->posts_per_direct = 15;
    o->posts_per_group = 30;
    o->password_iterations = APP_PASSWORD_DEFAULT_ITERATIONS;
}

const char *app_sampledata_opts_check(const app_sampledata_opts_t *o)
{
    if (o->users < 1 || o->users > LIMIT)
        return "--users must be between 1 and 10000000";
    if (o->teams < 0 || o->teams > 100000)
        return "--teams must be between 0 and 100000";
    if (o->channels_per_team < 2 || o->channels_per_team > 100000)
        return "--channels-per-team must be between 2 (town-square and off-topic) and 100000";
    if ((int64_t)o->teams * o->channels_per_team > LIMIT)
        return "--teams x --channels-per-team must be at most 10000000";
    if (o->team_memberships < 1 || o->channel_memberships < 0 || o->channel_memberships > 100000)
        return "--team-memberships must be >= 1 and --channel-memberships between 0 and 100000";
    if (o->direct_channels < 0 || o->group_channels < 0 || o->direct_channels > LIMIT || o->group_channels > LIMIT)
        return "--direct-channels and --group-channels must be between 0 and 10000000";
    if (o->direct_channels > 0 && o->users < 2)
        return "--direct-channels needs at least 2 users";
    if (o->group_channels > 0 && o->users < 3)
        return "--group-channels needs at least 3 users";
    if (o->posts_per_channel > 100000 || o->posts_per_direct > 100000 || o->posts_per_group > 100000)
        return "--posts-per-channel, --posts-per-direct-channel and --posts-per-group-channel must be at most 100000";
    if (app_sampledata_posts_bound(o) > 100000000)
        return "the posts would be more than 100000000";
    if (o->password_iterations < APP_PASSWORD_MIN_ITERATIONS || o->password_iterations > APP_PASSWORD_MAX_ITERATIONS)
        return "ParleySettings.PasswordHashIterations is out of bounds";
    return NULL;
}

static int load(const sd_world_t *w, PGconn *db, const char *hash, app_sampledata_report_t *r)
{
    int rc = app_sampledata_rows_users(w, db, hash, r);
    if (rc == PL_OK)
        rc = app_sampledata_rows_teams(w, db, r);
    if (rc == PL_OK)
        rc = app_sampledata_rows_team_members(w, db, r);
    if (rc == PL_OK)
        rc = app_sampledata_rows_channels(w, db, r);
    if (rc == PL_OK)
        rc = app_sampledata_rows_channel_members(w, db, STORE_SAMPLEDATA_CHANNEL_MEMBERS, r);
    if (rc == PL_OK)
        rc = app_sampledata_rows_channel_members(w, db, STORE_SAMPLEDATA_CHANNEL_MEMBER_HISTORY, r);
    if (rc == PL_OK)
        rc = app_sampledata_rows_categories(w, db, r);
    if (rc == PL_OK)
        rc = app_sampledata_rows_sidebar_channels(w, db, r);
    if (rc == PL_OK)
        rc = app_sampledata_rows_posts(w, db, r);
    if (rc == PL_OK && db != NULL && !w->o->dry_run && r->rows[STORE_SAMPLEDATA_POSTS] > 0 &&
        store_sampledata_post_counts(db) != STORE_OK)
        rc = PL_EIO;
    return rc;
}

int app_sampledata_run(PGconn *db, const app_sampledata_opts_t *o, app_sampledata_report_t *r)
{
    char hash[APP_PASSWORD_HASH_MAX];
    sd_world_t w;
    memset(r, 0, sizeof(*r));
    if (db == NULL && !o->dry_run)
        return PL_EINVAL;
    if (app_password_hash(APP_SAMPLEDATA_PASSWORD, o->password_iterations, hash, sizeof(hash)) != PL_OK)
        return PL_ERR;
    double t0 = app_sampledata_progress_now();
    app_sampledata_world_build(&w, o);
    int rc = PL_OK;
    store_sampledata_deferred_t *deferred = NULL;
    if (!o->dry_run && (store_db_begin(db) != STORE_OK || store_sampledata_tune(db) != STORE_OK ||
                        (o->defer_indexes && store_sampledata_defer_begin(db, &deferred) != STORE_OK)))
        rc = PL_EIO;
    if (rc == PL_OK)
        rc = load(&w, db, hash, r);
    double t1 = app_sampledata_progress_now();
    if (deferred && store_sampledata_defer_end(db, deferred, rc != PL_OK) != STORE_OK && rc == PL_OK)
        rc = PL_EIO;
    if (deferred && rc == PL_OK && o->progress)
        fprintf(o->progress, "sampledata: membership indexes and foreign keys built in %.2f s\n",
                app_sampledata_progress_now() - t1);
    if (!o->dry_run && rc == PL_OK && store_db_commit(db) != STORE_OK)
        rc = PL_EIO;
    else if (!o->dry_run && rc != PL_OK)
        store_db_rollback(db);
    if (!o->dry_run && rc == PL_OK)
        store_sampledata_analyze(db);
    r->seconds = app_sampledata_progress_now() - t0;
    app_sampledata_world_dispose(&w);
    if (rc != PL_OK)
        PL_LOG_ERROR("sampledata: loading failed; nothing was written");
    return rc;
}
