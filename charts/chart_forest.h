/*
 * chart_forest.h: forest plot. Rows of a label, an estimate with its
 * interval drawn against a reference line (zero for differences, one for
 * ratios on a log scale), and the numbers as text at the right:
 * "0.12 (−0.03 to 0.27)".
 *
 * Rows may be group headings. A suppressed row is a labelled gap: its label,
 * the caller's suppressed_text in the numbers column, nothing in the plot.
 * Recommended size: 480 points wide, 80 points plus 18 points a row. Rows
 * beyond what fits at CHART_ROW_MIN points are not drawn and a last line
 * says how many.
 */
#ifndef FLIPSIDE_CHARTS_CHART_FOREST_H
#define FLIPSIDE_CHARTS_CHART_FOREST_H

#include "charts/chart.h"

#include <cairo.h>
#include <stddef.h>

struct chart_forest_row {
    const char *label;        /* "12-month retention", or a heading's text */
    int header;               /* 1: a heading row without values */
    int suppressed;           /* 1: withheld; nothing is drawn for it */
    double est, lo, hi;       /* NAN: no value / no whisker */
    const char *text;         /* the numbers column; NULL: printed from est, lo, hi */
};

struct chart_forest {
    const char *title;        /* all texts may be NULL */
    const char *subtitle;
    const char *note;
    const char *x_title;      /* under the axis, with its unit */
    const char *label_title;  /* heading over the labels, e.g. "Measure" */
    const char *text_title;   /* heading over the numbers: NULL "Estimate (95% CI)" */
    const char *left_note;    /* under the axis, left of the reference: "favours pilot" */
    const char *right_note;   /* right of the reference: "favours full-scale" */
    struct chart_number format; /* numbers and ticks */
    int log_scale;            /* 1: logarithmic axis, for ratios (values > 0) */
    int no_ref;               /* 1: no reference line */
    double ref;               /* the reference value; on a log scale 0 counts as 1 */
    double x_min, x_max;      /* axis range; x_max <= x_min: automatic */
    size_t nrows;
    const struct chart_forest_row *rows;
    const char *suppressed_text; /* NULL: "fewer than 5" */
    const char *missing_text; /* NULL: "no estimate" */
    const char *empty_text;   /* NULL: "No data to show" */
};

/* Draw the chart into (x, y, w, h) of cr; see chart.h. */
void chart_forest_draw(cairo_t *cr, double x, double y, double w, double h,
                       const struct chart_forest *spec);

/* chart_forest_draw for chart_write_png() and chart_write_svg(). */
void chart_forest_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                          const void *spec);

#endif
