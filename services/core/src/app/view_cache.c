#include "app/view_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/id.h"
#include "parley/time.h"

#define SHARDS 16
#define BUCKETS 4096 /* per shard */
#define KEY_MAX (2 + 2 * (PL_ID_LEN + 1))
/* The safety net under a lost cluster message (the bus is best effort): no entry is older than this. */
#define MAX_AGE_MS (5 * 60 * 1000)

typedef struct entry {
    struct entry *hnext, *prev, *next; /* bucket chain; LRU list (head: most recent) */
    uint32_t hash;
    uint64_t built;
    int64_t made_at; /* ms */
    size_t size, len, ndeps;
    char key[KEY_MAX];
    char etag[APP_VIEW_CACHE_ETAG_MAX];
    char *body;
    uint32_t deps[];
} entry_t;

typedef struct shard {
    pthread_mutex_t lock;
    entry_t *buckets[BUCKETS];
    entry_t *head, *tail;
    size_t bytes, entries;
} shard_t;

static shard_t g_shards[SHARDS];
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static _Atomic size_t g_max_bytes;
static _Atomic uint64_t g_hits, g_misses, g_fills, g_evictions;

static void init_shards(void)
{
    for (size_t i = 0; i < SHARDS; i++)
        pthread_mutex_init(&g_shards[i].lock, NULL);
}

void app_view_deps_add(app_view_deps_t *d, app_stamp_kind_t kind, const char *id)
{
    if (d->too_many)
        return;
    if (d->n == APP_VIEW_CACHE_MAX_DEPS) {
        d->too_many = true;
        return;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        uint32_t *p = realloc(d->slots, cap * sizeof(*p));
        if (p == NULL) {
            d->too_many = true;
            return;
        }
        d->slots = p;
        d->cap = cap;
    }
    d->slots[d->n++] = app_change_stamps_slot(kind, id);
}

void app_view_deps_dispose(app_view_deps_t *d)
{
    free(d->slots);
    *d = (app_view_deps_t){0};
}

static int make_key(char out[KEY_MAX], app_view_kind_t kind, const char *user_id, const char *scope_id)
{
    if (strlen(user_id) > PL_ID_LEN || strlen(scope_id) > PL_ID_LEN)
        return -1;
    snprintf(out, KEY_MAX, "%c%s:%s", (char)kind, user_id, scope_id);
    return 0;
}

static uint32_t key_hash(const char *k)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)k; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

static shard_t *shard_of(uint32_t h)
{
    pthread_once(&g_once, init_shards);
    return &g_shards[h % SHARDS];
}

static entry_t **bucket_of(shard_t *s, uint32_t h)
{
    return &s->buckets[(h / SHARDS) % BUCKETS];
}

/* Under s->lock. */
static void lru_unlink(shard_t *s, entry_t *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        s->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        s->tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push(shard_t *s, entry_t *e)
{
    e->next = s->head;
    e->prev = NULL;
    if (s->head)
        s->head->prev = e;
    s->head = e;
    if (s->tail == NULL)
        s->tail = e;
}

static void remove_entry(shard_t *s, entry_t *e)
{
    entry_t **pp = bucket_of(s, e->hash);
    while (*pp != e)
        pp = &(*pp)->hnext;
    *pp = e->hnext;
    lru_unlink(s, e);
    s->bytes -= e->size;
    s->entries--;
    free(e);
}

static entry_t *find(shard_t *s, uint32_t h, const char *key)
{
    for (entry_t *e = *bucket_of(s, h); e != NULL; e = e->hnext)
        if (e->hash == h && strcmp(e->key, key) == 0)
            return e;
    return NULL;
}

static void evict_to(shard_t *s, size_t cap)
{
    while (s->bytes > cap && s->tail != NULL) {
        remove_entry(s, s->tail);
        atomic_fetch_add(&g_evictions, 1);
    }
}

void app_view_cache_configure(size_t max_bytes)
{
    atomic_store(&g_max_bytes, max_bytes);
    for (size_t i = 0; i < SHARDS; i++) {
        shard_t *s = shard_of((uint32_t)i);
        pthread_mutex_lock(&s->lock);
        evict_to(s, max_bytes / SHARDS);
        pthread_mutex_unlock(&s->lock);
    }
}

uint64_t app_view_cache_stamp(void)
{
    return app_change_stamps_now();
}

static entry_t *entry_new(const char *key, uint32_t h, uint64_t built, const app_view_deps_t *deps, const char *body, size_t len,
                          const char *etag)
{
    size_t size = sizeof(entry_t) + deps->n * sizeof(uint32_t) + len + 1;
    entry_t *e = calloc(1, size);
    if (e == NULL)
        return NULL;
    e->hash = h;
    e->built = built;
    e->made_at = pl_time_ms();
    e->size = size;
    e->len = len;
    e->ndeps = deps->n;
    snprintf(e->key, sizeof(e->key), "%s", key);
    snprintf(e->etag, sizeof(e->etag), "%s", etag ? etag : "");
    if (deps->n > 0)
        memcpy(e->deps, deps->slots, deps->n * sizeof(uint32_t));
    e->body = (char *)(e->deps + deps->n);
    memcpy(e->body, body, len);
    e->body[len] = '\0';
    return e;
}

void app_view_cache_put(app_view_kind_t kind, const char *user_id, const char *scope_id, uint64_t built,
                        const app_view_deps_t *deps, const char *body, size_t len, const char *etag)
{
    char key[KEY_MAX];
    size_t cap = atomic_load(&g_max_bytes) / SHARDS;
    if (cap == 0 || deps->too_many || make_key(key, kind, user_id, scope_id) < 0 ||
        !app_change_stamps_unchanged(deps->slots, deps->n, built))
        return; /* off, too wide, or already stale */
    uint32_t h = key_hash(key);
    entry_t *e = entry_new(key, h, built, deps, body, len, etag);
    if (e == NULL || e->size > cap / 4) {
        free(e);
        return;
    }
    shard_t *s = shard_of(h);
    pthread_mutex_lock(&s->lock);
    entry_t *old = find(s, h, key);
    if (old != NULL)
        remove_entry(s, old);
    entry_t **b = bucket_of(s, h);
    e->hnext = *b;
    *b = e;
    lru_push(s, e);
    s->bytes += e->size;
    s->entries++;
    evict_to(s, cap);
    pthread_mutex_unlock(&s->lock);
    atomic_fetch_add(&g_fills, 1);
}

bool app_view_cache_get(app_view_kind_t kind, const char *user_id, const char *scope_id,
                        char *(*copy)(void *ctx, const char *p, size_t n), void *ctx, const char **body, size_t *len, char *etag)
{
    char key[KEY_MAX];
    if (atomic_load(&g_max_bytes) == 0 || make_key(key, kind, user_id, scope_id) < 0)
        return false;
    uint32_t h = key_hash(key);
    shard_t *s = shard_of(h);
    bool hit = false;
    pthread_mutex_lock(&s->lock);
    entry_t *e = find(s, h, key);
    if (e != NULL && (!app_change_stamps_unchanged(e->deps, e->ndeps, e->built) || pl_time_ms() - e->made_at > MAX_AGE_MS)) {
        remove_entry(s, e);
        e = NULL;
    }
    if (e != NULL) {
        lru_unlink(s, e);
        lru_push(s, e);
        *body = copy(ctx, e->body, e->len);
        *len = e->len;
        if (etag != NULL)
            snprintf(etag, APP_VIEW_CACHE_ETAG_MAX, "%s", e->etag);
        hit = *body != NULL;
    }
    pthread_mutex_unlock(&s->lock);
    atomic_fetch_add(hit ? &g_hits : &g_misses, 1);
    return hit;
}

void app_view_cache_dispose(void)
{
    for (size_t i = 0; i < SHARDS; i++) {
        shard_t *s = shard_of((uint32_t)i);
        pthread_mutex_lock(&s->lock);
        evict_to(s, 0);
        pthread_mutex_unlock(&s->lock);
    }
}

void app_view_cache_stats(app_view_cache_stats_t *out)
{
    *out = (app_view_cache_stats_t){
        atomic_load(&g_hits), atomic_load(&g_misses), atomic_load(&g_fills), atomic_load(&g_evictions), 0, 0};
    for (size_t i = 0; i < SHARDS; i++) {
        shard_t *s = shard_of((uint32_t)i);
        pthread_mutex_lock(&s->lock);
        out->bytes += s->bytes;
        out->entries += s->entries;
        pthread_mutex_unlock(&s->lock);
    }
}
