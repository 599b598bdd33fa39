#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "parley/httpd.h"

/* The small HTTP endpoint: silent clients do not hold up others; heads are capped. */

static int port;

static int listen_any(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(fd, 64), 0);
    getsockname(fd, (struct sockaddr *)&a, &len);
    port = ntohs(a.sin_port);
    return fd;
}

static int connect_one(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

/* Send req on a new connection, read the whole answer into out. */
static void exchange(const char *req, size_t len, char *out, size_t cap)
{
    int fd = connect_one();
    size_t n = 0;
    ssize_t r;
    assert_int_equal(send(fd, req, len, MSG_NOSIGNAL), (ssize_t)len);
    while (n + 1 < cap && (r = recv(fd, out + n, cap - 1 - n, 0)) > 0)
        n += (size_t)r;
    out[n] = '\0';
    close(fd);
}

static void handler(void *arg, const char *method, const char *path, const char *query, pl_httpd_response_t *res)
{
    (void)arg;
    if (strcmp(path, "/hello") != 0) {
        res->status = 404;
        return;
    }
    pl_buf_appendf(&res->body, "%s %s %s", method, path, query ? query : "-");
}

static void test_silent_clients_do_not_block(void **state)
{
    (void)state;
    char out[4096];
    pl_httpd_t *h = pl_httpd_start(listen_any(), handler, NULL, 1024, 60000);
    assert_non_null(h);
    int silent[PL_HTTPD_MAX_CLIENTS - 1];
    for (size_t i = 0; i < PL_HTTPD_MAX_CLIENTS - 1; i++) {
        silent[i] = connect_one();
        send(silent[i], "GET /hel", 8, MSG_NOSIGNAL);
    }
    exchange("GET /hello?x=1 HTTP/1.1\r\n\r\n", 27, out, sizeof(out));
    assert_string_equal(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 14\r\n"
                             "Connection: close\r\n\r\nGET /hello x=1");
    exchange("GET /other HTTP/1.1\r\n\r\n", 23, out, sizeof(out));
    assert_non_null(strstr(out, "HTTP/1.1 404 Not Found\r\n"));
    for (size_t i = 0; i < PL_HTTPD_MAX_CLIENTS - 1; i++)
        close(silent[i]);
    pl_httpd_stop(h);
}

static void test_head_cap_is_400(void **state)
{
    (void)state;
    static char big[PL_HTTPD_HEAD_MAX + 100];
    char out[4096];
    pl_httpd_t *h = pl_httpd_start(listen_any(), handler, NULL, 1024, 60000);
    memset(big, 'a', sizeof(big));
    memcpy(big, "GET /", 5);
    exchange(big, PL_HTTPD_HEAD_MAX, out, sizeof(out));
    assert_non_null(strstr(out, "HTTP/1.1 400 Bad Request\r\n"));
    exchange("garbage\r\n\r\n", 11, out, sizeof(out));
    assert_non_null(strstr(out, "HTTP/1.1 400 Bad Request\r\n"));
    pl_httpd_stop(h);
}

static void test_deadline_closes(void **state)
{
    (void)state;
    char c;
    pl_httpd_t *h = pl_httpd_start(listen_any(), handler, NULL, 1024, 100);
    int fd = connect_one();
    assert_int_equal(recv(fd, &c, 1, 0), 0); /* closed without an answer at its deadline */
    close(fd);
    pl_httpd_stop(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_silent_clients_do_not_block),
        cmocka_unit_test(test_head_cap_is_400),
        cmocka_unit_test(test_deadline_closes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
