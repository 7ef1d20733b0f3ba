/*
 * doc.h: the page layout under the PDF reports: A4 pages with margins, a
 * running header and footer ("page x of y", "contains no individual data"),
 * and a cursor that flows headings, paragraphs, tables and charts down the
 * page and onto the next one.
 *
 * A document is described by a build function that calls the doc_* functions
 * below from top to bottom. doc_render() calls it twice: once to measure
 * (nothing is drawn, nothing is written; it counts the pages) and once to
 * draw, so that every footer knows the page count. The build function must
 * therefore do the same thing both times.
 *
 * Errors are sticky, as in cairo: the first failure (out of memory, a chart
 * file that cannot be written) is kept in the doc, later calls do nothing,
 * and doc_render() returns it. Text is UTF-8 and laid out by pango in the
 * charts' pinned font with the charts' font options, so that a line takes
 * the same room when measured and when drawn.
 *
 * Strings handed to the doc are copied or used before the call returns;
 * doc_printf() and doc_strdup() give strings that live until the end of the
 * pass, for building tables.
 */
#ifndef FLIPSIDE_REPORTS_DOC_H
#define FLIPSIDE_REPORTS_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "charts/chart.h"

/* A4 in points, and the content box. */
#define DOC_PAGE_W 595.2756
#define DOC_PAGE_H 841.8898
#define DOC_LEFT 56.0
#define DOC_WIDTH (DOC_PAGE_W - 2 * DOC_LEFT)
#define DOC_TOP 72.0
#define DOC_BOTTOM (DOC_PAGE_H - 58.0)

/* Text sizes in points. */
#define DOC_SIZE_BODY 9.5
#define DOC_SIZE_TABLE 8.0
#define DOC_SIZE_SMALL 7.5

/* The accent colour of rules and titles (Okabe-Ito blue). */
#define DOC_ACCENT 0x0072B2
#define DOC_FILL 0xF2F4F6

struct doc;

struct doc_meta {
    const char *path;           /* the PDF file to write */
    const char *chart_dir;      /* where NAME.png and NAME.svg go; NULL: nowhere */
    const char *title;          /* PDF title */
    const char *subject;        /* PDF subject */
    const char *author;         /* PDF author and creator: "flipside 0.1.0" */
    const char *header_left;    /* running header, left and right */
    const char *header_right;
    const char *footer_left;    /* running footer, left: "Contains no individual data" */
    int32_t as_of;              /* day number: the PDF's creation and modification date */
};

typedef int doc_build_fn(struct doc *d, void *ctx);

/*
 * Build the document twice (measure, then draw) and write it to meta->path
 * (mode 0640, replaced whole; a failed write removes the file). Returns
 * STATUS_OK, the build function's status, or the doc's first error; the
 * message names the file.
 */
int doc_render(const struct doc_meta *meta, doc_build_fn *build, void *ctx);

/* The doc's first error, STATUS_OK while there is none. */
int doc_status(const struct doc *d);

/* Record an error (the first one is kept) and return it. */
int doc_fail(struct doc *d, int status);

/* ---- strings that live until the end of the pass ------------------------ */

const char *doc_strdup(struct doc *d, const char *s);
const char *doc_printf(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* `n` bytes (8-byte aligned, zeroed) that live until the end of the pass;
 * NULL when out of memory (recorded in the doc). */
void *doc_alloc(struct doc *d, size_t n);

/* `s` with pango markup characters escaped, for use inside markup. */
const char *doc_escape(struct doc *d, const char *s);

/* ---- pages --------------------------------------------------------------- */

/* Start a new page (the first call starts page 1). A cover page has no
 * running header. */
void doc_page(struct doc *d, int cover);

/* Start a new page unless at least `h` points are left on this one. */
void doc_need(struct doc *d, double h);

/* Points left below the cursor on this page. */
double doc_room(const struct doc *d);

/* The cursor (the y of the next block), and moving it down. */
double doc_y(const struct doc *d);
void doc_space(struct doc *d, double h);

/* A filled rectangle (drawn in the drawing pass only), e.g. under a box of text. */
void doc_rect(struct doc *d, double x, double y, double w, double h, uint32_t rgb);

/* ---- text ---------------------------------------------------------------- */

struct doc_font {
    double size;                /* 0: DOC_SIZE_BODY */
    int bold, italic;
    uint32_t rgb;
    enum chart_align align;
    int markup;                 /* 1: the text is pango markup */
    double spacing;             /* extra points between lines */
};

/* A plain font of this size and colour. */
struct doc_font doc_font_make(double size, uint32_t rgb);

/* The height `text` takes wrapped at `width`. */
double doc_text_height(struct doc *d, const char *text, const struct doc_font *f, double width);

/* The width of `text` on one line. */
double doc_text_width(struct doc *d, const char *text, const struct doc_font *f);

/* Draw `text` wrapped at `width` with its top at (x, y), wherever that is;
 * returns its height. Drawn only in the drawing pass. */
double doc_text_at(struct doc *d, double x, double y, double width, const char *text,
                   const struct doc_font *f);

/*
 * A paragraph at the cursor across the content width, followed by `after`
 * points. A paragraph that does not fit is split between lines onto the
 * next page, keeping at least two lines together.
 */
void doc_text(struct doc *d, const char *text, const struct doc_font *f, double after);

/* A body paragraph (DOC_SIZE_BODY, ink) with the usual space after. */
void doc_para(struct doc *d, const char *text);

/* A bulleted paragraph. */
void doc_bullet(struct doc *d, const char *text);

/*
 * A heading, level 1 (page title, with an accent rule and a PDF outline
 * entry), 2 (section) or 3 (sub-section). It moves to a new page unless the
 * heading and the next `keep` points fit, so that no heading is left alone
 * at the foot of a page.
 */
void doc_heading(struct doc *d, int level, const char *text, double keep);

/* ---- charts -------------------------------------------------------------- */

/*
 * A chart of height h across the content width at the cursor (a new page
 * when it does not fit), drawn as vectors; in the drawing pass it is also
 * written to CHART_DIR/NAME.png (at 2x) and CHART_DIR/NAME.svg.
 */
void doc_chart(struct doc *d, const char *name, double h, chart_draw_fn *draw, const void *spec);

/* ---- tables -------------------------------------------------------------- */

enum doc_cell_style {
    DOC_CELL_PLAIN = 0,
    DOC_CELL_BOLD,
    DOC_CELL_QUIET      /* italic, faint: "fewer than 5", "no estimate" */
};

struct doc_col {
    const char *title;          /* header text; may wrap onto two lines */
    double width;               /* relative widths, scaled to the table width */
    enum chart_align align;
};

struct doc_table;

/* A table of `ncols` columns (the array is copied). NULL when out of memory
 * (recorded in the doc; the other table calls accept NULL). */
struct doc_table *doc_table_new(struct doc *d, const struct doc_col *cols, size_t ncols);

/* Add the next cell, left to right, row after row; the text is copied. */
void doc_table_cell(struct doc_table *t, const char *text, enum doc_cell_style style);

/* A cell of a main text with, under it, a smaller grey line (an interval);
 * `sub` may be NULL or "". */
void doc_table_cell2(struct doc_table *t, const char *main, const char *sub,
                     enum doc_cell_style style);

/* A row spanning every column, in bold on a tint: a group heading. */
void doc_table_group(struct doc_table *t, const char *text);

/*
 * Lay the table out at the cursor, breaking between rows onto new pages
 * with the header repeated; a group heading is never left at the foot of a
 * page. Frees the table.
 */
void doc_table_end(struct doc *d, struct doc_table *t);

#endif
