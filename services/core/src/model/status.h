#ifndef PARLEY_CORE_MODEL_STATUS_H
#define PARLEY_CORE_MODEL_STATUS_H

/* The Status wire object (server/public/model/status.go) (owner: accounts). */

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

typedef struct model_status {
    char user_id[27];
    char status[16];
    bool manual;
    int64_t last_activity_at; /* ms */
    int64_t dnd_end_time;     /* seconds */
    char prev_status[16];     /* internal: restored when a timed dnd ends */
} model_status_t;

/** @return 1 for online, away, dnd, offline (ooo is not settable through the API). */
int model_status_valid(const char *status);
json_t *model_status_to_json(const model_status_t *s);
/**
 * Read a Status body {user_id?, status, dnd_end_time?} (PUT /users/{id}/status) into out (zeroed).
 * @return NULL, or api.context.invalid_body_param.app_error with *detail the field ("status", "user_id").
 */
const char *model_status_from_json(void *out, const json_t *o, const char **detail);

#endif
