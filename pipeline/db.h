/*
 * db.h: the one module that talks to PostgreSQL (the only includer of libpq).
 *
 * Every call names what it was doing (`what`, e.g. "load people"), so that a
 * failure reads "load people: server closed the connection unexpectedly".
 * Values always travel as parameters, never pasted into SQL text. Errors go
 * through err_set() with STATUS_DB; messages never contain the conninfo, so a
 * password cannot leak into output or logs.
 */
#ifndef FLIPSIDE_PIPELINE_DB_H
#define FLIPSIDE_PIPELINE_DB_H

#include <stddef.h>

struct db;
struct db_result;

/*
 * Connect with a libpq conninfo or URI (NULL or "" for libpq's own defaults:
 * PG* variables, service files, .pgpass). After connecting the session gets a
 * safe search_path (pg_catalog, flipside, pg_temp), TimeZone UTC and
 * DateStyle ISO. On success *out owns the connection; free with db_close().
 */
int db_open(const char *conninfo, struct db **out);

/* Close the connection; accepts NULL. */
void db_close(struct db *db);

/*
 * Switch to a least-privilege role (SPEC section 8) when it exists and this
 * user may take it; otherwise stay as the connecting user. *taken (may be
 * NULL) is set to 1 when the role was taken.
 */
int db_use_role(struct db *db, const char *role, int *taken);

/* Run one or more commands that take no parameters and return no rows. */
int db_exec(struct db *db, const char *what, const char *sql);

/*
 * Run one statement with `n` text parameters ($1..$n; a NULL entry is SQL
 * NULL). When `out` is not NULL it receives the rows (free with
 * db_result_free); otherwise any result is discarded.
 */
int db_query(struct db *db, const char *what, const char *sql,
             int n, const char *const *params, struct db_result **out);

/* Rows and columns of a result. */
int db_result_rows(const struct db_result *r);
int db_result_cols(const struct db_result *r);

/* The text of a cell, or NULL when it is SQL NULL. Owned by the result. */
const char *db_result_get(const struct db_result *r, int row, int col);

/* Release a result; accepts NULL. */
void db_result_free(struct db_result *r);

/*
 * Run a query with one-row-at-a-time delivery, calling `row` for each row
 * with its cell texts (NULL for SQL NULL, owned by the callee only during the
 * call) so that large results stream in bounded memory. A non-zero return
 * from `row` stops the query with that status.
 */
typedef int (*db_row_fn)(void *ctx, int ncols, const char *const *cells);
int db_stream(struct db *db, const char *what, const char *sql,
              int n, const char *const *params, db_row_fn row, void *ctx);

/*
 * Run `COPY (query) TO STDOUT` (text format) and call `row` for each row
 * with its cells (NULL for \N), which live only during the call: the fastest
 * way to stream many rows into C. COPY takes no parameters: the query reads
 * its values from settings made with db_query (set_config).
 */
int db_copy_out(struct db *db, const char *what, const char *sql, db_row_fn row, void *ctx);

/*
 * COPY ... FROM STDIN: start it, send data in any pieces, end it. While a
 * copy runs, no other call may use the connection. db_copy_end() reports the
 * server's verdict on the whole copy.
 */
int db_copy_begin(struct db *db, const char *what, const char *sql);
int db_copy_put(struct db *db, const char *data, size_t len);
int db_copy_end(struct db *db);

/* BEGIN, COMMIT, ROLLBACK (rollback never fails loudly: it is the way out). */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/*
 * Try to take the session-level advisory lock for `key` without waiting.
 * *got is 1 when taken, 0 when another session holds it.
 */
int db_try_lock(struct db *db, const char *key, int *got);

/* Release the advisory lock taken for `key`. */
int db_unlock(struct db *db, const char *key);

/* 1 while the connection is usable. */
int db_ok(const struct db *db);

#endif
