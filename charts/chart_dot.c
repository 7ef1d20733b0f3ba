#include "charts/chart_dot.h"

#include <math.h>
#include <string.h>

static size_t series_count(const struct chart_dot *spec)
{
    if (spec->nseries == 0)
        return 1;
    return spec->nseries > 2 ? 2 : spec->nseries;
}

static int row_has_value(const struct chart_dot_row *r, size_t ns)
{
    for (size_t j = 0; j < ns; j++)
        if (isfinite(r->est[j]))
            return 1;
    return 0;
}

/* The quiet text beside a row's label, or NULL. */
static const char *row_note(const struct chart_dot *spec, const struct chart_dot_row *r, size_t ns)
{
    if (r->header)
        return NULL;
    if (r->suppressed)
        return spec->suppressed_text != NULL ? spec->suppressed_text : "fewer than 5";
    if (!row_has_value(r, ns))
        return spec->missing_text != NULL ? spec->missing_text : "no estimate";
    return NULL;
}

/* Where bars start: zero, or the axis end nearest to it. */
static double bar_base(const struct chart_axis *ax)
{
    if (ax->lo > 0)
        return ax->lo;
    if (ax->hi < 0)
        return ax->hi;
    return 0;
}

static int row_hidden(const void *rows, size_t i)
{
    return ((const struct chart_dot_row *)rows)[i].suppressed;
}

void chart_dot_draw(cairo_t *cr, double x, double y, double w, double h,
                    const struct chart_dot *spec)
{
    struct chart_legend_item legend[2];
    struct chart_font fs = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    struct chart_font ft = chart_font_make(CHART_SIZE_TEXT, CHART_INK_SOFT);
    struct chart_axis ax;
    struct chart_box box;
    size_t ns, nrows, nshow, slots, nlegend = 0;
    double lo = INFINITY, hi = -INFINITY, legend_h, lh_text, lh_small, colw = 0, indent = 0;
    double right, px, pw, py, rh, avail, size, ms, top, bottom, value_w = 0;
    int any_header = 0, have_values;

    if (spec == NULL || !chart_begin(cr, x, y, w, h))
        return;
    box = chart_frame_draw(cr, (struct chart_box){ x, y, w, h }, spec->title, spec->subtitle,
                           spec->note);
    ns = series_count(spec);
    nrows = spec->rows != NULL ? spec->nrows : 0;
    if (nrows == 0) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }

    /* the axis */
    for (size_t i = 0; i < nrows; i++) {
        const struct chart_dot_row *r = &spec->rows[i];

        if (r->header) {
            any_header = 1;
            continue;
        }
        if (r->suppressed)
            continue;
        for (size_t j = 0; j < ns; j++) {
            if (!isfinite(r->est[j]))
                continue;
            chart_range_add(&lo, &hi, r->est[j], 0);
            chart_range_add(&lo, &hi, r->lo[j], 0);
            chart_range_add(&lo, &hi, r->hi[j], 0);
        }
    }
    have_values = lo <= hi;
    if (spec->has_ref)
        chart_range_add(&lo, &hi, spec->ref, 0);
    if (spec->bars)
        chart_range_add(&lo, &hi, 0, 0);
    chart_axis_range(&ax, lo, hi, spec->x_min, spec->x_max, 5, &spec->format);

    /* legend */
    for (size_t j = 0; j < ns; j++) {
        if (spec->series_label[j] == NULL || spec->series_label[j][0] == '\0')
            continue;
        legend[nlegend].label = spec->series_label[j];
        legend[nlegend].style = chart_style_of(j);
        legend[nlegend].key = spec->bars ? CHART_KEY_BOX : CHART_KEY_MARKER;
        legend[nlegend].hollow = 0;
        nlegend++;
    }
    legend_h = chart_legend_draw(cr, box.x, box.y, box.w, legend, nlegend, 1);

    /* rows and columns */
    lh_text = chart_line_height(cr, CHART_SIZE_TEXT);
    lh_small = chart_line_height(cr, CHART_SIZE_SMALL);
    top = box.y + (legend_h > 0 ? legend_h + 6 : 0) + 2;
    if (spec->has_ref && spec->ref_label != NULL && spec->ref_label[0] != '\0')
        top += lh_small + 2;
    bottom = 4 + lh_small + (spec->x_title != NULL && spec->x_title[0] != '\0' ? 3 + lh_text : 0);
    avail = box.y + box.h - bottom - top;
    nshow = chart_rows_fit(avail, nrows, ns == 2 ? 22 : 18, &rh);
    if (nshow == 0) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    slots = nshow < nrows ? nshow + 1 : nshow;
    size = rh * 0.62 < CHART_SIZE_TEXT ? rh * 0.62 : CHART_SIZE_TEXT;
    indent = any_header ? 10 : 0;
    for (size_t i = 0; i < nrows; i++) {
        const struct chart_dot_row *r = &spec->rows[i];
        double lw = chart_row_label_width(cr, r->label, row_note(spec, r, ns), r->header, size,
                                          indent);

        if (lw > colw)
            colw = lw;
    }
    if (colw > box.w * 0.4)
        colw = box.w * 0.4;
    {
        char last[CHART_NUMBER_MAX];
        double lw = 0;

        if (ax.nticks > 0) {
            chart_axis_label(&ax, ax.ticks[ax.nticks - 1], last, sizeof last);
            chart_text_size(cr, last, &fs, &lw, NULL);
        }
        right = lw / 2 + 2 > 8 ? lw / 2 + 2 : 8;
    }
    if (spec->show_values) {
        for (size_t i = 0; i < nrows; i++)
            for (size_t j = 0; j < ns; j++) {
                char text[CHART_NUMBER_MAX];
                double vw;

                chart_number_format(text, sizeof text, spec->rows[i].est[j], &spec->format);
                chart_text_size(cr, text, &fs, &vw, NULL);
                if (vw + 4 > value_w)
                    value_w = vw + 4;
            }
        if (value_w > right)
            right = value_w;
    }
    px = box.x + colw + 10;
    pw = box.x + box.w - right - px;
    py = top;
    if (pw < 10) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }

    /* group separators, grid, reference line */
    for (size_t i = 1; i < nshow; i++)
        if (spec->rows[i].header)
            chart_line(cr, box.x, py + (double)i * rh, px + pw, py + (double)i * rh, 0.6,
                       CHART_GRID);
    chart_grid_rows(cr, &ax, px, px + pw, py, rh, nshow, spec->has_ref ? spec->ref : NAN, row_hidden, spec->rows);
    if (spec->has_ref && spec->ref_label != NULL) {
        struct chart_font fr = chart_font_make(CHART_SIZE_SMALL, CHART_REF);
        double rx = chart_axis_map(&ax, spec->ref, px, px + pw);

        fr.align = CHART_CENTRE;
        fr.valign = CHART_BOTTOM;
        fr.max_width = pw;
        if (rx >= px && rx <= px + pw)
            chart_text_draw(cr, rx, py - 1, spec->ref_label, &fr, NULL, NULL);
    }
    if (nshow < nrows)
        chart_rows_more_draw(cr, box.x, py + ((double)nshow + 0.5) * rh, colw, nrows - nshow);
    /* without a single value the axis would be read as data: leave it out */
    if (have_values) {
        chart_axis_labels_below(cr, &ax, px, px + pw, py + (double)slots * rh + 4,
                                CHART_SIZE_SMALL);
        ft.align = CHART_CENTRE;
        ft.max_width = pw;
        chart_text_draw(cr, px + pw / 2, py + (double)slots * rh + 4 + lh_small + 3,
                        spec->x_title, &ft, NULL, NULL);
    }

    /* rows */
    ms = rh * 0.42 < 7 ? rh * 0.42 : 7;
    for (size_t i = 0; i < nshow; i++) {
        const struct chart_dot_row *r = &spec->rows[i];
        double yc = py + ((double)i + 0.5) * rh;

        chart_row_label_draw(cr, box.x, yc, colw, r->label, row_note(spec, r, ns), r->header,
                             size, indent);
        if (r->header || r->suppressed)
            continue;
        cairo_save(cr);
        cairo_rectangle(cr, px - ms, py + (double)i * rh, pw + 2 * ms + value_w, rh);
        cairo_clip(cr);
        for (size_t j = 0; j < ns; j++) {
            struct chart_style st = chart_style_of(j);
            double yj = yc;
            double ex = chart_axis_map(&ax, r->est[j], px, px + pw);
            double lx = chart_axis_map(&ax, r->lo[j], px, px + pw);
            double hx = chart_axis_map(&ax, r->hi[j], px, px + pw);

            /* two series: the first above the row's middle, the second below */
            if (ns == 2)
                yj += (j == 0 ? -1 : 1) * rh * 0.19;
            if (!isfinite(ex))
                continue;
            if (spec->bars) {
                double base = chart_axis_map(&ax, bar_base(&ax), px, px + pw);
                double bh = ns == 2 ? rh * 0.36 : rh * 0.55;

                cairo_new_path(cr);
                cairo_rectangle(cr, base < ex ? base : ex, yj - bh / 2, fabs(ex - base), bh);
                chart_set_colour(cr, st.rgb, 1);
                cairo_fill(cr);
                if (isfinite(lx) && isfinite(hx))
                    chart_line(cr, lx, yj, hx, yj, 1.1, CHART_INK);
            } else {
                if (isfinite(lx) && isfinite(hx))
                    chart_line(cr, lx, yj, hx, yj, 1.6, st.rgb);
                chart_marker_draw(cr, st.marker, ex, yj, ms, st.rgb, 0);
            }
            if (spec->show_values) {
                char text[CHART_NUMBER_MAX];
                double tx = (isfinite(hx) && hx > ex ? hx : ex) + ms / 2 + 3;

                fs.valign = CHART_MIDDLE;
                fs.rgb = CHART_INK;
                chart_number_format(text, sizeof text, r->est[j], &spec->format);
                chart_text_draw(cr, tx, yj, text, &fs, NULL, NULL);
            }
        }
        cairo_restore(cr);
    }
out:
    cairo_restore(cr);
}

void chart_dot_draw_cb(cairo_t *cr, double x, double y, double w, double h, const void *spec)
{
    chart_dot_draw(cr, x, y, w, h, spec);
}
