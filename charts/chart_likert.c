#include "charts/chart_likert.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NEUTRAL_GREY 0xE3E3E3
#define POSITIVE_BLUE 0x0072B2

uint32_t chart_likert_colour(size_t i, size_t npoints)
{
    size_t half = npoints / 2, j;
    double t;

    if (npoints < 2 || i >= npoints || (npoints % 2 == 1 && i == half))
        return NEUTRAL_GREY;
    j = i < half ? i : npoints - 1 - i;     /* 0 at either extreme */
    t = half == 1 ? 0.2 : 0.5 * (double)j / (double)(half - 1);
    return chart_tint(i < half ? CHART_BAD : POSITIVE_BLUE, t);
}

static double bar_total(const struct chart_likert_bar *b, size_t np)
{
    double total = 0;

    if (b->counts == NULL)
        return 0;
    for (size_t i = 0; i < np; i++)
        if (isfinite(b->counts[i]) && b->counts[i] > 0)
            total += b->counts[i];
    return total;
}

static double count_at(const struct chart_likert_bar *b, size_t i)
{
    return isfinite(b->counts[i]) && b->counts[i] > 0 ? b->counts[i] : 0;
}

static size_t bars_of(const struct chart_likert_item *it)
{
    if (it->bars == NULL)
        return 0;
    return it->nbars > CHART_LIKERT_MAX_BARS ? CHART_LIKERT_MAX_BARS : it->nbars;
}

static const char *bar_note(const struct chart_likert *spec, const struct chart_likert_bar *b)
{
    if (b->suppressed)
        return spec->suppressed_text != NULL ? spec->suppressed_text : "fewer than 5";
    if (bar_total(b, spec->npoints) <= 0)
        return spec->missing_text != NULL ? spec->missing_text : "no answers";
    return NULL;
}

static int bar_drawn(const struct chart_likert *spec, const struct chart_likert_bar *b)
{
    return !b->suppressed && bar_total(b, spec->npoints) > 0;
}

/* The shares left and right of zero, the middle point split across it. */
static void bar_extent(const struct chart_likert_bar *b, size_t np, double *left, double *right)
{
    double total = bar_total(b, np), neg = 0, pos = 0, mid = 0;

    for (size_t i = 0; i < np; i++) {
        double c = count_at(b, i) / total;

        if (i < np / 2)
            neg += c;
        else if (np % 2 == 1 && i == np / 2)
            mid += c;
        else
            pos += c;
    }
    *left = neg + mid / 2;
    *right = pos + mid / 2;
}

static int is_dark(uint32_t rgb)
{
    double r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;

    return 0.299 * r + 0.587 * g + 0.114 * b < 150;
}

static void draw_segment(cairo_t *cr, double x0, double x1, double yc, double bh, uint32_t rgb,
                         double share)
{
    struct chart_font f = chart_font_make(CHART_SIZE_SMALL, is_dark(rgb) ? CHART_WHITE : CHART_INK);
    char text[CHART_NUMBER_MAX];
    struct chart_number pct = { 100, 0, 0, "%" };
    double tw;

    if (!(x1 - x0 > 0))
        return;
    cairo_new_path(cr);
    cairo_rectangle(cr, x0, yc - bh / 2, x1 - x0, bh);
    chart_set_colour(cr, rgb, 1);
    cairo_fill_preserve(cr);
    /* a hairline of white keeps neighbouring points apart in greyscale */
    chart_set_line(cr, 0.5, CHART_DASH_SOLID);
    chart_set_colour(cr, CHART_WHITE, 1);
    cairo_stroke(cr);
    if (bh < 7)
        return;
    chart_number_format(text, sizeof text, share, &pct);
    chart_text_size(cr, text, &f, &tw, NULL);
    if (tw + 3 > x1 - x0)
        return;
    f.align = CHART_CENTRE;
    f.valign = CHART_MIDDLE;
    chart_text_draw(cr, (x0 + x1) / 2, yc, text, &f, NULL, NULL);
}

static void draw_bar(cairo_t *cr, const struct chart_likert *spec, const struct chart_likert_bar *b,
                     double zx, double half_w, double scale_l, double yc, double bh)
{
    size_t np = spec->npoints, half = np / 2;
    double total = bar_total(b, np), left, right, mid = 0, edge;

    bar_extent(b, np, &left, &right);
    if (np % 2 == 1)
        mid = count_at(b, half) / total;
    /* negative points outwards from the middle: the one next to it first */
    edge = zx - mid / 2 / scale_l * half_w;
    for (size_t i = half; i-- > 0;) {
        double share = count_at(b, i) / total, x0 = edge - share / scale_l * half_w;

        draw_segment(cr, x0, edge, yc, bh, chart_likert_colour(i, np), share);
        edge = x0;
    }
    if (np % 2 == 1)
        draw_segment(cr, zx - mid / 2 / scale_l * half_w, zx + mid / 2 / scale_l * half_w, yc, bh,
                     chart_likert_colour(half, np), mid);
    edge = zx + mid / 2 / scale_l * half_w;
    for (size_t i = (np + 1) / 2; i < np; i++) {
        double share = count_at(b, i) / total, x1 = edge + share / scale_l * half_w;

        draw_segment(cr, edge, x1, yc, bh, chart_likert_colour(i, np), share);
        edge = x1;
    }
}

void chart_likert_draw(cairo_t *cr, double x, double y, double w, double h,
                       const struct chart_likert *spec)
{
    struct chart_legend_item legend[CHART_LIKERT_MAX_POINTS];
    char point_names[CHART_LIKERT_MAX_POINTS][8];
    struct chart_font fi = chart_font_make(CHART_SIZE_TEXT, CHART_INK);
    struct chart_font fs = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    struct chart_number pct = { 100, 0, 0, "%" };
    struct chart_box box;
    size_t np, nitems, nbars = 0;
    double scale_l = 0, legend_h, lh_text, lh_small, top, bottom, avail, bp = 16, ig = 8, total_h;
    double item_w = 0, barlab_w = 0, n_w = 0, tick_w, px, pw, zx, half_w, cy, step;
    int any_drawn = 0;

    if (spec == NULL || !chart_begin(cr, x, y, w, h))
        return;
    box = chart_frame_draw(cr, (struct chart_box){ x, y, w, h }, spec->title, spec->subtitle,
                           spec->note);
    np = spec->npoints;
    nitems = spec->items != NULL ? spec->nitems : 0;
    for (size_t i = 0; i < nitems; i++)
        nbars += bars_of(&spec->items[i]);
    if (np < 2 || np > CHART_LIKERT_MAX_POINTS || nbars == 0) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }

    /* the scale: the widest side, rounded up to a quarter */
    for (size_t i = 0; i < nitems; i++)
        for (size_t k = 0; k < bars_of(&spec->items[i]); k++) {
            const struct chart_likert_bar *b = &spec->items[i].bars[k];
            double l, r;

            if (!bar_drawn(spec, b))
                continue;
            any_drawn = 1;
            bar_extent(b, np, &l, &r);
            if (l > scale_l)
                scale_l = l;
            if (r > scale_l)
                scale_l = r;
        }
    scale_l = ceil(scale_l * 4 - 1e-9) / 4;
    if (!any_drawn || scale_l < 0.25)
        scale_l = any_drawn ? 0.25 : 0.5;
    if (scale_l > 1)
        scale_l = 1;
    /* ticks every 25%, or every 50% on the full 100% scale */
    step = scale_l > 0.75 ? 0.5 : 0.25;

    /* legend in scale order */
    for (size_t i = 0; i < np; i++) {
        const char *label = spec->point_labels != NULL ? spec->point_labels[i] : NULL;

        if (label == NULL) {
            snprintf(point_names[i], sizeof point_names[i], "%zu", i + 1);
            label = point_names[i];
        }
        legend[i].label = label;
        legend[i].style = chart_style_of(0);
        legend[i].style.rgb = chart_likert_colour(i, np);
        legend[i].key = CHART_KEY_BOX;
        legend[i].hollow = 0;
    }
    legend_h = chart_legend_draw(cr, box.x, box.y, box.w, legend, np, 1);

    /* heights */
    lh_text = chart_line_height(cr, CHART_SIZE_TEXT);
    lh_small = chart_line_height(cr, CHART_SIZE_SMALL);
    top = box.y + legend_h + 8;
    bottom = 4 + lh_small + 3 + lh_text;
    avail = box.y + box.h - bottom - top;
    total_h = (double)nbars * bp + (double)(nitems - 1) * ig;
    if (total_h > avail && avail > 0) {
        bp *= avail / total_h;
        ig *= avail / total_h;
    }
    if (!(bp > 1)) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }

    /* columns */
    for (size_t i = 0; i < nitems; i++) {
        const struct chart_likert_item *it = &spec->items[i];
        double lw;

        chart_text_size(cr, it->label, &fi, &lw, NULL);
        if (lw > item_w)
            item_w = lw;
        for (size_t k = 0; k < bars_of(it); k++) {
            const struct chart_likert_bar *b = &it->bars[k];
            char text[CHART_NUMBER_MAX + 8];
            struct chart_number nf = { 1, 0, 0, NULL };

            lw = chart_row_label_width(cr, b->label, bar_note(spec, b), 0, CHART_SIZE_SMALL, 0);
            if (lw > barlab_w)
                barlab_w = lw;
            if (spec->show_n && bar_drawn(spec, b)) {
                char num[CHART_NUMBER_MAX];

                chart_number_format(num, sizeof num, bar_total(b, np), &nf);
                snprintf(text, sizeof text, "n = %s", num);
                chart_text_size(cr, text, &fs, &lw, NULL);
                if (lw > n_w)
                    n_w = lw;
            }
        }
    }
    if (item_w > box.w * 0.3)
        item_w = box.w * 0.3;
    if (barlab_w > box.w * 0.22)
        barlab_w = box.w * 0.22;
    chart_text_size(cr, "100%", &fs, &tick_w, NULL);
    px = box.x + item_w + 8 + barlab_w + 4 + tick_w / 2;
    pw = box.x + box.w - px - (n_w > 0 ? n_w + 8 : 0) - tick_w / 2 - 2;
    if (pw < 20) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    zx = px + pw / 2;
    half_w = pw / 2;

    /* gridlines and zero line, broken at suppressed bars */
    cy = top;
    for (size_t i = 0; i < nitems; i++) {
        const struct chart_likert_item *it = &spec->items[i];

        for (size_t k = 0; k < bars_of(it); k++) {
            double y0 = cy, y1 = cy + bp;

            if (k + 1 == bars_of(it) && i + 1 < nitems && !it->bars[k].suppressed &&
                bars_of(&spec->items[i + 1]) > 0 && !spec->items[i + 1].bars[0].suppressed)
                y1 += ig;
            if (!it->bars[k].suppressed) {
                cairo_save(cr);
                cairo_new_path(cr);
                for (double v = -scale_l; v <= scale_l + 1e-9; v += step) {
                    double gx = zx + v / scale_l * half_w;

                    cairo_move_to(cr, gx, y0);
                    cairo_line_to(cr, gx, y1);
                }
                chart_set_line(cr, 0.6, CHART_DASH_SOLID);
                chart_set_colour(cr, CHART_GRID, 1);
                cairo_stroke(cr);
                cairo_restore(cr);
                chart_line(cr, zx, y0, zx, y1, 0.9, CHART_REF);
            }
            cy += bp;
        }
        cy += ig;
    }

    /* items and bars */
    cy = top;
    for (size_t i = 0; i < nitems; i++) {
        const struct chart_likert_item *it = &spec->items[i];
        size_t nb = bars_of(it);
        double item_h = (double)nb * bp;
        int lines = (int)floor(item_h / lh_text);

        if (nb == 0)
            continue;
        fi.max_width = item_w;
        if (lines < 1)
            lines = 1;
        if (lines > 3)
            lines = 3;
        fi.max_lines = lines;
        fi.valign = CHART_MIDDLE;
        if (bp >= 6)
            chart_text_draw(cr, box.x, cy + item_h / 2, it->label, &fi, NULL, NULL);
        for (size_t k = 0; k < nb; k++) {
            const struct chart_likert_bar *b = &it->bars[k];
            double yc = cy + bp / 2;

            if (bp >= 6)
                chart_row_label_draw(cr, box.x + item_w + 8, yc, barlab_w, b->label,
                                     bar_note(spec, b), 0, CHART_SIZE_SMALL, 0);
            if (bar_drawn(spec, b)) {
                draw_bar(cr, spec, b, zx, half_w, scale_l, yc, bp * 0.74);
                if (spec->show_n && bp >= 6) {
                    struct chart_number nf = { 1, 0, 0, NULL };
                    char num[CHART_NUMBER_MAX], text[CHART_NUMBER_MAX + 8];

                    chart_number_format(num, sizeof num, bar_total(b, np), &nf);
                    snprintf(text, sizeof text, "n = %s", num);
                    fs.valign = CHART_MIDDLE;
                    fs.align = CHART_LEFT;
                    chart_text_draw(cr, px + pw + tick_w / 2 + 8, yc, text, &fs, NULL, NULL);
                }
            }
            cy += bp;
        }
        cy += ig;
    }

    /* axis: shares on both sides of zero */
    cy -= ig;
    fs.align = CHART_CENTRE;
    fs.valign = CHART_TOP;
    for (double v = -scale_l; v <= scale_l + 1e-9; v += step) {
        char text[CHART_NUMBER_MAX];

        chart_number_format(text, sizeof text, fabs(v) < 1e-9 ? 0 : fabs(v), &pct);
        chart_text_draw(cr, zx + v / scale_l * half_w, cy + 4, text, &fs, NULL, NULL);
    }
    {
        struct chart_font ft = chart_font_make(CHART_SIZE_TEXT, CHART_INK_SOFT);

        ft.align = CHART_CENTRE;
        ft.max_width = pw;
        chart_text_draw(cr, zx, cy + 4 + lh_small + 3,
                        spec->x_title != NULL ? spec->x_title : "Share of answers (%)", &ft,
                        NULL, NULL);
    }
out:
    cairo_restore(cr);
}

void chart_likert_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                          const void *spec)
{
    chart_likert_draw(cr, x, y, w, h, spec);
}
