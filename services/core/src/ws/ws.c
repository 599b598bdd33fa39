#include "ws/ws.h"

#include <stdlib.h>
#include <string.h>
#include "parley/err.h"
#include "http/server.h"
#include "ws/fanout.h"
#include "ws/hub.h"
#include "ws/settings.h"

static const char *dup_or(const char *s, const char *def)
{
    char *d = strdup(s != NULL ? s : def);
    if (d == NULL)
        abort();
    return d;
}

static const ws_conn_ops_t conn_ops = {
    .add_conn = ws_hub_add_conn,
    .mark_flush = ws_hub_mark_flush,
    .doom = ws_hub_doom,
    .unregister = ws_hub_unregister,
    .after_pass = ws_hub_after_pass,
    .dispatch = ws_actions_dispatch,
    .block_get = ws_hub_block_get,
    .block_put = ws_hub_block_put,
};

static const ws_hub_ops_t hub_ops = {
    .recheck = ws_auth_recheck,
    .on_messages = ws_fanout_on_messages,
    .attach = ws_fanout_attach,
};

int ws_init(const ws_settings_t *s)
{
    ws_g_settings = *s;
    uint32_t q = 8;
    while (q < s->send_queue && q < (1u << 16))
        q <<= 1;
    ws_g_settings.send_queue = q;
    ws_g_settings.server_version = dup_or(s->server_version, "");
    ws_g_settings.short_version = dup_or(s->short_version, "");
    ws_g_settings.node_id = dup_or(s->node_id, "");
    ws_g_settings.site_url = dup_or(s->site_url, "");
    ws_g_settings.allow_cors_from = dup_or(s->allow_cors_from, "");
    ws_version_set_fallback(http_server_version_id);
    ws_conn_set_ops(&conn_ops);
    ws_hub_set_ops(&hub_ops);
    ws_fanout_set_adopter(ws_auth_adopt);
    return ws_hub_init();
}

void ws_stats_get(ws_stats_t *out)
{
    ws_fanout_stats(out);
    out->write_timeouts = ws_conn_write_timeouts();
}
