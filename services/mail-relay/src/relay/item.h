#ifndef PARLEY_MAIL_RELAY_RELAY_ITEM_H
#define PARLEY_MAIL_RELAY_RELAY_ITEM_H

#include <stddef.h>
#include <stdint.h>
#include "parley/proto_mail.h"

/* One accepted job, present in jobs/<id>.json until delivered, cancelled or dead-lettered. */
typedef struct relay_item {
    char id[27];
    int64_t accepted_ms;
    pl_mail_job_t job;
    struct relay_item *live_prev, *live_next; /* all live items, oldest first */
} relay_item_t;

/** Heap item from a decoded job (takes ownership of job's contents). */
relay_item_t *relay_item_create(const char *id, int64_t accepted_ms, pl_mail_job_t *job);
void relay_item_destroy(relay_item_t *it);

#endif
