#include "charts/chart_forest.h"

#include <math.h>
#include <string.h>

#define TEXT_MAX (3 * CHART_NUMBER_MAX + 16)

static double ref_value(const struct chart_forest *spec)
{
    if (spec->log_scale && !(spec->ref > 0))
        return 1;
    return spec->ref;
}

/* The numbers-column text of a row into buf, and whether it is a quiet note. */
static const char *row_text(const struct chart_forest *spec, const struct chart_forest_row *r,
                            char *buf, size_t size, int *quiet)
{
    *quiet = 0;
    if (r->header)
        return NULL;
    if (r->suppressed) {
        *quiet = 1;
        return spec->suppressed_text != NULL ? spec->suppressed_text : "fewer than 5";
    }
    if (r->text != NULL)
        return r->text;
    if (!isfinite(r->est)) {
        *quiet = 1;
        return spec->missing_text != NULL ? spec->missing_text : "no estimate";
    }
    chart_interval_format(buf, size, r->est, r->lo, r->hi, &spec->format);
    return buf;
}

static double tick_half(cairo_t *cr, const struct chart_axis *ax, size_t i)
{
    struct chart_font fs = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    char text[CHART_NUMBER_MAX];
    double w = 0;

    if (ax->nticks == 0)
        return 0;
    chart_axis_label(ax, ax->ticks[i], text, sizeof text);
    chart_text_size(cr, text, &fs, &w, NULL);
    return w / 2;
}

static int row_hidden(const void *rows, size_t i)
{
    return ((const struct chart_forest_row *)rows)[i].suppressed;
}

void chart_forest_draw(cairo_t *cr, double x, double y, double w, double h,
                       const struct chart_forest *spec)
{
    struct chart_font fh = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    struct chart_font fn = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    struct chart_axis ax;
    struct chart_box box;
    struct chart_style st = chart_style_of(0);
    size_t nrows, nshow, slots;
    double lo = INFINITY, hi = -INFINITY, ref, lh_text, lh_small, top, bottom, avail, rh, size;
    double colw = 0, textw = 0, indent = 0, px, pw, ms, cur, ref_x = NAN;
    int any_header = 0, headings;

    if (spec == NULL || !chart_begin(cr, x, y, w, h))
        return;
    box = chart_frame_draw(cr, (struct chart_box){ x, y, w, h }, spec->title, spec->subtitle,
                           spec->note);
    nrows = spec->rows != NULL ? spec->nrows : 0;
    if (nrows == 0) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    ref = ref_value(spec);

    /* the axis */
    for (size_t i = 0; i < nrows; i++) {
        const struct chart_forest_row *r = &spec->rows[i];

        if (r->header)
            any_header = 1;
        if (r->header || r->suppressed || !isfinite(r->est))
            continue;
        chart_range_add(&lo, &hi, r->est, spec->log_scale);
        chart_range_add(&lo, &hi, r->lo, spec->log_scale);
        chart_range_add(&lo, &hi, r->hi, spec->log_scale);
    }
    if (!spec->no_ref)
        chart_range_add(&lo, &hi, ref, spec->log_scale);
    if (spec->log_scale) {
        if (isfinite(spec->x_min) && isfinite(spec->x_max) && spec->x_min > 0 &&
            spec->x_max > spec->x_min) {
            struct chart_axis nice;

            chart_axis_nice(&nice, spec->x_min, spec->x_max, 5, 1, &spec->format);
            ax = nice;
            ax.lo = spec->x_min;
            ax.hi = spec->x_max;
            ax.nticks = 0;
            for (size_t i = 0; i < nice.nticks; i++)
                if (nice.ticks[i] >= ax.lo * (1 - 1e-9) && nice.ticks[i] <= ax.hi * (1 + 1e-9))
                    ax.ticks[ax.nticks++] = nice.ticks[i];
        } else {
            chart_axis_nice(&ax, lo <= hi ? lo : 0.5, lo <= hi ? hi : 2, 5, 1, &spec->format);
        }
    } else {
        chart_axis_range(&ax, lo, hi, spec->x_min, spec->x_max, 4, &spec->format);
    }

    /* rows and columns */
    lh_text = chart_line_height(cr, CHART_SIZE_TEXT);
    lh_small = chart_line_height(cr, CHART_SIZE_SMALL);
    headings = spec->label_title != NULL || spec->text_title != NULL;
    top = box.y + (headings ? lh_small + 5 : 0);
    bottom = 4 + lh_small;
    if (spec->left_note != NULL || spec->right_note != NULL)
        bottom += 2 + lh_small;
    if (spec->x_title != NULL)
        bottom += 3 + lh_text;
    avail = box.y + box.h - bottom - top;
    nshow = chart_rows_fit(avail, nrows, 18, &rh);
    if (nshow == 0) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    slots = nshow < nrows ? nshow + 1 : nshow;
    size = rh * 0.62 < CHART_SIZE_TEXT ? rh * 0.62 : CHART_SIZE_TEXT;
    indent = any_header ? 10 : 0;
    fh.bold = 1;
    for (size_t i = 0; i < nrows; i++) {
        const struct chart_forest_row *r = &spec->rows[i];
        struct chart_font ft = chart_font_make(size, CHART_INK);
        char buf[TEXT_MAX];
        int quiet;
        const char *text = row_text(spec, r, buf, sizeof buf, &quiet);
        double lw = chart_row_label_width(cr, r->label, NULL, r->header, size, indent);

        if (lw > colw)
            colw = lw;
        ft.italic = quiet;
        chart_text_size(cr, text, &ft, &lw, NULL);
        if (lw > textw)
            textw = lw;
    }
    {
        double tw;

        chart_text_size(cr, spec->text_title != NULL ? spec->text_title : "Estimate (95% CI)", &fh,
                        &tw, NULL);
        if (headings && tw > textw)
            textw = tw;
        chart_text_size(cr, spec->label_title, &fh, &tw, NULL);
        if (tw > colw)
            colw = tw;
    }
    if (colw > box.w * 0.34)
        colw = box.w * 0.34;
    if (textw > box.w * 0.3)
        textw = box.w * 0.3;
    px = box.x + colw + 10 + tick_half(cr, &ax, 0);
    pw = box.x + box.w - textw - 14 - tick_half(cr, &ax, ax.nticks ? ax.nticks - 1 : 0) - px;
    if (pw < 20) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }

    /* headings and separators */
    if (headings) {
        fh.valign = CHART_BOTTOM;
        fh.max_width = colw;
        chart_text_draw(cr, box.x, top - 4, spec->label_title, &fh, NULL, NULL);
        fh.align = CHART_RIGHT;
        fh.max_width = textw;
        chart_text_draw(cr, box.x + box.w, top - 4,
                        spec->text_title != NULL ? spec->text_title : "Estimate (95% CI)", &fh,
                        NULL, NULL);
        chart_line(cr, box.x, top - 1.5, box.x + box.w, top - 1.5, 0.6, CHART_AXIS);
    }
    for (size_t i = 1; i < nshow; i++)
        if (spec->rows[i].header)
            chart_line(cr, box.x, top + (double)i * rh, box.x + box.w, top + (double)i * rh, 0.6,
                       CHART_GRID);
    if (nshow < nrows)
        chart_rows_more_draw(cr, box.x, top + ((double)nshow + 0.5) * rh, colw, nrows - nshow);

    /* gridlines and the reference line, broken at suppressed rows */
    if (!spec->no_ref)
        ref_x = chart_axis_map(&ax, ref, px, px + pw);
    chart_grid_rows(cr, &ax, px, px + pw, top, rh, nshow, spec->no_ref ? NAN : ref, row_hidden, spec->rows);

    /* the axis, the notes either side of the reference, the title */
    cur = top + (double)slots * rh + 4;
    chart_axis_labels_below(cr, &ax, px, px + pw, cur, CHART_SIZE_SMALL);
    cur += lh_small;
    if (spec->left_note != NULL || spec->right_note != NULL) {
        double mid = ref_x >= px && ref_x <= px + pw ? ref_x : px + pw / 2;

        cur += 2;
        fn.italic = 1;
        fn.align = CHART_RIGHT;
        fn.max_width = mid - px + colw;
        chart_text_draw(cr, mid - 5, cur, spec->left_note, &fn, NULL, NULL);
        fn.align = CHART_LEFT;
        fn.max_width = box.x + box.w - mid - 5;
        chart_text_draw(cr, mid + 5, cur, spec->right_note, &fn, NULL, NULL);
        cur += lh_small;
    }
    if (spec->x_title != NULL) {
        struct chart_font ft = chart_font_make(CHART_SIZE_TEXT, CHART_INK_SOFT);

        ft.align = CHART_CENTRE;
        ft.max_width = pw + colw;
        chart_text_draw(cr, px + pw / 2, cur + 3, spec->x_title, &ft, NULL, NULL);
    }

    /* rows */
    ms = rh * 0.42 < 7 ? rh * 0.42 : 7;
    for (size_t i = 0; i < nshow; i++) {
        const struct chart_forest_row *r = &spec->rows[i];
        struct chart_font ft = chart_font_make(size, CHART_INK);
        double yc = top + ((double)i + 0.5) * rh;
        char buf[TEXT_MAX];
        int quiet;
        const char *text = row_text(spec, r, buf, sizeof buf, &quiet);

        chart_row_label_draw(cr, box.x, yc, colw, r->label, NULL, r->header, size, indent);
        ft.align = CHART_RIGHT;
        ft.valign = CHART_MIDDLE;
        ft.max_width = textw;
        ft.italic = quiet;
        ft.rgb = quiet ? CHART_INK_FAINT : CHART_INK;
        chart_text_draw(cr, box.x + box.w, yc, text, &ft, NULL, NULL);
    }
    for (size_t i = 0; i < nshow; i++) {
        const struct chart_forest_row *r = &spec->rows[i];
        double yc = top + ((double)i + 0.5) * rh;
        double ex = chart_axis_map(&ax, r->est, px, px + pw);
        double lx = chart_axis_map(&ax, r->lo, px, px + pw);
        double hx = chart_axis_map(&ax, r->hi, px, px + pw);

        if (r->header || r->suppressed || !isfinite(ex))
            continue;
        cairo_save(cr);
        cairo_rectangle(cr, px - ms, top + (double)i * rh, pw + 2 * ms, rh);
        cairo_clip(cr);
        if (isfinite(lx) && isfinite(hx))
            chart_line(cr, lx, yc, hx, yc, 1.5, st.rgb);
        chart_marker_draw(cr, CHART_MARKER_SQUARE, ex, yc, ms, st.rgb, 0);
        cairo_restore(cr);
    }
out:
    cairo_restore(cr);
}

void chart_forest_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                          const void *spec)
{
    chart_forest_draw(cr, x, y, w, h, spec);
}
