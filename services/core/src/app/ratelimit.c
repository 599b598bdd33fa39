#include "app/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "model/config.h"

#define KEY_MAX 64
#define PROBES 8

typedef struct slot {
    char key[KEY_MAX];
    int64_t tat;       /* GCRA theoretical arrival time, ms */
    int64_t last_seen; /* ms */
} slot_t;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static slot_t *g_slots;
static size_t g_nslots;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int ensure_table(size_t n)
{
    if (g_slots && g_nslots == n)
        return 0;
    free(g_slots);
    g_slots = calloc(n, sizeof(slot_t));
    g_nslots = g_slots ? n : 0;
    return g_slots ? 0 : -1;
}

/* The slot for key: its own, an empty one, or the least recently seen among PROBES candidates. */
static slot_t *find_slot(const char *key)
{
    uint64_t h = hash(key);
    slot_t *victim = NULL;
    for (size_t i = 0; i < PROBES; i++) {
        slot_t *s = &g_slots[(h + i) % g_nslots];
        if (strcmp(s->key, key) == 0)
            return s;
        if (!victim || s->last_seen < victim->last_seen)
            victim = s;
    }
    memset(victim, 0, sizeof(*victim));
    strncpy(victim->key, key, KEY_MAX - 1);
    return victim;
}

/* GCRA: emission interval T = 1000/per_sec ms, tolerance = T * max_burst. */
static int64_t gcra(slot_t *s, int64_t now, int64_t per_sec, int64_t burst)
{
    int64_t t = 1000 / (per_sec > 0 ? per_sec : 1);
    int64_t tat = s->tat > now ? s->tat : now;
    int64_t allow_at = tat - t * burst;
    s->last_seen = now;
    if (allow_at > now)
        return allow_at - now;
    s->tat = tat + t;
    return 0;
}

int64_t app_ratelimit_login_check(const char *remote_addr, int64_t now_ms)
{
    const model_config_t *cfg = model_config_get();
    int64_t wait = 0;
    if (!cfg->rate_limit.enable || !cfg->rate_limit.vary_by_remote_addr || !remote_addr || !remote_addr[0])
        return 0;
    pthread_mutex_lock(&g_lock);
    if (ensure_table((size_t)cfg->rate_limit.memory_store_size) == 0)
        wait = gcra(find_slot(remote_addr), now_ms, cfg->rate_limit.per_sec, cfg->rate_limit.max_burst);
    pthread_mutex_unlock(&g_lock);
    return wait;
}

void app_ratelimit_reset(void)
{
    pthread_mutex_lock(&g_lock);
    free(g_slots);
    g_slots = NULL;
    g_nslots = 0;
    pthread_mutex_unlock(&g_lock);
}
