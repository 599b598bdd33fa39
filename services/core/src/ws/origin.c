#include "ws/origin.h"

#include <string.h>
#include <strings.h>
#include "ws/hub.h"

typedef struct url_parts {
    const char *scheme, *host; /* host includes the port */
    size_t scheme_len, host_len;
} url_parts_t;

/* scheme://host[:port][/path]: @return 0, or -1 when s is not of that shape. */
static int split_url(const char *s, size_t len, url_parts_t *u)
{
    const char *sep = len >= 3 ? memchr(s, ':', len) : NULL;
    if (sep == NULL || sep == s || (size_t)(s + len - sep) < 3 || memcmp(sep, "://", 3) != 0)
        return -1;
    u->scheme = s;
    u->scheme_len = (size_t)(sep - s);
    u->host = sep + 3;
    const char *end = memchr(u->host, '/', (size_t)(s + len - u->host));
    u->host_len = (size_t)((end != NULL ? end : s + len) - u->host);
    return u->host_len > 0 ? 0 : -1;
}

static int same(const char *a, size_t al, const char *b, size_t bl)
{
    return al == bl && strncasecmp(a, b, al) == 0;
}

/* SiteURL without its path ("http://host:port"), as url.URL.String() after Path = "". */
static size_t site_origin(const char **out)
{
    url_parts_t u;
    const char *site = ws_g_settings.site_url;
    *out = site;
    if (split_url(site, strlen(site), &u) != 0)
        return 0;
    return (size_t)(u.host + u.host_len - site);
}

static int listed(const char *origin, size_t len)
{
    const char *list = ws_g_settings.allow_cors_from;
    if (strcmp(list, "*") == 0)
        return 1;
    for (const char *p = list; *p != '\0';) {
        size_t n = strcspn(p, " ");
        if (n == len && memcmp(p, origin, len) == 0)
            return 1;
        p += n;
        p += strspn(p, " ");
    }
    const char *site;
    size_t sl = site_origin(&site);
    return sl > 0 && sl == len && memcmp(site, origin, len) == 0;
}

int ws_origin_allowed(const char *origin, size_t len, const char *host, size_t host_len)
{
    if (origin == NULL || len == 0)
        return 1;
    if (ws_g_settings.allow_cors_from[0] != '\0')
        return listed(origin, len);
    url_parts_t o, s;
    if (same(origin, len, "null", 4) || split_url(origin, len, &o) != 0)
        return 0;
    if (ws_g_settings.site_url[0] == '\0')
        return same(o.host, o.host_len, host, host_len);
    if (split_url(ws_g_settings.site_url, strlen(ws_g_settings.site_url), &s) != 0)
        return 0;
    return same(o.host, o.host_len, s.host, s.host_len) && same(o.scheme, o.scheme_len, s.scheme, s.scheme_len);
}
