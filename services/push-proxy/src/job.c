#include "push.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/log.h"
#include "parley/time.h"

push_job_t *push_job_create(void)
{
    push_job_t *job = calloc(1, sizeof(*job));
    if (job != NULL) {
        pl_push_job_init(&job->n);
        job->app_version = 1;
        job->accepted_ms = pl_time_mono_ms();
    }
    return job;
}

void push_job_destroy(push_job_t *job)
{
    if (job == NULL)
        return;
    pl_push_job_dispose(&job->n);
    free(job);
}

void push_job_split_device_id(push_job_t *job)
{
    char *d = job->n.device_id;
    char *colon = d ? strchr(d, ':') : NULL;
    if ((job->n.platform && job->n.platform[0]) || colon == NULL || colon == d)
        return; /* FCM tokens contain ':' too: split only when no platform was given */
    free(job->n.platform);
    job->n.platform = strndup(d, (size_t)(colon - d));
    memmove(d, colon + 1, strlen(colon + 1) + 1);
}

void push_job_parse_platform(push_job_t *job)
{
    const char *p = job->n.platform ? job->n.platform : "";
    const char *v = strstr(p, "-v");
    size_t n = v ? (size_t)(v - p) : strlen(p);
    if (n >= sizeof(job->base_platform))
        n = sizeof(job->base_platform) - 1;
    memcpy(job->base_platform, p, n);
    job->base_platform[n] = '\0';
    job->app_version = 1;
    if (v != NULL) {
        char *end;
        long ver = strtol(v + 2, &end, 10);
        if (end != v + 2 && *end == '\0' && ver > 0 && ver < 1000)
            job->app_version = (int)ver;
    }
}

static const char *platform_label(const push_job_t *job)
{
    return job->base_platform[0] ? job->base_platform : "unknown";
}

static const char *type_label(const push_job_t *job)
{
    return job->n.type && job->n.type[0] ? job->n.type : "message";
}

static void count_outcome(push_job_t *job)
{
    const char *pt[] = {platform_label(job), type_label(job)};
    const char *st[] = {job->source == PUSH_SRC_ZMQ ? "zmq" : "http", pl_push_status_name(job->ack.status)};
    pl_metrics_add(push_stats.jobs, st, 1);
    if (job->target == NULL)
        return;
    if (job->ack.status == PL_PUSH_OK) {
        pl_metrics_add(push_stats.success, pt, 1);
    } else if (job->ack.status == PL_PUSH_REMOVE) {
        const char *rl[] = {platform_label(job), job->ack.reason};
        pl_metrics_add(push_stats.removal, rl, 1);
    } else {
        const char *fr[] = {platform_label(job), type_label(job), job->ack.reason[0] ? job->ack.reason : "unknown"};
        pl_metrics_add(push_stats.failure, pt, 1);
        pl_metrics_add(push_stats.failure_reason, fr, 1);
    }
    const char *pl[] = {platform_label(job)};
    pl_metrics_observe(push_stats.notification_duration, pl, (pl_time_mono_ms() - job->accepted_ms) / 1000.0);
}

void push_job_finish(push_job_t *job, pl_push_status_t s, const char *reason, const char *error)
{
    push_job_finish_ex(job, s, reason, error, 0, 0);
}

void push_job_finish_ex(push_job_t *job, pl_push_status_t s, const char *reason, const char *error, int64_t retry_after_ms,
                        int64_t removed_at_ms)
{
    pl_push_ack_set(&job->ack, s, reason, error);
    job->ack.retry_after_ms = retry_after_ms;
    job->ack.removed_at_ms = removed_at_ms;
    if (s != PL_PUSH_OK) {
        char red[48];
        PL_LOG_INFO("push not delivered", "msg_id", job->msg_id, "platform", platform_label(job), "status", pl_push_status_name(s),
                    "reason", job->ack.reason, "error", job->ack.error, "device", push_redact(job->n.device_id, red, sizeof(red)));
    }
    count_outcome(job);
    job->done(job);
}

const char *push_redact(const char *token, char *out, unsigned n)
{
    return pl_log_redact(token ? token : "", out, n);
}
