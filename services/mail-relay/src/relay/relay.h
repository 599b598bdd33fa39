#ifndef PARLEY_MAIL_RELAY_RELAY_RELAY_H
#define PARLEY_MAIL_RELAY_RELAY_RELAY_H

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "parley/metrics.h"
#include "relay/batch.h"
#include "relay/config.h"
#include "relay/item.h"
#include "relay/pool.h"
#include "relay/render.h"
#include "relay/spool.h"
#include "relay/template.h"

/* One outgoing message covering one or more spool items (a digest, a notification, an account mail). */
typedef struct relay_mail {
    relay_pool_job_t job; /* job.out: what the worker sends; job.owner == this */
    relay_item_t **items;
    size_t nitems;
    char *rcpt;
    char *data;
    size_t len;
    int attempts;
    int batched;
    const relay_render_ctx_t *rctx; /* rendering happens on the worker (items are read-only meanwhile) */
    int64_t next_try_ms;
    struct relay_mail *next; /* retry list */
} relay_mail_t;

typedef struct relay_metrics {
    pl_metrics_t *reg;
    pl_metric_t *spooled, *duplicates, *refused, *cancelled, *sent, *sent_items, *deferred, *bounced;
    pl_metric_t *batch_size, *spool_jobs, *spool_oldest, *pending_batches, *inflight;
} relay_metrics_t;

typedef struct relay {
    relay_config_t *cfg;
    relay_spool_t spool;
    relay_templates_t tpl;
    relay_render_ctx_t rctx;
    relay_batches_t batches;
    relay_pool_t pool;
    relay_smtp_t smtp;
    SSL_CTX *ssl_ctx;
    relay_metrics_t m;
    void *zctx, *zsock;
    relay_item_t *live_head, *live_tail; /* every item still in jobs/, oldest first */
    size_t nlive;
    relay_mail_t *retry;  /* waiting for their backoff */
    int64_t next_tick_ms; /* next batch scan */
    int batch_full;       /* a batch reached EmailBatchingBufferSize: flush it now */
    int64_t next_gauges_ms;
    int64_t next_prune_ms;
    int64_t refuse_logged_ms; /* rate limit of the "spool refuses work" log */
    atomic_int healthy;       /* spool writable at the last commit */
    atomic_llong heartbeat_ms;
    volatile sig_atomic_t *stop;
} relay_t;

/** Open spool, templates, metrics, workers and the ZeroMQ socket; recover the spool. */
int relay_start(relay_t *r, relay_config_t *cfg, volatile sig_atomic_t *stop);
/** Run the event loop until *stop. */
int relay_run(relay_t *r);
/** Graceful stop: no more intake, wait for sessions in progress, release everything. */
void relay_shutdown(relay_t *r);

/* Internal modules sharing the relay state. */
void relay_live_add(relay_t *r, relay_item_t *it);
void relay_live_remove(relay_t *r, relay_item_t *it);
/** Route an accepted item: account mail and interval 0 go out now, others join their batch. */
void relay_route_item(relay_t *r, relay_item_t *it);
/** Turn items (same recipient) into one mail and queue it. batched selects the digest subject. */
void relay_mail_queue(relay_t *r, relay_item_t **items, size_t n, int batched);
/** Handle finished deliveries from the workers. */
void relay_deliver_collect(relay_t *r);
/** Queue retries whose time has come. @return ms until the next one (or -1). */
int64_t relay_deliver_retry_due(relay_t *r, int64_t now_ms);
/** Receive and process everything readable on the ZeroMQ socket (group commit). */
void relay_intake_drain(relay_t *r);
/** Load jobs/ (and retry/) at start. */
int relay_recover(relay_t *r);
/** Move operator-retried dead letters from retry/ into jobs/ and route them. */
void relay_recover_retry_dir(relay_t *r);
/** Build a spool record {"accepted_at":..,"job":body}. */
int relay_record_build(int64_t accepted_ms, const char *body, size_t len, pl_buf_t *out);
/** Parse a spool record into id/accepted/job. @return PL_OK or PL_EINVAL. */
int relay_record_parse(const char *data, size_t len, int64_t *accepted_ms, pl_mail_job_t *job, char *reason, size_t rn);
/** Metrics registry setup and the periodic gauges. */
int relay_metrics_init(relay_t *r);
void relay_metrics_refresh(relay_t *r, int64_t now_ms);

#endif
