/*
 * floor: what an ideal WebSocket server would cost for bench/ws's fan-out (the machine's floor).
 * No database, no JSON, no allocation per recipient: T threads (one epoll each, one SO_REUSEPORT
 * listener each, TCP_NODELAY, as parley-core's loops), a canned upgrade answer and hello, and for
 * each `user_typing` frame the same `typing` event parley-core sends (same bytes: header | shared
 * prefix | per-connection "<seq>}") to every other connection of every thread. The same ws_load
 * reads it, so the reader, its epoll pattern and the frame sizes are those of the real benchmark.
 *
 *   floor --port P [--threads T] [--mode writev|coalesce|uring] [--batch B]
 *
 * --slice-us: the loop threads' requested EEVDF slice (an experiment: fewer preemptions by woken readers).
 * Modes: writev (one writev per recipient per event, at once), coalesce (events that are pending
 * when a thread gets to them go out in one writev per recipient), uring (io_uring: B sends per
 * submission, built with liburing only). Prints "READY" once listening; stops on SIGTERM/SIGINT.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#ifdef FLOOR_URING
#include <liburing.h>
#endif

#define RBUF 4096
#define MAX_THREADS 16
#define MAX_EVENTS 64 /* events coalesced into one write */
#define PREFIX_MAX 512

enum { MODE_WRITEV, MODE_COALESCE, MODE_URING };

typedef struct event {
    atomic_int refs;
    int sender_fd;
    uint32_t len;
    char prefix[PREFIX_MAX];
} event_t;

typedef struct fconn {
    int fd;
    uint8_t open;
    uint32_t seq; /* next event seq (hello was 0) */
    uint32_t rlen;
    char *rbuf;
    char *pend; /* bytes a short write left (rare: the reader keeps up) */
    size_t npend;
    char user_id[27];
} fconn_t;

typedef struct worker {
    pthread_t tid;
    int index, ep, efd, lfd;
    fconn_t **conns; /* open connections (recipients) */
    size_t nconns, capconns;
    pthread_mutex_t lock;
    event_t *inbox[4096];
    size_t ninbox;
#ifdef FLOOR_URING
    struct io_uring ring;
#endif
} worker_t;

static struct {
    int port, threads, mode, batch, slice_us;
} opt = {.threads = 2, .mode = MODE_WRITEV, .batch = 256};

static worker_t workers[MAX_THREADS];
static volatile sig_atomic_t stop_now;

static void on_stop(int sig)
{
    (void)sig;
    stop_now = 1;
}

static void fake_id(char out[27], uint64_t n)
{
    static const char a[] = "ybndrfg8ejkmcpqxot1uwisza345h769";
    for (int i = 0; i < 26; i++) {
        out[i] = a[n & 31];
        n = n * 6364136223846793005ull + 1442695040888963407ull;
    }
    out[26] = '\0';
}

static size_t frame_header(uint8_t *h, size_t len)
{
    h[0] = 0x81;
    if (len < 126) {
        h[1] = (uint8_t)len;
        return 2;
    }
    h[1] = 126;
    h[2] = (uint8_t)(len >> 8);
    h[3] = (uint8_t)len;
    return 4;
}

static size_t seq_suffix(char *out, uint32_t seq)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + seq % 10);
        seq /= 10;
    } while (seq != 0);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '}';
    return n + 1;
}

static void write_all_blocking(fconn_t *c, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EAGAIN) {
            usleep(50);
            continue;
        }
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* What a short write left: kept and written when the socket is writable again. */
static void keep_rest(worker_t *w, fconn_t *c, const struct iovec *iov, int niov, size_t done)
{
    size_t total = 0;
    for (int i = 0; i < niov; i++)
        total += iov[i].iov_len;
    char *p = realloc(c->pend, c->npend + total - done);
    if (p == NULL)
        abort();
    c->pend = p;
    for (int i = 0; i < niov; i++) {
        size_t skip = done < iov[i].iov_len ? done : iov[i].iov_len;
        done -= skip;
        memcpy(c->pend + c->npend, (char *)iov[i].iov_base + skip, iov[i].iov_len - skip);
        c->npend += iov[i].iov_len - skip;
    }
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
    epoll_ctl(w->ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void flush_pending(worker_t *w, fconn_t *c)
{
    ssize_t n = send(c->fd, c->pend, c->npend, MSG_NOSIGNAL);
    if (n <= 0)
        return;
    memmove(c->pend, c->pend + n, c->npend - (size_t)n);
    c->npend -= (size_t)n;
    if (c->npend == 0) {
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(w->ep, EPOLL_CTL_MOD, c->fd, &ev);
    }
}

typedef struct slot {
    uint8_t hdr[4];
    char suffix[12];
} slot_t;

/* iov for events ev[0..n) to c (3 per event), in slots. @return iov count. */
static int build_iov(fconn_t *c, event_t **ev, int n, slot_t *slots, struct iovec *iov)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        size_t sl = seq_suffix(slots[i].suffix, c->seq++);
        size_t hl = frame_header(slots[i].hdr, ev[i]->len + sl);
        iov[k++] = (struct iovec){slots[i].hdr, hl};
        iov[k++] = (struct iovec){ev[i]->prefix, ev[i]->len};
        iov[k++] = (struct iovec){slots[i].suffix, sl};
    }
    return k;
}

static void send_to(worker_t *w, fconn_t *c, event_t **ev, int n)
{
    slot_t slots[MAX_EVENTS];
    struct iovec iov[MAX_EVENTS * 3];
    int k = build_iov(c, ev, n, slots, iov);
    if (c->npend > 0) {
        keep_rest(w, c, iov, k, 0);
        return;
    }
    ssize_t done = writev(c->fd, iov, k);
    size_t total = 0;
    for (int i = 0; i < k; i++)
        total += iov[i].iov_len;
    if (done < 0 && errno != EAGAIN)
        return;
    if ((size_t)(done < 0 ? 0 : done) < total)
        keep_rest(w, c, iov, k, done < 0 ? 0 : (size_t)done);
}

#ifdef FLOOR_URING
/* One event to every recipient through io_uring, opt.batch sends per submission. */
static void send_uring(worker_t *w, event_t **ev, int n)
{
    size_t per = (size_t)opt.batch;
    slot_t *slots = malloc(per * (size_t)n * sizeof(*slots));
    struct iovec *iov = malloc(per * (size_t)n * 3 * sizeof(*iov));
    struct msghdr *mh = malloc(per * sizeof(*mh));
    for (size_t base = 0; base < w->nconns; base += per) {
        size_t cnt = w->nconns - base < per ? w->nconns - base : per;
        size_t queued = 0;
        for (size_t j = 0; j < cnt; j++) {
            fconn_t *c = w->conns[base + j];
            if (c->fd == ev[0]->sender_fd)
                continue;
            if (c->npend > 0) { /* behind a short write: appended to what waits for EPOLLOUT */
                send_to(w, c, ev, n);
                continue;
            }
            int k = build_iov(c, ev, n, slots + j * (size_t)n, iov + j * (size_t)n * 3);
            mh[j] = (struct msghdr){.msg_iov = iov + j * (size_t)n * 3, .msg_iovlen = (size_t)k};
            struct io_uring_sqe *sqe = io_uring_get_sqe(&w->ring);
            io_uring_prep_sendmsg(sqe, c->fd, &mh[j], MSG_NOSIGNAL | MSG_DONTWAIT);
            sqe->user_data = base + j;
            queued++;
        }
        io_uring_submit_and_wait(&w->ring, (unsigned)queued);
        struct io_uring_cqe *cqe;
        while (queued > 0 && io_uring_peek_cqe(&w->ring, &cqe) == 0) {
            size_t j = (size_t)cqe->user_data - base;
            size_t total = 0;
            for (size_t i = 0; i < mh[j].msg_iovlen; i++)
                total += mh[j].msg_iov[i].iov_len;
            if (cqe->res >= 0 && (size_t)cqe->res < total)
                keep_rest(w, w->conns[base + j], mh[j].msg_iov, (int)mh[j].msg_iovlen, (size_t)cqe->res);
            io_uring_cqe_seen(&w->ring, cqe);
            queued--;
        }
    }
    free(slots);
    free(iov);
    free(mh);
}
#endif

static void event_unref(event_t *e)
{
    if (atomic_fetch_sub(&e->refs, 1) == 1)
        free(e);
}

static void deliver(worker_t *w, event_t **ev, int n)
{
#ifdef FLOOR_URING
    if (opt.mode == MODE_URING) {
        send_uring(w, ev, n);
        return;
    }
#endif
    for (size_t i = 0; i < w->nconns; i++) {
        fconn_t *c = w->conns[i];
        if (c->fd != ev[0]->sender_fd)
            send_to(w, c, ev, n);
    }
}

/* The thread's inbox: one writev per recipient per event, or (coalesce) per run of pending events
 * from the same sender. */
static void drain_inbox(worker_t *w)
{
    event_t *ev[4096];
    pthread_mutex_lock(&w->lock);
    size_t n = w->ninbox;
    memcpy(ev, w->inbox, n * sizeof(*ev));
    w->ninbox = 0;
    pthread_mutex_unlock(&w->lock);
    size_t step = opt.mode == MODE_COALESCE ? MAX_EVENTS : 1;
    for (size_t i = 0; i < n;) {
        size_t m = 1;
        while (m < step && i + m < n && ev[i + m]->sender_fd == ev[i]->sender_fd)
            m++;
        deliver(w, ev + i, (int)m);
        i += m;
    }
    for (size_t i = 0; i < n; i++)
        event_unref(ev[i]);
}

static void publish(event_t *e)
{
    atomic_init(&e->refs, opt.threads);
    for (int t = 0; t < opt.threads; t++) {
        worker_t *w = &workers[t];
        pthread_mutex_lock(&w->lock);
        int was_empty = w->ninbox == 0;
        if (w->ninbox < sizeof(w->inbox) / sizeof(w->inbox[0]))
            w->inbox[w->ninbox++] = e;
        else
            event_unref(e);
        pthread_mutex_unlock(&w->lock);
        if (was_empty) {
            uint64_t one = 1;
            if (write(w->efd, &one, sizeof(one)) < 0)
                perror("eventfd");
        }
    }
}

/* {"event":"typing","data":{"parent_id":P,"user_id":U},"broadcast":{...},"seq": as parley-core. */
static void on_typing(fconn_t *c, const char *p, size_t n, const char *seq)
{
    const char *k = memmem(p, n, "\"parent_id\":\"", 13);
    char parent[65] = "";
    if (k != NULL) {
        k += 13;
        size_t l = 0;
        while (k + l < p + n && k[l] != '"' && l < 64)
            l++;
        memcpy(parent, k, l);
        parent[l] = '\0';
    }
    char reply[64];
    int rl = snprintf(reply, sizeof(reply), "{\"status\":\"OK\",\"seq_reply\":%ld}", strtol(seq, NULL, 10));
    uint8_t h[4];
    size_t hl = frame_header(h, (size_t)rl);
    write_all_blocking(c, (char *)h, hl);
    write_all_blocking(c, reply, (size_t)rl);
    event_t *e = malloc(sizeof(*e));
    if (e == NULL)
        abort();
    e->sender_fd = c->fd;
    e->len = (uint32_t)snprintf(e->prefix, sizeof(e->prefix),
                                "{\"event\":\"typing\",\"data\":{\"parent_id\":\"%s\",\"user_id\":\"%s\"},\"broadcast\":"
                                "{\"omit_users\":{\"%s\":true},\"user_id\":\"\",\"channel_id\":\"%.26s\",\"team_id\":\"\","
                                "\"connection_id\":\"\",\"omit_connection_id\":\"\"},\"seq\":",
                                parent, c->user_id, c->user_id, "bench0channel0id000000000000");
    publish(e);
}

static void on_text(fconn_t *c, char *p, size_t n)
{
    if (memmem(p, n, "\"user_typing\"", 13) == NULL)
        return;
    const char *s = memmem(p, n, "\"seq\":", 6);
    on_typing(c, p, n, s != NULL ? s + 6 : "0");
}

static void add_recipient(worker_t *w, fconn_t *c)
{
    if (w->nconns == w->capconns) {
        w->capconns = w->capconns ? w->capconns * 2 : 1024;
        w->conns = realloc(w->conns, w->capconns * sizeof(*w->conns));
        if (w->conns == NULL)
            abort();
    }
    w->conns[w->nconns++] = c;
}

static void on_upgrade(worker_t *w, fconn_t *c)
{
    static const char resp[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    char hello[400];
    int n = snprintf(hello, sizeof(hello),
                     "{\"event\":\"hello\",\"data\":{\"connection_id\":\"%s\",\"server_version\":\"floor\"},\"broadcast\":"
                     "{\"omit_users\":null,\"user_id\":\"%s\",\"channel_id\":\"\",\"team_id\":\"\",\"connection_id\":\"\","
                     "\"omit_connection_id\":\"\"},\"seq\":0}",
                     c->user_id, c->user_id);
    uint8_t h[4];
    size_t hl = frame_header(h, (size_t)n);
    write_all_blocking(c, resp, sizeof(resp) - 1);
    write_all_blocking(c, (char *)h, hl);
    write_all_blocking(c, hello, (size_t)n);
    c->open = 1;
    c->seq = 1;
    add_recipient(w, c);
}

/* Client frames (masked) out of c->rbuf. */
static void parse_frames(fconn_t *c)
{
    size_t off = 0;
    while (c->rlen - off >= 6) {
        uint8_t *b = (uint8_t *)c->rbuf + off;
        size_t len = b[1] & 0x7f, hl = 2;
        if (len == 126) {
            if (c->rlen - off < 8)
                break;
            len = ((size_t)b[2] << 8) | b[3];
            hl = 4;
        } else if (len == 127) {
            off = c->rlen; /* never sent by ws_load */
            break;
        }
        if (c->rlen - off < hl + 4 + len)
            break;
        uint8_t *mask = b + hl, *p = b + hl + 4;
        for (size_t i = 0; i < len; i++)
            p[i] ^= mask[i & 3];
        if ((b[0] & 0x0f) == 0x1)
            on_text(c, (char *)p, len);
        off += hl + 4 + len;
    }
    memmove(c->rbuf, c->rbuf + off, c->rlen - off);
    c->rlen -= (uint32_t)off;
}

static void on_readable(worker_t *w, fconn_t *c)
{
    for (;;) {
        ssize_t r = recv(c->fd, c->rbuf + c->rlen, RBUF - c->rlen, 0);
        if (r <= 0) {
            if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                epoll_ctl(w->ep, EPOLL_CTL_DEL, c->fd, NULL);
                shutdown(c->fd, SHUT_RDWR); /* kept in the list: the fd is not reused */
            }
            return;
        }
        c->rlen += (uint32_t)r;
        if (!c->open) {
            char *end = memmem(c->rbuf, c->rlen, "\r\n\r\n", 4);
            if (end == NULL)
                continue;
            size_t used = (size_t)(end + 4 - c->rbuf);
            memmove(c->rbuf, c->rbuf + used, c->rlen - used);
            c->rlen -= (uint32_t)used;
            on_upgrade(w, c);
        }
        parse_frames(c);
        if (c->rlen == RBUF)
            c->rlen = 0;
    }
}

static void on_accept(worker_t *w)
{
    static atomic_uint_fast64_t ids;
    for (;;) {
        int fd = accept4(w->lfd, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0)
            return;
        fconn_t *c = calloc(1, sizeof(*c));
        c->fd = fd;
        c->rbuf = malloc(RBUF);
        fake_id(c->user_id, atomic_fetch_add(&ids, 1) + 1);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(w->ep, EPOLL_CTL_ADD, fd, &ev);
    }
}

static int listener(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port)};
    a.sin_addr.s_addr = htonl(0x7f000001u);
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 4096) != 0) {
        perror("listen");
        exit(1);
    }
    return fd;
}

/* EEVDF (Linux >= 6.12): this thread's requested time slice (sched_runtime of SCHED_OTHER). */
struct floor_sched_attr { /* struct sched_attr (linux/sched/types.h clashes with sched.h) */
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
    uint32_t sched_util_min, sched_util_max;
};

static void set_slice(void)
{
    if (opt.slice_us <= 0)
        return;
    struct floor_sched_attr a = {.size = sizeof(a), .sched_policy = SCHED_OTHER, .sched_runtime = (uint64_t)opt.slice_us * 1000};
    if (syscall(SYS_sched_setattr, 0, &a, 0) != 0)
        perror("sched_setattr");
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    set_slice();
    struct epoll_event evs[512];
    while (!stop_now) {
        int m = epoll_wait(w->ep, evs, 512, 200);
        for (int i = 0; i < m; i++) {
            void *p = evs[i].data.ptr;
            if (p == &w->lfd) {
                on_accept(w);
            } else if (p == &w->efd) {
                uint64_t v;
                if (read(w->efd, &v, sizeof(v)) < 0 && errno != EAGAIN)
                    perror("eventfd");
                drain_inbox(w);
            } else {
                fconn_t *c = p;
                if ((evs[i].events & EPOLLOUT) && c->npend > 0)
                    flush_pending(w, c);
                if (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
                    on_readable(w, c);
            }
        }
    }
    return NULL;
}

static void parse_args(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--port"))
            opt.port = atoi(v);
        else if (!strcmp(k, "--threads"))
            opt.threads = atoi(v);
        else if (!strcmp(k, "--slice-us"))
            opt.slice_us = atoi(v);
        else if (!strcmp(k, "--batch"))
            opt.batch = atoi(v);
        else if (!strcmp(k, "--mode"))
            opt.mode = !strcmp(v, "coalesce") ? MODE_COALESCE : !strcmp(v, "uring") ? MODE_URING : MODE_WRITEV;
        else {
            fprintf(stderr, "unknown option %s\n", k);
            exit(2);
        }
    }
#ifndef FLOOR_URING
    if (opt.mode == MODE_URING) {
        fprintf(stderr, "floor: built without liburing\n");
        exit(2);
    }
#endif
    if (opt.port <= 0 || opt.threads < 1 || opt.threads > MAX_THREADS || opt.batch < 1 || opt.batch > 65536) {
        fprintf(stderr, "usage: floor --port P [--threads T] [--mode writev|coalesce|uring] [--batch B]\n");
        exit(2);
    }
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    for (int t = 0; t < opt.threads; t++) {
        worker_t *w = &workers[t];
        w->index = t;
        w->ep = epoll_create1(0);
        w->efd = eventfd(0, EFD_NONBLOCK);
        w->lfd = listener();
        pthread_mutex_init(&w->lock, NULL);
#ifdef FLOOR_URING
        if (opt.mode == MODE_URING && io_uring_queue_init((unsigned)opt.batch, &w->ring, 0) != 0) {
            fprintf(stderr, "io_uring_queue_init failed\n");
            return 1;
        }
#endif
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &w->lfd};
        epoll_ctl(w->ep, EPOLL_CTL_ADD, w->lfd, &ev);
        struct epoll_event ee = {.events = EPOLLIN, .data.ptr = &w->efd};
        epoll_ctl(w->ep, EPOLL_CTL_ADD, w->efd, &ee);
    }
    printf("READY\n");
    fflush(stdout);
    for (int t = 0; t < opt.threads; t++)
        pthread_create(&workers[t].tid, NULL, worker_main, &workers[t]);
    for (int t = 0; t < opt.threads; t++)
        pthread_join(workers[t].tid, NULL);
    return 0;
}
