/*
 * Unit tests of stats/desc.h against R 4.2: mean, var, sd, median and
 * t.test(x)$conf.int. The R call is beside each value; all of them are in
 * tests/data/r/stats_expected.R.
 */
#include "tests/check.h"

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/desc.h"

static const double d1[] = { 4.2, 5.1, 3.9, 6.0, 5.5, 4.8, 5.0 };
static const double d2[] = { 10, 2, 2, 3, 4, 1 };
static const double d5[] = { 1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.4 };

static void odd_n(void)
{
    double m, v, s, med;
    struct stats_interval ci;

    CHECK_INT(stats_desc_mean(d1, 7, &m), STATUS_OK);
    CHECK_R(m, 4.9285714285714288, 1e-15);        /* mean(d1) */
    CHECK_INT(stats_desc_var(d1, 7, &v), STATUS_OK);
    CHECK_R(v, 0.51904761904761898, 1e-15);       /* var(d1) */
    CHECK_INT(stats_desc_sd(d1, 7, &s), STATUS_OK);
    CHECK_R(s, 0.72044959507769801, 1e-15);       /* sd(d1) */
    CHECK_INT(stats_desc_median(d1, 7, &med), STATUS_OK);
    CHECK_R(med, 5, 0);                           /* median(d1) */
    CHECK_INT(stats_desc_t_interval(d1, 7, &ci), STATUS_OK);
    CHECK_R(ci.estimate, 4.9285714285714288, 1e-15);
    CHECK_R(ci.lower, 4.2622666836863665, 1e-13);  /* t.test(d1)$conf.int */
    CHECK_R(ci.upper, 5.594876173456492, 1e-13);
}

static void even_n_ties(void)
{
    double m, v, med;
    struct stats_interval ci;

    CHECK_INT(stats_desc_mean(d2, 6, &m), STATUS_OK);
    CHECK_R(m, 3.6666666666666665, 1e-15);        /* mean(d2) */
    CHECK_INT(stats_desc_var(d2, 6, &v), STATUS_OK);
    CHECK_R(v, 10.666666666666666, 1e-15);        /* var(d2) */
    CHECK_INT(stats_desc_median(d2, 6, &med), STATUS_OK);
    CHECK_R(med, 2.5, 0);                         /* median(d2) */
    CHECK_INT(stats_desc_t_interval(d2, 6, &ci), STATUS_OK);
    CHECK_R(ci.lower, 0.23922421915158171, 1e-13); /* t.test(d2)$conf.int */
    CHECK_R(ci.upper, 7.0941091141817516, 1e-13);
}

/* A large common offset: R's long double sums keep the small variance. */
static void large_offset(void)
{
    double m, v, s, med;
    struct stats_interval ci;

    CHECK_INT(stats_desc_mean(d5, 4, &m), STATUS_OK);
    CHECK_R(m, 1000000000.25, 1e-15);             /* mean(d5) */
    CHECK_INT(stats_desc_var(d5, 4, &v), STATUS_OK);
    CHECK_R(v, 0.016666658719382593, 1e-15);      /* var(d5) */
    CHECK_INT(stats_desc_sd(d5, 4, &s), STATUS_OK);
    CHECK_R(s, 0.12909941409387804, 1e-15);       /* sd(d5) */
    CHECK_INT(stats_desc_median(d5, 4, &med), STATUS_OK);
    CHECK_R(med, 1000000000.25, 1e-15);           /* median(d5) */
    CHECK_INT(stats_desc_t_interval(d5, 4, &ci), STATUS_OK);
    CHECK_R(ci.lower, 1000000000.0445741, 1e-15); /* t.test(d5)$conf.int */
    CHECK_R(ci.upper, 1000000000.455426, 1e-15);
}

static void degenerate(void)
{
    const double one[] = { 7 };
    const double two[] = { 1, 2 };
    const double flat[] = { 3, 3, 3 };
    const double bad[] = { 1, NAN };
    double m, v, s, med;
    struct stats_interval ci;

    CHECK_INT(stats_desc_mean(NULL, 0, &m), STATUS_EMPTY);
    CHECK_NAN(m);
    CHECK_INT(stats_desc_median(NULL, 0, &med), STATUS_EMPTY);
    CHECK_NAN(med);
    CHECK_INT(stats_desc_t_interval(NULL, 0, &ci), STATUS_EMPTY);
    CHECK_NAN(ci.estimate);
    CHECK_INT(stats_desc_median(one, 1, &med), STATUS_OK);
    CHECK_R(med, 7, 0);                           /* median(7) */
    CHECK_INT(stats_desc_median(two, 2, &med), STATUS_OK);
    CHECK_R(med, 1.5, 0);                         /* median(c(1, 2)) */
    CHECK_INT(stats_desc_var(one, 1, &v), STATUS_EMPTY);
    CHECK_NAN(v);                                 /* var(7): NA */
    CHECK_INT(stats_desc_sd(one, 1, &s), STATUS_EMPTY);
    CHECK_NAN(s);
    /* t.test(7): "not enough 'x' observations"; rule 26 keeps the mean */
    CHECK_INT(stats_desc_t_interval(one, 1, &ci), STATUS_EMPTY);
    CHECK_R(ci.estimate, 7, 0);
    CHECK_NAN(ci.lower);
    CHECK_NAN(ci.upper);
    /* t.test(c(3, 3, 3)): "data are essentially constant" */
    CHECK_INT(stats_desc_t_interval(flat, 3, &ci), STATUS_EMPTY);
    CHECK_R(ci.estimate, 3, 0);
    CHECK_NAN(ci.lower);
    CHECK_INT(stats_desc_mean(bad, 2, &m), STATUS_DOMAIN);
    CHECK_NAN(m);
    CHECK_INT(stats_desc_median(NULL, 3, &med), STATUS_DOMAIN);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(odd_n);
    RUN(even_n_ties);
    RUN(large_offset);
    RUN(degenerate);
    return check_done();
}
