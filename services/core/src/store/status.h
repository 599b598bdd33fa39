#ifndef PARLEY_CORE_STORE_STATUS_H
#define PARLEY_CORE_STORE_STATUS_H

/* The status table (owner: accounts). */

#include <stddef.h>
#include <libpq-fe.h>

#include "model/status.h"

/** @return STORE_OK, STORE_ENOTFOUND (never seen) or another STORE_E*. */
int store_status_get(PGconn *db, const char *user_id, model_status_t *out);
/** Statuses of ids (users without a row are left out). out has room for n. */
int store_status_get_many(PGconn *db, const char *const *ids, size_t n, model_status_t *out, size_t *nout);
/** Insert or replace s. */
int store_status_save(PGconn *db, const model_status_t *s);

#endif
