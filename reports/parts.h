/*
 * parts.h: pieces the three PDF documents share: the cover, the document's
 * metadata, survival curves from the figures' step tables, and the
 * paragraphs that explain the comparison with non-participants and
 * disclosure control.
 */
#ifndef FLIPSIDE_REPORTS_PARTS_H
#define FLIPSIDE_REPORTS_PARTS_H

#include <stddef.h>

#include "charts/chart_km.h"
#include "reports/context.h"
#include "reports/doc.h"

/* The paths and texts of one document. */
struct report_doc {
    char path[4096];        /* DIR/NAME.pdf */
    char chart_dir[4096];   /* DIR/charts */
    char title[160];        /* "Quarterly impact report" */
    char header_left[256];
    char header_right[160];
    char author[64];
    struct doc_meta meta;
};

/*
 * Fill `out` for DIR/FILE with its title and running header. STATUS_USAGE
 * when a path would be too long.
 */
int report_doc_init(struct report_doc *out, const struct report_ctx *c, const char *file,
                    const char *title, const char *subject);

/*
 * The cover page: the document's title, the programme, period and as-of
 * date, who it is for, and the points "in brief" (each one sentence).
 */
void report_cover(struct doc *d, const struct report_ctx *c, const char *title,
                  const char *audience, const char *const *brief, size_t nbrief);

/* Month ticks for survival curves followed up to `days` (every 6 months;
 * every 3 under a year). Returns how many, at most max. */
size_t report_km_ticks(double days, double *ticks, size_t max);

/*
 * A chart series from the step table of (cohort, role): a first step at
 * time 0 and S = 1, the steps, censor marks, the follow-up's end and the
 * number at risk at each tick (months). Arrays live in the doc's arena.
 * Returns 0, leaving *out empty, when there is no curve or it is
 * suppressed.
 */
int report_km_series(struct doc *d, const struct report_ctx *c, const char *cohort,
                     const char *role, const char *label, const double *ticks, size_t nticks,
                     struct chart_km_series *out);

/* A y range for survival curves that shows them rather than white space:
 * from a round 10% below the lowest limit drawn to 100%. */
void report_km_yrange(const struct chart_km_series *s, size_t n, double *y_min, double *y_max);

/* The longest follow-up (days) among the curves of a cohort (0 when none). */
double report_km_span(const struct report_ctx *c, const char *cohort);

/* The paragraphs on what the comparison with non-participants can and cannot show. */
void report_comparison_caveat(struct doc *d, const struct report_ctx *c);

/* The paragraph on disclosure control. */
void report_suppression_para(struct doc *d, const struct report_ctx *c);

/*
 * "fewer than 5" or the value and interval of a figure, as a table cell
 * (interval on a second, smaller line); `empty` for a missing figure.
 */
void report_cell(struct doc_table *t, struct doc *d, const struct report_ctx *c,
                 const struct figure *f, enum report_kind kind, int with_ci, const char *empty);

/* A row's remaining `ncells` cells for a withheld group: "fewer than 5" in
 * the first, nothing in the rest, so that no number stands beside it. */
void report_cells_hidden(struct doc_table *t, const struct report_ctx *c, size_t ncells);

/* A p-value cell ("< 0.001", "0.0457"; "" when there is none). */
void report_cell_p(struct doc_table *t, double p);

/* A count cell ("1,234"), quiet "fewer than 5" when suppressed. */
void report_cell_n(struct doc_table *t, const struct report_ctx *c, const struct figure *f,
                   int events);

/* report_fmt(), report_fmt_ci() and report_fmt_est_ci() into the doc's arena. */
const char *report_str(struct doc *d, double v, enum report_kind kind);
const char *report_str_ci(struct doc *d, double lo, double hi, enum report_kind kind);
const char *report_str_est_ci(struct doc *d, double est, double lo, double hi,
                              enum report_kind kind);

/* "p = 0.0457" or "p < 0.001"; "" when p is NAN. */
const char *report_str_p(struct doc *d, double p);

/* Month labels and the sessions (n) and active pairs (events) of
 * engagement.monthly for a cohort, in month order; arrays in the arena.
 * Returns the number of months (at most 60). */
size_t report_monthly(struct doc *d, const struct report_ctx *c, const char *cohort,
                      const char ***months, double **sessions, double **pairs);

/* retention.hr_adjusted of a cohort and role (versus non-participants, dimension none). */
const struct figure *report_hr(const struct report_figs *f, const char *cohort, const char *role);

/* One sentence saying what an adjusted hazard ratio means for `who`. */
const char *report_hr_sentence(struct doc *d, const struct figure *f, const char *who);

/* The forest plot of the adjusted hazard ratios of all participants, mentors and mentees. */
void report_hr_forest(struct doc *d, const struct report_ctx *c, const char *name);

/* Survival curves of cohort "all": `role` against the comparison group. */
void report_km_chart(struct doc *d, const struct report_ctx *c, const char *name,
                     const char *role, const char *title);

/* Still employed after 6, 12 and 24 months by role (and non-participants) for a cohort. */
void report_retention_table(struct doc *d, const struct report_ctx *c, const char *cohort);

#endif
