#ifndef PARLEY_CORE_WS_MSG_H
#define PARLEY_CORE_WS_MSG_H

/*
 * Refcounted, pre-serialized messages shared by every recipient on every loop thread.
 *  - An event (WS_MSG_SEQ) holds `{"event":..,"data":..,"broadcast":{..},"seq":` and each
 *    connection appends its own `N}` when writing, so one buffer serves all recipients.
 *  - A raw message holds a complete JSON text (seq_reply answers) or a control frame payload.
 * An event carries its broadcast filter (ws_filter_t) in the same allocation.
 * Bottom of ws/'s inner order.
 */

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "parley/id.h"
#include "ws/publish.h"

enum {
    WS_MSG_SEQ = 1u << 0,       /* an event: append the per-connection seq */
    WS_MSG_DROPPABLE = 1u << 1, /* typing/status: dropped first under back-pressure */
    WS_MSG_CONTROL = 1u << 2,   /* raw: data is a control frame payload, opcode in .opcode */
};

#define WS_MSG_MAX (4u << 20) /* serialized event cap */

typedef struct ws_filter {
    char connection_id[PL_ID_LEN + 1];
    char omit_connection_id[PL_ID_LEN + 1];
    char user_id[PL_ID_LEN + 1];
    char channel_id[PL_ID_LEN + 1];
    char team_id[PL_ID_LEN + 1];
    uint16_t nomit;
    char (*omit)[PL_ID_LEN + 1]; /* nomit entries, sorted (bsearch) */
} ws_filter_t;

typedef struct ws_msg {
    atomic_uint refs;
    uint8_t flags;
    uint8_t opcode; /* WS_OP_TEXT, or the control opcode */
    uint32_t len;
    ws_filter_t *filter; /* events only */
    struct ws_msg *next; /* raw messages only: the owning connection's reply list */
    char data[];
} ws_msg_t;

/**
 * Serialize an event once. data is borrowed (NULL = {}). @return the message (refs 1), or NULL with
 * *rc set (PL_EINVAL bad arguments, PL_ETOOBIG over WS_MSG_MAX).
 */
ws_msg_t *ws_msg_event_create(const char *event, const json_t *data, const ws_broadcast_t *bc, int *rc);
/** A raw text message (copied) or control payload. @return refs 1; NULL when n > WS_MSG_MAX. */
ws_msg_t *ws_msg_raw_create(uint8_t opcode, const void *p, size_t n);
/** A raw text message from JSON (borrowed), compact. */
ws_msg_t *ws_msg_json_create(const json_t *j);
/** Take a reference (inline: the fan-out takes one per recipient). */
static inline void ws_msg_ref(ws_msg_t *m)
{
    atomic_fetch_add_explicit(&m->refs, 1, memory_order_relaxed);
}
void ws_msg_unref(ws_msg_t *m);
/** A copy of an event (text and filter) with its own reference count (refs 1), for one loop. */
ws_msg_t *ws_msg_clone(const ws_msg_t *m);
/** @return non-zero when the event's name is one of the droppable ones. */
int ws_msg_event_droppable(const char *event);
/** @return 1 when user_id is in the filter's omit_users. */
int ws_filter_omits(const ws_filter_t *f, const char *user_id);
/** Size of an event's allocation (header, text, filter): what ws_msg_clone copies. */
size_t ws_msg_event_size(size_t len, size_t nomit);

#endif
