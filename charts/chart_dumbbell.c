#include "charts/chart_dumbbell.h"

#include <math.h>
#include <string.h>

#define BEFORE_RGB 0x6E6E6E   /* hollow grey: reads as "before" in colour and greyscale */
#define AFTER_RGB 0x0072B2    /* Okabe-Ito blue */
#define JOIN_RGB 0xC9C9C9

static int row_has_value(const struct chart_dumbbell_row *r)
{
    return isfinite(r->before) || isfinite(r->after);
}

static const char *row_note(const struct chart_dumbbell *spec, const struct chart_dumbbell_row *r)
{
    if (r->header)
        return NULL;
    if (r->suppressed)
        return spec->suppressed_text != NULL ? spec->suppressed_text : "fewer than 5";
    if (!row_has_value(r))
        return spec->missing_text != NULL ? spec->missing_text : "no estimate";
    return NULL;
}

static int row_hidden(const void *rows, size_t i)
{
    return ((const struct chart_dumbbell_row *)rows)[i].suppressed;
}

static void panel_axis(cairo_t *cr, const struct chart_axis *ax, double px, double pw, double y,
                       const char *title, double lh_small)
{
    struct chart_font ft = chart_font_make(CHART_SIZE_TEXT, CHART_INK_SOFT);

    chart_axis_labels_below(cr, ax, px, px + pw, y, CHART_SIZE_SMALL);
    if (title == NULL)
        return;
    ft.align = CHART_CENTRE;
    ft.max_width = pw + 20;
    chart_text_draw(cr, px + pw / 2, y + lh_small + 3, title, &ft, NULL, NULL);
}

static double last_tick_half(cairo_t *cr, const struct chart_axis *ax)
{
    struct chart_font fs = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    char text[CHART_NUMBER_MAX];
    double w = 0;

    if (ax->nticks == 0)
        return 0;
    chart_axis_label(ax, ax->ticks[ax->nticks - 1], text, sizeof text);
    chart_text_size(cr, text, &fs, &w, NULL);
    return w / 2;
}

static double first_tick_half(cairo_t *cr, const struct chart_axis *ax)
{
    struct chart_font fs = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    char text[CHART_NUMBER_MAX];
    double w = 0;

    if (ax->nticks == 0)
        return 0;
    chart_axis_label(ax, ax->ticks[0], text, sizeof text);
    chart_text_size(cr, text, &fs, &w, NULL);
    return w / 2;
}

void chart_dumbbell_draw(cairo_t *cr, double x, double y, double w, double h,
                         const struct chart_dumbbell *spec)
{
    struct chart_legend_item legend[2];
    struct chart_axis ax, cx;
    struct chart_box box;
    struct chart_number cfmt;
    size_t nrows, nshow, slots;
    double lo = INFINITY, hi = -INFINITY, clo = INFINITY, chi = -INFINITY;
    double legend_h, lh_text, lh_small, top, bottom, avail, rh, size, colw = 0, indent = 0;
    double px, pw, cpx = 0, cpw = 0, ms, gap = 16;
    int any_header = 0, show_change;

    if (spec == NULL || !chart_begin(cr, x, y, w, h))
        return;
    box = chart_frame_draw(cr, (struct chart_box){ x, y, w, h }, spec->title, spec->subtitle,
                           spec->note);
    nrows = spec->rows != NULL ? spec->nrows : 0;
    if (nrows == 0) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    show_change = spec->show_change;
    for (size_t i = 0; i < nrows; i++) {
        const struct chart_dumbbell_row *r = &spec->rows[i];

        if (r->header)
            any_header = 1;
        if (r->header || r->suppressed)
            continue;
        chart_range_add(&lo, &hi, r->before, 0);
        chart_range_add(&lo, &hi, r->after, 0);
        if (isfinite(r->change)) {
            chart_range_add(&clo, &chi, r->change, 0);
            chart_range_add(&clo, &chi, r->change_lo, 0);
            chart_range_add(&clo, &chi, r->change_hi, 0);
        }
    }
    chart_axis_range(&ax, lo, hi, spec->x_min, spec->x_max, 5, &spec->format);
    cfmt = spec->change_format;
    cfmt.plus = 0;
    if (clo <= chi) {
        /* the zero line always shows */
        chart_range_add(&clo, &chi, 0, 0);
        chart_axis_nice(&cx, clo, chi, 3, 0, &cfmt);
    } else {
        chart_axis_nice(&cx, -1, 1, 3, 0, &cfmt);
    }

    legend[0].label = spec->before_label != NULL ? spec->before_label : "Before";
    legend[0].style = chart_style_of(0);
    legend[0].style.rgb = BEFORE_RGB;
    legend[0].style.marker = CHART_MARKER_CIRCLE;
    legend[0].key = CHART_KEY_MARKER;
    legend[0].hollow = 1;
    legend[1] = legend[0];
    legend[1].label = spec->after_label != NULL ? spec->after_label : "After";
    legend[1].style.rgb = AFTER_RGB;
    legend[1].hollow = 0;
    legend_h = chart_legend_draw(cr, box.x, box.y, box.w, legend, 2, 1);

    lh_text = chart_line_height(cr, CHART_SIZE_TEXT);
    lh_small = chart_line_height(cr, CHART_SIZE_SMALL);
    top = box.y + legend_h + 8;
    bottom = 4 + lh_small + 3 + lh_text;
    avail = box.y + box.h - bottom - top;
    nshow = chart_rows_fit(avail, nrows, 18, &rh);
    if (nshow == 0) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    slots = nshow < nrows ? nshow + 1 : nshow;
    size = rh * 0.62 < CHART_SIZE_TEXT ? rh * 0.62 : CHART_SIZE_TEXT;
    indent = any_header ? 10 : 0;
    for (size_t i = 0; i < nrows; i++) {
        const struct chart_dumbbell_row *r = &spec->rows[i];
        double lw = chart_row_label_width(cr, r->label, row_note(spec, r), r->header, size,
                                          indent);

        if (lw > colw)
            colw = lw;
    }
    if (colw > box.w * 0.36)
        colw = box.w * 0.36;
    {
        double l0 = box.x + colw + 10, r0 = box.x + box.w, main_end = r0;

        if (show_change) {
            double block = (r0 - l0) * 0.3;

            cpx = r0 - block + first_tick_half(cr, &cx);
            cpw = r0 - last_tick_half(cr, &cx) - 2 - cpx;
            main_end = r0 - block - gap;
        }
        px = l0 + first_tick_half(cr, &ax);
        pw = main_end - last_tick_half(cr, &ax) - 2 - px;
    }
    if (pw < 20 || (show_change && cpw < 20)) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }

    for (size_t i = 1; i < nshow; i++)
        if (spec->rows[i].header)
            chart_line(cr, box.x, top + (double)i * rh, show_change ? cpx + cpw : px + pw,
                       top + (double)i * rh, 0.6, CHART_GRID);
    if (nshow < nrows)
        chart_rows_more_draw(cr, box.x, top + ((double)nshow + 0.5) * rh, colw, nrows - nshow);
    chart_grid_rows(cr, &ax, px, px + pw, top, rh, nshow, NAN, row_hidden, spec->rows);
    panel_axis(cr, &ax, px, pw, top + (double)slots * rh + 4, spec->x_title, lh_small);
    if (show_change) {
        chart_grid_rows(cr, &cx, cpx, cpx + cpw, top, rh, nshow, 0, row_hidden, spec->rows);
        panel_axis(cr, &cx, cpx, cpw, top + (double)slots * rh + 4,
                   spec->change_title != NULL ? spec->change_title : "Change (95% CI)",
                   lh_small);
    }

    ms = rh * 0.42 < 7 ? rh * 0.42 : 7;
    for (size_t i = 0; i < nshow; i++) {
        const struct chart_dumbbell_row *r = &spec->rows[i];
        double yc = top + ((double)i + 0.5) * rh;
        double bx = chart_axis_map(&ax, r->before, px, px + pw);
        double ax_ = chart_axis_map(&ax, r->after, px, px + pw);

        chart_row_label_draw(cr, box.x, yc, colw, r->label, row_note(spec, r), r->header, size,
                             indent);
        if (r->header || r->suppressed)
            continue;
        cairo_save(cr);
        cairo_rectangle(cr, px - ms, top + (double)i * rh, pw + 2 * ms, rh);
        cairo_clip(cr);
        if (isfinite(bx) && isfinite(ax_))
            chart_line(cr, bx, yc, ax_, yc, ms * 0.5, JOIN_RGB);
        chart_marker_draw(cr, CHART_MARKER_CIRCLE, bx, yc, ms, BEFORE_RGB, 1);
        chart_marker_draw(cr, CHART_MARKER_CIRCLE, ax_, yc, ms, AFTER_RGB, 0);
        cairo_restore(cr);
        if (show_change && isfinite(r->change)) {
            double ex = chart_axis_map(&cx, r->change, cpx, cpx + cpw);
            double lx = chart_axis_map(&cx, r->change_lo, cpx, cpx + cpw);
            double hx = chart_axis_map(&cx, r->change_hi, cpx, cpx + cpw);

            cairo_save(cr);
            cairo_rectangle(cr, cpx - ms, top + (double)i * rh, cpw + 2 * ms, rh);
            cairo_clip(cr);
            if (isfinite(lx) && isfinite(hx))
                chart_line(cr, lx, yc, hx, yc, 1.6, CHART_INK);
            chart_marker_draw(cr, CHART_MARKER_SQUARE, ex, yc, ms * 0.9, CHART_INK, 0);
            cairo_restore(cr);
        }
    }
out:
    cairo_restore(cr);
}

void chart_dumbbell_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                            const void *spec)
{
    chart_dumbbell_draw(cr, x, y, w, h, spec);
}
