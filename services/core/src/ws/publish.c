#include "ws/publish.h"

#include <stdlib.h>
#include <string.h>
#include "parley/err.h"
#include "parley/id.h"
#include "ws/fanout.h"
#include "ws/statuses.h"

int ws_publish(const char *event, json_t *data, const ws_broadcast_t *bc)
{
    int rc;
    ws_msg_t *m = ws_msg_event_create(event, data, bc, &rc);
    if (m != NULL)
        ws_statuses_observe(event, data);
    json_decref(data);
    if (m == NULL)
        return rc;
    void *wire;
    size_t n;
    if (ws_fanout_has_forwarder() && ws_wire_encode_event(m, &wire, &n) == PL_OK) {
        ws_fanout_forward(wire, n);
        free(wire);
    }
    rc = ws_fanout_event(m);
    ws_msg_unref(m);
    return rc;
}

static int op(int code, const char *a, const char *b)
{
    if (a == NULL || !pl_id_valid(a, strlen(a)) || (b != NULL && !pl_id_valid(b, strlen(b))))
        return PL_EINVAL;
    void *wire;
    size_t n;
    if (ws_fanout_has_forwarder() && ws_wire_encode_op(code, a, b, &wire, &n) == PL_OK) {
        ws_fanout_forward(wire, n);
        free(wire);
    }
    return ws_fanout_op(code, a, b);
}

int ws_member_channel_add(const char *user_id, const char *channel_id)
{
    return channel_id == NULL ? PL_EINVAL : op(WS_FAN_CHANNEL_ADD, user_id, channel_id);
}

int ws_member_channel_remove(const char *user_id, const char *channel_id)
{
    return channel_id == NULL ? PL_EINVAL : op(WS_FAN_CHANNEL_REMOVE, user_id, channel_id);
}

int ws_member_team_add(const char *user_id, const char *team_id)
{
    return team_id == NULL ? PL_EINVAL : op(WS_FAN_TEAM_ADD, user_id, team_id);
}

int ws_member_team_remove(const char *user_id, const char *team_id)
{
    return team_id == NULL ? PL_EINVAL : op(WS_FAN_TEAM_REMOVE, user_id, team_id);
}

int ws_close_session(const char *session_id)
{
    return op(WS_FAN_CLOSE_SESSION, session_id, NULL);
}

int ws_close_user(const char *user_id)
{
    return op(WS_FAN_CLOSE_USER, user_id, NULL);
}
