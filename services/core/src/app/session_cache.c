#include "app/session_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/err.h"
#include "parley/time.h"

typedef struct entry {
    struct entry *hnext;       /* bucket chain */
    struct entry *prev, *next; /* LRU list, most recent first */
    char token[APP_SESSION_ID_LEN + 1];
    int64_t cached_at; /* monotonic ms */
    app_session_t s;
    model_user_t u;
    char *self_json; /* GET /users/me's body for this user, serialized once */
    size_t self_len;
} entry_t;

static struct {
    pthread_mutex_t lock;
    entry_t **buckets;
    size_t nbuckets, cap, n;
    entry_t *head, *tail;
    int64_t ttl_ms;
    atomic_uint_fast64_t generation;
} g = {.lock = PTHREAD_MUTEX_INITIALIZER};

static size_t hash(const char *token)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = token; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return (size_t)(h & (g.nbuckets - 1));
}

static void user_copy(model_user_t *dst, const model_user_t *src)
{
    *dst = *src;
    dst->props = src->props ? json_deep_copy(src->props) : NULL;
    dst->notify_props = src->notify_props ? json_deep_copy(src->notify_props) : NULL;
    dst->timezone = src->timezone ? json_deep_copy(src->timezone) : NULL;
}

static void lru_unlink(entry_t *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        g.head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        g.tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push_front(entry_t *e)
{
    e->prev = NULL;
    e->next = g.head;
    if (g.head)
        g.head->prev = e;
    g.head = e;
    if (g.tail == NULL)
        g.tail = e;
}

static entry_t **find_slot(const char *token)
{
    entry_t **pp = &g.buckets[hash(token)];
    while (*pp && strcmp((*pp)->token, token) != 0)
        pp = &(*pp)->hnext;
    return pp;
}

/* Unlink e from its bucket and the LRU list and free it. Lock held. */
static void drop(entry_t *e)
{
    entry_t **pp = find_slot(e->token);
    if (*pp == e)
        *pp = e->hnext;
    lru_unlink(e);
    model_user_dispose(&e->u);
    free(e->self_json);
    free(e);
    g.n--;
}

static void drop_all(void)
{
    while (g.head)
        drop(g.head);
}

void app_session_cache_configure(size_t cap, int64_t ttl_ms)
{
    size_t nb = 16;
    while (nb < 2 * cap && nb < ((size_t)1 << 24))
        nb <<= 1;
    pthread_mutex_lock(&g.lock);
    drop_all();
    free(g.buckets);
    g.buckets = NULL;
    g.cap = 0;
    g.ttl_ms = ttl_ms;
    if (cap > 0 && ttl_ms > 0) {
        g.buckets = calloc(nb, sizeof(*g.buckets));
        g.nbuckets = nb;
        g.cap = g.buckets ? cap : 0;
    }
    atomic_fetch_add(&g.generation, 1);
    pthread_mutex_unlock(&g.lock);
}

void app_session_cache_dispose(void)
{
    app_session_cache_configure(0, 0);
}

uint64_t app_session_cache_generation(void)
{
    return atomic_load(&g.generation);
}

/* A live entry for token (moved to the front), or NULL (a stale one is dropped). Lock held. */
static entry_t *lookup(const char *token, int64_t now_ms)
{
    if (g.cap == 0)
        return NULL;
    entry_t *e = *find_slot(token);
    if (e == NULL)
        return NULL;
    bool expired = e->s.expires_at != 0 && e->s.expires_at <= now_ms;
    if (expired || pl_time_mono_ms() - e->cached_at >= g.ttl_ms) {
        drop(e);
        return NULL;
    }
    lru_unlink(e);
    lru_push_front(e);
    return e;
}

int app_session_cache_get(const char *token, int64_t now_ms, app_session_t *s, model_user_t *user)
{
    int rc = PL_ENOTFOUND;
    pthread_mutex_lock(&g.lock);
    entry_t *e = lookup(token, now_ms);
    if (e != NULL) {
        *s = e->s;
        if (user)
            user_copy(user, &e->u);
        rc = PL_OK;
    }
    pthread_mutex_unlock(&g.lock);
    return rc;
}

int app_session_cache_get_self(const char *token, int64_t now_ms, app_session_t *s, app_session_cache_copy_fn copy, void *ctx,
                               const char **json, size_t *len)
{
    int rc = PL_ENOTFOUND;
    pthread_mutex_lock(&g.lock);
    entry_t *e = lookup(token, now_ms);
    if (e != NULL && e->self_json != NULL) {
        *s = e->s;
        *json = copy(ctx, e->self_json, e->self_len);
        *len = e->self_len;
        rc = PL_OK;
    }
    pthread_mutex_unlock(&g.lock);
    return rc;
}

/* A new entry in the bucket of token, evicting the least recently used one when full. Lock held. */
static entry_t *insert(const char *token)
{
    if (g.n >= g.cap)
        drop(g.tail);
    entry_t *e = calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    snprintf(e->token, sizeof(e->token), "%s", token);
    entry_t **pp = find_slot(token);
    e->hnext = *pp;
    *pp = e;
    lru_push_front(e);
    g.n++;
    return e;
}

static char *self_json(const model_user_t *user)
{
    json_t *j = user ? model_user_to_json(user, 0) : NULL;
    char *out = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(j);
    return out;
}

void app_session_cache_put(const char *token, uint64_t generation, const app_session_t *s, const model_user_t *user)
{
    if (g.ttl_ms == 0 || generation != atomic_load(&g.generation))
        return;
    char *body = self_json(user); /* outside the lock */
    pthread_mutex_lock(&g.lock);
    if (g.cap == 0 || generation != atomic_load(&g.generation))
        goto Exit;
    entry_t *e = *find_slot(token);
    if (e != NULL)
        drop(e);
    e = insert(token);
    if (e == NULL)
        goto Exit;
    e->cached_at = pl_time_mono_ms();
    e->s = *s;
    model_user_init(&e->u);
    if (user)
        user_copy(&e->u, user);
    e->self_json = body;
    e->self_len = body ? strlen(body) : 0;
    body = NULL;
Exit:
    pthread_mutex_unlock(&g.lock);
    free(body);
}

/* Drop every entry for which match(e, id) holds, and bump the generation. */
static void remove_matching(int (*match)(const entry_t *e, const char *id), const char *id)
{
    pthread_mutex_lock(&g.lock);
    atomic_fetch_add(&g.generation, 1);
    for (entry_t *e = g.head, *next; e != NULL; e = next) {
        next = e->next;
        if (match(e, id))
            drop(e);
    }
    pthread_mutex_unlock(&g.lock);
}

static int same_session(const entry_t *e, const char *id)
{
    return strcmp(e->s.id, id) == 0;
}

static int same_user(const entry_t *e, const char *id)
{
    return strcmp(e->s.user_id, id) == 0;
}

void app_session_cache_remove_session(const char *session_id)
{
    remove_matching(same_session, session_id);
}

void app_session_cache_remove_user(const char *user_id)
{
    remove_matching(same_user, user_id);
}

void app_session_cache_touched(const char *session_id, int64_t last_activity_at, int64_t expires_at)
{
    pthread_mutex_lock(&g.lock);
    for (entry_t *e = g.head; e != NULL; e = e->next)
        if (strcmp(e->s.id, session_id) == 0) {
            e->s.last_activity_at = last_activity_at;
            if (expires_at > 0)
                e->s.expires_at = expires_at;
        }
    pthread_mutex_unlock(&g.lock);
}

size_t app_session_cache_count(void)
{
    pthread_mutex_lock(&g.lock);
    size_t n = g.n;
    pthread_mutex_unlock(&g.lock);
    return n;
}
