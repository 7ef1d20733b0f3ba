/*
 * report.h: the documents of a run (SPEC section 5), assembled from the
 * table of figures and the charts.
 *
 *   impact.pdf      leadership: quarterly impact
 *   retention.pdf   diversity and inclusion leads: retention by group
 *   cohorts.pdf     sponsors: pilot against full-scale cohorts
 *   PROGRAMME-PERIOD.xlsx   every figure, the step tables, the methods
 *   charts/NAME.png, charts/NAME.svg   every chart of the PDFs on its own
 *
 * Every number shown comes from `figures` (this period) or `previous` (the
 * previous period of the same length, for the change in the impact summary).
 * Suppressed figures are shown as "fewer than N" (N = min_cell) and drawn as
 * nothing. Output is deterministic: dates inside the files come from the
 * as-of date, never the clock, so a rerun gives the same bytes.
 */
#ifndef FLIPSIDE_REPORTS_REPORT_H
#define FLIPSIDE_REPORTS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "pipeline/figures.h"

struct report_cohort {
    const char *code;
    const char *kind;       /* "pilot" or "full" */
    const char *name;       /* may be "" */
    int32_t starts_on;      /* day numbers (common/date.h) */
    int32_t ends_on;        /* INT32_MAX when open */
};

struct report_item {
    const char *code;
    const char *construct;  /* "confidence", "satisfaction", "nps", "other" */
    const char *text;       /* may be "" */
    double scale_min, scale_max;
    int reverse;
};

/* Everything a report needs; all of it owned by the caller. */
struct report_input {
    const char *programme;
    const char *org;            /* --org, or NULL */
    const char *period;         /* as given: "2026-Q3" */
    const char *previous_period;/* label of the previous period: "2026-Q2" */
    int32_t period_start, period_end, as_of;
    int32_t previous_start, previous_end;
    int min_cell;
    int voluntary_only;         /* retention_events = voluntary */
    const char *version;        /* flipside's version */
    const char *run_id;         /* for messages only: the documents leave it out, so that a rerun */
                                /* gives the same bytes (manifest.json names the run) */
    const struct figtable *figures;
    const struct figtable *previous;  /* may be NULL */
    const struct report_cohort *cohorts;  /* the started cohorts, by start date */
    size_t ncohorts;
    const struct report_item *items;
    size_t nitems;
    long input_rows[7];         /* people, cohorts, items, participants, pairs, sessions, responses */
};

/*
 * Write one document into `dir` (which exists): its file and its charts
 * under dir/charts/ (which exists). Files are created 0640 and replaced
 * whole; a document that fails leaves no file of its own name behind.
 * Status from common/status.h: STATUS_USAGE for input that cannot be
 * reported (no figures, a programme or period that cannot name a file),
 * STATUS_IO for a folder or file that cannot be written, STATUS_RENDER when
 * cairo or libxlsxwriter fails, STATUS_NOMEM; the message names the file.
 */
int report_impact_write(const struct report_input *in, const char *dir);
int report_retention_write(const struct report_input *in, const char *dir);
int report_cohorts_write(const struct report_input *in, const char *dir);
int report_workbook_write(const struct report_input *in, const char *dir);

/* All four of the above, in that order; stops at the first failure. */
int report_all_write(const struct report_input *in, const char *dir);

/*
 * The workbook's file name, PROGRAMME-PERIOD.xlsx, with a range's ".." as
 * "_" as in the period's folder name ("RM-2026-07-01_2026-09-30.xlsx").
 * STATUS_USAGE when the programme or period is not a safe code.
 */
int report_workbook_name(const struct report_input *in, char *out, size_t size);

#endif
