#ifndef PARLEY_LOG_H
#define PARLEY_LOG_H

/*
 * JSON-lines logging: one object per line on the configured fd. pl_log_emit formats the line and
 * queues it for the log writer thread (parley/log_writer.h), which writes it: the caller never waits
 * for the fd; when the queue is full the line is dropped and counted (pl_log_dropped). Lines are
 * written whole and in order; pl_log_flush waits for them (also run at exit):
 *   {"timestamp":"2026-11-27T18:37:27.123Z","level":"info","msg":"...","caller":"core/main.c:42",
 *    "service":"parley-core", "<key>":"<value>", ...}
 * Fields are pairs of strings given after the message and closed by NULL (the macros add the NULL).
 * Values whose key names a secret (password, secret, token, authorization, cookie, key, dsn, ...)
 * are written as "********" (a key ending in "_redacted" is exempt: log pl_log_redact output under
 * it, e.g. "device_token_redacted"). A line is at most 16 KiB: values over 8 KiB and fields that do
 * not fit are cut and the line gets "truncated":true; it always stays valid JSON (control characters
 * escaped, malformed UTF-8 replaced by U+FFFD). errno is preserved. Thread-safe.
 */

typedef enum { PL_LOG_DEBUG = 0, PL_LOG_INFO, PL_LOG_WARN, PL_LOG_ERROR } pl_log_level_t;

/** Set the service name, the minimum level and the fd (default: "parley", info, 2). */
void pl_log_init(const char *service, pl_log_level_t min_level, int fd);
/** Parse "debug" | "info" | "warn" | "error" (case-insensitive). @return PL_OK or PL_EINVAL. */
int pl_log_level_parse(const char *s, pl_log_level_t *out);
/** @return non-zero when a message of this level would be written. */
int pl_log_enabled(pl_log_level_t level);
/** Write one line. The variadic part is key, value, key, value, ..., NULL (all const char *). */
void pl_log_emit(pl_log_level_t level, const char *file, int line, const char *msg, ...);
/** Wait until every line logged before this call has been written (call at shutdown). */
void pl_log_flush(void);
/** @return lines dropped so far because the log queue was full. */
unsigned long pl_log_dropped(void);
/** @return 1 when a field with this key must never be logged in clear (case-insensitive substring match). */
int pl_log_key_is_secret(const char *key);
/**
 * Write a redacted form of a secret into out (size n): the first 4 characters then "…" and the
 * length, e.g. "abcd…(64)"; short values become "[redacted]". Used for device tokens.
 * @return out.
 */
char *pl_log_redact(const char *value, char *out, unsigned n);

#define PL_LOG_DEBUG(msg, ...) pl_log_emit(PL_LOG_DEBUG, __FILE__, __LINE__, msg, ##__VA_ARGS__, (const char *)0)
#define PL_LOG_INFO(msg, ...) pl_log_emit(PL_LOG_INFO, __FILE__, __LINE__, msg, ##__VA_ARGS__, (const char *)0)
#define PL_LOG_WARN(msg, ...) pl_log_emit(PL_LOG_WARN, __FILE__, __LINE__, msg, ##__VA_ARGS__, (const char *)0)
#define PL_LOG_ERROR(msg, ...) pl_log_emit(PL_LOG_ERROR, __FILE__, __LINE__, msg, ##__VA_ARGS__, (const char *)0)

#endif
