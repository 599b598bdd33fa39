#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/log.h"
#include "parley/log_writer.h"

/*
 * The log writer: a caller never blocks on the log's fd. With the writer thread stuck in write(2)
 * on a full pipe, the queue takes exactly PL_LOG_WRITER_LINES more lines and drops (and counts) the
 * rest without blocking; once the pipe is read again every accepted line comes out whole, in order.
 */

#define FILLER 4096
#define EXTRA 5

typedef struct reader {
    int fd;
    size_t lines;   /* lines read ('\n' count) */
    size_t want;    /* stop after this many (or at EOF) */
    char last[512]; /* the last line seen */
} reader_t;

static void *read_lines(void *arg)
{
    reader_t *rd = arg;
    char buf[65536], line[512];
    size_t ll = 0;
    while (rd->lines < rd->want) {
        ssize_t n = read(rd->fd, buf, sizeof(buf));
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == 'x' && ll == 0)
                continue; /* the filler the test put in first */
            if (buf[i] == '\n') {
                line[ll] = '\0';
                memcpy(rd->last, line, ll + 1);
                rd->lines++;
                ll = 0;
            } else if (ll + 1 < sizeof(line)) {
                line[ll++] = buf[i];
            }
        }
    }
    return NULL;
}

/* Fill the pipe so that the next write(2) to it blocks. */
static void fill_pipe(int wfd)
{
    char x[FILLER];
    memset(x, 'x', sizeof(x));
    assert_true(fcntl(wfd, F_SETPIPE_SZ, FILLER) >= FILLER);
    int fl = fcntl(wfd, F_GETFL);
    fcntl(wfd, F_SETFL, fl | O_NONBLOCK);
    while (write(wfd, x, sizeof(x)) > 0)
        ;
    fcntl(wfd, F_SETFL, fl);
}

static void test_full_queue_drops_and_counts(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    fill_pipe(p[1]);
    pl_log_init("parley-test", PL_LOG_INFO, p[1]);
    unsigned long dropped0 = pl_log_dropped();

    PL_LOG_INFO("first"); /* the writer takes it and blocks in write(2): the pipe is full */
    while (pl_log_writer_depth() != 0)
        sched_yield();
    for (int i = 0; i < PL_LOG_WRITER_LINES; i++)
        PL_LOG_INFO("queued");
    assert_int_equal(pl_log_writer_depth(), PL_LOG_WRITER_LINES);
    assert_int_equal(pl_log_dropped() - dropped0, 0);
    for (int i = 0; i < EXTRA; i++)
        PL_LOG_INFO("dropped"); /* returns at once: the queue is full */
    assert_int_equal(pl_log_dropped() - dropped0, EXTRA);
    assert_int_equal(pl_log_writer_depth(), PL_LOG_WRITER_LINES);

    reader_t rd = {.fd = p[0], .want = SIZE_MAX}; /* until EOF */
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, read_lines, &rd), 0);
    pl_log_flush();
    assert_int_equal(pl_log_writer_depth(), 0);
    PL_LOG_INFO("after");
    pl_log_flush();
    close(p[1]);
    pthread_join(t, NULL);
    assert_int_equal(rd.lines, 1 + PL_LOG_WRITER_LINES + 1);
    assert_non_null(strstr(rd.last, "\"msg\":\"after\""));
    assert_int_equal(pl_log_dropped() - dropped0, EXTRA);
    close(p[0]);
    pl_log_init("parley", PL_LOG_INFO, 2);
}

static void test_flush_writes_everything_in_order(void **state)
{
    (void)state;
    char path[] = "/tmp/parley-test-logw-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    pl_log_init("parley-test", PL_LOG_INFO, fd);
    for (int i = 0; i < 1000; i++) {
        char n[16];
        snprintf(n, sizeof(n), "%d", i);
        PL_LOG_INFO("line", "n", n);
    }
    pl_log_flush();
    off_t size = lseek(fd, 0, SEEK_END);
    char *all = calloc(1, (size_t)size + 1);
    assert_int_equal(pread(fd, all, (size_t)size, 0), size);
    int i = 0;
    for (char *line = all, *end; (end = strchr(line, '\n')) != NULL; line = end + 1, i++) {
        char want[32];
        snprintf(want, sizeof(want), "\"n\":\"%d\"}", i);
        *end = '\0';
        assert_non_null(strstr(line, want));
    }
    assert_int_equal(i, 1000);
    free(all);
    close(fd);
    pl_log_init("parley", PL_LOG_INFO, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flush_writes_everything_in_order),
        cmocka_unit_test(test_full_queue_drops_and_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
