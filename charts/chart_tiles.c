#include "charts/chart_tiles.h"

#include <math.h>
#include <string.h>

#define TILE_FILL 0xF2F4F6
#define TILE_RULE 0x0072B2

uint32_t chart_tile_colour(enum chart_trend trend, enum chart_polarity polarity)
{
    if (trend == CHART_TREND_UP && polarity == CHART_UP_IS_GOOD)
        return CHART_GOOD;
    if (trend == CHART_TREND_UP && polarity == CHART_UP_IS_BAD)
        return CHART_BAD;
    if (trend == CHART_TREND_DOWN && polarity == CHART_UP_IS_GOOD)
        return CHART_BAD;
    if (trend == CHART_TREND_DOWN && polarity == CHART_UP_IS_BAD)
        return CHART_GOOD;
    return CHART_INK_SOFT;
}

/* The title's font in a tile of width w. */
static struct chart_font title_font(double w)
{
    struct chart_font ft = chart_font_make(CHART_SIZE_TEXT, CHART_INK_SOFT);
    double pad = w < 120 ? 7 : 10;

    ft.bold = 1;
    ft.max_width = w - 2 * pad;
    ft.max_lines = 2;
    return ft;
}

/*
 * Draw one tile; title_h is the room kept for titles, the same in every
 * tile so that the values line up. What does not fit whole is left out
 * rather than cut: first the value shrinks, then the change, the interval
 * and the title give way, and the sentence takes the lines that are left.
 */
static void tile_draw(cairo_t *cr, const struct chart_tile *t, double x, double y, double w,
                      double h, double title_h)
{
    struct chart_font ft = title_font(w);
    struct chart_font fv = chart_font_make(22, CHART_INK);
    struct chart_font fi = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    struct chart_font fc = chart_font_make(CHART_SIZE_TEXT, CHART_INK);
    struct chart_font fs = chart_font_make(CHART_SIZE_TEXT, CHART_INK);
    double pad = w < 120 || h < 90 ? 6 : 10, iw = w - 2 * pad, cy = y + pad + 3;
    double bottom = y + h - pad;
    double vh, ih, ch, th_title = title_h, asz = 9, tx, lh;
    int lines, show_change, show_interval;

    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, x, y, w, h);
    chart_set_colour(cr, TILE_FILL, 1);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, x, y, w, 2.5);
    chart_set_colour(cr, TILE_RULE, 1);
    cairo_fill(cr);
    if (iw < 10)
        goto out;

    /* measure */
    fv.bold = 1;
    fv.max_width = iw;
    if (iw / 6 < fv.size)
        fv.size = iw / 6 < 11 ? 11 : iw / 6;
    fi.max_width = iw;
    fc.bold = 1;
    fc.max_lines = 2;
    tx = x + pad + (t->trend != CHART_TREND_NONE ? asz + 4 : 0);
    fc.max_width = x + pad + iw - tx;
    chart_text_size(cr, t->value, &fv, NULL, &vh);
    chart_text_size(cr, t->interval, &fi, NULL, &ih);
    chart_text_size(cr, t->change, &fc, NULL, &ch);
    show_change = ch > 0;
    show_interval = ih > 0;
    while (cy + th_title + 2 + vh + (show_interval ? ih : 0) + (show_change ? ch + 4 : 0) >
           bottom) {
        if (fv.size > 14) {
            fv.size -= 1;
        } else if (show_change) {
            show_change = 0;
        } else if (show_interval) {
            show_interval = 0;
        } else if (fv.size > 11) {
            fv.size -= 1;
        } else if (ft.max_lines > 1 && th_title > 0) {
            /* a title on one line, ellipsized, before none at all */
            ft.max_lines = 1;
            chart_text_size(cr, t->title, &ft, NULL, &th_title);
        } else if (th_title > 0) {
            th_title = 0;
        } else {
            break;
        }
        chart_text_size(cr, t->value, &fv, NULL, &vh);
    }

    if (th_title > 0)
        chart_text_draw(cr, x + pad, cy, t->title, &ft, NULL, NULL);
    cy += th_title > 0 ? th_title + 2 : 0;
    if (cy + vh > bottom)
        goto out;
    chart_text_draw(cr, x + pad, cy, t->value, &fv, NULL, NULL);
    cy += vh;
    if (show_interval) {
        chart_text_draw(cr, x + pad, cy, t->interval, &fi, NULL, NULL);
        cy += ih;
    }
    cy += 4;
    if (show_change) {
        lh = chart_line_height(cr, CHART_SIZE_TEXT);
        if (t->trend != CHART_TREND_NONE) {
            int dir = 0;

            if (t->trend == CHART_TREND_UP)
                dir = 1;
            else if (t->trend == CHART_TREND_DOWN)
                dir = -1;

            chart_arrow_draw(cr, x + pad + asz / 2, cy + lh / 2, asz, dir,
                             chart_tile_colour(t->trend, t->polarity));
        }
        chart_text_draw(cr, tx, cy, t->change, &fc, NULL, NULL);
        cy += ch + 4;
    }
    lh = chart_line_height(cr, CHART_SIZE_TEXT);
    lines = (int)floor((bottom - cy) / lh);
    if (lines >= 1 && t->sentence != NULL) {
        fs.max_width = iw;
        fs.max_lines = lines;
        chart_text_draw(cr, x + pad, cy, t->sentence, &fs, NULL, NULL);
    }
out:
    cairo_restore(cr);
}

void chart_tiles_draw(cairo_t *cr, double x, double y, double w, double h,
                      const struct chart_tiles *spec)
{
    struct chart_box box;
    size_t n, cols, rows;
    double gap = 8, tw, th, title_h = 0;

    if (spec == NULL || !chart_begin(cr, x, y, w, h))
        return;
    box = chart_frame_draw(cr, (struct chart_box){ x, y, w, h }, spec->title, spec->subtitle,
                           spec->note);
    n = spec->tiles != NULL ? spec->ntiles : 0;
    if (n == 0 || box.w < 20 || box.h < 20) {
        chart_message_draw(cr, box, spec->empty_text);
        goto out;
    }
    cols = spec->columns;
    if (cols == 0) {
        double fit = floor((box.w + gap) / (150 + gap));

        cols = 4;
        if (fit < 4)
            cols = fit < 1 ? 1 : (size_t)fit;
    }
    if (cols < 1)
        cols = 1;
    if (cols > n)
        cols = n;
    rows = (n + cols - 1) / cols;
    tw = (box.w - (double)(cols - 1) * gap) / (double)cols;
    th = (box.h - (double)(rows - 1) * gap) / (double)rows;
    if (th > 170)
        th = 170;
    for (size_t i = 0; i < n; i++) {
        struct chart_font ft = title_font(tw);
        double hgt;

        chart_text_size(cr, spec->tiles[i].title, &ft, NULL, &hgt);
        if (hgt > title_h)
            title_h = hgt;
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = i / cols, c = i % cols;

        tile_draw(cr, &spec->tiles[i], box.x + (double)c * (tw + gap),
                  box.y + (double)r * (th + gap), tw, th, title_h);
    }
out:
    cairo_restore(cr);
}

void chart_tiles_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                         const void *spec)
{
    chart_tiles_draw(cr, x, y, w, h, spec);
}
