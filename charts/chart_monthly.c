#include "charts/chart_monthly.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BAR_RGB 0x0072B2      /* Okabe-Ito blue */
#define LINE_RGB 0x009E73     /* Okabe-Ito bluish green */

static const char *const month_abbr[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* 1 when s is "YYYY-MM" with a month from 1 to 12. */
static int parse_month(const char *s, int *year, int *month)
{
    if (s == NULL || strlen(s) != 7 || s[4] != '-')
        return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return 0;
    *year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *month = (s[5] - '0') * 10 + (s[6] - '0');
    return *month >= 1 && *month <= 12;
}

static double series_max(const double *v, size_t n, int *have)
{
    double m = 0;

    *have = 0;
    for (size_t i = 0; v != NULL && i < n; i++)
        if (isfinite(v[i])) {
            *have = 1;
            if (v[i] > m)
                m = v[i];
        }
    return m;
}

struct panel {
    struct chart_axis ay;
    double top, py, ph;
};

static void panel_frame(cairo_t *cr, const struct panel *p, const char *title, double box_x,
                        double box_w, double px, double pw)
{
    struct chart_font ft = chart_font_make(CHART_SIZE_TEXT, CHART_INK);

    ft.bold = 1;
    ft.max_width = box_w;
    chart_text_draw(cr, box_x, p->top, title, &ft, NULL, NULL);
    chart_grid_horizontal(cr, &p->ay, p->py + p->ph, p->py, px, px + pw);
    chart_axis_labels_left(cr, &p->ay, p->py + p->ph, p->py, px - 5, CHART_SIZE_SMALL);
    chart_line(cr, px, p->py + p->ph, px + pw, p->py + p->ph, 0.8, CHART_AXIS);
}

static void month_labels(cairo_t *cr, const struct chart_monthly *spec, size_t n, double px,
                         double cw, double y, double lh_small)
{
    struct chart_font f = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    size_t every = 1;
    double widest = 0;

    f.align = CHART_CENTRE;
    for (size_t i = 0; spec->months != NULL && i < n; i++) {
        int yr, mo;
        double lw;

        chart_text_size(cr, parse_month(spec->months[i], &yr, &mo) ? "May" : spec->months[i], &f,
                        &lw, NULL);
        if (lw > widest)
            widest = lw;
    }
    while (every < n && (double)every * cw < widest + 4)
        every++;
    f.max_width = (double)every * cw - 2;
    for (size_t i = 0; spec->months != NULL && i < n; i += every) {
        double cx = px + ((double)i + 0.5) * cw;
        int yr, mo;

        if (parse_month(spec->months[i], &yr, &mo)) {
            char year[16];
            int prev_yr, prev_mo, show_year = 1;

            /* the year under the first label and wherever it changes */
            if (i > 0 && parse_month(spec->months[i - every], &prev_yr, &prev_mo) &&
                prev_yr == yr)
                show_year = 0;
            chart_text_draw(cr, cx, y, month_abbr[mo - 1], &f, NULL, NULL);
            if (show_year) {
                snprintf(year, sizeof year, "%d", yr);
                chart_text_draw(cr, cx, y + lh_small, year, &f, NULL, NULL);
            }
        } else {
            chart_text_draw(cr, cx, y, spec->months[i], &f, NULL, NULL);
        }
    }
}

void chart_monthly_draw(cairo_t *cr, double x, double y, double w, double h,
                        const struct chart_monthly *spec)
{
    struct chart_number count = { 1, 0, 0, NULL };
    struct chart_font fv = chart_font_make(CHART_SIZE_SMALL, CHART_INK);
    struct chart_box box;
    struct panel ps, pp;
    size_t n;
    int have_s, have_p;
    double smax, pmax, lh_text, lh_small, left, px, pw, cw, fixed, room, gap = 14, labels_h;

    if (spec == NULL || !chart_begin(cr, x, y, w, h))
        return;
    box = chart_frame_draw(cr, (struct chart_box){ x, y, w, h }, spec->title, spec->subtitle,
                           spec->note);
    n = spec->nmonths > CHART_MONTHLY_MAX ? CHART_MONTHLY_MAX : spec->nmonths;
    smax = series_max(spec->sessions, n, &have_s);
    pmax = series_max(spec->pairs, n, &have_p);
    if (n == 0 || (!have_s && !have_p)) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    /* counts: whole-number ticks */
    chart_axis_nice(&ps.ay, 0, smax > 4 ? smax : 4, 4, 0, &count);
    chart_axis_nice(&pp.ay, 0, pmax > 4 ? pmax : 4, 3, 0, &count);

    lh_text = chart_line_height(cr, CHART_SIZE_TEXT);
    lh_small = chart_line_height(cr, CHART_SIZE_SMALL);
    left = chart_axis_label_width(cr, &ps.ay, CHART_SIZE_SMALL);
    if (chart_axis_label_width(cr, &pp.ay, CHART_SIZE_SMALL) > left)
        left = chart_axis_label_width(cr, &pp.ay, CHART_SIZE_SMALL);
    px = box.x + left + 6;
    pw = box.x + box.w - px - 4;
    cw = pw / (double)n;
    labels_h = 4 + 2 * lh_small;
    /* per panel: its title, room for the top tick label and the value labels */
    fixed = 2 * (lh_text + 3 + lh_small) + gap + labels_h;
    room = box.h - fixed;
    if (room < 30 || pw < 20) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    ps.top = box.y;
    ps.py = ps.top + lh_text + 3 + lh_small;
    ps.ph = room * 0.56;
    pp.top = ps.py + ps.ph + gap;
    pp.py = pp.top + lh_text + 3 + lh_small;
    pp.ph = room - ps.ph;

    panel_frame(cr, &ps, spec->sessions_title != NULL ? spec->sessions_title : "Sessions held",
                box.x, box.w, px, pw);
    panel_frame(cr, &pp, spec->pairs_title != NULL ? spec->pairs_title : "Active pairs",
                box.x, box.w, px, pw);

    /* bars, each with its value above when it fits */
    fv.align = CHART_CENTRE;
    fv.valign = CHART_BOTTOM;
    for (size_t i = 0; spec->sessions != NULL && i < n; i++) {
        double v = spec->sessions[i], cx = px + ((double)i + 0.5) * cw, bw = cw * 0.64;
        double top_y = chart_axis_map(&ps.ay, v, ps.py + ps.ph, ps.py), tw;
        char text[CHART_NUMBER_MAX];

        if (!isfinite(top_y)) {
            /* say that the month has no value rather than look like zero */
            struct chart_font fn = chart_font_make(CHART_SIZE_SMALL, CHART_INK_FAINT);

            fn.align = CHART_CENTRE;
            fn.valign = CHART_BOTTOM;
            fn.italic = 1;
            chart_text_size(cr, "n/a", &fn, &tw, NULL);
            if (tw <= cw - 1)
                chart_text_draw(cr, cx, ps.py + ps.ph - 2, "n/a", &fn, NULL, NULL);
            continue;
        }
        if (top_y < ps.py)
            top_y = ps.py;
        cairo_new_path(cr);
        cairo_rectangle(cr, cx - bw / 2, top_y, bw, ps.py + ps.ph - top_y);
        chart_set_colour(cr, BAR_RGB, 1);
        cairo_fill(cr);
        chart_number_format(text, sizeof text, v, &count);
        chart_text_size(cr, text, &fv, &tw, NULL);
        if (tw <= cw - 1)
            chart_text_draw(cr, cx, top_y - 1, text, &fv, NULL, NULL);
    }

    /* the line, broken at missing months, and the latest value */
    if (spec->pairs != NULL) {
        size_t last = n;
        int started = 0;

        cairo_new_path(cr);
        for (size_t i = 0; i < n; i++) {
            double py = chart_axis_map(&pp.ay, spec->pairs[i], pp.py + pp.ph, pp.py);
            double cx = px + ((double)i + 0.5) * cw;

            if (!isfinite(py)) {
                started = 0;
                continue;
            }
            if (started)
                cairo_line_to(cr, cx, py);
            else
                cairo_move_to(cr, cx, py);
            started = 1;
            last = i;
        }
        chart_set_line(cr, 1.8, CHART_DASH_SOLID);
        chart_set_colour(cr, LINE_RGB, 1);
        cairo_stroke(cr);
        for (size_t i = 0; i < n; i++) {
            double py = chart_axis_map(&pp.ay, spec->pairs[i], pp.py + pp.ph, pp.py);

            chart_marker_draw(cr, CHART_MARKER_CIRCLE, px + ((double)i + 0.5) * cw, py,
                              cw < 10 ? cw * 0.5 : 5, LINE_RGB, 0);
        }
        if (last < n) {
            char text[CHART_NUMBER_MAX];
            double py = chart_axis_map(&pp.ay, spec->pairs[last], pp.py + pp.ph, pp.py);

            chart_number_format(text, sizeof text, spec->pairs[last], &count);
            fv.max_width = cw * 2;
            chart_text_draw(cr, px + ((double)last + 0.5) * cw, py - 4, text, &fv, NULL, NULL);
        }
    }
    month_labels(cr, spec, n, px, cw, pp.py + pp.ph + 4, lh_small);
out:
    cairo_restore(cr);
}

void chart_monthly_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                           const void *spec)
{
    chart_monthly_draw(cr, x, y, w, h, spec);
}
