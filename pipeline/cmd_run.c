/*
 * cmd_run.c: `flipside run` and `flipside runs`.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/db.h"
#include "pipeline/ledger.h"
#include "pipeline/run.h"
#include "pipeline/schema.h"
#include "common/date.h"
#include "common/status.h"
#include "common/str.h"

#include <stdio.h>
#include <string.h>

static const char RUN_HELP[] =
    "usage: flipside run [--programme CODE] [--period P] [--report R] [--as-of DATE]\n"
    "                    [--org ORG] [--out DIR] [--db CONNINFO] [--config FILE]\n"
    "\n"
    "Compute every figure of a period and render the reports into\n"
    "OUT/PROGRAMME/PERIOD/ (OUT/PROGRAMME/org-ORG/PERIOD/ with --org): impact.pdf,\n"
    "retention.pdf, cohorts.pdf, PROGRAMME-PERIOD.xlsx, figures.csv, figures.json,\n"
    "charts/ and manifest.json. The folder is written beside and renamed into\n"
    "place at the end: a failed run leaves the previous output as it was.\n"
    "\n"
    "  --programme CODE  the programme (else [report] programme, else the only one)\n"
    "  --period P        2026-Q3, 2026-09, 2026-H2, 2026 or 2026-07-01..2026-09-30\n"
    "                    (default: the last complete quarter); a range's folder is\n"
    "                    named 2026-07-01_2026-09-30\n"
    "  --report R        impact, retention, cohorts or all (default all): the PDFs to\n"
    "                    render; the figures and the workbook are always written\n"
    "  --as-of DATE      nothing dated after it counts (default: the period's last day)\n"
    "  --org ORG         one organisation: its participants, its comparison group and\n"
    "                    the pairs whose mentee is in it\n"
    "  --out DIR         where the folders go (else [report] out, else ./out)\n"
    "\n"
    "Settings: [report] min_cell (default 5, at least 3) and retention_events\n"
    "(all or voluntary). Every run is recorded in the ledger (flipside runs).\n"
    "exit: 0 done, 1 failed, 2 usage error, 4 another run of the programme and\n"
    "period holds the lock.\n";

int command_run(const struct globals *g, int argc, char **argv)
{
    const char *dbopt = NULL, *config = NULL, *programme = NULL, *period = NULL, *report = NULL;
    const char *as_of = NULL, *org = NULL, *out = NULL;
    const struct cli_option options[] = {
        { "db", &dbopt, NULL }, { "config", &config, NULL }, { "programme", &programme, NULL },
        { "period", &period, NULL }, { "report", &report, NULL }, { "as-of", &as_of, NULL },
        { "org", &org, NULL }, { "out", &out, NULL }, { NULL, NULL, NULL }
    };
    char *pos[argc + 1];
    struct cli_args args = { pos, 0, 0 };
    struct run_request req;
    struct run_result res;
    struct config cfg;
    int st;

    st = command_begin("run", argc, argv, options, &args, RUN_HELP, 0);
    if (st >= 0)
        return st;
    st = command_settings(g, dbopt, config, &cfg);
    if (st != STATUS_OK)
        return command_fail(st);
    memset(&req, 0, sizeof req);
    req.conninfo = cfg.conninfo;
    req.programme = programme ? programme : cfg.programme[0] ? cfg.programme : NULL;
    req.org = org;
    req.out = out ? out : cfg.out[0] ? cfg.out : "out";
    req.min_cell = cfg.min_cell;
    req.voluntary_only = cfg.voluntary_only;
    req.verbose = 1;
    if (period != NULL)
        st = period_parse(period, &req.period);
    else
        period_default(date_today(), &req.period);
    req.as_of = req.period.end;
    if (st == STATUS_OK && as_of != NULL && date_parse(as_of, strlen(as_of), &req.as_of) != STATUS_OK)
        st = err_set(STATUS_USAGE, "--as-of \"%s\" is not a date (use YYYY-MM-DD)", as_of);
    req.report = REPORT_ALL;
    if (st == STATUS_OK && report != NULL) {
        int found = 0;

        for (int r = REPORT_ALL; r <= REPORT_COHORTS; r++) {
            if (strcmp(report, run_report_name((enum run_report)r)) == 0) {
                req.report = (enum run_report)r;
                found = 1;
            }
        }
        if (!found)
            st = err_set(STATUS_USAGE, "--report \"%s\": use impact, retention, cohorts or all", report);
    }
    if (st == STATUS_OK && req.programme != NULL && !str_is_safe_code(req.programme))
        st = err_set(STATUS_USAGE, "--programme \"%s\": a code of letters, digits, _ . and -", req.programme);
    if (st == STATUS_OK && org != NULL && !str_is_safe_code(org))
        st = err_set(STATUS_USAGE, "--org \"%s\": a code of letters, digits, _ . and -", org);
    if (st != STATUS_OK)
        return command_fail(st);
    st = run_execute(&req, &res);
    if (st != STATUS_OK)
        return command_fail(st);
    printf("%s\n", res.folder);
    return EXIT_OK;
}

static const char RUNS_HELP[] =
    "usage: flipside runs [--programme CODE] [--limit N] [--db CONNINFO] [--config FILE]\n"
    "\n"
    "List past runs from the run ledger, newest first: id, programme, period,\n"
    "report, status (ok, failed, refused, running), org, start time, seconds taken,\n"
    "and the output folder or the error. At most N runs (default 20).\n";

int command_runs(const struct globals *g, int argc, char **argv)
{
    const char *dbopt = NULL, *config = NULL, *programme = NULL, *limit = "20";
    const struct cli_option options[] = {
        { "db", &dbopt, NULL }, { "config", &config, NULL }, { "programme", &programme, NULL },
        { "limit", &limit, NULL }, { NULL, NULL, NULL }
    };
    char *pos[argc + 1];
    struct cli_args args = { pos, 0, 0 };
    struct config cfg;
    struct db *db = NULL;
    int64_t n;
    int st;

    st = command_begin("runs", argc, argv, options, &args, RUNS_HELP, 0);
    if (st >= 0)
        return st;
    if (str_to_int64(limit, strlen(limit), &n) != STATUS_OK || n < 1 || n > 100000)
        return command_fail(err_set(STATUS_USAGE, "--limit \"%s\": give a whole number from 1 to 100000", limit));
    st = command_settings(g, dbopt, config, &cfg);
    if (st == STATUS_OK)
        st = db_open(cfg.conninfo, &db);
    if (st == STATUS_OK)
        st = schema_check(db);
    if (st == STATUS_OK)
        st = db_use_role(db, "flipside_read", NULL);
    if (st == STATUS_OK)
        st = ledger_list(db, programme, (int)n);
    db_close(db);
    return st == STATUS_OK ? EXIT_OK : command_fail(st);
}
