#include "push.h"

#include "parley/err.h"

push_stats_t push_stats;

static const char *const L_PT[] = {"platform", "type"};
static const char *const L_PTR[] = {"platform", "type", "reason"};
static const char *const L_PR[] = {"platform", "reason"};
static const char *const L_PV[] = {"platform", "app_version"};
static const char *const L_P[] = {"platform"};
static const char *const L_SS[] = {"source", "status"};
static const char *const L_S[] = {"source"};

static const double secs[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
#define NSECS (sizeof(secs) / sizeof(secs[0]))

int push_stats_init(void)
{
    pl_metrics_t *r = pl_metrics_create();
    if (r == NULL)
        return PL_ERR;
    push_stats.reg = r;
    push_stats.notifications = pl_metrics_counter_new(r, "service_notifications_total", "Pushes accepted", 2, L_PT);
    push_stats.by_app_version =
        pl_metrics_counter_new(r, "service_notifications_by_app_version_total", "Pushes accepted by app version", 2, L_PV);
    push_stats.success = pl_metrics_counter_new(r, "service_success_total", "Pushes accepted by APNs/FCM", 2, L_PT);
    push_stats.failure = pl_metrics_counter_new(r, "service_failure_total", "Pushes answered FAIL", 2, L_PT);
    push_stats.failure_reason =
        pl_metrics_counter_new(r, "service_failure_with_reason_total", "Pushes answered FAIL, by reason", 3, L_PTR);
    push_stats.removal = pl_metrics_counter_new(r, "service_removal_total", "Pushes answered REMOVE", 2, L_PR);
    push_stats.bad_request = pl_metrics_counter_new(r, "service_bad_request_total", "Refused requests and frames", 0, NULL);
    push_stats.delivered = pl_metrics_counter_new(r, "service_delivered_total", "Delivery receipts (/api/v1/ack)", 2, L_PT);
    push_stats.apns_duration =
        pl_metrics_histogram_new(r, "service_apns_request_duration_seconds", "APNs request round trip", 0, NULL, secs, NSECS);
    push_stats.fcm_duration =
        pl_metrics_histogram_new(r, "service_fcm_request_duration_seconds", "FCM request round trip", 0, NULL, secs, NSECS);
    push_stats.request_duration =
        pl_metrics_histogram_new(r, "service_request_duration_seconds", "HTTP /api/v1/send_push duration", 0, NULL, secs, NSECS);
    push_stats.notification_duration = pl_metrics_histogram_new(r, "service_notification_duration_seconds",
                                                                "Accepted to answered, per platform", 1, L_P, secs, NSECS);
    push_stats.jobs = pl_metrics_counter_new(r, "parley_push_jobs_total", "Jobs answered, by intake and status", 2, L_SS);
    push_stats.retries = pl_metrics_counter_new(r, "parley_push_retries_total", "Sends retried, by reason", 2, L_PR);
    push_stats.duplicates = pl_metrics_counter_new(r, "parley_push_duplicates_total", "Jobs answered from the dedup set", 1, L_S);
    push_stats.throttled = pl_metrics_counter_new(r, "parley_push_throttled_total", "HTTP requests refused with 429", 0, NULL);
    push_stats.queue_depth = pl_metrics_gauge_new(r, "parley_push_queue_depth", "Jobs waiting for a sender", 1, L_P);
    push_stats.connections = pl_metrics_gauge_new(r, "parley_push_connections", "Open HTTP/2 connections to APNs", 1, L_P);
    push_stats.oauth_tokens =
        pl_metrics_counter_new(r, "parley_push_oauth_tokens_total", "OAuth2 access tokens fetched for FCM", 1, L_P);
    return PL_OK;
}

void push_stats_dispose(void)
{
    pl_metrics_destroy(push_stats.reg);
    push_stats.reg = NULL;
}
