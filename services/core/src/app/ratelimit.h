#ifndef PARLEY_CORE_APP_RATELIMIT_H
#define PARLEY_CORE_APP_RATELIMIT_H

/*
 * Per-client-address rate limit for password logins (owner: accounts), GCRA as Mattermost's
 * throttled limiter: RateLimitSettings.PerSec requests a second with bursts of MaxBurst, keyed by
 * the remote address (VaryByRemoteAddr), at most MemoryStoreSize addresses remembered (the
 * least recently seen is forgotten first). In-process: each core node limits on its own.
 * Thread-safe. Active only when RateLimitSettings.Enable is true.
 */

#include <stdint.h>

/** @return 0 when the request may proceed, else the number of ms until it would be allowed. */
int64_t app_ratelimit_login_check(const char *remote_addr, int64_t now_ms);
/** Forget every address (tests and config reload). */
void app_ratelimit_reset(void);

#endif
