#include "push.h"

#include <stdatomic.h>
#include <stdio.h>

#include "parley/time.h"

static atomic_long inflight;
const push_config_t *push_cfg;

static void done_wrapper_count(void)
{
    atomic_fetch_sub(&inflight, 1);
}

long push_dispatch_inflight(void)
{
    return atomic_load(&inflight);
}

/* Wrap the intake's callback so the in-flight count is kept here. */
static void finished(push_job_t *job);

void push_dispatch_submit(push_job_t *job)
{
    char err[256];
    push_job_parse_platform(job);
    job->deadline_ms = job->accepted_ms + push_cfg->send_timeout_sec * 1000;
    job->target = push_config_target(push_cfg, job->base_platform);
    atomic_fetch_add(&inflight, 1);
    job->origin_done = job->done;
    job->done = finished;
    if (job->target == NULL) {
        snprintf(err, sizeof(err), "Did not send message because of missing platform property type=%s serverId=%s",
                 job->base_platform, job->n.server_id ? job->n.server_id : "");
        pl_metrics_add(push_stats.bad_request, NULL, 1);
        push_job_finish(job, PL_PUSH_FAIL, "unknown_platform", err);
        return;
    }
    const char *pt[] = {job->base_platform, job->n.type && job->n.type[0] ? job->n.type : "message"};
    char ver[16];
    snprintf(ver, sizeof(ver), "%s", job->app_version == 1 ? "1" : job->app_version == 2 ? "2" : "other");
    const char *pv[] = {job->base_platform, ver};
    pl_metrics_add(push_stats.notifications, pt, 1);
    pl_metrics_add(push_stats.by_app_version, pv, 1);
    if (job->target->kind == PUSH_KIND_APPLE)
        push_apns_submit(job);
    else
        push_fcm_submit(job);
}

static void finished(push_job_t *job)
{
    done_wrapper_count();
    job->done = job->origin_done;
    job->done(job);
}
