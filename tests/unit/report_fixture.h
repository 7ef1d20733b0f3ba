/*
 * report_fixture.h: a table of figures for the report tests, standing in
 * for a run until the run that computes the real figures exists.
 *
 * fixture_open() fills this period's and the previous period's tables with
 * plausible values for every key of SPEC section 3 over the scopes the
 * spec lists: cohorts P1 (pilot) and F1..F4 (full scale) and "all"; roles;
 * the seven demographic dimensions with their groups (some withheld by
 * disclosure control, primary and secondary, min_cell 5); the twelve survey
 * items; twelve months of engagement.monthly; compare.* for every pair of
 * cohorts; quality.*; and Kaplan-Meier step tables for every cohort and
 * "all" by role all, mentor, mentee and non-participant, fitted by stats/
 * on synthetic follow-up so that the curves and retention.s6/s12/s24 of
 * dimension none agree.
 *
 * The headline figures (cohort all, role all, dimension none) are fixed
 * numbers, FX_*, so that tests can look for them as a reader sees them.
 * Everything else comes from a seeded generator: the same every time.
 */
#ifndef FLIPSIDE_TESTS_REPORT_FIXTURE_H
#define FLIPSIDE_TESTS_REPORT_FIXTURE_H

#include "common/date.h"
#include "common/status.h"
#include "pipeline/figures.h"
#include "reports/report.h"
#include "stats/km.h"
#include "stats/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FX_PROGRAMME "revmentor"
#define FX_MIN_CELL 5

/* Headline figures of this period (cohort all, role all, dimension none). */
#define FX_LIVE_PAIRS 452
#define FX_ACTIVE_PAIRS 414
#define FX_SESSIONS 999
#define FX_HOURS 1187.4166666666667
#define FX_SESSIONS_PER_PAIR 2.4130434782608696
#define FX_CONF_N 318
#define FX_CONF_BASELINE 3.1196
#define FX_CONF_EXIT 3.5427
#define FX_CONF_CHANGE 0.4231
#define FX_CONF_IMPROVED 204
#define FX_SAT_N 356
#define FX_SAT_MEAN 4.2137
#define FX_NPS_PROMOTERS 168
#define FX_NPS_DETRACTORS 32
#define FX_HR 0.7214
#define FX_HR_LOWER 0.6102
#define FX_HR_UPPER 0.8529
#define FX_HR_P 0.000133

/* And of the previous period. */
#define FX_PREV_LIVE_PAIRS 441
#define FX_PREV_ACTIVE_PAIRS 398
#define FX_PREV_SESSIONS 951
#define FX_PREV_HOURS 1120.6333333333334
#define FX_PREV_CONF_CHANGE 0.3987
#define FX_PREV_SAT_MEAN 4.1822
#define FX_PREV_NPS 35.1
#define FX_PREV_HR 0.7533

#define FX_NCOHORTS 5
#define FX_NITEMS 12

struct fixture {
    struct figtable now, prev;
    struct report_cohort cohorts[FX_NCOHORTS];
    struct report_item items[FX_NITEMS];
    struct report_input in;
};

/* ---- the generator ------------------------------------------------------ */

static uint64_t fx_state;

static double fx_rand(void)
{
    /* xorshift64*: plenty for plausible numbers, the same on every machine */
    fx_state ^= fx_state >> 12;
    fx_state ^= fx_state << 25;
    fx_state ^= fx_state >> 27;
    return (double)((fx_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static double fx_between(double a, double b)
{
    return a + (b - a) * fx_rand();
}

static double fx_clip(double v, double lo, double hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* ---- records ------------------------------------------------------------- */

static struct figure fx_rec(const char *key, const char *cohort, const char *role,
                            const char *dimension, const char *group)
{
    struct figure f;

    figure_blank(&f);
    f.key = key;
    f.programme = FX_PROGRAMME;
    f.cohort = cohort;
    f.role = role;
    f.dimension = dimension;
    f.group = group;
    return f;
}

static int fx_status;

static void fx_put(struct figtable *t, const struct figure *f)
{
    if (fx_status == STATUS_OK)
        fx_status = figtable_add(t, f);
}

/* A share with its Wilson interval (SPEC 3.3). */
static void fx_share(struct figure *f, double events, double n)
{
    double p = n > 0 ? events / n : NAN, z = STATS_Z95, d, c, h;

    f->n = n;
    f->events = events;
    if (!(n > 0))
        return;
    d = 1 + z * z / n;
    c = (p + z * z / (2 * n)) / d;
    h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
    f->estimate = p;
    f->lower = c - h;
    f->upper = c + h;
}

/* A mean with a t-like interval from an sd. */
static void fx_mean(struct figure *f, double n, double mean, double sd)
{
    double h = n > 1 ? 1.97 * sd / sqrt(n) : NAN;

    f->n = n;
    f->estimate = mean;
    f->lower = mean - h;
    f->upper = mean + h;
}

/* ---- scopes ------------------------------------------------------------------ */

static const char *const FX_COHORT_CODES[FX_NCOHORTS] = { "P1", "F1", "F2", "F3", "F4" };
static const char *const FX_SCOPES[FX_NCOHORTS + 1] = { "all", "P1", "F1", "F2", "F3", "F4" };
static const int FX_MENTORS[FX_NCOHORTS] = { 30, 110, 120, 130, 125 };
static const int FX_COMPARISON[FX_NCOHORTS] = { 1450, 1620, 1580, 1710, 1690 };

struct fx_dim {
    const char *name;
    size_t ngroups;
    const char *groups[8];
    double share[8];
    double effect[8];   /* added to participants' 12-month retention */
};

static const struct fx_dim FX_DIMS[7] = {
    { "gender", 4, { "Men", "Non-binary", "Women", "unknown" },
      { 0.44, 0.004, 0.532, 0.024 }, { -0.01, 0, 0.012, 0 } },
    { "ethnicity", 6,
      { "Asian or Asian British", "Black, Black British, Caribbean or African",
        "Mixed or multiple ethnic groups", "Other ethnic group", "White", "unknown" },
      { 0.16, 0.09, 0.045, 0.025, 0.62, 0.06 }, { 0.01, 0.03, -0.02, 0, -0.005, 0 } },
    { "age_band", 6, { "16-24", "25-34", "35-44", "45-54", "55-64", "65+" },
      { 0.12, 0.31, 0.24, 0.2, 0.12, 0.01 }, { -0.06, -0.02, 0.01, 0.03, 0.02, -0.05 } },
    { "grade", 6, { "Associate", "Director", "Executive", "Manager", "Senior associate",
                    "Senior manager" },
      { 0.3, 0.09, 0.03, 0.2, 0.25, 0.13 }, { -0.04, 0.03, 0.04, 0.01, -0.02, 0.02 } },
    { "network", 6,
      { "Disability & Neurodiversity Network", "Parents' and Carers' Network", "Pride Network",
        "Race Equality Network", "Women's Network", "none" },
      { 0.004, 0.09, 0.06, 0.12, 0.22, 0.506 }, { 0, 0.02, 0.03, 0.04, 0.02, -0.01 } },
    { "department", 8, { "Finance", "Legal", "Marketing", "Operations", "People & Culture",
                         "Sales", "Strategy", "Technology" },
      { 0.14, 0.003, 0.1, 0.2, 0.08, 0.15, 0.107, 0.22 },
      { 0.01, 0, -0.02, -0.03, 0.02, -0.04, 0.03, 0.02 } },
    { "org", 3, { "D'Souza & Partners", "M\xc3\xbcllersch\xc3\xb6n AG", "Northwind Ltd" },
      { 0.35, 0.45, 0.2 }, { 0.01, -0.005, 0.0 } },
};

/*
 * Group sizes of a breakdown of `n` people and which are withheld: primary
 * below FX_MIN_CELL, and where exactly one is, the next smallest too
 * (SPEC rule 40). A group of nobody has no record (size 0).
 */
static void fx_breakdown(const struct fx_dim *dim, double n, double *sizes, int *hidden)
{
    size_t nhidden = 0, smallest = SIZE_MAX;

    for (size_t g = 0; g < dim->ngroups; g++) {
        sizes[g] = floor(n * dim->share[g] + 0.5);
        hidden[g] = sizes[g] >= 1 && sizes[g] < FX_MIN_CELL;
        nhidden += (size_t)hidden[g];
    }
    if (nhidden != 1)
        return;
    for (size_t g = 0; g < dim->ngroups; g++)
        if (sizes[g] >= 1 && !hidden[g] && (smallest == SIZE_MAX || sizes[g] < sizes[smallest]))
            smallest = g;
    if (smallest != SIZE_MAX)
        hidden[smallest] = 1;
}

/* ---- retention: synthetic follow-up fitted by stats/ ------------------------ */

struct fx_people {
    double *time;
    int *event;
    size_t n, cap;
};

static void fx_people_push(struct fx_people *p, double time, int event)
{
    if (fx_status != STATUS_OK)
        return;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 1024;
        double *t = realloc(p->time, cap * sizeof *t);
        int *e;

        if (t == NULL) {
            fx_status = STATUS_NOMEM;
            return;
        }
        p->time = t;
        e = realloc(p->event, cap * sizeof *e);
        if (e == NULL) {
            fx_status = STATUS_NOMEM;
            return;
        }
        p->event = e;
        p->cap = cap;
    }
    p->time[p->n] = time;
    p->event[p->n] = event;
    p->n++;
}

/* A person followed for `follow` days who leaves at a constant yearly hazard. */
static void fx_people_add(struct fx_people *p, double follow, double yearly_hazard)
{
    double t = floor(-log(1 - fx_rand()) / yearly_hazard * 365.25);

    fx_people_push(p, t < follow ? t : follow, t < follow);
}

/* Fit, add the curve and retention.s6/s12/s24 of dimension none. */
static void fx_fit(struct figtable *t, const char *cohort, const char *role,
                   const struct fx_people *p, double *s12)
{
    static const double at[3] = { 182, 365, 730 };
    static const char *const keys[3] = { "retention.s6", "retention.s12", "retention.s24" };
    struct stats_km *km = NULL;
    struct figcurve c;
    double *cols = NULL;

    *s12 = NAN;
    if (fx_status != STATUS_OK || stats_km_fit(p->time, p->event, p->n, &km) != STATUS_OK)
        goto out;
    memset(&c, 0, sizeof c);
    c.cohort = cohort;
    c.role = role;
    c.n = (double)km->n;
    c.events = (double)km->events;
    c.steps = km->n_steps;
    cols = malloc((km->n_steps ? km->n_steps : 1) * 3 * sizeof *cols);
    if (cols == NULL) {
        fx_status = STATUS_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < km->n_steps; i++) {
        cols[i] = (double)km->n_risk[i];
        cols[km->n_steps + i] = (double)km->n_event[i];
        cols[2 * km->n_steps + i] = (double)km->n_censor[i];
    }
    c.time = km->time;
    c.n_risk = cols;
    c.n_event = cols + km->n_steps;
    c.n_censor = cols + 2 * km->n_steps;
    c.surv = km->surv;
    c.lower = km->lower;
    c.upper = km->upper;
    if (fx_status == STATUS_OK)
        fx_status = figtable_add_curve(t, &c);
    for (int k = 0; k < 3; k++) {
        struct stats_km_point pt;
        struct figure f = fx_rec(keys[k], cohort, role, "none", "all");

        stats_km_at(km, at[k], &pt);
        f.n = (double)km->n;
        f.events = (double)km->events;
        f.estimate = pt.surv;
        f.lower = pt.lower;
        f.upper = pt.upper;
        if (k == 1)
            *s12 = isfinite(pt.surv) ? pt.surv : NAN;
        fx_put(t, &f);
    }
out:
    free(cols);
    stats_km_free(km);
}

/* One group's s6/s12/s24 around the cohort's curve, participants or comparison. */
static void fx_group_retention(struct figtable *t, const char *cohort, const char *role,
                               const char *dim, const char *group, double n, int hidden,
                               double s12, double effect, double follow_days)
{
    static const char *const keys[3] = { "retention.s6", "retention.s12", "retention.s24" };
    static const double at[3] = { 182, 365, 730 };
    double h = -log(fx_clip((isfinite(s12) ? s12 : 0.9) + effect, 0.3, 0.995));

    for (int k = 0; k < 3; k++) {
        struct figure f = fx_rec(keys[k], cohort, role, dim, group);

        f.suppressed = hidden;
        if (!hidden) {
            double s = exp(-h * at[k] / 365.0), se = sqrt(s * (1 - s) / n);

            f.n = n;
            f.events = floor(n * (1 - exp(-h * follow_days / 365.0)) + 0.5);
            if (follow_days >= at[k]) {
                f.estimate = s;
                f.lower = fx_clip(s - STATS_Z95 * se, 0, 1);
                f.upper = fx_clip(s + STATS_Z95 * se, 0, 1);
            }
        }
        fx_put(t, &f);
    }
}

static void fx_retention(struct figtable *t, int32_t as_of, const struct report_cohort *cohorts)
{
    static const char *const roles[3] = { "all", "mentor", "mentee" };
    struct fx_people all[4], one[4];
    double s12[FX_NCOHORTS + 1][4];
    double follow[FX_NCOHORTS + 1];

    memset(all, 0, sizeof all);
    /* per cohort: mentors, mentees, participants (both), comparison */
    for (size_t c = 0; c < FX_NCOHORTS; c++) {
        int32_t start = cohorts[c].starts_on;

        memset(one, 0, sizeof one);
        follow[c + 1] = (double)(as_of - start);
        for (int i = 0; i < FX_MENTORS[c]; i++) {
            double enrol = floor(fx_rand() * 20);

            fx_people_add(&one[1], (double)(as_of - start) - enrol, 0.115);
            fx_people_add(&one[2], (double)(as_of - start) - enrol, 0.055);
        }
        for (int i = 0; i < FX_COMPARISON[c]; i++)
            fx_people_add(&one[3], (double)(as_of - start), 0.135);
        for (int r = 1; r <= 2; r++)
            for (size_t i = 0; i < one[r].n; i++) {
                fx_people_push(&one[0], one[r].time[i], one[r].event[i]);
                fx_people_push(&all[r], one[r].time[i], one[r].event[i]);
                fx_people_push(&all[0], one[r].time[i], one[r].event[i]);
            }
        fx_fit(t, FX_COHORT_CODES[c], "all", &one[0], &s12[c + 1][0]);
        fx_fit(t, FX_COHORT_CODES[c], "mentor", &one[1], &s12[c + 1][1]);
        fx_fit(t, FX_COHORT_CODES[c], "mentee", &one[2], &s12[c + 1][2]);
        fx_fit(t, FX_COHORT_CODES[c], "non-participant", &one[3], &s12[c + 1][3]);
        for (int r = 0; r < 4; r++) {
            free(one[r].time);
            free(one[r].event);
        }
    }
    /* "all": the comparison group from the earliest cohort's start */
    follow[0] = (double)(as_of - cohorts[0].starts_on);
    for (int i = 0; i < 2400; i++)
        fx_people_add(&all[3], follow[0], 0.135);
    fx_fit(t, "all", "all", &all[0], &s12[0][0]);
    fx_fit(t, "all", "mentor", &all[1], &s12[0][1]);
    fx_fit(t, "all", "mentee", &all[2], &s12[0][2]);
    fx_fit(t, "all", "non-participant", &all[3], &s12[0][3]);

    /* breakdowns, the log-rank tests and the comparison with non-participants */
    for (size_t s = 0; s <= FX_NCOHORTS; s++) {
        const char *cohort = FX_SCOPES[s];
        double npart = s == 0 ? (double)all[0].n : 2.0 * FX_MENTORS[s - 1];
        double ncomp = s == 0 ? 2400.0 : FX_COMPARISON[s - 1];

        for (int r = 0; r < 4; r++) {
            const char *role = r < 3 ? roles[r] : "non-participant";
            double n = r == 0 ? npart : (r < 3 ? npart / 2 : ncomp);
            double logrank_p[7];
            size_t logrank_at[7];

            for (size_t d = 0; d < 7; d++) {
                const struct fx_dim *dim = &FX_DIMS[d];
                double sizes[8], shown_n = 0;
                int hidden[8], nshown = 0;
                struct figure f;

                fx_breakdown(dim, n, sizes, hidden);
                for (size_t g = 0; g < dim->ngroups; g++) {
                    if (sizes[g] < 1)
                        continue;
                    fx_group_retention(t, cohort, role, dim->name, dim->groups[g], sizes[g],
                                       hidden[g], s12[s][r],
                                       r < 3 ? dim->effect[g] : dim->effect[g] / 3, follow[s]);
                    if (!hidden[g]) {
                        shown_n += sizes[g];
                        nshown++;
                    }
                }
                f = fx_rec("retention.logrank", cohort, role, dim->name, "all");
                f.n = shown_n;
                f.events = floor(shown_n * (1 - (isfinite(s12[s][r]) ? s12[s][r] : 0.9)) + 0.5);
                if (nshown >= 2) {
                    f.df = nshown - 1;
                    f.statistic = fx_between(0.2, 3.0) * f.df;
                    f.p = fx_between(0.002, 0.9);
                }
                logrank_p[d] = f.p;
                logrank_at[d] = t->len;
                fx_put(t, &f);
            }
            /* Holm over the dimensions: fill p_adj into the records just added */
            {
                size_t order[7], m = 0;
                double running = 0;

                for (size_t d = 0; d < 7; d++)
                    if (isfinite(logrank_p[d]))
                        order[m++] = d;
                for (size_t i = 1; i < m; i++)
                    for (size_t j = i; j > 0 && logrank_p[order[j]] < logrank_p[order[j - 1]]; j--) {
                        size_t tmp = order[j];

                        order[j] = order[j - 1];
                        order[j - 1] = tmp;
                    }
                for (size_t i = 0; i < m; i++) {
                    double adj = fmin(1, (double)(m - i) * logrank_p[order[i]]);

                    running = fmax(running, adj);
                    if (fx_status == STATUS_OK)
                        t->rows[logrank_at[order[i]]].p_adj = running;
                }
            }
            if (r == 3)
                continue;
            /* participants against the comparison group, overall and by group */
            for (size_t d = 0; d <= 7; d++) {
                const struct fx_dim *dim = d < 7 ? &FX_DIMS[d] : NULL;
                size_t ng = dim != NULL ? dim->ngroups : 1;
                double sizes[8] = { n }, csizes[8] = { ncomp };
                int hidden[8] = { 0 }, chidden[8] = { 0 };

                if (dim != NULL) {
                    fx_breakdown(dim, n, sizes, hidden);
                    fx_breakdown(dim, ncomp, csizes, chidden);
                }
                for (size_t g = 0; g < ng; g++) {
                    struct figure f = fx_rec("retention.vs_comparison", cohort, role,
                                             dim != NULL ? dim->name : "none",
                                             dim != NULL ? dim->groups[g] : "all");
                    double effect = dim != NULL ? dim->effect[g] : 0;
                    double s12p = isfinite(s12[s][r]) ? s12[s][r] : 0.92;
                    double s12c = isfinite(s12[s][3]) ? s12[s][3] : 0.88;
                    double sp = fx_clip(s12p + effect, 0.3, 0.995);
                    double sc = fx_clip(s12c + effect / 3, 0.3, 0.995);
                    double se;

                    if (sizes[g] < 1)
                        continue;
                    f.versus = "non-participants";
                    f.suppressed = hidden[g] || chidden[g] || fmin(sizes[g], csizes[g]) < FX_MIN_CELL;
                    if (!f.suppressed) {
                        se = sqrt(sp * (1 - sp) / sizes[g] + sc * (1 - sc) / csizes[g]);
                        f.n = sizes[g];
                        f.events = floor(sizes[g] * (1 - sp) + 0.5);
                        if (follow[s] >= 365 && isfinite(s12[s][r])) {
                            f.estimate = sp - sc;
                            f.lower = f.estimate - STATS_Z95 * se;
                            f.upper = f.estimate + STATS_Z95 * se;
                        }
                        f.statistic = pow(fabs(sp - sc) / se, 2) * fx_between(0.8, 1.2);
                        f.df = 1;
                        f.p = erfc(sqrt(f.statistic / 2));
                    }
                    fx_put(t, &f);
                }
            }
            /* the adjusted hazard ratio */
            {
                struct figure f = fx_rec("retention.hr_adjusted", cohort, role, "none", "all");

                f.versus = "non-participants";
                f.n = n + ncomp;
                f.events = floor(f.n * 0.12 + 0.5);
                if (s == 0 && r == 0) {
                    f.estimate = FX_HR;
                    f.lower = FX_HR_LOWER;
                    f.upper = FX_HR_UPPER;
                    f.p = FX_HR_P;
                    f.statistic = log(FX_HR) / ((log(FX_HR_UPPER) - log(FX_HR_LOWER)) / (2 * STATS_Z95));
                } else {
                    double b = log(fx_between(0.55, 1.05)), se = 0.9 / sqrt(n);

                    f.estimate = exp(b);
                    f.lower = exp(b - STATS_Z95 * se);
                    f.upper = exp(b + STATS_Z95 * se);
                    f.statistic = b / se;
                    f.p = erfc(fabs(f.statistic) / sqrt(2));
                }
                fx_put(t, &f);
            }
        }
    }
    for (int r = 0; r < 4; r++) {
        free(all[r].time);
        free(all[r].event);
    }
}

/* ---- surveys ------------------------------------------------------------------ */

static const int FX_CONF_PEOPLE[FX_NCOHORTS] = { 41, 96, 102, 76, 3 };
static const int FX_SAT_PEOPLE[FX_NCOHORTS] = { 44, 104, 110, 92, 6 };

static void fx_confidence_scope(struct figtable *t, const char *cohort, const char *role,
                                const char *dim, const char *group, double n, int hidden,
                                int headline, double change)
{
    static const char *const keys[] = { "confidence.baseline", "confidence.exit",
                                        "confidence.change", "confidence.wilcoxon",
                                        "confidence.dz", "confidence.improved",
                                        "confidence.alpha_baseline", "confidence.alpha_exit" };
    double base = headline ? FX_CONF_BASELINE : fx_between(2.95, 3.3);
    double sd = 0.56;

    if (headline)
        change = FX_CONF_CHANGE;
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        struct figure f = fx_rec(keys[k], cohort, role, dim, group);

        f.suppressed = hidden;
        if (hidden) {
            fx_put(t, &f);
            continue;
        }
        switch (k) {
        case 0:
            fx_mean(&f, n + floor(n * 0.3), base, 0.7);
            break;
        case 1:
            fx_mean(&f, n + floor(n * 0.05), headline ? FX_CONF_EXIT : base + change, 0.68);
            break;
        case 2:
            fx_mean(&f, n, change, sd);
            f.df = n - 1;
            f.statistic = change / (sd / sqrt(n));
            f.p = erfc(fabs(f.statistic) / sqrt(2));
            break;
        case 3:
            f.n = n;
            f.statistic = floor(n * (n + 1) / 4 * (1 + change));
            f.p = erfc(fabs(change / (sd / sqrt(n))) / sqrt(2)) * 1.1;
            if (f.p > 1)
                f.p = 1;
            break;
        case 4:
            f.n = n;
            f.estimate = change / sd;
            break;
        case 5:
            fx_share(&f, headline ? FX_CONF_IMPROVED : floor(n * fx_between(0.55, 0.7) + 0.5), n);
            break;
        default:
            f.n = floor(n * 0.8);
            f.estimate = fx_between(0.78, 0.9);
            break;
        }
        fx_put(t, &f);
    }
}

static void fx_satisfaction_scope(struct figtable *t, const char *cohort, const char *role,
                                  const char *dim, const char *group, double n, int hidden,
                                  int headline)
{
    struct figure f;
    double prom, det;

    f = fx_rec("satisfaction.mean", cohort, role, dim, group);
    f.suppressed = hidden;
    if (!hidden)
        fx_mean(&f, n, headline ? FX_SAT_MEAN : fx_between(3.9, 4.4), 0.62);
    fx_put(t, &f);
    f = fx_rec("satisfaction.top2", cohort, role, dim, group);
    f.suppressed = hidden;
    if (!hidden)
        fx_share(&f, floor(3 * n * (headline ? 0.8604 : fx_between(0.75, 0.9)) + 0.5), 3 * n);
    fx_put(t, &f);
    prom = headline ? FX_NPS_PROMOTERS : floor(n * fx_between(0.38, 0.52) + 0.5);
    det = headline ? FX_NPS_DETRACTORS : floor(n * fx_between(0.05, 0.14) + 0.5);
    f = fx_rec("nps", cohort, role, dim, group);
    f.suppressed = hidden;
    if (!hidden) {
        double pp = prom / n, pd = det / n;
        double h = STATS_Z95 * 100 * sqrt((pp + pd - (pp - pd) * (pp - pd)) / n);

        f.n = n;
        f.estimate = 100 * (pp - pd);
        f.lower = fmax(-100, f.estimate - h);
        f.upper = fmin(100, f.estimate + h);
    }
    fx_put(t, &f);
    f = fx_rec("nps.promoters", cohort, role, dim, group);
    f.suppressed = hidden;
    if (!hidden)
        fx_share(&f, prom, n);
    fx_put(t, &f);
    f = fx_rec("nps.detractors", cohort, role, dim, group);
    f.suppressed = hidden;
    if (!hidden)
        fx_share(&f, det, n);
    fx_put(t, &f);
}

static void fx_surveys(struct figtable *t, const struct report_item *items)
{
    static const char *const roles[3] = { "all", "mentor", "mentee" };

    for (size_t s = 0; s <= FX_NCOHORTS; s++) {
        const char *cohort = FX_SCOPES[s];
        double nconf = s == 0 ? FX_CONF_N : FX_CONF_PEOPLE[s - 1];
        double nsat = s == 0 ? FX_SAT_N : FX_SAT_PEOPLE[s - 1];
        double change = s == 0 ? FX_CONF_CHANGE : fx_between(0.3, 0.55);

        for (int r = 0; r < 3; r++) {
            double nc = r == 0 ? nconf : floor(nconf / 2), ns = r == 0 ? nsat : floor(nsat / 2);
            double ch = change + (r == 1 ? -0.12 : (r == 2 ? 0.12 : 0));
            int headline = s == 0 && r == 0;

            fx_confidence_scope(t, cohort, roles[r], "none", "all", nc, nc < FX_MIN_CELL, headline,
                                ch);
            fx_satisfaction_scope(t, cohort, roles[r], "none", "all", ns, ns < FX_MIN_CELL,
                                  headline);
            for (size_t d = 0; d < 7; d++) {
                double sizes[8], ssizes[8];
                int hidden[8], shidden[8];

                fx_breakdown(&FX_DIMS[d], nc, sizes, hidden);
                fx_breakdown(&FX_DIMS[d], ns, ssizes, shidden);
                for (size_t g = 0; g < FX_DIMS[d].ngroups; g++) {
                    if (sizes[g] >= 1)
                        fx_confidence_scope(t, cohort, roles[r], FX_DIMS[d].name,
                                            FX_DIMS[d].groups[g], sizes[g], hidden[g], 0,
                                            ch + FX_DIMS[d].effect[g]);
                    if (ssizes[g] >= 1)
                        fx_satisfaction_scope(t, cohort, roles[r], FX_DIMS[d].name,
                                              FX_DIMS[d].groups[g], ssizes[g], shidden[g], 0);
                }
            }
            /* per item: baseline, exit and change, BH-adjusted over the items */
            for (size_t i = 0; i < 8; i++) {
                const char *item = items[i].code;
                double b = fx_between(2.6, 3.5), c = ch + fx_between(-0.2, 0.25);
                struct figure f;

                if (i == 7) {
                    b = 3.6;
                    c = 0.05;
                }
                f = fx_rec("confidence.item_baseline", cohort, roles[r], "none", "all");
                f.item = item;
                f.suppressed = nc < FX_MIN_CELL;
                if (!f.suppressed)
                    fx_mean(&f, nc + floor(nc * 0.3), b, 0.9);
                fx_put(t, &f);
                f = fx_rec("confidence.item_exit", cohort, roles[r], "none", "all");
                f.item = item;
                f.suppressed = nc < FX_MIN_CELL;
                if (!f.suppressed)
                    fx_mean(&f, nc + floor(nc * 0.05), b + c, 0.85);
                fx_put(t, &f);
                f = fx_rec("confidence.item_change", cohort, roles[r], "none", "all");
                f.item = item;
                f.suppressed = nc < FX_MIN_CELL;
                if (!f.suppressed) {
                    fx_mean(&f, nc, c, 0.8);
                    f.df = nc - 1;
                    f.statistic = c / (0.8 / sqrt(nc));
                    f.p = erfc(fabs(f.statistic) / sqrt(2));
                    f.p_adj = fmin(1, f.p * 8.0 / (double)(8 - i));
                }
                fx_put(t, &f);
            }
        }
    }
}

/* ---- engagement --------------------------------------------------------------- */

static void fx_engagement(struct figtable *t, int previous)
{
    static const int live[FX_NCOHORTS] = { 18, 96, 110, 114, 114 };
    static const double months_sessions[12] = { 251, 268, 240, 198, 287, 301, 296, 318, 322,
                                                330, 312, 357 };
    static const double months_pairs[12] = { 236, 244, 231, 190, 262, 279, 281, 298, 305,
                                             311, 296, 326 };
    static const char *const channels[6] = { "chat", "in_person", "other", "phone", "video",
                                             "unknown" };
    static const double channel_share[6] = { 0.07, 0.38, 0.02, 0.08, 0.44, 0.01 };
    static const char *const topics[7] = { "AI tools", "Digital skills", "Feedback",
                                           "Gen Z at work", "Hybrid working", "Inclusion",
                                           "Social media" };
    static const double topic_share[7] = { 0.41, 0.3, 0.25, 0.22, 0.28, 0.35, 0.18 };
    int32_t end_month = previous ? date_from_ymd(2026, 6, 1) : date_from_ymd(2026, 9, 1);

    for (size_t s = 0; s <= FX_NCOHORTS; s++) {
        const char *cohort = FX_SCOPES[s];
        double nlive, nactive, sessions, hours;
        struct figure f;

        if (s == 0) {
            nlive = previous ? FX_PREV_LIVE_PAIRS : FX_LIVE_PAIRS;
            nactive = previous ? FX_PREV_ACTIVE_PAIRS : FX_ACTIVE_PAIRS;
            sessions = previous ? FX_PREV_SESSIONS : FX_SESSIONS;
            hours = previous ? FX_PREV_HOURS : FX_HOURS;
        } else {
            nlive = live[s - 1];
            nactive = floor(nlive * fx_between(0.82, 0.97) + 0.5);
            sessions = floor(nactive * fx_between(2.1, 2.7) + 0.5);
            hours = sessions * fx_between(1.05, 1.25);
        }
        f = fx_rec("engagement.active_rate", cohort, "all", "none", "all");
        fx_share(&f, nactive, nlive);
        fx_put(t, &f);
        f = fx_rec("engagement.sessions_per_pair", cohort, "all", "none", "all");
        fx_mean(&f, nactive, s == 0 && !previous ? FX_SESSIONS_PER_PAIR : sessions / nactive, 1.1);
        fx_put(t, &f);
        f = fx_rec("engagement.cancel_rate", cohort, "all", "none", "all");
        fx_share(&f, floor(sessions * fx_between(0.08, 0.14) + 0.5), floor(sessions * 1.12 + 0.5));
        fx_put(t, &f);
        f = fx_rec("engagement.contact_hours", cohort, "all", "none", "all");
        f.n = sessions;
        f.events = sessions;
        f.estimate = hours;
        fx_put(t, &f);
        f = fx_rec("engagement.stalled_rate", cohort, "all", "none", "all");
        fx_share(&f, floor(nlive * fx_between(0.04, 0.12) + 0.5), nlive);
        fx_put(t, &f);
        f = fx_rec("engagement.gap_days", cohort, "all", "none", "all");
        f.n = sessions - nactive;
        f.estimate = floor(fx_between(18, 30)) + (fx_rand() < 0.3 ? 0.5 : 0);
        fx_put(t, &f);
        for (int m = 0; m < 12; m++) {
            char month[8];
            int y, mo, d;
            double k = s == 0 ? 1 : (double)live[s - 1] / FX_LIVE_PAIRS;

            date_to_ymd(date_add_months(end_month, m - 11), &y, &mo, &d);
            snprintf(month, sizeof month, "%04d-%02d", y, mo);
            f = fx_rec("engagement.monthly", cohort, "all", "none", "all");
            f.month = month;
            f.n = floor(months_sessions[m] * k * (previous ? 0.95 : 1) + 0.5);
            f.events = floor(months_pairs[m] * k * (previous ? 0.95 : 1) + 0.5);
            if (s == 0 && !previous && m >= 9)
                f.n = months_sessions[m];
            fx_put(t, &f);
        }
        for (int c = 0; c < 6; c++) {
            f = fx_rec("engagement.channel", cohort, "all", "channel", channels[c]);
            fx_share(&f, floor(sessions * channel_share[c] + 0.5), sessions);
            f.lower = f.upper = NAN;
            fx_put(t, &f);
        }
        for (int c = 0; c < 7; c++) {
            f = fx_rec("engagement.topic", cohort, "all", "topic", topics[c]);
            fx_share(&f, floor(sessions * topic_share[c] * fx_between(0.9, 1.1) + 0.5), sessions);
            f.lower = f.upper = NAN;
            fx_put(t, &f);
        }
    }
}

/* ---- comparisons --------------------------------------------------------------- */

static void fx_compare(struct figtable *t)
{
    /* per pair index (a later than b): a planted result for each measure */
    for (size_t a = 1; a < FX_NCOHORTS; a++)
        for (size_t b = 0; b < a; b++) {
            const char *A = FX_COHORT_CODES[a], *B = FX_COHORT_CODES[b];
            int recent = a == 4;      /* F4: too few people with both waves */
            struct figure f;
            double d, se;

            f = fx_rec("compare.retention", A, "all", "none", "all");
            f.versus = B;
            f.n = 2.0 * FX_MENTORS[a];
            f.events = floor(f.n * 0.07);
            if (a < 4) {
                d = fx_between(-0.05, 0.04);
                se = 0.035;
                f.estimate = d;
                f.lower = d - STATS_Z95 * se;
                f.upper = d + STATS_Z95 * se;
            }
            f.statistic = fx_between(0.01, 3.5);
            f.df = 1;
            f.p = erfc(sqrt(f.statistic / 2));
            fx_put(t, &f);

            f = fx_rec("compare.confidence_change", A, "all", "none", "all");
            f.versus = B;
            f.suppressed = recent;
            if (!recent) {
                d = a == 3 && b == 2 ? -0.21 : fx_between(-0.12, 0.12);
                se = 0.08;
                f.n = FX_CONF_PEOPLE[a];
                f.estimate = d;
                f.lower = d - 1.98 * se;
                f.upper = d + 1.98 * se;
                f.statistic = d / se;
                f.df = FX_CONF_PEOPLE[a] + FX_CONF_PEOPLE[b] - 2.0 - fx_between(0, 20);
                f.p = erfc(fabs(f.statistic) / sqrt(2));
            }
            fx_put(t, &f);
            f.key = "compare.confidence_change_g";
            if (!recent) {
                double g = f.estimate / 0.56, h = STATS_Z95 * sqrt(1.0 / FX_CONF_PEOPLE[a] + 1.0 / FX_CONF_PEOPLE[b]);

                f.estimate = g;
                f.lower = g - h;
                f.upper = g + h;
                f.statistic = f.df = f.p = NAN;
            }
            fx_put(t, &f);

            f = fx_rec("compare.satisfaction", A, "all", "none", "all");
            f.versus = B;
            d = a == 3 && b == 0 ? -0.31 : (a == 2 && b == 0 ? 0.24 : fx_between(-0.1, 0.1));
            se = 0.085;
            f.n = FX_SAT_PEOPLE[a];
            f.estimate = d;
            f.lower = d - 1.98 * se;
            f.upper = d + 1.98 * se;
            f.statistic = d / se;
            f.df = FX_SAT_PEOPLE[a] + FX_SAT_PEOPLE[b] - 2.0 - fx_between(0, 20);
            f.p = erfc(fabs(f.statistic) / sqrt(2));
            fx_put(t, &f);
            f.key = "compare.satisfaction_mwu";
            f.estimate = f.lower = f.upper = f.df = NAN;
            f.statistic = floor(FX_SAT_PEOPLE[a] * FX_SAT_PEOPLE[b] * (0.5 + d / 2));
            f.p = fmin(1, f.p * 1.08);
            fx_put(t, &f);
            f.key = "compare.satisfaction_g";
            {
                double g = d / 0.62, h = STATS_Z95 * sqrt(1.0 / FX_SAT_PEOPLE[a] + 1.0 / FX_SAT_PEOPLE[b]);

                f.estimate = g;
                f.lower = g - h;
                f.upper = g + h;
                f.statistic = f.p = NAN;
            }
            fx_put(t, &f);

            f = fx_rec("compare.nps", A, "all", "none", "all");
            f.versus = B;
            d = fx_between(-9, 9);
            se = 7.5;
            f.n = FX_SAT_PEOPLE[a];
            f.estimate = d;
            f.lower = d - STATS_Z95 * se;
            f.upper = d + STATS_Z95 * se;
            f.statistic = d / se;
            f.p = erfc(fabs(f.statistic) / sqrt(2));
            fx_put(t, &f);

            f = fx_rec("compare.active_rate", A, "all", "none", "all");
            f.versus = B;
            d = a == 1 && b == 0 ? 0.12 : fx_between(-0.05, 0.05);
            se = 0.045;
            f.n = 100;
            f.events = 88;
            f.estimate = d;
            f.lower = d - STATS_Z95 * se;
            f.upper = d + STATS_Z95 * se;
            f.statistic = pow(d / se, 2);
            f.df = 1;
            f.p = erfc(sqrt(f.statistic / 2));
            fx_put(t, &f);
            f.key = "compare.active_rate_fisher";
            f.estimate = exp(d * 8);
            f.lower = f.estimate * 0.45;
            f.upper = f.estimate * 2.3;
            f.statistic = f.df = NAN;
            f.p = fmin(1, f.p * 1.15);
            fx_put(t, &f);
        }
}

/* ---- data quality --------------------------------------------------------------- */

static void fx_quality(struct figtable *t)
{
    static const char *const waves[4] = { "baseline", "midpoint", "exit", "followup" };
    static const char *const kinds[7] = { "people", "cohorts", "items", "participants", "pairs",
                                          "sessions", "responses" };
    static const double quarantined[7] = { 3, 0, 0, 2, 1, 14, 27 };

    for (size_t s = 0; s <= FX_NCOHORTS; s++) {
        double n = s == 0 ? 1030 : 2.0 * FX_MENTORS[s - 1];

        for (int w = 0; w < 4; w++) {
            struct figure f = fx_rec("quality.response_rate", FX_SCOPES[s], "all", "wave", waves[w]);

            if (w == 3 && s >= 3)
                continue;   /* nobody of the recent cohorts has reached follow-up */
            fx_share(&f, floor(n * (0.92 - 0.14 * w) * fx_between(0.95, 1.0) + 0.5), n);
            fx_put(t, &f);
        }
    }
    for (int k = 0; k < 7; k++) {
        struct figure f = fx_rec("quality.quarantined", "all", "all", "kind", kinds[k]);

        f.n = quarantined[k];
        fx_put(t, &f);
    }
}

/* ---- the fixture ----------------------------------------------------------------- */

static void fx_fill(struct figtable *t, struct fixture *fx, int previous)
{
    int32_t as_of = previous ? date_from_ymd(2026, 6, 30) : date_from_ymd(2026, 9, 30);
    const char *codes[FX_NCOHORTS];

    fx_state = previous ? 0x5eed0002ULL : 0x5eed0001ULL;
    fx_retention(t, as_of, fx->cohorts);
    fx_surveys(t, fx->items);
    fx_engagement(t, previous);
    fx_compare(t);
    fx_quality(t);
    if (previous && fx_status == STATUS_OK) {
        /* the previous period's headline figures */
        for (size_t i = 0; i < t->len; i++) {
            struct figure *f = &t->rows[i];

            if (strcmp(f->cohort, "all") != 0 || strcmp(f->role, "all") != 0 ||
                strcmp(f->dimension, "none") != 0)
                continue;
            double was = f->estimate, now = NAN;

            if (strcmp(f->key, "confidence.change") == 0)
                now = FX_PREV_CONF_CHANGE;
            else if (strcmp(f->key, "satisfaction.mean") == 0)
                now = FX_PREV_SAT_MEAN;
            else if (strcmp(f->key, "nps") == 0)
                now = FX_PREV_NPS;
            if (isfinite(now)) {
                f->estimate = now;
                f->lower += now - was;
                f->upper += now - was;
            }
            if (strcmp(f->key, "retention.hr_adjusted") == 0 && strcmp(f->versus, "non-participants") == 0) {
                f->estimate = FX_PREV_HR;
                f->lower *= FX_PREV_HR / was;
                f->upper *= FX_PREV_HR / was;
            }
        }
    }
    for (size_t i = 0; i < FX_NCOHORTS; i++)
        codes[i] = FX_COHORT_CODES[i];
    figtable_sort(t, codes, FX_NCOHORTS);
}

/* Fill a fixture; STATUS_OK or STATUS_NOMEM. Release it with fixture_close(). */
static int fixture_open(struct fixture *fx)
{
    static const struct {
        const char *code, *construct, *text;
        double lo, hi;
        int reverse;
    } items[FX_NITEMS] = {
        { "conf_ai", "confidence", "Using AI tools in my work", 1, 5, 0 },
        { "conf_social", "confidence", "Social media and online reputation", 1, 5, 0 },
        { "conf_digital", "confidence", "Digital collaboration tools", 1, 5, 0 },
        { "conf_genz", "confidence", "Understanding what Gen Z colleagues expect", 1, 5, 0 },
        { "conf_inclusion", "confidence", "Leading inclusively", 1, 5, 0 },
        { "conf_hybrid", "confidence", "Leading hybrid teams", 1, 5, 0 },
        { "conf_feedback", "confidence", "Asking junior colleagues for feedback", 1, 5, 0 },
        { "conf_outoftouch", "confidence", "Not feeling out of touch with junior staff", 1, 5, 1 },
        { "sat_overall", "satisfaction", "Overall, I am satisfied with the programme", 1, 5, 0 },
        { "sat_match", "satisfaction", "My partner and I were well matched", 1, 5, 0 },
        { "sat_time", "satisfaction", "The time I gave was worth it", 1, 5, 0 },
        { "nps", "nps", "How likely are you to recommend the programme?", 0, 10, 0 },
    };
    static const struct {
        const char *code, *kind, *name;
        int y, m, d;
    } cohorts[FX_NCOHORTS] = {
        { "P1", "pilot", "Pilot \xe2\x80\x93 spring 2024", 2024, 1, 15 },
        { "F1", "full", "Wave 1 \xe2\x80\x93 autumn 2024", 2024, 9, 2 },
        { "F2", "full", "Wave 2 \xe2\x80\x93 spring 2025", 2025, 3, 3 },
        { "F3", "full", "Wave 3 \xe2\x80\x93 autumn 2025", 2025, 9, 1 },
        { "F4", "full", "Wave 4 \xe2\x80\x93 spring 2026", 2026, 3, 2 },
    };

    memset(fx, 0, sizeof *fx);
    fx_status = STATUS_OK;
    for (size_t i = 0; i < FX_NITEMS; i++) {
        fx->items[i].code = items[i].code;
        fx->items[i].construct = items[i].construct;
        fx->items[i].text = items[i].text;
        fx->items[i].scale_min = items[i].lo;
        fx->items[i].scale_max = items[i].hi;
        fx->items[i].reverse = items[i].reverse;
    }
    for (size_t i = 0; i < FX_NCOHORTS; i++) {
        fx->cohorts[i].code = cohorts[i].code;
        fx->cohorts[i].kind = cohorts[i].kind;
        fx->cohorts[i].name = cohorts[i].name;
        fx->cohorts[i].starts_on = date_from_ymd(cohorts[i].y, cohorts[i].m, cohorts[i].d);
        fx->cohorts[i].ends_on = INT32_MAX;
    }
    fx_fill(&fx->now, fx, 0);
    fx_fill(&fx->prev, fx, 1);

    fx->in.programme = FX_PROGRAMME;
    fx->in.org = NULL;
    fx->in.period = "2026-Q3";
    fx->in.previous_period = "2026-Q2";
    fx->in.period_start = date_from_ymd(2026, 7, 1);
    fx->in.period_end = date_from_ymd(2026, 9, 30);
    fx->in.as_of = fx->in.period_end;
    fx->in.previous_start = date_from_ymd(2026, 4, 1);
    fx->in.previous_end = date_from_ymd(2026, 6, 30);
    fx->in.min_cell = FX_MIN_CELL;
    fx->in.voluntary_only = 0;
    fx->in.version = "0.1.0";
    fx->in.run_id = "20261001T060000-revmentor-2026-Q3";
    fx->in.figures = &fx->now;
    fx->in.previous = &fx->prev;
    fx->in.cohorts = fx->cohorts;
    fx->in.ncohorts = FX_NCOHORTS;
    fx->in.items = fx->items;
    fx->in.nitems = FX_NITEMS;
    fx->in.input_rows[0] = 12480;
    fx->in.input_rows[1] = 5;
    fx->in.input_rows[2] = 12;
    fx->in.input_rows[3] = 1030;
    fx->in.input_rows[4] = 515;
    fx->in.input_rows[5] = 6874;
    fx->in.input_rows[6] = 21950;
    return fx_status;
}

static void fixture_close(struct fixture *fx)
{
    figtable_free(&fx->now);
    figtable_free(&fx->prev);
}

#endif
