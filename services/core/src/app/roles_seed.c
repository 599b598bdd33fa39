#include "app/roles_seed.h"

#include <stdatomic.h>

#include "store/db.h"
#include "store/roles.h"

static atomic_int g_seeded;

void app_roles_seed_ensure(PGconn *db)
{
    if (atomic_load(&g_seeded))
        return;
    if (store_roles_seed(db) == STORE_OK)
        atomic_store(&g_seeded, 1);
}

int app_roles_seed_done(void)
{
    return atomic_load(&g_seeded);
}
