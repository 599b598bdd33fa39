/* parley-mail-relay: ZeroMQ in, durable spool, batched SMTP out. */
#include "relay/config.h"
#include "relay/dead.h"
#include "relay/http.h"
#include "relay/relay.h"
#include "relay/smtp.h"
#include "parley/err.h"
#include "parley/log.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void usage(FILE *f)
{
    fputs("usage: parley-mail-relay [--config PATH] [--print-config | --list-dead | --retry-dead ID|all]\n"
          "       parley-mail-relay --version | --help\n"
          "  --config PATH      Mattermost-style JSON (EmailSettings + RelaySettings); env MM_<SECTION>_<KEY> overrides\n"
          "  --print-config     print the effective configuration (secrets redacted) and exit\n"
          "  --list-dead        list dead letters (one JSON object per line) and exit\n"
          "  --retry-dead X     queue dead letter X (or all) for another delivery attempt and exit\n"
          "Signals: SIGTERM/SIGINT stop gracefully (sessions in progress finish; the rest stays in the spool).\n",
          f);
}

typedef struct args {
    const char *config;
    const char *retry;
    int print, list;
} args_t;

static int parse_args(int argc, char **argv, args_t *a)
{
    memset(a, 0, sizeof(*a));
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            a->config = argv[++i];
        } else if (strcmp(argv[i], "--print-config") == 0) {
            a->print = 1;
        } else if (strcmp(argv[i], "--list-dead") == 0) {
            a->list = 1;
        } else if (strcmp(argv[i], "--retry-dead") == 0 && i + 1 < argc) {
            a->retry = argv[++i];
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("parley-mail-relay %s\n", PARLEY_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "unknown argument: %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    return -1;
}

static int print_config(relay_config_t *cfg)
{
    pl_buf_t out;
    pl_buf_init(&out, 1 << 20);
    int rc = pl_config_print(&relay_config_schema, cfg, &out);
    if (rc == PL_OK)
        printf("%s\n", out.data);
    pl_buf_dispose(&out);
    return rc == PL_OK ? 0 : 1;
}

static int serve(relay_config_t *cfg)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    relay_smtp_global_init();
    relay_t r;
    relay_http_t http;
    memset(&http, 0, sizeof(http));
    http.listen_fd = -1;
    int rc = relay_start(&r, cfg, &stop_flag);
    if (rc == PL_OK)
        rc = relay_http_start(&http, &r, cfg->listen_address);
    if (rc == PL_OK)
        rc = relay_run(&r);
    relay_http_stop(&http);
    relay_shutdown(&r);
    relay_smtp_global_cleanup();
    return rc == PL_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    args_t a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    pl_log_init("parley-mail-relay", PL_LOG_INFO, 2);
    relay_config_t cfg;
    pl_buf_t errors, warnings;
    pl_buf_init(&errors, 64 * 1024);
    pl_buf_init(&warnings, 64 * 1024);
    if (relay_config_load(a.config, &cfg, &errors, &warnings) != PL_OK) {
        fprintf(stderr, "parley-mail-relay: bad configuration:\n%s", errors.data != NULL ? errors.data : "");
        pl_buf_dispose(&errors);
        pl_buf_dispose(&warnings);
        return 2;
    }
    pl_log_level_t level = PL_LOG_INFO;
    pl_log_level_parse(cfg.log_level, &level);
    pl_log_init("parley-mail-relay", level, 2);
    if (a.print)
        rc = print_config(&cfg);
    else if (a.list)
        rc = relay_dead_list(cfg.spool_directory, stdout);
    else if (a.retry != NULL)
        rc = relay_dead_retry(cfg.spool_directory, a.retry, stdout);
    else
        rc = serve(&cfg);
    relay_config_dispose(&cfg);
    pl_buf_dispose(&errors);
    pl_buf_dispose(&warnings);
    return rc;
}
