#ifndef PARLEY_CORE_APP_ROLES_SEED_H
#define PARLEY_CORE_APP_ROLES_SEED_H

/* The built-in roles, seeded into the roles table once per process (owner: accounts). Used by the
 * permission check and by the roles API, which uses the permission check in turn: this module is
 * below both, so neither has to include the other. */

#include <libpq-fe.h>

/** Seed the built-in roles once per process (cheap after the first success). */
void app_roles_seed_ensure(PGconn *db);
/** @return 1 once the seeding succeeded in this process (the roles cache loads only then). */
int app_roles_seed_done(void);

#endif
