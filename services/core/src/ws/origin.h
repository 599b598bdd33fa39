#ifndef PARLEY_CORE_WS_ORIGIN_H
#define PARLEY_CORE_WS_ORIGIN_H

/*
 * Internal to ws/: the upgrade's Origin check against cross-site WebSocket hijacking, as
 * Mattermost's App.OriginChecker: no Origin (native clients, bots) passes; with
 * ServiceSettings.AllowCorsFrom set, "*" passes everything and otherwise the Origin must be one of
 * its space-separated entries or SiteURL's scheme://host[:port]; without it, the Origin's scheme and
 * host must be SiteURL's (the Host header's when SiteURL is empty); "null" never passes.
 */

#include <stddef.h>

/** @return 1 when a browser page of origin (len bytes, NULL: no header) may open the socket. */
int ws_origin_allowed(const char *origin, size_t len, const char *host, size_t host_len);

#endif
