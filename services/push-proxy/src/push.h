#ifndef PARLEY_PUSH_PROXY_PUSH_H
#define PARLEY_PUSH_PROXY_PUSH_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

#include "parley/metrics.h"
#include "parley/proto_push.h"

/* ---- configuration (config.c) ---- */

#define PUSH_MAX_TARGETS 32

typedef enum { PUSH_KIND_APPLE, PUSH_KIND_ANDROID } push_kind_t;

typedef struct push_target {
    char type[64]; /* "apple_rn", "android_rn", ... */
    push_kind_t kind;
    /* apple */
    bool use_development;
    char *cert_file, *cert_password, *topic, *auth_key_file, *auth_key_id, *team_id;
    /* android */
    char *service_file;
    int index; /* position among targets of its kind */
} push_target_t;

typedef struct push_config {
    char *listen_address;
    int64_t throttle_per_sec, throttle_store_size;
    char *throttle_vary_by_header;
    bool enable_metrics;
    int64_t send_timeout_sec, retry_timeout_sec;
    char *zmq_bind_address, *zmq_curve_secret_key;
    char *apns_base_url, *fcm_base_url, *oauth_token_url, *trusted_ca_file;
    int64_t apns_connections, apns_max_retries, fcm_max_retries, dedup_size, shutdown_timeout_sec, max_queue;
    int64_t fcm_quota_backoff_sec;
    char *log_level;
    /* from the arrays of the JSON document */
    push_target_t targets[PUSH_MAX_TARGETS];
    int ntargets;
    char **curve_client_keys; /* ZmqCurveAuthorizedKeys[] (Z85), NULL-terminated */
} push_config_t;

/** Load the file (NULL: defaults). On error print every problem to stderr and @return PL_EINVAL. */
int push_config_load(const char *path, push_config_t *cfg);
void push_config_dispose(push_config_t *cfg);
int push_config_print(const push_config_t *cfg);
const push_target_t *push_config_target(const push_config_t *cfg, const char *type);

/* ---- a job in flight (job.c) ---- */

typedef enum { PUSH_SRC_ZMQ, PUSH_SRC_HTTP } push_source_t;

typedef struct push_job push_job_t;
typedef void (*push_done_cb)(push_job_t *job);

struct push_job {
    pl_push_job_t n;
    char base_platform[64]; /* platform without -vN */
    int app_version;
    const push_target_t *target;
    push_source_t source;
    char msg_id[27];
    char rid[256];
    size_t rid_len;
    void *origin;      /* HTTP: the pending request */
    push_done_cb done; /* called once, from a sender thread, with job->ack filled */
    push_done_cb origin_done;
    pl_push_ack_t ack;
    int attempts;
    int64_t accepted_ms, deadline_ms, not_before_ms, sent_ms;
    char apns_id[37];
    push_job_t *next;
};

push_job_t *push_job_create(void);
void push_job_destroy(push_job_t *job);
/** A session device id "apple_rn-v2:<token>" with no platform given: split it as Mattermost does. */
void push_job_split_device_id(push_job_t *job);
/** Split platform into base + app version ("apple_rn-v2" -> "apple_rn", 2). */
void push_job_parse_platform(push_job_t *job);
/** Finish the job: set ack, count metrics, call done. */
void push_job_finish(push_job_t *job, pl_push_status_t s, const char *reason, const char *error);
/** The same with the ack's retry/removal hints. The job must not be touched afterwards. */
void push_job_finish_ex(push_job_t *job, pl_push_status_t s, const char *reason, const char *error, int64_t retry_after_ms,
                        int64_t removed_at_ms);

/* ---- a mutex queue with an eventfd (queue.c) ---- */

typedef struct push_queue {
    pthread_mutex_t mu;
    push_job_t *head, *tail;
    int efd;
    long len;
} push_queue_t;

int push_queue_init(push_queue_t *q);
void push_queue_dispose(push_queue_t *q);
void push_queue_put(push_queue_t *q, push_job_t *job);
/** Take every job (FIFO order, linked by next); clears the eventfd. */
push_job_t *push_queue_take_all(push_queue_t *q);
long push_queue_len(push_queue_t *q);

/* ---- routing (dispatch.c) ---- */

/** Route a validated job to its sender; on any refusal the job is finished with FAIL. */
void push_dispatch_submit(push_job_t *job);
/** Number of jobs accepted and not finished yet. */
long push_dispatch_inflight(void);

/* ---- senders ---- */

int push_apns_start(const push_config_t *cfg);
void push_apns_submit(push_job_t *job);
void push_apns_stop(void);
int push_fcm_start(const push_config_t *cfg);
void push_fcm_submit(push_job_t *job);
void push_fcm_stop(void);
/** Both senders: fail every job still queued (shutdown hand-back). */
void push_apns_drain(const char *reason);
void push_fcm_drain(const char *reason);

/* ---- intakes ---- */

int push_zmq_start(const push_config_t *cfg);
void push_zmq_stop_reading(void);
void push_zmq_stop(void);
int push_http_run(const push_config_t *cfg, volatile int *stop);

/* ---- dedup (dedup.c) ---- */

typedef struct push_dedup push_dedup_t;
push_dedup_t *push_dedup_create(long cap);
void push_dedup_destroy(push_dedup_t *d);
/** @return 1 and copy the stored ack when id was answered already; 2 when it is in flight; 0 when new (now in flight). */
int push_dedup_check(push_dedup_t *d, const char *id, pl_push_ack_t *ack_out);
/** Remember the answer for id (in flight -> answered). */
void push_dedup_store(push_dedup_t *d, const char *id, const pl_push_ack_t *ack);
/** Forget an in-flight id without an answer (handed back at shutdown). */
void push_dedup_forget(push_dedup_t *d, const char *id);

/* ---- throttle (throttle.c) ---- */

typedef struct push_throttle push_throttle_t;
push_throttle_t *push_throttle_create(long per_sec, long store_size);
void push_throttle_destroy(push_throttle_t *t);
/** @return 1 when a request under key may pass now. */
int push_throttle_allow(push_throttle_t *t, const char *key, int64_t now_ms);

/* ---- metrics (stats.c) ---- */

typedef struct push_stats {
    pl_metrics_t *reg;
    pl_metric_t *notifications, *success, *failure, *failure_reason, *removal, *bad_request, *delivered, *by_app_version,
        *apns_duration, *fcm_duration, *request_duration, *notification_duration, *jobs, *retries, *duplicates, *throttled,
        *queue_depth, *connections, *oauth_tokens;
} push_stats_t;

extern push_stats_t push_stats;
int push_stats_init(void);
void push_stats_dispose(void);

/* ---- JWT (jwt.c) ---- */

/** Base64url without padding. */
int push_b64url(const unsigned char *in, size_t n, char *out, size_t outn);
/** ES256 JWT {"alg":"ES256","kid":kid} {"iss":iss,"iat":iat} with the PKCS#8 PEM key. */
int push_jwt_es256(void *evp_pkey, const char *kid, const char *iss, int64_t iat, char *out, size_t outn);
/** RS256 JWT for the Google token endpoint. */
int push_jwt_rs256(void *evp_pkey, const char *kid, const char *iss, const char *scope, const char *aud, int64_t iat, char *out,
                   size_t outn);
/** Load a PEM private key from a file or a string (the "private_key" of a service account). */
void *push_jwt_load_key_file(const char *path);
void *push_jwt_load_key_pem(const char *pem);
void push_jwt_free_key(void *key);

/* ---- payloads (payload_apns.c, payload_fcm.c) ---- */

#define PUSH_APNS_MAX_PAYLOAD 4096
/** Build the APNs JSON payload (<= 4096 bytes, message shortened on a UTF-8 boundary). */
int push_payload_apns(const push_job_t *job, pl_buf_t *out);
/** apns-push-type and apns-priority for the job. */
const char *push_payload_apns_push_type(const push_job_t *job);
const char *push_payload_apns_priority(const push_job_t *job);
/** Build the FCM v1 {"message":{...}} body. */
int push_payload_fcm(const push_job_t *job, pl_buf_t *out);

/* ---- tokens in logs ---- */
const char *push_redact(const char *token, char *out, unsigned n);

extern const push_config_t *push_cfg;
extern push_dedup_t *push_dedup;

#endif
