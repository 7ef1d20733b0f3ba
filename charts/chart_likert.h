/*
 * chart_likert.h: diverging stacked bars for Likert items, one bar per item
 * and wave (baseline, exit).
 *
 * Each bar shows the caller's answer counts as shares of the bar's total:
 * the negative points (the lower half of the scale) left of zero, the
 * positive points right of it, and a middle (neutral) point, when the scale
 * has an odd number of points, centred on zero. A suppressed bar, or one
 * without answers, is a labelled gap. Recommended size: 480 points wide,
 * 70 points plus 16 points a bar and 8 points between items.
 */
#ifndef FLIPSIDE_CHARTS_CHART_LIKERT_H
#define FLIPSIDE_CHARTS_CHART_LIKERT_H

#include "charts/chart.h"

#include <cairo.h>
#include <stddef.h>

#define CHART_LIKERT_MAX_POINTS 11
#define CHART_LIKERT_MAX_BARS 4

struct chart_likert_bar {
    const char *label;        /* "Baseline", "Exit" */
    const double *counts;     /* spec->npoints answer counts, most negative first; NULL: none */
    int suppressed;           /* 1: withheld; nothing is drawn for it */
};

struct chart_likert_item {
    const char *label;        /* the item's text; wrapped onto up to three lines */
    size_t nbars;             /* at most CHART_LIKERT_MAX_BARS are drawn */
    const struct chart_likert_bar *bars;
};

struct chart_likert {
    const char *title;        /* all texts may be NULL */
    const char *subtitle;
    const char *note;
    const char *x_title;      /* NULL: "Share of answers (%)" */
    size_t npoints;           /* scale points, 2 to CHART_LIKERT_MAX_POINTS */
    const char *const *point_labels; /* npoints labels for the legend, most negative first */
    size_t nitems;
    const struct chart_likert_item *items;
    int show_n;               /* 1: print each bar's number of answers at its right */
    const char *suppressed_text; /* NULL: "fewer than 5" */
    const char *missing_text; /* a bar with no answers; NULL: "no answers" */
    const char *empty_text;   /* NULL: "No data to show" */
};

/* The fill colour of scale point i of npoints: vermillion shades for the
 * negative half, grey for the middle point, blue shades for the positive
 * half, the extremes darkest. */
uint32_t chart_likert_colour(size_t i, size_t npoints);

/* Draw the chart into (x, y, w, h) of cr; see chart.h. */
void chart_likert_draw(cairo_t *cr, double x, double y, double w, double h,
                       const struct chart_likert *spec);

/* chart_likert_draw for chart_write_png() and chart_write_svg(). */
void chart_likert_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                          const void *spec);

#endif
