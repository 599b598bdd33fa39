#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http/errors.h"
#include "http/job.h"
#include "parley/err.h"
#include "parley/time.h"
#include "ws/hub.h"
#include "ws/statuses.h"

/*
 * Client actions ({"action","seq","data"}), answered with {"status","seq_reply","data"|"error"}
 * (server/channels/wsapi, platform/websocket_router.go).
 */

#define STATUS_IDS_MAX 1000

#define E_NO_ACTION "api.web_socket_router.no_action.app_error"
#define E_BAD_SEQ "api.web_socket_router.bad_seq.app_error"
#define E_NOT_AUTH "api.web_socket_router.not_authenticated.app_error"
#define E_BAD_ACTION "api.web_socket_router.bad_action.app_error"
#define E_BAD_PARAM "api.websocket_handler.invalid_param.app_error"
#define E_BAD_JSON "api.web_socket_router.bad_request.app_error"
#define E_BUSY "api.context.server_busy.app_error"
#define E_TOO_MANY "api.web_socket_router.too_many_requests.app_error"

typedef struct action_req {
    ws_conn_t *c;
    uint32_t seq;
    const char *action;
    json_t *data; /* borrowed; may be NULL */
} action_req_t;

/* Mattermost's NewInvalidWebSocketParamError: where "websocket: <action>", {{.Name}} the parameter. */
static void reply_bad_param(const action_req_t *a, const char *name)
{
    char where[96];
    snprintf(where, sizeof(where), "websocket: %s", a->action);
    http_error_param_t p = {"Name", name};
    ws_conn_reply_error_params(a->c, a->seq, 400, E_BAD_PARAM, where, &p, 1);
}

static void act_ping(const action_req_t *a)
{
    char version[32];
    ws_version_short(version);
    json_t *d = json_pack("{s:s,s:s,s:I,s:s}", "text", "pong", "version", version, "server_time", (json_int_t)pl_time_ms(),
                          "node_id", ws_g_settings.node_id);
    ws_conn_reply_ok(a->c, a->seq, d);
}

static const char *data_str(const action_req_t *a, const char *key)
{
    return json_string_value(json_object_get(a->data, key));
}

static void act_typing(const action_req_t *a)
{
    const char *cid = data_str(a, "channel_id");
    const char *parent = data_str(a, "parent_id");
    if (cid == NULL || !pl_id_valid(cid, strlen(cid)) || !ws_hub_is_channel_member(a->c, cid)) {
        reply_bad_param(a, "channel_id");
        return;
    }
    if (parent != NULL && strlen(parent) > 64) {
        reply_bad_param(a, "parent_id");
        return;
    }
    if (ws_g_settings.typing_enabled) {
        const char *omit[1] = {a->c->user->id};
        ws_broadcast_t bc = {.channel_id = cid, .omit_users = omit, .omit_users_count = 1};
        ws_publish(WS_EVENT_TYPING, json_pack("{s:s,s:s}", "parent_id", parent ? parent : "", "user_id", a->c->user->id), &bc);
    }
    ws_conn_reply_ok(a->c, a->seq, NULL);
}

static void act_presence(const action_req_t *a)
{
    /* The active channel/team/thread only matters for notifications (later issues). */
    ws_conn_reply_ok(a->c, a->seq, NULL);
}

static void act_active_status(const action_req_t *a)
{
    json_t *active = json_object_get(a->data, "user_is_active");
    if (!json_is_boolean(active)) {
        reply_bad_param(a, "user_is_active");
        return;
    }
    bool manual = json_is_true(json_object_get(a->data, "manual"));
    ws_status_job_submit(a->c->user->id, json_is_true(active) ? WS_STATUS_ONLINE : WS_STATUS_AWAY, manual);
    ws_conn_reply_ok(a->c, a->seq, NULL);
}

/* ---------------------------------------------------------------- statuses */

/* Every user not offline, from the map kept from status_change events (no table scan). */
static void act_get_statuses(const action_req_t *a)
{
    ws_conn_reply_ok(a->c, a->seq, ws_statuses_json());
}

typedef struct statuses_job {
    http_job_t job;
    ws_conn_t *c;
    uint32_t seq;
    size_t n;
    json_t *result;
    ws_id_t ids[];
} statuses_job_t;

static void statuses_run(http_job_t *job, struct pg_conn *db)
{
    statuses_job_t *j = (statuses_job_t *)job;
    const ws_hooks_t *hk = ws_hooks_get();
    const char **ids = j->n > 0 ? malloc(j->n * sizeof(*ids)) : NULL;
    for (size_t i = 0; i < j->n; i++)
        ids[i] = j->ids[i];
    j->result = hk != NULL && hk->get_statuses != NULL ? hk->get_statuses(db, ids, j->n) : json_object();
    free(ids);
}

static void statuses_done(http_job_t *job)
{
    statuses_job_t *j = (statuses_job_t *)job;
    j->c->actions--;
    if (ws_conn_job_release(j->c)) {
        if (j->result != NULL)
            ws_conn_reply_ok(j->c, j->seq, j->result);
        else
            ws_conn_reply_error(j->c, j->seq, 500, "app.status.get.app_error", "get_statuses_by_ids");
        j->result = NULL;
        ws_hub_after_pass(j->c->hub);
    }
    json_decref(j->result);
    free(j);
}

static void submit_statuses(const action_req_t *a, json_t *ids)
{
    if (a->c->actions >= WS_CONN_ACTIONS_MAX) {
        ws_conn_reply_error(a->c, a->seq, 429, E_TOO_MANY, a->action);
        return;
    }
    size_t n = json_array_size(ids);
    statuses_job_t *j = calloc(1, sizeof(*j) + n * sizeof(ws_id_t));
    if (j == NULL)
        abort();
    for (size_t i = 0; i < n; i++)
        memcpy(j->ids[i], json_string_value(json_array_get(ids, i)), PL_ID_LEN + 1);
    j->n = n;
    j->c = a->c;
    j->seq = a->seq;
    j->job.run = statuses_run;
    j->job.done = statuses_done;
    a->c->jobs++;
    a->c->actions++;
    if (http_job_submit(&j->job) != PL_OK) {
        a->c->jobs--;
        a->c->actions--;
        free(j);
        ws_conn_reply_error(a->c, a->seq, 503, E_BUSY, a->action);
    }
}

static void act_get_statuses_by_ids(const action_req_t *a)
{
    json_t *ids = json_object_get(a->data, "user_ids");
    size_t n = json_array_size(ids);
    if (!json_is_array(ids) || n == 0 || n > STATUS_IDS_MAX) {
        reply_bad_param(a, "user_ids");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *id = json_string_value(json_array_get(ids, i));
        if (id == NULL || !pl_id_valid(id, strlen(id))) {
            reply_bad_param(a, "user_ids");
            return;
        }
    }
    submit_statuses(a, ids);
}

static void act_ack(const action_req_t *a)
{
    ws_conn_reply_ok(a->c, a->seq, NULL);
}

typedef struct action {
    const char *name;
    void (*fn)(const action_req_t *a);
} action_t;

static const action_t actions[] = {
    {"ping", act_ping},
    {"user_typing", act_typing},
    {"presence", act_presence},
    {"user_update_active_status", act_active_status},
    {"get_statuses", act_get_statuses},
    {"get_statuses_by_ids", act_get_statuses_by_ids},
    {"posted_notify_ack", act_ack},
};

static void route(ws_conn_t *c, const char *action, json_int_t seq, json_t *data)
{
    if (strcmp(action, "authentication_challenge") == 0) {
        const char *tok = json_string_value(json_object_get(data, "token"));
        if ((c->flags & (WS_CONN_AUTHED | WS_CONN_AUTHING)) != 0)
            return; /* already authenticated: ignored, no reply */
        ws_auth_start(c, tok != NULL ? tok : "", tok != NULL ? strlen(tok) : 0, (uint32_t)seq);
        return;
    }
    if ((c->flags & WS_CONN_AUTHED) == 0) {
        ws_conn_reply_error(c, (uint32_t)seq, 401, E_NOT_AUTH, "ServeWebSocket");
        return;
    }
    action_req_t a = {c, (uint32_t)seq, action, json_is_object(data) ? data : NULL};
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        if (strcmp(action, actions[i].name) == 0) {
            actions[i].fn(&a);
            return;
        }
    }
    ws_conn_reply_error(c, (uint32_t)seq, 500, E_BAD_ACTION, "ServeWebSocket");
}

void ws_actions_dispatch(ws_conn_t *c, const char *text, size_t len)
{
    json_error_t err;
    json_t *req = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(req)) {
        json_decref(req);
        ws_conn_reply_error(c, 0, 400, E_BAD_JSON, "ServeWebSocket");
        return;
    }
    const char *action = json_string_value(json_object_get(req, "action"));
    json_t *seqv = json_object_get(req, "seq");
    json_int_t seq = json_is_integer(seqv) ? json_integer_value(seqv) : 0;
    if (seq < 0 || seq > UINT32_MAX)
        seq = 0;
    if (action == NULL || action[0] == '\0')
        ws_conn_reply_error(c, (uint32_t)seq, 400, E_NO_ACTION, "ServeWebSocket");
    else if (seq <= 0)
        ws_conn_reply_error(c, 0, 400, E_BAD_SEQ, "ServeWebSocket");
    else
        route(c, action, seq, json_object_get(req, "data"));
    json_decref(req);
}
