/* Prometheus metrics of the relay. */
#include "relay/relay.h"
#include "parley/err.h"

static const double batch_buckets[] = {1, 2, 5, 10, 20, 50, 100, 256, 1000};

int relay_metrics_init(relay_t *r)
{
    relay_metrics_t *m = &r->m;
    static const char *const reason[] = {"reason"};
    m->reg = pl_metrics_create();
    if (m->reg == NULL)
        return PL_ERR;
    m->spooled = pl_metrics_counter_new(m->reg, "parley_mail_spooled_total", "Jobs accepted (fsynced in the spool)", 0, NULL);
    m->duplicates = pl_metrics_counter_new(m->reg, "parley_mail_duplicates_total", "Jobs ignored as duplicates", 0, NULL);
    m->refused = pl_metrics_counter_new(m->reg, "parley_mail_refused_total",
                                        "Jobs refused (invalid) or not acknowledged (spool_full, spool_write)", 1, reason);
    m->cancelled =
        pl_metrics_counter_new(m->reg, "parley_mail_cancelled_total", "Pending notifications removed by mail.cancel", 0, NULL);
    m->sent = pl_metrics_counter_new(m->reg, "parley_mail_sent_total", "Mails accepted by the SMTP server", 0, NULL);
    m->sent_items = pl_metrics_counter_new(m->reg, "parley_mail_sent_jobs_total", "Jobs delivered (a digest has several)", 0, NULL);
    m->deferred =
        pl_metrics_counter_new(m->reg, "parley_mail_deferred_total", "Delivery attempts deferred (4xx, no connection)", 0, NULL);
    m->bounced = pl_metrics_counter_new(m->reg, "parley_mail_bounced_total", "Jobs moved to the dead-letter folder", 0, NULL);
    m->batch_size = pl_metrics_histogram_new(m->reg, "parley_mail_batch_size", "Notifications per digest", 0, NULL, batch_buckets,
                                             sizeof(batch_buckets) / sizeof(batch_buckets[0]));
    m->spool_jobs = pl_metrics_gauge_new(m->reg, "parley_mail_spool_jobs", "Jobs in the spool (not yet delivered)", 0, NULL);
    m->spool_oldest =
        pl_metrics_gauge_new(m->reg, "parley_mail_spool_oldest_age_seconds", "Age of the oldest job in the spool", 0, NULL);
    m->pending_batches = pl_metrics_gauge_new(m->reg, "parley_mail_pending_batches", "Recipients with a pending digest", 0, NULL);
    m->inflight = pl_metrics_gauge_new(m->reg, "parley_mail_delivery_queue", "Mails queued or being sent by workers", 0, NULL);
    return PL_OK;
}

void relay_metrics_refresh(relay_t *r, int64_t now_ms)
{
    relay_metrics_t *m = &r->m;
    pl_metrics_set(m->spool_jobs, NULL, (double)r->nlive);
    double age = r->live_head != NULL ? (double)(now_ms - r->live_head->accepted_ms) / 1000.0 : 0.0;
    pl_metrics_set(m->spool_oldest, NULL, age < 0 ? 0 : age);
    pl_metrics_set(m->pending_batches, NULL, (double)r->batches.nbatches);
    pl_metrics_set(m->inflight, NULL, (double)relay_pool_busy(&r->pool));
}
