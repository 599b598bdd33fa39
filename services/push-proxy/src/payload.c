#include "push.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "parley/err.h"

/* The Mattermost mobile payload shapes (APNs aps + custom keys, FCM data-only), see README. */

static bool is(const char *s, const char *v)
{
    return s != NULL && strcmp(s, v) == 0;
}

static bool set(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static const char *type_of(const push_job_t *job)
{
    return set(job->n.type) ? job->n.type : "message";
}

static bool is_voip(const push_job_t *job)
{
    return is(job->n.transport, "voip");
}

const char *push_payload_apns_push_type(const push_job_t *job)
{
    const char *t = type_of(job);
    if (is_voip(job))
        return "voip";
    if (is(t, "clear") || is(t, "test"))
        return "background";
    return "alert";
}

const char *push_payload_apns_priority(const push_job_t *job)
{
    return is(push_payload_apns_push_type(job), "background") ? "5" : "10";
}

static void put(json_t *o, const char *k, const char *v)
{
    if (set(v))
        json_object_set_new(o, k, json_string(v));
}

static void apns_alert(json_t *aps, const push_job_t *job, const char *msg)
{
    if (job->n.is_id_loaded) {
        json_object_set_new(aps, "alert", json_pack("{ss}", "body", msg ? msg : ""));
    } else if (is(job->n.version, "v2") && set(job->n.channel_name)) {
        json_object_set_new(aps, "alert", json_pack("{ssss}", "title", job->n.channel_name, "body", msg ? msg : ""));
    } else {
        json_object_set_new(aps, "alert", json_string(msg ? msg : ""));
    }
}

static void apns_badge(json_t *aps, const push_job_t *job)
{
    int64_t badge = job->n.badge;
    if (badge == 0 && is(type_of(job), "clear") && job->app_version > 1)
        badge = 1; /* the mobile app's quirk, as the original proxy */
    if (badge >= 0)
        json_object_set_new(aps, "badge", json_integer(badge));
}

static json_t *apns_aps(const push_job_t *job, const char *msg)
{
    const char *t = type_of(job);
    json_t *aps = json_object();
    apns_badge(aps, job);
    if (is_voip(job) || is(t, "clear") || is(t, "test")) {
        json_object_set_new(aps, "content-available", json_integer(1));
        return aps;
    }
    if (is(t, "update_badge"))
        return aps;
    put(aps, "category", job->n.category);
    json_object_set_new(aps, "sound", json_string("default"));
    json_object_set_new(aps, "mutable-content", json_integer(1));
    if (is(t, "message") || job->n.is_id_loaded)
        json_object_set_new(aps, "content-available", json_integer(1));
    apns_alert(aps, job, msg);
    const char *thread = job->n.is_crt_enabled && set(job->n.root_id) ? job->n.root_id : job->n.channel_id;
    put(aps, "thread-id", thread);
    return aps;
}

static json_t *apns_object(const push_job_t *job, const char *msg)
{
    json_t *o = json_object();
    json_object_set_new(o, "aps", apns_aps(job, msg));
    json_object_set_new(o, "type", json_string(type_of(job)));
    put(o, "sub_type", job->n.sub_type);
    put(o, "server_id", job->n.server_id);
    put(o, "ack_id", job->n.ack_id);
    json_object_set_new(o, "is_crt_enabled", json_boolean(job->n.is_crt_enabled));
    put(o, "channel_id", job->n.channel_id);
    json_object_set_new(o, "signature", json_string(set(job->n.signature) ? job->n.signature : "NO_SIGNATURE"));
    put(o, "team_id", job->n.team_id);
    put(o, "sender_id", job->n.sender_id);
    put(o, "sender_name", job->n.sender_name);
    put(o, "post_id", job->n.post_id);
    put(o, "root_id", job->n.root_id);
    put(o, "override_username", job->n.override_username);
    put(o, "override_icon_url", job->n.override_icon_url);
    put(o, "from_webhook", job->n.from_webhook);
    put(o, "version", job->n.version);
    put(o, "channel_name", job->n.channel_name);
    if (job->n.is_id_loaded)
        json_object_set_new(o, "id_loaded", json_true());
    return o;
}

static void data_put(json_t *d, const char *k, const char *v)
{
    json_object_set_new(d, k, json_string(v ? v : ""));
}

static void fcm_data_content(json_t *d, const push_job_t *job, const char *msg)
{
    if (job->n.is_id_loaded) {
        data_put(d, "post_id", job->n.post_id);
        data_put(d, "message", msg);
        data_put(d, "id_loaded", "true");
        data_put(d, "sender_id", job->n.sender_id);
        data_put(d, "sender_name", "Someone");
        data_put(d, "team_id", job->n.team_id);
        return;
    }
    data_put(d, "team_id", job->n.team_id);
    data_put(d, "sender_id", job->n.sender_id);
    data_put(d, "sender_name", job->n.sender_name);
    data_put(d, "message", msg);
    data_put(d, "channel_name", job->n.channel_name);
    data_put(d, "post_id", job->n.post_id);
    put(d, "override_username", job->n.override_username);
    put(d, "override_icon_url", job->n.override_icon_url);
    put(d, "from_webhook", job->n.from_webhook);
}

static json_t *fcm_data(const push_job_t *job, const char *msg)
{
    const char *t = type_of(job);
    json_t *d = json_object();
    data_put(d, "ack_id", job->n.ack_id);
    data_put(d, "type", t);
    data_put(d, "sub_type", job->n.sub_type);
    data_put(d, "version", job->n.version);
    data_put(d, "channel_id", job->n.channel_id);
    data_put(d, "is_crt_enabled", job->n.is_crt_enabled ? "true" : "false");
    data_put(d, "server_id", job->n.server_id);
    data_put(d, "category", job->n.category);
    data_put(d, "signature", set(job->n.signature) ? job->n.signature : "NO_SIGNATURE");
    if (job->n.badge != -1) {
        char b[24];
        snprintf(b, sizeof(b), "%lld", (long long)job->n.badge);
        data_put(d, "badge", b);
    }
    put(d, "root_id", job->n.root_id);
    if (is(t, "message") || is(t, "session") || job->n.is_id_loaded)
        fcm_data_content(d, job, msg);
    return d;
}

static json_t *fcm_object(const push_job_t *job, const char *msg)
{
    json_t *android = json_pack("{ss}", "priority", "high");
    if (set(job->n.collapse_key))
        json_object_set_new(android, "collapse_key", json_string(job->n.collapse_key));
    if (job->n.expires_at > 0) {
        char ttl[32];
        int64_t left = job->n.expires_at - time(NULL);
        snprintf(ttl, sizeof(ttl), "%llds", (long long)(left > 0 ? left : 0));
        json_object_set_new(android, "ttl", json_string(ttl));
    }
    json_t *m = json_object();
    json_object_set_new(m, "token", json_string(job->n.device_id));
    json_object_set_new(m, "data", fcm_data(job, msg));
    json_object_set_new(m, "android", android);
    return json_pack("{so}", "message", m);
}

/* Length of the longest prefix of s (at most n bytes) that ends on a UTF-8 character boundary. */
static size_t utf8_floor(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

typedef json_t *(*builder_t)(const push_job_t *job, const char *msg);

/* Build, and while over limit shorten the message (on a character boundary, with an ellipsis). */
static int build_fitting(const push_job_t *job, builder_t build, size_t limit, pl_buf_t *out)
{
    const char *orig = job->n.message ? job->n.message : "";
    size_t keep = strlen(orig);
    char *msg = strdup(orig);
    int rc = PL_ETOOBIG;
    for (int round = 0; msg != NULL && round < 8; round++) {
        json_t *o = build(job, msg);
        char *s = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        size_t len = s ? strlen(s) : 0;
        if (s != NULL && len <= limit) {
            rc = pl_buf_append(out, s, len);
            free(s);
            break;
        }
        free(s);
        if (keep == 0)
            break;
        size_t cut = len - limit + 3;
        keep = utf8_floor(orig, keep > cut ? keep - cut : 0);
        memcpy(msg, orig, keep);
        memcpy(msg + keep, keep ? "\xE2\x80\xA6" : "", keep ? 4 : 1);
    }
    free(msg);
    return rc;
}

int push_payload_apns(const push_job_t *job, pl_buf_t *out)
{
    return build_fitting(job, apns_object, PUSH_APNS_MAX_PAYLOAD, out);
}

int push_payload_fcm(const push_job_t *job, pl_buf_t *out)
{
    return build_fitting(job, fcm_object, 4096 + 512, out);
}
