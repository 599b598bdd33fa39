#include "model/status.h"

#include <stdio.h>
#include <string.h>

int model_status_valid(const char *s)
{
    return strcmp(s, "online") == 0 || strcmp(s, "away") == 0 || strcmp(s, "dnd") == 0 || strcmp(s, "offline") == 0;
}

json_t *model_status_to_json(const model_status_t *s)
{
    return json_pack("{s:s,s:s,s:b,s:I,s:I}", "user_id", s->user_id, "status", s->status, "manual", s->manual, "last_activity_at",
                     (json_int_t)s->last_activity_at, "dnd_end_time", (json_int_t)s->dnd_end_time);
}

const char *model_status_from_json(void *out, const json_t *o, const char **detail)
{
    model_status_t *s = out;
    const json_t *st = json_object_get(o, "status"), *u = json_object_get(o, "user_id");
    const json_t *end = json_object_get(o, "dnd_end_time");
    *detail = "status";
    if (!json_is_string(st) || (end && !json_is_integer(end)) || (u && !json_is_string(u)) ||
        json_string_length(st) >= sizeof(s->status))
        return "api.context.invalid_body_param.app_error";
    if (u && json_string_length(u) >= sizeof(s->user_id)) {
        *detail = "user_id";
        return "api.context.invalid_body_param.app_error";
    }
    snprintf(s->status, sizeof(s->status), "%s", json_string_value(st));
    snprintf(s->user_id, sizeof(s->user_id), "%s", u ? json_string_value(u) : "");
    s->dnd_end_time = end ? json_integer_value(end) : 0;
    *detail = NULL;
    return NULL;
}
