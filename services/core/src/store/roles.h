#ifndef PARLEY_CORE_STORE_ROLES_H
#define PARLEY_CORE_STORE_ROLES_H

/* The roles table (owner: accounts). */

#include <stddef.h>
#include <libpq-fe.h>

#include "model/role.h"

typedef struct store_role_list {
    model_role_t *items;
    char **perm_bufs; /* per role: the storage behind items[i].permissions */
    size_t n;
} store_role_list_t;

void store_role_list_dispose(store_role_list_t *l);
/** Insert the built-in roles that are missing (ON CONFLICT DO NOTHING). */
int store_roles_seed(PGconn *db);
/** Roles whose name is in names (valid role names only). */
int store_roles_get_by_names(PGconn *db, const char *const *names, size_t n, store_role_list_t *out);
/** One role by id (by_name 0) or name (by_name 1). out receives one item or STORE_ENOTFOUND. */
int store_roles_get(PGconn *db, const char *key, int by_name, store_role_list_t *out);
/** Every role. */
int store_roles_get_all(PGconn *db, store_role_list_t *out);
/** Replace the permissions of role id (space-separated names). */
int store_roles_set_permissions(PGconn *db, const char *id, const char *const *perms, size_t n);

#endif
