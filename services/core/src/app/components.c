#include "app/components.h"

#include <stddef.h>

#include "parley/err.h"
#include "parley/log.h"

static app_component_t components[APP_MAX_COMPONENTS];
static size_t ncomponents, nstarted;

int app_components_add(const app_component_t *c)
{
    if (ncomponents == APP_MAX_COMPONENTS)
        return PL_ETOOBIG;
    components[ncomponents++] = *c;
    return PL_OK;
}

int app_components_start(void)
{
    for (nstarted = 0; nstarted < ncomponents; nstarted++) {
        app_component_t *c = &components[nstarted];
        int rc = c->start ? c->start(c->arg) : PL_OK;
        if (rc != PL_OK) {
            PL_LOG_ERROR("component failed to start", "component", c->name, "error", pl_err_name(rc));
            app_components_stop();
            return rc;
        }
        PL_LOG_INFO("component started", "component", c->name);
    }
    return PL_OK;
}

void app_components_stop(void)
{
    while (nstarted > 0) {
        app_component_t *c = &components[--nstarted];
        if (c->stop)
            c->stop(c->arg);
    }
}
