/*
 * chart_tiles.h: headline tiles, a grid of boxes each with a title, a big
 * value, its interval, the change against the previous period with an
 * arrow, and one plain sentence.
 *
 * The caller gives every text ready to print; the tile only places it. The
 * arrow points the way the figure moved and is green when that is good,
 * vermillion when it is bad and grey when neither (or flat); the change
 * text must say the same in words, since colour alone does not survive
 * greyscale. Recommended size: 160 x 120 points a tile (three columns of
 * 480 points; two rows of three tiles in 480 x 250).
 */
#ifndef FLIPSIDE_CHARTS_CHART_TILES_H
#define FLIPSIDE_CHARTS_CHART_TILES_H

#include "charts/chart.h"

#include <cairo.h>
#include <stddef.h>

enum chart_trend {
    CHART_TREND_NONE = 0,     /* no change to show: no arrow */
    CHART_TREND_UP,
    CHART_TREND_DOWN,
    CHART_TREND_FLAT
};

enum chart_polarity {
    CHART_POLARITY_NEUTRAL = 0, /* neither way is better: grey arrow */
    CHART_UP_IS_GOOD,
    CHART_UP_IS_BAD
};

struct chart_tile {
    const char *title;        /* "12-month retention"; all texts may be NULL */
    const char *value;        /* "84%" */
    const char *interval;     /* "95% CI 78% to 89%" */
    const char *change;       /* "up 4 points on 2026-Q2" */
    enum chart_trend trend;
    enum chart_polarity polarity;
    const char *sentence;     /* one plain sentence, wrapped to fit */
};

struct chart_tiles {
    const char *title;        /* all texts may be NULL */
    const char *subtitle;
    const char *note;
    size_t ntiles;
    const struct chart_tile *tiles;
    size_t columns;           /* 0: as many 150-point columns as fit (at most 4) */
    const char *empty_text;   /* NULL: "No data to show" */
};

/* The arrow colour for a trend and polarity. */
uint32_t chart_tile_colour(enum chart_trend trend, enum chart_polarity polarity);

/* Draw the tiles into (x, y, w, h) of cr; see chart.h. */
void chart_tiles_draw(cairo_t *cr, double x, double y, double w, double h,
                      const struct chart_tiles *spec);

/* chart_tiles_draw for chart_write_png() and chart_write_svg(). */
void chart_tiles_draw_cb(cairo_t *cr, double x, double y, double w, double h,
                         const void *spec);

#endif
