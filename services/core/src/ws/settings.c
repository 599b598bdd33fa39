#include "ws/settings.h"

#include <string.h>

ws_settings_t ws_g_settings;

void ws_settings_default(ws_settings_t *s)
{
    memset(s, 0, sizeof(*s));
    s->send_queue = 256;
    s->max_frame = 8192;
    s->auth_timeout_ms = 5000;
    s->ping_interval_ms = 60000;
    s->pong_timeout_ms = 100000;
    s->resume_window_ms = 60000;
    s->server_version = ""; /* "": X-Version-Id of the HTTP server */
    s->short_version = "";  /* "": its first three components */
    s->node_id = "";
    s->typing_enabled = 1;
    s->reply_backlog = 256u * 1024u;
    s->write_timeout_ms = 30000;
    s->site_url = "";
    s->allow_cors_from = "";
}

const ws_settings_t *ws_settings(void)
{
    return &ws_g_settings;
}
