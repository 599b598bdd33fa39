/*
 * parley-core: argv -> config -> database migrations -> routes -> HTTP server + components ->
 * wait for SIGTERM/SIGINT -> stop components -> drain HTTP -> exit.
 * Exit codes: 0 clean stop, 1 start-up failure (database, address), 2 bad command line or config.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "api/api.h"
#include "app/components.h"
#include "app/permissions.h"
#include "app/sampledata.h"
#include "app/system.h"
#include "http/server.h"
#include "model/config.h"
#include "parley/err.h"
#include "parley/log.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/channels.h"
#include "store/teams.h"

#ifndef PARLEY_BUILD_NUMBER
#define PARLEY_BUILD_NUMBER PARLEY_VERSION
#endif

#define DB_CONNECT_ATTEMPTS 30

typedef struct options {
    const char *config_path;
    int print_config;
} options_t;

static model_config_t config;
static char *conninfo;
static char version_id[160];

static void usage(FILE *out)
{
    fprintf(out, "usage: parley-core [--config PATH] [--print-config] [--version] [--help]\n"
                 "       parley-core sampledata [--config PATH] [options]   (see parley-core sampledata --help)\n"
                 "  --config PATH    Mattermost-style config.json (environment MM_<SECTION>_<KEY> overrides it)\n"
                 "  --print-config   print the effective configuration (secrets redacted) and exit\n"
                 "  --version        print the version and exit\n");
}

/* @return -1 to continue, else the exit code. */
static int parse_args(int argc, char **argv, options_t *o)
{
    static const struct option longopts[] = {{"config", required_argument, NULL, 'c'},
                                             {"print-config", no_argument, NULL, 'p'},
                                             {"version", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "c:pvh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            o->config_path = optarg;
            break;
        case 'p':
            o->print_config = 1;
            break;
        case 'v':
            printf("parley-core %s (build %s)\n", PARLEY_VERSION, PARLEY_BUILD_NUMBER);
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "parley-core: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    return -1;
}

/* @return -1 to continue, else the exit code. */
static int load_config(const options_t *o)
{
    pl_buf_t errors, warnings;
    int code = -1;
    pl_buf_init(&errors, 64 * 1024);
    pl_buf_init(&warnings, 64 * 1024);
    if (model_config_load(o->config_path, &config, &errors, &warnings) != PL_OK) {
        fprintf(stderr, "parley-core: invalid configuration%s%s:\n%s", o->config_path ? " in " : "",
                o->config_path ? o->config_path : "", errors.data ? errors.data : "");
        code = 2;
        goto Exit;
    }
    if (o->print_config) {
        pl_buf_t out;
        pl_buf_init(&out, 1024 * 1024);
        pl_config_print(model_config_schema(), &config, &out);
        printf("%s\n", out.data ? out.data : "{}");
        pl_buf_dispose(&out);
        model_config_dispose(&config);
        code = 0;
        goto Exit;
    }
    pl_log_level_t level = PL_LOG_INFO;
    pl_log_level_parse(config.log.console_level, &level);
    pl_log_init("parley-core", level, 2);
    if (warnings.len > 0)
        PL_LOG_DEBUG("configuration keys ignored", "keys", warnings.data);
    model_config_set(&config);
Exit:
    pl_buf_dispose(&errors);
    pl_buf_dispose(&warnings);
    return code;
}

static PGconn *connect_with_retry(void)
{
    for (int i = 0; i < DB_CONNECT_ATTEMPTS; i++) {
        PGconn *db = store_db_open(conninfo);
        if (db != NULL)
            return db;
        sleep(1);
    }
    return NULL;
}

/* Migrations and start-up reads on a connection of our own. */
static int prepare_database(void)
{
    conninfo = store_db_conninfo(config.sql.data_source);
    store_db_set_query_timeout((int)config.sql.query_timeout);
    PGconn *db = conninfo ? connect_with_retry() : NULL;
    if (db == NULL) {
        PL_LOG_ERROR("cannot connect to the database (SqlSettings.DataSource)");
        return PL_EIO;
    }
    int rc = store_migrate_apply(db);
    if (rc == PL_OK)
        app_system_load_ids(db);
    store_db_close(db, NULL);
    return rc;
}

static size_t ncores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

/* SqlSettings.MaxOpenConns 0 (see model/config.h). */
static size_t auto_workers(void)
{
    size_t n = MODEL_CONFIG_AUTO_CONNS_PER_CORE * ncores();
    return n < MODEL_CONFIG_AUTO_CONNS_MAX ? n : MODEL_CONFIG_AUTO_CONNS_MAX;
}

static void fill_server_config(http_server_config_t *s, http_router_t *router)
{
    char hash[40];
    app_client_config_hash(&config, hash, sizeof(hash));
    snprintf(version_id, sizeof(version_id), "%s.%s.%s.false", PARLEY_VERSION, PARLEY_BUILD_NUMBER, hash);
    memset(s, 0, sizeof(*s));
    s->listen = config.service.listen_address;
    s->loop_threads = config.parley.loop_threads > 0 ? (size_t)config.parley.loop_threads : ncores();
    s->workers = config.sql.max_open_conns > 0 ? (size_t)config.sql.max_open_conns : auto_workers();
    s->max_idle_conns = (size_t)config.sql.max_idle_conns;
    s->conn_max_idle_ms = (unsigned)config.sql.conn_max_idle_time_ms;
    s->queue_cap = (size_t)config.parley.worker_queue_size;
    s->max_body = (size_t)config.service.maximum_payload_size_bytes;
    s->max_url = (size_t)config.service.maximum_url_length;
    s->max_body_hard = http_router_max_body(router);
    s->version_id = version_id;
    s->developer = config.service.enable_developer;
    s->shutdown_grace_ms = (unsigned)config.parley.shutdown_grace_ms;
    s->db = (http_db_ops_t){store_db_open, store_db_check, store_db_close, conninfo};
}

static int wait_for_signal(const sigset_t *set)
{
    int sig = 0;
    sigwait(set, &sig);
    return sig;
}

static int run(void)
{
    http_server_config_t scfg;
    http_router_t *router = http_router_create();
    int code = 1;
    sigset_t set;

    if (prepare_database() != PL_OK || api_init(router) != PL_OK)
        goto Exit;
    /* Team and channel roles take part in every permission check (app/permissions.h). */
    app_permissions_set_member_roles(store_team_members_roles, store_channel_members_roles);
    fill_server_config(&scfg, router);
    /* Bound before the API listener: once the API answers, the metrics listener is there too. */
    if (config.metrics.enable && http_metrics_listener_start(config.metrics.listen_address) != PL_OK)
        goto Exit;
    if (http_server_start(&scfg, router) != PL_OK) {
        http_metrics_listener_stop();
        goto Exit;
    }
    if (app_components_start() != PL_OK) {
        http_metrics_listener_stop();
        http_server_stop();
        goto Exit;
    }
    char port[16], loops[16], workers[16];
    snprintf(port, sizeof(port), "%d", http_server_port());
    snprintf(loops, sizeof(loops), "%zu", scfg.loop_threads);
    snprintf(workers, sizeof(workers), "%zu", scfg.workers);
    PL_LOG_INFO("server started", "listen", scfg.listen, "port", port, "loops", loops, "workers", workers, "version", version_id);
    if (config.metrics.enable) {
        char mport[16];
        snprintf(mport, sizeof(mport), "%d", http_metrics_listener_port());
        PL_LOG_INFO("metrics listening", "listen", config.metrics.listen_address, "port", mport);
    }
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = wait_for_signal(&set);
    PL_LOG_INFO("shutting down", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM");
    app_components_stop();
    http_metrics_listener_stop();
    http_server_stop();
    PL_LOG_INFO("stopped");
    code = 0;
Exit:
    http_router_destroy(router);
    return code;
}

int main(int argc, char **argv)
{
    options_t o = {0};
    sigset_t set;
    pl_log_init("parley-core", PL_LOG_INFO, 2);
    if (argc > 1 && strcmp(argv[1], "sampledata") == 0) {
        int rc = app_sampledata_main(argc - 1, argv + 1);
        pl_log_flush();
        return rc;
    }
    int code = parse_args(argc, argv, &o);
    if (code >= 0)
        return code;
    code = load_config(&o);
    if (code >= 0)
        return code;
    /* Every thread inherits this mask: signals are taken by sigwait in run() only. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    code = run();
    free(conninfo);
    model_config_dispose(&config);
    pl_log_flush();
    return code;
}
