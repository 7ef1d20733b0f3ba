/*
 * figures.h: the table of figures (SPEC section 3), which every report,
 * chart, workbook sheet and output file reads.
 *
 * One record per figure. Text fields point into the table's own string pool
 * (never NULL: "" for an empty field). Number fields hold NAN where the field
 * is empty; the writers turn NAN (and any non-finite value) into an empty CSV
 * field or a JSON null, never a number. A suppressed record (SPEC section 4)
 * keeps its text fields and has every number NAN.
 *
 * Besides the records, the table carries the Kaplan-Meier step tables behind
 * the retention figures (the survival curves of the reports and the
 * Retention sheet), for the scopes a report draws: dimension none, each
 * cohort and "all", each role and the comparison group. A curve whose group
 * is suppressed has no steps.
 */
#ifndef FLIPSIDE_PIPELINE_FIGURES_H
#define FLIPSIDE_PIPELINE_FIGURES_H

#include <stddef.h>
#include <stdio.h>

#include "common/map.h"

struct figure {
    const char *key;        /* "retention.s12", ... */
    const char *programme;
    const char *cohort;     /* a cohort code or "all" */
    const char *versus;     /* the other cohort, "non-participants", or "" */
    const char *role;       /* "all", "mentor", "mentee", "non-participant" */
    const char *dimension;  /* "none", "gender", ..., "channel", "topic", "wave", "kind" */
    const char *group;      /* a value of the dimension, or "all" */
    const char *item;       /* an item code, or "" */
    const char *month;      /* "YYYY-MM", or "" */
    double n, events;
    double estimate, lower, upper;
    double statistic, df, p, p_adj;
    int suppressed;
    double people;          /* the count disclosure control judges (SPEC rules 39-40); NAN for */
                            /* figures that are never suppressed; not written out */
};

/* One Kaplan-Meier step table. Arrays have `steps` entries, owned by the table. */
struct figcurve {
    const char *cohort;     /* a cohort code or "all" */
    const char *role;       /* "all" (participants), "mentor", "mentee", "non-participant" */
    int suppressed;         /* fewer people than min_cell: no steps */
    double n, events;       /* NAN when suppressed */
    size_t steps;
    double *time;           /* days since origin */
    double *n_risk, *n_event, *n_censor;
    double *surv, *lower, *upper;  /* lower/upper NAN where S is 1 or 0 */
};

struct figtable {
    struct figure *rows;
    size_t len, cap;
    struct figcurve *curves;
    size_t ncurves, curves_cap;
    struct map pool_index;  /* string -> index into pool */
    char **pool;
    size_t npool, pool_cap;
};

/* The fields of a record, in the order of figures.csv. */
extern const char *const FIGURE_FIELDS[];
enum { FIGURE_NFIELDS = 19 };

/* A record with every text field "" and every number NAN, not suppressed. */
void figure_blank(struct figure *f);

/* Withhold a record (SPEC section 4): suppressed, and every value field empty, n included. */
void figure_withhold(struct figure *f);

/*
 * Add a copy of `f` (its strings are copied into the pool; NULL counts as
 * ""). STATUS_NOMEM on failure.
 */
int figtable_add(struct figtable *t, const struct figure *f);

/*
 * Add a curve: the arrays are copied. `steps` may be 0. STATUS_NOMEM on
 * failure.
 */
int figtable_add_curve(struct figtable *t, const struct figcurve *c);

/* A string from the pool equal to `s` (added when new); NULL on allocation failure. */
const char *figtable_intern(struct figtable *t, const char *s);

/*
 * The record with these fields, or NULL. NULL arguments match "" (versus,
 * item, month) and are convenient for figures without them.
 */
const struct figure *figtable_find(const struct figtable *t, const char *key, const char *cohort,
                                   const char *versus, const char *role, const char *dimension,
                                   const char *group, const char *item, const char *month);

/* The curve of a cohort and role, or NULL. */
const struct figcurve *figtable_curve(const struct figtable *t, const char *cohort, const char *role);

/*
 * Put the records in the documented order: the key's place in the catalogue
 * of SPEC section 3 (unknown keys last), then cohort ("all" first, then the
 * order given by `cohorts`, an array of `ncohorts` codes, e.g. by start
 * date), versus (same
 * order, "non-participants" last), role (all, mentor, mentee,
 * non-participant), dimension (none, gender, ethnicity, age_band, grade,
 * network, department, org, channel, topic, wave, kind), group ("all" first,
 * then byte order), item (byte order), month.
 */
void figtable_sort(struct figtable *t, const char *const *cohorts, size_t ncohorts);

/* Write the records as CSV with a header row (SPEC section 3 and rule 42). */
int figtable_write_csv(const struct figtable *t, FILE *out);

/* Write the records as a JSON array of objects, null for empty fields. */
int figtable_write_json(const struct figtable *t, FILE *out);

/* Format a number as the writers do: %.17g, integers as integers, -0 as 0, "" for NAN. */
void figure_number(double x, char *out, size_t size);

/* Release everything; the table is empty and usable afterwards. NULL is fine. */
void figtable_free(struct figtable *t);

#endif
