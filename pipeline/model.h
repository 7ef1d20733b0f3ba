/*
 * model.h: what a run reads from the database, held compactly in memory.
 *
 * One person a row of small integers (demographic values as codes into a
 * dictionary per dimension), one participation a row, and one survey slot per
 * person and cohort with the answers to the confidence, satisfaction and NPS
 * items by wave. The sessions are never held: they are streamed once and
 * aggregated per pair for the period and the previous one together
 * (model_engagement_read). Everything is read once, for the run's as-of
 * date; a second, earlier as-of date (the previous period) is evaluated from
 * the same data by comparing dates.
 */
#ifndef FLIPSIDE_PIPELINE_MODEL_H
#define FLIPSIDE_PIPELINE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "common/map.h"

struct db;

#define NO_DATE INT32_MAX

/* The demographic dimensions of SPEC section 3, in the order of figures. */
enum dim { DIM_GENDER, DIM_ETHNICITY, DIM_AGE_BAND, DIM_GRADE, DIM_NETWORK, DIM_DEPARTMENT, DIM_ORG, NDIMS };
extern const char *const DIM_NAMES[NDIMS];

enum leave_reason { LEAVE_NONE, LEAVE_VOLUNTARY, LEAVE_OTHER_REASON };
enum role { ROLE_MENTOR, ROLE_MENTEE, ROLE_NONE };
enum wave { WAVE_BASELINE, WAVE_MIDPOINT, WAVE_EXIT, WAVE_FOLLOWUP, NWAVES };
extern const char *const WAVE_NAMES[NWAVES];
/* The waves whose answers are kept (baseline, midpoint, exit); follow-up answers count for response rates only. */
#define MODEL_WAVES 3
enum construct { CONSTRUCT_CONFIDENCE, CONSTRUCT_SATISFACTION, CONSTRUCT_NPS, CONSTRUCT_OTHER };

/* The values of one dimension; a blank value is the group "unknown" (SPEC rule 6). */
struct dict {
    char **names;
    size_t n, cap;
    struct map index;
};

struct person {
    int32_t hired;
    int32_t left;           /* NO_DATE while employed */
    int32_t first_enrolled; /* earliest enrolled_on in the programme, NO_DATE if none (rule 2) */
    uint8_t reason;         /* enum leave_reason */
    uint16_t dim[NDIMS];    /* codes into model.dims */
};

struct participation {
    int32_t person;
    int32_t cohort;         /* index into model.cohorts */
    int32_t enrolled;
    uint8_t role;           /* ROLE_MENTOR or ROLE_MENTEE */
};

struct cohort {
    char *code, *kind, *name;
    int32_t starts, ends;   /* ends NO_DATE when open */
};

struct item {
    char *code, *text;
    int construct;          /* enum construct */
    double min, max;
    int reverse;
    int slot;               /* column in a survey slot, or -1 when not tracked */
};

/*
 * The answers of one person in one cohort: values[wave * ntracked + column]
 * for the first MODEL_WAVES waves (NAN when none) with the day each was
 * submitted, and the first day of any answer in each wave (for response
 * rates).
 */
struct slot {
    int32_t person;
    int32_t cohort;
    int32_t first_answer[NWAVES];
};

struct model {
    char programme[128];
    int32_t as_of;
    const char *org;            /* NULL for every org */
    int org_code;               /* the org's code in dims[DIM_ORG], -1 when absent */
    struct cohort *cohorts;     /* started by as_of, by start date then code */
    size_t ncohorts;
    struct item *items;         /* every item, by code */
    size_t nitems;
    size_t ntracked;            /* items of the confidence, satisfaction and nps constructs */
    struct dict dims[NDIMS];
    struct person *people;
    size_t npeople;
    struct map person_index;    /* person_ref -> index */
    struct participation *parts;/* in started cohorts, enrolled by as_of */
    size_t nparts, parts_cap;
    struct slot *slots;
    size_t nslots, slots_cap;
    double *values;             /* nslots * MODEL_WAVES * ntracked */
    int32_t *dates;             /* same shape */
    struct map slot_index;      /* (cohort, person) -> slot */
    long quarantined[7];        /* by input kind, in the order of SPEC section 2 */
    long input_rows[7];         /* rows read of each kind: the run's input (manifest.json) */
};

/*
 * Read the roster part of the model of `programme` as of `as_of` (the
 * transaction and its parameters are set): cohorts, items, people,
 * participations and the quarantine counts.
 */
int model_read_roster(struct db *db, struct model *m);

/*
 * Read the survey answers into the slots; needs the roster. It writes only
 * the slots and input_rows[6], so it may run in another thread (on another
 * connection with the same snapshot) while the roster is being used.
 */
int model_read_answers(struct db *db, struct model *m);

/* The programmes in the database (for a run that names none). */
int model_programmes(struct db *db, char ***codes, size_t *n);

/*
 * Release what only the figures need (people, participations, survey
 * slots and their indexes), keeping the cohorts and items the documents
 * name; for once the figures are computed.
 */
void model_release_data(struct model *m);

/* Release the model; NULL is fine. */
void model_free(struct model *m);

/* The answers of a survey slot in a wave below MODEL_WAVES, NAN where unanswered. */
static inline double *model_values(const struct model *m, size_t slot, int wave)
{
    return m->values + (slot * MODEL_WAVES + (size_t)wave) * m->ntracked;
}

static inline int32_t *model_dates(const struct model *m, size_t slot, int wave)
{
    return m->dates + (slot * MODEL_WAVES + (size_t)wave) * m->ntracked;
}

/* Engagement of one window (SPEC 3.4). Index ncohorts of `scopes` is "all". */
struct engagement_scope {
    long live, active;          /* pairs */
    double *held_per_active;    /* held sessions of each active pair */
    long stalled;
    long sessions, cancelled, held;
    double minutes;
    double *gaps;               /* days between consecutive held sessions of a pair */
    size_t ngaps;
    long month_held[12], month_active[12];
    char **channels; long *channel_held; size_t nchannels;
    char **topics; long *topic_held; size_t ntopics;
};

struct engagement {
    struct engagement_scope *scopes;  /* the model's cohorts, then "all" */
    size_t nscopes;
    char months[12][8];               /* "YYYY-MM", the 12 months up to the period end */
};

/*
 * One window of engagement: the period's first day, its last day cut at the
 * as-of date (rule 10), the period's last day (which ends the monthly
 * series) and the as-of date.
 */
struct engagement_window {
    int32_t start, end, period_end, as_of;
};

/*
 * Aggregate the engagement of `nw` windows (at most 2) in one pass over the
 * programme's sessions, into out[0..nw). The run's parameters must be set
 * (sql/run/params.sql) with an as-of date no earlier than any window's.
 * Needs the roster; writes only `out` and input_rows[4] and [5].
 */
int model_engagement_read(struct db *db, struct model *m, const struct engagement_window *w, size_t nw,
                          struct engagement *out);

void model_engagement_free(struct engagement *e);

#endif
