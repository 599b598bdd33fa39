#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "http/errors.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"
#include "ws/frame.h"
#include "ws/hub.h"

/*
 * One WebSocket connection: frames in (capped, parsed in the socket's own input buffer, which is
 * released whenever it is empty so an idle connection holds no buffer), frames out (a batch of
 * iovecs pointing into shared event buffers: header | shared JSON prefix | per-connection "N}").
 */

#define BATCH_MAX 32
#define SUFFIX_MAX 12
#define ERROR_MESSAGE_MAX 2048 /* a rendered AppError message */
#define RCVBUF_BYTES 65536     /* kernel receive buffer of a WebSocket: what a client can push ahead */

static atomic_uint_fast64_t write_timeouts;

typedef struct batch_slot {
    ws_msg_t *msg;
    uint8_t hdr[WS_FRAME_HEADER_MAX];
    char suffix[SUFFIX_MAX];
} batch_slot_t;

/* Sized for the frames it carries (usually one): allocated per write, freed when it completes. */
struct ws_batch {
    uint32_t n, cap;
    int close_after;
    size_t niov;
    h2o_iovec_t *iov; /* cap * 3, after slots */
    batch_slot_t slots[];
};

static void on_read(h2o_socket_t *sock, const char *err);
static void on_write(h2o_socket_t *sock, const char *err);

static ws_conn_ops_t ops;

void ws_conn_set_ops(const ws_conn_ops_t *o)
{
    ops = *o;
}

static void release_input(h2o_socket_t *sock)
{
    if (sock->input->size == 0 && sock->input->capacity != 0) {
        h2o_buffer_dispose(&sock->input);
        h2o_buffer_init(&sock->input, &h2o_socket_buffer_prototype);
    }
}

ws_conn_t *ws_conn_create(ws_hub_t *h, h2o_socket_t *sock)
{
    ws_conn_t *c = calloc(1, sizeof(*c));
    if (c == NULL)
        abort();
    c->hub = h;
    c->since_ms = c->last_rx_ms = c->last_ping_ms = pl_time_mono_ms();
    ops.add_conn(h, c);
    ws_conn_attach_socket(c, sock);
    return c;
}

void ws_conn_attach_socket(ws_conn_t *c, h2o_socket_t *sock)
{
    if ((c->flags & WS_CONN_IN_REGISTRY) != 0) {
        ws_registry_del(c->id);
        c->flags &= (uint16_t)~WS_CONN_IN_REGISTRY;
    }
    c->sock = sock;
    sock->data = c;
    int fd = h2o_socket_get_fd(sock), rcvbuf = RCVBUF_BYTES;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    c->last_rx_ms = c->last_ping_ms = pl_time_mono_ms();
    release_input(sock);
    h2o_socket_read_start(sock, on_read);
}

static size_t batch_size(uint32_t cap)
{
    return sizeof(ws_batch_t) + cap * sizeof(batch_slot_t) + cap * 3 * sizeof(h2o_iovec_t);
}

static void batch_free(ws_hub_t *h, ws_batch_t *b)
{
    for (uint32_t i = 0; i < b->n; i++)
        ws_msg_unref(b->slots[i].msg);
    ops.block_put(h, b, batch_size(b->cap));
}

static ws_batch_t *batch_new(ws_hub_t *h, uint32_t frames)
{
    uint32_t cap = frames < 1 ? 1 : frames > BATCH_MAX ? BATCH_MAX : frames;
    ws_batch_t *b = ops.block_get(h, batch_size(cap));
    b->n = 0;
    b->cap = cap;
    b->close_after = 0;
    b->niov = 0;
    b->iov = (h2o_iovec_t *)(b->slots + cap);
    return b;
}

static void batch_add(ws_batch_t *b, ws_msg_t *m, uint8_t opcode, const char *suffix, size_t slen)
{
    batch_slot_t *s = &b->slots[b->n++];
    s->msg = m;
    size_t hl = ws_frame_header(s->hdr, opcode, (uint64_t)m->len + slen);
    b->iov[b->niov++] = h2o_iovec_init(s->hdr, hl);
    if (m->len > 0)
        b->iov[b->niov++] = h2o_iovec_init(m->data, m->len);
    if (slen > 0) {
        memcpy(s->suffix, suffix, slen);
        b->iov[b->niov++] = h2o_iovec_init(s->suffix, slen);
    }
}

static void fill_replies(ws_conn_t *c, ws_batch_t *b)
{
    while (c->replies != NULL && b->n < b->cap && !b->close_after) {
        ws_msg_t *m = c->replies;
        c->replies = m->next;
        if (c->replies == NULL)
            c->replies_tail = NULL;
        m->next = NULL;
        c->backlog -= (uint32_t)m->len;
        batch_add(b, m, m->opcode, NULL, 0);
        if (m->opcode == WS_OP_CLOSE)
            b->close_after = 1;
    }
}

static void fill_events(ws_conn_t *c, ws_batch_t *b)
{
    uint32_t sent = 0;
    while (!b->close_after && b->n < b->cap && c->q.unsent != c->q.next_seq) {
        ws_msg_t *m = ws_queue_at(&c->q, c->q.unsent);
        char suffix[SUFFIX_MAX];
        size_t sl = ws_queue_seq_suffix(suffix, c->q.unsent);
        ws_msg_ref(m);
        batch_add(b, m, WS_OP_TEXT, suffix, sl);
        c->q.unsent++;
        sent++;
    }
    atomic_fetch_add_explicit(&c->hub->delivered, sent, memory_order_relaxed);
}

static void socket_gone(ws_conn_t *c)
{
    h2o_socket_t *sock = c->sock;
    if (sock == NULL)
        return;
    c->sock = NULL;
    sock->data = NULL;
    if (c->batch != NULL) {
        batch_free(c->hub, c->batch);
        c->batch = NULL;
    }
    c->flags &= (uint16_t) ~(WS_CONN_WRITING | WS_CONN_CLOSING | WS_CONN_PAUSED);
    while (c->replies != NULL) {
        ws_msg_t *m = c->replies;
        c->replies = m->next;
        ws_msg_unref(m);
    }
    c->replies_tail = NULL;
    c->backlog = 0;
    c->since_ms = pl_time_mono_ms();
    /* The peer sees the end of the stream only after the offline status job was queued (doom and
     * unregister queue it), so a request it sends next is answered after that job. */
    if ((c->flags & WS_CONN_AUTHED) == 0 || (c->flags & WS_CONN_NO_RESUME) != 0 || c->hub->stopping) {
        ops.unregister(c->hub, c);
        ops.doom(c->hub, c);
        h2o_socket_close(sock);
        return;
    }
    c->q.unsent = c->q.next_seq;
    ops.unregister(c->hub, c); /* keeps the indexes, drops the live count */
    if (http_loop_count() > 1) {
        ws_registry_put(c->id, http_loop_index(c->hub->loop));
        c->flags |= WS_CONN_IN_REGISTRY;
    }
    h2o_socket_close(sock);
}

void ws_conn_flush(ws_conn_t *c)
{
    if (c->sock == NULL || (c->flags & WS_CONN_WRITING) != 0)
        return;
    if (c->replies == NULL && c->q.unsent == c->q.next_seq)
        return;
    uint32_t frames = ws_queue_pending(&c->q);
    for (ws_msg_t *m = c->replies; m != NULL && frames < BATCH_MAX; m = m->next)
        frames++;
    ws_batch_t *b = batch_new(c->hub, frames);
    fill_replies(c, b);
    fill_events(c, b);
    c->batch = b;
    c->flags |= WS_CONN_WRITING;
    c->write_since_ms = pl_time_mono_ms();
    h2o_socket_write(c->sock, b->iov, b->niov, on_write);
}

static void unpause(ws_conn_t *c);

static void on_write(h2o_socket_t *sock, const char *err)
{
    ws_conn_t *c = sock->data;
    if (c == NULL)
        return;
    ws_batch_t *b = c->batch;
    int close_after = b != NULL && b->close_after;
    c->batch = NULL;
    c->flags &= (uint16_t)~WS_CONN_WRITING;
    if (b != NULL)
        batch_free(c->hub, b);
    if (err != NULL || close_after) {
        socket_gone(c);
    } else {
        ws_conn_flush(c);
        unpause(c);
    }
    ops.after_pass(c->hub);
}

void ws_conn_push_raw(ws_conn_t *c, ws_msg_t *m)
{
    if (c->sock == NULL || (c->flags & WS_CONN_CLOSING) != 0) {
        ws_msg_unref(m);
        return;
    }
    m->next = NULL;
    if (c->replies_tail != NULL)
        c->replies_tail->next = m;
    else
        c->replies = m;
    c->replies_tail = m;
    c->backlog += (uint32_t)m->len;
    ops.mark_flush(c->hub, c);
}

int ws_conn_push_event(ws_conn_t *c, ws_msg_t *m)
{
    int live = c->sock != NULL && (c->flags & WS_CONN_CLOSING) == 0;
    int rc = ws_queue_push(&c->q, m, ws_g_settings.send_queue, live);
    if (rc == WS_QUEUE_DROPPED && live) {
        atomic_fetch_add_explicit(&c->hub->dropped, 1, memory_order_relaxed);
    } else if (rc == WS_QUEUE_OVERFLOW) {
        atomic_fetch_add_explicit(&c->hub->slow_closed, 1, memory_order_relaxed);
        PL_LOG_INFO("ws: slow consumer disconnected", "connection_id", c->id, "user_id", c->user ? c->user->id : "");
        c->flags |= WS_CONN_NO_RESUME;
        socket_gone(c);
    } else if (rc == WS_QUEUE_OK && live) {
        ops.mark_flush(c->hub, c);
    }
    return rc;
}

void ws_conn_close(ws_conn_t *c, int code, int resumable)
{
    if (!resumable)
        c->flags |= WS_CONN_NO_RESUME;
    if (c->sock == NULL || (c->flags & WS_CONN_CLOSING) != 0)
        return;
    uint8_t p[2] = {(uint8_t)(code >> 8), (uint8_t)code};
    ws_conn_push_raw(c, ws_msg_raw_create(WS_OP_CLOSE, p, sizeof(p)));
    c->flags |= WS_CONN_CLOSING;
    h2o_socket_read_stop(c->sock);
}

void ws_conn_socket_lost(ws_conn_t *c)
{
    socket_gone(c);
}

void ws_conn_reply_ok(ws_conn_t *c, uint32_t seq, json_t *data)
{
    json_t *j = json_pack("{s:s,s:I}", "status", "OK", "seq_reply", (json_int_t)seq);
    if (data != NULL)
        json_object_set_new(j, "data", data);
    ws_msg_t *m = ws_msg_json_create(j);
    json_decref(j);
    if (m != NULL)
        ws_conn_push_raw(c, m);
}

void ws_conn_reply_error(ws_conn_t *c, uint32_t seq, int status, const char *id, const char *where)
{
    ws_conn_reply_error_params(c, seq, status, id, where, NULL, 0);
}

void ws_conn_reply_error_params(ws_conn_t *c, uint32_t seq, int status, const char *id, const char *where,
                                const http_error_param_t *params, size_t n)
{
    pl_buf_t msg;
    pl_buf_init(&msg, ERROR_MESSAGE_MAX);
    if (http_errors_format(&msg, http_errors_message(id), params, n) != PL_OK)
        pl_buf_reset(&msg);
    json_t *e = json_pack("{s:s,s:s,s:s,s:s,s:i,s:s}", "id", id, "message", msg.data ? msg.data : id, "detailed_error", "",
                          "request_id", "", "status_code", status, "where", where);
    pl_buf_dispose(&msg);
    json_t *j = json_pack("{s:s,s:I,s:o}", "status", "FAIL", "seq_reply", (json_int_t)seq, "error", e);
    ws_msg_t *m = ws_msg_json_create(j);
    json_decref(j);
    if (m != NULL)
        ws_conn_push_raw(c, m);
}

static void handle_close_frame(ws_conn_t *c, const ws_frame_t *f)
{
    int code = WS_CLOSE_NORMAL;
    if (f->payload_len >= 2)
        code = (f->payload[0] << 8) | f->payload[1];
    if (code < 1000 || code >= 5000 || code == 1005 || code == 1006)
        code = WS_CLOSE_PROTOCOL;
    ws_conn_close(c, code, 1);
}

static void handle_frame(ws_conn_t *c, ws_frame_t *f)
{
    switch (f->opcode) {
    case WS_OP_TEXT:
        if (!f->fin) {
            ws_conn_close(c, WS_CLOSE_UNSUPPORTED, 1);
            return;
        }
        ops.dispatch(c, (const char *)f->payload, f->payload_len);
        return;
    case WS_OP_PING:
        ws_conn_push_raw(c, ws_msg_raw_create(WS_OP_PONG, f->payload, f->payload_len));
        return;
    case WS_OP_PONG:
        return;
    case WS_OP_CLOSE:
        handle_close_frame(c, f);
        return;
    default: /* binary (msgpack) and fragmented messages are not supported */
        ws_conn_close(c, WS_CLOSE_UNSUPPORTED, 1);
        return;
    }
}

/* Stop reading while the replies to what was read wait to be written: the client is not reading. */
static int pause_if_backlogged(ws_conn_t *c)
{
    if (c->backlog < ws_g_settings.reply_backlog)
        return 0;
    c->flags |= WS_CONN_PAUSED;
    h2o_socket_read_stop(c->sock);
    return 1;
}

static void process_input(ws_conn_t *c)
{
    while (c->sock != NULL && (c->flags & (WS_CONN_AUTHING | WS_CONN_CLOSING)) == 0 && c->sock->input->size > 0) {
        if (pause_if_backlogged(c))
            break;
        ws_frame_t f;
        long n = ws_frame_parse((uint8_t *)c->sock->input->bytes, c->sock->input->size, ws_g_settings.max_frame, &f);
        if (n == WS_FRAME_NEED_MORE)
            break;
        if (n < 0) {
            ws_conn_close(c, n == WS_FRAME_ETOOBIG ? WS_CLOSE_TOO_BIG : WS_CLOSE_PROTOCOL, 1);
            break;
        }
        handle_frame(c, &f);
        if (c->sock != NULL)
            h2o_buffer_consume(&c->sock->input, (size_t)n);
    }
    if (c->sock != NULL)
        release_input(c->sock);
}

static void on_read(h2o_socket_t *sock, const char *err)
{
    ws_conn_t *c = sock->data;
    if (c == NULL)
        return;
    if (err != NULL) {
        socket_gone(c);
    } else {
        c->last_rx_ms = pl_time_mono_ms();
        process_input(c);
    }
    ops.after_pass(c->hub);
}

void ws_conn_read_resume(ws_conn_t *c)
{
    if (c->sock == NULL || (c->flags & WS_CONN_CLOSING) != 0)
        return;
    c->flags &= (uint16_t)~WS_CONN_PAUSED;
    h2o_socket_read_start(c->sock, on_read);
    process_input(c);
}

/* The backlog drained below the bound: read again (unless a job or the close holds reading). */
static void unpause(ws_conn_t *c)
{
    if ((c->flags & WS_CONN_PAUSED) == 0 || c->sock == NULL || c->backlog >= ws_g_settings.reply_backlog)
        return;
    c->flags &= (uint16_t)~WS_CONN_PAUSED;
    if ((c->flags & (WS_CONN_AUTHING | WS_CONN_CLOSING)) == 0)
        ws_conn_read_resume(c);
}

int ws_conn_check_write(ws_conn_t *c, int64_t now_ms)
{
    if (c->sock == NULL || (c->flags & WS_CONN_WRITING) == 0 ||
        now_ms - c->write_since_ms < (int64_t)ws_g_settings.write_timeout_ms)
        return 0;
    atomic_fetch_add_explicit(&write_timeouts, 1, memory_order_relaxed);
    PL_LOG_INFO("ws: write timeout, connection closed", "connection_id", c->id, "user_id", c->user != NULL ? c->user->id : "",
                "reason", "the client read nothing within WebSocketWriteTimeoutSeconds");
    c->flags |= WS_CONN_NO_RESUME;
    socket_gone(c);
    return 1;
}

uint64_t ws_conn_write_timeouts(void)
{
    return atomic_load_explicit(&write_timeouts, memory_order_relaxed);
}

void ws_conn_destroy(ws_conn_t *c)
{
    if (c->sock != NULL) {
        c->flags |= WS_CONN_NO_RESUME;
        socket_gone(c);
    }
    ws_queue_reset(&c->q);
    free(c->resume);
    c->resume = NULL;
    if (c->jobs == 0)
        free(c);
}
