/*
 * Unit tests of stats/km.h and stats/surv.h: Kaplan-Meier against
 * survfit(Surv(time, event) ~ 1, conf.type = "log-log") and summary(fit,
 * times = t) in R 4.2 with survival 3.5. The lung and veteran tables are in
 * tests/data/stats_surv.c (tests/data/r/stats_surv.R makes it); the small
 * cases were computed with the R calls written beside them
 * (tests/data/r/stats_expected.R).
 */
#include "tests/check.h"

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/km.h"
#include "stats/surv.h"

#include "tests/data/stats_surv.c"

#define REL 1e-12

/* Compare a fit with R's step table, column by column. */
static void check_table(const struct stats_km *km, size_t steps, const double *time,
                        const int *n_risk, const int *n_event, const int *n_censor,
                        const double *surv, const double *std_err, const double *lower,
                        const double *upper)
{
    CHECK_INT(km->n_steps, steps);
    for (size_t i = 0; i < steps && i < km->n_steps; i++) {
        CHECK_R(km->time[i], time[i], 0);
        CHECK_INT(km->n_risk[i], n_risk[i]);
        CHECK_INT(km->n_event[i], n_event[i]);
        CHECK_INT(km->n_censor[i], n_censor[i]);
        CHECK_R(km->surv[i], surv[i], REL);
        CHECK_R(km->std_err[i], std_err[i], REL);
        CHECK_R(km->lower[i], lower[i], REL);
        CHECK_R(km->upper[i], upper[i], REL);
    }
}

static void lung_table(void)
{
    struct stats_km *km = NULL;

    CHECK_INT(stats_km_fit(lung_time, lung_event, LUNG_N, &km), STATUS_OK);
    CHECK(km != NULL);
    if (km == NULL)
        return;
    CHECK_INT(km->n, 228);
    CHECK_INT(km->events, 165);  /* sum(lung$status == 2) */
    /* survfit(Surv(time, status) ~ 1, data = lung, conf.type = "log-log") */
    check_table(km, LUNG_KM_STEPS, lung_km_time, lung_km_n_risk, lung_km_n_event,
                lung_km_n_censor, lung_km_surv, lung_km_std_err, lung_km_lower, lung_km_upper);
    stats_km_free(km);
}

static void veteran_table(void)
{
    struct stats_km *km = NULL;

    CHECK_INT(stats_km_fit(vet_time, vet_event, VET_N, &km), STATUS_OK);
    if (km == NULL)
        return;
    CHECK_INT(km->events, 128);  /* sum(veteran$status) */
    /* survfit(Surv(time, status) ~ 1, data = veteran, conf.type = "log-log") */
    check_table(km, VET_KM_STEPS, vet_km_time, vet_km_n_risk, vet_km_n_event,
                vet_km_n_censor, vet_km_surv, vet_km_std_err, vet_km_lower, vet_km_upper);
    stats_km_free(km);
}

/* summary(fit, times = t) at the times the generator chose; 0 and S = 1 give NAN limits. */
static void check_at(const struct stats_km *km, size_t k, const double *times,
                     const double *surv, const double *lower, const double *upper,
                     const double *var, const int *n_risk)
{
    for (size_t i = 0; i < k; i++) {
        struct stats_km_point pt;

        CHECK_INT(stats_km_at(km, times[i], &pt), STATUS_OK);
        CHECK_R(pt.surv, surv[i], REL);
        if (surv[i] == 1) {
            CHECK_NAN(pt.lower);  /* SPEC rule 16; R's summary at time 0 says 1 */
            CHECK_NAN(pt.upper);
        } else {
            CHECK_R(pt.lower, lower[i], REL);
            CHECK_R(pt.upper, upper[i], REL);
        }
        CHECK_R(pt.var, var[i], REL);
        CHECK_INT(pt.n_risk, n_risk[i]);
    }
}

static void lung_at(void)
{
    struct stats_km *km = NULL;
    struct stats_km_point pt;

    CHECK_INT(stats_km_fit(lung_time, lung_event, LUNG_N, &km), STATUS_OK);
    if (km == NULL)
        return;
    /* summary(lung_fit, times = c(0, 5, 182, 365, 730, 1022)) */
    check_at(km, 6, lung_at_times, lung_at_surv, lung_at_lower, lung_at_upper, lung_at_var,
             lung_at_n_risk);
    /* summary(lung_fit, times = 1023) selects nothing: max(lung$time) = 1022 */
    CHECK_INT(stats_km_at(km, 1023, &pt), STATUS_EMPTY);
    CHECK_NAN(pt.surv);
    CHECK_NAN(pt.lower);
    CHECK_NAN(pt.var);
    stats_km_free(km);
}

static void veteran_at(void)
{
    struct stats_km *km = NULL;
    struct stats_km_point pt;

    CHECK_INT(stats_km_fit(vet_time, vet_event, VET_N, &km), STATUS_OK);
    if (km == NULL)
        return;
    /* summary(vet_fit, times = c(1, 100.5, 182, 365, 730, 999)) */
    check_at(km, 6, vet_at_times, vet_at_surv, vet_at_lower, vet_at_upper, vet_at_var,
             vet_at_n_risk);
    CHECK_INT(stats_km_at(km, 1000, &pt), STATUS_EMPTY);
    stats_km_free(km);
}

/* Tied events and censorings at one time, in shuffled order. */
static void ties_small(void)
{
    /* t1 <- c(1, 2, 2, 3, 4, 4, 5, 6, 8, 8, 9, 12); e1 <- c(1,1,0,1,0,1,1,0,1,1,0,0), shuffled */
    const double t[] = { 8, 2, 12, 4, 1, 9, 3, 2, 5, 8, 4, 6 };
    const int e[] = { 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0 };
    /* f1 <- survfit(Surv(t1, e1) ~ 1, conf.type = "log-log") */
    const double time[] = { 1, 2, 3, 4, 5, 6, 8, 9, 12 };
    const int nr[] = { 12, 11, 9, 8, 6, 5, 4, 2, 1 };         /* f1$n.risk */
    const int ne[] = { 1, 1, 1, 1, 1, 0, 2, 0, 0 };           /* f1$n.event */
    const int nc[] = { 0, 1, 0, 1, 0, 1, 0, 1, 1 };           /* f1$n.censor */
    const double surv[] = { /* f1$surv */
        0.91666666666666663, 0.83333333333333326, 0.74074074074074059, 0.64814814814814803,
        0.54012345679012341, 0.54012345679012341, 0.27006172839506171, 0.27006172839506171,
        0.27006172839506171 };
    const double se[] = { /* f1$std.err */
        0.087038827977848926, 0.12909944487358055, 0.17480147469502524, 0.22002885813615086,
        0.28591262956720143, 0.28591262956720143, 0.57597398530318344, 0.57597398530318344,
        0.57597398530318344 };
    const double lower[] = { /* f1$lower */
        0.53897718057074129, 0.48171494219537891, 0.39067612760778192, 0.30966222701716078,
        0.21656117316733686, 0.21656117316733686, 0.045010463042508754, 0.045010463042508754,
        0.045010463042508754 };
    const double upper[] = { /* f1$upper */
        0.98782556540045796, 0.95550936572806489, 0.90862386940406159, 0.85179751233543899,
        0.78036356294765996, 0.78036356294765996, 0.57541090619037716, 0.57541090619037716,
        0.57541090619037716 };
    struct stats_km *km = NULL;
    struct stats_km_point pt;

    CHECK_INT(stats_km_fit(t, e, 12, &km), STATUS_OK);
    if (km == NULL)
        return;
    check_table(km, 9, time, nr, ne, nc, surv, se, lower, upper);
    /* summary(f1, times = 2.5): surv, lower, upper, std.err^2, n.risk */
    CHECK_INT(stats_km_at(km, 2.5, &pt), STATUS_OK);
    CHECK_R(pt.surv, 0.83333333333333326, REL);
    CHECK_R(pt.lower, 0.48171494219537891, REL);
    CHECK_R(pt.upper, 0.95550936572806489, REL);
    CHECK_R(pt.var, 0.01157407407407407, REL);
    CHECK_INT(pt.n_risk, 9);
    /* summary(f1, times = 2)$n.risk */
    CHECK_INT(stats_km_at(km, 2, &pt), STATUS_OK);
    CHECK_INT(pt.n_risk, 11);
    /* summary(f1, times = 12)$std.err^2 */
    CHECK_INT(stats_km_at(km, 12, &pt), STATUS_OK);
    CHECK_R(pt.var, 0.024195345179427254, REL);
    CHECK_INT(pt.n_risk, 1);
    /* summary(f1, times = 0): S = 1, limits empty (rule 16), std.err 0 */
    CHECK_INT(stats_km_at(km, 0, &pt), STATUS_OK);
    CHECK_R(pt.surv, 1, 0);
    CHECK_NAN(pt.lower);
    CHECK_NAN(pt.upper);
    CHECK_R(pt.var, 0, 0);
    CHECK_INT(pt.n_risk, 12);
    stats_km_free(km);
}

static void all_censored(void)
{
    /* survfit(Surv(c(3, 5, 7), c(0, 0, 0)) ~ 1, conf.type = "log-log"): surv 1, se 0, no limits */
    const double t[] = { 7, 3, 5 };
    const int e[] = { 0, 0, 0 };
    struct stats_km *km = NULL;
    struct stats_km_point pt;

    CHECK_INT(stats_km_fit(t, e, 3, &km), STATUS_OK);
    if (km == NULL)
        return;
    CHECK_INT(km->n_steps, 3);
    CHECK_INT(km->events, 0);
    for (size_t i = 0; i < km->n_steps; i++) {
        CHECK_R(km->surv[i], 1, 0);
        CHECK_R(km->std_err[i], 0, 0);
        CHECK_NAN(km->lower[i]);
        CHECK_NAN(km->upper[i]);
    }
    /* summary(f2, times = 4): surv 1, std.err 0, n.risk 2 */
    CHECK_INT(stats_km_at(km, 4, &pt), STATUS_OK);
    CHECK_R(pt.surv, 1, 0);
    CHECK_NAN(pt.lower);
    CHECK_R(pt.var, 0, 0);
    CHECK_INT(pt.n_risk, 2);
    stats_km_free(km);
}

static void falls_to_zero(void)
{
    /* f3 <- survfit(Surv(c(2, 4, 4, 6), c(1, 0, 1, 1)) ~ 1, conf.type = "log-log") */
    const double t[] = { 2, 4, 4, 6 };
    const int e[] = { 1, 0, 1, 1 };
    struct stats_km *km = NULL;
    struct stats_km_point pt;

    CHECK_INT(stats_km_fit_sorted(t, e, 4, &km), STATUS_OK);
    if (km == NULL)
        return;
    CHECK_INT(km->n_steps, 3);
    CHECK_R(km->surv[1], 0.5, 0);                       /* f3$surv[2] */
    CHECK_R(km->std_err[0], 0.28867513459481287, REL);  /* f3$std.err[1] */
    CHECK_R(km->lower[1], 0.057847082995144627, REL);   /* f3$lower[2] */
    CHECK_R(km->upper[1], 0.84486128119037396, REL);    /* f3$upper[2] */
    CHECK_R(km->surv[2], 0, 0);                         /* f3$surv[3] */
    CHECK(isinf(km->std_err[2]));                         /* f3$std.err[3]: Inf */
    CHECK_NAN(km->lower[2]);
    CHECK_NAN(km->upper[2]);
    /* summary(f3, times = 5): var = std.err^2 */
    CHECK_INT(stats_km_at(km, 5, &pt), STATUS_OK);
    CHECK_R(pt.var, 0.0625, REL);
    CHECK_INT(pt.n_risk, 1);
    /* summary(f3, times = 6): surv 0, lower, upper, std.err NA */
    CHECK_INT(stats_km_at(km, 6, &pt), STATUS_OK);
    CHECK_R(pt.surv, 0, 0);
    CHECK_NAN(pt.lower);
    CHECK_NAN(pt.upper);
    CHECK_NAN(pt.var);
    stats_km_free(km);
}

static void one_and_none(void)
{
    const double t[] = { 5 };
    const int e[] = { 1 };
    struct stats_km *km = NULL;
    struct stats_km_point pt;

    /* survfit(Surv(5, 1) ~ 1): one step, surv 0, std.err Inf */
    CHECK_INT(stats_km_fit(t, e, 1, &km), STATUS_OK);
    if (km != NULL) {
        CHECK_INT(km->n_steps, 1);
        CHECK_R(km->surv[0], 0, 0);
        CHECK_NAN(km->lower[0]);
        CHECK_INT(stats_km_at(km, 4, &pt), STATUS_OK);
        CHECK_R(pt.surv, 1, 0);
        CHECK_INT(stats_km_at(km, 6, &pt), STATUS_EMPTY);
    }
    stats_km_free(km);
    km = NULL;
    CHECK_INT(stats_km_fit(NULL, NULL, 0, &km), STATUS_EMPTY);
    CHECK(km != NULL);
    if (km != NULL) {
        CHECK_INT(km->n_steps, 0);
        CHECK_INT(stats_km_at(km, 0, &pt), STATUS_EMPTY);
        CHECK_NAN(pt.surv);
    }
    stats_km_free(km);
    stats_km_free(NULL);
}

/* A leaver on the day of enrolment is an event at time 0 (SPEC rule 8). */
static void event_at_zero(void)
{
    /* fit <- survfit(Surv(c(0, 0, 3, 5, 7, 9), c(1, 0, 1, 0, 1, 0)) ~ 1, conf.type = "log-log") */
    const double t[] = { 9, 0, 3, 5, 7, 0 };
    const int e[] = { 0, 1, 1, 0, 1, 0 };
    struct stats_km *km = NULL;
    struct stats_km_point pt;

    CHECK_INT(stats_km_fit(t, e, 6, &km), STATUS_OK);
    if (km == NULL)
        return;
    /* summary(fit, times = 0): surv, lower, upper, std.err^2, n.risk */
    CHECK_INT(stats_km_at(km, 0, &pt), STATUS_OK);
    CHECK_R(pt.surv, 0.83333333333333337, REL);
    CHECK_R(pt.lower, 0.273122849928356, REL);
    CHECK_R(pt.upper, 0.97471242669089353, REL);
    CHECK_R(pt.var, 0.02314814814814815, REL);
    CHECK_INT(pt.n_risk, 6);
    /* summary(fit, times = 1)$n.risk */
    CHECK_INT(stats_km_at(km, 1, &pt), STATUS_OK);
    CHECK_INT(pt.n_risk, 4);
    /* summary(fit, times = 9) */
    CHECK_INT(stats_km_at(km, 9, &pt), STATUS_OK);
    CHECK_R(pt.surv, 0.3125, REL);
    CHECK_R(pt.lower, 0.012673064989247602, REL);
    CHECK_R(pt.upper, 0.73365617296857522, REL);
    CHECK_R(pt.var, 0.060221354166666664, REL);
    CHECK_INT(pt.n_risk, 1);
    stats_km_free(km);
}

static void bad_input(void)
{
    const double t[] = { 3, 1, NAN };
    const double neg[] = { 1, -2 };
    const int e[] = { 1, 0, 1 };
    const int e2[] = { 1, 2 };
    struct stats_km *km = (struct stats_km *)1;

    CHECK_INT(stats_km_fit(t, e, 3, &km), STATUS_DOMAIN);
    CHECK(km == NULL);
    CHECK_INT(stats_km_fit(neg, e, 2, &km), STATUS_DOMAIN);
    CHECK_INT(stats_km_fit(t, e2, 2, &km), STATUS_DOMAIN);
    CHECK_INT(stats_km_fit_sorted(t, e, 2, &km), STATUS_DOMAIN);  /* 3 then 1 */
    CHECK(km == NULL);
}

/* The sorted path gives the same table as the unsorted one. */
static void sorted_matches(void)
{
    double t[LUNG_N];
    int e[LUNG_N];
    size_t order[LUNG_N];
    struct stats_km *a = NULL, *b = NULL;

    CHECK_INT(stats_surv_order(lung_time, LUNG_N, order), STATUS_OK);
    for (size_t i = 0; i < LUNG_N; i++) {
        t[i] = lung_time[order[i]];
        e[i] = lung_event[order[i]];
        if (i > 0 && (t[i] < t[i - 1] || (t[i] == t[i - 1] && order[i] < order[i - 1])))
            CHECK(!"stats_surv_order is not a stable ascending order");
    }
    CHECK_INT(stats_km_fit_sorted(t, e, LUNG_N, &a), STATUS_OK);
    CHECK_INT(stats_km_fit(lung_time, lung_event, LUNG_N, &b), STATUS_OK);
    if (a != NULL && b != NULL) {
        CHECK_INT(a->n_steps, b->n_steps);
        for (size_t i = 0; i < a->n_steps && i < b->n_steps; i++) {
            CHECK_R(a->surv[i], b->surv[i], 0);
            CHECK_R(a->lower[i], b->lower[i], 0);
        }
    }
    stats_km_free(a);
    stats_km_free(b);
}

/* The S12 difference helper: diff -/+ z sqrt(varA + varB). */
static void difference(void)
{
    struct stats_km_point a = { 0.8, 0.7, 0.9, 0.0016, 10 }, b = { 0.6, 0.5, 0.7, 0.0009, 10 };
    struct stats_km_point none = { NAN, NAN, NAN, NAN, 0 };
    struct stats_interval d;

    CHECK_INT(stats_km_diff(&a, &b, &d), STATUS_OK);
    /* 0.8 - 0.6 + c(-1, 1) * qnorm(0.975) * sqrt(0.0016 + 0.0009) */
    CHECK_R(d.estimate, 0.20000000000000007, 1e-15);
    CHECK_R(d.lower, 0.10200180077299739, 1e-14);
    CHECK_R(d.upper, 0.29799819922700275, 1e-14);
    CHECK_INT(stats_km_diff(&a, &none, &d), STATUS_EMPTY);
    CHECK_NAN(d.estimate);
    CHECK_NAN(d.lower);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(lung_table);
    RUN(veteran_table);
    RUN(lung_at);
    RUN(veteran_at);
    RUN(ties_small);
    RUN(all_censored);
    RUN(falls_to_zero);
    RUN(one_and_none);
    RUN(event_at_zero);
    RUN(bad_input);
    RUN(sorted_matches);
    RUN(difference);
    return check_done();
}
