#include <stdlib.h>
#include <string.h>
#include "parley/err.h"
#include "ws/fanout.h"
#include "ws/statuses.h"
#include "ws/hooks.h"

/*
 * Node-to-node encoding of hub operations:
 *   'W' 1 op | event: connection_id omit_connection_id user_id channel_id team_id (26 bytes each,
 *   zero-filled when empty) | u16 nomit | nomit x 26 | u8 flags | u32 len | len bytes of prefix
 *   | other ops: a (26) b (26)
 * Integers big-endian. Ids were validated by the publishing node and are checked again here.
 */

#define HDR 3
#define FIXED_IDS 5

static void put_id(uint8_t **p, const char *id)
{
    memset(*p, 0, PL_ID_LEN);
    if (id[0] != '\0')
        memcpy(*p, id, PL_ID_LEN);
    *p += PL_ID_LEN;
}

static int get_id(const uint8_t **p, char out[PL_ID_LEN + 1])
{
    memcpy(out, *p, PL_ID_LEN);
    out[PL_ID_LEN] = '\0';
    *p += PL_ID_LEN;
    if (out[0] == '\0')
        return 0;
    return pl_id_valid(out, PL_ID_LEN) ? 0 : -1;
}

int ws_wire_encode_event(const ws_msg_t *m, void **out, size_t *n)
{
    const ws_filter_t *f = m->filter;
    size_t len = HDR + FIXED_IDS * PL_ID_LEN + 2 + (size_t)f->nomit * PL_ID_LEN + 1 + 4 + m->len;
    uint8_t *b = malloc(len), *p = b;
    if (b == NULL)
        return PL_ERR;
    *p++ = 'W';
    *p++ = 1;
    *p++ = WS_FAN_EVENT;
    put_id(&p, f->connection_id);
    put_id(&p, f->omit_connection_id);
    put_id(&p, f->user_id);
    put_id(&p, f->channel_id);
    put_id(&p, f->team_id);
    *p++ = (uint8_t)(f->nomit >> 8);
    *p++ = (uint8_t)f->nomit;
    for (uint16_t i = 0; i < f->nomit; i++)
        put_id(&p, f->omit[i]);
    *p++ = m->flags;
    for (int i = 3; i >= 0; i--)
        *p++ = (uint8_t)(m->len >> (8 * i));
    memcpy(p, m->data, m->len);
    *out = b;
    *n = len;
    return PL_OK;
}

int ws_wire_encode_op(int op, const char *a, const char *b, void **out, size_t *n)
{
    uint8_t *buf = malloc(HDR + 2 * PL_ID_LEN), *p = buf;
    if (buf == NULL)
        return PL_ERR;
    *p++ = 'W';
    *p++ = 1;
    *p++ = (uint8_t)op;
    put_id(&p, a != NULL ? a : "");
    put_id(&p, b != NULL ? b : "");
    *out = buf;
    *n = HDR + 2 * PL_ID_LEN;
    return PL_OK;
}

ws_msg_t *ws_wire_decode_event(const void *data, size_t n)
{
    const uint8_t *p = data, *end = p + n;
    if (n < HDR + FIXED_IDS * PL_ID_LEN + 2 || p[0] != 'W' || p[1] != 1 || p[2] != WS_FAN_EVENT)
        return NULL;
    p += HDR;
    ws_id_t ids[FIXED_IDS];
    for (int i = 0; i < FIXED_IDS; i++)
        if (get_id(&p, ids[i]) != 0)
            return NULL;
    size_t nomit = ((size_t)p[0] << 8) | p[1];
    p += 2;
    if (nomit > WS_BROADCAST_MAX_OMIT || (size_t)(end - p) < nomit * PL_ID_LEN + 5)
        return NULL;
    ws_id_t omit[WS_BROADCAST_MAX_OMIT];
    const char *omitp[WS_BROADCAST_MAX_OMIT];
    for (size_t i = 0; i < nomit; i++) {
        if (get_id(&p, omit[i]) != 0 || omit[i][0] == '\0')
            return NULL;
        omitp[i] = omit[i];
    }
    uint8_t flags = *p++;
    uint32_t len = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
    p += 4;
    if (len > WS_MSG_MAX || (size_t)(end - p) != len)
        return NULL;
    /* Build through the normal constructor so the filter layout is the same, then swap the text. */
    ws_broadcast_t bc = {ids[0], ids[1], ids[2], omitp, nomit, ids[3], ids[4]};
    int rc;
    ws_msg_t *tmp = ws_msg_event_create("x", NULL, &bc, &rc);
    if (tmp == NULL)
        return NULL;
    size_t text = ((size_t)len + 1 + 7) & ~(size_t)7;
    size_t ftail = sizeof(ws_filter_t) + nomit * (PL_ID_LEN + 1);
    ws_msg_t *m = malloc(sizeof(*m) + text + ftail);
    if (m == NULL)
        abort();
    atomic_init(&m->refs, 1);
    m->flags = (uint8_t)((flags & WS_MSG_DROPPABLE) | WS_MSG_SEQ);
    m->opcode = 0x1;
    m->len = len;
    m->next = NULL;
    memcpy(m->data, p, len);
    m->data[len] = '\0';
    m->filter = (ws_filter_t *)(m->data + text);
    memcpy(m->filter, tmp->filter, ftail);
    m->filter->omit = (char(*)[PL_ID_LEN + 1])(m->filter + 1);
    ws_msg_unref(tmp);
    return m;
}

int ws_wire_apply(const void *data, size_t n)
{
    const uint8_t *p = data;
    if (n < HDR || p[0] != 'W' || p[1] != 1)
        return PL_EINVAL;
    if (p[2] == WS_FAN_EVENT) {
        ws_msg_t *m = ws_wire_decode_event(data, n);
        if (m == NULL)
            return PL_EINVAL;
        ws_statuses_observe_text(m->data, m->len); /* a peer's status_change */
        int rc = ws_fanout_event(m);
        ws_msg_unref(m);
        return rc;
    }
    if (n != HDR + 2 * PL_ID_LEN || p[2] < WS_FAN_CHANNEL_ADD || p[2] > WS_FAN_CLOSE_USER)
        return PL_EINVAL;
    ws_id_t a, b;
    const uint8_t *q = p + HDR;
    if (get_id(&q, a) != 0 || get_id(&q, b) != 0 || a[0] == '\0')
        return PL_EINVAL;
    return ws_fanout_op(p[2], a, b[0] != '\0' ? b : NULL);
}
