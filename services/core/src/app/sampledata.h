#ifndef PARLEY_CORE_APP_SAMPLEDATA_H
#define PARLEY_CORE_APP_SAMPLEDATA_H

/*
 * Sample data (owner: sampledata): `parley-core sampledata`, the counterpart of `mattermost sampledata`.
 * Fills a database with users, teams (each with town-square and off-topic), public and private channels,
 * team and channel memberships with a Zipf-like skew, DMs and GMs, every member's default sidebar
 * categories with each channel placed, and root posts by the members of each channel (the channels' counts
 * and the members' read state follow) -- in one transaction, with COPY (store/sampledata.h).
 * Everything but the password hash's salt is a function of the seed: same seed, same ids and rows.
 * Files: sampledata_rand (PRNG, ids, Zipf) < sampledata_names (names) < sampledata_progress (bar) <
 * sampledata_sink (COPY or count) < sampledata_world (who is where) < sampledata_rows, sampledata_posts (the tables) <
 * sampledata (the run) < sampledata_cmd (the command line).
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <libpq-fe.h>

#include "store/sampledata.h"

#define APP_SAMPLEDATA_PASSWORD "SampleData-1!"

typedef struct app_sampledata_opts {
    uint64_t seed;
    int users;               /* including sysadmin (user 0, system admin, member of every team) */
    int teams;               /* each with town-square and off-topic */
    int channels_per_team;   /* including town-square and off-topic (>= 2) */
    int team_memberships;    /* teams per user (Zipf over the teams) */
    int channel_memberships; /* mean number of channels per user per team besides the two defaults */
    int direct_channels, group_channels;
    int posts_per_channel, posts_per_direct, posts_per_group; /* root posts per team channel (with members), DM, GM */
    int password_iterations;                                  /* PBKDF2 iterations of the (single) hash */
    bool dry_run;                                             /* generate and count, write nothing (db may be NULL) */
    bool defer_indexes; /* empty database: build the membership tables' indexes and foreign keys after the load */
    FILE *progress;     /* progress output (stderr); a bar when tty */
    bool tty;
} app_sampledata_opts_t;

typedef struct app_sampledata_report {
    int64_t rows[STORE_SAMPLEDATA_NTABLES];
    int64_t total;
    double seconds; /* generation and load, hash excluded */
} app_sampledata_report_t;

/** Mattermost's defaults (seed 1, 2 teams, 10 channels per team, 15 users, 2 team and 5 channel memberships,
 *  30 DMs, 15 GMs; 100 posts per channel, 15 per DM, 30 per GM). */
void app_sampledata_opts_default(app_sampledata_opts_t *o);
/** @return NULL or a message naming the bad option. */
const char *app_sampledata_opts_check(const app_sampledata_opts_t *o);

/** Generate and load (db NULL only with dry_run). @return PL_OK, or PL_E* with the reason logged. */
int app_sampledata_run(PGconn *db, const app_sampledata_opts_t *o, app_sampledata_report_t *r);

/** The command: argv[0] = "sampledata". @return the process exit code (0, 1 failure, 2 usage). */
int app_sampledata_main(int argc, char **argv);

#endif
