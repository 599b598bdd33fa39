#include "ws/ws.h"

#include <stdlib.h>
#include <string.h>
#include "parley/err.h"
#include "http/server.h"
#include "ws/fanout.h"
#include "ws/hub.h"

ws_settings_t ws_g_settings;
static ws_hooks_t hooks;
static int hooks_set;

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
}

static const char *dup_or(const char *s, const char *def)
{
    char *d = strdup(s != NULL ? s : def);
    if (d == NULL)
        abort();
    return d;
}

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
    return ws_hub_init();
}

const ws_settings_t *ws_settings(void)
{
    return &ws_g_settings;
}

void ws_hooks_set(const ws_hooks_t *h)
{
    hooks = *h;
    hooks_set = 1;
}

const ws_hooks_t *ws_hooks_get(void)
{
    return hooks_set ? &hooks : NULL;
}

void ws_stats_get(ws_stats_t *out)
{
    ws_fanout_stats(out);
}

const char *ws_version_full(void)
{
    if (ws_g_settings.server_version[0] != '\0')
        return ws_g_settings.server_version;
    return http_server_version_id();
}

void ws_version_short(char out[32])
{
    const char *v = ws_g_settings.short_version[0] != '\0' ? ws_g_settings.short_version : ws_version_full();
    size_t i = 0;
    int dots = 0;
    for (; v[i] != '\0' && i < 31; i++) {
        if (v[i] == '.' && ++dots == 3)
            break;
        out[i] = v[i];
    }
    out[i] = '\0';
}
