#include "push.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#include "parley/err.h"
#include "parley/log.h"

static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: parley-push-proxy [--config PATH] | --print-config [--config PATH] | --version | --help\n"
               "  Push proxy: ZeroMQ push.job (proto/ v1) and mattermost-push-proxy HTTP API in,\n"
               "  APNs (HTTP/2) and FCM HTTP v1 out. See services/push-proxy/README.md.\n");
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int serve(const push_config_t *cfg)
{
    int rc = PL_ERR;
    if (push_stats_init() != PL_OK || push_apns_start(cfg) != PL_OK || push_fcm_start(cfg) != PL_OK)
        goto Exit;
    if (push_zmq_start(cfg) != PL_OK)
        goto Exit;
    rc = push_http_run(cfg, &stop_flag);
Exit:
    push_apns_stop();
    push_fcm_stop();
    push_zmq_stop();
    push_stats_dispose();
    PL_LOG_INFO("stopped");
    return rc;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    int print = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            path = argv[++i];
        else if (strcmp(argv[i], "--print-config") == 0)
            print = 1;
        else if (strcmp(argv[i], "--version") == 0)
            return printf("parley-push-proxy %s\n", PARLEY_VERSION) < 0;
        else if (strcmp(argv[i], "--help") == 0)
            return usage(stdout), 0;
        else
            return usage(stderr), 2;
    }
    push_config_t cfg;
    if (push_config_load(path, &cfg) != PL_OK)
        return 2;
    pl_log_level_t lvl = PL_LOG_INFO;
    pl_log_level_parse(cfg.log_level, &lvl);
    pl_log_init("parley-push-proxy", lvl, 2);
    int rc = 0;
    if (print) {
        rc = push_config_print(&cfg) == PL_OK ? 0 : 1;
    } else {
        push_cfg = &cfg;
        install_signals();
        curl_global_init(CURL_GLOBAL_DEFAULT);
        rc = serve(&cfg) == PL_OK ? 0 : 1;
        curl_global_cleanup();
    }
    push_config_dispose(&cfg);
    return rc;
}
