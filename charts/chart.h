/*
 * chart.h: the drawing layer under flipside's charts.
 *
 * Everything is measured in points (1/72 inch), which is one cairo user unit
 * on a PDF page. A chart is drawn by a function of the form
 *
 *     void chart_xxx_draw(cairo_t *cr, double x, double y, double w, double h,
 *                         const struct chart_xxx *spec);
 *
 * into the rectangle (x, y, w, h) of any cairo surface; it never paints a
 * background, clips to its rectangle, and leaves the cairo state as it found
 * it. Drawing functions return nothing: cairo keeps the first error in the
 * cairo_t, and whoever owns the surface checks cairo_status() once at the
 * end (chart_write_png() and chart_write_svg() do so for files of their own).
 *
 * Text is laid out by pango in the pinned family CHART_FONT_FAMILY
 * (fonts-dejavu-core), with hinting off so that the layout is the same on a
 * PDF page, an SVG and a PNG of any scale. Numbers are printed with the C
 * library in the "C" numeric locale (the default unless the program calls
 * setlocale(LC_NUMERIC, ...)).
 *
 * Characters DejaVu lacks (Chinese, say) come from whatever font fontconfig
 * offers for them (fonts-wqy-microhei, fonts-noto-cjk), or show as boxes.
 *
 * Data arrays belong to the caller and are only read. NAN means "no value".
 * Specs are plain structs: zero one, fill in what applies, draw it.
 *
 *     struct chart_forest spec = { 0 };            (fill in rows, format, ...)
 *     chart_forest_draw(cr, 56, 300, 483, 240, &spec);          (a PDF page)
 *     st = chart_write_png("charts/cohorts-forest.png", 480, 240, 2,
 *                          chart_forest_draw_cb, &spec);
 *     st = chart_write_svg("charts/cohorts-forest.svg", 480, 240,
 *                          chart_forest_draw_cb, &spec);
 */
#ifndef FLIPSIDE_CHARTS_CHART_H
#define FLIPSIDE_CHARTS_CHART_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stddef.h>
#include <stdint.h>

#define CHART_FONT_FAMILY "DejaVu Sans"

/* Font sizes in points. */
#define CHART_SIZE_TITLE 11.0
#define CHART_SIZE_TEXT 8.5
#define CHART_SIZE_SMALL 7.5

/* Colours are 0xRRGGBB. */
#define CHART_INK 0x1F1F1F       /* titles, labels */
#define CHART_INK_SOFT 0x5C5C5C  /* subtitles, tick labels, notes */
#define CHART_INK_FAINT 0x8A8A8A /* "fewer than 5" and other quiet text */
#define CHART_AXIS 0x9A9A9A      /* axis lines and ticks */
#define CHART_GRID 0xE4E4E4      /* gridlines */
#define CHART_REF 0x4D4D4D       /* reference lines */
#define CHART_GOOD 0x009E73      /* Okabe-Ito bluish green */
#define CHART_BAD 0xD55E00       /* Okabe-Ito vermillion */
#define CHART_WHITE 0xFFFFFF

/* The upper bound on a chart's rows, series, items and ticks that are drawn. */
#define CHART_MAX_SERIES 8
#define CHART_TICKS_MAX 24

/* ---- palette and series styles ---------------------------------------- */

enum chart_marker {
    CHART_MARKER_CIRCLE,
    CHART_MARKER_TRIANGLE,
    CHART_MARKER_SQUARE,
    CHART_MARKER_DIAMOND,
    CHART_MARKER_TRIANGLE_DOWN
};

enum chart_dash {
    CHART_DASH_SOLID,
    CHART_DASH_DASHED,
    CHART_DASH_DOTTED,
    CHART_DASH_DASHDOT
};

/*
 * How series number i is drawn: an Okabe-Ito colour, ordered so that
 * neighbouring series also differ in lightness, with its own marker and dash
 * pattern so that series stay apart in greyscale. Series 0 is solid blue
 * circles, series 1 dashed orange triangles, and so on; i wraps at
 * CHART_MAX_SERIES.
 */
struct chart_style {
    uint32_t rgb;
    enum chart_marker marker;
    enum chart_dash dash;
};

struct chart_style chart_style_of(size_t i);

/* The Okabe-Ito colour number i (0 black, 1 orange, 2 sky blue, 3 bluish
 * green, 4 yellow, 5 blue, 6 vermillion, 7 reddish purple). */
uint32_t chart_okabe_ito(size_t i);

/* rgb mixed with white: t = 0 gives rgb, t = 1 white. */
uint32_t chart_tint(uint32_t rgb, double t);

/* Set the source colour, with an alpha from 0 to 1. */
void chart_set_colour(cairo_t *cr, uint32_t rgb, double alpha);

/* Set a dash pattern scaled to the line width (and the line width itself). */
void chart_set_line(cairo_t *cr, double width, enum chart_dash dash);

/* A marker of diameter `size` centred on (x, y), filled or hollow (white
 * inside, outlined in rgb). */
void chart_marker_draw(cairo_t *cr, enum chart_marker m, double x, double y,
                       double size, uint32_t rgb, int hollow);

/* An arrow of height `size` centred on (x, y): dir > 0 up, < 0 down, 0 flat. */
void chart_arrow_draw(cairo_t *cr, double x, double y, double size, int dir, uint32_t rgb);

/* ---- text ---------------------------------------------------------------- */

enum chart_align { CHART_LEFT, CHART_CENTRE, CHART_RIGHT };
enum chart_valign { CHART_TOP, CHART_MIDDLE, CHART_BOTTOM, CHART_BASELINE };

/*
 * How a piece of text is set (a zeroed struct is black CHART_SIZE_TEXT text,
 * left and top aligned). With max_width > 0 the text is ellipsized at the
 * end to fit; with max_lines > 1 as well it is first wrapped on words into
 * at most that many lines. Alignment places the text's box at (x, y):
 * CHART_MIDDLE centres it, CHART_BASELINE puts the first line's baseline at y.
 */
struct chart_font {
    double size;            /* points; 0: CHART_SIZE_TEXT */
    int bold;
    int italic;
    uint32_t rgb;
    enum chart_align align;
    enum chart_valign valign;
    double max_width;       /* 0: no limit */
    int max_lines;          /* 0 or 1: one line */
};

/* A font of `size` in colour rgb, left and top aligned, no limit. */
struct chart_font chart_font_make(double size, uint32_t rgb);

/*
 * A pango layout on `cr` holding `text` (made valid UTF-8; pango markup when
 * `markup` and it parses) in flipside's font at `size` points, bold and
 * italic as asked, aligned by `align` (CHART_LEFT, CHART_CENTRE or
 * CHART_RIGHT), with the font options every text uses: no hinting and
 * unrounded glyph positions, so that text takes the same room on every
 * surface and at every scale. The documents lay out their text with it too.
 * The caller unrefs the layout.
 */
PangoLayout *chart_layout_new(cairo_t *cr, const char *text, double size, int bold, int italic, int align,
                              int markup);

/*
 * Draw UTF-8 `text` (invalid bytes are replaced; NULL or "" draws nothing)
 * and store its size in *w and *h when they are not NULL.
 */
void chart_text_draw(cairo_t *cr, double x, double y, const char *text,
                     const struct chart_font *f, double *w, double *h);

/* The size `text` would take, without drawing it. */
void chart_text_size(cairo_t *cr, const char *text, const struct chart_font *f,
                     double *w, double *h);

/* How many characters of `text` have no glyph in any installed font
 * (pango_layout_get_unknown_glyphs_count); 0 when all render. */
int chart_text_unknown_glyphs(cairo_t *cr, const char *text, const struct chart_font *f);

/* The height of one line of text of this size, in points. */
double chart_line_height(cairo_t *cr, double size);

/* ---- numbers ------------------------------------------------------------- */

/*
 * How a number is printed: value * scale (scale 0 counts as 1), `decimals`
 * digits after the point, thousands separated by commas, U+2212 for minus,
 * a "+" before positive values when plus is set, then suffix ("%", " pts").
 * Percentages of values from 0 to 1 are { .scale = 100, .suffix = "%" }.
 */
struct chart_number {
    double scale;
    int decimals;
    int plus;
    const char *suffix;
};

#define CHART_NUMBER_MAX 64

/* Print v into out (size bytes); "" for NAN or infinity. */
void chart_number_format(char *out, size_t size, double v, const struct chart_number *f);

/* Print "est (lo to hi)" with U+2212 minus signs; "est" alone when the
 * interval is missing; "" when est is NAN. */
void chart_interval_format(char *out, size_t size, double est, double lo, double hi,
                           const struct chart_number *f);

/* ---- axes ----------------------------------------------------------------- */

/*
 * A numeric axis: its range, its ticks and how its labels are printed.
 * chart_axis_nice() fills it in from a data range.
 */
struct chart_axis {
    double lo, hi;                     /* the range drawn */
    int log;                           /* 1: logarithmic, lo > 0 */
    size_t nticks;
    double ticks[CHART_TICKS_MAX];
    struct chart_number format;        /* tick labels (decimals set from the step) */
};

/*
 * Round ("nice") ticks covering [lo, hi] with about `target` intervals
 * (steps of 1, 2, 2.5 or 5 times a power of ten; 1-2-5 on a log axis).
 * The range widens to whole steps. An empty or one-value range is widened
 * around the value; non-finite ends give 0 to 1. `fmt` may be NULL.
 */
/*
 * Widen the data range lo..hi to take in v (start with lo = INFINITY,
 * hi = -INFINITY); a value that is not finite, or not above 0 on a log
 * axis, is left out.
 */
void chart_range_add(double *lo, double *hi, double v, int log);

void chart_axis_nice(struct chart_axis *ax, double lo, double hi, int target, int log,
                     const struct chart_number *fmt);

/*
 * The caller's range fix_lo to fix_hi when fix_hi > fix_lo (both finite),
 * with the nice ticks that fall inside it; otherwise chart_axis_nice() over
 * the data range lo to hi (0 to 1 when lo > hi, as for no data).
 */
void chart_axis_range(struct chart_axis *ax, double lo, double hi, double fix_lo, double fix_hi,
                      int target, const struct chart_number *fmt);

/* Ticks at exactly the caller's values (at most CHART_TICKS_MAX), range lo to hi. */
void chart_axis_fixed(struct chart_axis *ax, double lo, double hi, const double *ticks,
                      size_t nticks, const struct chart_number *fmt);

/* Map a data value to a coordinate between a (at lo) and b (at hi). */
double chart_axis_map(const struct chart_axis *ax, double v, double a, double b);

/* The label of tick i (or of any value) in the axis's format. */
void chart_axis_label(const struct chart_axis *ax, double v, char *out, size_t size);

/* The widest tick label of the axis at this font size. */
double chart_axis_label_width(cairo_t *cr, const struct chart_axis *ax, double size);

/* Vertical gridlines at the ticks of a horizontal axis mapped onto x0..x1,
 * from y0 to y1. */
void chart_grid_vertical(cairo_t *cr, const struct chart_axis *ax, double x0, double x1,
                         double y0, double y1);

/*
 * The vertical gridlines, and the reference line at `ref` (NAN for none),
 * of a chart of nrows rows of height rh from y0, broken at the rows for
 * which hidden(rows, i) is true, so that a withheld row's area stays empty.
 */
void chart_grid_rows(cairo_t *cr, const struct chart_axis *ax, double x0, double x1, double y0, double rh,
                     size_t nrows, double ref, int (*hidden)(const void *rows, size_t i), const void *rows);

/* Horizontal gridlines at the ticks of a vertical axis mapped onto y0 (lo)
 * .. y1 (hi), from x0 to x1. */
void chart_grid_horizontal(cairo_t *cr, const struct chart_axis *ax, double y0, double y1,
                           double x0, double x1);

/* Tick labels of a horizontal axis centred under their ticks at y (top of
 * the text); labels that would collide are thinned out. Returns the height used. */
double chart_axis_labels_below(cairo_t *cr, const struct chart_axis *ax, double x0, double x1,
                               double y, double size);

/* Tick labels of a vertical axis, right-aligned at x, centred on their ticks. */
void chart_axis_labels_left(cairo_t *cr, const struct chart_axis *ax, double y0, double y1,
                            double x, double size);

/* A solid line from (x0, y0) to (x1, y1) in colour rgb. */
void chart_line(cairo_t *cr, double x0, double y0, double x1, double y1, double width,
                uint32_t rgb);

/* ---- legends, titles, messages ------------------------------------------- */

enum chart_key {
    CHART_KEY_LINE,        /* a short line in the series' dash */
    CHART_KEY_MARKER,      /* the series' marker */
    CHART_KEY_LINE_MARKER, /* both */
    CHART_KEY_BOX          /* a filled square */
};

struct chart_legend_item {
    const char *label;
    struct chart_style style;
    enum chart_key key;
    int hollow;            /* markers drawn hollow */
};

/*
 * Lay the items out left to right from (x, y) within width w, wrapping onto
 * further lines; draw them when `draw` is set. Returns the height taken
 * (0 for no items).
 */
double chart_legend_draw(cairo_t *cr, double x, double y, double w,
                         const struct chart_legend_item *items, size_t n, int draw);

struct chart_box {
    double x, y, w, h;
};

/*
 * Draw a chart's title (bold, up to two lines) and subtitle at the top of
 * box and its note (small, up to three lines) at the bottom; any may be NULL.
 * Returns the box that is left for the chart itself.
 */
struct chart_box chart_frame_draw(cairo_t *cr, struct chart_box box, const char *title,
                                  const char *subtitle, const char *note);

/* A quiet message centred in box, for a chart with nothing to show. */
void chart_message_draw(cairo_t *cr, struct chart_box box, const char *text);

/*
 * Row labels of dot, dumbbell, forest and Likert charts. A header row's label
 * is bold; other rows are indented by `indent`. `note` ("fewer than 5"), when
 * not NULL, is set in quiet italics right-aligned at the column's right edge
 * and the label is ellipsized to leave room for it.
 */
double chart_row_label_width(cairo_t *cr, const char *label, const char *note, int header,
                             double size, double indent);
void chart_row_label_draw(cairo_t *cr, double x, double y_mid, double width, const char *label,
                          const char *note, int header, double size, double indent);

/* The smallest row pitch of row charts, in points: labels stay readable. */
#define CHART_ROW_MIN 9.0

/*
 * How many of n rows to draw in `avail` points: the pitch (*rh) is `pref`,
 * or less down to CHART_ROW_MIN when that lets every row fit. When even
 * that is too many, the rows that fit less one are drawn and the last slot
 * is for chart_rows_more_draw(). Returns the number of rows to draw.
 */
size_t chart_rows_fit(double avail, size_t n, double pref, double *rh);

/* "N more rows not shown", quiet, in the label column at y_mid. */
void chart_rows_more_draw(cairo_t *cr, double x, double y_mid, double width, size_t hidden);

/* Begin drawing a chart into (x, y, w, h): save the state and clip. Returns 0
 * (and saves nothing) when the rectangle is empty or not finite. End with
 * cairo_restore(). */
int chart_begin(cairo_t *cr, double x, double y, double w, double h);

/*
 * Release the font map (and its fonts) that pango keeps for the process, so
 * that leak checkers see only real leaks. Call it once, at exit, after the
 * last chart. fontconfig itself still leaks a few blocks in any pango
 * program: tests/data/charts/fontconfig.supp suppresses them for valgrind.
 */
void chart_cleanup(void);

/* ---- files ---------------------------------------------------------------- */

/* The form of every chart_xxx_draw, with the spec passed untyped; each
 * chart header offers a chart_xxx_draw_cb of this type for the writers. */
typedef void chart_draw_fn(cairo_t *cr, double x, double y, double w, double h,
                           const void *spec);

/*
 * Render one chart on its own, on white, to a PNG file of
 * round(width * scale) x round(height * scale) pixels (width and height in
 * points; scale 2 gives 144 dpi). The same inputs give the same bytes.
 * STATUS_OK; STATUS_USAGE for a bad size; STATUS_RENDER when cairo failed;
 * STATUS_IO when the file cannot be written (the message names the file).
 * A file that could not be written completely is removed.
 */
int chart_write_png(const char *path, double width, double height, double scale,
                    chart_draw_fn *draw, const void *spec);

/*
 * Render one chart on its own to an SVG file of width x height points.
 * cairo numbers some SVG ids from process-wide counters; they are renumbered
 * here so that the same inputs give the same bytes. Statuses as for PNG.
 */
int chart_write_svg(const char *path, double width, double height, chart_draw_fn *draw,
                    const void *spec);

#endif
