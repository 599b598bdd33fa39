#include "store/invalidate.h"

#include <stddef.h>

static store_invalidate_ops_t g_ops;

void store_invalidate_set(const store_invalidate_ops_t *ops)
{
    g_ops = *ops;
}

void store_invalidate_session(const char *session_id)
{
    if (g_ops.session != NULL && session_id != NULL && session_id[0] != '\0')
        g_ops.session(session_id);
}

void store_invalidate_user(const char *user_id)
{
    if (g_ops.user != NULL && user_id != NULL && user_id[0] != '\0')
        g_ops.user(user_id);
}

void store_invalidate_role(const char *role_id)
{
    if (g_ops.role != NULL && role_id != NULL && role_id[0] != '\0')
        g_ops.role(role_id);
}
