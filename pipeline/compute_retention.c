/*
 * compute_retention.c: SPEC 3.1, retention from the roster, and rules 2-5, 8,
 * 15-21: Kaplan-Meier survival at 6, 12 and 24 months by scope, role and
 * group; the log-rank test over the groups shown; participants against the
 * comparison group, raw (S12 difference) and adjusted (Cox hazard ratio).
 */
#include "pipeline/compute.h"
#include "stats/cox.h"
#include "stats/km.h"
#include "stats/logrank.h"
#include "stats/padjust.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"
#include "pipeline/pool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double HORIZONS[3] = { 182, 365, 730 };
static const char *const HORIZON_KEYS[3] = { "retention.s6", "retention.s12", "retention.s24" };

/* ---- Follow-up ---------------------------------------------------------------------------------- */

/*
 * A follow-up from `origin`: an event when the person left by the as-of date
 * (with retention_events = voluntary, other leavers are censored at left_on,
 * rule 21), else censored at the as-of date. 0 when the person left before
 * the origin (rule 8: left out).
 */
static int follow_make(const struct compute *cx, int32_t person, int32_t origin, uint8_t role, struct follow *f)
{
    const struct person *p = &cx->m->people[person];
    int left = p->left != NO_DATE && p->left <= cx->opt.as_of;

    if (p->left != NO_DATE && p->left < origin)
        return 0;
    f->person = person;
    f->origin = origin;
    f->role = role;
    f->time = (double)((left ? p->left : cx->opt.as_of) - origin);
    f->event = left && (!cx->opt.voluntary_only || p->reason == LEAVE_VOLUNTARY);
    return 1;
}

/* 1 when the person took part in the programme by the as-of date (rule 2). */
static int is_participant(const struct compute *cx, int32_t person)
{
    return cx->m->people[person].first_enrolled <= cx->opt.as_of;
}

/* Employed on day d: hired_on <= d and (left_on empty or after d) (rule 4). */
static int employed_on(const struct person *p, int32_t d)
{
    return p->hired <= d && (p->left == NO_DATE || p->left > d);
}

static int follow_cmp(const void *pa, const void *pb)
{
    const struct follow *a = pa, *b = pb;

    if (a->time != b->time)
        return a->time < b->time ? -1 : 1;
    return (a->person > b->person) - (a->person < b->person);
}

/*
 * Sort follow-ups by (time, person) when they come in person order: a
 * counting sort on the whole days, stable, so ties keep person order; 0
 * when the times are not whole days in a modest range (then use qsort).
 */
static int follow_sort_days(struct follow **f, size_t n)
{
    enum { MAX_DAYS = 1 << 16 };
    size_t *start = NULL;
    struct follow *out = NULL;
    double top = 0;

    for (size_t i = 0; i < n; i++) {
        double t = (*f)[i].time;

        if (!(t >= 0 && t < MAX_DAYS && t == floor(t)))
            return 0;
        top = t > top ? t : top;
    }
    start = calloc((size_t)top + 2, sizeof *start);
    out = malloc((n + 1) * sizeof *out);
    if (start == NULL || out == NULL) {
        free(start);
        free(out);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        start[(size_t)(*f)[i].time + 1]++;
    for (size_t d = 0; d <= (size_t)top; d++)
        start[d + 1] += start[d];
    for (size_t i = 0; i < n; i++)
        out[start[(size_t)(*f)[i].time]++] = (*f)[i];
    free(start);
    free(*f);
    *f = out;
    return 1;
}

int retention_follow(const struct compute *cx, size_t c, struct follow **part, size_t *npart,
                     struct follow **comp, size_t *ncomp)
{
    const struct model *m = cx->m;
    unsigned char *orgs = calloc(m->dims[DIM_ORG].n + 1, 1);
    int32_t *first = NULL;
    int32_t start;
    int64_t unknown;
    int st = STATUS_OK;

    *part = *comp = NULL;
    *npart = *ncomp = 0;
    *part = malloc((m->nparts + 1) * sizeof **part);
    *comp = malloc((m->npeople + 1) * sizeof **comp);
    if (orgs == NULL || *part == NULL || *comp == NULL) {
        st = err_set(STATUS_NOMEM, "out of memory following up the people");
        goto out;
    }
    if (c == cx->ncohorts) {
        first = compute_earliest(cx);
        if (first == NULL) {
            st = err_set(STATUS_NOMEM, "out of memory following up the people");
            goto out;
        }
        for (size_t i = 0; i < m->npeople; i++) {
            const struct participation *pa = first[i] >= 0 ? &m->parts[first[i]] : NULL;

            if (pa == NULL || !compute_in_org(cx, pa->person))
                continue;
            orgs[m->people[pa->person].dim[DIM_ORG]] = 1;
            *npart += (size_t)follow_make(cx, pa->person, pa->enrolled, pa->role, &(*part)[*npart]);
        }
    } else {
        for (size_t k = 0; k < m->nparts; k++) {
            const struct participation *pa = &m->parts[k];

            if ((size_t)pa->cohort != c || pa->enrolled > cx->opt.as_of || !compute_in_org(cx, pa->person))
                continue;
            orgs[m->people[pa->person].dim[DIM_ORG]] = 1;
            *npart += (size_t)follow_make(cx, pa->person, pa->enrolled, pa->role, &(*part)[*npart]);
        }
    }
    /* The comparison group: nobody who took part, employed on the start, in an org the participants come from. */
    if (map_get(&m->dims[DIM_ORG].index, "unknown", 7, &unknown))
        orgs[unknown] = 0;
    start = c == cx->ncohorts ? (cx->ncohorts ? m->cohorts[0].starts : NO_DATE) : m->cohorts[c].starts;
    for (size_t i = 0; i < m->npeople && start != NO_DATE; i++) {
        const struct person *p = &m->people[i];

        if (!orgs[p->dim[DIM_ORG]] || is_participant(cx, (int32_t)i) || !employed_on(p, start))
            continue;
        *ncomp += (size_t)follow_make(cx, (int32_t)i, start, ROLE_NONE, &(*comp)[*ncomp]);
    }
    qsort(*part, *npart, sizeof **part, follow_cmp);
    /* The comparison group was gathered in person order. */
    if (!follow_sort_days(comp, *ncomp))
        qsort(*comp, *ncomp, sizeof **comp, follow_cmp);
out:
    free(orgs);
    free(first);
    if (st != STATUS_OK) {
        free(*part);
        free(*comp);
        *part = *comp = NULL;
        *npart = *ncomp = 0;
    }
    return st;
}

/* ---- Groups of follow-ups ----------------------------------------------------------------------- */

/* Follow-ups sorted by time, as the arrays stats/ takes. */
struct sample {
    double *time;
    int *event;
    int32_t *person;
    int32_t *origin;
    size_t n;
    size_t events;
};

static int sample_alloc(struct sample *s, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->time = malloc((cap + 1) * sizeof *s->time);
    s->event = malloc((cap + 1) * sizeof *s->event);
    s->person = malloc((cap + 1) * sizeof *s->person);
    s->origin = malloc((cap + 1) * sizeof *s->origin);
    if (!s->time || !s->event || !s->person || !s->origin)
        return err_set(STATUS_NOMEM, "out of memory fitting survival");
    return STATUS_OK;
}

static void sample_free(struct sample *s)
{
    free(s->time);
    free(s->event);
    free(s->person);
    free(s->origin);
    memset(s, 0, sizeof *s);
}

static void sample_push(struct sample *s, const struct follow *f)
{
    s->time[s->n] = f->time;
    s->event[s->n] = f->event;
    s->person[s->n] = f->person;
    s->origin[s->n] = f->origin;
    s->events += (size_t)f->event;
    s->n++;
}

/*
 * The follow-ups of one scope role whose person has `code` in dimension
 * `dim` (dim < 0: everyone), kept in time order.
 */
static void sample_fill(const struct compute *cx, struct sample *s, const struct follow *f, size_t n,
                        int role, int dim, int code)
{
    s->n = s->events = 0;
    for (size_t i = 0; i < n; i++) {
        if (role == SR_MENTOR && f[i].role != ROLE_MENTOR)
            continue;
        if (role == SR_MENTEE && f[i].role != ROLE_MENTEE)
            continue;
        if (dim >= 0 && cx->m->people[f[i].person].dim[dim] != code)
            continue;
        sample_push(s, &f[i]);
    }
}

/* The codes of dimension `dim` present in a sample, in byte order of their names. */
static size_t sample_codes(const struct compute *cx, const struct sample *s, int dim, int *codes)
{
    const struct dict *d = &cx->m->dims[dim];
    unsigned char *seen = calloc(d->n + 1, 1);
    size_t n = 0;

    if (seen == NULL)
        return 0;
    for (size_t i = 0; i < s->n; i++)
        seen[cx->m->people[s->person[i]].dim[dim]] = 1;
    for (size_t k = 0; k < d->n; k++) {
        if (seen[k])
            codes[n++] = (int)k;
    }
    free(seen);
    /* Insertion sort by name: a handful of groups. */
    for (size_t i = 1; i < n; i++) {
        int v = codes[i];
        size_t j = i;

        while (j > 0 && strcmp(d->names[codes[j - 1]], d->names[v]) > 0) {
            codes[j] = codes[j - 1];
            j--;
        }
        codes[j] = v;
    }
    return n;
}

/*
 * The follow-ups of `s` grouped by their code in dimension `dim`, each group
 * still in time order: group k is order[start[k] .. start[k + 1]).
 */
static void sample_buckets(const struct compute *cx, const struct sample *s, int dim, size_t *start, size_t *order)
{
    size_t ncodes = cx->m->dims[dim].n;

    memset(start, 0, (ncodes + 1) * sizeof *start);
    for (size_t i = 0; i < s->n; i++)
        start[cx->m->people[s->person[i]].dim[dim] + 1]++;
    for (size_t k = 0; k < ncodes; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < s->n; i++) {
        size_t *next = &start[cx->m->people[s->person[i]].dim[dim]];

        order[(*next)++] = i;
    }
    /* The fill moved each start to its group's end: shift back. */
    memmove(start + 1, start, ncodes * sizeof *start);
    start[0] = 0;
}

/* Copy the follow-ups order[from .. to) of `s` into `t`. */
static void sample_gather(const struct sample *s, const size_t *order, size_t from, size_t to, struct sample *t)
{
    t->n = t->events = 0;
    for (size_t k = from; k < to; k++) {
        size_t i = order[k];

        t->time[t->n] = s->time[i];
        t->event[t->n] = s->event[i];
        t->person[t->n] = s->person[i];
        t->origin[t->n] = s->origin[i];
        t->events += (size_t)s->event[i];
        t->n++;
    }
}

/* ---- Figures -------------------------------------------------------------------------------- */

/* retention.s6, s12, s24 of one group (rules 15, 16). */
static int add_survival(struct compute *cx, size_t c, const char *role, const char *dim, const char *group,
                        const struct sample *s, const struct stats_km *km)
{
    int st = STATUS_OK;

    for (int h = 0; h < 3 && st == STATUS_OK; h++) {
        struct figure f = compute_figure(cx, HORIZON_KEYS[h], c, NULL, role, dim, group);
        struct stats_km_point pt;

        f.n = (double)s->n;
        f.events = (double)s->events;
        if (km != NULL && stats_km_at(km, HORIZONS[h], &pt) != STATUS_DOMAIN) {
            f.estimate = pt.surv;
            f.lower = pt.lower;
            f.upper = pt.upper;
        }
        st = compute_add(cx, &f, (double)s->n);
    }
    return st;
}

/* The Kaplan-Meier step table of a dimension-none scope, for the reports. */
static int add_curve(struct compute *cx, size_t c, const char *role, const struct sample *s,
                     const struct stats_km *km)
{
    struct figcurve cv;
    double *buf = NULL;
    size_t k = km ? km->n_steps : 0;
    int st;

    memset(&cv, 0, sizeof cv);
    cv.cohort = compute_cohort_code(cx, c);
    cv.role = role;
    cv.suppressed = s->n < (size_t)cx->opt.min_cell;
    cv.n = cv.suppressed ? NAN : (double)s->n;
    cv.events = cv.suppressed ? NAN : (double)s->events;
    if (!cv.suppressed && k > 0) {
        buf = malloc(3 * k * sizeof *buf);
        if (buf == NULL)
            return err_set(STATUS_NOMEM, "out of memory keeping a survival curve");
        for (size_t i = 0; i < k; i++) {
            buf[i] = (double)km->n_risk[i];
            buf[k + i] = (double)km->n_event[i];
            buf[2 * k + i] = (double)km->n_censor[i];
        }
        cv.steps = k;
        cv.time = km->time;
        cv.n_risk = buf;
        cv.n_event = buf + k;
        cv.n_censor = buf + 2 * k;
        cv.surv = km->surv;
        cv.lower = km->lower;
        cv.upper = km->upper;
    }
    st = figtable_add_curve(cx->t, &cv);
    free(buf);
    return st;
}

/* Room to split samples into groups. */
struct split {
    size_t *start, *order;      /* bucket starts and the sample's rows by group */
    int *codes;                 /* the codes present, in name order */
    double *people;             /* per code present: its people */
    int *shown;                 /* per code present: shown after disclosure control */
    int *keep;                  /* per code: its number among the groups shown, or -1 */
    int *grp;                   /* per row: its group's number */
};

/* The comparison group's Kaplan-Meier fits of one scope, overall and by group, for the contrasts. */
struct comp_fits {
    struct stats_km *none;
    struct stats_km **by[NDIMS];    /* by[d][code]; NULL where the group has nobody */
};

static void comp_fits_free(const struct compute *cx, struct comp_fits *cf)
{
    stats_km_free(cf->none);
    for (int d = 0; d < NDIMS; d++) {
        for (size_t k = 0; cf->by[d] != NULL && k < cx->m->dims[d].n; k++)
            stats_km_free(cf->by[d][k]);
        free(cf->by[d]);
    }
    memset(cf, 0, sizeof *cf);
}

/*
 * S12(a) - S12(b) with its interval, and the log-rank test of the two from
 * their step tables (the same result as from their rows, rule 18). A NULL
 * fit is a group with nobody.
 */
static int contrast_km(const struct stats_km *ka, const struct stats_km *kb, struct figure *f)
{
    struct stats_km_point pa, pb;
    struct stats_interval diff;
    struct stats_logrank *lr = NULL;
    size_t na = ka ? ka->n_steps : 0, nb = kb ? kb->n_steps : 0, nt = 0, i = 0, j = 0;
    double *time = NULL;
    size_t *ended = NULL, *events = NULL;
    int st;

    pa.surv = pa.var = pb.surv = pb.var = NAN;
    if (ka != NULL)
        stats_km_at(ka, 365, &pa);
    if (kb != NULL)
        stats_km_at(kb, 365, &pb);
    stats_km_diff(&pa, &pb, &diff);
    f->estimate = diff.estimate;
    f->lower = diff.lower;
    f->upper = diff.upper;
    if (na == 0 || nb == 0)
        return STATUS_OK;
    time = malloc((na + nb) * sizeof *time);
    ended = calloc(2 * (na + nb), sizeof *ended);
    events = calloc(2 * (na + nb), sizeof *events);
    if (time == NULL || ended == NULL || events == NULL) {
        st = err_set(STATUS_NOMEM, "out of memory comparing retention");
        goto out;
    }
    /* The two step tables in one time order: group 0 and group 1. */
    while (i < na || j < nb) {
        double t = j == nb || (i < na && ka->time[i] <= kb->time[j]) ? ka->time[i] : kb->time[j];

        time[nt] = t;
        if (i < na && ka->time[i] == t) {
            ended[2 * nt] = ka->n_event[i] + ka->n_censor[i];
            events[2 * nt] = ka->n_event[i];
            i++;
        }
        if (j < nb && kb->time[j] == t) {
            ended[2 * nt + 1] = kb->n_event[j] + kb->n_censor[j];
            events[2 * nt + 1] = kb->n_event[j];
            j++;
        }
        nt++;
    }
    st = stats_logrank_test_counts(time, ended, events, nt, 2, &lr);
    if (st == STATUS_OK || st == STATUS_EMPTY) {
        f->statistic = lr->statistic;
        f->df = lr->df;
        f->p = lr->p;
        st = STATUS_OK;
    }
out:
    stats_logrank_free(lr);
    free(time);
    free(ended);
    free(events);
    return st;
}

int retention_contrast(const double *ta, const int *ea, size_t na, const double *tb, const int *eb, size_t nb,
                       struct figure *f)
{
    struct stats_km *ka = NULL, *kb = NULL;
    int st;

    st = stats_km_fit_sorted(ta, ea, na, &ka);
    if (st == STATUS_OK || st == STATUS_EMPTY)
        st = stats_km_fit_sorted(tb, eb, nb, &kb);
    if (st == STATUS_OK || st == STATUS_EMPTY)
        st = contrast_km(ka, kb, f);
    stats_km_free(ka);
    stats_km_free(kb);
    return st;
}

/*
 * retention.vs_comparison of one group: participants against the comparison
 * people of the same group (rule 18).
 */
static int versus_add(struct compute *cx, size_t c, int role, const char *dim, const char *group,
                      const struct stats_km *ka, const struct stats_km *kb)
{
    struct figure f = compute_figure(cx, "retention.vs_comparison", c, "non-participants",
                                     SCOPE_ROLE_NAMES[role], dim, group);
    size_t na = ka ? ka->n : 0, nb = kb ? kb->n : 0;
    int st;

    f.n = (double)na;
    f.events = ka ? (double)ka->events : 0;
    st = contrast_km(ka, kb, &f);
    if (st == STATUS_OK)
        st = compute_add(cx, &f, (double)(na < nb ? na : nb));
    return st;
}

/*
 * retention.logrank of one dimension: the groups shown after disclosure
 * control (rule 19, SPEC section 4), decided here by the rule
 * disclosure_apply() applies to their retention.s12 figures. The rows of
 * `s` are the role's, in time order; sp->codes[0 .. ncodes) its groups.
 * Returns the test's p-value into *p (NAN when none).
 */
static int logrank_add(struct compute *cx, size_t c, int role, int d, const struct sample *s, size_t ncodes,
                       struct split *sp, struct sample *t, double *p)
{
    struct figure fig = compute_figure(cx, "retention.logrank", c, NULL, SCOPE_ROLE_NAMES[role], DIM_NAMES[d],
                                       "all");
    struct stats_logrank *lr = NULL;
    size_t nshown = 0;
    int st;

    *p = NAN;
    disclosure_groups(sp->people, ncodes, cx->opt.min_cell, sp->shown);
    for (size_t g = 0; g < ncodes; g++)
        sp->keep[sp->codes[g]] = sp->shown[g] ? (int)nshown++ : -1;
    if (nshown == 0) {
        fig.suppressed = 1;
        return compute_add(cx, &fig, NAN);
    }
    /* The rows of the shown groups, in time order, each with its group's number. */
    t->n = t->events = 0;
    for (size_t i = 0; i < s->n; i++) {
        int k = sp->keep[cx->m->people[s->person[i]].dim[d]];

        if (k < 0)
            continue;
        sp->grp[t->n] = k;
        t->time[t->n] = s->time[i];
        t->event[t->n] = s->event[i];
        t->events += (size_t)s->event[i];
        t->n++;
    }
    fig.n = (double)t->n;
    fig.events = (double)t->events;
    st = stats_logrank_test_sorted(t->time, t->event, sp->grp, t->n, nshown, &lr);
    if (st == STATUS_OK || st == STATUS_EMPTY) {
        fig.statistic = lr->statistic;
        fig.df = lr->df;
        fig.p = lr->p;
        *p = lr->p;
        st = compute_add(cx, &fig, NAN);
    }
    stats_logrank_free(lr);
    return st;
}

/*
 * The survival figures of one scope and role: dimension none and every
 * group of every dimension; for a participant role, each against the
 * comparison group's fit of the same group (held in `cf`, which the
 * comparison role fills first); the log-rank tests over each dimension's
 * groups, Holm-adjusted over the dimensions.
 */
static int survival_role(struct compute *cx, size_t c, int role, const struct follow *f, size_t n,
                         struct sample *s, struct sample *t, struct split *sp, struct comp_fits *cf)
{
    const char *rname = SCOPE_ROLE_NAMES[role];
    int comparison = role == SR_NONPARTICIPANT, breakdowns = !cx->opt.headline;
    struct stats_km *km = NULL;
    size_t logrank_row[NDIMS];
    double p[NDIMS], adj[NDIMS];
    int st;

    sample_fill(cx, s, f, n, role, -1, 0);
    st = stats_km_fit_sorted(s->time, s->event, s->n, &km);
    if (st == STATUS_OK || st == STATUS_EMPTY)
        st = add_survival(cx, c, rname, "none", "all", s, km);
    if (st == STATUS_OK)
        st = add_curve(cx, c, rname, s, km);
    if (st == STATUS_OK && !comparison && breakdowns)
        st = versus_add(cx, c, role, "none", "all", km, cf->none);
    if (comparison)
        cf->none = km;
    else
        stats_km_free(km);
    km = NULL;
    for (int d = 0; d < NDIMS && st == STATUS_OK && breakdowns && s->n > 0; d++) {
        size_t ncodes = sample_codes(cx, s, d, sp->codes);

        if (comparison && (cf->by[d] = calloc(cx->m->dims[d].n + 1, sizeof *cf->by[d])) == NULL)
            st = err_set(STATUS_NOMEM, "out of memory computing retention");
        sample_buckets(cx, s, d, sp->start, sp->order);
        for (size_t g = 0; g < ncodes && st == STATUS_OK; g++) {
            int code = sp->codes[g];
            const char *group = cx->m->dims[d].names[code];

            sample_gather(s, sp->order, sp->start[code], sp->start[code + 1], t);
            sp->people[g] = (double)t->n;
            st = stats_km_fit_sorted(t->time, t->event, t->n, &km);
            if (st == STATUS_OK || st == STATUS_EMPTY)
                st = add_survival(cx, c, rname, DIM_NAMES[d], group, t, km);
            if (st == STATUS_OK && !comparison)
                st = versus_add(cx, c, role, DIM_NAMES[d], group, km, cf->by[d] ? cf->by[d][code] : NULL);
            if (comparison && cf->by[d] != NULL)
                cf->by[d][code] = km;
            else
                stats_km_free(km);
            km = NULL;
        }
        logrank_row[d] = cx->t->len;
        if (st == STATUS_OK)
            st = logrank_add(cx, c, role, d, s, ncodes, sp, t, &p[d]);
    }
    if (st != STATUS_OK || !breakdowns || s->n == 0)
        return st;
    /* Holm over the dimensions of this cohort and role (their non-empty p-values). */
    st = stats_padjust_holm(p, NDIMS, adj);
    if (st != STATUS_OK && st != STATUS_EMPTY)
        return st;
    for (int d = 0; d < NDIMS; d++)
        cx->t->rows[logrank_row[d]].p_adj = adj[d];
    return STATUS_OK;
}

/* Put two time-ordered samples into one, groups 0 and 1, still in time order. */
static void sample_merge(const struct sample *a, const struct sample *b, struct sample *out, int *group)
{
    size_t i = 0, j = 0;

    out->n = out->events = 0;
    while (i < a->n || j < b->n) {
        int take_a = j == b->n || (i < a->n && a->time[i] <= b->time[j]);
        const struct sample *s = take_a ? a : b;
        size_t k = take_a ? i++ : j++;

        out->time[out->n] = s->time[k];
        out->event[out->n] = s->event[k];
        out->person[out->n] = s->person[k];
        out->origin[out->n] = s->origin[k];
        group[out->n] = take_a ? 0 : 1;
        out->events += (size_t)s->event[k];
        out->n++;
    }
}

/* ---- The adjusted hazard ratio (rule 20) -------------------------------------------------------- */

/*
 * One factor of the Cox model: the levels kept as dummy columns. A level
 * without an event joins the reference level, the most common level among
 * those with an event (counted over the model's rows before merging; ties:
 * byte order); a factor left with one level is left out.
 */
static size_t factor_columns(const struct compute *cx, const struct sample *rows, int dim, int *levels)
{
    const struct dict *d = &cx->m->dims[dim];
    size_t *count = calloc(d->n + 1, sizeof *count), *events = calloc(d->n + 1, sizeof *events);
    size_t n = 0;
    int ref = -1;

    if (count == NULL || events == NULL) {
        free(count);
        free(events);
        return 0;
    }
    for (size_t i = 0; i < rows->n; i++) {
        int code = cx->m->people[rows->person[i]].dim[dim];

        count[code]++;
        events[code] += (size_t)rows->event[i];
    }
    for (size_t k = 0; k < d->n; k++) {
        if (events[k] == 0)
            continue;
        if (ref < 0 || count[k] > count[ref] || (count[k] == count[ref] && strcmp(d->names[k], d->names[ref]) < 0))
            ref = (int)k;
    }
    for (size_t k = 0; k < d->n && ref >= 0; k++) {
        if (events[k] > 0 && (int)k != ref)
            levels[n++] = (int)k;
    }
    /* Columns in the byte order of the level names, as R's factor() orders them. */
    for (size_t i = 1; i < n; i++) {
        int v = levels[i];
        size_t j = i;

        while (j > 0 && strcmp(d->names[levels[j - 1]], d->names[v]) > 0) {
            levels[j] = levels[j - 1];
            j--;
        }
        levels[j] = v;
    }
    free(count);
    free(events);
    return n;
}

/*
 * retention.hr_adjusted for one role: coxph(Surv(time, event) ~ participant
 * + grade + gender + age_band + tenure_years, ties = "efron") over the
 * participants of the role and the comparison group. The fit runs as a job
 * on the worker threads; the main thread prepares the design and, once the
 * jobs are done, writes the figure.
 */
struct hazard_job {
    size_t c;
    int role;
    size_t n, ncol, npart, ncomp, events;
    int fitted;                 /* 0: a side without events, no fit (rule 20) */
    /* The design, compact while it waits: a row's participant flag, its column for each factor */
    /* (or -1 for the reference level) and its tenure; the worker spreads it into columns. */
    double *time, *tenure;
    int *event;
    unsigned char *participant;
    int16_t *level[3];
    size_t nlevels[3];
    struct stats_cox *fit;      /* the worker's result */
    int st;
    char message[ERR_MSG_MAX];
};

static void hazard_design_free(struct hazard_job *j)
{
    free(j->time);
    free(j->tenure);
    free(j->event);
    free(j->participant);
    for (int f = 0; f < 3; f++)
        free(j->level[f]);
    j->time = j->tenure = NULL;
    j->event = NULL;
    j->participant = NULL;
    for (int f = 0; f < 3; f++)
        j->level[f] = NULL;
}

/*
 * The compact design in the compressed rows the Cox fit takes (at most five
 * values a row: participant, three factors, tenure), and the fit.
 */
static void hazard_fit(void *arg)
{
    struct hazard_job *j = arg;
    size_t *start = malloc((j->n + 1) * sizeof *start);
    uint16_t *col = malloc((j->n * 5 + 1) * sizeof *col);
    double *val = malloc((j->n * 5 + 1) * sizeof *val);
    size_t k = 0;

    if (start == NULL || col == NULL || val == NULL) {
        j->st = STATUS_NOMEM;
        str_copy(j->message, sizeof j->message, "out of memory fitting the Cox model");
        goto out;
    }
    for (size_t i = 0; i < j->n; i++) {
        size_t first = 1;

        start[i] = k;
        if (j->participant[i]) {
            col[k] = 0;
            val[k++] = 1;
        }
        for (int f = 0; f < 3; f++) {
            if (j->level[f][i] >= 0) {
                col[k] = (uint16_t)(first + (size_t)j->level[f][i]);
                val[k++] = 1;
            }
            first += j->nlevels[f];
        }
        col[k] = (uint16_t)first;
        val[k++] = j->tenure[i];
    }
    start[j->n] = k;
    /* The compact design is spread out: let it go, and lend the values as the fit's working copy. */
    free(j->tenure);
    free(j->participant);
    for (int f = 0; f < 3; f++)
        free(j->level[f]);
    j->tenure = NULL;
    j->participant = NULL;
    for (int f = 0; f < 3; f++)
        j->level[f] = NULL;
    j->st = stats_cox_fit_rows_inplace(j->time, j->event, start, col, val, j->n, j->ncol, &j->fit);
    if (j->st != STATUS_OK && j->st != STATUS_EMPTY && j->st != STATUS_NOCONV)
        str_copy(j->message, sizeof j->message, err_msg());
out:
    free(start);
    free(col);
    free(val);
    hazard_design_free(j);
}

static void hazard_job_free(struct hazard_job *j)
{
    if (j == NULL)
        return;
    hazard_design_free(j);
    stats_cox_free(j->fit);
    free(j);
}

/* Build the design of one role's model and hand it to the workers. */
static int hazard_submit(struct compute *cx, size_t c, int role, const struct follow *part, size_t np,
                         const struct follow *comp, size_t nc, struct sample *both, int *grp)
{
    static const int factors[3] = { DIM_GRADE, DIM_GENDER, DIM_AGE_BAND };
    struct hazard_job *j = calloc(1, sizeof *j);
    struct sample a, b;
    int *levels[3] = { NULL, NULL, NULL };
    int16_t *column[3] = { NULL, NULL, NULL };
    int st;

    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    st = j ? sample_alloc(&a, np) : err_set(STATUS_NOMEM, "out of memory fitting the Cox model");
    if (st == STATUS_OK)
        st = sample_alloc(&b, nc);
    if (st != STATUS_OK)
        goto out;
    j->c = c;
    j->role = role;
    sample_fill(cx, &a, part, np, role, -1, 0);
    sample_fill(cx, &b, comp, nc, SR_ALL, -1, 0);
    sample_merge(&a, &b, both, grp);
    j->n = both->n;
    j->npart = a.n;
    j->ncomp = b.n;
    j->events = both->events;
    j->fitted = a.events > 0 && b.events > 0;
    if (!j->fitted)
        goto queue;
    j->ncol = 2;
    for (int f = 0; f < 3; f++) {
        size_t ncodes = cx->m->dims[factors[f]].n;

        levels[f] = malloc((ncodes + 1) * sizeof *levels[f]);
        column[f] = malloc((ncodes + 1) * sizeof *column[f]);
        j->level[f] = malloc((both->n + 1) * sizeof *j->level[f]);
        if (levels[f] == NULL || column[f] == NULL || j->level[f] == NULL) {
            st = err_set(STATUS_NOMEM, "out of memory fitting the Cox model");
            goto out;
        }
        j->nlevels[f] = factor_columns(cx, both, factors[f], levels[f]);
        j->ncol += j->nlevels[f];
        /* Each code's column among the factor's dummies, -1 for the reference (merged) levels. */
        for (size_t k = 0; k < ncodes; k++)
            column[f][k] = -1;
        for (size_t l = 0; l < j->nlevels[f]; l++)
            column[f][levels[f][l]] = (int16_t)l;
    }
    j->time = malloc((both->n + 1) * sizeof *j->time);
    j->event = malloc((both->n + 1) * sizeof *j->event);
    j->tenure = malloc((both->n + 1) * sizeof *j->tenure);
    j->participant = malloc(both->n + 1);
    if (j->time == NULL || j->event == NULL || j->tenure == NULL || j->participant == NULL) {
        st = err_set(STATUS_NOMEM, "out of memory fitting the Cox model");
        goto out;
    }
    memcpy(j->time, both->time, both->n * sizeof *j->time);
    memcpy(j->event, both->event, both->n * sizeof *j->event);
    for (size_t i = 0; i < both->n; i++) {
        const struct person *p = &cx->m->people[both->person[i]];

        j->participant[i] = grp[i] == 0;
        for (int f = 0; f < 3; f++)
            j->level[f][i] = column[f][p->dim[factors[f]]];
        /* tenure_years = (origin - hired_on) / 365.25 (rule 5) */
        j->tenure[i] = (double)(both->origin[i] - p->hired) / 365.25;
    }
queue:
    if (cx->njobs == cx->jobs_cap) {
        size_t cap = cx->jobs_cap ? cx->jobs_cap * 2 : 32;
        void **jobs = realloc(cx->jobs, cap * sizeof *jobs);

        if (jobs == NULL) {
            st = err_set(STATUS_NOMEM, "out of memory fitting the Cox model");
            goto out;
        }
        cx->jobs = jobs;
        cx->jobs_cap = cap;
    }
    cx->jobs[cx->njobs++] = j;
    if (j->fitted)
        pool_submit(cx->pool, hazard_fit, j);
    j = NULL;
out:
    hazard_job_free(j);
    for (int f = 0; f < 3; f++) {
        free(levels[f]);
        free(column[f]);
    }
    sample_free(&a);
    sample_free(&b);
    return st;
}

/* Once the workers are done: the figure of each fitted model. */
static int hazard_finish(struct compute *cx)
{
    int st = STATUS_OK;

    pool_wait(cx->pool);
    for (size_t i = 0; i < cx->njobs; i++) {
        struct hazard_job *j = cx->jobs[i];
        struct figure f = compute_figure(cx, "retention.hr_adjusted", j->c, "non-participants",
                                         SCOPE_ROLE_NAMES[j->role], "none", "all");

        f.n = (double)j->n;
        f.events = (double)j->events;
        if (st == STATUS_OK && j->fitted && j->st != STATUS_OK && j->st != STATUS_EMPTY && j->st != STATUS_NOCONV)
            st = err_set(j->st, "%s", j->message);
        /* Empty when the fit did not converge or a coefficient may be infinite (rule 20). */
        if (j->fitted && j->st == STATUS_OK && !j->fit->any_infinite && !j->fit->dropped[0]) {
            struct stats_interval hr;

            stats_cox_hr(j->fit, 0, &hr);
            f.estimate = hr.estimate;
            f.lower = hr.lower;
            f.upper = hr.upper;
            f.statistic = j->fit->z[0];
            f.p = j->fit->p[0];
        }
        if (st == STATUS_OK)
            st = compute_add(cx, &f, (double)(j->npart < j->ncomp ? j->npart : j->ncomp));
        hazard_job_free(j);
    }
    free(cx->jobs);
    cx->jobs = NULL;
    cx->njobs = cx->jobs_cap = 0;
    return st;
}

/* ---- The section ---------------------------------------------------------------------------- */

static int retention_scope(struct compute *cx, size_t c)
{
    static const int roles[NSCOPE_ROLES] = { SR_NONPARTICIPANT, SR_ALL, SR_MENTOR, SR_MENTEE };
    struct follow *part = NULL, *comp = NULL;
    struct sample s, t, both;
    struct split sp;
    struct comp_fits cf;
    size_t np, nc, maxcodes = 0;
    int st;

    memset(&s, 0, sizeof s);
    memset(&t, 0, sizeof t);
    memset(&both, 0, sizeof both);
    memset(&sp, 0, sizeof sp);
    memset(&cf, 0, sizeof cf);
    st = retention_follow(cx, c, &part, &np, &comp, &nc);
    if (st != STATUS_OK)
        return st;
    for (int d = 0; d < NDIMS; d++)
        maxcodes = cx->m->dims[d].n > maxcodes ? cx->m->dims[d].n : maxcodes;
    sp.codes = malloc((maxcodes + 1) * sizeof *sp.codes);
    sp.start = malloc((maxcodes + 2) * sizeof *sp.start);
    sp.people = malloc((maxcodes + 1) * sizeof *sp.people);
    sp.shown = malloc((maxcodes + 1) * sizeof *sp.shown);
    sp.keep = malloc((maxcodes + 1) * sizeof *sp.keep);
    sp.order = malloc((np + nc + 1) * sizeof *sp.order);
    sp.grp = malloc((np + nc + 1) * sizeof *sp.grp);
    st = sp.codes && sp.start && sp.people && sp.shown && sp.keep && sp.order && sp.grp
             ? STATUS_OK : err_set(STATUS_NOMEM, "out of memory computing retention");
    if (st == STATUS_OK)
        st = sample_alloc(&s, np > nc ? np : nc);
    if (st == STATUS_OK)
        st = sample_alloc(&t, np > nc ? np : nc);
    if (st == STATUS_OK)
        st = sample_alloc(&both, np + nc);
    /* The comparison group first: the participant roles are set against its fits. */
    for (int r = 0; r < NSCOPE_ROLES && st == STATUS_OK; r++) {
        int role = roles[r], comparison = role == SR_NONPARTICIPANT;

        if (cx->opt.headline && role != SR_ALL)
            continue;
        st = survival_role(cx, c, role, comparison ? comp : part, comparison ? nc : np, &s, &t, &sp, &cf);
        if (st == STATUS_OK && !comparison)
            st = hazard_submit(cx, c, role, part, np, comp, nc, &both, sp.grp);
    }
    comp_fits_free(cx, &cf);
    free(part);
    free(comp);
    free(sp.codes);
    free(sp.start);
    free(sp.people);
    free(sp.shown);
    free(sp.keep);
    free(sp.order);
    free(sp.grp);
    sample_free(&s);
    sample_free(&t);
    sample_free(&both);
    return st;
}

int compute_retention(struct compute *cx)
{
    int st = STATUS_OK, finish;

    for (size_t c = 0; c <= cx->ncohorts && st == STATUS_OK; c++) {
        if (cx->opt.headline && c != cx->ncohorts)
            continue;
        st = retention_scope(cx, c);
    }
    /* Wait for the Cox fits in any case: their jobs hold memory and threads. */
    finish = hazard_finish(cx);
    return st != STATUS_OK ? st : finish;
}
