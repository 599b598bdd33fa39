#include "relay/spool.h"
#include "parley/err.h"
#include "parley/id.h"
#include "parley/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

static const char *const dir_names[] = {"jobs", "done", "dead", "retry"};

static int dir_fd(relay_spool_t *sp, relay_dir_t d)
{
    switch (d) {
    case RELAY_DIR_JOBS:
        return sp->jobs_fd;
    case RELAY_DIR_DONE:
        return sp->done_fd;
    case RELAY_DIR_DEAD:
        return sp->dead_fd;
    case RELAY_DIR_RETRY:
        return sp->retry_fd;
    }
    return -1;
}

static void file_name(const char *id, char out[40])
{
    snprintf(out, 40, "%.26s.json", id);
}

static int open_sub(int root_fd, const char *name)
{
    if (mkdirat(root_fd, name, 0700) != 0 && errno != EEXIST)
        return -1;
    return openat(root_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static int mkdir_p(const char *path)
{
    char buf[1100];
    if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
        return -1;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* Remove leftovers in tmp/: they were never acknowledged. */
static void clear_tmp(relay_spool_t *sp)
{
    int fd = dup(sp->tmp_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (d == NULL) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            unlinkat(sp->tmp_fd, e->d_name, 0);
    closedir(d);
}

int relay_spool_open(relay_spool_t *sp, const char *root, int64_t min_free_mb, int owner)
{
    memset(sp, 0, sizeof(*sp));
    sp->tmp_fd = sp->jobs_fd = sp->done_fd = sp->dead_fd = sp->retry_fd = -1;
    sp->min_free_bytes = min_free_mb * 1024 * 1024;
    sp->root = strdup(root);
    if (sp->root == NULL || mkdir_p(root) != 0)
        return PL_EIO;
    int rfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rfd < 0)
        return PL_EIO;
    sp->tmp_fd = open_sub(rfd, "tmp");
    sp->jobs_fd = open_sub(rfd, dir_names[RELAY_DIR_JOBS]);
    sp->done_fd = open_sub(rfd, dir_names[RELAY_DIR_DONE]);
    sp->dead_fd = open_sub(rfd, dir_names[RELAY_DIR_DEAD]);
    sp->retry_fd = open_sub(rfd, dir_names[RELAY_DIR_RETRY]);
    fsync(rfd);
    close(rfd);
    if (sp->tmp_fd < 0 || sp->jobs_fd < 0 || sp->done_fd < 0 || sp->dead_fd < 0 || sp->retry_fd < 0)
        return PL_EIO;
    if (owner)
        clear_tmp(sp);
    return PL_OK;
}

void relay_spool_close(relay_spool_t *sp)
{
    int *fds[] = {&sp->tmp_fd, &sp->jobs_fd, &sp->done_fd, &sp->dead_fd, &sp->retry_fd};
    for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
        if (*fds[i] >= 0)
            close(*fds[i]);
        *fds[i] = -1;
    }
    free(sp->root);
    sp->root = NULL;
}

int relay_spool_known(relay_spool_t *sp, const char *id)
{
    char name[40];
    file_name(id, name);
    int fds[] = {sp->jobs_fd, sp->done_fd, sp->dead_fd, sp->retry_fd};
    for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
        if (faccessat(fds[i], name, F_OK, 0) == 0)
            return 1;
    return 0;
}

int relay_spool_has_room(relay_spool_t *sp)
{
    struct statvfs vfs;
    if (fstatvfs(sp->jobs_fd, &vfs) != 0)
        return PL_EIO;
    int64_t avail = (int64_t)vfs.f_bavail * (int64_t)vfs.f_frsize;
    return avail >= sp->min_free_bytes ? PL_OK : PL_EAGAIN;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return PL_EIO;
        data += w;
        len -= (size_t)w;
    }
    return PL_OK;
}

int relay_spool_stage(relay_spool_t *sp, const char *id, const char *data, size_t len, relay_staged_t *st)
{
    char name[40];
    file_name(id, name);
    snprintf(st->id, sizeof(st->id), "%.26s", id);
    st->ok = 0;
    st->fd = openat(sp->tmp_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (st->fd < 0)
        return PL_EIO;
    if (write_all(st->fd, data, len) != PL_OK) {
        close(st->fd);
        st->fd = -1;
        unlinkat(sp->tmp_fd, name, 0);
        return PL_EIO;
    }
    return PL_OK;
}

#define SYNC_THREADS 16

typedef struct sync_slice {
    relay_staged_t *st;
    size_t n, first, stride;
} sync_slice_t;

static void *sync_slice_main(void *arg)
{
    sync_slice_t *sl = arg;
    for (size_t i = sl->first; i < sl->n; i += sl->stride) {
        relay_staged_t *s = &sl->st[i];
        s->ok = s->fd >= 0 && fsync(s->fd) == 0;
    }
    return NULL;
}

/*
 * fsync every staged file. Concurrent fsyncs share journal commits (ext4/jbd2 groups them), so a
 * group of files becomes durable in about the time of a few fsyncs instead of one commit per file.
 * Sets st[i].ok.
 */
static void sync_all(relay_staged_t *st, size_t n)
{
    size_t nthreads = n / 2 < SYNC_THREADS ? n / 2 : SYNC_THREADS;
    pthread_t th[SYNC_THREADS];
    sync_slice_t sl[SYNC_THREADS + 1];
    size_t started = 0;
    size_t stride = nthreads + 1;
    for (size_t t = 0; t < nthreads; t++) {
        sl[t] = (sync_slice_t){st, n, t + 1, stride};
        if (pthread_create(&th[t], NULL, sync_slice_main, &sl[t]) != 0)
            break;
        started++;
    }
    /* this thread takes slice 0 and every slice whose thread did not start */
    for (size_t t = 0; t <= nthreads; t++) {
        if (t > 0 && t - 1 < started)
            continue;
        sl[SYNC_THREADS] = (sync_slice_t){st, n, t, stride};
        sync_slice_main(&sl[SYNC_THREADS]);
    }
    for (size_t t = 0; t < started; t++)
        pthread_join(th[t], NULL);
}

int relay_spool_commit(relay_spool_t *sp, relay_staged_t *st, size_t n)
{
    size_t renamed = 0;
    sync_all(st, n);
    for (size_t i = 0; i < n; i++) {
        char name[40];
        file_name(st[i].id, name);
        int good = st[i].ok;
        st[i].ok = 0;
        if (st[i].fd >= 0)
            close(st[i].fd);
        st[i].fd = -1;
        if (good && renameat(sp->tmp_fd, name, sp->jobs_fd, name) == 0) {
            st[i].ok = 1;
            renamed++;
        } else {
            unlinkat(sp->tmp_fd, name, 0);
        }
    }
    if (renamed == 0 || fsync(sp->jobs_fd) == 0)
        return PL_OK;
    /* The directory entry may not be durable: take the files back, acknowledge nothing. */
    for (size_t i = 0; i < n; i++) {
        if (!st[i].ok)
            continue;
        char name[40];
        file_name(st[i].id, name);
        unlinkat(sp->jobs_fd, name, 0);
        st[i].ok = 0;
    }
    return PL_EIO;
}

int relay_spool_write(relay_spool_t *sp, relay_dir_t dir, const char *id, const char *data, size_t len)
{
    relay_staged_t st;
    char name[40];
    file_name(id, name);
    if (relay_spool_stage(sp, id, data, len, &st) != PL_OK)
        return PL_EIO;
    int good = fsync(st.fd) == 0;
    close(st.fd);
    if (!good || renameat(sp->tmp_fd, name, dir_fd(sp, dir), name) != 0) {
        unlinkat(sp->tmp_fd, name, 0);
        return PL_EIO;
    }
    return fsync(dir_fd(sp, dir)) == 0 ? PL_OK : PL_EIO;
}

int relay_spool_finish(relay_spool_t *sp, const char *id, int sync)
{
    char name[40];
    file_name(id, name);
    if (renameat(sp->jobs_fd, name, sp->done_fd, name) != 0)
        return PL_EIO;
    if (sync && fsync(sp->jobs_fd) != 0)
        return PL_EIO;
    return PL_OK;
}

int relay_spool_unlink(relay_spool_t *sp, relay_dir_t dir, const char *id)
{
    char name[40];
    file_name(id, name);
    return unlinkat(dir_fd(sp, dir), name, 0) == 0 ? PL_OK : PL_EIO;
}

int relay_spool_sync(relay_spool_t *sp, relay_dir_t dir)
{
    return fsync(dir_fd(sp, dir)) == 0 ? PL_OK : PL_EIO;
}

int relay_spool_read(relay_spool_t *sp, relay_dir_t dir, const char *id, pl_buf_t *out)
{
    char name[40], chunk[16384];
    file_name(id, name);
    int fd = openat(dir_fd(sp, dir), name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? PL_ENOTFOUND : PL_EIO;
    int rc = PL_OK;
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof(chunk));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = PL_EIO;
            break;
        }
        if (r == 0)
            break;
        if ((rc = pl_buf_append(out, chunk, (size_t)r)) != PL_OK)
            break;
    }
    close(fd);
    return rc;
}

static int id_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the ids of dir (names "<26-char id>.json"). */
static int list_ids(int fd, char ***out, size_t *n)
{
    int dfd = dup(fd);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (d == NULL) {
        if (dfd >= 0)
            close(dfd);
        return PL_EIO;
    }
    rewinddir(d);
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len != 31 || strcmp(e->d_name + 26, ".json") != 0 || !pl_id_valid(e->d_name, 26))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(*out, cap * sizeof(**out));
            if (grown == NULL)
                break;
            *out = grown;
        }
        (*out)[(*n)++] = strndup(e->d_name, 26);
    }
    closedir(d);
    return PL_OK;
}

int relay_spool_each(relay_spool_t *sp, relay_dir_t dir, relay_spool_each_cb cb, void *arg)
{
    char **ids = NULL;
    size_t n = 0;
    if (list_ids(dir_fd(sp, dir), &ids, &n) != PL_OK)
        return PL_EIO;
    if (n > 1)
        qsort(ids, n, sizeof(*ids), id_cmp);
    int stop = 0;
    for (size_t i = 0; i < n; i++) {
        if (!stop && ids[i] != NULL)
            stop = cb(ids[i], arg);
        free(ids[i]);
    }
    free(ids);
    return (int)n;
}

typedef struct prune_ctx {
    relay_spool_t *sp;
    time_t cutoff;
    int removed;
} prune_ctx_t;

static int prune_one(const char *id, void *arg)
{
    prune_ctx_t *p = arg;
    char name[40];
    struct stat st;
    file_name(id, name);
    if (fstatat(p->sp->done_fd, name, &st, 0) == 0 && st.st_mtime < p->cutoff && unlinkat(p->sp->done_fd, name, 0) == 0)
        p->removed++;
    return 0;
}

int relay_spool_prune_done(relay_spool_t *sp, int64_t max_age_s)
{
    prune_ctx_t p = {sp, time(NULL) - (time_t)max_age_s, 0};
    relay_spool_each(sp, RELAY_DIR_DONE, prune_one, &p);
    return p.removed;
}

int relay_spool_move(relay_spool_t *sp, relay_dir_t from, relay_dir_t to, const char *id)
{
    char name[40];
    file_name(id, name);
    if (renameat(dir_fd(sp, from), name, dir_fd(sp, to), name) != 0)
        return errno == ENOENT ? PL_ENOTFOUND : PL_EIO;
    return fsync(dir_fd(sp, to)) == 0 && fsync(dir_fd(sp, from)) == 0 ? PL_OK : PL_EIO;
}

int relay_spool_reopen(relay_spool_t *sp)
{
    int rfd = open(sp->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rfd < 0)
        return PL_EIO;
    int fds[5] = {open_sub(rfd, "tmp"), open_sub(rfd, dir_names[RELAY_DIR_JOBS]), open_sub(rfd, dir_names[RELAY_DIR_DONE]),
                  open_sub(rfd, dir_names[RELAY_DIR_DEAD]), open_sub(rfd, dir_names[RELAY_DIR_RETRY])};
    int *slots[5] = {&sp->tmp_fd, &sp->jobs_fd, &sp->done_fd, &sp->dead_fd, &sp->retry_fd};
    int ok = fsync(rfd) == 0;
    close(rfd);
    for (int i = 0; i < 5; i++)
        ok = ok && fds[i] >= 0;
    for (int i = 0; i < 5; i++) {
        if (!ok) {
            if (fds[i] >= 0)
                close(fds[i]);
            continue;
        }
        close(*slots[i]);
        *slots[i] = fds[i];
    }
    return ok ? PL_OK : PL_EIO;
}
