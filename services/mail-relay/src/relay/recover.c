/* Start-up recovery: everything in jobs/ is picked up again; operator retries come in via retry/. */
#include "relay/relay.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct loaded {
    relay_item_t **items;
    size_t n, cap;
    relay_t *r;
    int bad;
} loaded_t;

static int load_one(const char *id, void *arg)
{
    loaded_t *l = arg;
    pl_buf_t data;
    pl_buf_init(&data, RELAY_SPOOL_MAX_RECORD);
    pl_mail_job_t job;
    int64_t accepted = 0;
    char reason[PL_MAIL_REASON_MAX] = "";
    int rc = relay_spool_read(&l->r->spool, RELAY_DIR_JOBS, id, &data);
    if (rc == PL_OK)
        rc = relay_record_parse(data.data, data.len, &accepted, &job, reason, sizeof(reason));
    pl_buf_dispose(&data);
    if (rc != PL_OK) {
        /* Not a job we can send: keep it for the operator instead of looping on it. */
        PL_LOG_ERROR("unreadable spool record moved to dead/", "id", id, "reason", reason);
        char from[40], to[40];
        snprintf(from, sizeof(from), "%s.json", id);
        snprintf(to, sizeof(to), "%s.json", id);
        renameat(l->r->spool.jobs_fd, from, l->r->spool.dead_fd, to);
        l->bad++;
        return 0;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        relay_item_t **grown = realloc(l->items, cap * sizeof(*grown));
        if (grown == NULL) {
            pl_proto_mail_job_dispose(&job);
            return 1;
        }
        l->items = grown;
        l->cap = cap;
    }
    relay_item_t *it = relay_item_create(id, accepted, &job);
    if (it == NULL) {
        pl_proto_mail_job_dispose(&job);
        return 1;
    }
    l->items[l->n++] = it;
    return 0;
}

static int by_accepted(const void *a, const void *b)
{
    const relay_item_t *x = *(relay_item_t *const *)a, *y = *(relay_item_t *const *)b;
    if (x->accepted_ms != y->accepted_ms)
        return x->accepted_ms < y->accepted_ms ? -1 : 1;
    return strcmp(x->id, y->id);
}

int relay_recover(relay_t *r)
{
    loaded_t l = {NULL, 0, 0, r, 0};
    int rc = relay_spool_each(&r->spool, RELAY_DIR_JOBS, load_one, &l);
    if (rc < 0) {
        free(l.items);
        return PL_EIO;
    }
    if (l.n > 1)
        qsort(l.items, l.n, sizeof(*l.items), by_accepted);
    for (size_t i = 0; i < l.n; i++) {
        relay_live_add(r, l.items[i]);
        relay_route_item(r, l.items[i]);
    }
    char n[32], bad[32];
    snprintf(n, sizeof(n), "%zu", l.n);
    snprintf(bad, sizeof(bad), "%d", l.bad);
    PL_LOG_INFO("spool recovered", "jobs", n, "unreadable", bad);
    free(l.items);
    relay_recover_retry_dir(r);
    return PL_OK;
}

/* Turn a dead letter back into a job record (fresh accepted_at so it gets a full retry period). */
static int revive(relay_t *r, const char *id)
{
    pl_buf_t data;
    pl_buf_init(&data, RELAY_SPOOL_MAX_RECORD * 2);
    int rc = relay_spool_read(&r->spool, RELAY_DIR_RETRY, id, &data);
    json_t *root = rc == PL_OK ? json_loadb(data.data, data.len, 0, NULL) : NULL;
    json_t *job = json_object_get(root, "job");
    char *body = json_is_object(job) ? json_dumps(job, JSON_COMPACT) : NULL;
    int64_t now = pl_time_ms();
    pl_buf_reset(&data);
    rc = PL_EINVAL;
    if (body != NULL && relay_record_build(now, body, strlen(body), &data) == PL_OK)
        rc = relay_spool_write(&r->spool, RELAY_DIR_JOBS, id, data.data, data.len);
    if (rc == PL_OK || root == NULL || body == NULL)
        relay_spool_unlink(&r->spool, RELAY_DIR_RETRY, id);
    free(body);
    json_decref(root);
    if (rc == PL_OK) {
        pl_mail_job_t j;
        char reason[PL_MAIL_REASON_MAX];
        int64_t acc;
        pl_buf_reset(&data);
        if (relay_spool_read(&r->spool, RELAY_DIR_JOBS, id, &data) == PL_OK &&
            relay_record_parse(data.data, data.len, &acc, &j, reason, sizeof(reason)) == PL_OK) {
            relay_item_t *it = relay_item_create(id, acc, &j);
            if (it != NULL) {
                relay_live_add(r, it);
                relay_route_item(r, it);
                PL_LOG_INFO("dead letter retried", "id", id);
            }
        }
    }
    pl_buf_dispose(&data);
    return rc;
}

static int revive_one(const char *id, void *arg)
{
    revive(arg, id);
    return 0;
}

void relay_recover_retry_dir(relay_t *r)
{
    relay_spool_each(&r->spool, RELAY_DIR_RETRY, revive_one, r);
}
