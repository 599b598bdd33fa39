#ifndef PARLEY_MAIL_RELAY_RELAY_CONFIG_H
#define PARLEY_MAIL_RELAY_RELAY_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "parley/buf.h"
#include "parley/config.h"

/* EmailSettings keys keep Mattermost's names; RelaySettings are the relay's own. Env prefix MM. */
typedef struct relay_config {
    /* EmailSettings */
    char *smtp_server;
    char *smtp_port;
    char *connection_security; /* "", "TLS", "STARTTLS" ("PLAIN" is normalized to "") */
    bool enable_smtp_auth;
    char *smtp_username;
    char *smtp_password;
    int64_t smtp_server_timeout;
    bool skip_server_cert_verification;
    char *feedback_email;
    char *feedback_name;
    char *reply_to_address;
    int64_t email_batching_buffer_size;
    int64_t email_batching_interval;
    /* RelaySettings */
    char *zmq_bind_address;
    char *zmq_curve_secret_key;
    char *spool_directory;
    char *listen_address;
    char *templates_directory;
    char *smtp_ca_file;
    char *log_level;
    int64_t workers;
    int64_t messages_per_connection;
    int64_t group_commit_max;
    int64_t retry_base_seconds;
    int64_t retry_max_seconds;
    int64_t max_retry_age_seconds;
    int64_t max_interval_seconds;
    int64_t spool_min_free_mb;
    int64_t max_spool_jobs;
    int64_t dedupe_window_seconds;
} relay_config_t;

extern const pl_cfg_schema_t relay_config_schema;

/** Load config (path may be NULL), checking the relay's cross-key rules. errors lists bad keys. */
int relay_config_load(const char *path, relay_config_t *cfg, pl_buf_t *errors, pl_buf_t *warnings);
void relay_config_dispose(relay_config_t *cfg);

#endif
