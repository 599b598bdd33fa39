#ifndef PARLEY_MAIL_RELAY_RELAY_SPOOL_H
#define PARLEY_MAIL_RELAY_RELAY_SPOOL_H

#include <stddef.h>
#include <stdint.h>
#include "parley/buf.h"

/*
 * The on-disk spool, the way an MTA queues:
 *   tmp/<id>.json   being written (removed at start: never acknowledged)
 *   jobs/<id>.json  accepted and not yet delivered: {"accepted_at":ms,"job":{...mail.job body...}}
 *   done/<id>.json  delivered or cancelled; kept DedupeWindowSeconds to answer resent ids "duplicate"
 *   dead/<id>.json  permanently failed: the record plus "dead_at", "reason", "rcpt"
 *   retry/<id>.json dead letters an operator asked to retry (--retry-dead); the relay moves them back
 * A job is acknowledged only after write + fsync(file) + rename into jobs/ + fsync(jobs/).
 */

#define RELAY_SPOOL_MAX_RECORD (512 * 1024)

typedef struct relay_spool {
    char *root;
    int tmp_fd, jobs_fd, done_fd, dead_fd, retry_fd;
    int64_t min_free_bytes;
} relay_spool_t;

typedef enum { RELAY_DIR_JOBS, RELAY_DIR_DONE, RELAY_DIR_DEAD, RELAY_DIR_RETRY } relay_dir_t;

/** A staged (written, not yet durable) record. */
typedef struct relay_staged {
    char id[27];
    int fd;
    int ok;
} relay_staged_t;

/** Create the directories if needed; the owner (the running relay) also clears tmp/. @return PL_OK or PL_EIO. */
int relay_spool_open(relay_spool_t *sp, const char *root, int64_t min_free_mb, int owner);
/** Move dir/<id> to another spool directory and fsync both. */
int relay_spool_move(relay_spool_t *sp, relay_dir_t from, relay_dir_t to, const char *id);
void relay_spool_close(relay_spool_t *sp);
/** Re-open the directories by path (after a write failure: an operator may have repaired them). */
int relay_spool_reopen(relay_spool_t *sp);
/** @return 1 when id is in jobs/, done/ or dead/ (or retry/). */
int relay_spool_known(relay_spool_t *sp, const char *id);
/** @return PL_OK when the file system has room (statvfs free >= SpoolMinFreeMB), else PL_EAGAIN. */
int relay_spool_has_room(relay_spool_t *sp);
/** Write data to tmp/<id>.json without syncing. @return PL_OK (st->fd open) or PL_EIO. */
int relay_spool_stage(relay_spool_t *sp, const char *id, const char *data, size_t len, relay_staged_t *st);
/** fsync every staged file, rename into jobs/, fsync jobs/. Sets st[i].ok. @return PL_OK or PL_EIO (none ok). */
int relay_spool_commit(relay_spool_t *sp, relay_staged_t *st, size_t n);
/** Write a whole record durably into dir (tmp + fsync + rename + fsync dir). */
int relay_spool_write(relay_spool_t *sp, relay_dir_t dir, const char *id, const char *data, size_t len);
/** Move jobs/<id> to done/ (delivered or cancelled). sync: fsync jobs/ afterwards. */
int relay_spool_finish(relay_spool_t *sp, const char *id, int sync);
/** Remove dir/<id>. */
int relay_spool_unlink(relay_spool_t *sp, relay_dir_t dir, const char *id);
/** Read dir/<id>.json into out (capped). */
int relay_spool_read(relay_spool_t *sp, relay_dir_t dir, const char *id, pl_buf_t *out);
/** Call cb for each record id in dir (sorted). cb returning non-zero stops. @return count or PL_EIO. */
typedef int (*relay_spool_each_cb)(const char *id, void *arg);
int relay_spool_each(relay_spool_t *sp, relay_dir_t dir, relay_spool_each_cb cb, void *arg);
/** Delete done/ records older than max_age_s. @return number removed. */
int relay_spool_prune_done(relay_spool_t *sp, int64_t max_age_s);
/** fsync a spool directory. */
int relay_spool_sync(relay_spool_t *sp, relay_dir_t dir);

#endif
