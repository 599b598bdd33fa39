/* Emoji names (model/emoji.h). */
#include "model/emoji.h"

#include <stdlib.h>
#include <string.h>

bool model_emoji_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > MODEL_EMOJI_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+';
        if (!ok)
            return false;
    }
    return true;
}

static int by_name(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

bool model_emoji_is_system(const char *name)
{
    if (name == NULL)
        return false;
    return bsearch(name, model_emoji_system_names, model_emoji_system_count, sizeof(model_emoji_system_names[0]), by_name) != NULL;
}
