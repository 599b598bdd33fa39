#include "api/api.h"

#include "parley/err.h"

/*
 * Every REST resource, one line each: X(<resource>) makes api_<resource>_register part of the
 * server. Keep one resource per line (three engineers add lines here).
 */
#define API_RESOURCES(X)                                                                                                           \
    X(system)                                                                                                                      \
    X(config)                                                                                                                      \
    X(license)                                                                                                                     \
    X(metrics)                                                                                                                     \
    X(users)                                                                                                                       \
    X(status)                                                                                                                      \
    X(preferences)                                                                                                                 \
    X(roles)                                                                                                                       \
    X(tokens)                                                                                                                      \
    X(bots)                                                                                                                        \
    X(channels)                                                                                                                    \
    X(channels_list)                                                                                                               \
    X(channel_members)                                                                                                             \
    X(sidebar)                                                                                                                     \
    X(teams)                                                                                                                       \
    X(team_members)                                                                                                                \
    X(posts)                                                                                                                       \
    X(reactions)                                                                                                                   \
    X(threads)                                                                                                                     \
    X(websocket)

#define DECLARE(res) int api_##res##_register(http_router_t *router);
API_RESOURCES(DECLARE)
#undef DECLARE

int api_init(http_router_t *router)
{
#define CALL(res)                                                                                                                  \
    if (api_##res##_register(router) != PL_OK)                                                                                     \
        return PL_EINVAL;
    API_RESOURCES(CALL)
#undef CALL
    return PL_OK;
}
