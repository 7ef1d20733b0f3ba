/*
 * chart_dumbbell.h: dumbbell chart, each row's value before (hollow) and
 * after (filled) joined by a bar, with an optional second panel showing the
 * change and its interval against a zero line.
 *
 * Rows may be headings; a suppressed row is a labelled gap with nothing in
 * either panel. Recommended size: 480 points wide, 70 points plus 18 points
 * a row. Rows beyond what fits at CHART_ROW_MIN points are not drawn and a
 * last line says how many.
 */
#ifndef FLIPSIDE_CHARTS_CHART_DUMBBELL_H
#define FLIPSIDE_CHARTS_CHART_DUMBBELL_H

#include "charts/chart.h"

#include <cairo.h>
#include <stddef.h>

struct chart_dumbbell_row {
    const char *label;        /* item or group: "Speaking up in meetings" */
    int header;               /* 1: a heading row without values */
    int suppressed;           /* 1: withheld; nothing is drawn for it */
    double before, after;     /* NAN: no value */
    double change, change_lo, change_hi; /* for the change panel; NAN: none */
};

struct chart_dumbbell {
    const char *title;        /* all texts may be NULL */
    const char *subtitle;
    const char *note;
    const char *before_label; /* legend: NULL "Before" */
    const char *after_label;  /* legend: NULL "After" */
    const char *x_title;      /* under the main panel: "Mean score (1 to 5)" */
    struct chart_number format; /* values and ticks of the main panel */
    double x_min, x_max;      /* main panel range; x_max <= x_min: automatic */
    int show_change;          /* 1: add the change panel */
    const char *change_title; /* under the change panel: NULL "Change (95% CI)" */
    struct chart_number change_format; /* its ticks */
    size_t nrows;
    const struct chart_dumbbell_row *rows;
    const char *suppressed_text; /* NULL: "fewer than 5" */
    const char *missing_text; /* NULL: "no estimate" */
    const char *empty_text;   /* NULL: "No data to show" */
};

/* Draw the chart into (x, y, w, h) of cr; see chart.h. */
void chart_dumbbell_draw(cairo_t *cr, double x, double y, double w, double h,
                         const struct chart_dumbbell *spec);

/* chart_dumbbell_draw for chart_write_png() and chart_write_svg(). */
void chart_dumbbell_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                            const void *spec);

#endif
