/*
 * run.h: one run of flipside (SPEC sections 1, 3-6): read the programme's
 * data as of a date, compute every figure for the period and the previous
 * one, render the reports, publish the folder atomically, and keep the run
 * ledger. `flipside run` and `flipside demo` both go through run_execute().
 */
#ifndef FLIPSIDE_PIPELINE_RUN_H
#define FLIPSIDE_PIPELINE_RUN_H

#include <limits.h>

#include "pipeline/config.h"
#include "pipeline/period.h"

enum run_report { REPORT_ALL, REPORT_IMPACT, REPORT_RETENTION, REPORT_COHORTS };

struct run_request {
    const char *conninfo;
    const char *programme;   /* NULL: the only programme in the database */
    const char *org;         /* NULL: every org */
    struct period period;
    int32_t as_of;
    enum run_report report;
    const char *out;
    int min_cell;
    int voluntary_only;
    int verbose;             /* a log line per stage on stderr */
};

struct run_result {
    char id[32];             /* the ledger's run id, "" when none was recorded */
    char folder[PATH_MAX];   /* the published folder */
};

/*
 * Do the run. STATUS_OK with the folder in `res`; STATUS_LOCKED when another
 * run of the programme and period holds the lock; other statuses with
 * err_msg() saying what failed. Every outcome is recorded in the ledger
 * when the database can be reached.
 */
int run_execute(const struct run_request *req, struct run_result *res);

/* The name of a report for --report ("all", "impact", ...). */
const char *run_report_name(enum run_report r);

#endif
