#ifndef PARLEY_CORE_STORE_DB_H
#define PARLEY_CORE_STORE_DB_H

#include <libpq-fe.h>

/*
 * Typed store errors and the thin libpq helpers every store/<resource>.c uses. Store functions
 * take the worker's connection (PGconn *db, from http_request_t.db) and return STORE_OK or a
 * STORE_E* code, never an HTTP status; app/ maps codes to AppErrors (app/app_error.h).
 */

enum {
    STORE_OK = 0,
    STORE_ENOTFOUND = -100, /* no such row */
    STORE_EUNIQUE = -101,   /* unique violation (23505) */
    STORE_ECONFLICT = -102, /* foreign key / serialization / check violation, optimistic-lock miss */
    STORE_EINVAL = -103,    /* invalid input rejected by the database (22xxx) */
    STORE_ETIMEOUT = -104,  /* statement timeout / query canceled (57014) */
    STORE_EUNAVAIL = -105,  /* connection lost or database unavailable */
    STORE_EINTERNAL = -106, /* anything else (logged) */
};

/** @return a static name for a STORE_* code ("ENOTFOUND"). */
const char *store_error_name(int rc);
/** @return the STORE_* code for a failed result (by SQLSTATE), or for a broken connection. */
int store_db_classify(PGconn *db, const PGresult *res);
/**
 * Run one statement with text parameters (NULL entries are SQL NULL).
 * @param out receives the result on success (PGRES_TUPLES_OK / PGRES_COMMAND_OK); caller PQclear()s.
 *        May be NULL when the rows are not needed.
 * Outside a transaction, a connection the server closed while idle is re-established before the
 * statement is sent; a plain SELECT outside a transaction that loses its connection is retried once
 * after reconnecting. Nothing else is repeated (a write may have been applied): STORE_EUNAVAIL.
 * A statement with parameters is prepared under a name derived from its text (as store_db_exec_prepared;
 * at most 512 such texts per thread, the rest run unnamed).
 * @return STORE_OK or a STORE_E* code (the failure is logged at debug level with the SQLSTATE).
 */
int store_db_exec(PGconn *db, const char *sql, int nparams, const char *const *params, PGresult **out);
/**
 * store_db_exec with a named prepared statement (name: static, unique per sql), prepared on this
 * connection the first time it is used there (also after a reconnect). Same reconnect rules.
 * Inside a transaction it runs unnamed (a missing statement would abort the transaction), so it is
 * safe to call from any store function, in a transaction or not.
 */
int store_db_exec_prepared(PGconn *db, const char *name, const char *sql, int nparams, const char *const *params, PGresult **out);
/** Reads row `row` of res into the element item (of the array store_db_rows_read fills). */
typedef void (*store_db_row_read_fn)(const PGresult *res, int row, void *item);
/**
 * Read every row of res into a new zeroed array of item_size-byte elements (at least one element is
 * allocated, so *items is never NULL on success). Caller frees *items.
 * @return STORE_OK, or STORE_EINTERNAL when out of memory (*items NULL, *n 0).
 */
int store_db_rows_read(const PGresult *res, size_t item_size, store_db_row_read_fn read, void **items, size_t *n);
/**
 * Run a statement that returns at most one row and read it into item.
 * @return STORE_OK, STORE_ENOTFOUND when there is no row, or the STORE_E* code of the statement.
 */
int store_db_get_one(PGconn *db, const char *sql, int nparams, const char *const *params, store_db_row_read_fn read, void *item);
/**
 * Run a statement and read every row it returns into a new array (store_db_rows_read).
 * @return STORE_OK (*items allocated, caller frees), or the STORE_E* code of the statement.
 */
int store_db_get_list(PGconn *db, const char *sql, int nparams, const char *const *params, size_t item_size,
                      store_db_row_read_fn read, void **items, size_t *n);
/** BEGIN / COMMIT / ROLLBACK. @return STORE_OK or a STORE_E* code. */
int store_db_begin(PGconn *db);
int store_db_commit(PGconn *db);
int store_db_rollback(PGconn *db);

/**
 * Turn SqlSettings.DataSource (a libpq conninfo or a postgres:// URL as Mattermost writes it) into
 * a libpq conninfo: URL query parameters libpq does not know (binary_parameters) are dropped.
 * @return a malloc'd string (caller frees), NULL on OOM.
 */
char *store_db_conninfo(const char *dsn);

/** application_name of every connection (unless SqlSettings.DataSource sets one): pg_stat_activity. */
#define STORE_DB_APPLICATION_NAME "parley-core"
/** Connection management for the worker pool (see http/server.h http_db_ops_t). arg: the conninfo. */
PGconn *store_db_open(void *conninfo);
int store_db_check(PGconn *db, void *arg);
void store_db_close(PGconn *db, void *arg);
/** Statement timeout applied to every connection store_db_open makes (SqlSettings.QueryTimeout). */
void store_db_set_query_timeout(int seconds);
/** @return the number of open connections made by store_db_open (for the pool gauges). */
long store_db_open_count(void);

#endif
