#include "relay/config.h"
#include "parley/err.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef RELAY_TEMPLATES_DIR
#define RELAY_TEMPLATES_DIR "./templates"
#endif

#define E "EmailSettings"
#define R "RelaySettings"
#define OFF(f) offsetof(relay_config_t, f)

static const char *const security_choices[] = {"", "TLS", "STARTTLS", "PLAIN", NULL};
static const char *const level_choices[] = {"debug", "info", "warn", "error", NULL};

static const pl_cfg_key_t relay_keys[] = {
    {E, "SMTPServer", PL_CFG_STR, OFF(smtp_server), "localhost", 0, 255, NULL, false},
    {E, "SMTPPort", PL_CFG_STR, OFF(smtp_port), "10025", 0, 5, NULL, false},
    {E, "ConnectionSecurity", PL_CFG_ENUM, OFF(connection_security), NULL, 0, 0, security_choices, false},
    {E, "EnableSMTPAuth", PL_CFG_BOOL, OFF(enable_smtp_auth), "false", 0, 0, NULL, false},
    {E, "SMTPUsername", PL_CFG_STR, OFF(smtp_username), NULL, 0, 255, NULL, false},
    {E, "SMTPPassword", PL_CFG_STR, OFF(smtp_password), NULL, 0, 255, NULL, true},
    {E, "SMTPServerTimeout", PL_CFG_INT, OFF(smtp_server_timeout), "10", 1, 3600, NULL, false},
    {E, "SkipServerCertificateVerification", PL_CFG_BOOL, OFF(skip_server_cert_verification), "false", 0, 0, NULL, false},
    {E, "FeedbackEmail", PL_CFG_STR, OFF(feedback_email), "test@example.com", 0, 254, NULL, false},
    {E, "FeedbackName", PL_CFG_STR, OFF(feedback_name), NULL, 0, 256, NULL, false},
    {E, "ReplyToAddress", PL_CFG_STR, OFF(reply_to_address), "test@example.com", 0, 254, NULL, false},
    {E, "EmailBatchingBufferSize", PL_CFG_INT, OFF(email_batching_buffer_size), "256", 1, 100000, NULL, false},
    {E, "EmailBatchingInterval", PL_CFG_INT, OFF(email_batching_interval), "30", 1, 86400, NULL, false},
    {R, "ZmqBindAddress", PL_CFG_STR, OFF(zmq_bind_address), "tcp://127.0.0.1:8068", 0, 255, NULL, false},
    {R, "ZmqCurveSecretKey", PL_CFG_STR, OFF(zmq_curve_secret_key), NULL, 0, 40, NULL, true},
    {R, "SpoolDirectory", PL_CFG_STR, OFF(spool_directory), "./data/mail-spool", 0, 1024, NULL, false},
    {R, "ListenAddress", PL_CFG_STR, OFF(listen_address), "127.0.0.1:8069", 0, 255, NULL, false},
    {R, "TemplatesDirectory", PL_CFG_STR, OFF(templates_directory), RELAY_TEMPLATES_DIR, 0, 1024, NULL, false},
    {R, "SMTPCAFile", PL_CFG_STR, OFF(smtp_ca_file), NULL, 0, 1024, NULL, false},
    {R, "LogLevel", PL_CFG_ENUM, OFF(log_level), "info", 0, 0, level_choices, false},
    {R, "Workers", PL_CFG_INT, OFF(workers), "2", 1, 64, NULL, false},
    {R, "MessagesPerConnection", PL_CFG_INT, OFF(messages_per_connection), "50", 1, 1000, NULL, false},
    {R, "GroupCommitMax", PL_CFG_INT, OFF(group_commit_max), "256", 1, 4096, NULL, false},
    {R, "RetryBaseSeconds", PL_CFG_INT, OFF(retry_base_seconds), "60", 1, 86400, NULL, false},
    {R, "RetryMaxSeconds", PL_CFG_INT, OFF(retry_max_seconds), "3600", 1, 86400, NULL, false},
    {R, "MaxRetryAgeSeconds", PL_CFG_INT, OFF(max_retry_age_seconds), "432000", 1, 3000000, NULL, false},
    {R, "MaxIntervalSeconds", PL_CFG_INT, OFF(max_interval_seconds), "3600", 0, 86400, NULL, false},
    {R, "SpoolMinFreeMB", PL_CFG_INT, OFF(spool_min_free_mb), "64", 0, 100000000, NULL, false},
    {R, "MaxSpoolJobs", PL_CFG_INT, OFF(max_spool_jobs), "1000000", 1, 100000000, NULL, false},
    {R, "DedupeWindowSeconds", PL_CFG_INT, OFF(dedupe_window_seconds), "86400", 0, 3000000, NULL, false},
};

const pl_cfg_schema_t relay_config_schema = {"MM", relay_keys, sizeof(relay_keys) / sizeof(relay_keys[0])};

static void normalize(relay_config_t *cfg)
{
    if (cfg->connection_security != NULL && strcmp(cfg->connection_security, "PLAIN") == 0)
        cfg->connection_security[0] = '\0';
}

static int check_port(const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    return *end == '\0' && v > 0 && v < 65536;
}

int relay_config_load(const char *path, relay_config_t *cfg, pl_buf_t *errors, pl_buf_t *warnings)
{
    memset(cfg, 0, sizeof(*cfg));
    int rc = pl_config_load(&relay_config_schema, path, cfg, NULL, errors, warnings);
    if (rc != PL_OK)
        return rc;
    normalize(cfg);
    if (!check_port(cfg->smtp_port))
        pl_buf_puts(errors, "EmailSettings.SMTPPort: must be a port number 1..65535\n");
    if (cfg->retry_max_seconds < cfg->retry_base_seconds)
        pl_buf_puts(errors, "RelaySettings.RetryMaxSeconds: must be >= RetryBaseSeconds\n");
    if (cfg->spool_directory[0] == '\0')
        pl_buf_puts(errors, "RelaySettings.SpoolDirectory: must not be empty\n");
    if (errors->len > 0) {
        relay_config_dispose(cfg);
        return PL_EINVAL;
    }
    return PL_OK;
}

void relay_config_dispose(relay_config_t *cfg)
{
    pl_config_dispose(&relay_config_schema, cfg);
    memset(cfg, 0, sizeof(*cfg));
}
