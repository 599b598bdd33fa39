#include "store/db.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "parley/log.h"
#include "store/invalidate.h"

static atomic_long open_count;
static int query_timeout_s;

void store_db_set_query_timeout(int seconds)
{
    query_timeout_s = seconds;
}

/* Session settings, after every (re)connect: a stuck statement must not hold a worker forever. */
static void apply_session(PGconn *db)
{
    char sql[64];
    if (query_timeout_s <= 0 || PQstatus(db) != CONNECTION_OK)
        return;
    snprintf(sql, sizeof(sql), "SET statement_timeout = %d", query_timeout_s * 1000);
    PQclear(PQexec(db, sql));
}

const char *store_error_name(int rc)
{
    switch (rc) {
    case STORE_OK:
        return "OK";
    case STORE_ENOTFOUND:
        return "ENOTFOUND";
    case STORE_EUNIQUE:
        return "EUNIQUE";
    case STORE_ECONFLICT:
        return "ECONFLICT";
    case STORE_EINVAL:
        return "EINVAL";
    case STORE_ETIMEOUT:
        return "ETIMEOUT";
    case STORE_EUNAVAIL:
        return "EUNAVAIL";
    default:
        return "EINTERNAL";
    }
}

int store_db_classify(PGconn *db, const PGresult *res)
{
    if (db == NULL || PQstatus(db) != CONNECTION_OK)
        return STORE_EUNAVAIL;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state == NULL)
        return STORE_EUNAVAIL;
    if (strcmp(state, "23505") == 0)
        return STORE_EUNIQUE;
    if (strcmp(state, "23503") == 0 || strcmp(state, "23514") == 0 || strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return STORE_ECONFLICT;
    if (strncmp(state, "22", 2) == 0 || strcmp(state, "23502") == 0)
        return STORE_EINVAL;
    if (strcmp(state, "57014") == 0)
        return STORE_ETIMEOUT;
    if (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 || strcmp(state, "53300") == 0)
        return STORE_EUNAVAIL;
    return STORE_EINTERNAL;
}

/* A connection is used by one thread at a time (its worker): the notice receiver below sets this when
 * the server said, unasked, that it is closing the connection (FATAL, e.g. 57P01 on a restart). */
static _Thread_local int server_closing;

static void on_notice(void *arg, const PGresult *res)
{
    (void)arg;
    const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *text = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (severity != NULL && (strcmp(severity, "FATAL") == 0 || strcmp(severity, "PANIC") == 0)) {
        server_closing = 1;
        PL_LOG_WARN("database server is closing the connection", "sqlstate", state ? state : "", "error", text ? text : "");
    } else {
        PL_LOG_DEBUG("database notice", "sqlstate", state ? state : "", "message", text ? text : "");
    }
}

/* Idle connection (nothing sent): did the server close it or announce that it will? Reads and parses
 * what is pending without blocking (libpq sockets are non-blocking). */
static int lost_while_idle(PGconn *db)
{
    server_closing = 0;
    if (PQconsumeInput(db) == 0 || PQstatus(db) != CONNECTION_OK)
        return 1;
    PQisBusy(db); /* parses a pending ErrorResponse: in the idle state libpq hands it to on_notice */
    return server_closing || PQstatus(db) != CONNECTION_OK;
}

static void reconnect(PGconn *db, const char *why)
{
    PL_LOG_WARN("database connection lost, reconnecting", "when", why, "error", PQerrorMessage(db));
    PQreset(db);
    apply_session(db);
}

/* A plain SELECT outside a transaction changes nothing: running it twice is harmless. */
static int is_read(const char *sql)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    return strcspn(sql, " \n\t") == 6 && strncasecmp(sql, "SELECT", 6) == 0;
}

/* One attempt: a named statement (prepared first when this connection lacks it) or a plain one. */
static PGresult *run_once(PGconn *db, const char *name, const char *sql, int nparams, const char *const *params)
{
    /* Inside a transaction a statement this connection lacks would fail (26000) and abort the
     * transaction before it could be prepared: run it unnamed there. */
    if (name == NULL || PQtransactionStatus(db) != PQTRANS_IDLE)
        return PQexecParams(db, sql, nparams, NULL, params, NULL, NULL, 0);
    PGresult *res = PQexecPrepared(db, name, nparams, params, NULL, NULL, 0);
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (state == NULL || strcmp(state, "26000") != 0)
        return res;
    PQclear(res);
    res = PQprepare(db, name, sql, nparams, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return res;
    PQclear(res);
    return PQexecPrepared(db, name, nparams, params, NULL, NULL, 0);
}

static int exec_named(PGconn *db, const char *name, const char *sql, int nparams, const char *const *params, PGresult **out)
{
    if (out != NULL)
        *out = NULL;
    if (db == NULL)
        return STORE_EUNAVAIL;
    PGTransactionStatusType ts = PQtransactionStatus(db);
    /* Outside a transaction, a connection the server closed while we were idle (restart,
     * terminated backend) is replaced before anything is sent: always safe. */
    if (ts == PQTRANS_IDLE && lost_while_idle(db)) {
        reconnect(db, "before the statement");
        ts = PQtransactionStatus(db);
    }
    PGresult *res = run_once(db, name, sql, nparams, params);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_FATAL_ERROR && PQstatus(db) == CONNECTION_BAD && ts == PQTRANS_IDLE && is_read(sql)) {
        /* Lost while the statement was out: a read outside a transaction may run once more (a write
         * may have been applied, so it is reported, never repeated). */
        PQclear(res);
        reconnect(db, "during a read");
        res = run_once(db, name, sql, nparams, params);
        st = PQresultStatus(res);
    }
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
        if (out != NULL)
            *out = res;
        else
            PQclear(res);
        return STORE_OK;
    }
    int rc = store_db_classify(db, res);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (rc == STORE_EINTERNAL || rc == STORE_EUNAVAIL)
        PL_LOG_ERROR("query failed", "sqlstate", state ? state : "", "error", PQerrorMessage(db));
    else
        PL_LOG_DEBUG("query refused", "sqlstate", state ? state : "", "error", PQerrorMessage(db));
    PQclear(res);
    return rc;
}

/* The statements store_db_exec prepared by themselves on this thread's connections (the first 8 bytes of the
 * name's hash; 0 = free): bounded, so SQL built with varying text cannot fill a backend with statements. */
#define AUTO_MAX 1024
static _Thread_local uint64_t auto_seen[AUTO_MAX];
static _Thread_local size_t auto_n;

/* FNV-1a (64 bits) of sql and its length. Statement texts are this program's own (values travel as
 * parameters), so two of them sharing both is not a concern: 2^-64 per pair. */
static uint64_t text_hash(const char *sql, size_t *len)
{
    uint64_t h = 14695981039346656037ull;
    const unsigned char *c = (const unsigned char *)sql;
    for (; *c; c++)
        h = (h ^ *c) * 1099511628211ull;
    *len = (size_t)(c - (const unsigned char *)sql);
    return h ? h : 1;
}

/* "q", the hash and the length of sql as a statement name for that exact text into name[42]. @return false
 * when the bound is reached and sql is not one of the known ones (it then runs unnamed). */
static bool auto_name(const char *sql, char name[42])
{
    size_t len;
    uint64_t key = text_hash(sql, &len);
    size_t slot = key % AUTO_MAX;
    for (size_t k = 0; k < AUTO_MAX && auto_seen[slot] != key; k++, slot = (slot + 1) % AUTO_MAX) {
        if (auto_seen[slot] == 0) {
            if (auto_n >= AUTO_MAX / 2)
                return false;
            auto_seen[slot] = key;
            auto_n++;
            break;
        }
    }
    snprintf(name, 42, "q%016llx_%zx", (unsigned long long)key, len);
    return true;
}

int store_db_exec(PGconn *db, const char *sql, int nparams, const char *const *params, PGresult **out)
{
    char name[42];
    /* A statement with parameters is prepared on first use (parsed and planned once per connection, as
     * store_db_exec_prepared); BEGIN, COMMIT and other fixed text run as they are. */
    bool named = nparams > 0 && auto_name(sql, name);
    return exec_named(db, named ? name : NULL, sql, nparams, params, out);
}

int store_db_exec_prepared(PGconn *db, const char *name, const char *sql, int nparams, const char *const *params, PGresult **out)
{
    return exec_named(db, name, sql, nparams, params, out);
}

int store_db_begin(PGconn *db)
{
    store_invalidate_txn_begin();
    int rc = store_db_exec(db, "BEGIN", 0, NULL, NULL);
    if (rc != STORE_OK)
        store_invalidate_txn_end();
    return rc;
}

/* The invalidations the transaction deferred are delivered after it ended, whatever the outcome. */
int store_db_commit(PGconn *db)
{
    int rc = store_db_exec(db, "COMMIT", 0, NULL, NULL);
    store_invalidate_txn_end();
    return rc;
}

int store_db_rollback(PGconn *db)
{
    int rc = store_db_exec(db, "ROLLBACK", 0, NULL, NULL);
    store_invalidate_txn_end();
    return rc;
}

PGconn *store_db_open(void *conninfo)
{
    /* Defaults before dbname (the DataSource, expanded): the DataSource may override them. A connect
     * timeout keeps a worker from hanging on a database that accepts but does not answer. */
    const char *const keys[] = {"application_name", "connect_timeout", "dbname", NULL};
    const char *const values[] = {STORE_DB_APPLICATION_NAME, "5", (const char *)conninfo, NULL};
    PGconn *db = PQconnectdbParams(keys, values, 1);
    if (db == NULL)
        return NULL;
    if (PQstatus(db) != CONNECTION_OK) {
        PL_LOG_ERROR("database connection failed", "error", PQerrorMessage(db));
        PQfinish(db);
        return NULL;
    }
    atomic_fetch_add(&open_count, 1);
    PQsetNoticeReceiver(db, on_notice, NULL);
    apply_session(db);
    return db;
}

int store_db_check(PGconn *db, void *arg)
{
    (void)arg;
    /* Notices a server that closed the connection, or said it would, while we were idle (restart,
     * pg_terminate_backend). */
    if (PQtransactionStatus(db) == PQTRANS_IDLE && !lost_while_idle(db))
        return 0;
    reconnect(db, "before the job");
    return PQstatus(db) == CONNECTION_OK ? 0 : -1;
}

void store_db_close(PGconn *db, void *arg)
{
    (void)arg;
    PQfinish(db);
    atomic_fetch_sub(&open_count, 1);
}

long store_db_open_count(void)
{
    return atomic_load(&open_count);
}

/* Drop "binary_parameters=..." (a Go driver option) from a URL's query string. */
char *store_db_conninfo(const char *dsn)
{
    size_t n = strlen(dsn);
    char *out = malloc(n + 1);
    if (out == NULL)
        return NULL;
    const char *q = strchr(dsn, '?');
    if (strncmp(dsn, "postgres", 8) != 0 || q == NULL) {
        memcpy(out, dsn, n + 1);
        return out;
    }
    size_t o = (size_t)(q - dsn);
    memcpy(out, dsn, o);
    char sep = '?';
    const char *p = q + 1;
    while (*p != '\0') {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (!(len >= 18 && strncmp(p, "binary_parameters=", 18) == 0) && len > 0) {
            out[o++] = sep;
            memcpy(out + o, p, len);
            o += len;
            sep = '&';
        }
        p += len + (end ? 1 : 0);
    }
    out[o] = '\0';
    return out;
}

int store_db_rows_read(const PGresult *res, size_t item_size, store_db_row_read_fn read, void **items, size_t *n)
{
    size_t rows = (size_t)PQntuples(res);
    char *array = calloc(rows ? rows : 1, item_size);
    *items = array;
    *n = 0;
    if (array == NULL)
        return STORE_EINTERNAL;
    for (size_t i = 0; i < rows; i++)
        read(res, (int)i, array + i * item_size);
    *n = rows;
    return STORE_OK;
}

int store_db_get_list(PGconn *db, const char *sql, int nparams, const char *const *params, size_t item_size,
                      store_db_row_read_fn read, void **items, size_t *n)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, sql, nparams, params, &res);
    if (rc == STORE_OK)
        rc = store_db_rows_read(res, item_size, read, items, n);
    PQclear(res);
    return rc;
}

int store_db_get_one(PGconn *db, const char *sql, int nparams, const char *const *params, store_db_row_read_fn read, void *item)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, sql, nparams, params, &res);
    if (rc == STORE_OK && PQntuples(res) == 0)
        rc = STORE_ENOTFOUND;
    if (rc == STORE_OK)
        read(res, 0, item);
    PQclear(res);
    return rc;
}
