#ifndef PARLEY_CORE_APP_COMPONENTS_H
#define PARLEY_CORE_APP_COMPONENTS_H

/*
 * Background components (cluster bus, outbox relay, ...) with their own threads. Register them
 * from your api_<resource>_register function; main starts them in registration order once the
 * database is migrated and the HTTP loops run, and stops them in reverse order on SIGTERM,
 * before the HTTP server drains.
 */

typedef struct app_component {
    const char *name;
    /** @return PL_OK, or an error: start-up is aborted (exit 1) with the component's name logged. */
    int (*start)(void *arg);
    void (*stop)(void *arg);
    void *arg;
} app_component_t;

#define APP_MAX_COMPONENTS 16

/** Register c (copied). Before start only. @return PL_OK or PL_ETOOBIG. */
int app_components_add(const app_component_t *c);
/** Start all; on a failure stops those already started. @return PL_OK or the failing start's code. */
int app_components_start(void);
/** Stop all started components in reverse order. */
void app_components_stop(void);

#endif
