#include "model/status.h"

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
