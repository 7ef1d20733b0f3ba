#include "charts/chart_km.h"

#include <math.h>
#include <string.h>

#define KM_MAX_BANDS 3

static double to_unit(const struct chart_km *spec, double days)
{
    return spec->unit == CHART_TIME_MONTHS ? days / CHART_DAYS_PER_MONTH : days;
}

static double series_end(const struct chart_km_series *se)
{
    double end = NAN;

    if (isfinite(se->end))
        return se->end;
    for (size_t i = 0; se->time != NULL && i < se->n; i++)
        if (isfinite(se->time[i]) && !(se->time[i] <= end))
            end = se->time[i];
    for (size_t i = 0; se->censor != NULL && i < se->ncensor; i++)
        if (isfinite(se->censor[i]) && !(se->censor[i] <= end))
            end = se->censor[i];
    return end;
}

static int series_drawable(const struct chart_km_series *se)
{
    if (se->time == NULL || se->surv == NULL)
        return 0;
    for (size_t i = 0; i < se->n; i++)
        if (isfinite(se->time[i]) && isfinite(se->surv[i]))
            return 1;
    return 0;
}

/* Month ticks in steps of 1, 2, 3, 6 or 12 months and their multiples. */
static void month_axis(struct chart_axis *ax, double hi)
{
    static const double steps[] = { 1, 2, 3, 6, 12, 24, 36, 60, 120, 240, 600, 1200 };
    double step = steps[sizeof steps / sizeof *steps - 1], top;
    double ticks[CHART_TICKS_MAX];
    size_t n = 0;

    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (hi / steps[i] <= 8) {
            step = steps[i];
            break;
        }
    top = ceil(hi / step - 1e-9) * step;
    if (!(top > 0))
        top = step;
    for (double v = 0; v <= top + step / 2 && n < CHART_TICKS_MAX; v += step)
        ticks[n++] = v;
    chart_axis_fixed(ax, 0, top, ticks, n, NULL);
}

struct km_plot {
    const struct chart_km *spec;
    struct chart_axis ax, ay;
    double px, py, pw, ph;
};

static double map_x(const struct km_plot *p, double days)
{
    return chart_axis_map(&p->ax, to_unit(p->spec, days), p->px, p->px + p->pw);
}

static double map_y(const struct km_plot *p, double s)
{
    return chart_axis_map(&p->ay, s, p->py + p->ph, p->py);
}

/* The time at which step i ends: the next finite step time, else `end`. */
static double step_end(const struct chart_km_series *se, size_t i, double end)
{
    if (i + 1 < se->n && isfinite(se->time[i + 1]))
        return se->time[i + 1];
    return end;
}

static int band_ok(const struct chart_km_series *se, size_t i)
{
    return isfinite(se->time[i]) && isfinite(se->lower[i]) && isfinite(se->upper[i]);
}

static void draw_band(cairo_t *cr, const struct km_plot *p, const struct chart_km_series *se,
                      struct chart_style st, double end)
{
    size_t a = 0;

    if (se->lower == NULL || se->upper == NULL)
        return;
    cairo_new_path(cr);
    while (a < se->n) {
        size_t b;

        if (!band_ok(se, a)) {
            a++;
            continue;
        }
        b = a;
        while (b + 1 < se->n && band_ok(se, b + 1))
            b++;
        /* upper edge forwards, lower edge backwards */
        cairo_move_to(cr, map_x(p, se->time[a]), map_y(p, se->upper[a]));
        for (size_t i = a; i <= b; i++) {
            double xe = map_x(p, step_end(se, i, end));

            cairo_line_to(cr, xe, map_y(p, se->upper[i]));
            if (i < b)
                cairo_line_to(cr, xe, map_y(p, se->upper[i + 1]));
        }
        cairo_line_to(cr, map_x(p, step_end(se, b, end)), map_y(p, se->lower[b]));
        for (size_t i = b + 1; i-- > a;) {
            double xs = map_x(p, se->time[i]);

            cairo_line_to(cr, xs, map_y(p, se->lower[i]));
            if (i > a)
                cairo_line_to(cr, xs, map_y(p, se->lower[i - 1]));
        }
        cairo_close_path(cr);
        a = b + 1;
    }
    chart_set_colour(cr, st.rgb, 0.16);
    cairo_fill(cr);
}

static void draw_curve(cairo_t *cr, const struct km_plot *p, const struct chart_km_series *se,
                       struct chart_style st, double end)
{
    int started = 0;
    double prev_y = 0;

    cairo_new_path(cr);
    for (size_t i = 0; i < se->n; i++) {
        double t = se->time[i], s = se->surv[i], x, y;

        if (!isfinite(t) || !isfinite(s)) {
            if (started && isfinite(t))
                cairo_line_to(cr, map_x(p, t), prev_y);
            started = 0;
            continue;
        }
        x = map_x(p, t);
        y = map_y(p, s);
        if (!started) {
            cairo_move_to(cr, x, y);
            started = 1;
        } else {
            cairo_line_to(cr, x, prev_y);
            cairo_line_to(cr, x, y);
        }
        prev_y = y;
    }
    if (started && isfinite(end))
        cairo_line_to(cr, map_x(p, end), prev_y);
    chart_set_line(cr, 1.8, st.dash);
    chart_set_colour(cr, st.rgb, 1);
    cairo_stroke(cr);
}

/* S(t) from the steps (sorted by time); NAN before the first step. */
static double surv_at(const struct chart_km_series *se, double t)
{
    size_t lo = 0, hi = se->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (se->time[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? NAN : se->surv[lo - 1];
}

static void draw_censor(cairo_t *cr, const struct km_plot *p, const struct chart_km_series *se,
                        struct chart_style st, double end)
{
    if (se->censor == NULL)
        return;
    cairo_new_path(cr);
    for (size_t i = 0; i < se->ncensor; i++) {
        double s = se->censor[i] <= end ? surv_at(se, se->censor[i]) : NAN;
        double x = map_x(p, se->censor[i]), y = map_y(p, s);

        if (!isfinite(x) || !isfinite(y) || x < p->px - 0.5 || x > p->px + p->pw + 0.5)
            continue;
        cairo_move_to(cr, x, y - 2.8);
        cairo_line_to(cr, x, y + 2.8);
    }
    chart_set_line(cr, 1.0, CHART_DASH_SOLID);
    chart_set_colour(cr, st.rgb, 1);
    cairo_stroke(cr);
}

void chart_km_draw(cairo_t *cr, double x, double y, double w, double h,
                   const struct chart_km *spec)
{
    struct chart_legend_item legend[CHART_MAX_SERIES];
    struct chart_number pct = { 100, 0, 0, "%" };
    struct chart_font ft = chart_font_make(CHART_SIZE_TEXT, CHART_INK_SOFT);
    struct chart_font fs = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    struct km_plot p;
    struct chart_box box;
    size_t ns, nlegend = 0, ndrawable = 0;
    double xmax, ylo, yhi, lh_text, lh_small, left, right, top, legend_h, label_w = 0;
    double risk_h, bottom_h, cur, risk_pad = 0;
    int show_risk = 0;
    const char *x_title, *y_title;

    if (spec == NULL || !chart_begin(cr, x, y, w, h))
        return;
    memset(&p, 0, sizeof p);
    p.spec = spec;
    box = chart_frame_draw(cr, (struct chart_box){ x, y, w, h }, spec->title, spec->subtitle,
                           spec->note);
    ns = spec->series != NULL ? spec->nseries : 0;
    if (ns > CHART_MAX_SERIES)
        ns = CHART_MAX_SERIES;
    for (size_t i = 0; i < ns; i++)
        if (series_drawable(&spec->series[i]))
            ndrawable++;
    if (ndrawable == 0) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }

    /* axes */
    xmax = spec->x_max;
    if (!(xmax > 0) || !isfinite(xmax)) {
        xmax = 0;
        for (size_t i = 0; i < ns; i++) {
            double e = to_unit(spec, series_end(&spec->series[i]));

            if (isfinite(e) && e > xmax)
                xmax = e;
        }
        if (spec->ticks != NULL && spec->nticks > 0 && isfinite(spec->ticks[spec->nticks - 1]) &&
            spec->ticks[spec->nticks - 1] > xmax)
            xmax = spec->ticks[spec->nticks - 1];
    }
    if (!(xmax > 0))
        xmax = spec->unit == CHART_TIME_MONTHS ? 12 : 365;
    if (spec->ticks != NULL && spec->nticks > 0) {
        double lo = spec->ticks[0] < 0 ? spec->ticks[0] : 0;

        chart_axis_fixed(&p.ax, lo, xmax, spec->ticks, spec->nticks, NULL);
        for (size_t i = 0; i < ns; i++)
            if (spec->series[i].at_risk != NULL)
                show_risk = 1;
    } else if (spec->unit == CHART_TIME_MONTHS) {
        month_axis(&p.ax, xmax);
    } else {
        chart_axis_nice(&p.ax, 0, xmax, 6, 0, NULL);
    }
    ylo = spec->y_min;
    yhi = spec->y_max;
    if (!(ylo >= 0 && yhi <= 1 && yhi > ylo)) {
        ylo = 0;
        yhi = 1;
    }
    chart_axis_nice(&p.ay, ylo, yhi, 5, 0, &pct);

    /* legend */
    for (size_t i = 0; i < ns; i++) {
        if (spec->series[i].label == NULL || spec->series[i].label[0] == '\0')
            continue;
        legend[nlegend].label = spec->series[i].label;
        legend[nlegend].style = chart_style_of(i);
        legend[nlegend].key = CHART_KEY_LINE;
        legend[nlegend].hollow = 0;
        nlegend++;
    }
    legend_h = chart_legend_draw(cr, box.x, box.y, box.w, legend, nlegend, 1);

    /* margins */
    lh_text = chart_line_height(cr, CHART_SIZE_TEXT);
    lh_small = chart_line_height(cr, CHART_SIZE_SMALL);
    left = chart_axis_label_width(cr, &p.ay, CHART_SIZE_SMALL) + 6;
    fs.max_width = box.w * 0.25;
    for (size_t i = 0; show_risk && i < ns; i++) {
        double lw;

        chart_text_size(cr, spec->series[i].label, &fs, &lw, NULL);
        if (lw + 16 > label_w)
            label_w = lw + 16;
    }
    /* counts at the first tick are centred on the axis: keep the labels clear */
    for (size_t i = 0; show_risk && i < ns; i++) {
        struct chart_number nf = { 1, 0, 0, NULL };
        char text[CHART_NUMBER_MAX];
        double cw;

        if (spec->series[i].at_risk == NULL)
            continue;
        chart_number_format(text, sizeof text, spec->series[i].at_risk[0], &nf);
        chart_text_size(cr, text, &fs, &cw, NULL);
        if (cw / 2 > risk_pad)
            risk_pad = cw / 2;
    }
    if (label_w + risk_pad + 8 > left)
        left = label_w + risk_pad + 8;
    {
        char last[CHART_NUMBER_MAX];
        double lw = 0;

        if (p.ax.nticks > 0) {
            chart_axis_label(&p.ax, p.ax.ticks[p.ax.nticks - 1], last, sizeof last);
            chart_text_size(cr, last, &fs, &lw, NULL);
        }
        right = lw / 2 + 2 > 8 ? lw / 2 + 2 : 8;
    }
    top = box.y + (legend_h > 0 ? legend_h + 6 : 0) + lh_text + 2 + lh_small / 2;
    risk_h = 12 + lh_small + (double)ns * (lh_small + 1.5);
    bottom_h = 4 + lh_small + 3 + lh_text;
    if (show_risk && box.y + box.h - top - bottom_h - risk_h < 40)
        show_risk = 0;
    if (show_risk)
        bottom_h += risk_h;
    p.px = box.x + left;
    p.pw = box.w - left - right;
    p.py = top;
    p.ph = box.y + box.h - bottom_h - top;
    if (p.pw < 10 || p.ph < 10) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }

    /* y title above the axis, grid, tick labels */
    y_title = spec->y_title != NULL ? spec->y_title : "Still in the organisation (%)";
    {
        double tx = p.px - 5 - chart_axis_label_width(cr, &p.ay, CHART_SIZE_SMALL);

        ft.max_width = box.x + box.w - tx;
        ft.valign = CHART_BOTTOM;
        chart_text_draw(cr, tx, p.py - lh_small / 2 - 2, y_title, &ft, NULL, NULL);
    }
    chart_grid_horizontal(cr, &p.ay, p.py + p.ph, p.py, p.px, p.px + p.pw);
    chart_axis_labels_left(cr, &p.ay, p.py + p.ph, p.py, p.px - 5, CHART_SIZE_SMALL);
    chart_line(cr, p.px, p.py + p.ph, p.px + p.pw, p.py + p.ph, 0.8, CHART_AXIS);
    for (size_t i = 0; i < p.ax.nticks; i++) {
        double tx = chart_axis_map(&p.ax, p.ax.ticks[i], p.px, p.px + p.pw);

        chart_line(cr, tx, p.py + p.ph, tx, p.py + p.ph + 3, 0.8, CHART_AXIS);
    }
    cur = p.py + p.ph + 4;
    cur += chart_axis_labels_below(cr, &p.ax, p.px, p.px + p.pw, cur, CHART_SIZE_SMALL) + 3;
    x_title = spec->x_title != NULL ? spec->x_title
              : spec->unit == CHART_TIME_MONTHS ? "Months since start" : "Days since start";
    ft.valign = CHART_TOP;
    ft.align = CHART_CENTRE;
    ft.max_width = p.pw;
    chart_text_draw(cr, p.px + p.pw / 2, cur, x_title, &ft, NULL, NULL);
    cur += lh_text;

    /* curves: bands first, then lines with series 0 on top */
    cairo_save(cr);
    cairo_rectangle(cr, p.px - 3, p.py - 3, p.pw + 6, p.ph + 3);
    cairo_clip(cr);
    /* more than three overlapping bands are unreadable: lines only then */
    for (size_t i = 0; !spec->hide_bands && ndrawable <= KM_MAX_BANDS && i < ns; i++)
        if (series_drawable(&spec->series[i]))
            draw_band(cr, &p, &spec->series[i], chart_style_of(i),
                      series_end(&spec->series[i]));
    for (size_t i = ns; i-- > 0;) {
        if (!series_drawable(&spec->series[i]))
            continue;
        draw_curve(cr, &p, &spec->series[i], chart_style_of(i), series_end(&spec->series[i]));
        if (!spec->hide_censor)
            draw_censor(cr, &p, &spec->series[i], chart_style_of(i),
                        series_end(&spec->series[i]));
    }
    cairo_restore(cr);

    /* number at risk */
    if (show_risk) {
        struct chart_font fb = chart_font_make(CHART_SIZE_SMALL, CHART_INK);
        struct chart_font fc = chart_font_make(CHART_SIZE_SMALL, CHART_INK);

        cur += 10;
        fb.bold = 1;
        fb.max_width = box.w;
        chart_text_draw(cr, box.x, cur, spec->risk_title != NULL ? spec->risk_title
                        : "Number at risk", &fb, NULL, NULL);
        cur += lh_small + 2;
        /* rows: the series' line key, its label, then the counts */
        fs.align = CHART_LEFT;
        fs.valign = CHART_MIDDLE;
        fs.rgb = CHART_INK;
        fs.max_width = p.px - risk_pad - 8 - (box.x + 16);
        fc.align = CHART_CENTRE;
        fc.valign = CHART_MIDDLE;
        for (size_t i = 0; i < ns; i++) {
            const struct chart_km_series *se = &spec->series[i];
            struct chart_style st = chart_style_of(i);
            double cy = cur + lh_small / 2;

            cairo_save(cr);
            cairo_new_path(cr);
            chart_set_line(cr, 1.8, st.dash);
            chart_set_colour(cr, st.rgb, 1);
            cairo_move_to(cr, box.x, cy);
            cairo_line_to(cr, box.x + 12, cy);
            cairo_stroke(cr);
            cairo_restore(cr);
            if (fs.max_width > 10)
                chart_text_draw(cr, box.x + 16, cy, se->label, &fs, NULL, NULL);
            for (size_t k = 0; se->at_risk != NULL && k < spec->nticks; k++) {
                char text[CHART_NUMBER_MAX];
                struct chart_number nf = { 1, 0, 0, NULL };
                double tx = chart_axis_map(&p.ax, spec->ticks[k], p.px, p.px + p.pw);

                chart_number_format(text, sizeof text, se->at_risk[k], &nf);
                chart_text_draw(cr, tx, cy, text, &fc, NULL, NULL);
            }
            cur += lh_small + 1.5;
        }
    }
out:
    cairo_restore(cr);
}

void chart_km_draw_cb(cairo_t *cr, double x, double y, double w, double h, const void *spec)
{
    chart_km_draw(cr, x, y, w, h, spec);
}
