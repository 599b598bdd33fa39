#include "relay/render.h"
#include "relay/mime.h"
#include "parley/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RENDER_MAX_PART (4 * 1024 * 1024)
#define POST_VARS 10
#define SMALL 64

static const char *const month_keys[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};

typedef struct post_vars {
    relay_kv_t kv[POST_VARS];
    char time[SMALL];
    char *url;
} post_vars_t;

/* The values shared by subject, title and body. */
typedef struct digest {
    const relay_render_ctx_t *ctx;
    const char *locale;
    char day[SMALL], year[SMALL], count[SMALL];
    char *unsubscribe;
    relay_kv_t kv[16];
    size_t nkv;
    post_vars_t *posts;
    relay_scope_t *items;
    relay_list_t list;
    relay_scope_t scope;
} digest_t;

static const char *tr(digest_t *d, const char *key)
{
    return relay_templates_string(d->ctx->tpl, d->locale, key);
}

/* Interpolate an i18n string with the digest scope (no escaping: callers escape where needed). */
static char *interp(digest_t *d, const char *key)
{
    pl_buf_t b;
    pl_buf_init(&b, 64 * 1024);
    if (relay_tpl_render(tr(d, key), &d->scope, 0, &b) != PL_OK || b.data == NULL) {
        pl_buf_dispose(&b);
        return strdup("");
    }
    return pl_buf_steal(&b, NULL);
}

static void add(digest_t *d, const char *k, const char *v)
{
    if (d->nkv < sizeof(d->kv) / sizeof(d->kv[0]))
        d->kv[d->nkv++] = (relay_kv_t){k, v};
    d->scope.kv = d->kv;
    d->scope.nkv = d->nkv;
}

static char *join_url(const char *site, const char *a, const char *b, const char *c)
{
    if (site == NULL || site[0] == '\0')
        return strdup("");
    size_t n = strlen(site) + strlen(a) + strlen(b) + strlen(c) + 8;
    char *s = malloc(n);
    if (s != NULL)
        snprintf(s, n, "%s%s%s%s", site, a, b, c);
    return s;
}

static void fill_post(digest_t *d, const pl_mail_job_t *j, post_vars_t *pv)
{
    const pl_mail_post_t *p = &j->post;
    time_t t = (time_t)(p->create_at / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(pv->time, sizeof(pv->time), "%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min);
    pv->url = join_url(j->site_url, "/", p->team_slug[0] ? p->team_slug : "_redirect", "/pl/");
    if (pv->url != NULL && pv->url[0] != '\0') {
        char *full = join_url(pv->url, p->id, "", "");
        free(pv->url);
        pv->url = full;
    }
    const char *chan = p->channel_name[0] ? p->channel_name : p->team_name;
    relay_kv_t kv[POST_VARS] = {{"SenderName", p->sender_name},
                                {"ChannelName", chan},
                                {"TeamName", p->team_name},
                                {"Time", pv->time},
                                {"Message", p->message},
                                {"PostURL", pv->url != NULL ? pv->url : ""},
                                {"SenderLabel", tr(d, "label.sender")},
                                {"ChannelLabel", tr(d, "label.channel")},
                                {"TimeLabel", tr(d, "label.time")},
                                {"ViewLabel", tr(d, "label.view")}};
    memcpy(pv->kv, kv, sizeof(kv));
}

static char *default_unsubscribe(const relay_render_ctx_t *ctx, const pl_mail_job_t *j)
{
    if (j->unsubscribe_url != NULL && j->unsubscribe_url[0] != '\0')
        return strdup(j->unsubscribe_url);
    if (j->site_url != NULL && j->site_url[0] != '\0')
        return join_url(j->site_url, "/settings/notifications", "", "");
    return join_url("mailto:", ctx->from_email, "?subject=unsubscribe", "");
}

static int digest_init(digest_t *d, const relay_render_ctx_t *ctx, const pl_mail_job_t *const *jobs, size_t n)
{
    memset(d, 0, sizeof(*d));
    d->ctx = ctx;
    d->locale = jobs[0]->locale;
    d->posts = calloc(n, sizeof(*d->posts));
    d->items = calloc(n, sizeof(*d->items));
    d->unsubscribe = default_unsubscribe(ctx, jobs[0]);
    if (d->posts == NULL || d->items == NULL || d->unsubscribe == NULL)
        return PL_ERR;
    const pl_mail_post_t *first = &jobs[0]->post;
    time_t t = (time_t)(first->create_at / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(d->day, sizeof(d->day), "%d", tm.tm_mday);
    snprintf(d->year, sizeof(d->year), "%d", tm.tm_year + 1900);
    snprintf(d->count, sizeof(d->count), "%zu", n);
    add(d, "SiteName", jobs[0]->site_name[0] ? jobs[0]->site_name : "Mattermost");
    add(d, "SiteURL", jobs[0]->site_url);
    add(d, "Month", tr(d, month_keys[tm.tm_mon]));
    add(d, "Day", d->day);
    add(d, "Year", d->year);
    add(d, "Count", d->count);
    add(d, "SenderDisplayName", first->sender_name);
    add(d, "ChannelName", first->channel_name);
    add(d, "TeamName", first->team_name);
    add(d, "UnsubscribeURL", d->unsubscribe);
    add(d, "UnsubscribeLabel", tr(d, "label.unsubscribe"));
    add(d, "Lang", d->locale[0] ? d->locale : "en");
    for (size_t i = 0; i < n; i++) {
        fill_post(d, jobs[i], &d->posts[i]);
        d->items[i] = (relay_scope_t){d->posts[i].kv, POST_VARS, NULL, 0, NULL};
    }
    d->list = (relay_list_t){"Posts", d->items, n};
    d->scope.lists = &d->list;
    d->scope.nlists = 1;
    return PL_OK;
}

static void digest_dispose(digest_t *d, size_t n)
{
    for (size_t i = 0; d->posts != NULL && i < n; i++)
        free(d->posts[i].url);
    free(d->posts);
    free(d->items);
    free(d->unsubscribe);
}

static const char *subject_key(const pl_mail_job_t *first, size_t n, int batched)
{
    if (batched)
        return n == 1 ? "subject.batched.one" : "subject.batched.other";
    switch (first->post.channel_type[0]) {
    case 'D':
        return "subject.direct";
    case 'G':
        return "subject.group";
    default:
        return "subject.notification";
    }
}

static void message_id(const relay_render_ctx_t *ctx, const char *mail_id, char *out, size_t n)
{
    const char *at = strrchr(ctx->from_email, '@');
    snprintf(out, n, "%s.parley@%s", mail_id, at != NULL ? at + 1 : "localhost");
}

static int render_notification(const relay_render_ctx_t *ctx, const pl_mail_job_t *const *jobs, size_t n, int batched,
                               relay_mime_t *m, pl_buf_t *text, pl_buf_t *html, pl_buf_t *out)
{
    digest_t d;
    int rc = digest_init(&d, ctx, jobs, n);
    char *subject = NULL, *title = NULL, *footer = NULL;
    if (rc != PL_OK)
        goto Exit;
    subject = interp(&d, subject_key(jobs[0], n, batched));
    title = interp(&d, n == 1 ? "title.one" : "title.other");
    footer = interp(&d, "footer");
    add(&d, "Subject", subject);
    add(&d, "Title", title);
    add(&d, "Footer", footer);
    if ((rc = relay_tpl_render(ctx->tpl->digest_txt, &d.scope, 0, text)) ||
        (rc = relay_tpl_render(ctx->tpl->digest_html, &d.scope, 1, html)))
        goto Exit;
    m->subject = subject;
    m->list_unsubscribe = d.unsubscribe;
    m->text = text->data != NULL ? text->data : "";
    m->html = html->data;
    rc = relay_mime_build(m, out);
Exit:
    free(subject);
    free(title);
    free(footer);
    digest_dispose(&d, n);
    return rc;
}

int relay_render_mail(const relay_render_ctx_t *ctx, const pl_mail_job_t *const *jobs, size_t n, int batched, const char *mail_id,
                      int64_t now_ms, pl_buf_t *out)
{
    char mid[128];
    message_id(ctx, mail_id, mid, sizeof(mid));
    const pl_mail_job_t *j = jobs[0];
    relay_mime_t m = {ctx->from_name, ctx->from_email, j->to_name, j->to_email, ctx->reply_to, NULL, mid, NULL, NULL, NULL, now_ms};
    if (j->kind == PL_MAIL_ACCOUNT) {
        char *unsub = j->unsubscribe_url != NULL && j->unsubscribe_url[0] ? j->unsubscribe_url : NULL;
        m.subject = j->subject;
        m.list_unsubscribe = unsub;
        m.text = j->text;
        m.html = j->html;
        return relay_mime_build(&m, out);
    }
    pl_buf_t text, html;
    pl_buf_init(&text, RENDER_MAX_PART);
    pl_buf_init(&html, RENDER_MAX_PART);
    int rc = render_notification(ctx, jobs, n, batched, &m, &text, &html, out);
    pl_buf_dispose(&text);
    pl_buf_dispose(&html);
    return rc;
}
