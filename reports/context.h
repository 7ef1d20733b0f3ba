/*
 * context.h: what the three documents and the workbook share: an index over
 * the table of figures (this period and the previous one), the words for
 * codes (dimensions, roles, cohorts, items, channels, waves), and the
 * figure-to-text rules (suppressed, empty, a value and its interval).
 *
 * Figures are picked exactly as SPEC section 3 defines their scope: key,
 * cohort, versus, role, dimension, group, item, month. A picked figure is
 * NULL when the table has no such record.
 */
#ifndef FLIPSIDE_REPORTS_CONTEXT_H
#define FLIPSIDE_REPORTS_CONTEXT_H

#include <stddef.h>

#include "common/map.h"
#include "pipeline/figures.h"
#include "reports/format.h"
#include "reports/report.h"

struct report_figs {
    const struct figtable *t;   /* may be NULL: nothing is found */
    struct map index;
};

struct report_ctx {
    const struct report_input *in;
    const char *dir;
    struct report_figs now, prev;
    char fewer[32];             /* "fewer than 5" */
    char period_text[160];      /* "2026-Q3 (1 July to 30 September 2026)" */
    char as_of_text[40];        /* "30 September 2026" */
    char previous_text[40];     /* "2026-Q2", or "the previous period" */
    double conf_min, conf_max;  /* the confidence items' scale (1 to 5 unless the items say) */
    double sat_min, sat_max;    /* the satisfaction items' scale */
    const char *pilot;          /* the code of the first pilot cohort, or NULL */
};

/* Index the figures of `in` for reading. STATUS_NOMEM on failure; close it either way. */
int report_ctx_open(struct report_ctx *c, const struct report_input *in, const char *dir);
void report_ctx_close(struct report_ctx *c);

/* The record with exactly these fields, or NULL (NULL arguments match ""). */
const struct figure *report_get(const struct report_figs *f, const char *key, const char *cohort,
                                const char *versus, const char *role, const char *dimension,
                                const char *group, const char *item, const char *month);

/* Shorthand for dimension "none", group "all", no versus, item or month. */
const struct figure *report_top(const struct report_figs *f, const char *key, const char *cohort,
                                const char *role);

/*
 * The groups of one breakdown (key, cohort, versus, role, dimension), in
 * the table's order with "unknown" last; at most `max` of them into `out`
 * (the strings are the table's). Returns how many there are.
 */
size_t report_groups(const struct report_figs *f, const char *key, const char *cohort,
                     const char *versus, const char *role, const char *dimension,
                     const char **out, size_t max);

/* 1 when the figure is there, not suppressed and has a finite estimate. */
int report_has(const struct figure *f);

/* 1 when the figure is there and suppressed. */
int report_hidden(const struct figure *f);

/* ---- words ------------------------------------------------------------------ */

/* The demographic dimensions of SPEC section 3, in order, NULL-terminated. */
extern const char *const REPORT_DIMENSIONS[];

const char *report_dimension_label(const char *dimension);  /* "Age band" */
const char *report_role_label(const char *role);            /* "Mentors" */
const char *report_group_label(const char *group);          /* "unknown" -> "Not recorded" */
const char *report_channel_label(const char *channel);      /* "in_person" -> "In person" */
const char *report_wave_label(const char *wave);            /* "exit" -> "Exit" */
const char *report_kind_label(const char *kind);            /* "sessions" -> "Sessions" */

/* The cohort with this code, or NULL. */
const struct report_cohort *report_cohort_of(const struct report_ctx *c, const char *code);

/* "F1" or "F1 (Wave 1 – autumn 2024)"; "All cohorts" for "all". */
void report_cohort_label(const struct report_ctx *c, const char *code, int with_name, char *out,
                         size_t size);

/* The item's text, or its code when it has none. */
const char *report_item_label(const struct report_ctx *c, const char *code);

/* 1 when the item is scored in reverse (worded negatively). */
int report_item_reversed(const struct report_ctx *c, const char *code);

/* The codes of the items of one construct in the order given, at most max. */
size_t report_items_of(const struct report_ctx *c, const char *construct, const char **out,
                       size_t max);

/* The scale of a construct, from its items ("1 to 5"). */
void report_scale_text(double lo, double hi, char *out, size_t size);

/* The sentence that explains suppression, with the configured min_cell. */
const char *report_suppression_note(const struct report_ctx *c, char *out, size_t size);

#endif
