#ifndef PARLEY_MAIL_RELAY_RELAY_BATCH_H
#define PARLEY_MAIL_RELAY_RELAY_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include "parley/proto_mail.h"
#include "relay/item.h"

/*
 * Pending notifications per recipient (user_id). A batch is due at the earliest
 * accepted_at + interval_s of its items (interval capped by MaxIntervalSeconds), or at once when it
 * holds EmailBatchingBufferSize items.
 */

#define RELAY_BATCH_BUCKETS 4096

typedef struct relay_batch {
    char user_id[27];
    relay_item_t **items;
    size_t n, cap;
    int64_t due_ms;
    struct relay_batch *next;
} relay_batch_t;

typedef struct relay_batches {
    relay_batch_t *buckets[RELAY_BATCH_BUCKETS];
    size_t nbatches, nitems;
    size_t max_items;
    int64_t max_interval_ms;
} relay_batches_t;

void relay_batch_init(relay_batches_t *b, size_t max_items, int64_t max_interval_s);
/** Free the batch structures (not the items). */
void relay_batch_dispose(relay_batches_t *b);
/** Add an item (kind notification). @return PL_OK, 1 when the batch is now full, PL_ERR on allocation failure. */
int relay_batch_add(relay_batches_t *b, relay_item_t *it);
/** Called with the items of one detached batch (the callee owns the array). */
typedef void (*relay_batch_cb)(relay_item_t **items, size_t n, void *arg);
/** Detach every batch due at now_ms (or full, or all when force) and hand it to cb. */
void relay_batch_take_due(relay_batches_t *b, int64_t now_ms, int force, relay_batch_cb cb, void *arg);
/** Remove pending items matching the cancel; each removed item is passed to removed(). @return count. */
typedef void (*relay_item_cb)(relay_item_t *it, void *arg);
size_t relay_batch_cancel(relay_batches_t *b, const pl_mail_cancel_t *c, relay_item_cb removed, void *arg);

#endif
