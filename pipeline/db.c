#include "pipeline/db.h"
#include "common/status.h"
#include "common/str.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

struct db {
    PGconn *conn;
    const char *copy_what;  /* what the running COPY is for, NULL when none */
};

struct db_result {
    PGresult *res;
};

/* Notices ("relation already exists, skipping") are not for the user. */
static void db_ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/*
 * Record `what: message` where message is the server's primary message (and
 * its detail) or libpq's first line, never anything from the conninfo.
 */
static int db_fail(struct db *db, const char *what, const PGresult *res)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    const char *text = primary;
    char line[ERR_MSG_MAX];
    size_t n;

    if (text == NULL)
        text = db && db->conn ? PQerrorMessage(db->conn) : "no connection";
    if (text == NULL || text[0] == '\0')
        text = "unknown error";
    n = strcspn(text, "\n");
    if (n >= sizeof line)
        n = sizeof line - 1;
    memcpy(line, text, n);
    line[n] = '\0';
    if (detail != NULL && detail[0] != '\0')
        return err_set(STATUS_DB, "%s: %s (%.*s)", what, line, (int)strcspn(detail, "\n"), detail);
    return err_set(STATUS_DB, "%s: %s", what, line);
}

/*
 * A connection failure's message, with the password taken out wherever
 * libpq quoted it: a malformed URI is quoted whole in libpq's messages.
 */
static int db_fail_connect(struct db *db, const char *conninfo)
{
    PQconninfoOption *opts = PQconninfoParse(conninfo ? conninfo : "", NULL);
    const char *password = NULL;
    char text[ERR_MSG_MAX];
    char *at;

    if (opts == NULL)
        return err_set(STATUS_USAGE, "connect to the database: the conninfo is not valid (check --db, FLIPSIDE_DB "
                       "or [database] conninfo; it is not shown, as it may hold a password)");
    for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
        if (strcmp(o->keyword, "password") == 0 && o->val != NULL && o->val[0] != '\0')
            password = o->val;
    }
    db_fail(db, "connect to the database", NULL);
    str_copy(text, sizeof text, err_msg());
    while (password != NULL && (at = strstr(text, password)) != NULL) {
        size_t n = strlen(password);

        memmove(at + 3, at + n, strlen(at + n) + 1);
        memcpy(at, "***", 3);
    }
    PQconninfoFree(opts);
    return err_set(STATUS_DB, "%s", text);
}

int db_open(const char *conninfo, struct db **out)
{
    static const char *setup =
        "SELECT pg_catalog.set_config('search_path', 'pg_catalog, flipside, pg_temp', false), "
        "pg_catalog.set_config('TimeZone', 'UTC', false), "
        "pg_catalog.set_config('DateStyle', 'ISO, YMD', false), "
        "pg_catalog.set_config('application_name', 'flipside', false)";
    struct db *db = NULL;
    PGresult *res = NULL;
    int st = STATUS_OK;

    *out = NULL;
    db = calloc(1, sizeof *db);
    if (db == NULL)
        return err_set(STATUS_NOMEM, "connect to the database: out of memory");
    db->conn = PQconnectdb(conninfo ? conninfo : "");
    if (db->conn == NULL) {
        st = err_set(STATUS_NOMEM, "connect to the database: out of memory");
        goto out;
    }
    if (PQstatus(db->conn) != CONNECTION_OK) {
        st = db_fail_connect(db, conninfo);
        goto out;
    }
    PQsetNoticeProcessor(db->conn, db_ignore_notice, NULL);
    res = PQexec(db->conn, setup);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        st = db_fail(db, "set up the session", res);
        goto out;
    }
    *out = db;
    db = NULL;
out:
    PQclear(res);
    db_close(db);
    return st;
}

void db_close(struct db *db)
{
    if (db == NULL)
        return;
    PQfinish(db->conn);
    free(db);
}

int db_use_role(struct db *db, const char *role, int *taken)
{
    static const char *sql =
        "SELECT pg_catalog.set_config('role', $1, false) "
        "FROM pg_catalog.pg_roles r "
        "WHERE r.rolname = $1 AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')";
    struct db_result *r = NULL;
    const char *params[1] = { role };
    int st;

    if (taken)
        *taken = 0;
    st = db_query(db, "take the database role", sql, 1, params, &r);
    if (st == STATUS_OK && taken)
        *taken = db_result_rows(r) == 1;
    db_result_free(r);
    return st;
}

int db_exec(struct db *db, const char *what, const char *sql)
{
    PGresult *res = PQexec(db->conn, sql);
    ExecStatusType rs = PQresultStatus(res);
    int st = STATUS_OK;

    if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK)
        st = db_fail(db, what, res);
    PQclear(res);
    return st;
}

int db_query(struct db *db, const char *what, const char *sql,
             int n, const char *const *params, struct db_result **out)
{
    PGresult *res;
    ExecStatusType rs;

    if (out)
        *out = NULL;
    res = PQexecParams(db->conn, sql, n, NULL, params, NULL, NULL, 0);
    rs = PQresultStatus(res);
    if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
        int st = db_fail(db, what, res);

        PQclear(res);
        return st;
    }
    if (out == NULL) {
        PQclear(res);
        return STATUS_OK;
    }
    *out = malloc(sizeof **out);
    if (*out == NULL) {
        PQclear(res);
        return err_set(STATUS_NOMEM, "%s: out of memory", what);
    }
    (*out)->res = res;
    return STATUS_OK;
}

int db_result_rows(const struct db_result *r)
{
    return r ? PQntuples(r->res) : 0;
}

int db_result_cols(const struct db_result *r)
{
    return r ? PQnfields(r->res) : 0;
}

const char *db_result_get(const struct db_result *r, int row, int col)
{
    if (PQgetisnull(r->res, row, col))
        return NULL;
    return PQgetvalue(r->res, row, col);
}

void db_result_free(struct db_result *r)
{
    if (r == NULL)
        return;
    PQclear(r->res);
    free(r);
}

/* Ask the server to stop the running query and read what is left of it. */
static void db_cancel_and_drain(struct db *db)
{
    PGcancel *cancel = PQgetCancel(db->conn);
    char errbuf[256];
    PGresult *res;

    if (cancel) {
        PQcancel(cancel, errbuf, sizeof errbuf);
        PQfreeCancel(cancel);
    }
    while ((res = PQgetResult(db->conn)) != NULL)
        PQclear(res);
}

int db_stream(struct db *db, const char *what, const char *sql,
              int n, const char *const *params, db_row_fn row, void *ctx)
{
    enum { MAX_COLS = 64 };
    const char *cells[MAX_COLS];
    PGresult *res = NULL;
    int st = STATUS_OK;
    int done = 0;

    if (!PQsendQueryParams(db->conn, sql, n, NULL, params, NULL, NULL, 0))
        return db_fail(db, what, NULL);
    if (!PQsetSingleRowMode(db->conn)) {
        st = db_fail(db, what, NULL);
        db_cancel_and_drain(db);
        return st;
    }
    while (!done) {
        ExecStatusType rs;

        res = PQgetResult(db->conn);
        if (res == NULL)
            break;
        rs = PQresultStatus(res);
        if (rs == PGRES_SINGLE_TUPLE) {
            int ncols = PQnfields(res);

            if (ncols > MAX_COLS) {
                st = err_set(STATUS_INTERNAL, "%s: %d columns, at most %d", what, ncols, MAX_COLS);
            } else {
                for (int c = 0; c < ncols; c++)
                    cells[c] = PQgetisnull(res, 0, c) ? NULL : PQgetvalue(res, 0, c);
                st = row(ctx, ncols, cells);
            }
            if (st != STATUS_OK) {
                PQclear(res);
                res = NULL;
                db_cancel_and_drain(db);
                return st;
            }
        } else if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
            done = 1;
        } else {
            st = db_fail(db, what, res);
            done = 1;
        }
        PQclear(res);
        res = NULL;
    }
    /* Read the terminating NULL (or the rest after an error). */
    while ((res = PQgetResult(db->conn)) != NULL)
        PQclear(res);
    return st;
}

/*
 * Split one COPY text row in place into cells: raw tabs separate fields
 * (a tab inside a value is escaped), a field of exactly "\N" is NULL, and
 * backslash escapes are undone. Returns the number of cells, or -1 when
 * there are more than `max`.
 */
static int db_copy_split(char *line, int len, const char **cells, int max)
{
    int n = 0;
    int i = 0;

    if (len > 0 && line[len - 1] == '\n')
        len--;
    while (i <= len) {
        int start = i;
        int end = i;
        char *out = line + start;

        while (end < len && line[end] != '\t')
            end++;
        if (n == max)
            return -1;
        if (end - start == 2 && line[start] == '\\' && line[start + 1] == 'N') {
            cells[n++] = NULL;
        } else {
            for (int k = start; k < end; k++) {
                char c = line[k];

                if (c == '\\' && k + 1 < end) {
                    c = line[++k];
                    c = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
                }
                *out++ = c;
            }
            *out = '\0';
            cells[n++] = line + start;
        }
        i = end + 1;
    }
    return n;
}

int db_copy_out(struct db *db, const char *what, const char *sql, db_row_fn row, void *ctx)
{
    enum { MAX_COLS = 64 };
    const char *cells[MAX_COLS];
    PGresult *res = PQexec(db->conn, sql);
    char *buf = NULL;
    int st = STATUS_OK;
    int len;

    if (PQresultStatus(res) != PGRES_COPY_OUT) {
        st = db_fail(db, what, res);
        PQclear(res);
        return st;
    }
    PQclear(res);
    while ((len = PQgetCopyData(db->conn, &buf, 0)) > 0) {
        int n = st == STATUS_OK ? db_copy_split(buf, len, cells, MAX_COLS) : 0;

        if (st == STATUS_OK && n < 0)
            st = err_set(STATUS_INTERNAL, "%s: more than %d columns", what, MAX_COLS);
        if (st == STATUS_OK)
            st = row(ctx, n, cells);
        PQfreemem(buf);
        buf = NULL;
    }
    if (len == -2 && st == STATUS_OK)
        st = db_fail(db, what, NULL);
    while ((res = PQgetResult(db->conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && st == STATUS_OK)
            st = db_fail(db, what, res);
        PQclear(res);
    }
    return st;
}

int db_copy_begin(struct db *db, const char *what, const char *sql)
{
    PGresult *res = PQexec(db->conn, sql);
    int st = STATUS_OK;

    if (PQresultStatus(res) != PGRES_COPY_IN)
        st = db_fail(db, what, res);
    else
        db->copy_what = what;
    PQclear(res);
    return st;
}

int db_copy_put(struct db *db, const char *data, size_t len)
{
    while (len > 0) {
        int piece = len > (1u << 30) ? (1 << 30) : (int)len;

        if (PQputCopyData(db->conn, data, piece) != 1)
            return db_fail(db, db->copy_what ? db->copy_what : "copy", NULL);
        data += piece;
        len -= (size_t)piece;
    }
    return STATUS_OK;
}

int db_copy_end(struct db *db)
{
    const char *what = db->copy_what ? db->copy_what : "copy";
    PGresult *res;
    int st = STATUS_OK;

    db->copy_what = NULL;
    if (PQputCopyEnd(db->conn, NULL) != 1)
        return db_fail(db, what, NULL);
    while ((res = PQgetResult(db->conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && st == STATUS_OK)
            st = db_fail(db, what, res);
        PQclear(res);
    }
    return st;
}

int db_begin(struct db *db)
{
    return db_exec(db, "begin a transaction", "BEGIN");
}

int db_commit(struct db *db)
{
    return db_exec(db, "commit", "COMMIT");
}

void db_rollback(struct db *db)
{
    PGresult *res;

    if (db == NULL || PQstatus(db->conn) != CONNECTION_OK)
        return;
    if (PQtransactionStatus(db->conn) == PQTRANS_IDLE)
        return;
    res = PQexec(db->conn, "ROLLBACK");
    PQclear(res);
}

int db_try_lock(struct db *db, const char *key, int *got)
{
    static const char *sql = "SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended($1, 0))";
    struct db_result *r = NULL;
    const char *params[1] = { key };
    int st = db_query(db, "take the run lock", sql, 1, params, &r);

    if (st == STATUS_OK)
        *got = strcmp(db_result_get(r, 0, 0), "t") == 0;
    db_result_free(r);
    return st;
}

int db_unlock(struct db *db, const char *key)
{
    static const char *sql = "SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtextextended($1, 0))";
    const char *params[1] = { key };

    return db_query(db, "release the run lock", sql, 1, params, NULL);
}

int db_ok(const struct db *db)
{
    return db != NULL && PQstatus(db->conn) == CONNECTION_OK;
}
