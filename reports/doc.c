#include "reports/doc.h"

#include "common/buf.h"
#include "common/date.h"
#include "common/status.h"
#include "common/str.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_Y 34.0
#define FOOTER_Y (DOC_PAGE_H - 38.0)
#define PARA_AFTER 6.0
#define CHART_AFTER 12.0
#define CELL_PAD_X 4.0
#define CELL_PAD_Y 2.6

/* Strings for one pass, in blocks that are freed together. */
struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
};

struct doc {
    const struct doc_meta *meta;
    cairo_surface_t *surface;
    cairo_t *cr;
    int drawing;
    int page;          /* the page being laid out, 1-based; 0 before the first */
    int pages;         /* the total, known in the drawing pass */
    int cover;
    double y;
    int at_top;        /* nothing placed on this page yet */
    int status;
    struct arena_block *arena;
};

struct doc_cell {
    const char *text;
    enum doc_cell_style style;
    int markup;
};

struct doc_table {
    struct doc *d;
    struct doc_col *cols;
    double *widths;
    size_t ncols;
    struct doc_cell *cells;   /* ncols per row; a group row uses its first cell */
    size_t ncells, cells_cap;
    int *group;               /* per row: 1 for a group heading */
    size_t nrows, rows_cap;
    size_t col;               /* the next cell's column in the last row */
};

/* ---- errors and strings ------------------------------------------------- */

int doc_fail(struct doc *d, int status)
{
    if (d->status == STATUS_OK)
        d->status = status;
    return d->status;
}

int doc_status(const struct doc *d)
{
    return d->status;
}

static char *arena_alloc(struct doc *d, size_t n)
{
    struct arena_block *b = d->arena;

    /* keep every allocation 8-byte aligned */
    if (b != NULL && b->used % 8 != 0)
        b->used += 8 - b->used % 8 <= b->cap - b->used ? 8 - b->used % 8 : b->cap - b->used;
    if (b == NULL || b->cap - b->used < n) {
        size_t cap = n > 16384 ? n : 16384;

        b = malloc(sizeof *b + cap);
        if (b == NULL) {
            doc_fail(d, err_set(STATUS_NOMEM, "out of memory laying out %s", d->meta->path));
            return NULL;
        }
        b->next = d->arena;
        b->used = 0;
        b->cap = cap;
        d->arena = b;
    }
    b->used += n;
    return b->data + b->used - n;
}

void *doc_alloc(struct doc *d, size_t n)
{
    char *p;

    n = (n + 7) / 8 * 8;
    p = arena_alloc(d, n ? n : 8);
    if (p != NULL)
        memset(p, 0, n ? n : 8);
    return p;
}

static void arena_free(struct doc *d)
{
    while (d->arena != NULL) {
        struct arena_block *next = d->arena->next;

        free(d->arena);
        d->arena = next;
    }
}

const char *doc_strdup(struct doc *d, const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;
    char *p = arena_alloc(d, n + 1);

    if (p == NULL)
        return "";
    if (n > 0)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *doc_printf(struct doc *d, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return "";
    p = arena_alloc(d, (size_t)n + 1);
    if (p == NULL)
        return "";
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

const char *doc_escape(struct doc *d, const char *s)
{
    gchar *e = g_markup_escape_text(s != NULL ? s : "", -1);
    const char *out = doc_strdup(d, e);

    g_free(e);
    return out;
}

/* ---- text ------------------------------------------------------------------ */

struct doc_font doc_font_make(double size, uint32_t rgb)
{
    struct doc_font f;

    memset(&f, 0, sizeof f);
    f.size = size;
    f.rgb = rgb;
    f.align = CHART_LEFT;
    return f;
}

/*
 * A layout of `text` wrapped at `width` (none when width <= 0), laid out
 * as the charts lay out theirs (chart_layout_new), so that measuring and
 * drawing agree. The caller unrefs the layout.
 */
static PangoLayout *layout_new(struct doc *d, const char *text, const struct doc_font *f,
                               double width)
{
    PangoLayout *layout = chart_layout_new(d->cr, text, f->size > 0 ? f->size : DOC_SIZE_BODY, f->bold, f->italic,
                                           f->align, f->markup);

    if (width > 0 && width < 1e5) {
        pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    if (f->spacing > 0)
        pango_layout_set_spacing(layout, (int)(f->spacing * PANGO_SCALE));
    return layout;
}

static double layout_height(PangoLayout *layout)
{
    PangoRectangle logical;

    pango_layout_get_extents(layout, NULL, &logical);
    return (double)logical.height / PANGO_SCALE;
}

static void set_colour(cairo_t *cr, uint32_t rgb)
{
    chart_set_colour(cr, rgb, 1);
}

double doc_text_height(struct doc *d, const char *text, const struct doc_font *f, double width)
{
    PangoLayout *layout;
    double h;

    if (text == NULL || text[0] == '\0')
        return 0;
    layout = layout_new(d, text, f, width);
    h = layout_height(layout);
    g_object_unref(layout);
    return h;
}

double doc_text_width(struct doc *d, const char *text, const struct doc_font *f)
{
    PangoLayout *layout;
    PangoRectangle logical;

    if (text == NULL || text[0] == '\0')
        return 0;
    layout = layout_new(d, text, f, 0);
    pango_layout_get_extents(layout, NULL, &logical);
    g_object_unref(layout);
    return (double)logical.width / PANGO_SCALE;
}

double doc_text_at(struct doc *d, double x, double y, double width, const char *text,
                   const struct doc_font *f)
{
    PangoLayout *layout;
    double h;

    if (text == NULL || text[0] == '\0' || d->status != STATUS_OK)
        return 0;
    layout = layout_new(d, text, f, width);
    h = layout_height(layout);
    if (d->drawing) {
        cairo_save(d->cr);
        set_colour(d->cr, f->rgb);
        cairo_move_to(d->cr, x, y);
        pango_cairo_show_layout(d->cr, layout);
        cairo_new_path(d->cr);
        cairo_restore(d->cr);
    }
    g_object_unref(layout);
    return h;
}

/* ---- pages ----------------------------------------------------------------- */

static void header_draw(struct doc *d)
{
    struct doc_font f = doc_font_make(DOC_SIZE_SMALL, CHART_INK_SOFT);

    doc_text_at(d, DOC_LEFT, HEADER_Y - 9, DOC_WIDTH * 0.66, d->meta->header_left, &f);
    f.align = CHART_RIGHT;
    doc_text_at(d, DOC_LEFT + DOC_WIDTH * 0.34, HEADER_Y - 9, DOC_WIDTH * 0.66,
                d->meta->header_right, &f);
    chart_line(d->cr, DOC_LEFT, HEADER_Y + 4, DOC_LEFT + DOC_WIDTH, HEADER_Y + 4, 0.6, CHART_AXIS);
}

static void footer_draw(struct doc *d)
{
    struct doc_font f = doc_font_make(DOC_SIZE_SMALL, CHART_INK_SOFT);
    char page[64];

    chart_line(d->cr, DOC_LEFT, FOOTER_Y - 6, DOC_LEFT + DOC_WIDTH, FOOTER_Y - 6, 0.6, CHART_AXIS);
    doc_text_at(d, DOC_LEFT, FOOTER_Y, DOC_WIDTH * 0.7, d->meta->footer_left, &f);
    snprintf(page, sizeof page, "Page %d of %d", d->page, d->pages);
    f.align = CHART_RIGHT;
    doc_text_at(d, DOC_LEFT + DOC_WIDTH * 0.5, FOOTER_Y, DOC_WIDTH * 0.5, page, &f);
}

static void page_end(struct doc *d)
{
    if (d->page == 0 || !d->drawing)
        return;
    footer_draw(d);
    cairo_show_page(d->cr);
}

void doc_page(struct doc *d, int cover)
{
    if (d->status != STATUS_OK)
        return;
    page_end(d);
    d->page++;
    d->cover = cover;
    d->y = cover ? 60 : DOC_TOP;
    d->at_top = 1;
    if (d->drawing && !cover)
        header_draw(d);
}

double doc_room(const struct doc *d)
{
    return d->page == 0 ? 0 : DOC_BOTTOM - d->y;
}

void doc_need(struct doc *d, double h)
{
    if (d->page == 0 || (!d->at_top && d->y + h > DOC_BOTTOM))
        doc_page(d, 0);
}

double doc_y(const struct doc *d)
{
    return d->y;
}

void doc_space(struct doc *d, double h)
{
    if (d->page == 0)
        doc_page(d, 0);
    d->y += h;
    if (d->y > DOC_BOTTOM)
        d->y = DOC_BOTTOM;
    if (h > 0)
        d->at_top = 0;
}

void doc_rect(struct doc *d, double x, double y, double w, double h, uint32_t rgb)
{
    if (!d->drawing || d->status != STATUS_OK)
        return;
    cairo_save(d->cr);
    set_colour(d->cr, rgb);
    cairo_new_path(d->cr);
    cairo_rectangle(d->cr, x, y, w, h);
    cairo_fill(d->cr);
    cairo_restore(d->cr);
}

/* ---- paragraphs and headings ---------------------------------------------- */

void doc_text(struct doc *d, const char *text, const struct doc_font *f, double after)
{
    PangoLayout *layout;
    PangoLayoutIter *it;
    double total, shift;
    int nlines;

    if (d->status != STATUS_OK || text == NULL || text[0] == '\0')
        return;
    if (d->page == 0)
        doc_page(d, 0);
    layout = layout_new(d, text, f, DOC_WIDTH);
    total = layout_height(layout);
    nlines = pango_layout_get_line_count(layout);
    if (d->y + total > DOC_BOTTOM && (nlines <= 3 || total < 60))
        doc_need(d, total);
    else if (nlines > 3)
        doc_need(d, 2 * total / nlines);

    /* line by line, so that a long paragraph continues on the next page */
    it = pango_layout_get_iter(layout);
    shift = d->y;
    do {
        PangoRectangle logical;
        double top, h, base;

        pango_layout_iter_get_line_extents(it, NULL, &logical);
        top = (double)logical.y / PANGO_SCALE;
        h = (double)logical.height / PANGO_SCALE;
        if (shift + top + h > DOC_BOTTOM && !d->at_top) {
            doc_page(d, 0);
            shift = d->y - top;
        }
        base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        if (d->drawing) {
            cairo_save(d->cr);
            set_colour(d->cr, f->rgb);
            cairo_move_to(d->cr, DOC_LEFT + (double)logical.x / PANGO_SCALE, shift + base);
            pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
            cairo_new_path(d->cr);
            cairo_restore(d->cr);
        }
        d->y = shift + top + h;
        d->at_top = 0;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(layout);
    d->y += after;
}

void doc_para(struct doc *d, const char *text)
{
    struct doc_font f = doc_font_make(DOC_SIZE_BODY, CHART_INK);

    f.spacing = 1.5;
    doc_text(d, text, &f, PARA_AFTER);
}

void doc_bullet(struct doc *d, const char *text)
{
    struct doc_font f = doc_font_make(DOC_SIZE_BODY, CHART_INK);
    double h;

    if (d->status != STATUS_OK || text == NULL)
        return;
    f.spacing = 1.5;
    h = doc_text_height(d, text, &f, DOC_WIDTH - 14);
    doc_need(d, h);
    doc_text_at(d, DOC_LEFT + 2, d->y, 10, "\xe2\x80\xa2", &f);
    doc_text_at(d, DOC_LEFT + 14, d->y, DOC_WIDTH - 14, text, &f);
    d->y += h + 3;
    d->at_top = 0;
}

static struct doc_font heading_font(int level)
{
    struct doc_font f = doc_font_make(DOC_SIZE_BODY, CHART_INK);

    f.bold = 1;
    if (level <= 1)
        f.size = 16;
    else if (level == 2)
        f.size = 11.5;
    else
        f.size = 9.5;
    return f;
}

void doc_heading(struct doc *d, int level, const char *text, double keep)
{
    struct doc_font f = heading_font(level);
    double h, before = level <= 1 ? 20 : (level == 2 ? 10 : 6);

    if (d->status != STATUS_OK)
        return;
    h = doc_text_height(d, text, &f, DOC_WIDTH);
    if (level <= 1)
        h += 12;
    else
        h += 4;
    doc_need(d, before + h + keep);
    if (!d->at_top)
        d->y += before;
    doc_text_at(d, DOC_LEFT, d->y, DOC_WIDTH, text, &f);
    if (level <= 1) {
        double ry = d->y + h - 7;

        if (d->drawing) {
            cairo_save(d->cr);
            set_colour(d->cr, DOC_ACCENT);
            cairo_rectangle(d->cr, DOC_LEFT, ry, 36, 2.2);
            cairo_fill(d->cr);
            cairo_restore(d->cr);
            chart_line(d->cr, DOC_LEFT + 36, ry + 1.6, DOC_LEFT + DOC_WIDTH, ry + 1.6, 0.5,
                       CHART_GRID);
            cairo_pdf_surface_add_outline(d->surface, CAIRO_PDF_OUTLINE_ROOT, text,
                                          doc_printf(d, "page=%d", d->page), 0);
        }
    }
    d->y += h;
    d->at_top = 0;
}

/* ---- charts ---------------------------------------------------------------- */

void doc_chart(struct doc *d, const char *name, double h, chart_draw_fn *draw, const void *spec)
{
    char path[4096];
    int st;

    if (d->status != STATUS_OK)
        return;
    /* never taller than a page */
    if (h > DOC_BOTTOM - DOC_TOP)
        h = DOC_BOTTOM - DOC_TOP;
    doc_need(d, h);
    if (d->drawing) {
        draw(d->cr, DOC_LEFT, d->y, DOC_WIDTH, h, spec);
        if (d->meta->chart_dir != NULL && name != NULL) {
            if (str_fmt(path, sizeof path, "%s/%s.png", d->meta->chart_dir, name) != STATUS_OK) {
                doc_fail(d, err_set(STATUS_LIMIT, "chart path too long: %s", d->meta->chart_dir));
                return;
            }
            st = chart_write_png(path, DOC_WIDTH, h, 2, draw, spec);
            if (st == STATUS_OK)
                chmod(path, 0640);
            if (st == STATUS_OK) {
                str_fmt(path, sizeof path, "%s/%s.svg", d->meta->chart_dir, name);
                st = chart_write_svg(path, DOC_WIDTH, h, draw, spec);
                if (st == STATUS_OK)
                    chmod(path, 0640);
            }
            if (st != STATUS_OK) {
                doc_fail(d, st);
                return;
            }
        }
    }
    d->y += h + CHART_AFTER;
    d->at_top = 0;
}

/* ---- tables ---------------------------------------------------------------- */

struct doc_table *doc_table_new(struct doc *d, const struct doc_col *cols, size_t ncols)
{
    struct doc_table *t = NULL;
    double total = 0;

    if (d->status != STATUS_OK || ncols == 0)
        return NULL;
    t = calloc(1, sizeof *t);
    if (t == NULL)
        goto fail;
    t->d = d;
    t->ncols = ncols;
    t->cols = malloc(ncols * sizeof *t->cols);
    t->widths = malloc(ncols * sizeof *t->widths);
    if (t->cols == NULL || t->widths == NULL)
        goto fail;
    memcpy(t->cols, cols, ncols * sizeof *cols);
    for (size_t i = 0; i < ncols; i++)
        total += cols[i].width > 0 ? cols[i].width : 1;
    for (size_t i = 0; i < ncols; i++)
        t->widths[i] = (cols[i].width > 0 ? cols[i].width : 1) / total * DOC_WIDTH;
    return t;
fail:
    if (t != NULL) {
        free(t->cols);
        free(t->widths);
        free(t);
    }
    doc_fail(d, err_set(STATUS_NOMEM, "out of memory laying out a table"));
    return NULL;
}

static int table_grow_rows(struct doc_table *t)
{
    if (t->nrows == t->rows_cap) {
        size_t cap = t->rows_cap ? t->rows_cap * 2 : 32;
        int *g = realloc(t->group, cap * sizeof *g);

        if (g == NULL)
            return doc_fail(t->d, err_set(STATUS_NOMEM, "out of memory laying out a table"));
        t->group = g;
        t->rows_cap = cap;
    }
    if (t->ncells + t->ncols > t->cells_cap) {
        size_t cap = t->cells_cap ? t->cells_cap * 2 : 256;
        struct doc_cell *c;

        while (cap < t->ncells + t->ncols)
            cap *= 2;
        c = realloc(t->cells, cap * sizeof *c);
        if (c == NULL)
            return doc_fail(t->d, err_set(STATUS_NOMEM, "out of memory laying out a table"));
        t->cells = c;
        t->cells_cap = cap;
    }
    return STATUS_OK;
}

void doc_table_cell(struct doc_table *t, const char *text, enum doc_cell_style style)
{
    int new_row;

    if (t == NULL || t->d->status != STATUS_OK)
        return;
    new_row = t->nrows == 0 || t->col == t->ncols || t->group[t->nrows - 1];
    if (new_row) {
        if (table_grow_rows(t) != STATUS_OK)
            return;
        for (size_t i = 0; i < t->ncols; i++)
            t->cells[t->ncells + i] = (struct doc_cell){ "", DOC_CELL_PLAIN, 0 };
        t->ncells += t->ncols;
        t->group[t->nrows++] = 0;
        t->col = 0;
    }
    if (t->col >= t->ncols)
        return;
    t->cells[(t->nrows - 1) * t->ncols + t->col] =
        (struct doc_cell){ doc_strdup(t->d, text), style, 0 };
    t->col++;
}

void doc_table_cell2(struct doc_table *t, const char *main, const char *sub,
                     enum doc_cell_style style)
{
    const char *markup;

    if (t == NULL || t->d->status != STATUS_OK)
        return;
    if (sub == NULL || sub[0] == '\0') {
        doc_table_cell(t, main, style);
        return;
    }
    markup = doc_printf(t->d, "%s\n<span size=\"%d\" foreground=\"#%06X\">%s</span>",
                        doc_escape(t->d, main), (int)(DOC_SIZE_SMALL * 0.93 * PANGO_SCALE),
                        (unsigned)CHART_INK_SOFT, doc_escape(t->d, sub));
    doc_table_cell(t, markup, style);
    if (t->d->status == STATUS_OK)
        t->cells[(t->nrows - 1) * t->ncols + t->col - 1].markup = 1;
}

void doc_table_group(struct doc_table *t, const char *text)
{
    if (t == NULL || t->d->status != STATUS_OK)
        return;
    /* a group row closes any row in progress */
    t->col = t->ncols;
    doc_table_cell(t, text, DOC_CELL_BOLD);
    if (t->d->status == STATUS_OK)
        t->group[t->nrows - 1] = 1;
    t->col = t->ncols;
}

static struct doc_font cell_font(const struct doc_cell *cell, enum chart_align align)
{
    struct doc_font f = doc_font_make(DOC_SIZE_TABLE, CHART_INK);
    enum doc_cell_style style = cell->style;

    f.align = align;
    f.markup = cell->markup;
    if (style == DOC_CELL_BOLD)
        f.bold = 1;
    if (style == DOC_CELL_QUIET) {
        f.italic = 1;
        f.rgb = CHART_INK_SOFT;
    }
    return f;
}

static double header_height(struct doc *d, const struct doc_table *t)
{
    double h = 0;

    for (size_t c = 0; c < t->ncols; c++) {
        struct doc_font f = doc_font_make(DOC_SIZE_SMALL, CHART_INK_SOFT);
        double ch;

        f.bold = 1;
        f.align = t->cols[c].align;
        ch = doc_text_height(d, t->cols[c].title, &f, t->widths[c] - 2 * CELL_PAD_X);
        if (ch > h)
            h = ch;
    }
    return h + 2 * CELL_PAD_Y + 1;
}

static void header_row_draw(struct doc *d, const struct doc_table *t, double h)
{
    double x = DOC_LEFT;

    if (d->drawing) {
        cairo_save(d->cr);
        set_colour(d->cr, DOC_FILL);
        cairo_rectangle(d->cr, DOC_LEFT, d->y, DOC_WIDTH, h);
        cairo_fill(d->cr);
        cairo_restore(d->cr);
    }
    for (size_t c = 0; c < t->ncols; c++) {
        struct doc_font f = doc_font_make(DOC_SIZE_SMALL, CHART_INK_SOFT);

        f.bold = 1;
        f.align = t->cols[c].align;
        doc_text_at(d, x + CELL_PAD_X, d->y + CELL_PAD_Y, t->widths[c] - 2 * CELL_PAD_X,
                    t->cols[c].title, &f);
        x += t->widths[c];
    }
    if (d->drawing)
        chart_line(d->cr, DOC_LEFT, d->y + h, DOC_LEFT + DOC_WIDTH, d->y + h, 0.8, CHART_AXIS);
    d->y += h;
    d->at_top = 0;
}

static double row_height(struct doc *d, const struct doc_table *t, size_t r)
{
    const struct doc_cell *cells = &t->cells[r * t->ncols];
    double h = 0;

    if (t->group[r]) {
        struct doc_font f = cell_font(&cells[0], CHART_LEFT);

        return doc_text_height(d, cells[0].text, &f, DOC_WIDTH - 2 * CELL_PAD_X) + 2 * CELL_PAD_Y +
               2;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        struct doc_font f = cell_font(&cells[c], t->cols[c].align);
        double ch = doc_text_height(d, cells[c].text, &f, t->widths[c] - 2 * CELL_PAD_X);

        if (ch > h)
            h = ch;
    }
    if (h == 0)
        h = chart_line_height(d->cr, DOC_SIZE_TABLE);
    return h + 2 * CELL_PAD_Y;
}

static void row_draw(struct doc *d, const struct doc_table *t, size_t r, double h)
{
    const struct doc_cell *cells = &t->cells[r * t->ncols];
    double x = DOC_LEFT;

    if (t->group[r]) {
        struct doc_font f = cell_font(&cells[0], CHART_LEFT);

        if (d->drawing) {
            cairo_save(d->cr);
            set_colour(d->cr, chart_tint(DOC_ACCENT, 0.9));
            cairo_rectangle(d->cr, DOC_LEFT, d->y, DOC_WIDTH, h);
            cairo_fill(d->cr);
            cairo_restore(d->cr);
        }
        doc_text_at(d, DOC_LEFT + CELL_PAD_X, d->y + CELL_PAD_Y + 1, DOC_WIDTH - 2 * CELL_PAD_X,
                    cells[0].text, &f);
    } else {
        for (size_t c = 0; c < t->ncols; c++) {
            struct doc_font f = cell_font(&cells[c], t->cols[c].align);

            doc_text_at(d, x + CELL_PAD_X, d->y + CELL_PAD_Y, t->widths[c] - 2 * CELL_PAD_X,
                        cells[c].text, &f);
            x += t->widths[c];
        }
    }
    if (d->drawing)
        chart_line(d->cr, DOC_LEFT, d->y + h, DOC_LEFT + DOC_WIDTH, d->y + h, 0.4, CHART_GRID);
    d->y += h;
    d->at_top = 0;
}

static void table_free(struct doc_table *t)
{
    if (t == NULL)
        return;
    free(t->cols);
    free(t->widths);
    free(t->cells);
    free(t->group);
    free(t);
}

/* The widest line of a cell's text, unwrapped. */
static double cell_natural(struct doc *d, const struct doc_cell *cell)
{
    struct doc_font f = cell_font(cell, CHART_LEFT);
    PangoLayout *layout;
    PangoRectangle logical;

    if (cell->text == NULL || cell->text[0] == '\0')
        return 0;
    layout = layout_new(d, cell->text, &f, 0);
    pango_layout_get_extents(layout, NULL, &logical);
    g_object_unref(layout);
    return (double)logical.width / PANGO_SCALE;
}

/*
 * Column widths as a browser lays out an automatic table: a column whose
 * widest cell is short (a number, an interval, "fewer than 5") gets room
 * for it on one line; the columns of longer text share what is left by
 * their relative widths. Without room for that, the relative widths stand.
 */
static void table_fit(struct doc *d, struct doc_table *t)
{
    enum { MAXCOLS = 32 };
    const double cap = 84, pad = 2 * CELL_PAD_X + 1;
    double nat[MAXCOLS], fixed = 0, weights = 0, all_nat = 0;
    int flex[MAXCOLS];

    if (t->ncols > MAXCOLS)
        return;
    /* a header may wrap between its words, never inside one */
    for (size_t c = 0; c < t->ncols; c++) {
        struct doc_font f = doc_font_make(DOC_SIZE_SMALL, CHART_INK_SOFT);
        const char *h = t->cols[c].title != NULL ? t->cols[c].title : "";
        char word[128];

        f.bold = 1;
        nat[c] = 0;
        while (*h != '\0') {
            size_t n = strcspn(h, " ");
            double w;

            if (n > 0 && n < sizeof word) {
                memcpy(word, h, n);
                word[n] = '\0';
                w = doc_text_width(d, word, &f);
                if (w > nat[c])
                    nat[c] = w;
            }
            h += n;
            h += strspn(h, " ");
        }
    }
    for (size_t r = 0; r < t->nrows; r++) {
        if (t->group[r])
            continue;
        for (size_t c = 0; c < t->ncols; c++) {
            double w = cell_natural(d, &t->cells[r * t->ncols + c]);

            if (w > nat[c])
                nat[c] = w;
        }
    }
    for (size_t c = 0; c < t->ncols; c++) {
        double wt = t->cols[c].width > 0 ? t->cols[c].width : 1;

        all_nat += nat[c] + pad;
        flex[c] = nat[c] > cap;
        if (flex[c])
            weights += wt;
        else
            fixed += nat[c] + pad;
    }
    if (all_nat <= DOC_WIDTH) {
        /* everything fits on one line: share the rest by weight */
        double total = 0;

        for (size_t c = 0; c < t->ncols; c++)
            total += t->cols[c].width > 0 ? t->cols[c].width : 1;
        for (size_t c = 0; c < t->ncols; c++)
            t->widths[c] = nat[c] + pad + (DOC_WIDTH - all_nat) *
                                              (t->cols[c].width > 0 ? t->cols[c].width : 1) / total;
        return;
    }
    if (weights == 0 || DOC_WIDTH - fixed < 60 * (weights > 0 ? 1 : 0) + 40)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        double wt = t->cols[c].width > 0 ? t->cols[c].width : 1;

        t->widths[c] = flex[c] ? (DOC_WIDTH - fixed) * wt / weights : nat[c] + pad;
    }
}

void doc_table_end(struct doc *d, struct doc_table *t)
{
    double hh, first;

    if (t == NULL)
        return;
    if (d->status != STATUS_OK || t->nrows == 0)
        goto out;
    table_fit(d, t);
    hh = header_height(d, t);
    first = row_height(d, t, 0);
    if (t->nrows > 1 && t->group[0])
        first += row_height(d, t, 1);
    doc_need(d, hh + first);
    header_row_draw(d, t, hh);
    for (size_t r = 0; r < t->nrows && d->status == STATUS_OK; r++) {
        double h = row_height(d, t, r), need = h;

        if (t->group[r] && r + 1 < t->nrows)
            need += row_height(d, t, r + 1);
        if (d->y + need > DOC_BOTTOM) {
            doc_page(d, 0);
            header_row_draw(d, t, hh);
        }
        row_draw(d, t, r, h);
    }
    d->y += 10;
out:
    table_free(t);
}

/* ---- rendering ------------------------------------------------------------- */

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
    (void)closure;
    (void)data;
    (void)len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    if (buf_append(closure, data, len) != STATUS_OK)
        return CAIRO_STATUS_WRITE_ERROR;
    return CAIRO_STATUS_SUCCESS;
}

/* Write len bytes to path (mode 0640), removing the file when that fails. */
static int file_write(const char *path, const char *data, size_t len)
{
    int fd, st = STATUS_OK;
    size_t done = 0;

    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (fd < 0)
        return err_set(STATUS_IO, "write %s: %s", path, strerror(errno));
    if (fchmod(fd, 0640) != 0) {
        st = err_set(STATUS_IO, "write %s: %s", path, strerror(errno));
        goto out;
    }
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            st = err_set(STATUS_IO, "write %s: %s", path, n < 0 ? strerror(errno) : "disk full");
            goto out;
        }
        done += (size_t)n;
    }
out:
    if (close(fd) != 0 && st == STATUS_OK)
        st = err_set(STATUS_IO, "write %s: %s", path, strerror(errno));
    if (st != STATUS_OK)
        unlink(path);
    return st;
}

static void set_metadata(cairo_surface_t *s, const struct doc_meta *meta)
{
    char day[DATE_TEXT_SIZE], when[32];

    date_format(meta->as_of, day);
    snprintf(when, sizeof when, "%sT00:00:00Z", day);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, when);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, when);
    if (meta->title != NULL)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, meta->title);
    if (meta->subject != NULL)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
    if (meta->author != NULL) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, meta->author);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, meta->author);
    }
}

/* One pass of the build function onto a fresh surface writing to `out`. */
static int run_pass(struct doc *d, doc_build_fn *build, void *ctx, cairo_write_func_t write,
                    void *closure)
{
    cairo_status_t cs;
    int st;

    d->surface = cairo_pdf_surface_create_for_stream(write, closure, DOC_PAGE_W, DOC_PAGE_H);
    if (d->drawing)
        set_metadata(d->surface, d->meta);
    d->cr = cairo_create(d->surface);
    d->page = 0;
    d->y = DOC_TOP;
    d->at_top = 1;
    st = build(d, ctx);
    if (st == STATUS_OK)
        st = d->status;
    if (st == STATUS_OK && d->page == 0)
        doc_page(d, 0);
    if (st == STATUS_OK)
        page_end(d);
    cs = cairo_status(d->cr);
    cairo_destroy(d->cr);
    d->cr = NULL;
    cairo_surface_finish(d->surface);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(d->surface);
    cairo_surface_destroy(d->surface);
    d->surface = NULL;
    arena_free(d);
    if (st == STATUS_OK && cs != CAIRO_STATUS_SUCCESS)
        st = err_set(cs == CAIRO_STATUS_NO_MEMORY ? STATUS_NOMEM : STATUS_RENDER, "render %s: %s",
                     d->meta->path, cairo_status_to_string(cs));
    return st;
}

int doc_render(const struct doc_meta *meta, doc_build_fn *build, void *ctx)
{
    struct doc d;
    struct buf pdf = { 0 };
    int st, pages;

    memset(&d, 0, sizeof d);
    d.meta = meta;
    st = run_pass(&d, build, ctx, discard, NULL);
    if (st != STATUS_OK)
        goto out;
    pages = d.page;
    memset(&d, 0, sizeof d);
    d.meta = meta;
    d.drawing = 1;
    d.pages = pages;
    st = run_pass(&d, build, ctx, to_buf, &pdf);
    if (st != STATUS_OK)
        goto out;
    if (d.page != pages) {
        st = err_set(STATUS_INTERNAL, "%s: %d pages measured, %d drawn", meta->path, pages, d.page);
        goto out;
    }
    st = file_write(meta->path, pdf.data, pdf.len);
out:
    buf_free(&pdf);
    return st;
}
