/*
 * compute.h: the figures of one period (SPEC section 3), computed from the
 * model (pipeline/model.h) on stats/, with disclosure control (section 4).
 *
 * compute_figures() fills a table in four steps: every figure whose value
 * does not depend on what is shown; disclosure control over all of them;
 * the tests that use only the groups shown (retention.logrank with Holm,
 * SPEC rule 19) and Benjamini-Hochberg over the items shown (rule 28); the
 * documented order (figtable_sort).
 *
 * The compute_*.c files share the context below; each adds the figures of
 * one section of the spec.
 */
#ifndef FLIPSIDE_PIPELINE_COMPUTE_H
#define FLIPSIDE_PIPELINE_COMPUTE_H

#include <stddef.h>
#include <stdint.h>

#include "pipeline/figures.h"
#include "pipeline/model.h"

enum scope_role { SR_ALL, SR_MENTOR, SR_MENTEE, SR_NONPARTICIPANT, NSCOPE_ROLES };
extern const char *const SCOPE_ROLE_NAMES[NSCOPE_ROLES];

struct compute_options {
    int32_t as_of;            /* nothing dated after it counts */
    int voluntary_only;       /* retention_events = voluntary (rule 21) */
    int min_cell;             /* at least 3 */
    int headline;             /* only cohort all, role all, dimension none (the previous period) */
};

struct pool;

struct compute {
    const struct model *m;
    const struct engagement *eng;
    struct figtable *t;
    struct compute_options opt;
    size_t ncohorts;          /* the cohorts started by the as-of date: a prefix of m->cohorts */
    struct pool *pool;        /* worker threads for the Cox fits (NULL: fit in this thread) */
    void **jobs;              /* the Cox fits handed out, in order */
    size_t njobs, jobs_cap;
};

/* Fill `t` with the figures of the model as of opt->as_of, with engagement `eng`. */
int compute_figures(const struct model *m, const struct engagement *eng, const struct compute_options *opt,
                    struct figtable *t);

/*
 * The same in three steps, so that each can run as soon as its data are
 * read: compute_begin() the retention section, which needs the roster only;
 * compute_surveys() the survey section, once the answers are read too;
 * compute_finish() the rest (engagement needs the sessions), the disclosure
 * control, the tests over what is shown and the order. `cx` is the caller's.
 */
int compute_begin(struct compute *cx, const struct model *m, const struct compute_options *opt, struct figtable *t);
int compute_finish(struct compute *cx, const struct engagement *eng);

/* Scopes: index ncohorts is the pooled scope "all". */
const char *compute_cohort_code(const struct compute *cx, size_t c);

/* 1 when the person is in the run's org (or the run is for every org). */
int compute_in_org(const struct compute *cx, int32_t person);

/*
 * The earliest participation of each person (an index into m->parts, or -1)
 * in the started cohorts by the as-of date (rule 3: ties by the earlier
 * cohort start, then the cohort code). The caller frees the array; NULL when
 * out of memory.
 */
int32_t *compute_earliest(const struct compute *cx);

/* A blank record of `key` for a scope; the caller fills the numbers. */
struct figure compute_figure(const struct compute *cx, const char *key, size_t cohort, const char *versus,
                             const char *role, const char *dimension, const char *group);

/* Add a record, with `people` the count that disclosure control judges (NAN: never suppressed). */
int compute_add(struct compute *cx, struct figure *f, double people);

/* ---- The sections (compute_*.c) ---- */

/*
 * A person's follow-up for retention: time in days from origin and whether
 * it ended in an event (SPEC 3.1, rules 8, 15, 21).
 */
struct follow {
    int32_t person;
    int32_t origin;
    double time;
    int event;
    uint8_t role;             /* ROLE_MENTOR, ROLE_MENTEE, or ROLE_NONE for the comparison group */
};

/*
 * The follow-ups of scope `c`: its participants (role all: mentors and
 * mentees) and its comparison group, each person once. The caller frees
 * both arrays.
 */
int retention_follow(const struct compute *cx, size_t c, struct follow **part, size_t *npart,
                     struct follow **comp, size_t *ncomp);

/*
 * Two groups' retention compared (rule 18), into f: S12(a) - S12(b) with the
 * interval from the two Greenwood variances, and the two-group log-rank test
 * (empty when a side has nobody). Times in ascending order.
 */
int retention_contrast(const double *ta, const int *ea, size_t na, const double *tb, const int *eb, size_t nb,
                       struct figure *f);

int compute_retention(struct compute *cx);
int compute_surveys(struct compute *cx);
int compute_surveys_adjust(struct compute *cx);
int compute_engagement(struct compute *cx);
int compute_compare(struct compute *cx);
int compute_quality(struct compute *cx);

/*
 * A survey unit of a scope: a person, the slot whose answers count and the
 * role (ROLE_NONE for someone who answered without taking part, rule 14).
 */
struct survey_unit {
    int32_t person;
    int32_t slot;
    uint8_t role;
};

/* The survey units of scope `c` (rule 3 for "all"); the caller frees the array. */
int survey_units(const struct compute *cx, size_t c, struct survey_unit **units, size_t *n);

/* A person's confidence score in a wave (rule 22), NAN when too few answers. */
double survey_confidence(const struct compute *cx, int32_t slot, int wave);

/* A person's satisfaction score (rule 23), NAN when none. */
double survey_satisfaction(const struct compute *cx, int32_t slot);

/* A person's NPS answer (rule 24), NAN when none. */
double survey_nps(const struct compute *cx, int32_t slot);

/* Disclosure control over the whole table (SPEC section 4, rules 39-41). */
void disclosure_apply(struct figtable *t, int min_cell);

/*
 * The rule of disclosure_apply() for one breakdown held apart: the people
 * counts of its groups, in byte order of the group names, and into
 * shown[i] 1 for a group that stays shown, 0 for one withheld (primary or
 * secondary). The retention figures use it to test only the groups shown.
 */
void disclosure_groups(const double *people, size_t n, int min_cell, int *shown);

#endif
