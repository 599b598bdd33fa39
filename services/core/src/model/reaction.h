#ifndef PARLEY_CORE_MODEL_REACTION_H
#define PARLEY_CORE_MODEL_REACTION_H

/* Reaction (server/public/model/reaction.go) (owner: posts). Shape: ../shared/reference/mattermost-api.md §3.6. */

#include <stdint.h>
#include <jansson.h>

#include "model/emoji.h"
#include "parley/id.h"

typedef struct model_reaction {
    char user_id[PL_ID_LEN + 1];
    char post_id[PL_ID_LEN + 1];
    char emoji_name[MODEL_EMOJI_NAME_MAX + 1];
    int64_t create_at, update_at, delete_at;
    char remote_id[PL_ID_LEN + 1];
    char channel_id[PL_ID_LEN + 1];
} model_reaction_t;

/** The Reaction JSON. New reference. */
json_t *model_reaction_to_json(const model_reaction_t *r);
/** An array of n Reactions. New reference. */
json_t *model_reactions_to_json(const model_reaction_t *r, size_t n);

/** POST /reactions: a Reaction body (user_id, post_id, emoji_name; create_at kept when set). NULL when it
 *  decodes (a bad member type gives api.context.invalid_body_param.app_error, detail "reaction"); the
 *  values are checked by the app (api.reaction.save_reaction.invalid.app_error). */
const char *model_reaction_from_json(void *out, const json_t *o, const char **detail);

#endif
