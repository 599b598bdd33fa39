/* Operator commands on the dead-letter folder; safe while the relay runs (renames only). */
#include "relay/dead.h"
#include "relay/spool.h"
#include "parley/err.h"
#include "parley/id.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct dead_ctx {
    relay_spool_t *sp;
    FILE *out;
    int count, failed;
} dead_ctx_t;

static int list_one(const char *id, void *arg)
{
    dead_ctx_t *d = arg;
    pl_buf_t data;
    pl_buf_init(&data, RELAY_SPOOL_MAX_RECORD * 2);
    relay_spool_read(d->sp, RELAY_DIR_DEAD, id, &data);
    json_t *rec = data.data != NULL ? json_loadb(data.data, data.len, 0, NULL) : NULL;
    json_t *job = json_object_get(rec, "job");
    json_t *line = json_pack("{s:s}", "id", id);
    const char *keys[] = {"rcpt", "reason", "dead_at", "accepted_at"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        json_t *v = json_object_get(rec, keys[i]);
        if (v != NULL)
            json_object_set(line, keys[i], v);
    }
    if (json_object_get(job, "kind") != NULL)
        json_object_set(line, "kind", json_object_get(job, "kind"));
    if (rec == NULL)
        json_object_set_new(line, "reason", json_string("unreadable spool record"));
    char *s = json_dumps(line, JSON_COMPACT);
    if (s != NULL)
        fprintf(d->out, "%s\n", s);
    free(s);
    json_decref(line);
    json_decref(rec);
    pl_buf_dispose(&data);
    d->count++;
    return 0;
}

static int spool_open_or_report(relay_spool_t *sp, const char *spool_dir)
{
    if (relay_spool_open(sp, spool_dir, 0, 0) == PL_OK)
        return PL_OK;
    fprintf(stderr, "RelaySettings.SpoolDirectory: cannot open %s\n", spool_dir);
    relay_spool_close(sp);
    return PL_ERR;
}

int relay_dead_list(const char *spool_dir, FILE *out)
{
    relay_spool_t sp;
    if (spool_open_or_report(&sp, spool_dir) != PL_OK)
        return 1;
    dead_ctx_t d = {&sp, out, 0, 0};
    relay_spool_each(&sp, RELAY_DIR_DEAD, list_one, &d);
    relay_spool_close(&sp);
    return 0;
}

static int retry_one(const char *id, void *arg)
{
    dead_ctx_t *d = arg;
    if (relay_spool_move(d->sp, RELAY_DIR_DEAD, RELAY_DIR_RETRY, id) == PL_OK) {
        fprintf(d->out, "{\"id\":\"%s\",\"status\":\"queued_for_retry\"}\n", id);
        d->count++;
    } else {
        fprintf(d->out, "{\"id\":\"%s\",\"status\":\"not_found\"}\n", id);
        d->failed++;
    }
    return 0;
}

int relay_dead_retry(const char *spool_dir, const char *which, FILE *out)
{
    if (strcmp(which, "all") != 0 && !pl_id_valid(which, strlen(which))) {
        fprintf(stderr, "--retry-dead: expected a 26-character id or \"all\"\n");
        return 2;
    }
    relay_spool_t sp;
    if (spool_open_or_report(&sp, spool_dir) != PL_OK)
        return 1;
    dead_ctx_t d = {&sp, out, 0, 0};
    if (strcmp(which, "all") == 0)
        relay_spool_each(&sp, RELAY_DIR_DEAD, retry_one, &d);
    else
        retry_one(which, &d);
    relay_spool_close(&sp);
    return d.failed > 0 ? 1 : 0;
}
