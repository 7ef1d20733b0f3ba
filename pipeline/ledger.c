#include "pipeline/ledger.h"
#include "pipeline/db.h"
#include "pipeline/sqlfiles.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <stdio.h>

static int ledger_query(struct db *db, const char *section, int n, const char *const *params,
                        struct db_result **r)
{
    struct buf sql = { 0 };
    int st = sql_section("run/ledger.sql", section, &sql);

    if (st == STATUS_OK)
        st = db_query(db, "write the run ledger", buf_str(&sql), n, params, r);
    buf_free(&sql);
    return st;
}

int ledger_start(struct db *db, const char *programme, const char *period, const char *org,
                 const char *report, const char *as_of, char *id, unsigned size)
{
    const char *params[6] = { programme, period, org ? org : "", report, as_of, FLIPSIDE_VERSION };
    struct db_result *r = NULL;
    int st = ledger_query(db, "start", 6, params, &r);

    if (st == STATUS_OK)
        str_copy(id, size, db_result_get(r, 0, 0));
    db_result_free(r);
    return st;
}

int ledger_stage(struct db *db, const char *id, const char *stage, double seconds, const char *detail)
{
    char secs[32];
    const char *params[4] = { id, stage, secs, detail ? detail : "" };

    str_fmt(secs, sizeof secs, "%.3f", seconds);
    return ledger_query(db, "stage", 4, params, NULL);
}

int ledger_finish(struct db *db, const char *id, const char *status, const char *out_dir,
                  const char *row_counts, const char *error)
{
    const char *params[5] = { id, status, out_dir ? out_dir : "", row_counts ? row_counts : "",
                              error ? error : "" };

    return ledger_query(db, "finish", 5, params, NULL);
}

int ledger_settle(struct db *db, const char *id, const char *programme, const char *period, const char *org)
{
    const char *params[4] = { id, programme, period, org ? org : "" };

    return ledger_query(db, "settle", 4, params, NULL);
}

int ledger_list(struct db *db, const char *programme, int limit)
{
    char lim[16];
    const char *params[2] = { programme, lim };
    struct db_result *r = NULL;
    int st;

    str_fmt(lim, sizeof lim, "%d", limit);
    st = ledger_query(db, "list", 2, params, &r);
    if (st != STATUS_OK)
        return st;
    printf("%-6s %-10s %-24s %-8s %-9s %-8s %-19s %8s  %s\n", "id", "programme", "period", "report", "status",
           "org", "started (UTC)", "seconds", "output or error");
    for (int i = 0; i < db_result_rows(r); i++) {
        const char *err = db_result_get(r, i, 10);
        const char *dir = db_result_get(r, i, 9);

        printf("%-6s %-10s %-24s %-8s %-9s %-8s %-19s %8s  %s\n", db_result_get(r, i, 0),
               db_result_get(r, i, 1), db_result_get(r, i, 2), db_result_get(r, i, 4), db_result_get(r, i, 5),
               db_result_get(r, i, 3)[0] ? db_result_get(r, i, 3) : "-", db_result_get(r, i, 6),
               db_result_get(r, i, 8), err[0] ? err : dir);
    }
    db_result_free(r);
    return STATUS_OK;
}
