/* One table of the sample data: rows go to a COPY (store/sampledata.h), or are only counted (dry run). */
#include "app/sampledata_internal.h"
#include "parley/err.h"
#include "store/db.h"

int app_sampledata_sink_open(sd_sink_t *s, PGconn *db, const app_sampledata_opts_t *o, store_sampledata_table_t t, int64_t expected)
{
    s->copy = NULL;
    s->table = t;
    s->rows = 0;
    app_sampledata_progress_start(&s->progress, o->progress, o->tty, store_sampledata_table_name(t), expected);
    if (o->dry_run)
        return PL_OK;
    return store_sampledata_copy_open(db, t, &s->copy) == STORE_OK ? PL_OK : PL_EIO;
}

int app_sampledata_sink_row(sd_sink_t *s, const char *const *fields)
{
    if (s->copy && store_sampledata_copy_row(s->copy, fields) != STORE_OK)
        return PL_EIO;
    s->rows++;
    app_sampledata_progress_tick(&s->progress);
    return PL_OK;
}

int app_sampledata_sink_close(sd_sink_t *s, int fail)
{
    int rc = PL_OK;
    if (s->copy)
        rc = store_sampledata_copy_close(s->copy, fail) == STORE_OK ? PL_OK : PL_EIO;
    s->copy = NULL;
    if (!fail && rc == PL_OK)
        app_sampledata_progress_end(&s->progress);
    else if (s->progress.out && s->progress.tty)
        fprintf(s->progress.out, "\n");
    return fail ? PL_EIO : rc;
}
