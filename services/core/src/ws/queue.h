#ifndef PARLEY_CORE_WS_QUEUE_H
#define PARLEY_CORE_WS_QUEUE_H

/*
 * A connection's event queue: one lazily grown ring of the most recent events, each with its seq
 * (consecutive). [unsent, next_seq) is the send queue (not yet handed to the socket), and
 * [oldest, next_seq) is what a reconnect with sequence_number can replay (Mattermost's dead queue).
 * Near the bottom of ws/'s inner order: uses msg.h only.
 */

#include <stdint.h>
#include "ws/msg.h"

typedef struct ws_queue {
    ws_msg_t **ring;
    uint32_t cap;      /* allocated slots, power of two (0: nothing allocated) */
    uint32_t next_seq; /* seq the next event gets */
    uint32_t unsent;   /* first seq not yet written */
    uint32_t oldest;   /* oldest seq still kept */
} ws_queue_t;

enum {
    WS_QUEUE_OK = 0,
    WS_QUEUE_DROPPED = 1,  /* droppable event refused under back-pressure (no seq used) */
    WS_QUEUE_OVERFLOW = 2, /* send queue full: the consumer is too slow (nothing queued) */
};

/**
 * Queue m (a reference is taken when queued). max: the send-queue bound (power of two); a
 * droppable event is refused once half of it is used. live == 0 (socket gone, kept for resume):
 * droppable events are refused, the oldest events roll out instead of overflowing.
 * @return WS_QUEUE_OK, WS_QUEUE_DROPPED or WS_QUEUE_OVERFLOW.
 */
int ws_queue_push(ws_queue_t *q, ws_msg_t *m, uint32_t max, int live);
/** @return the event with that seq (must be in [oldest, next_seq)). */
static inline ws_msg_t *ws_queue_at(const ws_queue_t *q, uint32_t seq)
{
    return q->ring[seq & (q->cap - 1)];
}
/** Resume: make seq the next to send. @return 0, or -1 when seq is not in [oldest, next_seq]. */
int ws_queue_rewind(ws_queue_t *q, uint32_t seq);
/** @return the number of events not yet written. */
static inline uint32_t ws_queue_pending(const ws_queue_t *q)
{
    return q->next_seq - q->unsent;
}

#define WS_SEQ_SUFFIX_MAX 12 /* "4294967295}" and a NUL */

/** Write an event's per-connection tail `<seq>}` (no NUL) into out. @return its length. */
static inline size_t ws_queue_seq_suffix(char out[WS_SEQ_SUFFIX_MAX], uint32_t seq)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + seq % 10);
        seq /= 10;
    } while (seq != 0);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '}';
    return n + 1;
}
/** Free everything; the queue restarts at seq 0. */
void ws_queue_reset(ws_queue_t *q);

#endif
