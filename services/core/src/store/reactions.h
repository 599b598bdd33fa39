#ifndef PARLEY_CORE_STORE_REACTIONS_H
#define PARLEY_CORE_STORE_REACTIONS_H

/* The reactions table (owner: posts), with posts.has_reactions kept in the same statement. STORE_OK or STORE_E*. */

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/reaction.h"

/** A list of reactions (malloc'ed items; free with store_reactions_list_dispose). */
typedef struct store_reactions_list {
    model_reaction_t *items;
    size_t n;
} store_reactions_list_t;
void store_reactions_list_dispose(store_reactions_list_t *l);

/**
 * Save r (a deleted one comes back; create_at kept from the first time, r->create_at filled) and set the post's
 * has_reactions and update_at = r->update_at. limit > 0: refused (STORE_ECONFLICT) when the post already has
 * limit distinct emoji and r's is not one of them.
 */
int store_reactions_save(PGconn *db, model_reaction_t *r, int64_t limit);
/** Soft delete r (delete_at = update_at = at); the post's has_reactions follows what is left. *removed: 0 when r did
 *  not exist. */
int store_reactions_delete(PGconn *db, const model_reaction_t *r, int64_t at, int *removed);
/** The live reactions of the posts ids (n >= 1), by post then create_at. */
int store_reactions_for_posts(PGconn *db, const char *const *ids, size_t n, store_reactions_list_t *out);

#endif
