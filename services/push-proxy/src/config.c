#include "push.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/config.h"
#include "parley/err.h"

#define K(name, type, field, def, lo, hi)                                                                                          \
    {                                                                                                                              \
        "", name, type, offsetof(push_config_t, field), def, lo, hi, NULL, false                                                   \
    }
static const char *const log_levels[] = {"debug", "info", "warn", "error", NULL};

static const pl_cfg_key_t keys[] = {
    K("ListenAddress", PL_CFG_STR, listen_address, ":8066", 0, 256),
    K("ThrottlePerSec", PL_CFG_INT, throttle_per_sec, "300", 0, 10000000),
    K("ThrottleMemoryStoreSize", PL_CFG_INT, throttle_store_size, "50000", 1, 10000000),
    K("ThrottleVaryByHeader", PL_CFG_STR, throttle_vary_by_header, "X-Forwarded-For", 0, 1024),
    K("EnableMetrics", PL_CFG_BOOL, enable_metrics, "true", 0, 0),
    K("SendTimeoutSec", PL_CFG_INT, send_timeout_sec, "30", 1, 86400),
    K("RetryTimeoutSec", PL_CFG_INT, retry_timeout_sec, "8", 1, 3600),
    K("ZmqBindAddress", PL_CFG_STR, zmq_bind_address, "tcp://127.0.0.1:8070", 0, 256),
    {"", "ZmqCurveSecretKey", PL_CFG_STR, offsetof(push_config_t, zmq_curve_secret_key), NULL, 0, 40, NULL, true},
    K("AppleBaseURL", PL_CFG_STR, apns_base_url, NULL, 0, 256),
    K("FCMBaseURL", PL_CFG_STR, fcm_base_url, "https://fcm.googleapis.com", 0, 256),
    K("OAuthTokenURL", PL_CFG_STR, oauth_token_url, NULL, 0, 256),
    K("TrustedCAFile", PL_CFG_STR, trusted_ca_file, NULL, 0, 1024),
    K("AppleConnections", PL_CFG_INT, apns_connections, "2", 1, 64),
    K("AppleMaxRetries", PL_CFG_INT, apns_max_retries, "3", 0, 20),
    K("FCMMaxRetries", PL_CFG_INT, fcm_max_retries, "3", 0, 20),
    K("FCMQuotaBackoffSec", PL_CFG_INT, fcm_quota_backoff_sec, "60", 1, 3600),
    K("DedupSize", PL_CFG_INT, dedup_size, "100000", 16, 10000000),
    K("MaxQueue", PL_CFG_INT, max_queue, "100000", 16, 10000000),
    K("ShutdownTimeoutSec", PL_CFG_INT, shutdown_timeout_sec, "10", 0, 600),
    {"", "LogLevel", PL_CFG_ENUM, offsetof(push_config_t, log_level), "info", 0, 0, log_levels, false},
};
#undef K

static const pl_cfg_schema_t schema = {"PUSH", keys, sizeof(keys) / sizeof(keys[0])};

static char *opt_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && s[0] ? strdup(s) : NULL;
}

static int target_common(json_t *o, const char *section, size_t i, push_target_t *t, pl_buf_t *errs)
{
    const char *type = json_string_value(json_object_get(o, "Type"));
    if (!json_is_object(o) || type == NULL || type[0] == '\0' || strlen(type) >= sizeof(t->type)) {
        pl_buf_appendf(errs, "%s[%zu].Type: must be a non-empty string (apple, apple_rn, android, android_rn, ...)\n", section, i);
        return PL_EINVAL;
    }
    snprintf(t->type, sizeof(t->type), "%s", type);
    return PL_OK;
}

static void apple_target(json_t *o, push_target_t *t)
{
    t->kind = PUSH_KIND_APPLE;
    t->use_development = json_is_true(json_object_get(o, "ApplePushUseDevelopment"));
    t->cert_file = opt_str(o, "ApplePushCertPrivate");
    t->cert_password = opt_str(o, "ApplePushCertPassword");
    t->topic = opt_str(o, "ApplePushTopic");
    t->auth_key_file = opt_str(o, "AppleAuthKeyFile");
    t->auth_key_id = opt_str(o, "AppleAuthKeyID");
    t->team_id = opt_str(o, "AppleTeamID");
}

static int load_targets(json_t *root, const char *section, push_kind_t kind, push_config_t *cfg, pl_buf_t *errs)
{
    json_t *arr = json_object_get(root, section);
    if (arr == NULL || json_is_null(arr))
        return PL_OK;
    if (!json_is_array(arr)) {
        pl_buf_appendf(errs, "%s: must be an array\n", section);
        return PL_EINVAL;
    }
    int rc = PL_OK;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        if (cfg->ntargets >= PUSH_MAX_TARGETS) {
            pl_buf_appendf(errs, "%s: at most %d targets\n", section, PUSH_MAX_TARGETS);
            return PL_EINVAL;
        }
        push_target_t *t = &cfg->targets[cfg->ntargets];
        if (target_common(o, section, i, t, errs) != PL_OK) {
            rc = PL_EINVAL;
            continue;
        }
        if (kind == PUSH_KIND_APPLE)
            apple_target(o, t);
        else {
            t->kind = PUSH_KIND_ANDROID;
            t->service_file = opt_str(o, "ServiceFileLocation");
        }
        cfg->ntargets++;
    }
    return rc;
}

static int load_curve_keys(json_t *root, push_config_t *cfg, pl_buf_t *errs)
{
    json_t *arr = json_object_get(root, "ZmqCurveAuthorizedKeys");
    if (arr == NULL)
        return PL_OK;
    if (!json_is_array(arr)) {
        pl_buf_appendf(errs, "ZmqCurveAuthorizedKeys: must be an array of Z85 public keys\n");
        return PL_EINVAL;
    }
    cfg->curve_client_keys = calloc(json_array_size(arr) + 1, sizeof(char *));
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const char *k = json_string_value(json_array_get(arr, i));
        if (k == NULL || strlen(k) != 40) {
            pl_buf_appendf(errs, "ZmqCurveAuthorizedKeys[%zu]: must be a 40-character Z85 key\n", i);
            return PL_EINVAL;
        }
        cfg->curve_client_keys[i] = strdup(k);
    }
    return PL_OK;
}

static void nullify(char **s)
{
    if (*s != NULL && (*s)[0] == '\0') {
        free(*s);
        *s = NULL;
    }
}

static int check_values(push_config_t *cfg, pl_buf_t *errs)
{
    int rc = PL_OK;
    nullify(&cfg->zmq_curve_secret_key);
    nullify(&cfg->apns_base_url);
    nullify(&cfg->oauth_token_url);
    nullify(&cfg->trusted_ca_file);
    if (cfg->zmq_curve_secret_key && strlen(cfg->zmq_curve_secret_key) != 40) {
        pl_buf_appendf(errs, "ZmqCurveSecretKey: must be a 40-character Z85 key\n");
        rc = PL_EINVAL;
    }
    if (cfg->listen_address == NULL || strchr(cfg->listen_address, ':') == NULL) {
        pl_buf_appendf(errs, "ListenAddress: must be [host]:port, e.g. \":8066\"\n");
        rc = PL_EINVAL;
    }
    return rc;
}

int push_config_load(const char *path, push_config_t *cfg)
{
    pl_buf_t errs, warns;
    json_t *root = NULL;
    pl_buf_init(&errs, 64 * 1024);
    pl_buf_init(&warns, 64 * 1024);
    memset(cfg, 0, sizeof(*cfg));
    int rc = pl_config_load(&schema, path, cfg, &root, &errs, &warns);
    if (rc == PL_OK) {
        int a = load_targets(root, "ApplePushSettings", PUSH_KIND_APPLE, cfg, &errs);
        int b = load_targets(root, "AndroidPushSettings", PUSH_KIND_ANDROID, cfg, &errs);
        int c = load_curve_keys(root, cfg, &errs);
        int d = check_values(cfg, &errs);
        rc = (a || b || c || d) ? PL_EINVAL : PL_OK;
        if (rc != PL_OK)
            push_config_dispose(cfg);
    }
    if (errs.len)
        fprintf(stderr, "%s", errs.data);
    json_decref(root);
    pl_buf_dispose(&errs);
    pl_buf_dispose(&warns);
    return rc;
}

static void target_dispose(push_target_t *t)
{
    free(t->cert_file);
    free(t->cert_password);
    free(t->topic);
    free(t->auth_key_file);
    free(t->auth_key_id);
    free(t->team_id);
    free(t->service_file);
}

void push_config_dispose(push_config_t *cfg)
{
    for (int i = 0; i < cfg->ntargets; i++)
        target_dispose(&cfg->targets[i]);
    cfg->ntargets = 0;
    for (char **k = cfg->curve_client_keys; k && *k; k++)
        free(*k);
    free(cfg->curve_client_keys);
    cfg->curve_client_keys = NULL;
    pl_config_dispose(&schema, cfg);
}

int push_config_print(const push_config_t *cfg)
{
    pl_buf_t b;
    pl_buf_init(&b, 1 << 20);
    int rc = pl_config_print(&schema, cfg, &b);
    if (rc == PL_OK) {
        fwrite(b.data, 1, b.len, stdout);
        fputc('\n', stdout);
        for (int i = 0; i < cfg->ntargets; i++)
            printf("# target %s: %s\n", cfg->targets[i].type,
                   cfg->targets[i].kind == PUSH_KIND_APPLE ? "ApplePushSettings" : "AndroidPushSettings");
    }
    pl_buf_dispose(&b);
    return rc;
}

const push_target_t *push_config_target(const push_config_t *cfg, const char *type)
{
    for (int i = 0; i < cfg->ntargets; i++)
        if (strcmp(cfg->targets[i].type, type) == 0)
            return &cfg->targets[i];
    return NULL;
}
