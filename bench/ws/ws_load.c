/*
 * ws_load: a WebSocket load client for parley-core (bench/ws). Opens many authenticated sockets
 * from several processes (each with its own source address in 127.0.0.0/8), answers pings,
 * counts events and measures publish-to-receive latency of `typing` events whose parent_id
 * carries the sender's CLOCK_MONOTONIC time in microseconds.
 *
 *   ws_load --port P --tokens FILE [--procs 4] [--src-base 10] [--sender-token T --channel C
 *           --rate R --duration S] [--hold 1]
 *
 * Protocol on stdout/stdin (for the driver script): prints "READY <open> <failed>" once every
 * socket got its hello; waits for a line on stdin ("GO"); then, with a sender, sends typing at
 * R/s for S seconds, waits a second for stragglers, and prints one JSON line with the counts,
 * latency percentiles and the client processes' CPU time. Without a sender it prints the JSON
 * after the "GO" line right away (idle mode), or with --hold 1 after a second line (the sockets
 * stay open and count what they receive in between: bench/posts).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RBUF 4096
#define MAX_INFLIGHT 200
#define HIST_MS 10000 /* latency histogram: 0..10 s in 0.1 ms steps */
#define HIST_N (HIST_MS * 10 + 1)

enum { ST_CONNECTING, ST_UPGRADING, ST_OPEN, ST_DEAD };

typedef struct conn {
    int fd;
    uint8_t state;
    uint8_t got_hello;
    uint16_t rlen;
    const char *token;
    char *rbuf;
    uint64_t skip; /* payload bytes of an oversized frame still to skip */
} conn_t;

typedef struct stats {
    uint64_t open, failed, hellos, events, typing, closed;
    double cpu_at_go, cpu_at_end; /* this process's CPU seconds when the fan-out started / at the report */
    uint64_t hist[HIST_N];
} stats_t;

static struct {
    int port;
    const char *tokens_file;
    int procs, src_base;
    const char *sender_token, *channel;
    double rate, duration;
    int hold;
} opt = {.procs = 4, .src_base = 10, .rate = 10, .duration = 10};

static volatile sig_atomic_t report_now, go_now;

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void on_usr1(int sig)
{
    (void)sig;
    report_now = 1;
}

static void on_usr2(int sig)
{
    (void)sig;
    go_now = 1;
}

static double self_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int nb_socket(int src_octet)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in src = {.sin_family = AF_INET};
    src.sin_addr.s_addr = htonl(0x7f000000u | (uint32_t)src_octet);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0) {
        close(fd);
        return -1;
    }
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port)};
    dst.sin_addr.s_addr = htonl(0x7f000001u);
    if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) != 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN) {
            usleep(100);
            continue;
        }
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int send_upgrade(int fd, const char *token)
{
    char req[512];
    int n = snprintf(req, sizeof(req),
                     "GET /api/v4/websocket HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer %s\r\n\r\n",
                     opt.port, token);
    return send_all(fd, req, (size_t)n);
}

/* A masked client frame (mask 0: the payload stays as is, which RFC 6455 allows). */
static int send_frame(int fd, uint8_t opcode, const char *p, size_t n)
{
    uint8_t h[14];
    size_t hl = 0;
    h[hl++] = (uint8_t)(0x80 | opcode);
    if (n < 126) {
        h[hl++] = (uint8_t)(0x80 | n);
    } else {
        h[hl++] = 0x80 | 126;
        h[hl++] = (uint8_t)(n >> 8);
        h[hl++] = (uint8_t)n;
    }
    memset(h + hl, 0, 4);
    hl += 4;
    if (send_all(fd, h, hl) != 0)
        return -1;
    return n > 0 ? send_all(fd, p, n) : 0;
}

static void on_text(stats_t *st, conn_t *c, const char *p, size_t n)
{
    if (n > 20 && memmem(p, n < 40 ? n : 40, "\"event\":\"hello\"", 15) != NULL) {
        c->got_hello = 1;
        st->hellos++;
        return;
    }
    if (memmem(p, n < 40 ? n : 40, "\"event\":", 8) == NULL)
        return; /* a seq_reply */
    st->events++;
    const char *k = memmem(p, n, "\"parent_id\":\"", 13);
    if (k == NULL || memmem(p, n < 40 ? n : 40, "\"typing\"", 8) == NULL)
        return;
    st->typing++;
    int64_t sent = strtoll(k + 13, NULL, 10);
    int64_t lat = mono_us() - sent;
    if (sent <= 0 || lat < 0)
        return;
    int64_t b = lat / 100;
    st->hist[b < HIST_N ? b : HIST_N - 1]++;
}

/* Consume complete frames from c->rbuf. @return -1 when the server closed. */
static int parse_frames(stats_t *st, conn_t *c)
{
    size_t off = 0;
    while (c->rlen - off >= 2) {
        uint8_t *b = (uint8_t *)c->rbuf + off;
        uint8_t op = b[0] & 0x0f;
        uint64_t len = b[1] & 0x7f;
        size_t hl = 2;
        if (len == 126) {
            if (c->rlen - off < 4)
                break;
            len = ((uint64_t)b[2] << 8) | b[3];
            hl = 4;
        } else if (len == 127) {
            if (c->rlen - off < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; i++)
                len = (len << 8) | b[2 + i];
            hl = 10;
        }
        if (hl + len > RBUF) { /* bigger than the buffer: count it, skip the rest */
            st->events++;
            c->skip = hl + len - (c->rlen - off);
            off = c->rlen;
            break;
        }
        if (c->rlen - off < hl + len)
            break;
        if (op == 0x1)
            on_text(st, c, (char *)b + hl, (size_t)len);
        else if (op == 0x9)
            send_frame(c->fd, 0xa, (char *)b + hl, (size_t)len);
        else if (op == 0x8)
            return -1;
        off += hl + len;
    }
    memmove(c->rbuf, c->rbuf + off, c->rlen - off);
    c->rlen = (uint16_t)(c->rlen - off);
    return 0;
}

static int on_readable(stats_t *st, conn_t *c)
{
    for (;;) {
        size_t want = RBUF - c->rlen;
        ssize_t r = recv(c->fd, c->rbuf + c->rlen, want, 0);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
            return -1;
        if (r < 0)
            return 0;
        if (c->skip > 0) {
            size_t s = (size_t)r < c->skip ? (size_t)r : (size_t)c->skip;
            c->skip -= s;
            memmove(c->rbuf + c->rlen, c->rbuf + c->rlen + s, (size_t)r - s);
            r -= (ssize_t)s;
        }
        int partial0 = (size_t)r < want;
        c->rlen = (uint16_t)(c->rlen + r);
        if (c->state == ST_UPGRADING) {
            char *end = memmem(c->rbuf, c->rlen, "\r\n\r\n", 4);
            if (end == NULL) {
                if (partial0)
                    return 0;
                continue;
            }
            if (strncmp(c->rbuf, "HTTP/1.1 101", 12) != 0)
                return -1;
            size_t hl = (size_t)(end + 4 - c->rbuf);
            memmove(c->rbuf, end + 4, c->rlen - hl);
            c->rlen = (uint16_t)(c->rlen - hl);
            c->state = ST_OPEN;
        }
        int partial = (size_t)r < want;
        if (parse_frames(st, c) != 0)
            return -1;
        if (partial)
            return 0; /* less than asked for: level-triggered epoll tells us when there is more */
    }
}

static void child_main(int k, const char **tokens, size_t ntok, int out_fd)
{
    size_t n = 0;
    for (size_t i = (size_t)k; i < ntok; i += (size_t)opt.procs)
        n++;
    conn_t *cs = calloc(n, sizeof(*cs));
    stats_t *st = calloc(1, sizeof(*st));
    char *bufs = malloc(n * RBUF);
    int ep = epoll_create1(0);
    size_t next = 0, inflight = 0, ready_sent = 0;
    for (size_t i = (size_t)k, j = 0; i < ntok; i += (size_t)opt.procs, j++) {
        cs[j].token = tokens[i];
        cs[j].rbuf = bufs + j * RBUF;
        cs[j].fd = -1;
    }
    struct epoll_event evs[512];
    while (!report_now) {
        if (go_now == 1) {
            st->cpu_at_go = self_cpu();
            go_now = 2;
        }
        while (next < n && inflight < MAX_INFLIGHT) {
            conn_t *c = &cs[next++];
            c->fd = nb_socket(opt.src_base + k);
            if (c->fd < 0) {
                c->state = ST_DEAD;
                st->failed++;
                continue;
            }
            c->state = ST_CONNECTING;
            struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
            inflight++;
        }
        int m = epoll_wait(ep, evs, 512, 200);
        for (int i = 0; i < m; i++) {
            conn_t *c = evs[i].data.ptr;
            int was_open_hello = c->got_hello;
            if (c->state == ST_CONNECTING && (evs[i].events & EPOLLOUT)) {
                struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                c->state = ST_UPGRADING;
                if (send_upgrade(c->fd, c->token) != 0)
                    goto Dead;
            }
            if ((evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) && on_readable(st, c) != 0)
                goto Dead;
            if (!was_open_hello && c->got_hello) {
                inflight--;
                st->open++;
            }
            continue;
        Dead:
            epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
            close(c->fd);
            if (c->got_hello)
                st->closed++;
            else {
                st->failed++;
                inflight--;
            }
            c->state = ST_DEAD;
        }
        if (!ready_sent && st->open + st->failed == n) {
            char line[64];
            int l = snprintf(line, sizeof(line), "R %llu %llu\n", (unsigned long long)st->open, (unsigned long long)st->failed);
            if (write(out_fd, line, (size_t)l) < 0)
                break;
            ready_sent = 1;
        }
    }
    st->cpu_at_end = self_cpu();
    if (write(out_fd, st, sizeof(*st)) < 0)
        perror("write");
    for (size_t i = 0; i < n; i++)
        if (cs[i].state != ST_DEAD && cs[i].fd >= 0)
            close(cs[i].fd);
    _exit(0);
}

static size_t read_tokens(const char *path, const char ***out)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t n = 0, cap = 1024;
    const char **v = malloc(cap * sizeof(*v));
    char line[128];
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0')
            continue;
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof(*v));
        v[n++] = strdup(line);
    }
    fclose(f);
    *out = v;
    return n;
}

static int sender_open(void)
{
    int fd = nb_socket(opt.src_base + opt.procs);
    if (fd < 0)
        return -1;
    int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    usleep(100000);
    if (send_upgrade(fd, opt.sender_token) != 0)
        return -1;
    char buf[4096];
    ssize_t r = recv(fd, buf, sizeof(buf), 0);
    if (r < 12 || strncmp(buf, "HTTP/1.1 101", 12) != 0)
        return -1;
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    return fd;
}

static void sender_run(int fd, uint64_t *sent)
{
    int64_t start = mono_us(), period = (int64_t)(1e6 / opt.rate);
    char msg[256], drain[65536];
    for (uint64_t i = 0;; i++) {
        int64_t due = start + (int64_t)i * period;
        if (due - start > (int64_t)(opt.duration * 1e6))
            break;
        int64_t now = mono_us();
        if (due > now)
            usleep((useconds_t)(due - now));
        int n = snprintf(msg, sizeof(msg),
                         "{\"action\":\"user_typing\",\"seq\":%llu,\"data\":{\"channel_id\":\"%s\",\"parent_id\":\"%lld\"}}",
                         (unsigned long long)i + 1, opt.channel, (long long)mono_us());
        if (send_frame(fd, 0x1, msg, (size_t)n) != 0)
            break;
        (*sent)++;
        while (recv(fd, drain, sizeof(drain), MSG_DONTWAIT) > 0) {
        }
    }
}

static double percentile(const uint64_t *h, uint64_t total, double p)
{
    uint64_t want = (uint64_t)(p * (double)total), acc = 0;
    for (int i = 0; i < HIST_N; i++) {
        acc += h[i];
        if (acc > want)
            return i / 10.0;
    }
    return HIST_MS;
}

static void parse_args(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--port"))
            opt.port = atoi(v);
        else if (!strcmp(k, "--tokens"))
            opt.tokens_file = v;
        else if (!strcmp(k, "--procs"))
            opt.procs = atoi(v);
        else if (!strcmp(k, "--src-base"))
            opt.src_base = atoi(v);
        else if (!strcmp(k, "--sender-token"))
            opt.sender_token = v;
        else if (!strcmp(k, "--channel"))
            opt.channel = v;
        else if (!strcmp(k, "--rate"))
            opt.rate = atof(v);
        else if (!strcmp(k, "--duration"))
            opt.duration = atof(v);
        else if (!strcmp(k, "--hold"))
            opt.hold = atoi(v);
        else {
            fprintf(stderr, "unknown option %s\n", k);
            exit(2);
        }
    }
    if (opt.port <= 0 || opt.tokens_file == NULL || opt.procs < 1 || opt.procs > 64 || opt.rate <= 0 || opt.src_base < 2 ||
        opt.src_base + opt.procs > 254) {
        fprintf(stderr, "usage: ws_load --port P --tokens FILE [--procs N] [--src-base B] "
                        "[--sender-token T --channel C --rate R --duration S] [--hold 1]\n");
        exit(2);
    }
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    const char **tokens;
    size_t ntok = read_tokens(opt.tokens_file, &tokens);
    pid_t pids[64];
    int pipes[64];
    for (int k = 0; k < opt.procs; k++) {
        int p[2];
        if (pipe(p) != 0)
            return 1;
        pid_t pid = fork();
        if (pid == 0) {
            close(p[0]);
            signal(SIGUSR1, on_usr1);
            signal(SIGUSR2, on_usr2);
            child_main(k, tokens, ntok, p[1]);
        }
        close(p[1]);
        pids[k] = pid;
        pipes[k] = p[0];
    }
    uint64_t open = 0, failed = 0;
    for (int k = 0; k < opt.procs; k++) {
        char line[64] = {0};
        size_t l = 0;
        while (l < sizeof(line) - 1 && read(pipes[k], line + l, 1) == 1 && line[l] != '\n')
            l++;
        unsigned long long o = 0, f = 0;
        sscanf(line, "R %llu %llu", &o, &f);
        open += o;
        failed += f;
    }
    printf("READY %llu %llu\n", (unsigned long long)open, (unsigned long long)failed);
    fflush(stdout);
    char go[16];
    if (fgets(go, sizeof(go), stdin) == NULL)
        go[0] = '\0';
    uint64_t sent = 0;
    for (int k = 0; k < opt.procs; k++)
        kill(pids[k], SIGUSR2);
    double parent_cpu0 = self_cpu();
    int64_t t0 = mono_us();
    if (opt.sender_token != NULL && opt.channel != NULL) {
        int fd = sender_open();
        if (fd < 0) {
            fprintf(stderr, "sender could not connect\n");
        } else {
            sender_run(fd, &sent);
            usleep(1000000);
            close(fd);
        }
    } else if (opt.hold && fgets(go, sizeof(go), stdin) == NULL) {
        go[0] = '\0';
    }
    double wall = (double)(mono_us() - t0) / 1e6;
    stats_t *sum = calloc(1, sizeof(*sum)), st;
    for (int k = 0; k < opt.procs; k++)
        kill(pids[k], SIGUSR1);
    for (int k = 0; k < opt.procs; k++) {
        size_t got = 0;
        while (got < sizeof(st)) {
            ssize_t r = read(pipes[k], (char *)&st + got, sizeof(st) - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        if (got == sizeof(st)) {
            sum->hellos += st.hellos;
            sum->events += st.events;
            sum->typing += st.typing;
            sum->closed += st.closed;
            sum->cpu_at_end += st.cpu_at_end - st.cpu_at_go;
            for (int i = 0; i < HIST_N; i++)
                sum->hist[i] += st.hist[i];
        }
    }
    for (int k = 0; k < opt.procs; k++)
        waitpid(pids[k], NULL, 0);
    double cpu = sum->cpu_at_end + (self_cpu() - parent_cpu0); /* the fan-out phase only */
    printf("{\"open\":%llu,\"failed\":%llu,\"hellos\":%llu,\"sent\":%llu,\"events\":%llu,\"typing\":%llu,"
           "\"closed\":%llu,\"wall_s\":%.3f,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,\"client_cpu_s\":%.3f}\n",
           (unsigned long long)open, (unsigned long long)failed, (unsigned long long)sum->hellos, (unsigned long long)sent,
           (unsigned long long)sum->events, (unsigned long long)sum->typing, (unsigned long long)sum->closed, wall,
           percentile(sum->hist, sum->typing, 0.50), percentile(sum->hist, sum->typing, 0.99),
           percentile(sum->hist, sum->typing, 0.99999), cpu);
    fflush(stdout); /* before LeakSanitizer's exit check (an ASan build) can end the process */
    free(sum);
    for (size_t i = 0; i < ntok; i++)
        free((void *)tokens[i]);
    free(tokens);
    return 0;
}
