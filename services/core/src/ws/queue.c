#include "ws/queue.h"

#include <stdlib.h>
#include <string.h>

static void grow(ws_queue_t *q)
{
    uint32_t ncap = q->cap == 0 ? 4 : q->cap * 2;
    ws_msg_t **r = calloc(ncap, sizeof(*r));
    if (r == NULL)
        abort();
    for (uint32_t s = q->oldest; s != q->next_seq; s++)
        r[s & (ncap - 1)] = q->ring[s & (q->cap - 1)];
    free(q->ring);
    q->ring = r;
    q->cap = ncap;
}

static void evict_oldest(ws_queue_t *q)
{
    ws_msg_t **slot = &q->ring[q->oldest & (q->cap - 1)];
    ws_msg_unref(*slot);
    *slot = NULL;
    q->oldest++;
    if ((int32_t)(q->unsent - q->oldest) < 0)
        q->unsent = q->oldest;
}

int ws_queue_push(ws_queue_t *q, ws_msg_t *m, uint32_t max, int live)
{
    uint32_t pending = ws_queue_pending(q);
    if ((m->flags & WS_MSG_DROPPABLE) != 0 && (!live || pending >= max / 2))
        return WS_QUEUE_DROPPED;
    if (live && pending >= max)
        return WS_QUEUE_OVERFLOW;
    if (q->next_seq - q->oldest == q->cap) {
        if (q->cap < max)
            grow(q);
        else
            evict_oldest(q);
    }
    ws_msg_ref(m);
    q->ring[q->next_seq & (q->cap - 1)] = m;
    q->next_seq++;
    return WS_QUEUE_OK;
}

int ws_queue_rewind(ws_queue_t *q, uint32_t seq)
{
    if ((int32_t)(seq - q->oldest) < 0 || (int32_t)(q->next_seq - seq) < 0)
        return -1;
    q->unsent = seq;
    return 0;
}

void ws_queue_reset(ws_queue_t *q)
{
    for (uint32_t s = q->oldest; q->ring != NULL && s != q->next_seq; s++)
        ws_msg_unref(q->ring[s & (q->cap - 1)]);
    free(q->ring);
    memset(q, 0, sizeof(*q));
}
