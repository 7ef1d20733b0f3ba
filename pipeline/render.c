#include "pipeline/render.h"
#include "pipeline/pool.h"
#include "pipeline/run.h"
#include "charts/chart.h"
#include "reports/report.h"
#include "common/status.h"
#include "common/str.h"

#include <stdlib.h>
#include <string.h>

/* One document to write, on a worker thread: pango gives each thread its own font map. */
struct render_job {
    int (*write)(const struct report_input *in, const char *dir);
    const struct report_input *in;
    const char *dir;
    int st;
    char message[ERR_MSG_MAX];
};

static void render_job_run(void *arg)
{
    struct render_job *j = arg;

    j->st = j->write(j->in, j->dir);
    if (j->st != STATUS_OK)
        str_copy(j->message, sizeof j->message, err_msg());
    /* Let go of this thread's fonts before the thread is reused or ends. */
    chart_cleanup();
}

/* The caller's own output, written on a worker thread alongside the documents. */
struct also_job {
    int (*write)(void *arg);
    void *arg;
    int st;
    char message[ERR_MSG_MAX];
};

static void also_job_run(void *arg)
{
    struct also_job *j = arg;

    j->st = j->write(j->arg);
    if (j->st != STATUS_OK)
        str_copy(j->message, sizeof j->message, err_msg());
}

int render_reports(const struct render_input *in, const char *dir)
{
    const struct model *m = in->model;
    struct report_input r;
    struct report_cohort *cohorts = calloc(m->ncohorts + 1, sizeof *cohorts);
    struct report_item *items = calloc(m->nitems + 1, sizeof *items);
    static const char *const constructs[] = { "confidence", "satisfaction", "nps", "other" };
    int st = STATUS_OK;

    if (cohorts == NULL || items == NULL) {
        st = err_set(STATUS_NOMEM, "out of memory rendering the reports");
        goto out;
    }
    for (size_t i = 0; i < m->ncohorts; i++) {
        cohorts[i].code = m->cohorts[i].code;
        cohorts[i].kind = m->cohorts[i].kind;
        cohorts[i].name = m->cohorts[i].name;
        cohorts[i].starts_on = m->cohorts[i].starts;
        cohorts[i].ends_on = m->cohorts[i].ends;
    }
    for (size_t i = 0; i < m->nitems; i++) {
        items[i].code = m->items[i].code;
        items[i].construct = constructs[m->items[i].construct];
        items[i].text = m->items[i].text;
        items[i].scale_min = m->items[i].min;
        items[i].scale_max = m->items[i].max;
        items[i].reverse = m->items[i].reverse;
    }
    memset(&r, 0, sizeof r);
    r.programme = m->programme;
    r.org = in->org;
    r.period = in->period->label;
    r.previous_period = in->previous_period->label;
    r.period_start = in->period->start;
    r.period_end = in->period->end;
    r.as_of = in->as_of;
    r.previous_start = in->previous_period->start;
    r.previous_end = in->previous_period->end;
    r.min_cell = in->min_cell;
    r.voluntary_only = in->voluntary_only;
    r.version = FLIPSIDE_VERSION;
    r.run_id = in->run_id;
    r.figures = in->figures;
    r.previous = in->previous;
    r.cohorts = cohorts;
    /* Only the cohorts that started by the as-of date carry figures. */
    while (r.ncohorts < m->ncohorts && m->cohorts[r.ncohorts].starts <= in->as_of)
        r.ncohorts++;
    r.items = items;
    r.nitems = m->nitems;
    memcpy(r.input_rows, m->input_rows, sizeof r.input_rows);
    {
        /* The documents are independent: write them side by side, the workbook first (the longest). */
        struct render_job jobs[4] = {
            { report_workbook_write, &r, dir, STATUS_OK, "" },
            { in->report == REPORT_ALL || in->report == REPORT_IMPACT ? report_impact_write : NULL, &r, dir,
              STATUS_OK, "" },
            { in->report == REPORT_ALL || in->report == REPORT_RETENTION ? report_retention_write : NULL, &r, dir,
              STATUS_OK, "" },
            { in->report == REPORT_ALL || in->report == REPORT_COHORTS ? report_cohorts_write : NULL, &r, dir,
              STATUS_OK, "" },
        };
        struct also_job also = { in->also, in->also_arg, STATUS_OK, "" };
        struct pool *pool = pool_new(2, 5);

        for (int i = 0; i < 4; i++) {
            if (jobs[i].write != NULL)
                pool_submit(pool, render_job_run, &jobs[i]);
        }
        if (also.write != NULL)
            pool_submit(pool, also_job_run, &also);
        pool_wait(pool);
        pool_free(pool);
        for (int i = 0; i < 4 && st == STATUS_OK; i++) {
            if (jobs[i].write != NULL && jobs[i].st != STATUS_OK)
                st = err_set(jobs[i].st, "%s", jobs[i].message);
        }
        if (st == STATUS_OK && also.st != STATUS_OK)
            st = err_set(also.st, "%s", also.message);
    }
out:
    free(cohorts);
    free(items);
    return st;
}
