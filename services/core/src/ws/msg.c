#include "ws/msg.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "parley/buf.h"
#include "parley/err.h"

static const char *const droppable[] = {WS_EVENT_TYPING, WS_EVENT_STATUS_CHANGE, WS_EVENT_MULTIPLE_CHANNELS_VIEWED};

int ws_msg_event_droppable(const char *event)
{
    for (size_t i = 0; i < sizeof(droppable) / sizeof(droppable[0]); i++)
        if (strcmp(event, droppable[i]) == 0)
            return 1;
    return 0;
}

static int id_ok(const char *s)
{
    return s == NULL || s[0] == '\0' || pl_id_valid(s, strlen(s));
}

static void id_copy(char dst[PL_ID_LEN + 1], const char *s)
{
    dst[0] = '\0';
    if (s != NULL && s[0] != '\0')
        memcpy(dst, s, PL_ID_LEN + 1);
}

static int cmp_id(const void *a, const void *b)
{
    return memcmp(a, b, PL_ID_LEN);
}

static int check_broadcast(const char *event, const json_t *data, const ws_broadcast_t *bc)
{
    size_t n = event == NULL ? 0 : strlen(event);
    if (n == 0 || n > 64 || (data != NULL && !json_is_object(data)))
        return PL_EINVAL;
    if (!id_ok(bc->connection_id) || !id_ok(bc->omit_connection_id) || !id_ok(bc->user_id) || !id_ok(bc->channel_id) ||
        !id_ok(bc->team_id) || bc->omit_users_count > WS_BROADCAST_MAX_OMIT)
        return PL_EINVAL;
    for (size_t i = 0; i < bc->omit_users_count; i++)
        if (bc->omit_users[i] == NULL || !pl_id_valid(bc->omit_users[i], strlen(bc->omit_users[i])))
            return PL_EINVAL;
    return PL_OK;
}

static int dump_cb(const char *p, size_t n, void *arg)
{
    return pl_buf_append(arg, p, n) == PL_OK ? 0 : -1;
}

static int append_str_field(pl_buf_t *b, const char *key, const char *v)
{
    int rc = pl_buf_appendf(b, ",\"%s\":\"", key);
    if (rc == PL_OK && v != NULL)
        rc = pl_buf_puts(b, v); /* ids only: validated, no escaping needed */
    return rc == PL_OK ? pl_buf_puts(b, "\"") : rc;
}

static int serialize(pl_buf_t *b, const char *event, const json_t *data, const ws_broadcast_t *bc)
{
    int rc = pl_buf_puts(b, "{\"event\":\"");
    if (rc == PL_OK)
        rc = pl_buf_append_json_escaped(b, event, strlen(event));
    if (rc == PL_OK)
        rc = pl_buf_puts(b, "\",\"data\":");
    if (rc == PL_OK && data != NULL)
        rc = json_dump_callback(data, dump_cb, b, JSON_COMPACT) == 0 ? PL_OK : PL_ETOOBIG;
    else if (rc == PL_OK)
        rc = pl_buf_puts(b, "{}");
    if (rc == PL_OK)
        rc = pl_buf_puts(b, ",\"broadcast\":{\"omit_users\":");
    for (size_t i = 0; rc == PL_OK && i < bc->omit_users_count; i++)
        rc = pl_buf_appendf(b, "%s\"%s\":true", i == 0 ? "{" : ",", bc->omit_users[i]);
    if (rc == PL_OK)
        rc = pl_buf_puts(b, bc->omit_users_count > 0 ? "}" : "null");
    if (rc == PL_OK)
        rc = append_str_field(b, "user_id", bc->user_id);
    if (rc == PL_OK)
        rc = append_str_field(b, "channel_id", bc->channel_id);
    if (rc == PL_OK)
        rc = append_str_field(b, "team_id", bc->team_id);
    if (rc == PL_OK)
        rc = append_str_field(b, "connection_id", bc->connection_id);
    if (rc == PL_OK)
        rc = append_str_field(b, "omit_connection_id", bc->omit_connection_id);
    if (rc == PL_OK)
        rc = pl_buf_puts(b, "},\"seq\":");
    return rc;
}

static ws_filter_t *filter_fill(ws_msg_t *m, const ws_broadcast_t *bc)
{
    ws_filter_t *f = (ws_filter_t *)(m->data + ((m->len + 1 + 7) & ~(size_t)7));
    id_copy(f->connection_id, bc->connection_id);
    id_copy(f->omit_connection_id, bc->omit_connection_id);
    id_copy(f->user_id, bc->user_id);
    id_copy(f->channel_id, bc->channel_id);
    id_copy(f->team_id, bc->team_id);
    f->nomit = (uint16_t)bc->omit_users_count;
    f->omit = (char(*)[PL_ID_LEN + 1])(f + 1);
    for (size_t i = 0; i < bc->omit_users_count; i++)
        memcpy(f->omit[i], bc->omit_users[i], PL_ID_LEN + 1);
    qsort(f->omit, f->nomit, PL_ID_LEN + 1, cmp_id);
    return f;
}

ws_msg_t *ws_msg_event_create(const char *event, const json_t *data, const ws_broadcast_t *bc, int *rc)
{
    static const ws_broadcast_t none;
    if (bc == NULL)
        bc = &none;
    *rc = check_broadcast(event, data, bc);
    if (*rc != PL_OK)
        return NULL;
    pl_buf_t b;
    pl_buf_init(&b, WS_MSG_MAX);
    *rc = serialize(&b, event, data, bc);
    if (*rc != PL_OK) {
        pl_buf_dispose(&b);
        *rc = PL_ETOOBIG;
        return NULL;
    }
    ws_msg_t *m = malloc(ws_msg_event_size(b.len, bc->omit_users_count));
    if (m == NULL)
        abort();
    atomic_init(&m->refs, 1);
    m->flags = WS_MSG_SEQ | (ws_msg_event_droppable(event) ? WS_MSG_DROPPABLE : 0);
    m->opcode = 0x1;
    m->len = (uint32_t)b.len;
    m->next = NULL;
    memcpy(m->data, b.data, b.len + 1);
    pl_buf_dispose(&b);
    m->filter = filter_fill(m, bc);
    return m;
}

ws_msg_t *ws_msg_raw_create(uint8_t opcode, const void *p, size_t n)
{
    if (n > WS_MSG_MAX)
        return NULL;
    ws_msg_t *m = malloc(sizeof(*m) + n + 1);
    if (m == NULL)
        abort();
    atomic_init(&m->refs, 1);
    m->flags = opcode == 0x1 ? 0 : WS_MSG_CONTROL;
    m->opcode = opcode;
    m->len = (uint32_t)n;
    m->filter = NULL;
    m->next = NULL;
    if (n > 0)
        memcpy(m->data, p, n);
    m->data[n] = '\0';
    return m;
}

ws_msg_t *ws_msg_json_create(const json_t *j)
{
    pl_buf_t b;
    pl_buf_init(&b, WS_MSG_MAX);
    ws_msg_t *m = NULL;
    if (json_dump_callback(j, dump_cb, &b, JSON_COMPACT) == 0)
        m = ws_msg_raw_create(0x1, b.data, b.len);
    pl_buf_dispose(&b);
    return m;
}

void ws_msg_unref(ws_msg_t *m)
{
    if (m != NULL && atomic_fetch_sub_explicit(&m->refs, 1, memory_order_acq_rel) == 1)
        free(m);
}

#define OMIT_SCAN 8 /* up to this many omit_users: a linear scan on the first 8 bytes beats bsearch */

int ws_filter_omits(const ws_filter_t *f, const char *user_id)
{
    if (f->nomit == 0)
        return 0;
    if (f->nomit > OMIT_SCAN)
        return bsearch(user_id, f->omit, f->nomit, PL_ID_LEN + 1, cmp_id) != NULL;
    uint64_t head;
    memcpy(&head, user_id, sizeof(head));
    for (uint16_t i = 0; i < f->nomit; i++) {
        uint64_t h;
        memcpy(&h, f->omit[i], sizeof(h));
        if (h == head && memcmp(f->omit[i] + sizeof(h), user_id + sizeof(h), PL_ID_LEN - sizeof(h)) == 0)
            return 1;
    }
    return 0;
}

size_t ws_msg_event_size(size_t len, size_t nomit)
{
    return sizeof(ws_msg_t) + ((len + 1 + 7) & ~(size_t)7) + sizeof(ws_filter_t) + nomit * (PL_ID_LEN + 1);
}

ws_msg_t *ws_msg_clone(const ws_msg_t *m)
{
    size_t size = ws_msg_event_size(m->len, m->filter->nomit);
    ws_msg_t *c = malloc(size);
    if (c == NULL)
        abort();
    /* Everything but refs: other loops may already be counting references of m. */
    size_t skip = offsetof(ws_msg_t, flags);
    memcpy((char *)c + skip, (const char *)m + skip, size - skip);
    atomic_init(&c->refs, 1);
    c->next = NULL;
    c->filter = (ws_filter_t *)((char *)c + ((const char *)m->filter - (const char *)m));
    c->filter->omit = (char(*)[PL_ID_LEN + 1])(c->filter + 1);
    return c;
}
