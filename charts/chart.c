#include "charts/chart.h"

#include "common/buf.h"
#include "common/status.h"

#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- palette and series styles ---------------------------------------- */

static const uint32_t okabe_ito[8] = {
    0x000000, 0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7
};

/*
 * Series order: blue, orange, bluish green, vermillion, reddish purple, sky
 * blue, black, yellow. Neighbours differ in greyscale lightness, and yellow,
 * which is faint on white, comes last.
 */
static const size_t series_colour[CHART_MAX_SERIES] = { 5, 1, 3, 6, 7, 2, 0, 4 };
static const enum chart_marker series_marker[CHART_MAX_SERIES] = {
    CHART_MARKER_CIRCLE, CHART_MARKER_TRIANGLE, CHART_MARKER_SQUARE, CHART_MARKER_DIAMOND,
    CHART_MARKER_TRIANGLE_DOWN, CHART_MARKER_CIRCLE, CHART_MARKER_TRIANGLE, CHART_MARKER_SQUARE
};
static const enum chart_dash series_dash[CHART_MAX_SERIES] = {
    CHART_DASH_SOLID, CHART_DASH_DASHED, CHART_DASH_DOTTED, CHART_DASH_DASHDOT,
    CHART_DASH_SOLID, CHART_DASH_DASHED, CHART_DASH_DOTTED, CHART_DASH_DASHDOT
};

uint32_t chart_okabe_ito(size_t i)
{
    return okabe_ito[i % 8];
}

struct chart_style chart_style_of(size_t i)
{
    struct chart_style s;

    i %= CHART_MAX_SERIES;
    s.rgb = okabe_ito[series_colour[i]];
    s.marker = series_marker[i];
    s.dash = series_dash[i];
    return s;
}

uint32_t chart_tint(uint32_t rgb, double t)
{
    uint32_t out = 0;

    if (!(t >= 0))
        t = 0;
    if (t > 1)
        t = 1;
    for (int shift = 16; shift >= 0; shift -= 8) {
        double c = (double)((rgb >> shift) & 0xFF);
        long v = lround(c + (255.0 - c) * t);

        out |= (uint32_t)v << shift;
    }
    return out;
}

void chart_set_colour(cairo_t *cr, uint32_t rgb, double alpha)
{
    double r = ((rgb >> 16) & 0xFF) / 255.0;
    double g = ((rgb >> 8) & 0xFF) / 255.0;
    double b = (rgb & 0xFF) / 255.0;

    if (alpha >= 1)
        cairo_set_source_rgb(cr, r, g, b);
    else
        cairo_set_source_rgba(cr, r, g, b, alpha);
}

void chart_set_line(cairo_t *cr, double width, enum chart_dash dash)
{
    double k = width / 1.5;
    double d[4];
    int n = 0;

    cairo_set_line_width(cr, width);
    switch (dash) {
    case CHART_DASH_DASHED:
        d[0] = 5.5 * k; d[1] = 3 * k; n = 2;
        break;
    case CHART_DASH_DOTTED:
        d[0] = 1.5 * k; d[1] = 2 * k; n = 2;
        break;
    case CHART_DASH_DASHDOT:
        d[0] = 6 * k; d[1] = 2.5 * k; d[2] = 1.5 * k; d[3] = 2.5 * k; n = 4;
        break;
    case CHART_DASH_SOLID:
    default:
        n = 0;
        break;
    }
    cairo_set_dash(cr, d, n, 0);
}

static void marker_path(cairo_t *cr, enum chart_marker m, double x, double y, double size)
{
    double r = size / 2;

    switch (m) {
    case CHART_MARKER_TRIANGLE:
    case CHART_MARKER_TRIANGLE_DOWN: {
        /* same area as the circle: side = r * 2.69 */
        double s = r * 2.69, hgt = s * 0.866;
        double dir = m == CHART_MARKER_TRIANGLE ? 1 : -1;
        double top = y - dir * hgt * 2 / 3, base = y + dir * hgt / 3;

        cairo_move_to(cr, x, top);
        cairo_line_to(cr, x + s / 2, base);
        cairo_line_to(cr, x - s / 2, base);
        cairo_close_path(cr);
        break;
    }
    case CHART_MARKER_SQUARE: {
        double s = r * 1.77;

        cairo_rectangle(cr, x - s / 2, y - s / 2, s, s);
        break;
    }
    case CHART_MARKER_DIAMOND: {
        double s = r * 1.25;

        cairo_move_to(cr, x, y - s);
        cairo_line_to(cr, x + s, y);
        cairo_line_to(cr, x, y + s);
        cairo_line_to(cr, x - s, y);
        cairo_close_path(cr);
        break;
    }
    case CHART_MARKER_CIRCLE:
    default:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        cairo_close_path(cr);
        break;
    }
}

void chart_marker_draw(cairo_t *cr, enum chart_marker m, double x, double y,
                       double size, uint32_t rgb, int hollow)
{
    if (!isfinite(x) || !isfinite(y) || !(size > 0))
        return;
    cairo_save(cr);
    cairo_new_path(cr);
    marker_path(cr, m, x, y, size);
    chart_set_line(cr, hollow ? 1.3 : 0.7, CHART_DASH_SOLID);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    if (hollow) {
        chart_set_colour(cr, CHART_WHITE, 1);
        cairo_fill_preserve(cr);
        chart_set_colour(cr, rgb, 1);
        cairo_stroke(cr);
    } else {
        /* a thin white rim keeps overlapping markers apart */
        chart_set_colour(cr, rgb, 1);
        cairo_fill_preserve(cr);
        chart_set_colour(cr, CHART_WHITE, 1);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

void chart_arrow_draw(cairo_t *cr, double x, double y, double size, int dir, uint32_t rgb)
{
    double hs = size / 2, head = size * 0.5, shaft = size * 0.16;

    if (!isfinite(x) || !isfinite(y) || !(size > 0))
        return;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (dir < 0)
        cairo_rotate(cr, M_PI);
    else if (dir == 0)
        cairo_rotate(cr, M_PI / 2);
    cairo_new_path(cr);
    /* pointing up, centred on the origin */
    cairo_move_to(cr, 0, -hs);
    cairo_line_to(cr, hs * 0.9, -hs + head);
    cairo_line_to(cr, shaft, -hs + head);
    cairo_line_to(cr, shaft, hs);
    cairo_line_to(cr, -shaft, hs);
    cairo_line_to(cr, -shaft, -hs + head);
    cairo_line_to(cr, -hs * 0.9, -hs + head);
    cairo_close_path(cr);
    chart_set_colour(cr, rgb, 1);
    cairo_fill(cr);
    cairo_restore(cr);
}

void chart_line(cairo_t *cr, double x0, double y0, double x1, double y1, double width,
                uint32_t rgb)
{
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1))
        return;
    cairo_save(cr);
    cairo_new_path(cr);
    chart_set_line(cr, width, CHART_DASH_SOLID);
    chart_set_colour(cr, rgb, 1);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ---- text ---------------------------------------------------------------- */

struct chart_font chart_font_make(double size, uint32_t rgb)
{
    struct chart_font f;

    memset(&f, 0, sizeof f);
    f.size = size;
    f.rgb = rgb;
    f.align = CHART_LEFT;
    f.valign = CHART_TOP;
    return f;
}

PangoLayout *chart_layout_new(cairo_t *cr, const char *text, double size, int bold, int italic, int align,
                              int markup)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoContext *ctx = pango_layout_get_context(layout);
    PangoFontDescription *fd = pango_font_description_new();
    cairo_font_options_t *fo = cairo_font_options_create();
    char *valid = NULL;

    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    /* one point is one unit, so that sizes in markup are points too */
    pango_cairo_context_set_resolution(ctx, 72);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    pango_layout_context_changed(layout);

    pango_font_description_set_family_static(fd, CHART_FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);

    if (text == NULL)
        text = "";
    if (!g_utf8_validate(text, -1, NULL)) {
        valid = g_utf8_make_valid(text, -1);
        text = valid;
    }
    /* Markup that does not parse is shown as plain text rather than dropped. */
    if (markup && pango_parse_markup(text, -1, 0, NULL, NULL, NULL, NULL))
        pango_layout_set_markup(layout, text, -1);
    else
        pango_layout_set_text(layout, text, -1);
    g_free(valid);
    switch (align) {
    case CHART_CENTRE:
        pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
        break;
    case CHART_RIGHT:
        pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
        break;
    case CHART_LEFT:
    default:
        pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT);
        break;
    }
    return layout;
}

/* A layout for `text` in font f, cut or wrapped to its width. The caller unrefs it. */
static PangoLayout *text_layout(cairo_t *cr, const char *text, const struct chart_font *f)
{
    double size = f->size > 0 && isfinite(f->size) ? f->size : CHART_SIZE_TEXT;
    PangoLayout *layout = chart_layout_new(cr, text, size, f->bold, f->italic, f->align, 0);

    /* pango widths are ints of 1/1024 points: a million points is room enough */
    if (f->max_width > 0 && f->max_width < 1e6) {
        pango_layout_set_width(layout, (int)(f->max_width * PANGO_SCALE));
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
        if (f->max_lines > 1) {
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
            pango_layout_set_height(layout, -f->max_lines);
        } else {
            pango_layout_set_height(layout, -1);
        }
    }
    return layout;
}

static void layout_box(PangoLayout *layout, double *x, double *y, double *w, double *h)
{
    PangoRectangle logical;

    pango_layout_get_extents(layout, NULL, &logical);
    *x = (double)logical.x / PANGO_SCALE;
    *y = (double)logical.y / PANGO_SCALE;
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

void chart_text_draw(cairo_t *cr, double x, double y, const char *text,
                     const struct chart_font *f, double *w, double *h)
{
    PangoLayout *layout;
    double lx, ly, lw, lh, ox, oy;

    if (w != NULL)
        *w = 0;
    if (h != NULL)
        *h = 0;
    if (text == NULL || text[0] == '\0' || !isfinite(x) || !isfinite(y))
        return;
    layout = text_layout(cr, text, f);
    layout_box(layout, &lx, &ly, &lw, &lh);
    switch (f->align) {
    case CHART_CENTRE:
        ox = x - lw / 2;
        break;
    case CHART_RIGHT:
        ox = x - lw;
        break;
    case CHART_LEFT:
    default:
        ox = x;
        break;
    }
    switch (f->valign) {
    case CHART_MIDDLE:
        oy = y - lh / 2;
        break;
    case CHART_BOTTOM:
        oy = y - lh;
        break;
    case CHART_BASELINE:
        oy = y - (double)pango_layout_get_baseline(layout) / PANGO_SCALE + ly;
        break;
    case CHART_TOP:
    default:
        oy = y;
        break;
    }
    cairo_save(cr);
    chart_set_colour(cr, f->rgb, 1);
    cairo_move_to(cr, ox - lx, oy - ly);
    pango_cairo_show_layout(cr, layout);
    cairo_new_path(cr);
    cairo_restore(cr);
    g_object_unref(layout);
    if (w != NULL)
        *w = lw;
    if (h != NULL)
        *h = lh;
}

void chart_text_size(cairo_t *cr, const char *text, const struct chart_font *f,
                     double *w, double *h)
{
    PangoLayout *layout;
    double lx, ly, lw, lh;

    if (w != NULL)
        *w = 0;
    if (h != NULL)
        *h = 0;
    if (text == NULL || text[0] == '\0')
        return;
    layout = text_layout(cr, text, f);
    layout_box(layout, &lx, &ly, &lw, &lh);
    g_object_unref(layout);
    if (w != NULL)
        *w = lw;
    if (h != NULL)
        *h = lh;
}

int chart_text_unknown_glyphs(cairo_t *cr, const char *text, const struct chart_font *f)
{
    PangoLayout *layout;
    int n;

    if (text == NULL || text[0] == '\0')
        return 0;
    layout = text_layout(cr, text, f);
    n = pango_layout_get_unknown_glyphs_count(layout);
    g_object_unref(layout);
    return n;
}

double chart_line_height(cairo_t *cr, double size)
{
    struct chart_font f = chart_font_make(size, CHART_INK);
    double h;

    chart_text_size(cr, "Ag", &f, NULL, &h);
    return h;
}

/* ---- numbers ------------------------------------------------------------- */

#define MINUS_SIGN "\xe2\x88\x92"

void chart_number_format(char *out, size_t size, double v, const struct chart_number *f)
{
    char digits[48];
    char grouped[80];
    const char *sign = "";
    const char *suffix = f != NULL && f->suffix != NULL ? f->suffix : "";
    double scale = f != NULL && f->scale != 0 && isfinite(f->scale) ? f->scale : 1;
    int dec = f != NULL ? f->decimals : 0;
    size_t intlen, n, j = 0;
    int nonzero = 0;

    if (size == 0)
        return;
    out[0] = '\0';
    if (!isfinite(v))
        return;
    v *= scale;
    if (dec < 0)
        dec = 0;
    if (dec > 9)
        dec = 9;
    if (fabs(v) >= 1e15)
        snprintf(digits, sizeof digits, "%.3g", fabs(v));
    else
        snprintf(digits, sizeof digits, "%.*f", dec, fabs(v));
    for (const char *p = digits; *p != '\0'; p++)
        if (*p >= '1' && *p <= '9')
            nonzero = 1;
    if (nonzero && v < 0)
        sign = MINUS_SIGN;
    else if (nonzero && v > 0 && f != NULL && f->plus)
        sign = "+";

    /* thousands separators in the integer part */
    intlen = strcspn(digits, ".e");
    n = strlen(digits);
    for (size_t i = 0; i < n && j + 2 < sizeof grouped; i++) {
        if (i > 0 && i < intlen && (intlen - i) % 3 == 0 && fabs(v) < 1e15)
            grouped[j++] = ',';
        grouped[j++] = digits[i];
    }
    grouped[j] = '\0';
    snprintf(out, size, "%s%s%s", sign, grouped, suffix);
}

void chart_interval_format(char *out, size_t size, double est, double lo, double hi,
                           const struct chart_number *f)
{
    char e[CHART_NUMBER_MAX], l[CHART_NUMBER_MAX], u[CHART_NUMBER_MAX];
    struct chart_number nf = { 1, 0, 0, NULL };

    if (size == 0)
        return;
    out[0] = '\0';
    if (!isfinite(est))
        return;
    if (f != NULL)
        nf = *f;
    chart_number_format(e, sizeof e, est, &nf);
    nf.plus = 0;
    if (!isfinite(lo) || !isfinite(hi)) {
        snprintf(out, size, "%s", e);
        return;
    }
    chart_number_format(l, sizeof l, lo, &nf);
    chart_number_format(u, sizeof u, hi, &nf);
    snprintf(out, size, "%s (%s to %s)", e, l, u);
}

/* ---- axes ----------------------------------------------------------------- */

/* The fewest decimals (up to 6) that print v exactly enough. */
static int decimals_for(double v)
{
    v = fabs(v);
    for (int d = 0; d < 6; d++) {
        double p = pow(10, d);

        if (fabs(v * p - round(v * p)) < 1e-6 * p)
            return d;
    }
    return 6;
}

static double axis_scale(const struct chart_axis *ax)
{
    return ax->format.scale != 0 && isfinite(ax->format.scale) ? ax->format.scale : 1;
}

/*
 * Log ticks from one of three sets of mantissas (1-2-5, then finer), taking
 * the set whose rounded range is tightest with 3 to target + 2 ticks.
 */
static void axis_log_ticks(struct chart_axis *ax, double lo, double hi, int target)
{
    static const double set_a[] = { 1, 2, 5 };
    static const double set_b[] = { 1, 1.5, 2, 3, 5, 7 };
    static const double set_c[] = { 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8 };
    static const double *sets[] = { set_a, set_b, set_c };
    static const size_t sizes[] = { 3, 6, 11 };
    int d0 = (int)floor(log10(lo)) - 1, d1 = (int)ceil(log10(hi)) + 1;
    double best_span = INFINITY;

    if (d1 - d0 > 12)
        d0 = d1 - 12;
    for (size_t s = 0; s < 3; s++) {
        double cand[64];
        size_t nc = 0, first = 0, last = 0, count;

        for (int d = d0; d <= d1; d++)
            for (size_t k = 0; k < sizes[s] && nc < sizeof cand / sizeof *cand; k++)
                cand[nc++] = sets[s][k] * pow(10, d);
        for (size_t i = 0; i < nc; i++)
            if (cand[i] <= lo * (1 + 1e-9))
                first = i;
        last = nc - 1;
        for (size_t i = nc; i-- > 0;)
            if (cand[i] >= hi * (1 - 1e-9))
                last = i;
        count = last - first + 1;
        if (count > CHART_TICKS_MAX || (s > 0 && (count < 3 || count > (size_t)target + 2)))
            continue;
        if (log(cand[last] / cand[first]) >= best_span - 1e-9)
            continue;
        best_span = log(cand[last] / cand[first]);
        ax->nticks = 0;
        for (size_t i = first; i <= last; i++)
            ax->ticks[ax->nticks++] = cand[i];
        ax->lo = cand[first];
        ax->hi = cand[last];
    }
    if (ax->nticks == 0) {
        /* a range of many decades: a tick every few decades */
        int dl = (int)floor(log10(lo)), dh = (int)ceil(log10(hi));
        int step = (dh - dl + target - 1) / target;

        if (step < 1)
            step = 1;
        for (int d = dl; d <= dh + step - 1 && ax->nticks < CHART_TICKS_MAX; d += step)
            ax->ticks[ax->nticks++] = pow(10, d);
        ax->lo = ax->ticks[0];
        ax->hi = ax->ticks[ax->nticks - 1];
    }
}

void chart_axis_nice(struct chart_axis *ax, double lo, double hi, int target, int log,
                     const struct chart_number *fmt)
{
    double raw, mag, norm, step, t0, t1;
    size_t count;

    memset(ax, 0, sizeof *ax);
    if (fmt != NULL)
        ax->format = *fmt;
    if (target < 2)
        target = 2;
    if (target > 12)
        target = 12;
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = log ? 0.5 : 0;
        hi = log ? 2 : 1;
    }
    if (lo > hi) {
        double t = lo;

        lo = hi;
        hi = t;
    }
    ax->log = log ? 1 : 0;
    if (log) {
        if (hi <= 0) {
            lo = 0.5;
            hi = 2;
        }
        if (lo <= 0)
            lo = hi / 10;
        if (lo < 1e-300)
            lo = 1e-300;
        if (hi > 1e300)
            hi = 1e300;
        if (hi / lo < 1.2) {
            double mid = sqrt(hi * lo);

            lo = mid / 1.2;
            hi = mid * 1.2;
        }
        axis_log_ticks(ax, lo, hi, target);
        ax->format.decimals = 0;
        return;
    }
    /* keep hi - lo and the ticks finite */
    if (lo < -1e300)
        lo = -1e300;
    if (hi > 1e300)
        hi = 1e300;
    if (hi - lo <= 1e-12 * (fabs(hi) + fabs(lo))) {
        double span = lo == 0 ? 1 : fabs(lo) * 0.2;

        lo -= span / 2;
        hi += span / 2;
    }
    raw = (hi - lo) / target;
    mag = pow(10, floor(log10(raw)));
    norm = raw / mag;
    if (norm < 1.5)
        step = mag;
    else if (norm < 2.25)
        step = 2 * mag;
    else if (norm < 3.5)
        step = 2.5 * mag;
    else if (norm < 7.5)
        step = 5 * mag;
    else
        step = 10 * mag;
    for (int tries = 0;; tries++) {
        double n;

        t0 = floor(lo / step + 1e-9) * step;
        t1 = ceil(hi / step - 1e-9) * step;
        n = (t1 - t0) / step;
        if (isfinite(n) && n >= 0 && n < CHART_TICKS_MAX) {
            count = (size_t)llround(n) + 1;
            break;
        }
        if (tries == 64 || !isfinite(step)) {
            /* cannot happen for finite ends; two ticks at the ends then */
            t0 = lo;
            t1 = hi;
            step = hi - lo;
            count = 2;
            break;
        }
        step *= 2;
    }
    ax->lo = t0;
    ax->hi = t1;
    for (size_t i = 0; i < count; i++) {
        double v = t0 + (double)i * step;

        if (fabs(v) < step * 1e-9)
            v = 0;
        ax->ticks[ax->nticks++] = v;
    }
    ax->format.decimals = decimals_for(step * axis_scale(ax));
}

void chart_axis_range(struct chart_axis *ax, double lo, double hi, double fix_lo, double fix_hi,
                      int target, const struct chart_number *fmt)
{
    struct chart_axis nice;

    if (isfinite(fix_lo) && isfinite(fix_hi) && fix_hi > fix_lo) {
        double eps = 1e-9 * (fix_hi - fix_lo);

        chart_axis_nice(&nice, fix_lo, fix_hi, target, 0, fmt);
        *ax = nice;
        ax->lo = fix_lo;
        ax->hi = fix_hi;
        ax->nticks = 0;
        for (size_t i = 0; i < nice.nticks; i++)
            if (nice.ticks[i] >= fix_lo - eps && nice.ticks[i] <= fix_hi + eps)
                ax->ticks[ax->nticks++] = nice.ticks[i];
    } else if (lo <= hi) {
        chart_axis_nice(ax, lo, hi, target, 0, fmt);
    } else {
        chart_axis_nice(ax, 0, 1, target, 0, fmt);
    }
}

void chart_axis_fixed(struct chart_axis *ax, double lo, double hi, const double *ticks,
                      size_t nticks, const struct chart_number *fmt)
{
    int dec = 0;

    memset(ax, 0, sizeof *ax);
    if (fmt != NULL)
        ax->format = *fmt;
    if (!isfinite(lo) || !isfinite(hi) || hi <= lo) {
        lo = 0;
        hi = 1;
    }
    ax->lo = lo;
    ax->hi = hi;
    for (size_t i = 0; i < nticks && ax->nticks < CHART_TICKS_MAX; i++) {
        if (!isfinite(ticks[i]))
            continue;
        ax->ticks[ax->nticks++] = ticks[i];
        if (decimals_for(ticks[i] * axis_scale(ax)) > dec)
            dec = decimals_for(ticks[i] * axis_scale(ax));
    }
    if (fmt == NULL || fmt->decimals < dec)
        ax->format.decimals = dec;
}

double chart_axis_map(const struct chart_axis *ax, double v, double a, double b)
{
    double t;

    if (!isfinite(v))
        return NAN;
    if (ax->log) {
        if (v <= 0 || ax->lo <= 0)
            return NAN;
        t = (log(v) - log(ax->lo)) / (log(ax->hi) - log(ax->lo));
    } else {
        t = (v - ax->lo) / (ax->hi - ax->lo);
    }
    return a + t * (b - a);
}

void chart_axis_label(const struct chart_axis *ax, double v, char *out, size_t size)
{
    struct chart_number f = ax->format;

    if (ax->log)
        f.decimals = decimals_for(v * axis_scale(ax));
    f.plus = 0;
    chart_number_format(out, size, v, &f);
}

double chart_axis_label_width(cairo_t *cr, const struct chart_axis *ax, double size)
{
    struct chart_font f = chart_font_make(size, CHART_INK_SOFT);
    double widest = 0;

    for (size_t i = 0; i < ax->nticks; i++) {
        char text[CHART_NUMBER_MAX];
        double w;

        chart_axis_label(ax, ax->ticks[i], text, sizeof text);
        chart_text_size(cr, text, &f, &w, NULL);
        if (w > widest)
            widest = w;
    }
    return widest;
}

void chart_grid_vertical(cairo_t *cr, const struct chart_axis *ax, double x0, double x1,
                         double y0, double y1)
{
    cairo_save(cr);
    cairo_new_path(cr);
    for (size_t i = 0; i < ax->nticks; i++) {
        double x = chart_axis_map(ax, ax->ticks[i], x0, x1);

        if (!isfinite(x))
            continue;
        cairo_move_to(cr, x, y0);
        cairo_line_to(cr, x, y1);
    }
    chart_set_line(cr, 0.6, CHART_DASH_SOLID);
    chart_set_colour(cr, CHART_GRID, 1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void chart_range_add(double *lo, double *hi, double v, int log)
{
    if (!isfinite(v) || (log && !(v > 0)))
        return;
    if (!(v >= *lo))
        *lo = v;
    if (!(v <= *hi))
        *hi = v;
}

void chart_grid_rows(cairo_t *cr, const struct chart_axis *ax, double x0, double x1, double y0, double rh,
                     size_t nrows, double ref, int (*hidden)(const void *rows, size_t i), const void *rows)
{
    double rx = isfinite(ref) ? chart_axis_map(ax, ref, x0, x1) : NAN;

    for (size_t a = 0; a < nrows;) {
        size_t b = a;

        if (hidden(rows, a)) {
            a++;
            continue;
        }
        while (b + 1 < nrows && !hidden(rows, b + 1))
            b++;
        chart_grid_vertical(cr, ax, x0, x1, y0 + (double)a * rh, y0 + (double)(b + 1) * rh);
        if (rx >= x0 - 0.5 && rx <= x1 + 0.5)
            chart_line(cr, rx, y0 + (double)a * rh, rx, y0 + (double)(b + 1) * rh, 1.0, CHART_REF);
        a = b + 1;
    }
}

void chart_grid_horizontal(cairo_t *cr, const struct chart_axis *ax, double y0, double y1,
                           double x0, double x1)
{
    cairo_save(cr);
    cairo_new_path(cr);
    for (size_t i = 0; i < ax->nticks; i++) {
        double y = chart_axis_map(ax, ax->ticks[i], y0, y1);

        if (!isfinite(y))
            continue;
        cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x1, y);
    }
    chart_set_line(cr, 0.6, CHART_DASH_SOLID);
    chart_set_colour(cr, CHART_GRID, 1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

double chart_axis_labels_below(cairo_t *cr, const struct chart_axis *ax, double x0, double x1,
                               double y, double size)
{
    struct chart_font f = chart_font_make(size, CHART_INK_SOFT);
    double last_right = -INFINITY, height = 0;

    f.align = CHART_CENTRE;
    for (size_t i = 0; i < ax->nticks; i++) {
        char text[CHART_NUMBER_MAX];
        double x = chart_axis_map(ax, ax->ticks[i], x0, x1), w, h;

        if (!isfinite(x))
            continue;
        chart_axis_label(ax, ax->ticks[i], text, sizeof text);
        chart_text_size(cr, text, &f, &w, &h);
        if (x - w / 2 < last_right + size * 0.8)
            continue;
        chart_text_draw(cr, x, y, text, &f, NULL, NULL);
        last_right = x + w / 2;
        if (h > height)
            height = h;
    }
    return height;
}

void chart_axis_labels_left(cairo_t *cr, const struct chart_axis *ax, double y0, double y1,
                            double x, double size)
{
    struct chart_font f = chart_font_make(size, CHART_INK_SOFT);
    double last_top = INFINITY;

    f.align = CHART_RIGHT;
    f.valign = CHART_MIDDLE;
    for (size_t i = 0; i < ax->nticks; i++) {
        char text[CHART_NUMBER_MAX];
        double y = chart_axis_map(ax, ax->ticks[i], y0, y1), h;

        if (!isfinite(y))
            continue;
        chart_axis_label(ax, ax->ticks[i], text, sizeof text);
        chart_text_size(cr, text, &f, NULL, &h);
        /* ticks go upwards: skip a label that would overlap the one below */
        if (y + h / 2 > last_top - 1)
            continue;
        chart_text_draw(cr, x, y, text, &f, NULL, NULL);
        last_top = y - h / 2;
    }
}

/* ---- legends, titles, messages ------------------------------------------- */

static double legend_key_width(enum chart_key key)
{
    return key == CHART_KEY_LINE || key == CHART_KEY_LINE_MARKER ? 22 : 9;
}

static void legend_key_draw(cairo_t *cr, const struct chart_legend_item *it, double x, double y)
{
    double kw = legend_key_width(it->key);

    switch (it->key) {
    case CHART_KEY_LINE:
    case CHART_KEY_LINE_MARKER:
        cairo_save(cr);
        cairo_new_path(cr);
        chart_set_line(cr, 1.8, it->style.dash);
        chart_set_colour(cr, it->style.rgb, 1);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x + kw, y);
        cairo_stroke(cr);
        cairo_restore(cr);
        if (it->key == CHART_KEY_LINE_MARKER)
            chart_marker_draw(cr, it->style.marker, x + kw / 2, y, 6, it->style.rgb, it->hollow);
        break;
    case CHART_KEY_MARKER:
        chart_marker_draw(cr, it->style.marker, x + kw / 2, y, 6.5, it->style.rgb, it->hollow);
        break;
    case CHART_KEY_BOX:
    default:
        cairo_save(cr);
        cairo_new_path(cr);
        cairo_rectangle(cr, x, y - kw / 2, kw, kw);
        chart_set_colour(cr, it->style.rgb, 1);
        cairo_fill(cr);
        cairo_restore(cr);
        break;
    }
}

double chart_legend_draw(cairo_t *cr, double x, double y, double w,
                         const struct chart_legend_item *items, size_t n, int draw)
{
    struct chart_font f = chart_font_make(CHART_SIZE_TEXT, CHART_INK);
    double line_h = chart_line_height(cr, CHART_SIZE_TEXT) + 2;
    double cx = x, cy = y;
    const double gap_key = 4, gap_item = 14;

    if (items == NULL || n == 0 || !(w > 0))
        return 0;
    f.valign = CHART_MIDDLE;
    for (size_t i = 0; i < n; i++) {
        double kw = legend_key_width(items[i].key);
        double tw;

        f.max_width = w - kw - gap_key;
        if (f.max_width < 10)
            f.max_width = 10;
        chart_text_size(cr, items[i].label, &f, &tw, NULL);
        if (cx > x && cx + kw + gap_key + tw > x + w) {
            cx = x;
            cy += line_h;
        }
        if (draw) {
            legend_key_draw(cr, &items[i], cx, cy + line_h / 2);
            chart_text_draw(cr, cx + kw + gap_key, cy + line_h / 2, items[i].label, &f,
                            NULL, NULL);
        }
        cx += kw + gap_key + tw + gap_item;
    }
    return cy + line_h - y;
}

struct chart_box chart_frame_draw(cairo_t *cr, struct chart_box box, const char *title,
                                  const char *subtitle, const char *note)
{
    struct chart_font ft = chart_font_make(CHART_SIZE_TITLE, CHART_INK);
    struct chart_font fs = chart_font_make(CHART_SIZE_TEXT, CHART_INK_SOFT);
    struct chart_font fn = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    double h;

    ft.bold = 1;
    ft.max_width = box.w;
    ft.max_lines = 2;
    fs.max_width = box.w;
    fs.max_lines = 2;
    fn.max_width = box.w;
    fn.max_lines = 3;
    if (title != NULL && title[0] != '\0') {
        chart_text_draw(cr, box.x, box.y, title, &ft, NULL, &h);
        box.y += h + 2;
        box.h -= h + 2;
    }
    if (subtitle != NULL && subtitle[0] != '\0') {
        chart_text_draw(cr, box.x, box.y, subtitle, &fs, NULL, &h);
        box.y += h;
        box.h -= h;
    }
    if ((title != NULL && title[0] != '\0') || (subtitle != NULL && subtitle[0] != '\0')) {
        box.y += 8;
        box.h -= 8;
    }
    if (note != NULL && note[0] != '\0') {
        fn.valign = CHART_BOTTOM;
        chart_text_draw(cr, box.x, box.y + box.h, note, &fn, NULL, &h);
        box.h -= h + 6;
    }
    if (box.h < 0)
        box.h = 0;
    return box;
}

void chart_message_draw(cairo_t *cr, struct chart_box box, const char *text)
{
    struct chart_font f = chart_font_make(CHART_SIZE_TEXT, CHART_INK_FAINT);

    f.italic = 1;
    f.align = CHART_CENTRE;
    f.valign = CHART_MIDDLE;
    f.max_width = box.w > 20 ? box.w - 10 : 10;
    f.max_lines = 3;
    chart_text_draw(cr, box.x + box.w / 2, box.y + box.h / 2,
                    text != NULL ? text : "No data to show", &f, NULL, NULL);
}

double chart_row_label_width(cairo_t *cr, const char *label, const char *note, int header,
                             double size, double indent)
{
    struct chart_font f = chart_font_make(size, CHART_INK);
    double lw, nw = 0;

    f.bold = header;
    chart_text_size(cr, label, &f, &lw, NULL);
    if (note != NULL && note[0] != '\0') {
        f.bold = 0;
        f.italic = 1;
        chart_text_size(cr, note, &f, &nw, NULL);
        nw += size;
    }
    return (header ? 0 : indent) + lw + nw;
}

void chart_row_label_draw(cairo_t *cr, double x, double y_mid, double width, const char *label,
                          const char *note, int header, double size, double indent)
{
    struct chart_font f = chart_font_make(size, CHART_INK);
    double nw = 0;

    f.valign = CHART_MIDDLE;
    if (note != NULL && note[0] != '\0') {
        struct chart_font fn = f;

        fn.italic = 1;
        fn.rgb = CHART_INK_FAINT;
        fn.align = CHART_RIGHT;
        fn.max_width = width;
        chart_text_draw(cr, x + width, y_mid, note, &fn, &nw, NULL);
        nw += size;
    }
    if (!header) {
        x += indent;
        width -= indent;
    }
    f.bold = header;
    f.max_width = width - nw;
    if (f.max_width < size)
        return;
    chart_text_draw(cr, x, y_mid, label, &f, NULL, NULL);
}

size_t chart_rows_fit(double avail, size_t n, double pref, double *rh)
{
    size_t fit;

    *rh = pref;
    if (n == 0 || !(avail > 0))
        return 0;
    if (avail / (double)n >= pref)
        return n;
    if (avail / (double)n >= CHART_ROW_MIN) {
        *rh = avail / (double)n;
        return n;
    }
    *rh = CHART_ROW_MIN;
    fit = (size_t)floor(avail / CHART_ROW_MIN);
    return fit > 0 ? fit - 1 : 0;
}

void chart_rows_more_draw(cairo_t *cr, double x, double y_mid, double width, size_t hidden)
{
    struct chart_font f = chart_font_make(CHART_SIZE_SMALL, CHART_INK_SOFT);
    char text[96];

    f.italic = 1;
    f.valign = CHART_MIDDLE;
    f.max_width = width;
    snprintf(text, sizeof text, "%zu more %s not shown", hidden, hidden == 1 ? "row" : "rows");
    chart_text_draw(cr, x, y_mid, text, &f, NULL, NULL);
}

int chart_begin(cairo_t *cr, double x, double y, double w, double h)
{
    if (cr == NULL || !isfinite(x) || !isfinite(y) || !isfinite(w) || !isfinite(h) ||
        !(w > 0) || !(h > 0))
        return 0;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    return 1;
}

void chart_cleanup(void)
{
    pango_cairo_font_map_set_default(NULL);
}

/* ---- files ---------------------------------------------------------------- */

static cairo_status_t write_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    struct buf *b = closure;

    if (buf_append(b, data, len) != STATUS_OK)
        return CAIRO_STATUS_NO_MEMORY;
    return CAIRO_STATUS_SUCCESS;
}

/* Write len bytes to path, replacing the file; remove it when that fails. */
static int file_write(const char *path, const char *data, size_t len)
{
    FILE *f = NULL;
    int st = STATUS_OK;

    f = fopen(path, "wb");
    if (f == NULL) {
        st = err_set(STATUS_IO, "write %s: %s", path, strerror(errno));
        goto out;
    }
    if (len > 0 && fwrite(data, 1, len, f) != len) {
        st = err_set(STATUS_IO, "write %s: %s", path, strerror(errno));
        goto out;
    }
    if (fclose(f) != 0) {
        f = NULL;
        st = err_set(STATUS_IO, "write %s: %s", path, strerror(errno));
        goto out;
    }
    f = NULL;
out:
    if (f != NULL)
        fclose(f);
    if (st != STATUS_OK)
        remove(path);
    return st;
}

static int check_size(const char *path, double width, double height, double scale)
{
    if (path == NULL || path[0] == '\0')
        return err_set(STATUS_USAGE, "chart: no file name given");
    if (!isfinite(width) || !isfinite(height) || !isfinite(scale) || !(width >= 1) ||
        !(height >= 1) || !(scale > 0) || width * scale > 20000 || height * scale > 20000)
        return err_set(STATUS_USAGE, "%s: chart size %gx%g at scale %g is out of range",
                       path, width, height, scale);
    return STATUS_OK;
}

/*
 * An RGB24 image surface as PNG into `out`, through libpng's simplified API
 * with its "fast" flag: a chart is mostly flat colour, which the fastest
 * compression packs well, and cairo's own writer spends most of a run's
 * drawing time compressing harder.
 */
static int png_encode(cairo_surface_t *s, struct buf *out)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    unsigned char *rgb = NULL;
    png_image image;
    png_alloc_size_t size;
    int st = STATUS_OK;

    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)w;
    image.height = (png_uint_32)h;
    image.format = PNG_FORMAT_RGB;
    image.flags = PNG_IMAGE_FLAG_FAST;
    size = PNG_IMAGE_PNG_SIZE_MAX(image);
    rgb = malloc((size_t)w * (size_t)h * 3 + 1);
    if (data == NULL || rgb == NULL || buf_reserve(out, size) != STATUS_OK) {
        st = err_set(STATUS_NOMEM, "out of memory");
        goto out;
    }
    /* cairo keeps a pixel as 0xXXRRGGBB in a native 32-bit word. */
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(data + (size_t)y * (size_t)stride);
        unsigned char *row = rgb + (size_t)y * (size_t)w * 3;

        for (int x = 0; x < w; x++) {
            row[3 * x] = (unsigned char)(px[x] >> 16);
            row[3 * x + 1] = (unsigned char)(px[x] >> 8);
            row[3 * x + 2] = (unsigned char)px[x];
        }
    }
    if (!png_image_write_to_memory(&image, out->data, &size, 0, rgb, w * 3, NULL)) {
        st = err_set(STATUS_RENDER, "libpng: %s", image.message);
        goto out;
    }
    out->len = size;
    out->data[size] = '\0';
out:
    png_image_free(&image);
    free(rgb);
    return st;
}

int chart_write_png(const char *path, double width, double height, double scale,
                    chart_draw_fn *draw, const void *spec)
{
    cairo_surface_t *s = NULL;
    cairo_t *cr = NULL;
    cairo_status_t cs;
    struct buf png = { 0 };
    int st;

    st = check_size(path, width, height, scale);
    if (st != STATUS_OK)
        goto out;
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(width * scale),
                                   (int)lround(height * scale));
    cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    chart_set_colour(cr, CHART_WHITE, 1);
    cairo_paint(cr);
    if (draw != NULL)
        draw(cr, 0, 0, width, height, spec);
    cs = cairo_status(cr);
    if (cs != CAIRO_STATUS_SUCCESS) {
        st = err_set(STATUS_RENDER, "draw %s: %s", path, cairo_status_to_string(cs));
        goto out;
    }
    cairo_surface_flush(s);
    st = png_encode(s, &png);
    if (st != STATUS_OK) {
        err_prefix(st, "encode %s", path);
        goto out;
    }
    st = file_write(path, png.data, png.len);
out:
    if (cr != NULL)
        cairo_destroy(cr);
    if (s != NULL)
        cairo_surface_destroy(s);
    buf_free(&png);
    return st;
}

/*
 * cairo 1.16 names SVG elements "surfaceN", "imageN", "patternN" and so on
 * with N taken from counters that run across the whole process, so the same
 * chart drawn second would differ. Rewrite every id="PREFIXN" and its
 * references (#PREFIXN, url(#PREFIXN)) with numbers in order of first
 * appearance. Glyph ids ("glyphF-G") are numbered per document and kept.
 */
static int svg_renumber(const struct buf *in, struct buf *out)
{
    static const char *prefixes[] = { "surface", "image", "source", "pattern", "clip",
                                      "mask", "linear", "radial", "filter", "path" };
    enum { NPREFIX = sizeof prefixes / sizeof *prefixes, MAXMAP = 4096 };
    /* The map is the caller's alone (documents are written on several threads at once). */
    long *from = malloc(MAXMAP * sizeof *from);
    long *to = malloc(MAXMAP * sizeof *to);
    size_t *which = malloc(MAXMAP * sizeof *which);
    size_t nmap = 0;
    long next[NPREFIX] = { 0 };
    const char *p = buf_str(in), *end = p + in->len;
    int st = STATUS_OK;

    if (from == NULL || to == NULL || which == NULL) {
        st = err_set(STATUS_NOMEM, "svg: out of memory");
        goto out;
    }
    while (p < end) {
        size_t k, plen = 0;
        int matched = 0;

        /* an id starts after '"' (id="..") or '#' (href="#..", url(#..)) */
        if ((*p == '"' || *p == '#') && p + 1 < end) {
            for (k = 0; k < NPREFIX; k++) {
                plen = strlen(prefixes[k]);
                if ((size_t)(end - p - 1) > plen && memcmp(p + 1, prefixes[k], plen) == 0 &&
                    p[1 + plen] >= '0' && p[1 + plen] <= '9') {
                    matched = 1;
                    break;
                }
            }
        }
        if (!matched) {
            st = buf_putc(out, *p);
            if (st != STATUS_OK)
                goto out;
            p++;
            continue;
        }
        {
            const char *q = p + 1 + plen;
            long num = 0, mapped = -1;

            while (q < end && *q >= '0' && *q <= '9' && num < 100000000) {
                num = num * 10 + (*q - '0');
                q++;
            }
            /* keep names like "glyph0-1": only whole ids are renumbered */
            if (q < end && (*q == '-' || (*q >= 'a' && *q <= 'z'))) {
                st = buf_append(out, p, (size_t)(q - p));
                if (st != STATUS_OK)
                    goto out;
                p = q;
                continue;
            }
            for (size_t i = 0; i < nmap; i++)
                if (which[i] == k && from[i] == num) {
                    mapped = to[i];
                    break;
                }
            if (mapped < 0) {
                if (nmap == MAXMAP) {
                    st = err_set(STATUS_LIMIT, "svg: more than %d ids", MAXMAP);
                    goto out;
                }
                mapped = ++next[k];
                which[nmap] = k;
                from[nmap] = num;
                to[nmap] = mapped;
                nmap++;
            }
            st = buf_printf(out, "%c%s%ld", *p, prefixes[k], mapped);
            if (st != STATUS_OK)
                goto out;
            p = q;
        }
    }
out:
    free(from);
    free(to);
    free(which);
    return st;
}

int chart_write_svg(const char *path, double width, double height, chart_draw_fn *draw,
                    const void *spec)
{
    cairo_surface_t *s = NULL;
    cairo_t *cr = NULL;
    cairo_status_t cs;
    struct buf raw = { 0 }, svg = { 0 };
    int st;

    st = check_size(path, width, height, 1);
    if (st != STATUS_OK)
        goto out;
    s = cairo_svg_surface_create_for_stream(write_to_buf, &raw, width, height);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
    cr = cairo_create(s);
    if (draw != NULL)
        draw(cr, 0, 0, width, height, spec);
    cs = cairo_status(cr);
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_finish(s);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(s);
    if (cs != CAIRO_STATUS_SUCCESS) {
        st = err_set(cs == CAIRO_STATUS_NO_MEMORY ? STATUS_NOMEM : STATUS_RENDER,
                     "draw %s: %s", path, cairo_status_to_string(cs));
        goto out;
    }
    st = svg_renumber(&raw, &svg);
    if (st != STATUS_OK) {
        st = err_prefix(st, "write %s", path);
        goto out;
    }
    st = file_write(path, svg.data, svg.len);
out:
    if (cr != NULL)
        cairo_destroy(cr);
    if (s != NULL)
        cairo_surface_destroy(s);
    buf_free(&raw);
    buf_free(&svg);
    return st;
}
