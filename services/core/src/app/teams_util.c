/* What every teams app file shares (app/teams_util.h) (owner: teams). */
#include "app/teams_util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/permissions.h"
#include "model/config.h"
#include "parley/err.h"
#include "parley/id.h"
#include "parley/log.h"
#include "store/db.h"
#include "store/teams.h"
#include "ws/publish.h"

int app_teams_util_check_id(const char *team_id, app_error_t *e)
{
    if (!team_id || !pl_id_valid(team_id, strlen(team_id)))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "team_id");
    return 0;
}

int app_teams_util_load(PGconn *db, const char *team_id, model_team_t *out, app_error_t *e)
{
    if (app_teams_util_check_id(team_id, e) < 0)
        return -1;
    return app_error_check_store(e, store_teams_get(db, team_id, out), "app.team.get.find.app_error");
}

bool app_teams_util_has(PGconn *db, const app_session_t *s, const char *perm, const char *team_id)
{
    app_error_t e = {0};
    return app_permissions_has(db, s, perm, team_id, NULL, &e) > 0;
}

void app_teams_util_sanitize(PGconn *db, const app_session_t *s, model_team_t *t)
{
    if (app_teams_util_has(db, s, "manage_team", t->id))
        return;
    t->email[0] = '\0';
    if (!app_teams_util_has(db, s, "invite_user", t->id))
        t->invite_id[0] = '\0';
}

void app_teams_util_publish(const char *event, const model_team_t *t)
{
    json_t *team = model_team_to_json(t, true);
    char *s = team ? json_dumps(team, JSON_COMPACT) : NULL;
    json_decref(team);
    if (!s)
        return;
    ws_broadcast_t bc = {.team_id = t->id};
    int rc = ws_publish(event, json_pack("{s:s}", "team", s), &bc);
    if (rc != 0 && rc != PL_EAGAIN)
        PL_LOG_WARN("team event not published", "event", event, "team_id", t->id);
    free(s);
}

/* normalizeDomains: lower-cased, '@' and ',' as separators; the next domain of *p into d, 0 at the end. */
static int next_domain(const char **p, char *d, size_t n)
{
    const char *s = *p;
    while (*s && (isspace((unsigned char)*s) || *s == '@' || *s == ','))
        s++;
    size_t len = 0;
    while (*s && !isspace((unsigned char)*s) && *s != '@' && *s != ',') {
        if (len + 1 < n)
            d[len++] = (char)tolower((unsigned char)*s);
        s++;
    }
    d[len] = '\0';
    *p = s;
    return len > 0;
}

static bool ends_with_domain(const char *email, const char *domain)
{
    size_t el = strlen(email), dl = strlen(domain);
    return el > dl && email[el - dl - 1] == '@' && strcmp(email + el - dl, domain) == 0;
}

/* IsEmailAddressAllowed for one restriction list: empty allows all, else one domain must match. */
static bool allowed_by(const char *email, const char *restriction)
{
    char d[256];
    bool any = false;
    const char *p = restriction ? restriction : "";
    while (next_domain(&p, d, sizeof(d))) {
        any = true;
        if (ends_with_domain(email, d))
            return true;
    }
    return !any;
}

bool app_teams_util_is_guest(const model_user_t *u)
{
    return strstr(u->roles, "system_guest") != NULL;
}

bool app_teams_util_email_allowed(const model_user_t *u, const model_team_t *t)
{
    char email[sizeof(u->email)];
    if (u->is_bot || app_teams_util_is_guest(u))
        return true;
    size_t i = 0;
    for (; u->email[i] && i + 1 < sizeof(email); i++)
        email[i] = (char)tolower((unsigned char)u->email[i]);
    email[i] = '\0';
    return allowed_by(email, t->allowed_domains) && allowed_by(email, model_config_get()->team.restrict_creation_to_domains);
}
