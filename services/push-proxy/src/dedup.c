#include "push.h"

#include <stdlib.h>
#include <string.h>

/*
 * Recently seen message ids: in flight, or answered (with the answer). Answered ids are kept in a
 * ring of cap entries; the oldest is forgotten when the ring is full. In memory only: after a
 * restart a resent job is sent again, which the core's at-least-once contract already allows;
 * APNs receives the same apns-id (derived from ack_id) so the device can drop the repeat.
 */

typedef struct node {
    char id[27];
    int answered;
    pl_push_ack_t ack;
    struct node *next;
} node_t;

struct push_dedup {
    pthread_mutex_t mu;
    node_t **buckets;
    size_t nbuckets;
    node_t **ring;
    long cap, head, count;
};

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

push_dedup_t *push_dedup_create(long cap)
{
    push_dedup_t *d = calloc(1, sizeof(*d));
    if (d == NULL)
        return NULL;
    d->nbuckets = 64;
    while (d->nbuckets < (size_t)cap * 2)
        d->nbuckets *= 2;
    d->buckets = calloc(d->nbuckets, sizeof(node_t *));
    d->ring = calloc((size_t)cap, sizeof(node_t *));
    d->cap = cap;
    pthread_mutex_init(&d->mu, NULL);
    if (d->buckets == NULL || d->ring == NULL) {
        push_dedup_destroy(d);
        return NULL;
    }
    return d;
}

void push_dedup_destroy(push_dedup_t *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; d->buckets && i < d->nbuckets; i++)
        for (node_t *n = d->buckets[i], *nx; n; n = nx) {
            nx = n->next;
            free(n);
        }
    free(d->buckets);
    free(d->ring);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

static node_t **find(push_dedup_t *d, const char *id)
{
    node_t **pp = &d->buckets[hash(id) & (d->nbuckets - 1)];
    while (*pp && strcmp((*pp)->id, id) != 0)
        pp = &(*pp)->next;
    return pp;
}

static void unlink_id(push_dedup_t *d, const char *id)
{
    node_t **pp = find(d, id);
    node_t *n = *pp;
    if (n) {
        *pp = n->next;
        free(n);
    }
}

int push_dedup_check(push_dedup_t *d, const char *id, pl_push_ack_t *ack_out)
{
    int rc = 0;
    pthread_mutex_lock(&d->mu);
    node_t **pp = find(d, id);
    if (*pp) {
        rc = (*pp)->answered ? 1 : 2;
        if (rc == 1)
            *ack_out = (*pp)->ack;
    } else if ((*pp = calloc(1, sizeof(node_t))) != NULL) {
        memcpy((*pp)->id, id, strnlen(id, 26));
    }
    pthread_mutex_unlock(&d->mu);
    return rc;
}

void push_dedup_store(push_dedup_t *d, const char *id, const pl_push_ack_t *ack)
{
    pthread_mutex_lock(&d->mu);
    node_t **pp = find(d, id);
    if (*pp && !(*pp)->answered) {
        node_t *n = *pp;
        if (d->count == d->cap) {
            unlink_id(d, d->ring[d->head]->id);
            d->head = (d->head + 1) % d->cap;
            d->count--;
        }
        n->answered = 1;
        n->ack = *ack;
        d->ring[(d->head + d->count) % d->cap] = n;
        d->count++;
    }
    pthread_mutex_unlock(&d->mu);
}

void push_dedup_forget(push_dedup_t *d, const char *id)
{
    pthread_mutex_lock(&d->mu);
    node_t **pp = find(d, id);
    if (*pp && !(*pp)->answered)
        unlink_id(d, id);
    pthread_mutex_unlock(&d->mu);
}
