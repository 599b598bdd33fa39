/* `parley-core sampledata [options]`: the command line of the sample-data generator (flag names as
 * `mattermost sampledata` where they exist). Configuration as the server reads it (--config, MM_* env). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/sampledata.h"
#include "model/config.h"
#include "parley/err.h"
#include "parley/log.h"
#include "store/db.h"
#include "store/migrate.h"

typedef struct cmd {
    const char *config_path;
    bool force;
    app_sampledata_opts_t o;
} cmd_t;

static void usage(FILE *out)
{
    fprintf(out, "usage: parley-core sampledata [--config PATH] [options]\n"
                 "  -s, --seed N                 seed of every random choice (1); same seed, same rows\n"
                 "  -u, --users N                users, sysadmin included (15)\n"
                 "  -t, --teams N                teams (2)\n"
                 "      --channels-per-team N    channels per team, town-square and off-topic included (10)\n"
                 "      --team-memberships N     teams per user (2)\n"
                 "      --channel-memberships N  mean channels per user per team besides the defaults (5)\n"
                 "      --direct-channels N      direct message channels (30); alias --dms\n"
                 "      --group-channels N       group message channels (15); alias --gms\n"
                 "      --posts-per-channel N    posts in each team channel that has members (100)\n"
                 "      --posts-per-direct-channel N  posts in each direct message channel (15)\n"
                 "      --posts-per-group-channel N   posts in each group message channel (30)\n"
                 "      --dry-run                generate and count the rows, write nothing\n"
                 "      --force                  load even though the database already has users\n"
                 "Every user's password is " APP_SAMPLEDATA_PASSWORD ".\n");
}

static int number(const char *s, int *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0 || v > 100000000)
        return -1;
    *out = (int)v;
    return 0;
}

enum { OPT_CPT = 256, OPT_TM, OPT_CM, OPT_DM, OPT_GM, OPT_PPC, OPT_PPD, OPT_PPG, OPT_DRY, OPT_FORCE };

/* @return -1 to continue, else the exit code. */
static int parse(int argc, char **argv, cmd_t *c)
{
    static const struct option longopts[] = {{"config", required_argument, NULL, 'c'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"users", required_argument, NULL, 'u'},
                                             {"teams", required_argument, NULL, 't'},
                                             {"channels-per-team", required_argument, NULL, OPT_CPT},
                                             {"team-memberships", required_argument, NULL, OPT_TM},
                                             {"channel-memberships", required_argument, NULL, OPT_CM},
                                             {"direct-channels", required_argument, NULL, OPT_DM},
                                             {"dms", required_argument, NULL, OPT_DM},
                                             {"group-channels", required_argument, NULL, OPT_GM},
                                             {"gms", required_argument, NULL, OPT_GM},
                                             {"posts-per-channel", required_argument, NULL, OPT_PPC},
                                             {"posts-per-direct-channel", required_argument, NULL, OPT_PPD},
                                             {"posts-per-group-channel", required_argument, NULL, OPT_PPG},
                                             {"dry-run", no_argument, NULL, OPT_DRY},
                                             {"force", no_argument, NULL, OPT_FORCE},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int ch, bad = 0, seed = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "c:s:u:t:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            c->config_path = optarg;
            break;
        case 's':
            bad |= number(optarg, &seed);
            c->o.seed = (uint64_t)seed;
            break;
        case 'u':
            bad |= number(optarg, &c->o.users);
            break;
        case 't':
            bad |= number(optarg, &c->o.teams);
            break;
        case OPT_CPT:
            bad |= number(optarg, &c->o.channels_per_team);
            break;
        case OPT_TM:
            bad |= number(optarg, &c->o.team_memberships);
            break;
        case OPT_CM:
            bad |= number(optarg, &c->o.channel_memberships);
            break;
        case OPT_DM:
            bad |= number(optarg, &c->o.direct_channels);
            break;
        case OPT_GM:
            bad |= number(optarg, &c->o.group_channels);
            break;
        case OPT_PPC:
            bad |= number(optarg, &c->o.posts_per_channel);
            break;
        case OPT_PPD:
            bad |= number(optarg, &c->o.posts_per_direct);
            break;
        case OPT_PPG:
            bad |= number(optarg, &c->o.posts_per_group);
            break;
        case OPT_DRY:
            c->o.dry_run = true;
            break;
        case OPT_FORCE:
            c->force = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (bad || optind < argc) {
        fprintf(stderr, "parley-core sampledata: %s\n", bad ? "options take a non-negative number" : "unexpected argument");
        usage(stderr);
        return 2;
    }
    return -1;
}

static int load_config(const cmd_t *c, model_config_t *cfg)
{
    pl_buf_t errors, warnings;
    pl_buf_init(&errors, 64 * 1024);
    pl_buf_init(&warnings, 64 * 1024);
    int rc = model_config_load(c->config_path, cfg, &errors, &warnings);
    if (rc != PL_OK)
        fprintf(stderr, "parley-core sampledata: invalid configuration:\n%s", errors.data ? errors.data : "");
    pl_buf_dispose(&errors);
    pl_buf_dispose(&warnings);
    return rc;
}

static void print_report(const cmd_t *c, const app_sampledata_report_t *r)
{
    printf("sample data, seed %llu%s:\n", (unsigned long long)c->o.seed, c->o.dry_run ? " (dry run: nothing written)" : "");
    for (int t = 0; t < STORE_SAMPLEDATA_NTABLES; t++)
        printf("  %-24s %10lld rows\n", store_sampledata_table_name((store_sampledata_table_t)t), (long long)r->rows[t]);
    printf("total %lld rows in %.2f s (%.0f rows/s)\n", (long long)r->total, r->seconds,
           r->seconds > 0 ? (double)r->total / r->seconds : 0.0);
    printf("every user's password: %s (sysadmin is a system admin)\n", APP_SAMPLEDATA_PASSWORD);
}

/* Connect, migrate, refuse a database with users unless --force. @return -1 to continue, else the exit code. */
static int open_database(cmd_t *c, const model_config_t *cfg, PGconn **db)
{
    char *conninfo = store_db_conninfo(cfg->sql.data_source);
    *db = conninfo ? store_db_open(conninfo) : NULL;
    free(conninfo);
    if (*db == NULL) {
        fprintf(stderr, "parley-core sampledata: cannot connect to the database (SqlSettings.DataSource)\n");
        return 1;
    }
    int64_t users = 0;
    if (store_migrate_apply(*db) != PL_OK || store_sampledata_count_users(*db, &users) != STORE_OK) {
        fprintf(stderr, "parley-core sampledata: the database could not be migrated or read\n");
        return 1;
    }
    if (users > 0 && !c->force) {
        fprintf(stderr,
                "parley-core sampledata: the database already has %lld users; sample data goes into an empty "
                "database (--force loads it anyway)\n",
                (long long)users);
        return 1;
    }
    c->o.defer_indexes = users == 0;
    return -1;
}

int app_sampledata_main(int argc, char **argv)
{
    cmd_t c = {0};
    model_config_t cfg;
    PGconn *db = NULL;
    app_sampledata_opts_default(&c.o);
    int code = parse(argc, argv, &c);
    if (code >= 0)
        return code;
    if (load_config(&c, &cfg) != PL_OK)
        return 2;
    pl_log_level_t level = PL_LOG_WARN;
    pl_log_level_parse(cfg.log.console_level, &level);
    pl_log_init("parley-core", level > PL_LOG_WARN ? level : PL_LOG_WARN, 2);
    c.o.password_iterations = (int)cfg.parley.password_hash_iterations;
    c.o.progress = stderr;
    c.o.tty = isatty(2);
    const char *bad = app_sampledata_opts_check(&c.o);
    if (bad) {
        fprintf(stderr, "parley-core sampledata: %s\n", bad);
        code = 2;
    }
    if (code < 0 && !c.o.dry_run)
        code = open_database(&c, &cfg, &db);
    app_sampledata_report_t r;
    if (code < 0)
        code = app_sampledata_run(db, &c.o, &r) == PL_OK ? 0 : 1;
    if (code == 0)
        print_report(&c, &r);
    if (db)
        store_db_close(db, NULL);
    model_config_dispose(&cfg);
    return code;
}
