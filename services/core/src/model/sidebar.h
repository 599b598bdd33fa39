#ifndef PARLEY_CORE_MODEL_SIDEBAR_H
#define PARLEY_CORE_MODEL_SIDEBAR_H

/*
 * Sidebar categories (T10; server/public/model/channel_sidebar.go) (owner: sidebar): the
 * SidebarCategoryWithChannels and OrderedSidebarCategories wire objects. Shapes: mattermost-api.md §3.18.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "parley/id.h"

#define MODEL_SIDEBAR_ID_MAX 128
#define MODEL_SIDEBAR_SORT_DISTANCE 10 /* MinimalSidebarSortDistance */
#define MODEL_SIDEBAR_ORDER_FAVORITES 0
#define MODEL_SIDEBAR_ORDER_CHANNELS 10
#define MODEL_SIDEBAR_ORDER_DMS 20
#define MODEL_SIDEBAR_FAVORITES "favorites"
#define MODEL_SIDEBAR_CHANNELS "channels"
#define MODEL_SIDEBAR_DIRECT_MESSAGES "direct_messages"
#define MODEL_SIDEBAR_CUSTOM "custom"

typedef char model_sidebar_channel_id_t[PL_ID_LEN + 1];

typedef struct model_sidebar_category {
    char id[MODEL_SIDEBAR_ID_MAX + 1];
    char user_id[PL_ID_LEN + 1];
    char team_id[PL_ID_LEN + 1];
    int64_t sort_order;
    char sorting[65]; /* "", alpha, recent, manual (stored as given, as Mattermost does) */
    char type[65];    /* favorites | channels | direct_messages | custom */
    char display_name[64 * 4 + 1];
    bool muted, collapsed;
    model_sidebar_channel_id_t *channels; /* malloc'ed (model_sidebar_category_dispose) */
    size_t nchannels;
} model_sidebar_category_t;

typedef struct model_sidebar_category_list {
    model_sidebar_category_t *items; /* malloc'ed */
    size_t n;
} model_sidebar_category_list_t;

void model_sidebar_category_dispose(model_sidebar_category_t *c);
void model_sidebar_category_list_dispose(model_sidebar_category_list_t *l);
/** Append a channel id (valid ids only; duplicates skipped). @return 0, or -1 when out of memory. */
int model_sidebar_category_add_channel(model_sidebar_category_t *c, const char *channel_id);
/** Insert channel ids in front of the category's (the unplaced channels Mattermost lists first). */
int model_sidebar_category_prepend(model_sidebar_category_t *c, const model_sidebar_channel_id_t *ids, size_t n);
bool model_sidebar_category_has(const model_sidebar_category_t *c, const char *channel_id);

json_t *model_sidebar_category_to_json(const model_sidebar_category_t *c);
/** [SidebarCategoryWithChannels] */
json_t *model_sidebar_category_list_to_json(const model_sidebar_category_list_t *l);
/** OrderedSidebarCategories: {"categories":[...],"order":[ids]} (order = the list's order). */
json_t *model_sidebar_ordered_to_json(const model_sidebar_category_list_t *l);

/** Decoders (api/route.h): a SidebarCategoryWithChannels object (POST, PUT .../{category_id}) and an
 *  array of them (PUT .../categories); members of the wrong JSON type give
 *  api.context.invalid_body_param.app_error (detail "category"), as Go's decoder failing does.
 *  channel_ids entries that are not ids are dropped (they could never be the user's channels). */
const char *model_sidebar_category_from_json(void *out, const json_t *o, const char **detail);
void model_sidebar_category_body_dispose(void *out);
const char *model_sidebar_category_list_from_json(void *out, const json_t *a, const char **detail);
void model_sidebar_category_list_body_dispose(void *out);

/** model.IsValidCategoryId: a 26-char id, or text containing "<favorites|channels|direct_messages>_<id>_<id>". */
bool model_sidebar_category_id_valid(const char *s);
/** The id of a default category: "<type>_<user_id>_<team_id>". out >= MODEL_SIDEBAR_ID_MAX + 1. */
void model_sidebar_default_id(const char *type, const char *user_id, const char *team_id, char *out, size_t n);

#endif
