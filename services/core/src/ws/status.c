#include "ws/status.h"

#include <stdlib.h>
#include <string.h>
#include "http/job.h"
#include "parley/err.h"
#include "parley/log.h"
#include "ws/hooks.h"

typedef struct status_job {
    http_job_t job;
    ws_id_t user_id;
    int status;
    bool manual;
} status_job_t;

static void status_run(http_job_t *job, struct pg_conn *db)
{
    status_job_t *j = (status_job_t *)job;
    const ws_hooks_t *hk = ws_hooks_get();
    if (hk != NULL && hk->set_status != NULL)
        hk->set_status(db, j->user_id, j->status, j->manual);
}

static void status_done(http_job_t *job)
{
    free(job);
}

void ws_status_job_submit(const char *user_id, int status, bool manual)
{
    const ws_hooks_t *hk = ws_hooks_get();
    if (hk == NULL || hk->set_status == NULL)
        return;
    status_job_t *j = calloc(1, sizeof(*j));
    if (j == NULL)
        abort();
    memcpy(j->user_id, user_id, PL_ID_LEN);
    j->status = status;
    j->manual = manual;
    j->job.run = status_run;
    j->job.done = status_done;
    if (http_job_submit(&j->job) != PL_OK) {
        PL_LOG_WARN("ws: status update dropped (workers busy)", "user_id", j->user_id);
        free(j);
    }
}
