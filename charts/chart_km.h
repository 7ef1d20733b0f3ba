/*
 * chart_km.h: Kaplan-Meier survival curves with intervals, censor marks and
 * a number-at-risk table.
 *
 * The caller gives each series' steps as the statistics computed them, in
 * days; the chart shows the x axis in days or months and the y axis as a
 * percentage. Nothing is computed here beyond placing what is given.
 * Intervals are shaded for up to three series; with more, the bands would
 * hide each other and only the lines are drawn (show intervals at fixed
 * times with chart_dot.h instead). Censor marks after a series' end are
 * left out. Recommended size: 480 x 330 points with two series and an
 * at-risk table (add 11 points per further series).
 */
#ifndef FLIPSIDE_CHARTS_CHART_KM_H
#define FLIPSIDE_CHARTS_CHART_KM_H

#include "charts/chart.h"

#include <cairo.h>
#include <stddef.h>

#define CHART_DAYS_PER_MONTH (365.25 / 12)

enum chart_time_unit { CHART_TIME_DAYS, CHART_TIME_MONTHS };

/*
 * One curve. S(t) = surv[i] for time[i] <= t < time[i + 1]; the last step
 * runs to `end`. A NAN survival breaks the line; a NAN limit leaves that
 * step's band out (as while S(t) = 1).
 */
struct chart_km_series {
    const char *label;        /* legend and at-risk row: "Participants" */
    size_t n;                 /* number of steps */
    const double *time;       /* n step times in days, ascending (first usually 0) */
    const double *surv;       /* n survival proportions from time[i] on, 0 to 1 */
    const double *lower;      /* n lower limits, or NULL for no band */
    const double *upper;      /* n upper limits, or NULL for no band */
    size_t ncensor;
    const double *censor;     /* ncensor censoring times in days (a mark each), or NULL */
    double end;               /* last follow-up in days; NAN: last step or censor time */
    const double *at_risk;    /* spec->nticks counts at the ticks, or NULL; NAN: blank */
};

struct chart_km {
    const char *title;        /* all texts may be NULL */
    const char *subtitle;
    const char *note;         /* small print under the chart */
    const char *x_title;      /* NULL: "Months since start" or "Days since start" */
    const char *y_title;      /* NULL: "Still in the organisation (%)" */
    const char *risk_title;   /* NULL: "Number at risk" */
    const char *empty_text;   /* NULL: "No data to show" */
    enum chart_time_unit unit;
    size_t nticks;            /* x ticks in the display unit, with at-risk counts; */
    const double *ticks;      /* 0: chosen here, and no at-risk table */
    double x_max;             /* right end in the display unit; 0 or NAN: automatic */
    double y_min, y_max;      /* y range as proportions; 0 and 0 (or invalid): 0 to 1 */
    int hide_bands;           /* 1: leave the intervals out */
    int hide_censor;          /* 1: leave the censor marks out */
    size_t nseries;           /* at most CHART_MAX_SERIES are drawn */
    const struct chart_km_series *series;
};

/* Draw the chart into (x, y, w, h) of cr; see chart.h. */
void chart_km_draw(cairo_t *cr, double x, double y, double w, double h,
                   const struct chart_km *spec);

/* chart_km_draw for chart_write_png() and chart_write_svg(). */
void chart_km_draw_cb(cairo_t *cr, double x, double y, double w, double h, const void *spec);

#endif
