/* ZeroMQ intake: validate, de-duplicate, stage, group-commit, then acknowledge. */
#include "relay/relay.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"
#include "parley/zenv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REFUSE_LOG_EVERY_MS 5000

typedef struct pending {
    pl_zenv_t env;
    pl_mail_job_t job;
    relay_staged_t st;
    int64_t accepted_ms;
} pending_t;

typedef struct group {
    pending_t *p;
    size_t n, max;
} group_t;

static void ack(relay_t *r, const pl_zenv_t *env, pl_mail_ack_status_t status, const char *reason)
{
    pl_buf_t body;
    pl_buf_init(&body, 1024);
    if (pl_proto_mail_ack_encode(status, reason, &body) == PL_OK)
        pl_zenv_send_parts(r->zsock, env->routing_id, env->routing_id_len, "mail.ack", env->msg_id, body.data, body.len,
                           ZMQ_DONTWAIT);
    pl_buf_dispose(&body);
}

static void refuse(relay_t *r, const pl_zenv_t *env, const char *why, const char *reason)
{
    const char *labels[] = {why};
    pl_metrics_add(r->m.refused, labels, 1);
    PL_LOG_WARN("mail job refused", "msg_id", env->msg_id, "reason", reason);
    if (env->msg_id[0] != '\0')
        ack(r, env, PL_MAIL_ACK_REFUSED, reason);
}

/* Spool trouble: no acknowledgement at all, so the sender keeps the job and resends it. */
static void withhold(relay_t *r, const char *why)
{
    const char *labels[] = {why};
    pl_metrics_add(r->m.refused, labels, 1);
    int64_t now = pl_time_mono_ms();
    if (now - r->refuse_logged_ms >= REFUSE_LOG_EVERY_MS) {
        r->refuse_logged_ms = now;
        PL_LOG_ERROR("spool cannot take work: jobs are not acknowledged", "reason", why, "spool", r->cfg->spool_directory);
    }
}

static int in_group(const group_t *g, const char *id)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->p[i].env.msg_id, id) == 0)
            return 1;
    return 0;
}

static void commit(relay_t *r, group_t *g)
{
    if (g->n == 0)
        return;
    relay_staged_t *st = calloc(g->n, sizeof(*st));
    int rc = PL_EIO;
    if (st != NULL) {
        for (size_t i = 0; i < g->n; i++)
            st[i] = g->p[i].st;
        rc = relay_spool_commit(&r->spool, st, g->n);
    }
    atomic_store(&r->healthy, rc == PL_OK);
    for (size_t i = 0; i < g->n; i++) {
        pending_t *p = &g->p[i];
        relay_item_t *it = NULL;
        if (rc == PL_OK && st[i].ok)
            it = relay_item_create(p->env.msg_id, p->accepted_ms, &p->job);
        if (it == NULL) {
            withhold(r, "spool_write");
        } else {
            ack(r, &p->env, PL_MAIL_ACK_ACCEPTED, NULL);
            pl_metrics_add(r->m.spooled, NULL, 1);
            relay_live_add(r, it);
            relay_route_item(r, it);
        }
        pl_proto_mail_job_dispose(&p->job);
        pl_zenv_dispose(&p->env);
    }
    free(st);
    g->n = 0;
    if (!atomic_load(&r->healthy))
        relay_spool_reopen(&r->spool);
}

static int spool_can_take(relay_t *r, group_t *g)
{
    if (r->nlive + g->n >= (size_t)r->cfg->max_spool_jobs) {
        withhold(r, "spool_full");
        return 0;
    }
    if (g->n == 0 && relay_spool_has_room(&r->spool) != PL_OK) {
        atomic_store(&r->healthy, 0);
        withhold(r, "spool_full");
        return 0;
    }
    return 1;
}

/* Validate, de-duplicate and stage one job; the envelope moves into the group when staged. */
static void take_job(relay_t *r, group_t *g, pl_zenv_t *env)
{
    pending_t *p = &g->p[g->n];
    char reason[PL_MAIL_REASON_MAX] = "";
    if (pl_proto_mail_job_decode(env->body, env->body_len, &p->job, reason, sizeof(reason)) != PL_OK) {
        refuse(r, env, "invalid", reason);
        return;
    }
    if (in_group(g, env->msg_id) || relay_spool_known(&r->spool, env->msg_id)) {
        pl_metrics_add(r->m.duplicates, NULL, 1);
        ack(r, env, PL_MAIL_ACK_DUPLICATE, NULL);
        pl_proto_mail_job_dispose(&p->job);
        return;
    }
    if (!spool_can_take(r, g)) {
        pl_proto_mail_job_dispose(&p->job);
        return;
    }
    pl_buf_t rec;
    pl_buf_init(&rec, RELAY_SPOOL_MAX_RECORD);
    p->accepted_ms = pl_time_ms();
    int ok = relay_record_build(p->accepted_ms, env->body, env->body_len, &rec) == PL_OK;
    if (ok && relay_spool_stage(&r->spool, env->msg_id, rec.data, rec.len, &p->st) != PL_OK) {
        /* An operator may have repaired the spool since the last failure: re-open and try once more. */
        ok = g->n == 0 && !atomic_load(&r->healthy) && relay_spool_reopen(&r->spool) == PL_OK &&
             relay_spool_stage(&r->spool, env->msg_id, rec.data, rec.len, &p->st) == PL_OK;
    }
    pl_buf_dispose(&rec);
    if (!ok) {
        atomic_store(&r->healthy, 0);
        withhold(r, "spool_write");
        pl_proto_mail_job_dispose(&p->job);
        return;
    }
    p->env = *env;
    memset(env, 0, sizeof(*env));
    g->n++;
}

static void cancel_removed(relay_item_t *it, void *arg)
{
    relay_t *r = arg;
    relay_spool_finish(&r->spool, it->id, 0);
    relay_live_remove(r, it);
    relay_item_destroy(it);
    pl_metrics_add(r->m.cancelled, NULL, 1);
}

static void take_cancel(relay_t *r, group_t *g, pl_zenv_t *env)
{
    pl_mail_cancel_t c;
    char reason[PL_MAIL_REASON_MAX] = "";
    if (pl_proto_mail_cancel_decode(env->body, env->body_len, &c, reason, sizeof(reason)) != PL_OK) {
        refuse(r, env, "invalid", reason);
        return;
    }
    commit(r, g); /* jobs received before the cancel are in their batches first */
    size_t n = relay_batch_cancel(&r->batches, &c, cancel_removed, r);
    if (n > 0 && relay_spool_sync(&r->spool, RELAY_DIR_JOBS) != PL_OK) {
        withhold(r, "spool_write");
    } else {
        char count[32];
        snprintf(count, sizeof(count), "%zu", n);
        PL_LOG_DEBUG("mail cancel applied", "user_id", c.user_id, "removed", count);
        ack(r, env, PL_MAIL_ACK_ACCEPTED, NULL);
    }
    pl_proto_mail_cancel_dispose(&c);
}

static void take_one(relay_t *r, group_t *g, pl_zenv_t *env, int rc)
{
    if (rc == PL_ETOOBIG)
        refuse(r, env, "invalid", "body: larger than 256 KiB");
    else if (rc != PL_OK)
        refuse(r, env, "invalid", "envelope: malformed (frames, magic, type or id)");
    else if (strcmp(env->type, "mail.job") == 0)
        take_job(r, g, env);
    else if (strcmp(env->type, "mail.cancel") == 0)
        take_cancel(r, g, env);
    else
        refuse(r, env, "invalid", "type: not a mail relay message");
}

void relay_intake_drain(relay_t *r)
{
    group_t g = {calloc((size_t)r->cfg->group_commit_max, sizeof(pending_t)), 0, (size_t)r->cfg->group_commit_max};
    if (g.p == NULL)
        return;
    /* Bounded per call so a flood of refused messages cannot starve deliveries and timers. */
    for (size_t seen = 0; g.n < g.max && seen < 4 * g.max && !*r->stop; seen++) {
        pl_zenv_t env;
        memset(&env, 0, sizeof(env));
        int rc = pl_zenv_recv(r->zsock, &env, PL_ZENV_MAX_BODY, ZMQ_DONTWAIT);
        if (rc == PL_EAGAIN || rc == PL_EIO) {
            pl_zenv_dispose(&env);
            break;
        }
        take_one(r, &g, &env, rc);
        pl_zenv_dispose(&env);
    }
    commit(r, &g);
    free(g.p);
}
