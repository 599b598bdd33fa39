#include "ws/statuses.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "parley/id.h"
#include "ws/publish.h"

#define BUCKETS 4096u
#define STATUS_MAX 16

typedef struct entry {
    struct entry *next;
    char user_id[PL_ID_LEN + 1];
    char status[STATUS_MAX];
} entry_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static entry_t *buckets[BUCKETS];

static unsigned bucket_of(const char *id)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < PL_ID_LEN; i++)
        h = (h ^ (unsigned char)id[i]) * 16777619u;
    return h & (BUCKETS - 1);
}

void ws_statuses_set(const char *user_id, const char *status)
{
    size_t sl = status != NULL ? strlen(status) : 0;
    if (user_id == NULL || !pl_id_valid(user_id, strlen(user_id)) || sl == 0 || sl >= STATUS_MAX)
        return;
    int offline = strcmp(status, "offline") == 0;
    pthread_mutex_lock(&lock);
    entry_t **pp = &buckets[bucket_of(user_id)];
    while (*pp != NULL && memcmp((*pp)->user_id, user_id, PL_ID_LEN) != 0)
        pp = &(*pp)->next;
    if (*pp != NULL && offline) {
        entry_t *e = *pp;
        *pp = e->next;
        free(e);
    } else if (!offline) {
        if (*pp == NULL) {
            *pp = calloc(1, sizeof(**pp));
            if (*pp == NULL)
                abort();
            memcpy((*pp)->user_id, user_id, PL_ID_LEN);
        }
        memcpy((*pp)->status, status, sl + 1);
    }
    pthread_mutex_unlock(&lock);
}

void ws_statuses_observe(const char *event, const json_t *data)
{
    if (event == NULL || strcmp(event, WS_EVENT_STATUS_CHANGE) != 0)
        return;
    ws_statuses_set(json_string_value(json_object_get(data, "user_id")), json_string_value(json_object_get(data, "status")));
}

void ws_statuses_observe_text(const char *text, size_t len)
{
    static const char prefix[] = "{\"event\":\"" WS_EVENT_STATUS_CHANGE "\",\"data\":";
    size_t pl = sizeof(prefix) - 1;
    if (len <= pl || memcmp(text, prefix, pl) != 0)
        return;
    json_error_t err;
    json_t *data = json_loadb(text + pl, len - pl, JSON_DISABLE_EOF_CHECK, &err);
    ws_statuses_observe(WS_EVENT_STATUS_CHANGE, data);
    json_decref(data);
}

json_t *ws_statuses_json(void)
{
    json_t *out = json_object();
    pthread_mutex_lock(&lock);
    for (unsigned b = 0; b < BUCKETS; b++)
        for (const entry_t *e = buckets[b]; e != NULL; e = e->next)
            json_object_set_new(out, e->user_id, json_string(e->status));
    pthread_mutex_unlock(&lock);
    return out;
}
