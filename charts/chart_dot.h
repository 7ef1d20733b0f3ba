/*
 * chart_dot.h: dot (or bar) chart with interval whiskers, one row per group
 * and one or two series per row, e.g. 12-month retention by group for
 * participants and non-participants, or satisfaction by group.
 *
 * Rows may be group headings ("Gender"). A row withheld by disclosure
 * control is drawn as a labelled gap: its label, the caller's
 * suppressed_text ("fewer than 5") beside it, and nothing at all in the
 * data area. Recommended size: 480 points wide, 70 points plus 18 points a
 * row (22 with two series). Rows are squeezed down to CHART_ROW_MIN points;
 * rows beyond that are not drawn and a last line says how many.
 */
#ifndef FLIPSIDE_CHARTS_CHART_DOT_H
#define FLIPSIDE_CHARTS_CHART_DOT_H

#include "charts/chart.h"

#include <cairo.h>
#include <stddef.h>

struct chart_dot_row {
    const char *label;        /* "Women", or a heading's text */
    int header;               /* 1: a heading row without values */
    int suppressed;           /* 1: withheld; nothing is drawn for it */
    double est[2];            /* per series; NAN: no value */
    double lo[2], hi[2];      /* the interval; NAN: no whisker */
};

struct chart_dot {
    const char *title;        /* all texts may be NULL */
    const char *subtitle;
    const char *note;
    const char *x_title;      /* under the axis, with its unit: "Still employed at 12 months (%)" */
    const char *series_label[2]; /* legend entries ("Participants", "Non-participants") */
    size_t nseries;           /* 1 or 2 (0 counts as 1) */
    size_t nrows;
    const struct chart_dot_row *rows;
    struct chart_number format; /* values and ticks: { 100, 0, 0, "%" } for shares */
    double x_min, x_max;      /* axis range; x_max <= x_min: automatic */
    int bars;                 /* 1: bars from zero with whiskers; 0: dots */
    int show_values;          /* 1: print each estimate beside its whisker */
    int has_ref;              /* 1: draw a reference line at ref */
    double ref;
    const char *ref_label;    /* printed at the top of the reference line: "All staff" */
    const char *suppressed_text; /* NULL: "fewer than 5" */
    const char *missing_text; /* a row with no value that is not suppressed; NULL: "no estimate" */
    const char *empty_text;   /* NULL: "No data to show" */
};

/* Draw the chart into (x, y, w, h) of cr; see chart.h. */
void chart_dot_draw(cairo_t *cr, double x, double y, double w, double h,
                    const struct chart_dot *spec);

/* chart_dot_draw for chart_write_png() and chart_write_svg(). */
void chart_dot_draw_cb(cairo_t *cr, double x, double y, double w, double h, const void *spec);

#endif
