#include "relay/item.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

relay_item_t *relay_item_create(const char *id, int64_t accepted_ms, pl_mail_job_t *job)
{
    relay_item_t *it = calloc(1, sizeof(*it));
    if (it == NULL)
        return NULL;
    snprintf(it->id, sizeof(it->id), "%.26s", id);
    it->accepted_ms = accepted_ms;
    it->job = *job;
    memset(job, 0, sizeof(*job));
    return it;
}

void relay_item_destroy(relay_item_t *it)
{
    if (it == NULL)
        return;
    pl_proto_mail_job_dispose(&it->job);
    free(it);
}
