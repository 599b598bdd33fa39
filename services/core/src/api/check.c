#include "api/check.h"

#include "app/permissions.h"

int api_check_edit_user(api_call_t *c)
{
    if (c->user_id == NULL)
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "user_id");
    return app_permissions_can_edit_user(c->db, c->session, c->user_id, &c->err) < 0 ? -1 : 0;
}
