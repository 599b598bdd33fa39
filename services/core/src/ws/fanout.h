#ifndef PARLEY_CORE_WS_FANOUT_H
#define PARLEY_CORE_WS_FANOUT_H

/*
 * Hand-off from any thread to every loop's hub, and the node-to-node wire form of the same
 * operations (for cluster/). ws_publish & co. (publish.h) deliver locally and then give the
 * encoded operation to the forwarder (the cluster bus) if one is set.
 * In ws/'s inner order fanout.c sits above hub.c, wire.c above fanout.c (ws_wire_apply fans decoded
 * operations out) and publish.c above both.
 */

#include <stddef.h>
#include <stdint.h>
#include "ws/msg.h"

enum {
    WS_FAN_EVENT = 1,
    WS_FAN_CHANNEL_ADD = 2,
    WS_FAN_CHANNEL_REMOVE = 3,
    WS_FAN_TEAM_ADD = 4,
    WS_FAN_TEAM_REMOVE = 5,
    WS_FAN_CLOSE_SESSION = 6,
    WS_FAN_CLOSE_USER = 7,
};

/**
 * The forwarder receives each locally originated operation, encoded (the bytes are only valid during
 * the call). It is called from any publishing thread, under a shared lock: it must not call
 * ws_fanout_set_forwarder. Setting (or clearing, fn NULL) waits for the calls in progress.
 */
typedef void (*ws_forward_fn)(const void *p, size_t n, void *arg);
void ws_fanout_set_forwarder(ws_forward_fn fn, void *arg);
/** @return 1 when a forwarder is set (publishers skip encoding for other nodes otherwise). */
int ws_fanout_has_forwarder(void);
/** Hand an encoded operation to the forwarder, if any. */
void ws_fanout_forward(const void *p, size_t n);

struct ws_stats;
/** Sum of every attached loop's counters (ws_stats_get). */
void ws_fanout_stats(struct ws_stats *out);

/** Deliver to every local loop. Takes a reference of m per loop. @return PL_OK or PL_EAGAIN (no loop). */
int ws_fanout_event(ws_msg_t *m);
/** Membership / close operations (a, b: ids; b unused for closes). */
int ws_fanout_op(int op, const char *a, const char *b);

/** Encode an event (its prefix text and filter) for another node. Caller frees *out. */
int ws_wire_encode_event(const ws_msg_t *m, void **out, size_t *n);
/** Encode a membership/close operation. Caller frees *out. */
int ws_wire_encode_op(int op, const char *a, const char *b, void **out, size_t *n);
/** Apply an operation received from another node to the local loops (not forwarded again).
 *  @return PL_OK, PL_EINVAL (malformed) or PL_EAGAIN. */
int ws_wire_apply(const void *p, size_t n);
/** Decode an encoded event into a new message (refs 1), for tests and ws_wire_apply. NULL when malformed. */
ws_msg_t *ws_wire_decode_event(const void *p, size_t n);

#endif
