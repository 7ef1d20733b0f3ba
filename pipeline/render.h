/*
 * render.h: from the run to the documents: what reports/ needs, gathered
 * from the model and the figures (reports/report.h), and which documents
 * the run asked for.
 */
#ifndef FLIPSIDE_PIPELINE_RENDER_H
#define FLIPSIDE_PIPELINE_RENDER_H

#include <stdint.h>

#include "pipeline/figures.h"
#include "pipeline/model.h"
#include "pipeline/period.h"

struct render_input {
    const struct model *model;
    const struct figtable *figures;
    const struct figtable *previous;
    const struct period *period;
    const struct period *previous_period;
    int32_t as_of;
    const char *org;
    int min_cell;
    int voluntary_only;
    const char *run_id;
    int report;            /* enum run_report */
    /* More output to write beside the documents, on the same threads (the figures files); may be NULL. */
    int (*also)(void *arg);
    void *also_arg;
};

/* Write the documents asked for, the workbook and the charts into `dir` (charts/ exists in it). */
int render_reports(const struct render_input *in, const char *dir);

#endif
