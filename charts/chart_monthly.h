/*
 * chart_monthly.h: a monthly engagement series in two panels sharing the
 * month axis: sessions held as bars (with their values) above, active pairs
 * as a line below.
 *
 * Months labelled "YYYY-MM" are shown as "Jan", "Feb", ... with the year
 * under the first month and under each January; other labels are printed
 * as given. A NAN month shows "n/a" where its bar would be and breaks the line.
 * Recommended size: 480 x 280 points for 12 months.
 */
#ifndef FLIPSIDE_CHARTS_CHART_MONTHLY_H
#define FLIPSIDE_CHARTS_CHART_MONTHLY_H

#include "charts/chart.h"

#include <cairo.h>
#include <stddef.h>

#define CHART_MONTHLY_MAX 60

struct chart_monthly {
    const char *title;        /* all texts may be NULL */
    const char *subtitle;
    const char *note;
    size_t nmonths;           /* at most CHART_MONTHLY_MAX are drawn (the first ones) */
    const char *const *months; /* nmonths labels, "2026-01" */
    const double *sessions;   /* nmonths sessions held, or NULL; NAN: no value */
    const double *pairs;      /* nmonths active pairs, or NULL; NAN: no value */
    const char *sessions_title; /* NULL: "Sessions held" */
    const char *pairs_title;  /* NULL: "Active pairs" */
    const char *empty_text;   /* NULL: "No data to show" */
};

/* Draw the chart into (x, y, w, h) of cr; see chart.h. */
void chart_monthly_draw(cairo_t *cr, double x, double y, double w, double h,
                        const struct chart_monthly *spec);

/* chart_monthly_draw for chart_write_png() and chart_write_svg(). */
void chart_monthly_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                           const void *spec);

#endif
