#ifndef PARLEY_CORE_APP_SYSTEM_H
#define PARLEY_CORE_APP_SYSTEM_H

#include <stdbool.h>
#include <jansson.h>
#include "model/config.h"

struct pg_conn;

/** Write then delete a row (Mattermost DBHealthCheckWrite/Delete). @return true when both worked. */
bool app_system_database_ok(struct pg_conn *db);
/** Create FileSettings.Directory if needed, write and remove a probe file. @return true when it worked. */
bool app_system_filestore_ok(const model_config_t *cfg);
/** @return the number of open database connections (pool gauge). */
long app_system_db_connections(void);
/** Read (at start-up, on a connection of main) the values the client config reports. */
void app_system_load_ids(struct pg_conn *db);
/** @return the installation's DiagnosticId (systems table), "" before app_system_load_ids. */
const char *app_system_diagnostic_id(void);

/**
 * The client config as a flat map of strings (config/client?format=old). full: the set for a
 * logged-in user, else the limited set. Caller json_decref()s.
 */
json_t *app_client_config(const model_config_t *cfg, bool full);
/** @return a 32-hex-digit hash of the full client config (for X-Version-Id), into out (>= 33 bytes). */
void app_client_config_hash(const model_config_t *cfg, char *out, size_t n);

#endif
