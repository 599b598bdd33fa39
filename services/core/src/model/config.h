#ifndef PARLEY_CORE_MODEL_CONFIG_H
#define PARLEY_CORE_MODEL_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "parley/config.h"

/* SqlSettings.MaxOpenConns 0: this many workers (and connections) per core, at most ..._MAX (chosen with
 * bench/pool/run.py: with 1 ms to the database 16 workers on 2 cores served 6.9x the requests of 2). */
#define MODEL_CONFIG_AUTO_CONNS_PER_CORE 8
#define MODEL_CONFIG_AUTO_CONNS_MAX 64

/*
 * parley-core configuration: Mattermost's config.json sections and MM_<SECTION>_<KEY>
 * environment overrides (common/config.h). The table lives in model/config.c; the loaded config
 * is immutable after start and read anywhere through model_config_get().
 * To add a key: add a field here and one line in the table in model/config.c (same section order).
 */

typedef struct model_config {
    struct {
        char *site_url;
        char *listen_address;
        int64_t maximum_payload_size_bytes;
        int64_t maximum_url_length;
        bool enable_developer;
        bool enable_user_access_tokens;
        bool enable_bot_account_creation;
        bool enable_incoming_webhooks;
        bool enable_outgoing_webhooks;
        bool enable_commands;
        bool enable_post_username_override;
        bool enable_post_icon_override;
        bool enable_link_previews;
        bool enable_permalink_previews;
        bool enable_multifactor_authentication;
        bool enforce_multifactor_authentication;
        int64_t session_length_web_in_hours;
        int64_t session_length_mobile_in_hours;
        int64_t session_length_sso_in_hours;
        int64_t session_idle_timeout_in_minutes;
        bool extend_session_length_with_activity;
        int64_t session_cache_in_minutes; /* session and user cache lifetime; 0 disables the cache */
        int64_t maximum_login_attempts;
        bool experimental_strict_csrf_enforcement;
        char *collapsed_threads;
        bool enable_custom_emoji;
        bool enable_emoji_picker;
        bool enable_gif_picker;
        int64_t post_edit_time_limit;
        int64_t unique_emoji_reaction_limit_per_post; /* distinct emoji on one post (0: no limit) */
        bool enable_user_typing_messages;
        int64_t time_between_user_typing_updates_milliseconds;
        bool enable_channel_viewed_messages;
        bool enable_user_statuses;
        bool enable_latex;
        bool enable_inline_latex;
        bool enable_svgs;
        bool enable_oauth_service_provider;
        bool allow_synced_drafts;
        bool post_priority;
        bool thread_auto_follow;
        char *allow_cors_from;
        bool enable_api_channel_deletion;
        bool enable_api_team_deletion;
    } service;
    struct {
        char *site_name;
        bool enable_user_creation;
        bool enable_open_server;
        char *restrict_direct_message;
        char *teammate_name_display;
        bool lock_teammate_name_display;
        int64_t max_users_per_team;
        int64_t max_channels_per_team;
        int64_t max_notifications_per_channel;
        bool experimental_view_archived_channels;
        char *experimental_default_channels; /* []string in config.json: the names joined by spaces */
        bool enable_custom_user_statuses;
        char *restrict_creation_to_domains;
        bool enable_custom_brand;
        char *custom_brand_text;
        char *custom_description_text;
    } team;
    struct {
        char *driver_name;
        char *data_source;             /* secret */
        int64_t max_open_conns;        /* workers = connections at most; 0: auto (above) */
        int64_t max_idle_conns;        /* connections idle workers keep open (0: none) */
        int64_t conn_max_idle_time_ms; /* an idle worker closes its connection after this (0: never) */
        int64_t query_timeout;
    } sql;
    struct {
        int64_t minimum_length;
        bool lowercase;
        bool number;
        bool uppercase;
        bool symbol;
        bool enable_forgot_link;
    } password;
    struct {
        bool enable_sign_up_with_email;
        bool enable_sign_in_with_email;
        bool enable_sign_in_with_username;
        bool require_email_verification;
        bool send_email_notifications;
        bool send_push_notifications;
        char *push_notification_contents;
        char *email_notification_contents_type;
        bool enable_email_batching;
        int64_t email_batching_interval;
        char *feedback_name;
        char *feedback_email;
    } email;
    struct {
        char *driver_name;
        char *directory;
        int64_t max_file_size;
        bool enable_file_attachments;
        bool enable_public_link;
        bool enable_mobile_upload;
        bool enable_mobile_download;
    } file;
    struct {
        bool enable_console;
        char *console_level;
    } log;
    struct {
        char *terms_of_service_link;
        char *privacy_policy_link;
        char *about_link;
        char *help_link;
        char *report_a_problem_link;
        char *support_email;
    } support;
    struct {
        bool show_email_address;
        bool show_full_name;
    } privacy;
    struct {
        char *default_client_locale;
        char *available_locales;
    } localization;
    struct {
        char *android_latest_version;
        char *android_min_version;
        char *ios_latest_version;
        char *ios_min_version;
    } client_requirements;
    struct {
        bool enable;
    } guest_accounts;
    struct { /* MetricsSettings: /metrics on a listener of its own */
        bool enable;
        char *listen_address;
    } metrics;
    struct { /* RateLimitSettings (accounts: per-address limit on password logins) */
        bool enable;
        int64_t per_sec;
        int64_t max_burst;
        int64_t memory_store_size;
        bool vary_by_remote_addr;
    } rate_limit;
    struct {
        int64_t loop_threads;      /* 0: number of cores */
        int64_t worker_queue_size; /* jobs waiting for a worker before 503 */
        int64_t shutdown_grace_ms;
        char *push_proxy_endpoint;
        char *mail_relay_endpoint;
        int64_t password_hash_iterations;  /* accounts: PBKDF2 iterations for new hashes (600000; >= 1000, lower only in tests) */
        int64_t password_hash_concurrency; /* accounts: password hashes computed at once (0: cores - 1, at least 1) */
        int64_t password_hash_queue_size;  /* accounts: requests in the hashing gate at once (0: workers - 1, at least 2 x slots) */
        int64_t password_hash_per_user_limit;    /* accounts: of those, per user (0: no limit) */
        int64_t password_hash_per_address_limit; /* accounts: of those, per client address (0: no limit) */
        int64_t password_hash_max_wait_ms;       /* accounts: longest a login waits for its hash before 503 */
        int64_t password_hash_nice;              /* accounts: hashing threads' nice relative to the process (-10) */
        /* realtime (ws/, cluster/) */
        int64_t websocket_send_queue;
        int64_t websocket_resume_seconds;
        int64_t websocket_ping_seconds;
        int64_t websocket_pong_timeout_seconds;
        int64_t websocket_reply_backlog_bytes;
        int64_t websocket_write_timeout_seconds;
        bool cluster_enable;
        char *cluster_bind_address;
        char *cluster_advertise_address;
        int64_t cluster_heartbeat_ms;
        char *cluster_curve_secret_key; /* Z85; with the public key: CURVE on the cluster bus */
        char *cluster_curve_public_key;
        int64_t session_cache_size; /* accounts: sessions (with their users) cached in memory */
        int64_t roles_cache_size;   /* role rows cached in memory (app/roles_cache.h); 0: off */
        int64_t view_cache_size;    /* MiB of cached my-channels/members/categories answers (app/view_cache.h); 0: off */
    } parley;
} model_config_t;

/** @return the schema (keys table) of the core config. */
const pl_cfg_schema_t *model_config_schema(void);
/**
 * Load path (may be NULL) + environment into out, then check cross-key rules.
 * @return PL_OK, or PL_EINVAL with one line per bad key in errors.
 */
int model_config_load(const char *path, model_config_t *out, pl_buf_t *errors, pl_buf_t *warnings);
void model_config_dispose(model_config_t *cfg);
/** Make cfg the process-wide config (main, once, before any thread starts). */
void model_config_set(const model_config_t *cfg);
/** @return the process-wide config (immutable after start). */
const model_config_t *model_config_get(void);

#endif
