#include "relay/batch.h"
#include "parley/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned hash_id(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % RELAY_BATCH_BUCKETS;
}

void relay_batch_init(relay_batches_t *b, size_t max_items, int64_t max_interval_s)
{
    memset(b, 0, sizeof(*b));
    b->max_items = max_items > 0 ? max_items : 1;
    b->max_interval_ms = max_interval_s * 1000;
}

static void batch_free(relay_batch_t *bt)
{
    free(bt->items);
    free(bt);
}

void relay_batch_dispose(relay_batches_t *b)
{
    for (size_t i = 0; i < RELAY_BATCH_BUCKETS; i++) {
        relay_batch_t *bt = b->buckets[i];
        while (bt != NULL) {
            relay_batch_t *next = bt->next;
            batch_free(bt);
            bt = next;
        }
        b->buckets[i] = NULL;
    }
    b->nbatches = b->nitems = 0;
}

static relay_batch_t *find_or_create(relay_batches_t *b, const char *user_id)
{
    unsigned h = hash_id(user_id);
    for (relay_batch_t *bt = b->buckets[h]; bt != NULL; bt = bt->next)
        if (strcmp(bt->user_id, user_id) == 0)
            return bt;
    relay_batch_t *bt = calloc(1, sizeof(*bt));
    if (bt == NULL)
        return NULL;
    snprintf(bt->user_id, sizeof(bt->user_id), "%.26s", user_id);
    bt->due_ms = INT64_MAX;
    bt->next = b->buckets[h];
    b->buckets[h] = bt;
    b->nbatches++;
    return bt;
}

int relay_batch_add(relay_batches_t *b, relay_item_t *it)
{
    relay_batch_t *bt = find_or_create(b, it->job.user_id);
    if (bt == NULL)
        return PL_ERR;
    if (bt->n == bt->cap) {
        size_t cap = bt->cap ? bt->cap * 2 : 8;
        relay_item_t **grown = realloc(bt->items, cap * sizeof(*grown));
        if (grown == NULL)
            return PL_ERR;
        bt->items = grown;
        bt->cap = cap;
    }
    bt->items[bt->n++] = it;
    b->nitems++;
    int64_t interval_ms = it->job.interval_s * 1000;
    if (interval_ms > b->max_interval_ms)
        interval_ms = b->max_interval_ms;
    if (it->accepted_ms + interval_ms < bt->due_ms)
        bt->due_ms = it->accepted_ms + interval_ms;
    return bt->n >= b->max_items ? 1 : PL_OK;
}

void relay_batch_take_due(relay_batches_t *b, int64_t now_ms, int force, relay_batch_cb cb, void *arg)
{
    for (size_t i = 0; i < RELAY_BATCH_BUCKETS; i++) {
        relay_batch_t **link = &b->buckets[i];
        while (*link != NULL) {
            relay_batch_t *bt = *link;
            if (!force && bt->due_ms > now_ms && bt->n < b->max_items) {
                link = &bt->next;
                continue;
            }
            *link = bt->next;
            b->nbatches--;
            b->nitems -= bt->n;
            if (bt->n > 0) {
                cb(bt->items, bt->n, arg);
                bt->items = NULL;
            }
            batch_free(bt);
        }
    }
}

static int cancel_matches(const pl_mail_cancel_t *c, const relay_item_t *it)
{
    const pl_mail_post_t *p = &it->job.post;
    for (size_t i = 0; i < c->npost_ids; i++)
        if (strcmp(c->post_ids[i], p->id) == 0)
            return 1;
    if (c->read_at <= 0)
        return 0;
    if (c->channel_id != NULL && c->channel_id[0] != '\0' && strcmp(c->channel_id, p->channel_id) != 0)
        return 0;
    return p->create_at <= c->read_at;
}

size_t relay_batch_cancel(relay_batches_t *b, const pl_mail_cancel_t *c, relay_item_cb removed, void *arg)
{
    relay_batch_t **link = &b->buckets[hash_id(c->user_id)];
    while (*link != NULL && strcmp((*link)->user_id, c->user_id) != 0)
        link = &(*link)->next;
    relay_batch_t *bt = *link;
    if (bt == NULL)
        return 0;
    size_t kept = 0, gone = 0;
    int64_t due = INT64_MAX;
    for (size_t i = 0; i < bt->n; i++) {
        relay_item_t *it = bt->items[i];
        if (cancel_matches(c, it)) {
            removed(it, arg);
            gone++;
            continue;
        }
        bt->items[kept++] = it;
        int64_t interval_ms = it->job.interval_s * 1000;
        if (interval_ms > b->max_interval_ms)
            interval_ms = b->max_interval_ms;
        if (it->accepted_ms + interval_ms < due)
            due = it->accepted_ms + interval_ms;
    }
    bt->n = kept;
    bt->due_ms = due;
    b->nitems -= gone;
    if (kept == 0) {
        *link = bt->next;
        b->nbatches--;
        batch_free(bt);
    }
    return gone;
}
