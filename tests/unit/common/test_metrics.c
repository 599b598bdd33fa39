#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "parley/err.h"
#include "parley/metrics.h"

static const char dropped_family[] =
    "# HELP parley_metrics_dropped_series_total Label sets dropped because their family reached its series limit.\n"
    "# TYPE parley_metrics_dropped_series_total counter\n";

static void assert_render(pl_metrics_t *reg, const char *want)
{
    pl_buf_t out;
    pl_buf_init(&out, 1 << 20);
    assert_int_equal(pl_metrics_render(reg, &out), PL_OK);
    assert_string_equal(out.data, want);
    pl_buf_dispose(&out);
}

static void test_render_small_registry(void **state)
{
    (void)state;
    pl_metrics_t *reg = pl_metrics_create();
    const char *const req_labels[] = {"method", "code"};
    pl_metric_t *req = pl_metrics_counter_new(reg, "http_requests_total", "HTTP requests.", 2, req_labels);
    pl_metric_t *up = pl_metrics_gauge_new(reg, "up", "Line one\nback\\slash", 0, NULL);
    const double buckets[] = {0.1, 0.5, 2};
    const char *const lat_labels[] = {"route"};
    pl_metric_t *lat = pl_metrics_histogram_new(reg, "latency_seconds", "Latency.", 1, lat_labels, buckets, 3);
    assert_non_null(req);
    assert_non_null(up);
    assert_non_null(lat);

    const char *const get200[] = {"GET", "200"}, *const post500[] = {"POST", "500"};
    pl_metrics_add(req, get200, 1);
    pl_metrics_add(req, get200, 2);
    pl_metrics_add(req, post500, 1);
    pl_metrics_add(req, post500, -5); /* counters never go down */
    pl_metrics_set(up, NULL, 1);
    pl_metrics_add(up, NULL, 0.25);
    const char *const users[] = {"/api/v4/users"}, *const odd[] = {"a\"b\\c\nd"};
    pl_metrics_observe(lat, users, 0.05);
    pl_metrics_observe(lat, users, 0.1); /* le is inclusive */
    pl_metrics_observe(lat, users, 1);
    pl_metrics_observe(lat, users, 3);
    pl_metrics_observe(lat, odd, 0.5);
    pl_metrics_observe(up, NULL, 1); /* ignored: not a histogram */

    assert_render(reg, "# HELP http_requests_total HTTP requests.\n"
                       "# TYPE http_requests_total counter\n"
                       "http_requests_total{method=\"GET\",code=\"200\"} 3\n"
                       "http_requests_total{method=\"POST\",code=\"500\"} 1\n"
                       "# HELP up Line one\\nback\\\\slash\n"
                       "# TYPE up gauge\n"
                       "up 1.25\n"
                       "# HELP latency_seconds Latency.\n"
                       "# TYPE latency_seconds histogram\n"
                       "latency_seconds_bucket{route=\"/api/v4/users\",le=\"0.1\"} 2\n"
                       "latency_seconds_bucket{route=\"/api/v4/users\",le=\"0.5\"} 2\n"
                       "latency_seconds_bucket{route=\"/api/v4/users\",le=\"2\"} 3\n"
                       "latency_seconds_bucket{route=\"/api/v4/users\",le=\"+Inf\"} 4\n"
                       "latency_seconds_sum{route=\"/api/v4/users\"} 4.15\n"
                       "latency_seconds_count{route=\"/api/v4/users\"} 4\n"
                       "latency_seconds_bucket{route=\"a\\\"b\\\\c\\nd\",le=\"0.1\"} 0\n"
                       "latency_seconds_bucket{route=\"a\\\"b\\\\c\\nd\",le=\"0.5\"} 1\n"
                       "latency_seconds_bucket{route=\"a\\\"b\\\\c\\nd\",le=\"2\"} 1\n"
                       "latency_seconds_bucket{route=\"a\\\"b\\\\c\\nd\",le=\"+Inf\"} 1\n"
                       "latency_seconds_sum{route=\"a\\\"b\\\\c\\nd\"} 0.5\n"
                       "latency_seconds_count{route=\"a\\\"b\\\\c\\nd\"} 1\n"
                       "# HELP parley_metrics_dropped_series_total Label sets dropped because their family reached "
                       "its series limit.\n"
                       "# TYPE parley_metrics_dropped_series_total counter\n"
                       "parley_metrics_dropped_series_total 0\n");
    pl_metrics_destroy(reg);
}

static void test_unlabelled_histogram_and_special_values(void **state)
{
    (void)state;
    pl_metrics_t *reg = pl_metrics_create();
    pl_metric_t *h = pl_metrics_histogram_new(reg, "h", "", 0, NULL, NULL, 0);
    pl_metric_t *g = pl_metrics_gauge_new(reg, "g", "G.", 0, NULL);
    pl_metrics_observe(h, NULL, 7);
    pl_metrics_set(g, NULL, -INFINITY);
    pl_metrics_set(g, NULL, NAN); /* ignored */
    char want[1024];
    snprintf(want, sizeof(want),
             "# HELP h \n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 7\nh_count 1\n"
             "# HELP g G.\n# TYPE g gauge\ng -Inf\n%sparley_metrics_dropped_series_total 0\n",
             dropped_family);
    assert_render(reg, want);
    pl_metrics_set(g, NULL, 1e21);
    pl_metrics_set(g, NULL, 0.1);
    pl_buf_t out;
    pl_buf_init(&out, 4096);
    pl_metrics_render(reg, &out);
    assert_non_null(strstr(out.data, "\ng 0.1\n"));
    pl_buf_dispose(&out);
    pl_metrics_destroy(reg);
}

static void test_invalid_families(void **state)
{
    (void)state;
    pl_metrics_t *reg = pl_metrics_create();
    const char *const le[] = {"le"}, *const bad[] = {"0x"}, *const dup[] = {"a", "a"};
    const char *const five[] = {"a", "b", "c", "d", "e"};
    const double unsorted[] = {1, 0.5};
    assert_non_null(pl_metrics_counter_new(reg, "ok_total", "", 0, NULL));
    assert_null(pl_metrics_counter_new(reg, "ok_total", "", 0, NULL));
    assert_null(pl_metrics_counter_new(reg, "parley_metrics_dropped_series_total", "", 0, NULL));
    assert_null(pl_metrics_counter_new(reg, "9lives", "", 0, NULL));
    assert_null(pl_metrics_counter_new(reg, "has space", "", 0, NULL));
    assert_null(pl_metrics_counter_new(reg, "x", "", 1, bad));
    assert_null(pl_metrics_counter_new(reg, "y", "", 2, dup));
    assert_null(pl_metrics_counter_new(reg, "z", "", 5, five));
    assert_null(pl_metrics_histogram_new(reg, "h1", "", 1, le, NULL, 0));
    assert_null(pl_metrics_histogram_new(reg, "h2", "", 0, NULL, unsorted, 2));
    assert_non_null(pl_metrics_gauge_new(reg, "ns:sub_name", "", 1, le)); /* le is fine outside histograms */
    pl_metrics_destroy(reg);
}

static void test_series_cap(void **state)
{
    (void)state;
    pl_metrics_t *reg = pl_metrics_create();
    const char *const names[] = {"id"};
    pl_metric_t *c = pl_metrics_counter_new(reg, "c_total", "", 1, names);
    char v[16];
    const char *const vals[] = {v};
    for (int i = 0; i < PL_METRICS_MAX_SERIES + 10; i++) {
        snprintf(v, sizeof(v), "%d", i);
        pl_metrics_add(c, vals, 1);
    }
    pl_metrics_add(c, vals, 1); /* still dropped */
    snprintf(v, sizeof(v), "%d", 0);
    pl_metrics_add(c, vals, 1); /* an existing series still counts */
    pl_buf_t out;
    pl_buf_init(&out, 1 << 20);
    pl_metrics_render(reg, &out);
    assert_non_null(strstr(out.data, "\nparley_metrics_dropped_series_total 11\n"));
    assert_non_null(strstr(out.data, "\nc_total{id=\"0\"} 2\n"));
    assert_non_null(strstr(out.data, "\nc_total{id=\"1023\"} 1\n"));
    assert_null(strstr(out.data, "c_total{id=\"1024\"}"));
    pl_buf_dispose(&out);
    pl_metrics_destroy(reg);
}

static void collect_queue(pl_metrics_t *reg, void *arg)
{
    (void)reg;
    pl_metric_t **m = arg;
    static int calls;
    pl_metrics_set(m[0], NULL, ++calls * 10);
}

static void test_collectors_and_cap(void **state)
{
    (void)state;
    pl_metrics_t *reg = pl_metrics_create();
    pl_metric_t *m[1] = {pl_metrics_gauge_new(reg, "queue_depth", "Depth.", 0, NULL)};
    pl_metrics_on_collect(reg, collect_queue, m);
    pl_buf_t out;
    pl_buf_init(&out, 4096);
    pl_metrics_render(reg, &out);
    assert_non_null(strstr(out.data, "\nqueue_depth 10\n"));
    pl_buf_reset(&out);
    pl_metrics_render(reg, &out);
    assert_non_null(strstr(out.data, "\nqueue_depth 20\n"));
    pl_buf_dispose(&out);
    pl_buf_init(&out, 16);
    assert_int_equal(pl_metrics_render(reg, &out), PL_ETOOBIG);
    pl_buf_dispose(&out);
    pl_metrics_destroy(reg);
}

#define THREADS 4
#define INCREMENTS 20000

typedef struct worker_arg {
    pl_metric_t *counter, *hist;
} worker_arg_t;

static void *worker(void *p)
{
    worker_arg_t *a = p;
    const char *const odd[] = {"odd"}, *const even[] = {"even"};
    for (int i = 0; i < INCREMENTS; i++) {
        pl_metrics_add(a->counter, i % 2 ? odd : even, 1);
        pl_metrics_observe(a->hist, NULL, i % 2);
    }
    return NULL;
}

static void test_concurrent_updates(void **state)
{
    (void)state;
    pl_metrics_t *reg = pl_metrics_create();
    const char *const names[] = {"kind"};
    const double buckets[] = {0.5};
    worker_arg_t a = {pl_metrics_counter_new(reg, "ops_total", "Ops.", 1, names),
                      pl_metrics_histogram_new(reg, "vals", "Vals.", 0, NULL, buckets, 1)};
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &a), 0);
    pl_buf_t out;
    pl_buf_init(&out, 1 << 16);
    for (int i = 0; i < 20; i++) { /* render while updating */
        pl_buf_reset(&out);
        assert_int_equal(pl_metrics_render(reg, &out), PL_OK);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pl_buf_reset(&out);
    pl_metrics_render(reg, &out);
    char want[128];
    snprintf(want, sizeof(want), "\nops_total{kind=\"even\"} %d\nops_total{kind=\"odd\"} %d\n", THREADS * INCREMENTS / 2,
             THREADS * INCREMENTS / 2);
    assert_non_null(strstr(out.data, want));
    snprintf(want, sizeof(want), "\nvals_bucket{le=\"0.5\"} %d\nvals_bucket{le=\"+Inf\"} %d\nvals_sum %d\nvals_count %d\n",
             THREADS * INCREMENTS / 2, THREADS * INCREMENTS, THREADS * INCREMENTS / 2, THREADS * INCREMENTS);
    assert_non_null(strstr(out.data, want));
    pl_buf_dispose(&out);
    pl_metrics_destroy(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_small_registry), cmocka_unit_test(test_unlabelled_histogram_and_special_values),
        cmocka_unit_test(test_invalid_families),      cmocka_unit_test(test_series_cap),
        cmocka_unit_test(test_collectors_and_cap),    cmocka_unit_test(test_concurrent_updates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
