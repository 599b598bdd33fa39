/* Built-in roles and permission names, as Mattermost's model.MakeDefaultRoles / permission.go. */
#include "model/role.h"

#include <string.h>

static const char *const ALL_PERMISSIONS[] = {
    "invite_user", "add_user_to_team", "use_slash_commands", "manage_slash_commands", "manage_others_slash_commands",
    "create_public_channel", "create_private_channel", "manage_public_channel_members",
    "manage_private_channel_members", "convert_public_channel_to_private", "convert_private_channel_to_public",
    "assign_system_admin_role", "manage_roles", "manage_team_roles", "manage_channel_roles", "create_direct_channel",
    "create_group_channel", "manage_public_channel_properties", "manage_private_channel_properties",
    "list_public_teams", "join_public_teams", "list_private_teams", "join_private_teams", "list_team_channels",
    "join_public_channels", "delete_public_channel", "delete_private_channel", "edit_other_users", "read_channel",
    "read_channel_content", "read_public_channel_groups", "read_private_channel_groups", "read_public_channel",
    "add_reaction", "remove_reaction", "remove_others_reactions", "permanent_delete_user", "upload_file",
    "get_public_link", "manage_webhooks", "manage_others_webhooks", "manage_incoming_webhooks",
    "manage_own_incoming_webhooks", "manage_outgoing_webhooks", "manage_own_outgoing_webhooks",
    "manage_others_incoming_webhooks", "manage_others_outgoing_webhooks", "manage_own_slash_commands",
    "manage_oauth", "manage_system_wide_oauth", "bypass_incoming_webhook_channel_lock", "manage_emojis",
    "manage_others_emojis", "create_emojis", "delete_emojis", "delete_others_emojis", "create_post",
    "create_post_public", "create_post_ephemeral", "read_deleted_posts", "edit_post", "edit_others_posts",
    "delete_post", "delete_others_posts", "remove_user_from_team", "create_team", "manage_team", "import_team",
    "view_team", "list_users_without_team", "read_jobs", "manage_jobs", "create_user_access_token",
    "read_user_access_token", "revoke_user_access_token", "create_bot", "assign_bot", "read_bots",
    "read_others_bots", "manage_bots", "manage_others_bots", "view_members", "invite_guest", "promote_guest",
    "demote_to_guest", "use_channel_mentions", "use_group_mentions", "read_other_users_teams", "edit_brand",
    "manage_shared_channels", "manage_secure_connections", "download_compliance_export_result",
    "create_data_retention_job", "manage_data_retention_job", "read_data_retention_job",
    "create_compliance_export_job", "manage_compliance_export_job", "read_compliance_export_job", "read_audits",
    "test_site_url", "test_s3", "reload_config", "invalidate_caches", "recycle_database_connections", "test_email",
    "get_logs", "get_analytics", "read_license_information", "manage_license_information", "manage_system",
    "create_custom_group", "edit_custom_group", "delete_custom_group", "restore_custom_group",
    "manage_custom_group_members", "edit_file_attachment", "sysconsole_read_about_edition_and_license",
    "sysconsole_write_about_edition_and_license", "sysconsole_read_reporting_site_statistics",
    "sysconsole_read_reporting_team_statistics", "sysconsole_read_reporting_server_logs",
    "sysconsole_read_user_management_users", "sysconsole_write_user_management_users",
    "sysconsole_read_user_management_groups", "sysconsole_write_user_management_groups",
    "sysconsole_read_user_management_teams", "sysconsole_write_user_management_teams",
    "sysconsole_read_user_management_channels", "sysconsole_write_user_management_channels",
    "sysconsole_read_user_management_permissions", "sysconsole_write_user_management_permissions",
    "sysconsole_read_user_management_system_roles", "sysconsole_write_user_management_system_roles",
    "sysconsole_read_environment_web_server", "sysconsole_write_environment_web_server",
    "sysconsole_read_environment_database", "sysconsole_write_environment_database",
    "sysconsole_read_environment_file_storage", "sysconsole_write_environment_file_storage",
    "sysconsole_read_environment_smtp", "sysconsole_write_environment_smtp",
    "sysconsole_read_environment_push_notification_server", "sysconsole_write_environment_push_notification_server",
    "sysconsole_read_environment_rate_limiting", "sysconsole_write_environment_rate_limiting",
    "sysconsole_read_environment_logging", "sysconsole_write_environment_logging",
    "sysconsole_read_environment_session_lengths", "sysconsole_write_environment_session_lengths",
    "sysconsole_read_environment_developer", "sysconsole_write_environment_developer",
    "sysconsole_read_site_customization", "sysconsole_write_site_customization", "sysconsole_read_site_localization",
    "sysconsole_write_site_localization", "sysconsole_read_site_users_and_teams",
    "sysconsole_write_site_users_and_teams", "sysconsole_read_site_notifications",
    "sysconsole_write_site_notifications", "sysconsole_read_site_emoji", "sysconsole_write_site_emoji",
    "sysconsole_read_site_posts", "sysconsole_write_site_posts", "sysconsole_read_site_file_sharing_and_downloads",
    "sysconsole_write_site_file_sharing_and_downloads", "sysconsole_read_site_public_links",
    "sysconsole_write_site_public_links", "sysconsole_read_authentication_signup",
    "sysconsole_write_authentication_signup", "sysconsole_read_authentication_email",
    "sysconsole_write_authentication_email", "sysconsole_read_authentication_password",
    "sysconsole_write_authentication_password", "sysconsole_read_authentication_mfa",
    "sysconsole_write_authentication_mfa", "sysconsole_read_authentication_guest_access",
    "sysconsole_write_authentication_guest_access", "sysconsole_read_plugins", "sysconsole_write_plugins",
    "sysconsole_read_integrations_integration_management", "sysconsole_write_integrations_integration_management",
    "sysconsole_read_integrations_bot_accounts", "sysconsole_write_integrations_bot_accounts",
    "sysconsole_read_integrations_cors", "sysconsole_write_integrations_cors",
    "sysconsole_read_experimental_features", "sysconsole_write_experimental_features", NULL};

static const char *const SYSTEM_USER[] = {"list_public_teams", "join_public_teams", "create_direct_channel",
                                          "create_group_channel", "view_members", "create_team",
                                          "create_custom_group", "edit_custom_group", "delete_custom_group",
                                          "restore_custom_group", "manage_custom_group_members", "create_emojis",
                                          "delete_emojis", NULL};
static const char *const SYSTEM_GUEST[] = {"create_direct_channel", "create_group_channel", NULL};
static const char *const SYSTEM_POST_ALL[] = {"create_post", "use_channel_mentions", NULL};
static const char *const SYSTEM_POST_ALL_PUBLIC[] = {"create_post_public", "use_channel_mentions", NULL};
static const char *const SYSTEM_USER_ACCESS_TOKEN[] = {"create_user_access_token", "read_user_access_token",
                                                       "revoke_user_access_token", NULL};
static const char *const TEAM_USER[] = {"list_team_channels", "join_public_channels", "read_public_channel",
                                        "view_team", "create_public_channel", "create_private_channel",
                                        "invite_user", "add_user_to_team", NULL};
static const char *const TEAM_GUEST[] = {"view_team", NULL};
static const char *const TEAM_ADMIN[] = {"remove_user_from_team", "manage_team", "import_team", "manage_team_roles",
                                         "manage_channel_roles", "manage_own_incoming_webhooks",
                                         "manage_others_incoming_webhooks", "manage_own_outgoing_webhooks",
                                         "manage_others_outgoing_webhooks", "manage_own_slash_commands",
                                         "manage_others_slash_commands", "manage_incoming_webhooks",
                                         "manage_outgoing_webhooks", "manage_slash_commands",
                                         "bypass_incoming_webhook_channel_lock", "convert_public_channel_to_private",
                                         "convert_private_channel_to_public", "delete_post", "delete_others_posts",
                                         NULL};
static const char *const TEAM_POST_ALL[] = {"create_post", "use_channel_mentions", NULL};
static const char *const TEAM_POST_ALL_PUBLIC[] = {"create_post_public", "use_channel_mentions", NULL};
static const char *const CHANNEL_USER[] = {"read_channel", "read_channel_content", "add_reaction",
                                           "remove_reaction", "manage_public_channel_members", "upload_file",
                                           "get_public_link", "create_post", "use_channel_mentions",
                                           "use_slash_commands", "manage_public_channel_properties",
                                           "delete_public_channel", "manage_private_channel_properties",
                                           "delete_private_channel", "manage_private_channel_members",
                                           "delete_post", "edit_post", "edit_file_attachment", NULL};
static const char *const CHANNEL_GUEST[] = {"read_channel", "read_channel_content", "add_reaction",
                                            "remove_reaction", "upload_file", "edit_post", "create_post",
                                            "use_channel_mentions", "use_slash_commands", "edit_file_attachment",
                                            NULL};
static const char *const CHANNEL_ADMIN[] = {"manage_channel_roles", "use_group_mentions", NULL};
static const char *const NONE[] = {NULL};

static const model_role_default_t DEFAULTS[] = {
    {"system_admin", "authentication.roles.global_admin.name", true, ALL_PERMISSIONS},
    {"system_user", "authentication.roles.global_user.name", true, SYSTEM_USER},
    {"system_guest", "authentication.roles.global_guest.name", true, SYSTEM_GUEST},
    {"system_post_all", "authentication.roles.system_post_all.name", false, SYSTEM_POST_ALL},
    {"system_post_all_public", "authentication.roles.system_post_all_public.name", false, SYSTEM_POST_ALL_PUBLIC},
    {"system_user_access_token", "authentication.roles.system_user_access_token.name", false,
     SYSTEM_USER_ACCESS_TOKEN},
    {"system_user_manager", "authentication.roles.system_user_manager.name", false, NONE},
    {"system_manager", "authentication.roles.system_manager.name", false, NONE},
    {"system_read_only_admin", "authentication.roles.system_read_only_admin.name", false, NONE},
    {"system_custom_group_admin", "authentication.roles.system_custom_group_admin.name", false, NONE},
    {"team_admin", "authentication.roles.team_admin.name", true, TEAM_ADMIN},
    {"team_user", "authentication.roles.team_user.name", true, TEAM_USER},
    {"team_guest", "authentication.roles.team_guest.name", true, TEAM_GUEST},
    {"team_post_all", "authentication.roles.team_post_all.name", false, TEAM_POST_ALL},
    {"team_post_all_public", "authentication.roles.team_post_all_public.name", false, TEAM_POST_ALL_PUBLIC},
    {"channel_admin", "authentication.roles.channel_admin.name", true, CHANNEL_ADMIN},
    {"channel_user", "authentication.roles.channel_user.name", true, CHANNEL_USER},
    {"channel_guest", "authentication.roles.channel_guest.name", true, CHANNEL_GUEST},
    {"custom_group_user", "authentication.roles.custom_group_user.name", false, NONE},
};

const model_role_default_t *model_role_defaults(size_t *n)
{
    *n = sizeof(DEFAULTS) / sizeof(DEFAULTS[0]);
    return DEFAULTS;
}

const char *const *model_permissions_all(void)
{
    return ALL_PERMISSIONS;
}
