#ifndef PARLEY_MAIL_RELAY_RELAY_BACKOFF_H
#define PARLEY_MAIL_RELAY_RELAY_BACKOFF_H

#include <stdint.h>

/** Delay before attempt+1: base * 2^(attempt-1) capped at max, with full jitter in [delay/2, delay]. */
int64_t relay_backoff_ms(int attempt, int64_t base_ms, int64_t max_ms);

#endif
