#include "push.h"

#include <stdlib.h>
#include <string.h>

/*
 * Per-key request rate limit, as mattermost-push-proxy's throttled.v1 RateLimit(PerSec(n)):
 * at most n requests per key in each one-second window. The key is built by the HTTP intake from
 * the ThrottleVaryByHeader headers only (not the peer address), so requests without those headers
 * share one bucket. At most store_size keys are remembered; when full, expired windows are swept
 * and, failing that, the oldest-touched key in the probed bucket is reused.
 */

typedef struct entry {
    char *key;
    int64_t window_ms;
    long count;
    struct entry *next;
} entry_t;

struct push_throttle {
    pthread_mutex_t mu;
    long per_sec, cap, size;
    entry_t **buckets;
    size_t nbuckets;
};

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

push_throttle_t *push_throttle_create(long per_sec, long store_size)
{
    push_throttle_t *t = calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->per_sec = per_sec;
    t->cap = store_size;
    t->nbuckets = 1024;
    t->buckets = calloc(t->nbuckets, sizeof(entry_t *));
    pthread_mutex_init(&t->mu, NULL);
    return t;
}

static void free_chain(entry_t *e)
{
    while (e) {
        entry_t *nx = e->next;
        free(e->key);
        free(e);
        e = nx;
    }
}

void push_throttle_destroy(push_throttle_t *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->nbuckets; i++)
        free_chain(t->buckets[i]);
    free(t->buckets);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

static void sweep(push_throttle_t *t, int64_t now_ms)
{
    for (size_t i = 0; i < t->nbuckets; i++) {
        entry_t **pp = &t->buckets[i];
        while (*pp) {
            entry_t *e = *pp;
            if (now_ms - e->window_ms >= 1000) {
                *pp = e->next;
                free(e->key);
                free(e);
                t->size--;
            } else {
                pp = &e->next;
            }
        }
    }
}

static entry_t *lookup(push_throttle_t *t, const char *key, int64_t now_ms)
{
    size_t b = hash(key) & (t->nbuckets - 1);
    for (entry_t *e = t->buckets[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e;
    if (t->size >= t->cap)
        sweep(t, now_ms);
    if (t->size >= t->cap && t->buckets[b] != NULL) {
        entry_t *e = t->buckets[b]; /* reuse a slot of this bucket */
        free(e->key);
        e->key = strdup(key);
        e->window_ms = now_ms;
        e->count = 0;
        return e->key ? e : NULL;
    }
    entry_t *e = calloc(1, sizeof(*e));
    if (e == NULL || (e->key = strdup(key)) == NULL) {
        free(e);
        return NULL;
    }
    e->window_ms = now_ms;
    e->next = t->buckets[b];
    t->buckets[b] = e;
    t->size++;
    return e;
}

int push_throttle_allow(push_throttle_t *t, const char *key, int64_t now_ms)
{
    if (t == NULL || t->per_sec <= 0)
        return 1;
    pthread_mutex_lock(&t->mu);
    int ok = 1;
    entry_t *e = lookup(t, key, now_ms);
    if (e != NULL) {
        if (now_ms - e->window_ms >= 1000) {
            e->window_ms = now_ms;
            e->count = 0;
        }
        ok = e->count < t->per_sec;
        if (ok)
            e->count++;
    }
    pthread_mutex_unlock(&t->mu);
    return ok;
}
