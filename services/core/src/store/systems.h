#ifndef PARLEY_CORE_STORE_SYSTEMS_H
#define PARLEY_CORE_STORE_SYSTEMS_H

#include <stddef.h>
#include <libpq-fe.h>

/* The systems key/value table (migration 0001). */

/** Copy the value of name into out (size n, truncated). @return STORE_OK, STORE_ENOTFOUND or an error. */
int store_systems_get(PGconn *db, const char *name, char *out, size_t n);
/** Insert or update name. @return STORE_OK or an error. */
int store_systems_set(PGconn *db, const char *name, const char *value);
/** @return STORE_OK (also when absent) or an error. */
int store_systems_delete(PGconn *db, const char *name);

#endif
