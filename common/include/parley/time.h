#ifndef PARLEY_TIME_H
#define PARLEY_TIME_H

#include <stdint.h>

/** @return wall-clock milliseconds since the Unix epoch (Mattermost timestamps). */
int64_t pl_time_ms(void);
/** @return monotonic milliseconds, for timeouts and durations only. */
int64_t pl_time_mono_ms(void);
/** Format ms since epoch as RFC 3339 UTC with milliseconds ("2026-11-27T18:37:27.123Z"). out >= 25 bytes. */
void pl_time_format_rfc3339(int64_t ms, char *out, unsigned n);

#endif
