#include "parley/proto_mail.h"
#include "parley/err.h"
#include "parley/id.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* String field rules. */
enum { F_REQUIRED = 1, F_ONELINE = 2, F_ID = 4, F_URL = 8, F_ID_OR_EMPTY = 16 };

static int fail(char *reason, size_t n, const char *field, const char *what)
{
    if (reason != NULL && n > 0)
        snprintf(reason, n, "%s: %s", field, what);
    return PL_EINVAL;
}

static int has_ctl(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 1;
    return 0;
}

static int url_valid(const char *s)
{
    if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0 && strncmp(s, "mailto:", 7) != 0)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || *p == '<' || *p == '>' || *p == '"')
            return 0;
    return 1;
}

int pl_proto_mail_addr_valid(const char *s)
{
    if (s == NULL)
        return 0;
    size_t len = strlen(s);
    const char *at = strrchr(s, '@');
    if (len == 0 || len > PL_MAIL_MAX_ADDR || at == NULL || at == s || at[1] == '\0' || at - s > 64)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p) != NULL)
            return 0;
        if (*p == '@' && (const char *)p != at)
            return 0;
    }
    const char *d = at + 1;
    if (d[0] == '.' || d[0] == '-' || strstr(d, "..") != NULL || d[strlen(d) - 1] == '.')
        return 0;
    return 1;
}

/* Read obj[key] as a string into *out (heap copy, "" when absent and optional). */
static int get_str(json_t *obj, const char *key, const char *label, size_t max, int flags, char **out, char *reason, size_t rn)
{
    json_t *v = json_object_get(obj, key);
    const char *s = "";
    if (v == NULL || json_is_null(v)) {
        if (flags & F_REQUIRED)
            return fail(reason, rn, label, "required");
    } else if (!json_is_string(v)) {
        return fail(reason, rn, label, "must be a string");
    } else {
        s = json_string_value(v);
        if (json_string_length(v) != strlen(s))
            return fail(reason, rn, label, "contains NUL");
    }
    size_t len = strlen(s);
    if ((flags & F_REQUIRED) && len == 0)
        return fail(reason, rn, label, "must not be empty");
    if (len > max)
        return fail(reason, rn, label, "too long");
    if ((flags & F_ONELINE) && has_ctl(s))
        return fail(reason, rn, label, "control characters not allowed");
    if ((flags & F_ID) && !pl_id_valid(s, len))
        return fail(reason, rn, label, "must be a 26-character id");
    if ((flags & F_ID_OR_EMPTY) && len > 0 && !pl_id_valid(s, len))
        return fail(reason, rn, label, "must be a 26-character id or empty");
    if ((flags & F_URL) && len > 0 && !url_valid(s))
        return fail(reason, rn, label, "must be an http(s) or mailto URL without spaces");
    *out = strdup(s);
    if (*out == NULL)
        return fail(reason, rn, label, "out of memory");
    return PL_OK;
}

static int get_int(json_t *obj, const char *key, const char *label, int64_t min, int64_t max, int required, int64_t *out,
                   char *reason, size_t rn)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        if (required)
            return fail(reason, rn, label, "required");
        *out = 0;
        return PL_OK;
    }
    if (!json_is_integer(v))
        return fail(reason, rn, label, "must be an integer");
    json_int_t x = json_integer_value(v);
    if (x < min || x > max)
        return fail(reason, rn, label, "out of range");
    *out = x;
    return PL_OK;
}

static int check_version(json_t *root, char *reason, size_t rn)
{
    if (!json_is_object(root))
        return fail(reason, rn, "body", "must be a JSON object");
    json_t *v = json_object_get(root, "v");
    if (!json_is_integer(v))
        return fail(reason, rn, "v", "required integer");
    if (json_integer_value(v) != 1) {
        if (reason != NULL && rn > 0)
            snprintf(reason, rn, "unsupported_version");
        return PL_EINVAL;
    }
    return PL_OK;
}

static json_t *parse(const char *body, size_t len, char *reason, size_t rn)
{
    json_error_t jerr;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL && reason != NULL && rn > 0)
        snprintf(reason, rn, "body: invalid JSON at line %d: %s", jerr.line, jerr.text);
    return root;
}

static int decode_post(json_t *p, pl_mail_post_t *post, char *reason, size_t rn)
{
    if (!json_is_object(p))
        return fail(reason, rn, "post", "required object");
    int rc;
    if ((rc = get_str(p, "id", "post.id", PL_ID_LEN, F_REQUIRED | F_ID, &post->id, reason, rn)) ||
        (rc = get_str(p, "root_id", "post.root_id", PL_ID_LEN, F_ID_OR_EMPTY, &post->root_id, reason, rn)) ||
        (rc = get_str(p, "channel_id", "post.channel_id", PL_ID_LEN, F_REQUIRED | F_ID, &post->channel_id, reason, rn)) ||
        (rc = get_str(p, "channel_name", "post.channel_name", PL_MAIL_MAX_SHORT, F_ONELINE, &post->channel_name, reason, rn)) ||
        (rc = get_str(p, "channel_type", "post.channel_type", 1, F_REQUIRED, &post->channel_type, reason, rn)) ||
        (rc = get_str(p, "team_name", "post.team_name", PL_MAIL_MAX_SHORT, F_ONELINE, &post->team_name, reason, rn)) ||
        (rc = get_str(p, "team_slug", "post.team_slug", PL_MAIL_MAX_SHORT, F_ONELINE, &post->team_slug, reason, rn)) ||
        (rc = get_str(p, "sender_name", "post.sender_name", PL_MAIL_MAX_SHORT, F_REQUIRED | F_ONELINE, &post->sender_name, reason,
                      rn)) ||
        (rc = get_str(p, "message", "post.message", PL_MAIL_MAX_MESSAGE, 0, &post->message, reason, rn)) ||
        (rc = get_int(p, "create_at", "post.create_at", 1, INT64_MAX / 2, 1, &post->create_at, reason, rn)))
        return rc;
    return PL_OK;
}

static int decode_kind(json_t *root, pl_mail_job_t *job, char *reason, size_t rn)
{
    const char *kind = json_string_value(json_object_get(root, "kind"));
    if (kind == NULL)
        return fail(reason, rn, "kind", "required string");
    if (strcmp(kind, "notification") == 0)
        job->kind = PL_MAIL_NOTIFICATION;
    else if (strcmp(kind, "account") == 0)
        job->kind = PL_MAIL_ACCOUNT;
    else
        return fail(reason, rn, "kind", "must be \"notification\" or \"account\"");
    return PL_OK;
}

static int decode_to(json_t *root, pl_mail_job_t *job, char *reason, size_t rn)
{
    json_t *to = json_object_get(root, "to");
    if (!json_is_object(to))
        return fail(reason, rn, "to", "required object");
    int rc;
    if ((rc = get_str(to, "email", "to.email", PL_MAIL_MAX_ADDR, F_REQUIRED, &job->to_email, reason, rn)) ||
        (rc = get_str(to, "name", "to.name", PL_MAIL_MAX_NAME, F_ONELINE, &job->to_name, reason, rn)))
        return rc;
    return PL_OK;
}

static int decode_common(json_t *root, pl_mail_job_t *job, char *reason, size_t rn)
{
    int rc;
    if ((rc = decode_kind(root, job, reason, rn)) || (rc = decode_to(root, job, reason, rn)) ||
        (rc = get_str(root, "user_id", "user_id", PL_ID_LEN, F_ID_OR_EMPTY, &job->user_id, reason, rn)) ||
        (rc = get_str(root, "locale", "locale", 16, F_ONELINE, &job->locale, reason, rn)) ||
        (rc = get_str(root, "site_name", "site_name", PL_MAIL_MAX_SHORT, F_ONELINE, &job->site_name, reason, rn)) ||
        (rc = get_str(root, "site_url", "site_url", PL_MAIL_MAX_URL, F_URL, &job->site_url, reason, rn)) ||
        (rc = get_str(root, "unsubscribe_url", "unsubscribe_url", PL_MAIL_MAX_URL, F_URL, &job->unsubscribe_url, reason, rn)) ||
        (rc = get_int(root, "created_at", "created_at", 0, INT64_MAX / 2, 0, &job->created_at, reason, rn)))
        return rc;
    return PL_OK;
}

static int decode_kind_fields(json_t *root, pl_mail_job_t *job, char *reason, size_t rn)
{
    int rc;
    if (job->kind == PL_MAIL_NOTIFICATION) {
        if ((rc = get_int(root, "interval_s", "interval_s", 0, PL_MAIL_MAX_INTERVAL, 1, &job->interval_s, reason, rn)) ||
            (rc = decode_post(json_object_get(root, "post"), &job->post, reason, rn)))
            return rc;
        return PL_OK;
    }
    if ((rc = get_str(root, "subject", "subject", PL_MAIL_MAX_SUBJECT, F_REQUIRED | F_ONELINE, &job->subject, reason, rn)) ||
        (rc = get_str(root, "text", "text", PL_MAIL_MAX_PART, F_REQUIRED, &job->text, reason, rn)) ||
        (rc = get_str(root, "html", "html", PL_MAIL_MAX_PART, 0, &job->html, reason, rn)))
        return rc;
    return PL_OK;
}

int pl_proto_mail_job_decode(const char *body, size_t len, pl_mail_job_t *job, char *reason, size_t reason_len)
{
    memset(job, 0, sizeof(*job));
    int rc = PL_EINVAL;
    json_t *root = parse(body, len, reason, reason_len);
    if (root == NULL)
        goto Exit;
    if ((rc = check_version(root, reason, reason_len)) || (rc = decode_common(root, job, reason, reason_len)) ||
        (rc = decode_kind_fields(root, job, reason, reason_len)))
        goto Exit;
    rc = pl_proto_mail_job_validate(job, reason, reason_len);
Exit:
    json_decref(root);
    if (rc != PL_OK)
        pl_proto_mail_job_dispose(job);
    return rc;
}

int pl_proto_mail_job_validate(const pl_mail_job_t *job, char *reason, size_t rn)
{
    if (job->kind != PL_MAIL_NOTIFICATION && job->kind != PL_MAIL_ACCOUNT)
        return fail(reason, rn, "kind", "invalid");
    if (!pl_proto_mail_addr_valid(job->to_email))
        return fail(reason, rn, "to.email", "invalid address");
    if (job->kind == PL_MAIL_NOTIFICATION) {
        if (job->user_id == NULL || job->user_id[0] == '\0')
            return fail(reason, rn, "user_id", "required for a notification");
        if (job->interval_s < 0 || job->interval_s > PL_MAIL_MAX_INTERVAL)
            return fail(reason, rn, "interval_s", "out of range");
        const char *t = job->post.channel_type;
        if (t == NULL || strlen(t) != 1 || strchr("OPDG", t[0]) == NULL)
            return fail(reason, rn, "post.channel_type", "must be O, P, D or G");
        if (job->post.id == NULL || !pl_id_valid(job->post.id, strlen(job->post.id)))
            return fail(reason, rn, "post.id", "must be a 26-character id");
    } else if (job->subject == NULL || job->subject[0] == '\0' || job->text == NULL) {
        return fail(reason, rn, "subject", "required for an account mail");
    }
    return PL_OK;
}

static void free_post(pl_mail_post_t *p)
{
    free(p->id);
    free(p->root_id);
    free(p->channel_id);
    free(p->channel_name);
    free(p->channel_type);
    free(p->team_name);
    free(p->team_slug);
    free(p->sender_name);
    free(p->message);
}

void pl_proto_mail_job_dispose(pl_mail_job_t *job)
{
    free(job->to_email);
    free(job->to_name);
    free(job->user_id);
    free(job->locale);
    free(job->site_name);
    free(job->site_url);
    free(job->unsubscribe_url);
    free_post(&job->post);
    free(job->subject);
    free(job->text);
    free(job->html);
    memset(job, 0, sizeof(*job));
}

static const char *nz(const char *s)
{
    return s != NULL ? s : "";
}

static int dump_into(json_t *root, pl_buf_t *out)
{
    int rc = PL_EINVAL;
    char *s = json_dumps(root, JSON_COMPACT);
    if (s != NULL)
        rc = pl_buf_puts(out, s);
    free(s);
    json_decref(root);
    return rc;
}

static json_t *encode_post(const pl_mail_post_t *p)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", nz(p->id), "root_id", nz(p->root_id), "channel_id",
                     nz(p->channel_id), "channel_name", nz(p->channel_name), "channel_type", nz(p->channel_type), "team_name",
                     nz(p->team_name), "team_slug", nz(p->team_slug), "sender_name", nz(p->sender_name), "message", nz(p->message),
                     "create_at", (json_int_t)p->create_at);
}

int pl_proto_mail_job_encode(const pl_mail_job_t *job, pl_buf_t *out)
{
    int notif = job->kind == PL_MAIL_NOTIFICATION;
    json_t *root =
        json_pack("{s:i, s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:I}", "v", 1, "kind", notif ? "notification" : "account",
                  "to", "email", nz(job->to_email), "name", nz(job->to_name), "user_id", nz(job->user_id), "locale",
                  nz(job->locale), "site_name", nz(job->site_name), "site_url", nz(job->site_url), "unsubscribe_url",
                  nz(job->unsubscribe_url), "created_at", (json_int_t)job->created_at);
    if (root == NULL)
        return PL_EINVAL;
    if (notif) {
        json_object_set_new(root, "interval_s", json_integer(job->interval_s));
        json_object_set_new(root, "post", encode_post(&job->post));
    } else {
        json_object_set_new(root, "subject", json_string(nz(job->subject)));
        json_object_set_new(root, "text", json_string(nz(job->text)));
        json_object_set_new(root, "html", json_string(nz(job->html)));
    }
    return dump_into(root, out);
}

static int decode_post_ids(json_t *arr, pl_mail_cancel_t *c, char *reason, size_t rn)
{
    if (arr == NULL || json_is_null(arr))
        return PL_OK;
    if (!json_is_array(arr))
        return fail(reason, rn, "post_ids", "must be an array");
    size_t n = json_array_size(arr);
    if (n > PL_MAIL_MAX_CANCEL_IDS)
        return fail(reason, rn, "post_ids", "too many ids");
    c->post_ids = calloc(n + 1, sizeof(*c->post_ids));
    if (c->post_ids == NULL)
        return fail(reason, rn, "post_ids", "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        if (s == NULL || !pl_id_valid(s, strlen(s)))
            return fail(reason, rn, "post_ids", "every element must be a 26-character id");
        if ((c->post_ids[i] = strdup(s)) == NULL)
            return fail(reason, rn, "post_ids", "out of memory");
        c->npost_ids++;
    }
    return PL_OK;
}

int pl_proto_mail_cancel_decode(const char *body, size_t len, pl_mail_cancel_t *c, char *reason, size_t rn)
{
    memset(c, 0, sizeof(*c));
    int rc = PL_EINVAL;
    json_t *root = parse(body, len, reason, rn);
    if (root == NULL)
        goto Exit;
    if ((rc = check_version(root, reason, rn)) ||
        (rc = get_str(root, "user_id", "user_id", PL_ID_LEN, F_REQUIRED | F_ID, &c->user_id, reason, rn)) ||
        (rc = get_str(root, "channel_id", "channel_id", PL_ID_LEN, F_ID_OR_EMPTY, &c->channel_id, reason, rn)) ||
        (rc = get_int(root, "read_at", "read_at", 0, INT64_MAX / 2, 0, &c->read_at, reason, rn)) ||
        (rc = decode_post_ids(json_object_get(root, "post_ids"), c, reason, rn)))
        goto Exit;
    if (c->read_at == 0 && c->npost_ids == 0)
        rc = fail(reason, rn, "read_at", "read_at or post_ids required");
Exit:
    json_decref(root);
    if (rc != PL_OK)
        pl_proto_mail_cancel_dispose(c);
    return rc;
}

int pl_proto_mail_cancel_encode(const pl_mail_cancel_t *c, pl_buf_t *out)
{
    json_t *ids = json_array();
    for (size_t i = 0; i < c->npost_ids; i++)
        json_array_append_new(ids, json_string(c->post_ids[i]));
    json_t *root = json_pack("{s:i, s:s, s:s, s:I, s:o}", "v", 1, "user_id", nz(c->user_id), "channel_id", nz(c->channel_id),
                             "read_at", (json_int_t)c->read_at, "post_ids", ids);
    if (root == NULL)
        return PL_EINVAL;
    return dump_into(root, out);
}

void pl_proto_mail_cancel_dispose(pl_mail_cancel_t *c)
{
    free(c->user_id);
    free(c->channel_id);
    for (size_t i = 0; c->post_ids != NULL && i < c->npost_ids; i++)
        free(c->post_ids[i]);
    free(c->post_ids);
    memset(c, 0, sizeof(*c));
}

const char *pl_proto_mail_ack_status_name(pl_mail_ack_status_t status)
{
    switch (status) {
    case PL_MAIL_ACK_ACCEPTED:
        return "accepted";
    case PL_MAIL_ACK_DUPLICATE:
        return "duplicate";
    case PL_MAIL_ACK_REFUSED:
        return "refused";
    }
    return "refused";
}

int pl_proto_mail_ack_encode(pl_mail_ack_status_t status, const char *reason, pl_buf_t *out)
{
    json_t *root = json_pack("{s:i, s:s}", "v", 1, "status", pl_proto_mail_ack_status_name(status));
    if (root == NULL)
        return PL_EINVAL;
    if (reason != NULL && reason[0] != '\0')
        json_object_set_new(root, "reason", json_string(reason));
    return dump_into(root, out);
}

int pl_proto_mail_ack_decode(const char *body, size_t len, pl_mail_ack_t *ack)
{
    memset(ack, 0, sizeof(*ack));
    int rc = PL_EINVAL;
    json_t *root = parse(body, len, NULL, 0);
    if (root == NULL || check_version(root, NULL, 0) != PL_OK)
        goto Exit;
    const char *st = json_string_value(json_object_get(root, "status"));
    const char *why = json_string_value(json_object_get(root, "reason"));
    if (st == NULL)
        goto Exit;
    if (strcmp(st, "accepted") == 0)
        ack->status = PL_MAIL_ACK_ACCEPTED;
    else if (strcmp(st, "duplicate") == 0)
        ack->status = PL_MAIL_ACK_DUPLICATE;
    else if (strcmp(st, "refused") == 0)
        ack->status = PL_MAIL_ACK_REFUSED;
    else
        goto Exit;
    if (why != NULL)
        snprintf(ack->reason, sizeof(ack->reason), "%s", why);
    rc = PL_OK;
Exit:
    json_decref(root);
    return rc;
}
