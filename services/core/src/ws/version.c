#include "ws/settings.h"

#include <stddef.h>

/* The versions reported to clients: the configured ones, else the HTTP server's (ws_init installs that source). */

static const char *(*http_version)(void);

void ws_version_set_fallback(const char *(*fn)(void))
{
    http_version = fn;
}

const char *ws_version_full(void)
{
    if (ws_g_settings.server_version[0] != '\0')
        return ws_g_settings.server_version;
    return http_version != NULL ? http_version() : "";
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
