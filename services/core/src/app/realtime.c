#include "app/realtime.h"

#include <string.h>
#include "app/app_error.h"
#include "app/sessions.h"
#include "parley/err.h"
#include "store/db.h"
#include "store/memberships.h"
#include "store/session_expiry.h"

int app_realtime_authenticate(PGconn *db, const char *token, app_realtime_auth_t *out)
{
    memset(out, 0, sizeof(*out));
    app_session_t s;
    int rc = app_sessions_lookup(db, token, &s);
    if (rc != PL_OK)
        return rc == PL_EAGAIN ? PL_EIO : PL_ENOTFOUND; /* store unavailable: the ws hooks' PL_EIO */
    memcpy(out->user_id, s.user_id, PL_ID_LEN + 1);
    memcpy(out->session_id, s.id, PL_ID_LEN + 1);
    out->expires_at = s.expires_at;
    out->is_admin = app_sessions_has_role(&s, "system_admin");
    store_memberships_t m;
    if (store_memberships_get(db, out->user_id, &m) != STORE_OK)
        return PL_OK; /* memberships unreadable: the socket still hears what is sent to its user */
    out->channels = m.channels;
    out->nchannels = m.nchannels;
    out->teams = m.teams;
    out->nteams = m.nteams;
    return PL_OK;
}

int app_realtime_session_expiry(PGconn *db, const char *session_id, int64_t *expires_at)
{
    return app_error_code_from_store(store_session_expiry_get(db, session_id, expires_at));
}
