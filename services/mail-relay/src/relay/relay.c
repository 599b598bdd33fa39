/* The relay's event loop: ZeroMQ intake, worker results, batch ticks, retries, all on one thread. */
#include "relay/relay.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"
#include "parley/zenv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define LOOP_MAX_WAIT_MS 1000
#define GAUGE_EVERY_MS 1000
#define PRUNE_EVERY_MS (3600 * 1000)

static int open_socket(relay_t *r)
{
    r->zctx = zmq_ctx_new();
    r->zsock = r->zctx != NULL ? zmq_socket(r->zctx, ZMQ_ROUTER) : NULL;
    if (r->zsock == NULL)
        return PL_ERR;
    int linger = 0, hwm = 100000;
    zmq_setsockopt(r->zsock, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_setsockopt(r->zsock, ZMQ_RCVHWM, &hwm, sizeof(hwm));
    zmq_setsockopt(r->zsock, ZMQ_SNDHWM, &hwm, sizeof(hwm));
    if (r->cfg->zmq_curve_secret_key[0] != '\0' && pl_zenv_curve_server(r->zsock, r->cfg->zmq_curve_secret_key) != PL_OK)
        return PL_EINVAL;
    if (zmq_bind(r->zsock, r->cfg->zmq_bind_address) != 0) {
        PL_LOG_ERROR("cannot bind the ZeroMQ socket", "address", r->cfg->zmq_bind_address, "error", zmq_strerror(zmq_errno()));
        return PL_EIO;
    }
    return PL_OK;
}

static void setup_smtp(relay_t *r)
{
    relay_config_t *c = r->cfg;
    relay_smtp_t s = {c->smtp_server,
                      c->smtp_port,
                      c->connection_security,
                      c->smtp_username,
                      c->smtp_password,
                      c->feedback_email,
                      c->smtp_ca_file,
                      c->skip_server_cert_verification,
                      (long)c->smtp_server_timeout * 1000,
                      r->ssl_ctx};
    if (!c->enable_smtp_auth && c->smtp_username[0] != '\0')
        PL_LOG_INFO("SMTPUsername is set: AUTH is used (EnableSMTPAuth is implied)");
    r->smtp = s;
}

int relay_start(relay_t *r, relay_config_t *cfg, volatile sig_atomic_t *stop)
{
    memset(r, 0, sizeof(*r));
    r->spool.tmp_fd = r->spool.jobs_fd = r->spool.done_fd = r->spool.dead_fd = r->spool.retry_fd = -1;
    r->pool.notify_fd = -1;
    r->cfg = cfg;
    r->stop = stop;
    atomic_store(&r->healthy, 1);
    pl_buf_t errors;
    pl_buf_init(&errors, 8192);
    int rc = relay_templates_load(&r->tpl, cfg->templates_directory, &errors);
    if (rc != PL_OK) {
        PL_LOG_ERROR("cannot load mail templates", "errors", errors.data != NULL ? errors.data : "");
        pl_buf_dispose(&errors);
        return rc;
    }
    pl_buf_dispose(&errors);
    r->rctx = (relay_render_ctx_t){&r->tpl, cfg->feedback_name, cfg->feedback_email, cfg->reply_to_address};
    if (relay_spool_open(&r->spool, cfg->spool_directory, cfg->spool_min_free_mb, 1) != PL_OK) {
        PL_LOG_ERROR("cannot open the spool", "spool", cfg->spool_directory);
        return PL_EIO;
    }
    relay_batch_init(&r->batches, (size_t)cfg->email_batching_buffer_size, cfg->max_interval_seconds);
    if ((rc = relay_metrics_init(r)) != PL_OK)
        return rc;
    r->ssl_ctx = relay_smtp_ctx_create(cfg->smtp_ca_file, cfg->skip_server_cert_verification);
    if (r->ssl_ctx == NULL)
        return PL_ERR;
    setup_smtp(r);
    if (relay_pool_start(&r->pool, (size_t)cfg->workers, (size_t)cfg->messages_per_connection, &r->smtp) != PL_OK)
        return PL_ERR;
    relay_spool_prune_done(&r->spool, cfg->dedupe_window_seconds);
    if ((rc = relay_recover(r)) != PL_OK)
        return rc;
    return open_socket(r);
}

static void flush_batch_cb(relay_item_t **items, size_t n, void *arg)
{
    relay_mail_queue(arg, items, n, 1);
}

static int64_t timers(relay_t *r)
{
    int64_t now = pl_time_ms();
    atomic_store(&r->heartbeat_ms, (long long)pl_time_mono_ms());
    if (r->batch_full || now >= r->next_tick_ms) {
        relay_batch_take_due(&r->batches, now, 0, flush_batch_cb, r);
        r->batch_full = 0;
        if (now >= r->next_tick_ms) {
            r->next_tick_ms = now + r->cfg->email_batching_interval * 1000;
            relay_recover_retry_dir(r);
        }
    }
    if (now >= r->next_gauges_ms) {
        relay_metrics_refresh(r, now);
        r->next_gauges_ms = now + GAUGE_EVERY_MS;
    }
    if (now >= r->next_prune_ms) {
        relay_spool_prune_done(&r->spool, r->cfg->dedupe_window_seconds);
        r->next_prune_ms = now + PRUNE_EVERY_MS;
    }
    int64_t wait = r->next_tick_ms - now;
    int64_t retry = relay_deliver_retry_due(r, now);
    if (retry >= 0 && retry < wait)
        wait = retry;
    if (wait > LOOP_MAX_WAIT_MS)
        wait = LOOP_MAX_WAIT_MS;
    return wait < 0 ? 0 : wait;
}

int relay_run(relay_t *r)
{
    PL_LOG_INFO("mail relay running", "zmq", r->cfg->zmq_bind_address, "spool", r->cfg->spool_directory, "smtp",
                r->cfg->smtp_server, "security", r->cfg->connection_security);
    while (!*r->stop) {
        long wait = (long)timers(r);
        zmq_pollitem_t items[2] = {{r->zsock, 0, ZMQ_POLLIN, 0}, {NULL, r->pool.notify_fd, ZMQ_POLLIN, 0}};
        int n = zmq_poll(items, 2, wait);
        if (n < 0 && zmq_errno() != EINTR) {
            PL_LOG_ERROR("zmq_poll failed", "error", zmq_strerror(zmq_errno()));
            return PL_EIO;
        }
        if (n > 0 && (items[1].revents & ZMQ_POLLIN))
            relay_deliver_collect(r);
        if (n > 0 && (items[0].revents & ZMQ_POLLIN))
            relay_intake_drain(r);
    }
    return PL_OK;
}

static void free_mail(relay_mail_t *m)
{
    /* Its items stay in jobs/ and are freed with the live list. */
    free(m->items);
    free(m->rcpt);
    free(m->data);
    free(m);
}

void relay_shutdown(relay_t *r)
{
    PL_LOG_INFO("mail relay stopping: finishing SMTP sessions in progress");
    if (r->zsock != NULL)
        zmq_close(r->zsock);
    if (r->zctx != NULL)
        zmq_ctx_term(r->zctx);
    r->zsock = r->zctx = NULL;
    if (r->pool.threads != NULL) {
        relay_pool_job_t *left = relay_pool_stop(&r->pool);
        relay_deliver_collect(r);
        while (left != NULL) {
            relay_pool_job_t *next = left->next;
            free_mail(left->owner);
            left = next;
        }
        relay_pool_dispose(&r->pool);
    }
    while (r->retry != NULL) {
        relay_mail_t *next = r->retry->next;
        free_mail(r->retry);
        r->retry = next;
    }
    relay_batch_dispose(&r->batches);
    while (r->live_head != NULL) {
        relay_item_t *it = r->live_head;
        relay_live_remove(r, it);
        relay_item_destroy(it);
    }
    if (r->ssl_ctx != NULL)
        SSL_CTX_free(r->ssl_ctx);
    relay_spool_close(&r->spool);
    relay_templates_dispose(&r->tpl);
    if (r->m.reg != NULL)
        pl_metrics_destroy(r->m.reg);
    PL_LOG_INFO("mail relay stopped; undelivered mail stays in the spool");
}
