/* Progress of the sample-data load: a bar redrawn in place on a terminal, one line per table otherwise. */
#include <time.h>

#include "app/sampledata_internal.h"

#define BAR 30

double app_sampledata_progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw(const sd_progress_t *p, int pct)
{
    char bar[BAR + 1];
    int full = pct * BAR / 100;
    for (int i = 0; i < BAR; i++)
        bar[i] = i < full ? '#' : '.';
    bar[BAR] = '\0';
    fprintf(p->out, "\r  %-24s [%s] %3d%%  %lld rows", p->phase, bar, pct, (long long)p->done);
    fflush(p->out);
}

void app_sampledata_progress_start(sd_progress_t *p, FILE *out, int tty, const char *phase, int64_t total)
{
    p->out = out;
    p->tty = tty;
    p->phase = phase;
    p->done = 0;
    p->total = total > 0 ? total : 1;
    p->shown = -1;
    p->started = app_sampledata_progress_now();
    if (p->out && p->tty)
        draw(p, 0);
}

void app_sampledata_progress_tick(sd_progress_t *p)
{
    p->done++;
    if (!p->out || !p->tty)
        return;
    int pct = (int)(p->done * 100 / p->total);
    if (pct > 100)
        pct = 100;
    if (pct != p->shown) {
        p->shown = pct;
        draw(p, pct);
    }
}

void app_sampledata_progress_end(sd_progress_t *p)
{
    if (!p->out)
        return;
    double s = app_sampledata_progress_now() - p->started;
    if (p->tty) {
        draw(p, 100);
        fprintf(p->out, "  %.1f s\n", s);
    } else {
        fprintf(p->out, "sampledata: %s: %lld rows in %.2f s\n", p->phase, (long long)p->done, s);
    }
    fflush(p->out);
}
