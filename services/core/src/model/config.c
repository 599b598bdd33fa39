#include "model/config.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>
#include "parley/err.h"
#include "parley/log.h"

/* The core config table: Mattermost key names and defaults (model/config.go SetDefaults) where
 * they exist; ParleySettings for what is ours. */

#define OFF(field) offsetof(model_config_t, field)
#define S(sec, key, field, def, max)                                                                                               \
    {                                                                                                                              \
        sec, key, PL_CFG_STR, OFF(field), def, 0, max, NULL, false                                                                 \
    }
#define SECRET(sec, key, field, def)                                                                                               \
    {                                                                                                                              \
        sec, key, PL_CFG_STR, OFF(field), def, 0, 0, NULL, true                                                                    \
    }
#define I(sec, key, field, def, lo, hi)                                                                                            \
    {                                                                                                                              \
        sec, key, PL_CFG_INT, OFF(field), def, lo, hi, NULL, false                                                                 \
    }
#define B(sec, key, field, def)                                                                                                    \
    {                                                                                                                              \
        sec, key, PL_CFG_BOOL, OFF(field), def, 0, 0, NULL, false                                                                  \
    }
#define E(sec, key, field, def, choices)                                                                                           \
    {                                                                                                                              \
        sec, key, PL_CFG_ENUM, OFF(field), def, 0, 0, choices, false                                                               \
    }

#define SVC "ServiceSettings"
#define TEAM "TeamSettings"

static const char *const collapsed_threads[] = {"disabled", "default_off", "default_on", "always_on", NULL};
static const char *const restrict_dm[] = {"any", "team", NULL};
static const char *const name_display[] = {"username", "nickname_full_name", "full_name", NULL};
static const char *const drivers[] = {"postgres", NULL};
static const char *const file_drivers[] = {"local", "amazons3", NULL};
static const char *const push_contents[] = {"generic_no_channel", "generic", "full", "id_loaded", NULL};
static const char *const email_contents[] = {"full", "generic", NULL};

static const pl_cfg_key_t keys[] = {
    S(SVC, "SiteURL", service.site_url, NULL, 2048),
    S(SVC, "ListenAddress", service.listen_address, "127.0.0.1:8065", 256),
    I(SVC, "MaximumPayloadSizeBytes", service.maximum_payload_size_bytes, "300000", 1024, 1073741824),
    I(SVC, "MaximumURLLength", service.maximum_url_length, "2048", 256, 65536),
    B(SVC, "EnableDeveloper", service.enable_developer, "false"),
    B(SVC, "EnableUserAccessTokens", service.enable_user_access_tokens, "false"),
    B(SVC, "EnableBotAccountCreation", service.enable_bot_account_creation, "false"),
    B(SVC, "EnableIncomingWebhooks", service.enable_incoming_webhooks, "true"),
    B(SVC, "EnableOutgoingWebhooks", service.enable_outgoing_webhooks, "true"),
    B(SVC, "EnableCommands", service.enable_commands, "true"),
    B(SVC, "EnablePostUsernameOverride", service.enable_post_username_override, "false"),
    B(SVC, "EnablePostIconOverride", service.enable_post_icon_override, "false"),
    B(SVC, "EnableLinkPreviews", service.enable_link_previews, "true"),
    B(SVC, "EnablePermalinkPreviews", service.enable_permalink_previews, "true"),
    B(SVC, "EnableMultifactorAuthentication", service.enable_multifactor_authentication, "false"),
    B(SVC, "EnforceMultifactorAuthentication", service.enforce_multifactor_authentication, "false"),
    I(SVC, "SessionLengthWebInHours", service.session_length_web_in_hours, "720", 1, 876000),
    I(SVC, "SessionLengthMobileInHours", service.session_length_mobile_in_hours, "720", 1, 876000),
    I(SVC, "SessionLengthSSOInHours", service.session_length_sso_in_hours, "720", 1, 876000),
    I(SVC, "SessionIdleTimeoutInMinutes", service.session_idle_timeout_in_minutes, "43200", 0, 52560000),
    B(SVC, "ExtendSessionLengthWithActivity", service.extend_session_length_with_activity, "true"),
    I(SVC, "SessionCacheInMinutes", service.session_cache_in_minutes, "10", 0, 52560000),
    I(SVC, "MaximumLoginAttempts", service.maximum_login_attempts, "10", 1, 1000000),
    B(SVC, "ExperimentalStrictCSRFEnforcement", service.experimental_strict_csrf_enforcement, "false"),
    E(SVC, "CollapsedThreads", service.collapsed_threads, "default_on", collapsed_threads),
    B(SVC, "EnableCustomEmoji", service.enable_custom_emoji, "false"),
    B(SVC, "EnableEmojiPicker", service.enable_emoji_picker, "true"),
    B(SVC, "EnableGifPicker", service.enable_gif_picker, "false"),
    I(SVC, "PostEditTimeLimit", service.post_edit_time_limit, "-1", -1, 2147483647),
    I(SVC, "UniqueEmojiReactionLimitPerPost", service.unique_emoji_reaction_limit_per_post, "50", 0, 500),
    B(SVC, "EnableUserTypingMessages", service.enable_user_typing_messages, "true"),
    I(SVC, "TimeBetweenUserTypingUpdatesMilliseconds", service.time_between_user_typing_updates_milliseconds, "5000", 0, 3600000),
    B(SVC, "EnableChannelViewedMessages", service.enable_channel_viewed_messages, "true"),
    B(SVC, "EnableUserStatuses", service.enable_user_statuses, "true"),
    B(SVC, "EnableLatex", service.enable_latex, "false"),
    B(SVC, "EnableInlineLatex", service.enable_inline_latex, "true"),
    B(SVC, "EnableSVGs", service.enable_svgs, "false"),
    B(SVC, "EnableOAuthServiceProvider", service.enable_oauth_service_provider, "false"),
    B(SVC, "AllowSyncedDrafts", service.allow_synced_drafts, "true"),
    B(SVC, "PostPriority", service.post_priority, "true"),
    B(SVC, "ThreadAutoFollow", service.thread_auto_follow, "true"),
    S(SVC, "AllowCorsFrom", service.allow_cors_from, NULL, 4096),
    B(SVC, "EnableAPIChannelDeletion", service.enable_api_channel_deletion, "false"),
    B(SVC, "EnableAPITeamDeletion", service.enable_api_team_deletion, "false"),

    S(TEAM, "SiteName", team.site_name, "Parley", 30),
    B(TEAM, "EnableUserCreation", team.enable_user_creation, "true"),
    B(TEAM, "EnableOpenServer", team.enable_open_server, "false"),
    E(TEAM, "RestrictDirectMessage", team.restrict_direct_message, "any", restrict_dm),
    E(TEAM, "TeammateNameDisplay", team.teammate_name_display, "username", name_display),
    B(TEAM, "LockTeammateNameDisplay", team.lock_teammate_name_display, "false"),
    I(TEAM, "MaxUsersPerTeam", team.max_users_per_team, "50", 1, 100000000),
    I(TEAM, "MaxChannelsPerTeam", team.max_channels_per_team, "2000", 1, 100000000),
    I(TEAM, "MaxNotificationsPerChannel", team.max_notifications_per_channel, "1000", 1, 100000000),
    B(TEAM, "ExperimentalViewArchivedChannels", team.experimental_view_archived_channels, "true"),
    S(TEAM, "ExperimentalDefaultChannels", team.experimental_default_channels, NULL, 4096),
    B(TEAM, "EnableCustomUserStatuses", team.enable_custom_user_statuses, "true"),
    S(TEAM, "RestrictCreationToDomains", team.restrict_creation_to_domains, NULL, 4096),
    B(TEAM, "EnableCustomBrand", team.enable_custom_brand, "false"),
    S(TEAM, "CustomBrandText", team.custom_brand_text, NULL, 4096),
    S(TEAM, "CustomDescriptionText", team.custom_description_text, NULL, 4096),

    E("SqlSettings", "DriverName", sql.driver_name, "postgres", drivers),
    SECRET("SqlSettings", "DataSource", sql.data_source,
           "postgres://mmuser:mostest@localhost/mattermost_test?sslmode=disable&connect_timeout=10"),
    I("SqlSettings", "MaxOpenConns", sql.max_open_conns, "0", 0, 1024),
    I("SqlSettings", "MaxIdleConns", sql.max_idle_conns, "20", 0, 1024),
    I("SqlSettings", "ConnMaxIdleTimeMilliseconds", sql.conn_max_idle_time_ms, "300000", 0, 86400000),
    I("SqlSettings", "QueryTimeout", sql.query_timeout, "30", 1, 86400),

    I("PasswordSettings", "MinimumLength", password.minimum_length, "8", 5, 72),
    B("PasswordSettings", "Lowercase", password.lowercase, "false"),
    B("PasswordSettings", "Number", password.number, "false"),
    B("PasswordSettings", "Uppercase", password.uppercase, "false"),
    B("PasswordSettings", "Symbol", password.symbol, "false"),
    B("PasswordSettings", "EnableForgotLink", password.enable_forgot_link, "true"),

    B("EmailSettings", "EnableSignUpWithEmail", email.enable_sign_up_with_email, "true"),
    B("EmailSettings", "EnableSignInWithEmail", email.enable_sign_in_with_email, "true"),
    B("EmailSettings", "EnableSignInWithUsername", email.enable_sign_in_with_username, "true"),
    B("EmailSettings", "RequireEmailVerification", email.require_email_verification, "false"),
    B("EmailSettings", "SendEmailNotifications", email.send_email_notifications, "true"),
    B("EmailSettings", "SendPushNotifications", email.send_push_notifications, "true"),
    E("EmailSettings", "PushNotificationContents", email.push_notification_contents, "full", push_contents),
    E("EmailSettings", "EmailNotificationContentsType", email.email_notification_contents_type, "full", email_contents),
    B("EmailSettings", "EnableEmailBatching", email.enable_email_batching, "false"),
    I("EmailSettings", "EmailBatchingInterval", email.email_batching_interval, "30", 1, 86400),
    S("EmailSettings", "FeedbackName", email.feedback_name, NULL, 256),
    S("EmailSettings", "FeedbackEmail", email.feedback_email, "test@example.com", 256),

    E("FileSettings", "DriverName", file.driver_name, "local", file_drivers),
    S("FileSettings", "Directory", file.directory, "./data/files", 4096),
    I("FileSettings", "MaxFileSize", file.max_file_size, "104857600", 1, 10737418240LL),
    B("FileSettings", "EnableFileAttachments", file.enable_file_attachments, "true"),
    B("FileSettings", "EnablePublicLink", file.enable_public_link, "false"),
    B("FileSettings", "EnableMobileUpload", file.enable_mobile_upload, "true"),
    B("FileSettings", "EnableMobileDownload", file.enable_mobile_download, "true"),

    B("LogSettings", "EnableConsole", log.enable_console, "true"),
    S("LogSettings", "ConsoleLevel", log.console_level, "INFO", 16),

    S("SupportSettings", "TermsOfServiceLink", support.terms_of_service_link, NULL, 2048),
    S("SupportSettings", "PrivacyPolicyLink", support.privacy_policy_link, NULL, 2048),
    S("SupportSettings", "AboutLink", support.about_link, NULL, 2048),
    S("SupportSettings", "HelpLink", support.help_link, NULL, 2048),
    S("SupportSettings", "ReportAProblemLink", support.report_a_problem_link, NULL, 2048),
    S("SupportSettings", "SupportEmail", support.support_email, NULL, 256),

    B("PrivacySettings", "ShowEmailAddress", privacy.show_email_address, "true"),
    B("PrivacySettings", "ShowFullName", privacy.show_full_name, "true"),

    S("LocalizationSettings", "DefaultClientLocale", localization.default_client_locale, "en", 16),
    S("LocalizationSettings", "AvailableLocales", localization.available_locales, NULL, 1024),

    S("ClientRequirements", "AndroidLatestVersion", client_requirements.android_latest_version, NULL, 32),
    S("ClientRequirements", "AndroidMinVersion", client_requirements.android_min_version, NULL, 32),
    S("ClientRequirements", "IosLatestVersion", client_requirements.ios_latest_version, NULL, 32),
    S("ClientRequirements", "IosMinVersion", client_requirements.ios_min_version, NULL, 32),

    B("GuestAccountsSettings", "Enable", guest_accounts.enable, "false"),

    B("MetricsSettings", "Enable", metrics.enable, "false"),
    S("MetricsSettings", "ListenAddress", metrics.listen_address, ":8067", 256),

    B("RateLimitSettings", "Enable", rate_limit.enable, "false"),
    I("RateLimitSettings", "PerSec", rate_limit.per_sec, "10", 1, 1000000),
    I("RateLimitSettings", "MaxBurst", rate_limit.max_burst, "100", 0, 1000000),
    I("RateLimitSettings", "MemoryStoreSize", rate_limit.memory_store_size, "10000", 16, 10000000),
    B("RateLimitSettings", "VaryByRemoteAddr", rate_limit.vary_by_remote_addr, "true"),

    I("ParleySettings", "LoopThreads", parley.loop_threads, "0", 0, 256),
    I("ParleySettings", "WorkerQueueSize", parley.worker_queue_size, "4096", 1, 1048576),
    I("ParleySettings", "ShutdownGraceMs", parley.shutdown_grace_ms, "10000", 0, 600000),
    S("ParleySettings", "PushProxyEndpoint", parley.push_proxy_endpoint, "tcp://127.0.0.1:8070", 1024),
    S("ParleySettings", "MailRelayEndpoint", parley.mail_relay_endpoint, "tcp://127.0.0.1:8068", 1024),
    I("ParleySettings", "PasswordHashIterations", parley.password_hash_iterations, "600000", 1000, 10000000),
    I("ParleySettings", "PasswordHashConcurrency", parley.password_hash_concurrency, "0", 0, 1024),
    I("ParleySettings", "PasswordHashQueueSize", parley.password_hash_queue_size, "0", 0, 65536),
    I("ParleySettings", "PasswordHashPerUserLimit", parley.password_hash_per_user_limit, "1", 0, 65536),
    I("ParleySettings", "PasswordHashPerAddressLimit", parley.password_hash_per_address_limit, "0", 0, 65536),
    I("ParleySettings", "PasswordHashMaxWaitMs", parley.password_hash_max_wait_ms, "10000", 1, 600000),
    I("ParleySettings", "PasswordHashNice", parley.password_hash_nice, "-10", -39, 39),
    I("ParleySettings", "WebSocketSendQueue", parley.websocket_send_queue, "256", 8, 65536),
    I("ParleySettings", "WebSocketResumeSeconds", parley.websocket_resume_seconds, "60", 0, 3600),
    I("ParleySettings", "WebSocketPingSeconds", parley.websocket_ping_seconds, "60", 1, 3600),
    I("ParleySettings", "WebSocketPongTimeoutSeconds", parley.websocket_pong_timeout_seconds, "100", 2, 7200),
    I("ParleySettings", "WebSocketReplyBacklogBytes", parley.websocket_reply_backlog_bytes, "262144", 4096, 67108864),
    I("ParleySettings", "WebSocketWriteTimeoutSeconds", parley.websocket_write_timeout_seconds, "30", 1, 3600),
    B("ParleySettings", "ClusterEnable", parley.cluster_enable, "false"),
    S("ParleySettings", "ClusterBindAddress", parley.cluster_bind_address, "tcp://127.0.0.1:*", 256),
    S("ParleySettings", "ClusterAdvertiseAddress", parley.cluster_advertise_address, "", 256),
    I("ParleySettings", "ClusterHeartbeatMs", parley.cluster_heartbeat_ms, "1000", 100, 60000),
    SECRET("ParleySettings", "ClusterCurveSecretKey", parley.cluster_curve_secret_key, NULL),
    S("ParleySettings", "ClusterCurvePublicKey", parley.cluster_curve_public_key, NULL, 40),
    I("ParleySettings", "SessionCacheSize", parley.session_cache_size, "5000", 1, 10000000),
    I("ParleySettings", "RolesCacheSize", parley.roles_cache_size, "1024", 0, 1000000),
    I("ParleySettings", "ViewCacheSize", parley.view_cache_size, "128", 0, 65536),
};

static const pl_cfg_schema_t schema = {"MM", keys, sizeof(keys) / sizeof(keys[0])};
static const model_config_t *current;

const pl_cfg_schema_t *model_config_schema(void)
{
    return &schema;
}

static int has_prefix(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Rules the table cannot express. @return the number of problems appended to errors. */
static int check_rules(const model_config_t *c, pl_buf_t *errors)
{
    int n = 0;
    pl_log_level_t level;
    if (pl_log_level_parse(c->log.console_level, &level) != PL_OK && ++n)
        pl_buf_appendf(errors, "LogSettings.ConsoleLevel: must be DEBUG, INFO, WARN or ERROR (got \"%.32s\")\n",
                       c->log.console_level);
    if (c->service.listen_address[0] == '\0' && ++n)
        pl_buf_puts(errors, "ServiceSettings.ListenAddress: must not be empty\n");
    if (c->service.site_url[0] != '\0' && !has_prefix(c->service.site_url, "http://") &&
        !has_prefix(c->service.site_url, "https://") && ++n)
        pl_buf_puts(errors, "ServiceSettings.SiteURL: must start with http:// or https://\n");
    if (c->sql.data_source[0] == '\0' && ++n)
        pl_buf_puts(errors, "SqlSettings.DataSource: must not be empty\n");
    if (!has_prefix(c->parley.push_proxy_endpoint, "tcp://") && !has_prefix(c->parley.push_proxy_endpoint, "ipc://") && ++n)
        pl_buf_puts(errors, "ParleySettings.PushProxyEndpoint: must start with tcp:// or ipc://\n");
    if (!has_prefix(c->parley.mail_relay_endpoint, "tcp://") && !has_prefix(c->parley.mail_relay_endpoint, "ipc://") && ++n)
        pl_buf_puts(errors, "ParleySettings.MailRelayEndpoint: must start with tcp:// or ipc://\n");
    const char *csec = c->parley.cluster_curve_secret_key, *cpub = c->parley.cluster_curve_public_key;
    if ((csec == NULL || csec[0] == '\0') != (cpub == NULL || cpub[0] == '\0') && ++n)
        pl_buf_puts(errors, "ParleySettings.ClusterCurveSecretKey: set it together with ClusterCurvePublicKey\n");
    else if (csec != NULL && csec[0] != '\0' && (strlen(csec) != 40 || strlen(cpub) != 40) && ++n)
        pl_buf_puts(errors, "ParleySettings.ClusterCurveSecretKey: the cluster keys must be 40-character Z85 keys\n");
    return n;
}

int model_config_load(const char *path, model_config_t *out, pl_buf_t *errors, pl_buf_t *warnings)
{
    memset(out, 0, sizeof(*out));
    int rc = pl_config_load(&schema, path, out, NULL, errors, warnings);
    if (rc != PL_OK)
        return rc;
    if (check_rules(out, errors) > 0) {
        pl_config_dispose(&schema, out);
        return PL_EINVAL;
    }
    return PL_OK;
}

void model_config_dispose(model_config_t *cfg)
{
    pl_config_dispose(&schema, cfg);
}

void model_config_set(const model_config_t *cfg)
{
    current = cfg;
}

const model_config_t *model_config_get(void)
{
    return current;
}
