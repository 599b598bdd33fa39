/* Who a new post mentions (app/posts_mentions.h). */
#include "app/posts_mentions.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/config.h"
#include "store/db.h"
#include "store/posts_mentions.h"

#define WORDS_MAX 4096
#define AT_NAMES_MAX 256

/* Blank ``` fenced blocks and `inline` spans (removeCodeFromMessage). */
static void blank_code(char *s)
{
    for (char *p = s; *p;) {
        if (strncmp(p, "```", 3) == 0) {
            char *end = strstr(p + 3, "```");
            char *stop = end ? end + 3 : p + strlen(p);
            memset(p, ' ', (size_t)(stop - p));
            p = stop;
        } else if (*p == '`') {
            char *end = strchr(p + 1, '`');
            if (end == NULL) {
                p++;
                continue;
            }
            memset(p, ' ', (size_t)(end + 1 - p));
            p = end + 1;
        } else {
            p++;
        }
    }
}

/* Letters (any non-ASCII byte counts as one), digits, ':', '.', '-', '_', '@' make words. */
static bool word_char(unsigned char c)
{
    return c >= 0x80 || isalnum(c) || c == ':' || c == '.' || c == '-' || c == '_' || c == '@';
}

size_t app_posts_mentions_words(const char *message, char **buf, const char **words, size_t max)
{
    size_t n = 0;
    *buf = strdup(message ? message : "");
    if (*buf == NULL)
        abort();
    blank_code(*buf);
    for (char *p = *buf; *p && n < max;) {
        while (*p && !word_char((unsigned char)*p))
            p++;
        if (!*p)
            break;
        char *w = p;
        while (*p && word_char((unsigned char)*p))
            p++;
        if (*p)
            *p++ = '\0';
        while (*w == ':' || *w == '.' || *w == '-' || *w == '_')
            w++;
        if (*w)
            words[n++] = w;
    }
    return n;
}

typedef struct found {
    app_posts_mentions_t *out;
    size_t cap;
} found_t;

static void add(found_t *f, const char *user_id)
{
    if (app_posts_mentions_has(f->out, user_id))
        return;
    if (f->out->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->out->ids = realloc(f->out->ids, f->cap * sizeof(*f->out->ids));
        if (f->out->ids == NULL)
            abort();
    }
    memcpy(f->out->ids[f->out->n++], user_id, PL_ID_LEN + 1);
}

bool app_posts_mentions_has(const app_posts_mentions_t *m, const char *user_id)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->ids[i], user_id) == 0)
            return true;
    return false;
}

void app_posts_mentions_dispose(app_posts_mentions_t *m)
{
    free(m->ids);
    memset(m, 0, sizeof(*m));
}

/* The @word without its '@', lower-cased, and its variants with trailing '.', '-', '_', ':' taken off. */
static bool at_matches(const char *word, const char *username)
{
    if (word[0] != '@')
        return false;
    size_t n = strlen(word + 1), u = strlen(username);
    while (n > 0) {
        if (n == u && strncasecmp(word + 1, username, n) == 0)
            return true;
        char last = word[n];
        if (last != '.' && last != '-' && last != '_' && last != ':')
            return false;
        n--;
    }
    return false;
}

/* One key of notify_props.mention_keys (or the first name) against a word, case-insensitively. */
static bool key_matches(const char *word, const char *key, size_t keylen)
{
    while (keylen > 0 && isspace((unsigned char)*key))
        key++, keylen--;
    while (keylen > 0 && isspace((unsigned char)key[keylen - 1]))
        keylen--;
    return keylen > 0 && strlen(word) == keylen && strncasecmp(word, key, keylen) == 0;
}

static bool keys_match(const char *word, const char *keys)
{
    for (const char *k = keys; *k;) {
        const char *end = strchr(k, ',');
        size_t len = end ? (size_t)(end - k) : strlen(k);
        if (key_matches(word, k, len))
            return true;
        k += len + (end ? 1 : 0);
    }
    return false;
}

typedef struct scan {
    const char **words;
    size_t n;
    bool channel, here; /* @channel / @all, @here */
} scan_t;

static bool member_named(const scan_t *s, const store_posts_mention_member_t *m)
{
    for (size_t i = 0; i < s->n; i++) {
        const char *w = s->words[i];
        if (at_matches(w, m->username))
            return true;
        if (m->first_name_on && m->first_name[0] && key_matches(w, m->first_name, strlen(m->first_name)))
            return true;
        if (m->mention_keys[0] && keys_match(w, m->mention_keys))
            return true;
    }
    return false;
}

static void scan_channel_words(scan_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (at_matches(s->words[i], "channel") || at_matches(s->words[i], "all"))
            s->channel = true;
        if (at_matches(s->words[i], "here"))
            s->here = true;
    }
}

/* The lower-cased @names of the words (for the candidate query). */
static size_t at_names(const scan_t *s, char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n && n < max; i++) {
        if (s->words[i][0] != '@' || s->words[i][1] == '\0')
            continue;
        char *name = strdup(s->words[i] + 1);
        if (name == NULL)
            abort();
        for (char *c = name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        size_t l = strlen(name);
        while (l > 0 && (name[l - 1] == '.' || name[l - 1] == '-' || name[l - 1] == '_' || name[l - 1] == ':'))
            name[--l] = '\0'; /* the variants: the query takes the plain name, at_matches decides */
        names[n++] = name;
    }
    return n;
}

/* The other participant of a DM: the channel name is "<id>__<id>". */
static void dm_other(const model_channel_t *c, const char *poster, found_t *f)
{
    char a[PL_ID_LEN + 1], b[PL_ID_LEN + 1];
    if (strlen(c->name) != 2 * PL_ID_LEN + 2)
        return;
    memcpy(a, c->name, PL_ID_LEN);
    a[PL_ID_LEN] = '\0';
    memcpy(b, c->name + PL_ID_LEN + 2, PL_ID_LEN);
    b[PL_ID_LEN] = '\0';
    const char *other = strcmp(a, poster) == 0 ? b : a;
    if (strcmp(other, poster) != 0)
        add(f, other);
}

static bool channel_mentions_allowed(const model_post_t *p, bool allow, size_t members)
{
    if (!allow || strcmp(p->type, "system_header_change") == 0 || strcmp(p->type, "system_purpose_change") == 0)
        return false;
    return (int64_t)members <= model_config_get()->team.max_notifications_per_channel;
}

static void resolve(const scan_t *s, const model_post_t *p, const model_channel_t *c, bool allow_channel,
                    const store_posts_mention_member_t *m, size_t n, found_t *f)
{
    bool wide = (s->channel || s->here) && channel_mentions_allowed(p, allow_channel, n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].user_id, p->user_id) == 0)
            continue;
        bool by_channel = wide && m[i].channel_on && !m[i].ignore_channel && (s->channel || m[i].online);
        if (member_named(s, &m[i]) || by_channel || c->type == MODEL_CHANNEL_GROUP)
            add(f, m[i].user_id);
        if (by_channel)
            f->out->channel_wide = true;
    }
}

int app_posts_mentions_find(PGconn *db, const model_post_t *p, const model_channel_t *c, bool allow_channel,
                            app_posts_mentions_t *out)
{
    memset(out, 0, sizeof(*out));
    found_t f = {out, 0};
    if (model_post_is_system(p))
        return 0;
    if (c->type == MODEL_CHANNEL_DIRECT) {
        dm_other(c, p->user_id, &f);
        return 0;
    }
    char *buf = NULL, *names[AT_NAMES_MAX];
    const char **w = calloc(WORDS_MAX, sizeof(*w));
    if (w == NULL)
        abort();
    scan_t s = {w, app_posts_mentions_words(p->message, &buf, w, WORDS_MAX), false, false};
    scan_channel_words(&s);
    size_t nn = at_names(&s, names, AT_NAMES_MAX);
    store_posts_mention_member_t *m = NULL;
    size_t nm = 0;
    bool all = s.channel || s.here || c->type == MODEL_CHANNEL_GROUP;
    int rc = store_posts_mention_members(db, c->id, all, (const char *const *)names, nn, &m, &nm);
    if (rc == STORE_OK)
        resolve(&s, p, c, allow_channel, m, nm, &f);
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(m);
    free(w);
    free(buf);
    return rc == STORE_OK ? 0 : rc;
}

/* The member row (keys, settings) of user_id in c, or none (*found false). */
static int member_row(PGconn *db, const model_channel_t *c, const char *user_id, store_posts_mention_member_t *out, bool *found)
{
    store_posts_mention_member_t *m = NULL;
    size_t n = 0;
    *found = false;
    int rc = store_posts_mention_members(db, c->id, true, NULL, 0, &m, &n);
    for (size_t i = 0; rc == STORE_OK && i < n && !*found; i++)
        if (strcmp(m[i].user_id, user_id) == 0) {
            *out = m[i];
            *found = true;
        }
    free(m);
    return rc;
}

static bool post_mentions(const model_post_t *p, const model_channel_t *c, const store_posts_mention_member_t *m)
{
    if (strcmp(p->user_id, m->user_id) == 0 || model_post_is_system(p))
        return false;
    if (c->type == MODEL_CHANNEL_DIRECT || c->type == MODEL_CHANNEL_GROUP)
        return true;
    char *buf = NULL;
    const char **w = calloc(WORDS_MAX, sizeof(*w));
    if (w == NULL)
        abort();
    scan_t s = {w, app_posts_mentions_words(p->message, &buf, w, WORDS_MAX), false, false};
    scan_channel_words(&s);
    bool hit = member_named(&s, m) || (m->channel_on && !m->ignore_channel && (s.channel || (s.here && m->online)));
    free(w);
    free(buf);
    return hit;
}

int app_posts_mentions_count(PGconn *db, const model_channel_t *c, const char *user_id, const model_post_t *posts, size_t n,
                             int64_t *all, int64_t *root, int64_t *urgent)
{
    store_posts_mention_member_t m;
    bool found;
    *all = *root = *urgent = 0;
    int rc = member_row(db, c, user_id, &m, &found);
    for (size_t i = 0; rc == STORE_OK && found && i < n; i++)
        if (post_mentions(&posts[i], c, &m)) {
            (*all)++;
            *root += posts[i].root_id[0] == '\0';
            *urgent += strcmp(posts[i].priority, "urgent") == 0;
        }
    return rc == STORE_OK ? 0 : rc;
}
