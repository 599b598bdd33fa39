#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/system.h"

/*
 * The client config (server/config/client.go): a flat map whose values are all strings.
 * The limited set is what login screens need; a session gets the full set (reference 3.19).
 */

#ifndef PARLEY_VERSION
#define PARLEY_VERSION "11.9.0"
#endif

static void put(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, json_string(v ? v : ""));
}

static void put_bool(json_t *o, const char *k, bool v)
{
    put(o, k, v ? "true" : "false");
}

static void put_int(json_t *o, const char *k, long long v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%lld", v);
    put(o, k, buf);
}

static void limited_build(json_t *o, const model_config_t *c)
{
    put(o, "Version", PARLEY_VERSION);
    put(o, "BuildNumber", PARLEY_VERSION);
    put(o, "BuildDate", "");
    put(o, "BuildHash", "parley");
    put(o, "BuildHashEnterprise", "none");
    put(o, "BuildEnterpriseReady", "false");
    put(o, "ServiceEnvironment", "production");
    put(o, "SiteURL", c->service.site_url);
    put(o, "SiteName", c->team.site_name);
    put(o, "WebsocketURL", "");
    put(o, "WebsocketPort", "80");
    put(o, "WebsocketSecurePort", "443");
    put_bool(o, "EnableUserCreation", c->team.enable_user_creation);
    put_bool(o, "EnableOpenServer", c->team.enable_open_server);
    put_bool(o, "EnableSignUpWithEmail", c->email.enable_sign_up_with_email);
    put_bool(o, "EnableSignInWithEmail", c->email.enable_sign_in_with_email);
    put_bool(o, "EnableSignInWithUsername", c->email.enable_sign_in_with_username);
    static const char *const off[] = {"EnableSignUpWithGitLab",
                                      "EnableSignUpWithGoogle",
                                      "EnableSignUpWithOffice365",
                                      "EnableSignUpWithOpenId",
                                      "EnableLdap",
                                      "EnableSaml",
                                      "DiagnosticsEnabled",
                                      "PluginsEnabled",
                                      "HasImageProxy"};
    for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++)
        put(o, off[i], "false");
    put_bool(o, "EnableCustomEmoji", c->service.enable_custom_emoji);
    put_bool(o, "EnableMultifactorAuthentication", c->service.enable_multifactor_authentication);
    put_bool(o, "EnforceMultifactorAuthentication", c->service.enforce_multifactor_authentication);
    put_bool(o, "EnableGuestAccounts", c->guest_accounts.enable);
    put_int(o, "PasswordMinimumLength", c->password.minimum_length);
    put_bool(o, "PasswordRequireLowercase", c->password.lowercase);
    put_bool(o, "PasswordRequireUppercase", c->password.uppercase);
    put_bool(o, "PasswordRequireNumber", c->password.number);
    put_bool(o, "PasswordRequireSymbol", c->password.symbol);
    put_bool(o, "PasswordEnableForgotLink", c->password.enable_forgot_link);
    put(o, "DefaultClientLocale", c->localization.default_client_locale);
    put(o, "TermsOfServiceLink", c->support.terms_of_service_link);
    put(o, "PrivacyPolicyLink", c->support.privacy_policy_link);
    put(o, "AboutLink", c->support.about_link);
    put(o, "HelpLink", c->support.help_link);
    put(o, "ReportAProblemLink", c->support.report_a_problem_link);
    put(o, "SupportEmail", c->support.support_email);
    put(o, "ForgotPasswordLink", "");
    put(o, "DiagnosticId", app_system_diagnostic_id());
    put(o, "TelemetryId", app_system_diagnostic_id());
    put(o, "AndroidMinVersion", c->client_requirements.android_min_version);
    put(o, "AndroidLatestVersion", c->client_requirements.android_latest_version);
    put(o, "IosMinVersion", c->client_requirements.ios_min_version);
    put(o, "IosLatestVersion", c->client_requirements.ios_latest_version);
    put_bool(o, "EnableCustomBrand", c->team.enable_custom_brand);
    put(o, "CustomBrandText", c->team.custom_brand_text);
    put(o, "CustomDescriptionText", c->team.custom_description_text);
}

static void full_display(json_t *o, const model_config_t *c)
{
    put(o, "TeammateNameDisplay", c->team.teammate_name_display);
    put_bool(o, "LockTeammateNameDisplay", c->team.lock_teammate_name_display);
    put_bool(o, "ShowEmailAddress", c->privacy.show_email_address);
    put_bool(o, "ShowFullName", c->privacy.show_full_name);
    put(o, "RestrictDirectMessage", c->team.restrict_direct_message);
    put(o, "ExperimentalPrimaryTeam", "");
    put_int(o, "MaxPostSize", 16383);
    put_int(o, "PostEditTimeLimit", c->service.post_edit_time_limit);
    put_int(o, "UniqueEmojiReactionLimitPerPost", c->service.unique_emoji_reaction_limit_per_post);
    put_bool(o, "EnablePostUsernameOverride", c->service.enable_post_username_override);
    put_bool(o, "EnablePostIconOverride", c->service.enable_post_icon_override);
    put_bool(o, "EnableLinkPreviews", c->service.enable_link_previews);
    put_bool(o, "EnablePermalinkPreviews", c->service.enable_permalink_previews);
    put_bool(o, "EnableLatex", c->service.enable_latex);
    put_bool(o, "EnableInlineLatex", c->service.enable_inline_latex);
    put_bool(o, "EnableEmojiPicker", c->service.enable_emoji_picker);
    put_bool(o, "EnableGifPicker", c->service.enable_gif_picker);
    put_bool(o, "EnableSVGs", c->service.enable_svgs);
    put(o, "ExperimentalEnablePostMetadata", "true");
}

static void full_features(json_t *o, const model_config_t *c)
{
    put_bool(o, "EnableFileAttachments", c->file.enable_file_attachments);
    put_int(o, "MaxFileSize", c->file.max_file_size);
    put_bool(o, "EnablePublicLink", c->file.enable_public_link);
    put_bool(o, "EnableMobileFileUpload", c->file.enable_mobile_upload);
    put_bool(o, "EnableMobileFileDownload", c->file.enable_mobile_download);
    put_bool(o, "EnableUserTypingMessages", c->service.enable_user_typing_messages);
    put_int(o, "TimeBetweenUserTypingUpdatesMilliseconds", c->service.time_between_user_typing_updates_milliseconds);
    put_bool(o, "EnableChannelViewedMessages", c->service.enable_channel_viewed_messages);
    put_bool(o, "EnableUserStatuses", c->service.enable_user_statuses);
    put_bool(o, "EnableCustomUserStatuses", c->team.enable_custom_user_statuses);
    put(o, "EnableLastActiveTime", "true");
    put(o, "CollapsedThreads", c->service.collapsed_threads);
    put_bool(o, "EnableIncomingWebhooks", c->service.enable_incoming_webhooks);
    put_bool(o, "EnableOutgoingWebhooks", c->service.enable_outgoing_webhooks);
    put_bool(o, "EnableCommands", c->service.enable_commands);
    put_bool(o, "EnableUserAccessTokens", c->service.enable_user_access_tokens);
    put_bool(o, "EnableBotAccountCreation", c->service.enable_bot_account_creation);
    put_bool(o, "EnableOAuthServiceProvider", c->service.enable_oauth_service_provider);
    put_bool(o, "SendPushNotifications", c->email.send_push_notifications);
    put_bool(o, "SendEmailNotifications", c->email.send_email_notifications);
    put(o, "EmailNotificationContentsType", c->email.email_notification_contents_type);
    put_bool(o, "RequireEmailVerification", c->email.require_email_verification);
    put(o, "AvailableLocales", c->localization.available_locales);
    put_bool(o, "ExperimentalViewArchivedChannels", c->team.experimental_view_archived_channels);
    put(o, "EnableTutorial", "false");
    put(o, "EnableOnboardingFlow", "false");
    put_bool(o, "ExtendSessionLengthWithActivity", c->service.extend_session_length_with_activity);
    put(o, "EnableReliableWebSockets", "true");
    put_bool(o, "AllowSyncedDrafts", c->service.allow_synced_drafts);
    put(o, "ScheduledPosts", "false");
    put_bool(o, "PostPriority", c->service.post_priority);
    put(o, "EnableCustomGroups", "false");
    put(o, "ExperimentalSharedChannels", "false");
    put(o, "DataRetentionEnableMessageDeletion", "false");
    put(o, "DataRetentionEnableFileDeletion", "false");
    put(o, "DataRetentionMessageRetentionDays", "0");
    put(o, "DataRetentionFileRetentionDays", "0");
}

json_t *app_client_config(const model_config_t *cfg, bool full)
{
    json_t *o = json_object();
    limited_build(o, cfg);
    if (full) {
        full_display(o, cfg);
        full_features(o, cfg);
    }
    return o;
}

void app_client_config_hash(const model_config_t *cfg, char *out, size_t n)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    json_t *o = app_client_config(cfg, true);
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    EVP_Digest(s ? s : "", s ? strlen(s) : 0, md, &mdlen, EVP_sha256(), NULL);
    free(s);
    size_t o_ = 0;
    for (unsigned i = 0; i < 16 && o_ + 3 <= n; i++, o_ += 2)
        snprintf(out + o_, 3, "%02x", md[i]);
    if (n > 0)
        out[o_ < n ? o_ : n - 1] = '\0';
}
