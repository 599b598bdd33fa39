#include "app/status.h"

#include <stdio.h>
#include <string.h>

#include "model/status.h"
#include "parley/err.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/status.h"
#include "ws/publish.h"

static void fill_out(const model_status_t *m, app_status_t *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->user_id, sizeof(out->user_id), "%s", m->user_id);
    snprintf(out->status, sizeof(out->status), "%s", m->status);
    out->manual = m->manual;
    out->last_activity_at = m->last_activity_at;
    out->dnd_end_time = m->dnd_end_time;
}

/* status_change goes to the user concerned only (trap T9). */
static void emit(const model_status_t *m)
{
    ws_broadcast_t bc = {.user_id = m->user_id};
    ws_publish(WS_EVENT_STATUS_CHANGE, json_pack("{s:s,s:s}", "status", m->status, "user_id", m->user_id), &bc);
}

/* Load the stored status (offline when none); a timed dnd that has ended falls back first. */
static int load(PGconn *db, const char *user_id, model_status_t *m)
{
    int rc = store_status_get(db, user_id, m);
    if (rc == STORE_ENOTFOUND) {
        memset(m, 0, sizeof(*m));
        snprintf(m->user_id, sizeof(m->user_id), "%s", user_id);
        snprintf(m->status, sizeof(m->status), "offline");
        return PL_OK;
    }
    if (rc != STORE_OK)
        return PL_EIO;
    if (strcmp(m->status, "dnd") == 0 && m->dnd_end_time > 0 && m->dnd_end_time <= pl_time_ms() / 1000) {
        snprintf(m->status, sizeof(m->status), "%s", m->prev_status[0] ? m->prev_status : "online");
        m->manual = false, m->dnd_end_time = 0, m->prev_status[0] = '\0';
        if (store_status_save(db, m) != STORE_OK)
            return PL_EIO;
        emit(m);
    }
    return PL_OK;
}

int app_status_get(PGconn *db, const char *user_id, app_status_t *out)
{
    model_status_t m;
    int rc = load(db, user_id, &m);
    if (rc == PL_OK)
        fill_out(&m, out);
    return rc;
}

/* Automatic transition: never overrides a manual status (activity is still recorded, at most once a minute). */
static int set_auto(PGconn *db, const char *user_id, const char *status, int *changed)
{
    model_status_t m;
    int64_t now = pl_time_ms();
    int online = strcmp(status, "online") == 0;
    if (changed)
        *changed = 0;
    if (load(db, user_id, &m) != PL_OK)
        return PL_EIO;
    int differs = !m.manual && strcmp(m.status, status) != 0;
    int stale = online && now - m.last_activity_at >= 60000;
    if (!differs && !stale)
        return PL_OK;
    if (online)
        m.last_activity_at = now;
    if (differs)
        snprintf(m.status, sizeof(m.status), "%s", status);
    if (store_status_save(db, &m) != STORE_OK)
        return PL_EIO;
    if (differs) {
        emit(&m);
        if (changed)
            *changed = 1;
    }
    return PL_OK;
}

int app_status_set_online(PGconn *db, const char *user_id, int *changed)
{
    return set_auto(db, user_id, "online", changed);
}

int app_status_set_away(PGconn *db, const char *user_id, int *changed)
{
    return set_auto(db, user_id, "away", changed);
}

int app_status_set_offline(PGconn *db, const char *user_id, int *changed)
{
    return set_auto(db, user_id, "offline", changed);
}

int app_status_set_manual(PGconn *db, const char *user_id, const char *status, int64_t dnd_end_time, app_status_t *out)
{
    model_status_t m;
    if (!status || !model_status_valid(status) || dnd_end_time < 0 ||
        (dnd_end_time > 0 && (strcmp(status, "dnd") != 0 || dnd_end_time <= pl_time_ms() / 1000)))
        return PL_EINVAL;
    if (load(db, user_id, &m) != PL_OK)
        return PL_EIO;
    if (strcmp(status, "dnd") == 0 && strcmp(m.status, "dnd") != 0)
        snprintf(m.prev_status, sizeof(m.prev_status), "%s", m.status);
    snprintf(m.status, sizeof(m.status), "%s", status);
    m.manual = true; /* as Mattermost: every status set through the API is manual */
    m.dnd_end_time = dnd_end_time;
    m.last_activity_at = pl_time_ms();
    if (store_status_save(db, &m) != STORE_OK)
        return PL_EIO;
    emit(&m);
    if (out)
        fill_out(&m, out);
    return PL_OK;
}
