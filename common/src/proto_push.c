#include "parley/proto_push.h"
#include "parley/err.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *key;
    size_t offset;
    size_t max;
} str_field_t;

#define F(name, max)                                                                                                               \
    {                                                                                                                              \
#name, offsetof(pl_push_job_t, name), max                                                                                  \
    }
static const str_field_t str_fields[] = {
    F(platform, 256),
    F(device_id, PL_PUSH_MAX_FIELD),
    F(server_id, PL_PUSH_MAX_FIELD),
    F(ack_id, PL_PUSH_MAX_FIELD),
    F(post_id, PL_PUSH_MAX_FIELD),
    F(category, PL_PUSH_MAX_FIELD),
    F(message, PL_PUSH_MAX_MESSAGE),
    F(team_id, PL_PUSH_MAX_FIELD),
    F(channel_id, PL_PUSH_MAX_FIELD),
    F(root_id, PL_PUSH_MAX_FIELD),
    F(channel_name, PL_PUSH_MAX_FIELD),
    F(type, 64),
    F(sub_type, 64),
    F(transport, 64),
    F(sender_id, PL_PUSH_MAX_FIELD),
    F(sender_name, PL_PUSH_MAX_FIELD),
    F(override_username, PL_PUSH_MAX_FIELD),
    F(override_icon_url, PL_PUSH_MAX_FIELD),
    F(from_webhook, PL_PUSH_MAX_FIELD),
    F(version, 64),
    F(signature, PL_PUSH_MAX_FIELD),
    F(collapse_key, PL_PUSH_MAX_COLLAPSE),
};
#undef F
#define NSTR (sizeof(str_fields) / sizeof(str_fields[0]))

static char **field_ptr(pl_push_job_t *job, size_t i)
{
    return (char **)((char *)job + str_fields[i].offset);
}

static char *const *field_cptr(const pl_push_job_t *job, size_t i)
{
    return (char *const *)((const char *)job + str_fields[i].offset);
}

static void seterr(char *err, size_t errn, const char *key, const char *what)
{
    if (err != NULL && errn > 0)
        snprintf(err, errn, "%s%s%s", key, key[0] ? ": " : "", what);
}

void pl_push_job_init(pl_push_job_t *job)
{
    memset(job, 0, sizeof(*job));
    job->badge = -1;
}

void pl_push_job_dispose(pl_push_job_t *job)
{
    for (size_t i = 0; i < NSTR; i++)
        free(*field_ptr(job, i));
    pl_push_job_init(job);
}

static int decode_strings(json_t *o, pl_push_job_t *job, char *err, size_t errn)
{
    for (size_t i = 0; i < NSTR; i++) {
        json_t *v = json_object_get(o, str_fields[i].key);
        if (v == NULL || json_is_null(v))
            continue;
        if (!json_is_string(v)) {
            seterr(err, errn, str_fields[i].key, "not a string");
            return PL_EINVAL;
        }
        if (json_string_length(v) > str_fields[i].max) {
            seterr(err, errn, str_fields[i].key, "too long");
            return PL_EINVAL;
        }
        char **p = field_ptr(job, i);
        free(*p);
        *p = strndup(json_string_value(v), json_string_length(v));
        if (*p == NULL)
            return PL_ERR;
    }
    return PL_OK;
}

static int decode_int(json_t *o, const char *key, int64_t *out, char *err, size_t errn)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL || json_is_null(v))
        return PL_OK;
    if (!json_is_integer(v)) {
        seterr(err, errn, key, "not an integer");
        return PL_EINVAL;
    }
    *out = json_integer_value(v);
    return PL_OK;
}

static int decode_bool(json_t *o, const char *key, bool *out, char *err, size_t errn)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL || json_is_null(v))
        return PL_OK;
    if (!json_is_boolean(v)) {
        seterr(err, errn, key, "not a boolean");
        return PL_EINVAL;
    }
    *out = json_is_true(v);
    return PL_OK;
}

static int check_version(json_t *o, char *err, size_t errn)
{
    json_t *v = json_object_get(o, "v");
    if (v == NULL) {
        seterr(err, errn, "v", "missing");
        return PL_EINVAL;
    }
    if (!json_is_integer(v) || json_integer_value(v) != 1) {
        seterr(err, errn, "unsupported_version", "this receiver speaks v 1");
        return PL_EINVAL;
    }
    return PL_OK;
}

static int decode_scalars(json_t *o, pl_push_job_t *job, char *err, size_t errn)
{
    int rc = decode_int(o, "badge", &job->badge, err, errn);
    if (rc == PL_OK)
        rc = decode_int(o, "cont_ava", &job->cont_ava, err, errn);
    if (rc == PL_OK)
        rc = decode_int(o, "expires_at", &job->expires_at, err, errn);
    if (rc == PL_OK)
        rc = decode_bool(o, "is_crt_enabled", &job->is_crt_enabled, err, errn);
    if (rc == PL_OK)
        rc = decode_bool(o, "is_id_loaded", &job->is_id_loaded, err, errn);
    if (rc == PL_OK && job->expires_at < 0) {
        seterr(err, errn, "expires_at", "negative");
        rc = PL_EINVAL;
    }
    return rc;
}

static json_t *parse_object(const char *json, size_t len, char *err, size_t errn)
{
    json_error_t jerr;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (o == NULL) {
        seterr(err, errn, "", jerr.text);
        return NULL;
    }
    if (!json_is_object(o)) {
        seterr(err, errn, "", "body is not a JSON object");
        json_decref(o);
        return NULL;
    }
    return o;
}

int pl_push_job_decode(const char *json, size_t len, bool require_v, pl_push_job_t *job, char *err, size_t errn)
{
    int rc = PL_EINVAL;
    json_t *o = parse_object(json, len, err, errn);
    if (o == NULL)
        goto Exit;
    if (require_v && (rc = check_version(o, err, errn)) != PL_OK)
        goto Exit;
    rc = decode_strings(o, job, err, errn);
    if (rc == PL_OK)
        rc = decode_scalars(o, job, err, errn);
Exit:
    json_decref(o);
    return rc;
}

static bool empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

int pl_push_job_validate(const pl_push_job_t *job, char *err, size_t errn)
{
    if (empty(job->server_id)) {
        seterr(err, errn, "", "Failed because of missing server Id");
        return PL_EINVAL;
    }
    if (empty(job->device_id)) {
        if (err != NULL && errn > 0)
            snprintf(err, errn, "Failed because of missing device Id serverId=%s", job->server_id);
        return PL_EINVAL;
    }
    if (empty(job->platform)) {
        if (err != NULL && errn > 0)
            snprintf(err, errn, "Did not send message because of missing platform property type= serverId=%s", job->server_id);
        return PL_EINVAL;
    }
    return PL_OK;
}

static int dump_into(json_t *o, pl_buf_t *out)
{
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (s == NULL)
        return PL_ERR;
    int rc = pl_buf_puts(out, s);
    free(s);
    return rc;
}

int pl_push_job_encode(const pl_push_job_t *job, pl_buf_t *out)
{
    json_t *o = json_object();
    if (o == NULL)
        return PL_ERR;
    json_object_set_new(o, "v", json_integer(1));
    for (size_t i = 0; i < NSTR; i++) {
        const char *s = *field_cptr(job, i);
        if (s != NULL)
            json_object_set_new(o, str_fields[i].key, json_string(s));
    }
    if (job->badge >= 0)
        json_object_set_new(o, "badge", json_integer(job->badge));
    if (job->cont_ava != 0)
        json_object_set_new(o, "cont_ava", json_integer(job->cont_ava));
    if (job->expires_at > 0)
        json_object_set_new(o, "expires_at", json_integer(job->expires_at));
    json_object_set_new(o, "is_crt_enabled", json_boolean(job->is_crt_enabled));
    json_object_set_new(o, "is_id_loaded", json_boolean(job->is_id_loaded));
    return dump_into(o, out);
}

const char *pl_push_status_name(pl_push_status_t s)
{
    switch (s) {
    case PL_PUSH_OK:
        return "OK";
    case PL_PUSH_REMOVE:
        return "REMOVE";
    default:
        return "FAIL";
    }
}

void pl_push_ack_set(pl_push_ack_t *ack, pl_push_status_t s, const char *reason, const char *error)
{
    memset(ack, 0, sizeof(*ack));
    ack->status = s;
    snprintf(ack->reason, sizeof(ack->reason), "%s", reason ? reason : "");
    snprintf(ack->error, sizeof(ack->error), "%s", error ? error : "");
}

static json_t *ack_object(const pl_push_ack_t *ack)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "status", json_string(pl_push_status_name(ack->status)));
    if (ack->error[0])
        json_object_set_new(o, "error", json_string(ack->error));
    return o;
}

int pl_push_ack_encode(const pl_push_ack_t *ack, pl_buf_t *out)
{
    json_t *o = ack_object(ack);
    if (o == NULL)
        return PL_ERR;
    json_object_set_new(o, "v", json_integer(1));
    if (ack->reason[0])
        json_object_set_new(o, "reason", json_string(ack->reason));
    if (ack->retry_after_ms > 0)
        json_object_set_new(o, "retry_after_ms", json_integer(ack->retry_after_ms));
    if (ack->removed_at_ms > 0)
        json_object_set_new(o, "removed_at_ms", json_integer(ack->removed_at_ms));
    return dump_into(o, out);
}

int pl_push_ack_encode_http(const pl_push_ack_t *ack, pl_buf_t *out)
{
    json_t *o = ack_object(ack);
    if (o == NULL)
        return PL_ERR;
    return dump_into(o, out);
}

static int ack_status(json_t *o, pl_push_ack_t *ack, char *err, size_t errn)
{
    const char *s = json_string_value(json_object_get(o, "status"));
    if (s == NULL) {
        seterr(err, errn, "status", "missing or not a string");
        return PL_EINVAL;
    }
    if (strcmp(s, "OK") == 0)
        ack->status = PL_PUSH_OK;
    else if (strcmp(s, "FAIL") == 0)
        ack->status = PL_PUSH_FAIL;
    else if (strcmp(s, "REMOVE") == 0)
        ack->status = PL_PUSH_REMOVE;
    else {
        seterr(err, errn, "status", "must be OK, FAIL or REMOVE");
        return PL_EINVAL;
    }
    return PL_OK;
}

static int ack_text(json_t *o, const char *key, char *dst, size_t n, char *err, size_t errn)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL || json_is_null(v))
        return PL_OK;
    if (!json_is_string(v) || json_string_length(v) >= n) {
        seterr(err, errn, key, "not a string or too long");
        return PL_EINVAL;
    }
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return PL_OK;
}

int pl_push_ack_decode(const char *json, size_t len, pl_push_ack_t *ack, char *err, size_t errn)
{
    int rc = PL_EINVAL;
    memset(ack, 0, sizeof(*ack));
    json_t *o = parse_object(json, len, err, errn);
    if (o == NULL)
        goto Exit;
    if ((rc = check_version(o, err, errn)) != PL_OK || (rc = ack_status(o, ack, err, errn)) != PL_OK)
        goto Exit;
    rc = ack_text(o, "error", ack->error, sizeof(ack->error), err, errn);
    if (rc == PL_OK)
        rc = ack_text(o, "reason", ack->reason, sizeof(ack->reason), err, errn);
    if (rc == PL_OK)
        rc = decode_int(o, "retry_after_ms", &ack->retry_after_ms, err, errn);
    if (rc == PL_OK)
        rc = decode_int(o, "removed_at_ms", &ack->removed_at_ms, err, errn);
Exit:
    json_decref(o);
    return rc;
}
