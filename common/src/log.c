#include "parley/log.h"
#include "parley/buf.h"
#include "parley/err.h"
#include "parley/log_writer.h"
#include "parley/time.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define LOG_LINE_MAX (16 * 1024)
#define LOG_VALUE_MAX (8 * 1024)
#define LOG_SERVICE_MAX 64
#define LOG_SUFFIX_ROOM 32    /* room kept for ,"truncated":true}\n */
#define HEADER_TAIL_ROOM 1024 /* room kept after msg for caller and service */

static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static char log_service[LOG_SERVICE_MAX] = "parley";
static atomic_int log_min_level = PL_LOG_INFO;
static atomic_int log_fd = 2;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

static const char *const secret_words[] = {"password",   "passwd",  "secret", "token", "authorization", "cookie", "dsn",
                                           "datasource", "private", "key",    NULL};

void pl_log_init(const char *service, pl_log_level_t min_level, int fd)
{
    pthread_mutex_lock(&log_mutex);
    snprintf(log_service, sizeof(log_service), "%s", service != NULL ? service : "parley");
    pthread_mutex_unlock(&log_mutex);
    atomic_store(&log_min_level, (int)min_level);
    atomic_store(&log_fd, fd);
}

int pl_log_level_parse(const char *s, pl_log_level_t *out)
{
    for (int i = PL_LOG_DEBUG; i <= PL_LOG_ERROR; i++) {
        if (s != NULL && strcasecmp(s, level_names[i]) == 0) {
            *out = (pl_log_level_t)i;
            return PL_OK;
        }
    }
    if (s != NULL && strcasecmp(s, "warning") == 0) {
        *out = PL_LOG_WARN;
        return PL_OK;
    }
    return PL_EINVAL;
}

int pl_log_enabled(pl_log_level_t level)
{
    return (int)level >= atomic_load(&log_min_level);
}

int pl_log_key_is_secret(const char *key)
{
    if (key == NULL)
        return 0;
    size_t klen = strlen(key);
    if (klen > 9 && strcasecmp(key + klen - 9, "_redacted") == 0)
        return 0;
    for (size_t i = 0; secret_words[i] != NULL; i++) {
        if (strcasestr(key, secret_words[i]) != NULL)
            return 1;
    }
    return 0;
}

char *pl_log_redact(const char *value, char *out, unsigned n)
{
    if (n == 0)
        return out;
    size_t len = value != NULL ? strlen(value) : 0;
    if (len < 12)
        snprintf(out, n, "[redacted]");
    else
        snprintf(out, n, "%.4s\xe2\x80\xa6(%zu)", value, len);
    return out;
}

/*
 * Append s escaped, cutting it (by halves) until it fits below the buffer's cap minus reserve bytes.
 * @return 1 when s was cut, 0 when it went in whole.
 */
static int append_escaped_fit(pl_buf_t *b, const char *s, size_t n, size_t reserve)
{
    size_t saved_max = b->max;
    int cut = 0;
    b->max = b->max > reserve ? b->max - reserve : 0;
    while (pl_buf_append_json_escaped(b, s, n) != PL_OK && n > 0) {
        n /= 2;
        cut = 1;
    }
    b->max = saved_max;
    return cut;
}

/* Append ,"key":"value" (secrets masked). @return 1 when the value was cut, -1 when nothing fitted. */
static int append_field(pl_buf_t *b, const char *key, const char *value)
{
    int rc = pl_buf_puts(b, ",\"");
    if (rc == PL_OK)
        rc = pl_buf_append_json_escaped(b, key, strlen(key));
    if (rc == PL_OK)
        rc = pl_buf_puts(b, value != NULL ? "\":\"" : "\":null");
    if (rc != PL_OK)
        return -1;
    if (value == NULL)
        return 0;
    if (pl_log_key_is_secret(key))
        value = "********";
    size_t vlen = strnlen(value, LOG_VALUE_MAX);
    int cut = append_escaped_fit(b, value, vlen, 1) || vlen == LOG_VALUE_MAX;
    pl_buf_puts(b, "\"");
    return cut;
}

static const char *path_basename(const char *file)
{
    if (file == NULL)
        return "?";
    const char *slash = strrchr(file, '/');
    return slash != NULL ? slash + 1 : file;
}

/* {"timestamp":...,"level":...,"msg":...,"caller":...,"service":... without the closing brace. */
static int append_header(pl_buf_t *b, pl_log_level_t level, const char *file, int line, const char *msg)
{
    char ts[32], service[LOG_SERVICE_MAX], lineno[16];
    const char *base = path_basename(file);
    pl_time_format_rfc3339(pl_time_ms(), ts, sizeof(ts));
    pthread_mutex_lock(&log_mutex);
    memcpy(service, log_service, sizeof(service));
    pthread_mutex_unlock(&log_mutex);
    snprintf(lineno, sizeof(lineno), ":%d", line);
    if (msg == NULL)
        msg = "";
    pl_buf_appendf(b, "{\"timestamp\":\"%s\",\"level\":\"%s\",\"msg\":\"", ts, level_names[level]);
    size_t mlen = strnlen(msg, LOG_VALUE_MAX);
    int cut = append_escaped_fit(b, msg, mlen, HEADER_TAIL_ROOM) || mlen == LOG_VALUE_MAX;
    pl_buf_puts(b, "\",\"caller\":\"");
    cut |= append_escaped_fit(b, base, strlen(base), HEADER_TAIL_ROOM / 2);
    pl_buf_puts(b, lineno);
    pl_buf_puts(b, "\",\"service\":\"");
    pl_buf_append_json_escaped(b, service, strlen(service));
    pl_buf_puts(b, "\"");
    return cut;
}

void pl_log_flush(void)
{
    pl_log_writer_flush();
}

unsigned long pl_log_dropped(void)
{
    return pl_log_writer_dropped();
}

void pl_log_emit(pl_log_level_t level, const char *file, int line, const char *msg, ...)
{
    if (level < PL_LOG_DEBUG || level > PL_LOG_ERROR || !pl_log_enabled(level))
        return;
    int saved_errno = errno;
    pl_buf_t b;
    pl_buf_init(&b, LOG_LINE_MAX - LOG_SUFFIX_ROOM);
    int truncated = append_header(&b, level, file, line, msg);
    va_list ap;
    va_start(ap, msg);
    for (const char *key = va_arg(ap, const char *); key != NULL && !truncated; key = va_arg(ap, const char *)) {
        const char *value = va_arg(ap, const char *);
        size_t before = b.len;
        truncated = append_field(&b, key, value);
        if (truncated < 0) {
            b.len = before;
            b.data[before] = '\0';
        }
    }
    va_end(ap);
    b.max = LOG_LINE_MAX;
    pl_buf_puts(&b, truncated ? ",\"truncated\":true}\n" : "}\n");
    if (b.data != NULL)
        pl_log_writer_push(atomic_load(&log_fd), b.data, b.len);
    pl_buf_dispose(&b);
    errno = saved_errno;
}
