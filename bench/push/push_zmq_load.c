/*
 * push_zmq_load: drive parley-push-proxy's ZeroMQ intake like a core (DEALER, proto/ v1 push.job)
 * with at most WINDOW jobs unacknowledged; report pushes/s and ack latency percentiles as JSON.
 *   push_zmq_load ENDPOINT N WINDOW [PLATFORM]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void send_job(void *s, const char *prefix, long i, const char *platform)
{
    char id[32], body[512];
    snprintf(id, sizeof(id), "%s%021ld", prefix, i);
    int n = snprintf(body, sizeof(body),
                     "{\"v\":1,\"platform\":\"%s\",\"device_id\":\"%064ld\",\"server_id\":\"bench\",\"ack_id\":\"%s\","
                     "\"type\":\"message\",\"message\":\"bench message %ld\",\"channel_id\":\"c\",\"version\":\"v2\","
                     "\"channel_name\":\"Town Square\",\"badge\":1}",
                     platform, i, id, i);
    zmq_send(s, "PL1", 3, ZMQ_SNDMORE);
    zmq_send(s, "push.job", 8, ZMQ_SNDMORE);
    zmq_send(s, id, 26, ZMQ_SNDMORE);
    zmq_send(s, body, (size_t)n, 0);
}

/* Read one ack; @return its index or -1; *ok set when status OK. */
static long recv_ack(void *s, const char *prefix, int *ok)
{
    char f[4][1024];
    int n[4] = {0}, more = 1, k = 0;
    while (more) {
        int r = zmq_recv(s, k < 4 ? f[k] : f[3], 1023, 0);
        if (r < 0)
            return -1;
        if (k < 4)
            n[k] = r > 1023 ? 1023 : r;
        size_t ml = sizeof(more);
        zmq_getsockopt(s, ZMQ_RCVMORE, &more, &ml);
        k++;
    }
    if (k != 4 || n[2] != 26 || memcmp(f[2], prefix, 5) != 0)
        return -1;
    f[3][n[3]] = '\0';
    *ok = strstr(f[3], "\"status\":\"OK\"") != NULL;
    f[2][26] = '\0';
    return strtol(f[2] + 5, NULL, 10);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: push_zmq_load ENDPOINT N WINDOW [PLATFORM]\n");
        return 2;
    }
    long total = atol(argv[2]), window = atol(argv[3]), sent = 0, done = 0, oks = 0;
    const char *platform = argc > 4 ? argv[4] : "apple_rn-v2";
    char prefix[6];
    srand((unsigned)now_us());
    for (int i = 0; i < 5; i++)
        prefix[i] = (char)('a' + rand() % 26);
    prefix[5] = '\0';
    int64_t *start = calloc((size_t)total, sizeof(int64_t)), *lat = calloc((size_t)total, sizeof(int64_t));
    void *ctx = zmq_ctx_new(), *s = zmq_socket(ctx, ZMQ_DEALER);
    int zero = 0;
    zmq_setsockopt(s, ZMQ_SNDHWM, &zero, sizeof(zero));
    zmq_setsockopt(s, ZMQ_RCVHWM, &zero, sizeof(zero));
    zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof(zero));
    zmq_connect(s, argv[1]);
    int64_t t0 = now_us(), deadline = t0 + 120 * 1000000LL;
    while (done < total && now_us() < deadline) {
        while (sent < total && sent - done < window) {
            start[sent] = now_us();
            send_job(s, prefix, sent, platform);
            sent++;
        }
        zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 1000) <= 0)
            continue;
        do {
            int ok = 0;
            long i = recv_ack(s, prefix, &ok);
            if (i >= 0 && i < sent && lat[i] == 0) {
                lat[i] = now_us() - start[i];
                done++;
                oks += ok;
            }
        } while (zmq_poll(&it, 1, 0) > 0 && done < total);
    }
    double secs = (now_us() - t0) / 1e6;
    int64_t *l = calloc((size_t)(done ? done : 1), sizeof(int64_t));
    long m = 0;
    for (long i = 0; i < sent; i++)
        if (lat[i])
            l[m++] = lat[i];
    qsort(l, (size_t)m, sizeof(int64_t), cmp64);
    printf("{\"n\":%ld,\"acked\":%ld,\"ok\":%ld,\"secs\":%.3f,\"rate\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f}\n", total, done, oks,
           secs, done / secs, m ? l[m / 2] / 1000.0 : 0, m ? l[(m * 99) / 100] / 1000.0 : 0);
    free(l);
    free(start);
    free(lat);
    zmq_close(s);
    zmq_ctx_term(ctx);
    return done == total ? 0 : 1;
}
