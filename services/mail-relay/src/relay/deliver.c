/* From accepted items to SMTP results: routing, rendering, retry with backoff, dead letters. */
#include "relay/relay.h"
#include "relay/backoff.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIL_MAX_BYTES (8 * 1024 * 1024)

void relay_live_add(relay_t *r, relay_item_t *it)
{
    it->live_next = NULL;
    it->live_prev = r->live_tail;
    if (r->live_tail != NULL)
        r->live_tail->live_next = it;
    else
        r->live_head = it;
    r->live_tail = it;
    r->nlive++;
}

void relay_live_remove(relay_t *r, relay_item_t *it)
{
    if (it->live_prev != NULL)
        it->live_prev->live_next = it->live_next;
    else
        r->live_head = it->live_next;
    if (it->live_next != NULL)
        it->live_next->live_prev = it->live_prev;
    else
        r->live_tail = it->live_prev;
    it->live_prev = it->live_next = NULL;
    r->nlive--;
}

void relay_route_item(relay_t *r, relay_item_t *it)
{
    if (it->job.kind == PL_MAIL_NOTIFICATION && it->job.interval_s > 0 && r->cfg->max_interval_seconds > 0) {
        int rc = relay_batch_add(&r->batches, it);
        if (rc == 1)
            r->batch_full = 1;
        if (rc >= 0)
            return;
    }
    relay_item_t **one = malloc(sizeof(*one));
    if (one == NULL) {
        PL_LOG_ERROR("out of memory routing a mail; it stays in the spool", "id", it->id);
        return;
    }
    one[0] = it;
    relay_mail_queue(r, one, 1, 0);
}

static void mail_free(relay_mail_t *m)
{
    free(m->items);
    free(m->rcpt);
    free(m->data);
    free(m);
}

/* Finish every item of a mail: out of the spool (to done/ or dead/) and out of memory. */
static void mail_retire(relay_t *r, relay_mail_t *m)
{
    for (size_t i = 0; i < m->nitems; i++) {
        relay_live_remove(r, m->items[i]);
        relay_item_destroy(m->items[i]);
    }
    mail_free(m);
}

static void bury_item(relay_t *r, relay_item_t *it, const char *rcpt, const char *reason)
{
    pl_buf_t old, rec;
    pl_buf_init(&old, RELAY_SPOOL_MAX_RECORD);
    pl_buf_init(&rec, RELAY_SPOOL_MAX_RECORD * 2);
    int rc = relay_spool_read(&r->spool, RELAY_DIR_JOBS, it->id, &old);
    json_t *root = rc == PL_OK ? json_loadb(old.data, old.len, 0, NULL) : NULL;
    if (root != NULL) {
        json_object_set_new(root, "dead_at", json_integer(pl_time_ms()));
        json_object_set_new(root, "reason", json_string(reason));
        json_object_set_new(root, "rcpt", json_string(rcpt));
        char *s = json_dumps(root, JSON_COMPACT);
        rc = s != NULL ? pl_buf_puts(&rec, s) : PL_ERR;
        free(s);
        json_decref(root);
    }
    if (rc == PL_OK && rec.len > 0 && relay_spool_write(&r->spool, RELAY_DIR_DEAD, it->id, rec.data, rec.len) == PL_OK)
        relay_spool_unlink(&r->spool, RELAY_DIR_JOBS, it->id);
    else
        PL_LOG_ERROR("cannot write dead letter; the job stays in jobs/", "id", it->id);
    pl_buf_dispose(&old);
    pl_buf_dispose(&rec);
}

static void mail_dead(relay_t *r, relay_mail_t *m, const char *reason)
{
    for (size_t i = 0; i < m->nitems; i++)
        bury_item(r, m->items[i], m->rcpt, reason);
    relay_spool_sync(&r->spool, RELAY_DIR_JOBS);
    pl_metrics_add(r->m.bounced, NULL, (double)m->nitems);
    PL_LOG_WARN("mail dead-lettered", "id", m->items[0]->id, "rcpt", m->rcpt, "reason", reason);
    mail_retire(r, m);
}

static void mail_sent(relay_t *r, relay_mail_t *m)
{
    for (size_t i = 0; i < m->nitems; i++)
        relay_spool_finish(&r->spool, m->items[i]->id, 0);
    pl_metrics_add(r->m.sent, NULL, 1);
    pl_metrics_add(r->m.sent_items, NULL, (double)m->nitems);
    PL_LOG_DEBUG("mail sent", "id", m->items[0]->id, "rcpt", m->rcpt);
    mail_retire(r, m);
}

static void mail_defer(relay_t *r, relay_mail_t *m, const char *reason)
{
    int64_t now = pl_time_ms();
    int64_t oldest = m->items[0]->accepted_ms;
    if (now - oldest > r->cfg->max_retry_age_seconds * 1000) {
        char why[400];
        snprintf(why, sizeof(why), "gave up after %d attempts: %s", m->attempts, reason);
        mail_dead(r, m, why);
        return;
    }
    int64_t delay = relay_backoff_ms(m->attempts, r->cfg->retry_base_seconds * 1000, r->cfg->retry_max_seconds * 1000);
    m->next_try_ms = now + delay;
    m->next = r->retry;
    r->retry = m;
    pl_metrics_add(r->m.deferred, NULL, 1);
    char delay_s[32];
    snprintf(delay_s, sizeof(delay_s), "%.1f", (double)delay / 1000.0);
    PL_LOG_WARN("mail deferred", "id", m->items[0]->id, "rcpt", m->rcpt, "reason", reason, "retry_in_s", delay_s);
}

/* Worker side: build the message once; retries reuse it. */
static int mail_render(relay_pool_job_t *j)
{
    relay_mail_t *m = j->owner;
    const pl_mail_job_t **jobs = calloc(m->nitems, sizeof(*jobs));
    pl_buf_t data;
    pl_buf_init(&data, MAIL_MAX_BYTES);
    int rc = jobs != NULL ? PL_OK : PL_ERR;
    for (size_t i = 0; rc == PL_OK && i < m->nitems; i++)
        jobs[i] = &m->items[i]->job;
    if (rc == PL_OK)
        rc = relay_render_mail(m->rctx, jobs, m->nitems, m->batched, m->items[0]->id, pl_time_ms(), &data);
    free(jobs);
    if (rc == PL_OK) {
        m->data = pl_buf_steal(&data, &m->len);
        rc = m->data != NULL ? PL_OK : PL_ERR;
    }
    pl_buf_dispose(&data);
    j->out.data = m->data;
    j->out.len = m->len;
    j->prepare = NULL;
    return rc;
}

static void mail_submit(relay_t *r, relay_mail_t *m)
{
    m->attempts++;
    m->job.out.rcpt = m->rcpt;
    m->job.out.data = m->data;
    m->job.out.len = m->len;
    m->job.prepare = m->data == NULL ? mail_render : NULL;
    m->job.owner = m;
    relay_pool_push(&r->pool, &m->job);
}

void relay_mail_queue(relay_t *r, relay_item_t **items, size_t n, int batched)
{
    relay_mail_t *m = calloc(1, sizeof(*m));
    if (m == NULL) {
        PL_LOG_ERROR("out of memory building a mail; it stays in the spool", "id", items[0]->id);
        free(items);
        return;
    }
    m->items = items;
    m->nitems = n;
    m->batched = batched;
    m->rctx = &r->rctx;
    if (batched)
        pl_metrics_observe(r->m.batch_size, NULL, (double)n);
    m->rcpt = strdup(items[0]->job.to_email);
    if (m->rcpt == NULL) {
        mail_dead(r, m, "out of memory");
        return;
    }
    mail_submit(r, m);
}

void relay_deliver_collect(relay_t *r)
{
    relay_pool_job_t *j = relay_pool_take_done(&r->pool);
    while (j != NULL) {
        relay_pool_job_t *next = j->next;
        relay_mail_t *m = j->owner;
        if (j->out.status == RELAY_OUT_SENT)
            mail_sent(r, m);
        else if (j->out.status == RELAY_OUT_PERMFAIL)
            mail_dead(r, m, j->out.reason);
        else
            mail_defer(r, m, j->out.reason);
        j = next;
    }
}

int64_t relay_deliver_retry_due(relay_t *r, int64_t now_ms)
{
    int64_t next = -1;
    relay_mail_t **link = &r->retry;
    while (*link != NULL) {
        relay_mail_t *m = *link;
        if (m->next_try_ms <= now_ms) {
            *link = m->next;
            m->next = NULL;
            mail_submit(r, m);
            continue;
        }
        if (next < 0 || m->next_try_ms - now_ms < next)
            next = m->next_try_ms - now_ms;
        link = &m->next;
    }
    return next;
}
