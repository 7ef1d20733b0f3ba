/*
 * Unit tests of stats/ttest.h against t.test() in R 4.2. The R call is
 * beside each value; all of them are in tests/data/r/stats_expected.R.
 */
#include "tests/check.h"

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/ttest.h"

#define REL 1e-12

static const double d1[] = { 4.2, 5.1, 3.9, 6.0, 5.5, 4.8, 5.0 };
static const double d5[] = { 1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.4 };
static const double ex[] = { 3.5, 4.0, 2.75, 4.25, 3.0, 3.5, 4.5, 3.25, 2.5, 4.0 };
static const double ba[] = { 3.0, 3.5, 3.0, 3.75, 3.0, 2.5, 4.0, 3.5, 2.25, 3.0 };
static const double tb[] = { 3.1, 4.4, 2.9, 3.8, 4.0, 3.3, 5.2, 4.1, 3.6 };
static const double py[] = { 4.0, 5.3, 3.1, 6.2, 5.0, 4.1, 5.5 };

static void one_sample(void)
{
    struct stats_ttest t;

    /* t.test(d1) */
    CHECK_INT(stats_ttest_one(d1, 7, &t), STATUS_OK);
    CHECK_R(t.estimate, 4.9285714285714288, REL);
    CHECK_R(t.lower, 4.2622666836863665, REL);
    CHECK_R(t.upper, 5.594876173456492, REL);
    CHECK_R(t.statistic, 18.099495659251563, REL);
    CHECK_R(t.df, 6, 0);
    CHECK_R(t.p, 1.8306658205746602e-06, 1e-9);
    /* t.test(d5): a huge t, a p below 1e-30 */
    CHECK_INT(stats_ttest_one(d5, 4, &t), STATUS_OK);
    CHECK_R(t.statistic, 15491937082.267836, REL);
    CHECK_R(t.lower, 1000000000.0445741, REL);
    CHECK_R(t.upper, 1000000000.455426, REL);
    CHECK_P(t.p, 5.9313502815941002e-31);
}

static void paired(void)
{
    double d[10];
    struct stats_ttest t;

    /* t.test(ex, ba, paired = TRUE) */
    CHECK_INT(stats_ttest_paired(ex, ba, 10, &t), STATUS_OK);
    CHECK_R(t.estimate, 0.375, REL);
    CHECK_R(t.lower, 0.056753264034175313, REL);
    CHECK_R(t.upper, 0.69324673596582465, REL);
    CHECK_R(t.statistic, 2.6655699499159153, REL);
    CHECK_R(t.df, 9, 0);
    CHECK_R(t.p, 0.02580913364778243, REL);
    /* the same from the differences */
    for (int i = 0; i < 10; i++)
        d[i] = ex[i] - ba[i];
    CHECK_INT(stats_ttest_paired(d, NULL, 10, &t), STATUS_OK);
    CHECK_R(t.p, 0.02580913364778243, REL);
    /* t.test(d1, py, paired = TRUE), py <- c(4.0, 5.3, 3.1, 6.2, 5.0, 4.1, 5.5) */
    CHECK_INT(stats_ttest_paired(d1, py, 7, &t), STATUS_OK);
    CHECK_R(t.estimate, 0.18571428571428569, REL);
    CHECK_R(t.lower, -0.27802791458981863, REL);
    CHECK_R(t.upper, 0.64945648601839001, REL);
    CHECK_R(t.statistic, 0.97991186987773171, REL);
    CHECK_R(t.df, 6, 0);
    CHECK_R(t.p, 0.36497291842684593, REL);
}

static void welch(void)
{
    const double c2[] = { 2, 2, 2 };
    const double c3[] = { 1, 2, 3 };
    const double s2[] = { 1.5, 2.5 };
    const double s4[] = { 10, 20, 30, 41 };
    struct stats_ttest t;

    /* t.test(ta, tb), ta = d1: estimate = diff(rev($estimate)) */
    CHECK_INT(stats_ttest_welch(d1, 7, tb, 9, &t), STATUS_OK);
    CHECK_R(t.estimate, 4.9285714285714288 - 3.8222222222222224, REL);
    CHECK_R(t.lower, 0.32651293223096078, REL);
    CHECK_R(t.upper, 1.886185480467452, REL);
    CHECK_R(t.statistic, 3.0661142482508512, REL);
    CHECK_R(t.df, 12.949652901708918, REL);
    CHECK_R(t.p, 0.0090513774331643111, REL);
    /* t.test(c(2, 2, 2), c(1, 2, 3)): one side constant is fine */
    CHECK_INT(stats_ttest_welch(c2, 3, c3, 3, &t), STATUS_OK);
    CHECK_R(t.estimate, 0, 0);
    CHECK_R(t.lower, -2.4841377117503298, REL);
    CHECK_R(t.upper, 2.4841377117503298, REL);
    CHECK_R(t.statistic, 0, 0);
    CHECK_R(t.df, 2, REL);
    CHECK_R(t.p, 1, REL);
    /* t.test(c(1.5, 2.5), c(10, 20, 30, 41)) */
    CHECK_INT(stats_ttest_welch(s2, 2, s4, 4, &t), STATUS_OK);
    CHECK_R(t.estimate, 2 - 25.25, REL);
    CHECK_R(t.lower, -44.341758552450919, REL);
    CHECK_R(t.upper, -2.1582414475490843, REL);
    CHECK_R(t.statistic, -3.4861384930185801, REL);
    CHECK_R(t.df, 3.033719344008877, REL);
    CHECK_R(t.p, 0.039186109567084244, REL);
}

/* SPEC rule 26: what R refuses keeps the mean (difference) and nothing else. */
static void degenerate(void)
{
    const double one[] = { 7 };
    const double flat[] = { 3, 3, 3 };
    const double x[] = { 2, 3, 4 };
    const double y[] = { 1, 2, 3 };
    const double bad[] = { 1, INFINITY };
    struct stats_ttest t;

    /* t.test(7): "not enough 'x' observations" */
    CHECK_INT(stats_ttest_one(one, 1, &t), STATUS_EMPTY);
    CHECK_R(t.estimate, 7, 0);
    CHECK_NAN(t.lower);
    CHECK_NAN(t.upper);
    CHECK_NAN(t.statistic);
    CHECK_NAN(t.df);
    CHECK_NAN(t.p);
    /* t.test(c(3, 3, 3)): "data are essentially constant" */
    CHECK_INT(stats_ttest_one(flat, 3, &t), STATUS_EMPTY);
    CHECK_R(t.estimate, 3, 0);
    CHECK_NAN(t.p);
    /* t.test(c(2, 3, 4), c(1, 2, 3), paired = TRUE): every difference 1 */
    CHECK_INT(stats_ttest_paired(x, y, 3, &t), STATUS_EMPTY);
    CHECK_R(t.estimate, 1, 0);
    CHECK_NAN(t.statistic);
    /* t.test(c(3, 3, 3), c(3, 3, 3)): both constant */
    CHECK_INT(stats_ttest_welch(flat, 3, flat, 3, &t), STATUS_EMPTY);
    CHECK_R(t.estimate, 0, 0);
    CHECK_NAN(t.lower);
    CHECK_NAN(t.df);
    /* t.test(7, c(1, 2, 3)): "not enough 'x' observations" */
    CHECK_INT(stats_ttest_welch(one, 1, y, 3, &t), STATUS_EMPTY);
    CHECK_R(t.estimate, 5, 0);
    CHECK_NAN(t.p);
    CHECK_INT(stats_ttest_welch(NULL, 0, y, 3, &t), STATUS_EMPTY);
    CHECK_NAN(t.estimate);
    CHECK_INT(stats_ttest_one(NULL, 0, &t), STATUS_EMPTY);
    CHECK_NAN(t.estimate);
    CHECK_INT(stats_ttest_one(bad, 2, &t), STATUS_DOMAIN);
    CHECK_NAN(t.estimate);
    CHECK_INT(stats_ttest_paired(x, bad, 2, &t), STATUS_DOMAIN);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(one_sample);
    RUN(paired);
    RUN(welch);
    RUN(degenerate);
    return check_done();
}
