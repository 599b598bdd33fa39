#include <stdlib.h>
#include <string.h>
#include "http/job.h"
#include "http/loop.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"
#include "ws/frame.h"
#include "ws/hub.h"

/*
 * Authentication (at upgrade or by authentication_challenge) as a worker job; then either resume
 * a closed connection of the same user (replay from its queue) or start fresh with a new
 * connection_id and hello at seq 0 (the status jobs are in status.c).
 */

typedef struct auth_job {
    http_job_t job;
    ws_conn_t *c;
    char token[65];
    ws_auth_t auth;
    int rc;
    uint32_t challenge_seq;
    int64_t since; /* mono ms at submission: the memberships are read after it */
} auth_job_t;

static void auth_free(ws_auth_t *a)
{
    free(a->channels);
    free(a->teams);
    a->channels = a->teams = NULL;
}

static void auth_run(http_job_t *job, struct pg_conn *db)
{
    auth_job_t *j = (auth_job_t *)job;
    const ws_hooks_t *hk = ws_hooks_get();
    j->rc = hk != NULL && hk->authenticate != NULL ? hk->authenticate(db, j->token, &j->auth) : PL_ENOTFOUND;
}

static void send_hello(ws_conn_t *c)
{
    json_t *d = json_pack("{s:s,s:s}", "server_version", ws_version_full(), "connection_id", c->id);
    ws_broadcast_t bc = {.user_id = c->user->id};
    int rc;
    ws_msg_t *m = ws_msg_event_create(WS_EVENT_HELLO, d, &bc, &rc);
    json_decref(d);
    if (m != NULL) {
        ws_conn_push_event(c, m);
        ws_msg_unref(m);
    }
}

static void start_fresh(ws_conn_t *c, const ws_auth_t *a)
{
    pl_id_new(c->id);
    ws_queue_reset(&c->q);
    ws_hub_register(c->hub, c, a);
    send_hello(c);
}

/** Move c's socket into the closed connection it resumes. @return 1 when resumed (c is doomed). */
static int try_resume(ws_conn_t *c, const ws_auth_t *a)
{
    ws_hub_t *h = c->hub;
    ws_idnode_t *n = ws_idmap_find(&h->conn_ids, c->resume->connection_id);
    if (n == NULL)
        return 0;
    ws_conn_t *old = (ws_conn_t *)((char *)n - offsetof(ws_conn_t, idnode));
    if ((old->flags & WS_CONN_DOOMED) != 0 || memcmp(old->user->id, a->user_id, PL_ID_LEN) != 0)
        return 0;
    if (old->sock != NULL) /* the client is back before we saw its old socket die */
        ws_conn_socket_lost(old);
    if (old->sock != NULL || (old->flags & WS_CONN_DOOMED) != 0)
        return 0;
    if ((c->flags & WS_CONN_WRITING) != 0 || c->replies != NULL || ws_queue_rewind(&old->q, c->resume->sequence_number) != 0) {
        ws_hub_doom(h, old); /* events were lost: the client gets a new connection_id and resyncs */
        return 0;
    }
    h2o_socket_t *sock = c->sock;
    c->sock = NULL;
    ws_hub_doom(h, c);
    memcpy(old->session_id, a->session_id, sizeof(old->session_id));
    old->expires_at = a->expires_at;
    old->flags &= (uint16_t) ~(WS_CONN_NO_RESUME | WS_CONN_CLOSING);
    ws_conn_attach_socket(old, sock);
    h2o_socket_read_stop(sock);
    ws_hub_set_live(h, old);
    ws_hub_mark_flush(h, old);
    atomic_fetch_add_explicit(&h->resumed, 1, memory_order_relaxed);
    if (c->challenge_seq != 0)
        ws_conn_reply_ok(old, c->challenge_seq, NULL);
    ws_conn_read_resume(old);
    return 1;
}

/** The connection to resume lives on another loop: move the socket there. @return 1 when moved. */
static int try_migrate(ws_conn_t *c, ws_auth_t *a)
{
    long loop = ws_registry_get(c->resume->connection_id);
    if (loop < 0 || (size_t)loop == http_loop_index(c->hub->loop) || (c->flags & WS_CONN_WRITING) != 0 || c->replies != NULL)
        return 0;
    ws_migrate_t *m = calloc(1, sizeof(*m));
    if (m == NULL)
        abort();
    h2o_socket_t *sock = c->sock;
    c->sock = NULL;
    sock->data = NULL;
    ws_hub_doom(c->hub, c);
    if (h2o_socket_export(sock, &m->sock) != 0) {
        free(m);
        return 1; /* the socket is gone: the client reconnects */
    }
    m->auth = *a;
    a->channels = a->teams = NULL;
    a->nchannels = a->nteams = 0;
    m->resume = *c->resume;
    m->challenge_seq = c->challenge_seq;
    if (ws_fanout_migrate((size_t)loop, m) != PL_OK) {
        h2o_socket_dispose_export(&m->sock);
        auth_free(&m->auth);
        free(m);
    }
    return 1;
}

static void complete(ws_conn_t *c, ws_auth_t *a, int may_migrate)
{
    if (c->resume != NULL && try_resume(c, a))
        return;
    if (c->resume != NULL && may_migrate && try_migrate(c, a))
        return;
    if (ws_hub_memb_log_lost(c->hub, a->loaded_since)) {
        ws_conn_close(c, 1013, 0); /* memberships changed too fast to bring the read ones up to date: try again */
        return;
    }
    start_fresh(c, a);
    if (c->challenge_seq != 0)
        ws_conn_reply_ok(c, c->challenge_seq, NULL);
    ws_conn_read_resume(c);
}

void ws_auth_adopt(ws_hub_t *h, ws_migrate_t *m)
{
    h2o_socket_t *sock = h2o_socket_import(http_loop_evloop(h->loop), &m->sock);
    if (sock != NULL) {
        ws_conn_t *c = ws_conn_create(h, sock);
        h2o_socket_read_stop(sock);
        c->resume = malloc(sizeof(*c->resume));
        if (c->resume == NULL)
            abort();
        *c->resume = m->resume;
        c->challenge_seq = m->challenge_seq;
        complete(c, &m->auth, 0);
        free(c->resume);
        c->resume = NULL;
    }
    auth_free(&m->auth);
    free(m);
}

static void auth_done(http_job_t *job)
{
    auth_job_t *j = (auth_job_t *)job;
    ws_conn_t *c = j->c;
    if (ws_conn_job_release(c)) {
        ws_hub_t *h = c->hub;
        c->flags &= (uint16_t)~WS_CONN_AUTHING;
        if (c->sock == NULL) {
            /* went away meanwhile */
        } else if (j->rc != PL_OK) {
            ws_conn_close(c, WS_CLOSE_POLICY, 0);
        } else {
            j->auth.loaded_since = j->since;
            complete(c, &j->auth, 1);
        }
        free(c->resume);
        c->resume = NULL;
        ws_hub_after_pass(h);
    }
    auth_free(&j->auth);
    free(j);
}

void ws_auth_start(ws_conn_t *c, const char *token, size_t len, uint32_t challenge_seq)
{
    if ((c->flags & (WS_CONN_AUTHED | WS_CONN_AUTHING)) != 0)
        return;
    if (len == 0 || len > 64) {
        ws_conn_close(c, WS_CLOSE_POLICY, 0);
        return;
    }
    auth_job_t *j = calloc(1, sizeof(*j));
    if (j == NULL)
        abort();
    memcpy(j->token, token, len);
    j->c = c;
    j->challenge_seq = challenge_seq;
    j->since = pl_time_mono_ms();
    j->job.run = auth_run;
    j->job.done = auth_done;
    c->challenge_seq = challenge_seq;
    c->jobs++;
    c->flags |= WS_CONN_AUTHING;
    if (c->sock != NULL)
        h2o_socket_read_stop(c->sock);
    if (http_job_submit(&j->job) != PL_OK) {
        c->jobs--;
        c->flags &= (uint16_t)~WS_CONN_AUTHING;
        free(j);
        ws_conn_close(c, 1013, 0); /* try again later */
    }
}

/* ---------------------------------------------------------------- session expiry re-check */

typedef struct recheck_job {
    http_job_t job;
    ws_conn_t *c;
    ws_id_t session_id;
    int64_t expires_at;
    int rc;
} recheck_job_t;

static void recheck_run(http_job_t *job, struct pg_conn *db)
{
    recheck_job_t *j = (recheck_job_t *)job;
    const ws_hooks_t *hk = ws_hooks_get();
    j->rc = hk != NULL && hk->session_expiry != NULL ? hk->session_expiry(db, j->session_id, &j->expires_at) : PL_ENOTFOUND;
}

static void recheck_done(http_job_t *job)
{
    recheck_job_t *j = (recheck_job_t *)job;
    ws_conn_t *c = j->c;
    if (ws_conn_job_release(c)) {
        if (j->rc == PL_EIO)
            c->expires_at = pl_time_ms() + 60000; /* database trouble: ask again in a minute */
        else if (j->rc != PL_OK || (j->expires_at > 0 && j->expires_at <= pl_time_ms()))
            ws_conn_close(c, WS_CLOSE_POLICY, 0);
        else
            c->expires_at = j->expires_at;
        ws_hub_after_pass(c->hub);
    }
    free(j);
}

void ws_auth_recheck(ws_conn_t *c)
{
    if (c->jobs == UINT32_MAX)
        return;
    recheck_job_t *j = calloc(1, sizeof(*j));
    if (j == NULL)
        abort();
    j->c = c;
    memcpy(j->session_id, c->session_id, sizeof(j->session_id));
    j->job.run = recheck_run;
    j->job.done = recheck_done;
    c->expires_at = pl_time_ms() + 60000; /* not again while the job runs */
    c->jobs++;
    if (http_job_submit(&j->job) != PL_OK) {
        c->jobs--;
        free(j);
    }
}
