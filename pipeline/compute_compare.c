/*
 * compute_compare.c: SPEC 3.5, every cohort A against every cohort B that
 * started before it (rule 34: kind plays no part; a person in both counts in
 * both), and rules 35-39. cohort = A, versus = B, estimate = A - B.
 */
#include "pipeline/compute.h"
#include "stats/effect.h"
#include "stats/prop.h"
#include "stats/rank.h"
#include "stats/ttest.h"
#include "common/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What one cohort brings to its comparisons. */
struct side {
    struct follow *follow;   /* participants, time order */
    size_t nfollow, events;
    double *change;          /* exit - baseline confidence */
    size_t nchange;
    double *sat;             /* satisfaction scores */
    size_t nsat;
    long nps_n, promoters, detractors;
    long live, active;
};

static void side_free(struct side *s)
{
    free(s->follow);
    free(s->change);
    free(s->sat);
}

static int side_read(const struct compute *cx, size_t c, struct side *s)
{
    struct survey_unit *units = NULL;
    struct follow *comp = NULL;
    size_t nunits = 0, ncomp = 0;
    int st;

    memset(s, 0, sizeof *s);
    st = retention_follow(cx, c, &s->follow, &s->nfollow, &comp, &ncomp);
    free(comp);
    if (st == STATUS_OK)
        st = survey_units(cx, c, &units, &nunits);
    if (st != STATUS_OK)
        return st;
    for (size_t i = 0; i < s->nfollow; i++)
        s->events += (size_t)s->follow[i].event;
    s->change = malloc((nunits + 1) * sizeof *s->change);
    s->sat = malloc((nunits + 1) * sizeof *s->sat);
    if (s->change == NULL || s->sat == NULL) {
        free(units);
        return err_set(STATUS_NOMEM, "out of memory comparing cohorts");
    }
    for (size_t i = 0; i < nunits; i++) {
        double b = survey_confidence(cx, units[i].slot, WAVE_BASELINE);
        double e = survey_confidence(cx, units[i].slot, WAVE_EXIT);
        double sat = survey_satisfaction(cx, units[i].slot);
        double nps = survey_nps(cx, units[i].slot);

        if (!isnan(b) && !isnan(e))
            s->change[s->nchange++] = e - b;
        if (!isnan(sat))
            s->sat[s->nsat++] = sat;
        if (!isnan(nps)) {
            s->nps_n++;
            s->promoters += nps >= 9;
            s->detractors += nps <= 6;
        }
    }
    free(units);
    s->live = cx->eng->scopes[c].live;
    s->active = cx->eng->scopes[c].active;
    return STATUS_OK;
}

static double smaller(double a, double b)
{
    return a < b ? a : b;
}

/* compare.retention: S12(A) - S12(B) with the Greenwood interval, and the log-rank test (rule 18). */
static int compare_retention(struct compute *cx, size_t a, size_t b, const struct side *A, const struct side *B)
{
    struct figure f = compute_figure(cx, "compare.retention", a, compute_cohort_code(cx, b), "all", "none", "all");
    double *ta = malloc((A->nfollow + 1) * sizeof *ta), *tb = malloc((B->nfollow + 1) * sizeof *tb);
    int *ea = malloc((A->nfollow + 1) * sizeof *ea), *eb = malloc((B->nfollow + 1) * sizeof *eb);
    int st = STATUS_OK;

    if (!ta || !tb || !ea || !eb) {
        st = err_set(STATUS_NOMEM, "out of memory comparing cohorts");
        goto out;
    }
    for (size_t x = 0; x < A->nfollow; x++) {
        ta[x] = A->follow[x].time;
        ea[x] = A->follow[x].event;
    }
    for (size_t x = 0; x < B->nfollow; x++) {
        tb[x] = B->follow[x].time;
        eb[x] = B->follow[x].event;
    }
    f.n = (double)A->nfollow;
    f.events = (double)A->events;
    st = retention_contrast(ta, ea, A->nfollow, tb, eb, B->nfollow, &f);
    if (st == STATUS_OK)
        st = compute_add(cx, &f, smaller((double)A->nfollow, (double)B->nfollow));
out:
    free(ta);
    free(tb);
    free(ea);
    free(eb);
    return st;
}

/* Welch's t-test of A against B, t.test(a, b), and Hedges' g (rule 35). */
static int compare_means(struct compute *cx, size_t a, size_t b, const char *key, const char *gkey,
                         const double *x, size_t nx, const double *y, size_t ny)
{
    struct figure f = compute_figure(cx, key, a, compute_cohort_code(cx, b), "all", "none", "all");
    struct stats_ttest t;
    struct stats_interval g;
    int st;

    f.n = (double)nx;
    stats_ttest_welch(x, nx, y, ny, &t);
    f.estimate = t.estimate;
    f.lower = t.lower;
    f.upper = t.upper;
    f.statistic = t.statistic;
    f.df = t.df;
    f.p = t.p;
    st = compute_add(cx, &f, smaller((double)nx, (double)ny));
    if (st != STATUS_OK)
        return st;
    f = compute_figure(cx, gkey, a, compute_cohort_code(cx, b), "all", "none", "all");
    f.n = (double)nx;
    stats_effect_hedges_g(x, nx, y, ny, &g);
    f.estimate = g.estimate;
    f.lower = g.lower;
    f.upper = g.upper;
    return compute_add(cx, &f, smaller((double)nx, (double)ny));
}

static int compare_pair(struct compute *cx, size_t a, size_t b, const struct side *A, const struct side *B)
{
    const char *versus = compute_cohort_code(cx, b);
    struct figure f;
    int st = compare_retention(cx, a, b, A, B);

    if (st == STATUS_OK)
        st = compare_means(cx, a, b, "compare.confidence_change", "compare.confidence_change_g",
                           A->change, A->nchange, B->change, B->nchange);
    if (st == STATUS_OK)
        st = compare_means(cx, a, b, "compare.satisfaction", "compare.satisfaction_g", A->sat, A->nsat, B->sat,
                           B->nsat);
    if (st == STATUS_OK) {
        struct stats_rank_test w;

        /* wilcox.test(a, b) with its defaults */
        f = compute_figure(cx, "compare.satisfaction_mwu", a, versus, "all", "none", "all");
        f.n = (double)A->nsat;
        stats_rank_sum(A->sat, A->nsat, B->sat, B->nsat, &w);
        f.statistic = w.statistic;
        f.p = w.p;
        st = compute_add(cx, &f, smaller((double)A->nsat, (double)B->nsat));
    }
    if (st == STATUS_OK) {
        struct stats_nps na, nb;
        struct stats_nps_diff d;

        /* Rule 36: all empty when a side has nobody. */
        f = compute_figure(cx, "compare.nps", a, versus, "all", "none", "all");
        f.n = (double)A->nps_n;
        if (A->nps_n > 0 && B->nps_n > 0) {
            stats_effect_nps(A->promoters, A->detractors, A->nps_n, &na);
            stats_effect_nps(B->promoters, B->detractors, B->nps_n, &nb);
            stats_effect_nps_diff(&na, &nb, &d);
            f.estimate = d.estimate;
            f.lower = d.lower;
            f.upper = d.upper;
            f.statistic = d.z;
            f.p = d.p;
        }
        st = compute_add(cx, &f, smaller((double)A->nps_n, (double)B->nps_n));
    }
    if (st == STATUS_OK) {
        struct stats_prop_test pt;
        struct stats_fisher fi;
        struct figure g;

        /* About pairs, not people: never suppressed. Empty, n and events kept, without live pairs (rule 37). */
        f = compute_figure(cx, "compare.active_rate", a, versus, "all", "none", "all");
        g = compute_figure(cx, "compare.active_rate_fisher", a, versus, "all", "none", "all");
        f.n = g.n = (double)A->live;
        f.events = g.events = (double)A->active;
        if (A->live > 0 && B->live > 0) {
            /* prop.test(c(xA, xB), c(nA, nB), correct = FALSE) */
            stats_prop_test2(A->active, A->live, B->active, B->live, &pt);
            f.estimate = pt.estimate;
            f.lower = pt.lower;
            f.upper = pt.upper;
            f.statistic = pt.statistic;
            f.df = pt.df;
            f.p = pt.p;
            /* fisher.test(matrix(c(activeA, activeB, inactiveA, inactiveB), 2)) */
            stats_prop_fisher(A->active, A->live - A->active, B->active, B->live - B->active, &fi);
            g.estimate = fi.estimate;
            g.lower = fi.lower;
            g.upper = fi.upper;
            g.p = fi.p;
        }
        st = compute_add(cx, &f, NAN);
        if (st == STATUS_OK)
            st = compute_add(cx, &g, NAN);
    }
    return st;
}

int compute_compare(struct compute *cx)
{
    struct side *sides = calloc(cx->ncohorts + 1, sizeof *sides);
    size_t read = 0;
    int st = sides ? STATUS_OK : err_set(STATUS_NOMEM, "out of memory comparing cohorts");

    for (; read < cx->ncohorts && st == STATUS_OK; read++)
        st = side_read(cx, read, &sides[read]);
    for (size_t a = 0; a < cx->ncohorts && st == STATUS_OK; a++) {
        for (size_t b = 0; b < cx->ncohorts && st == STATUS_OK; b++) {
            if (cx->m->cohorts[a].starts > cx->m->cohorts[b].starts)
                st = compare_pair(cx, a, b, &sides[a], &sides[b]);
        }
    }
    for (size_t i = 0; i < read; i++)
        side_free(&sides[i]);
    free(sides);
    return st;
}
