#ifndef PARLEY_CORE_APP_THREADS_VIEW_H
#define PARLEY_CORE_APP_THREADS_VIEW_H

/* A ThreadResponse as it leaves the server (owner: posts): the root's metadata, and for `extended` the
 * participants as User objects (sanitized as another user sees them) instead of {id}. */

#include <stdbool.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "model/thread.h"

/** The ThreadResponse JSON of t (its post's metadata filled), or NULL on a database failure. */
json_t *app_threads_view_json(PGconn *db, model_thread_t *t, bool extended);

#endif
