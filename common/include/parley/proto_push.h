#ifndef PARLEY_PROTO_PUSH_H
#define PARLEY_PROTO_PUSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "parley/buf.h"

/*
 * The v1 push messages (proto/zmq/push_job.v1.schema.json, push_ack.v1.schema.json).
 *
 * A push.job body is a Mattermost PushNotification object (the body of mattermost-push-proxy's
 * POST /api/v1/send_push) plus "v":1 and two optional delivery hints (collapse_key, expires_at).
 * The same struct therefore carries jobs from ZeroMQ and from HTTP.
 * A push.ack body is {"v":1,"status":"OK"|"FAIL"|"REMOVE","error":"...","reason":"...",
 * "retry_after_ms":N,"removed_at_ms":N}.
 */

#define PL_PUSH_MAX_FIELD 4096          /* every string field except message */
#define PL_PUSH_MAX_MESSAGE (64 * 1024) /* message text (HTTP shortens it further, as the original) */
#define PL_PUSH_MAX_COLLAPSE 64         /* apns-collapse-id limit */

typedef struct pl_push_job {
    /* strings: heap (NULL when absent), freed by pl_push_job_dispose */
    char *platform, *device_id, *server_id, *ack_id, *post_id, *category, *message, *team_id, *channel_id, *root_id, *channel_name,
        *type, *sub_type, *transport, *sender_id, *sender_name, *override_username, *override_icon_url, *from_webhook, *version,
        *signature, *collapse_key;
    int64_t badge; /* -1 when absent: don't set */
    int64_t cont_ava;
    int64_t expires_at; /* unix seconds; 0 when absent */
    bool is_crt_enabled, is_id_loaded;
} pl_push_job_t;

typedef enum { PL_PUSH_OK = 0, PL_PUSH_FAIL, PL_PUSH_REMOVE } pl_push_status_t;

typedef struct pl_push_ack {
    pl_push_status_t status;
    char error[512];        /* human-readable (the "error" of mattermost-push-proxy), "" when none */
    char reason[64];        /* machine code: APNs reason, FCM errorCode, or ours (invalid_body, ...) */
    int64_t retry_after_ms; /* FAIL: a hint when a later resend may succeed, 0 otherwise */
    int64_t removed_at_ms;  /* REMOVE after APNs 410: when APNs saw the token die, 0 otherwise */
} pl_push_ack_t;

/** Zero the job (badge -1). */
void pl_push_job_init(pl_push_job_t *job);
void pl_push_job_dispose(pl_push_job_t *job);

/**
 * Parse a JSON object into job (which must be initialised). Unknown keys are ignored; a known key
 * of the wrong type, an over-long string, a non-object body or invalid JSON is refused.
 * @param require_v true for ZeroMQ bodies: "v" must be present and equal 1.
 * @param err receives a one-line explanation on failure (may be NULL), e.g. "device_id: not a string".
 * @return PL_OK, PL_EINVAL (err says why; "unsupported_version" is the prefix for a wrong v).
 */
int pl_push_job_decode(const char *json, size_t len, bool require_v, pl_push_job_t *job, char *err, size_t errn);
/**
 * Check the fields a job must carry (server_id, device_id, platform, as the original proxy does).
 * @return PL_OK, or PL_EINVAL with err set to the same text mattermost-push-proxy answers.
 */
int pl_push_job_validate(const pl_push_job_t *job, char *err, size_t errn);
/** Append the job as a v1 JSON body to out (absent fields are omitted). */
int pl_push_job_encode(const pl_push_job_t *job, pl_buf_t *out);

/** "OK", "FAIL", "REMOVE". */
const char *pl_push_status_name(pl_push_status_t s);
/** Fill ack with status and formatted fields (reason/error may be NULL). */
void pl_push_ack_set(pl_push_ack_t *ack, pl_push_status_t s, const char *reason, const char *error);
/** Append the ack as a v1 JSON body (with "v":1) to out. */
int pl_push_ack_encode(const pl_push_ack_t *ack, pl_buf_t *out);
/** Append the mattermost-push-proxy HTTP answer {"status":...,"error":...} (no "v") to out. */
int pl_push_ack_encode_http(const pl_push_ack_t *ack, pl_buf_t *out);
/** Parse a v1 ack body. @return PL_OK or PL_EINVAL (err says why). */
int pl_push_ack_decode(const char *json, size_t len, pl_push_ack_t *ack, char *err, size_t errn);

#endif
