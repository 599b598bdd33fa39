#include "parley/time.h"

#include <stdio.h>
#include <time.h>

static int64_t clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t pl_time_ms(void)
{
    return clock_ms(CLOCK_REALTIME);
}

int64_t pl_time_mono_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

void pl_time_format_rfc3339(int64_t ms, char *out, unsigned n)
{
    if (n == 0)
        return;
    int64_t msec = ms % 1000;
    int64_t secs = ms / 1000;
    if (msec < 0) {
        msec += 1000;
        secs -= 1;
    }
    time_t t = (time_t)secs;
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL) {
        out[0] = '\0';
        return;
    }
    snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
             tm.tm_sec, (int)msec);
}
