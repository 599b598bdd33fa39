#include "http/job.h"

#include "http/internal.h"
#include "parley/err.h"

int http_job_submit(http_job_t *job)
{
    http_loop_t *loop = http_loop_current();
    if (loop == NULL || atomic_load(&http_g.stopping))
        return PL_EAGAIN;
    job->_loop = loop;
    int rc = http_workers_push(job);
    if (rc == PL_OK)
        loop->jobs_pending++;
    return rc;
}

void http_job_on_done(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    http_loop_t *loop = H2O_STRUCT_FROM_MEMBER(http_loop_t, jobs, receiver);
    while (!h2o_linklist_is_empty(messages)) {
        h2o_multithread_message_t *msg = H2O_STRUCT_FROM_MEMBER(h2o_multithread_message_t, link, messages->next);
        h2o_linklist_unlink(&msg->link);
        http_job_t *job = H2O_STRUCT_FROM_MEMBER(http_job_t, _msg, msg);
        loop->jobs_pending--;
        job->done(job);
    }
}
