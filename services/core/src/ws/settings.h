#ifndef PARLEY_CORE_WS_SETTINGS_H
#define PARLEY_CORE_WS_SETTINGS_H

/*
 * Internal to ws/ (bottom of its inner order: uses no other ws/ file): the settings ws_init copied.
 * ws_settings_t, ws_settings_default and ws_settings() are declared in ws/ws.h.
 */

#include "ws/ws.h"

extern ws_settings_t ws_g_settings;

/* version.c: where ws_version_full finds the version when none is configured (the HTTP server's). */
void ws_version_set_fallback(const char *(*fn)(void));

#endif
