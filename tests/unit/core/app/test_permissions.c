/* The permission evaluation (app/permissions.c) over the built-in roles (model/role_defaults.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/permissions.h"
#include "model/role.h"

static model_role_t *roles;
static size_t nroles;

static int setup(void **state)
{
    (void)state;
    const model_role_default_t *d = model_role_defaults(&nroles);
    roles = calloc(nroles, sizeof(*roles));
    for (size_t i = 0; i < nroles; i++) {
        strncpy(roles[i].name, d[i].name, sizeof(roles[i].name) - 1);
        roles[i].permissions = (const char **)d[i].permissions;
        while (d[i].permissions[roles[i].nperms])
            roles[i].nperms++;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(roles);
    return 0;
}

static int grant(const char *names, const char *perm)
{
    return app_permissions_roles_grant(roles, nroles, names, perm);
}

static void test_system_roles(void **state)
{
    (void)state;
    assert_true(grant("system_user", "create_team"));
    assert_true(grant("system_user", "create_direct_channel"));
    assert_false(grant("system_user", "manage_system"));
    assert_false(grant("system_user", "edit_other_users"));
    assert_false(grant("system_user", "create_user_access_token"));
    assert_true(grant("system_user system_user_access_token", "create_user_access_token"));
    assert_true(grant("system_admin system_user", "manage_system"));
    assert_true(grant("system_admin", "edit_other_users"));
    assert_false(grant("system_guest", "create_team"));
}

static void test_team_and_channel_cascade(void **state)
{
    (void)state;
    /* the roles of every scope are evaluated together */
    assert_false(grant("system_user", "create_post"));
    assert_true(grant("system_user team_user channel_user", "create_post"));
    assert_false(grant("system_user team_user", "manage_team"));
    assert_true(grant("system_user team_user team_admin", "manage_team"));
    assert_true(grant("system_user team_user channel_user channel_admin", "manage_channel_roles"));
    assert_false(grant("system_guest team_guest channel_guest", "create_public_channel"));
    assert_true(grant("system_guest team_guest channel_guest", "create_post"));
}

static void test_unknown_and_deleted_roles(void **state)
{
    (void)state;
    assert_false(grant("", "create_team"));
    assert_false(grant("no_such_role", "create_team"));
    assert_false(grant("system_user", "no_such_permission"));
    assert_false(grant("system_users", "create_team")); /* whole words only */
    for (size_t i = 0; i < nroles; i++)
        if (strcmp(roles[i].name, "system_user") == 0)
            roles[i].delete_at = 1;
    assert_false(grant("system_user", "create_team"));
    for (size_t i = 0; i < nroles; i++)
        roles[i].delete_at = 0;
}

static void test_defaults_are_well_formed(void **state)
{
    (void)state;
    const char *const *all = model_permissions_all();
    for (size_t i = 0; i < nroles; i++) {
        assert_true(model_role_name_valid(roles[i].name));
        for (size_t p = 0; p < roles[i].nperms; p++) {
            int known = 0;
            for (size_t a = 0; all[a] && !known; a++)
                known = strcmp(all[a], roles[i].permissions[p]) == 0;
            if (!known)
                fail_msg("role %s: permission %s is not in the system_admin set", roles[i].name, roles[i].permissions[p]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_system_roles),
        cmocka_unit_test(test_team_and_channel_cascade),
        cmocka_unit_test(test_unknown_and_deleted_roles),
        cmocka_unit_test(test_defaults_are_well_formed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
