#ifndef PARLEY_CORE_MODEL_EMOJI_H
#define PARLEY_CORE_MODEL_EMOJI_H

/*
 * Emoji names (owner: posts). The system emoji names are Mattermost's model.SystemEmojis keys,
 * shipped as services/core/data/system_emojis.txt and compiled in by cmake/embed_emojis.cmake.
 */

#include <stdbool.h>
#include <stddef.h>

#define MODEL_EMOJI_NAME_MAX 64 /* EmojiNameMaxLength */

/** Generated (emojis_embedded.c): the names, byte-sorted. */
extern const char *const model_emoji_system_names[];
extern const size_t model_emoji_system_count;

/** 1..64 characters of [a-zA-Z0-9_+-] (Reaction.IsValid's emoji name rule). */
bool model_emoji_name_valid(const char *name);
/** name is a system emoji (short name or alias, e.g. "+1", "thumbsup", "white_check_mark"). */
bool model_emoji_is_system(const char *name);

#endif
