/*
 * Unit tests of stats/rank.h against wilcox.test() in R 4.2 with its
 * defaults: exact tests (small, no ties or zeros), normal approximations
 * with tie and continuity corrections, and the boundaries at 50. The R call
 * is beside each value; all of them are in tests/data/r/stats_expected.R.
 */
#include "tests/check.h"

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/rank.h"

#define REL 1e-12

static const double ex[] = { 3.5, 4.0, 2.75, 4.25, 3.0, 3.5, 4.5, 3.25, 2.5, 4.0 };
static const double ba[] = { 3.0, 3.5, 3.0, 3.75, 3.0, 2.5, 4.0, 3.5, 2.25, 3.0 };
static const double d1[] = { 4.2, 5.1, 3.9, 6.0, 5.5, 4.8, 5.0 };
static const double tb[] = { 3.1, 4.4, 2.9, 3.8, 4.0, 3.3, 5.2, 4.1, 3.6 };
static const double py[] = { 4.0, 5.3, 3.1, 6.2, 5.0, 4.1, 5.5 };

/* set.seed(11); s3 <- round(rnorm(60, 0.3, 1), 3) */
static const double s3[60] = {
    -0.29099999999999998, 0.32700000000000001, -1.2170000000000001, -1.0629999999999999,
    1.478, -0.63400000000000001, 1.6240000000000001, 0.92500000000000004,
    0.254, -0.70399999999999996, -0.52800000000000002, -0.048000000000000001,
    -1.238, 0.043999999999999997, -0.84999999999999998, 0.312,
    0.076999999999999999, 1.1879999999999999, -0.29199999999999998, -0.35599999999999998,
    -0.38300000000000001, 0.28399999999999997, -0.14299999999999999, 0.65300000000000002,
    0.373, 0.307, 0.112, -0.46600000000000003,
    0.079000000000000001, -0.68400000000000005, -0.80400000000000005, -0.63800000000000001,
    0.97899999999999998, -1.2769999999999999, -0.56999999999999995, 0.78500000000000003,
    0.114, 1.8460000000000001, -0.311, -0.048000000000000001,
    -1.337, 0.32000000000000001, 1.1919999999999999, -0.57299999999999995,
    1.1899999999999999, -0.043999999999999997, -1.887, 1.1799999999999999,
    1.024, 0.52000000000000002, 1.0900000000000001, 0.070000000000000007,
    -0.51900000000000002, 0.80000000000000004, 0.45900000000000002, 0.84299999999999997,
    0.14299999999999999, 0.73899999999999999, 1.788, 0.35999999999999999,
};

static void signed_rank(void)
{
    const double s2[] = { 1.5, -0.3, 2.2, 0.8, -1.1, 3.0, 0.45, 1.75, -0.6, 2.6 };
    const double tied[] = { -1, 1, 2, 2, 3 };
    struct stats_rank_test r;

    /* wilcox.test(ex, ba, paired = TRUE): a zero and ties, normal */
    CHECK_INT(stats_rank_signed(ex, ba, 10, &r), STATUS_OK);
    CHECK_R(r.statistic, 41, 0);
    CHECK_R(r.p, 0.03068909760690719, REL);
    CHECK_INT(r.exact, 0);
    CHECK_INT(r.n, 9);
    /* wilcox.test(s2): exact */
    CHECK_INT(stats_rank_signed(s2, NULL, 10, &r), STATUS_OK);
    CHECK_R(r.statistic, 46, 0);
    CHECK_R(r.p, 0.064453125, REL);
    CHECK_INT(r.exact, 1);
    /* wilcox.test(s3): 60 values, some absolute values tied, normal */
    CHECK_INT(stats_rank_signed(s3, NULL, 60, &r), STATUS_OK);
    CHECK_R(r.statistic, 1039, 0);
    CHECK_R(r.p, 0.36326187025068679, REL);
    /* wilcox.test(d1, py, paired = TRUE), py <- c(4.0, 5.3, 3.1, 6.2, 5.0, 4.1, 5.5): ties */
    CHECK_INT(stats_rank_signed(d1, py, 7, &r), STATUS_OK);
    CHECK_R(r.statistic, 19.5, 0);
    CHECK_R(r.p, 0.39376863464299278, REL);
    /* wilcox.test(c(-1, 1, 2, 2, 3)): ties, normal */
    CHECK_INT(stats_rank_signed(tied, NULL, 5, &r), STATUS_OK);
    CHECK_R(r.statistic, 13.5, 0);
    CHECK_R(r.p, 0.13441657417036029, REL);
}

/* 49 non-zero differences are exact, 50 are normal. */
static void signed_rank_boundary(void)
{
    double s4[49], s5[50];
    struct stats_rank_test r;

    for (int i = 0; i < 49; i++) {
        s4[i] = (i + 1) * 0.5 + 0.01;       /* s4 <- (1:49) * 0.5 + 0.01 */
        s5[i + 1] = (i + 1) * 0.25;         /* s5 <- c(-3.2, (1:49) * 0.25) */
    }
    s5[0] = -3.2;
    /* wilcox.test(s4): every difference positive, p = 2 / 2^49 */
    CHECK_INT(stats_rank_signed(s4, NULL, 49, &r), STATUS_OK);
    CHECK_R(r.statistic, 1225, 0);
    CHECK_R(r.p, 3.5527136788005049e-15, REL);
    CHECK_INT(r.exact, 1);
    /* wilcox.test(s5) */
    CHECK_INT(stats_rank_signed(s5, NULL, 50, &r), STATUS_OK);
    CHECK_R(r.statistic, 1262, 0);
    CHECK_R(r.p, 1.7053124929524298e-09, 1e-9);
    CHECK_P(r.p, 1.7053124929524298e-09);
    CHECK_INT(r.exact, 0);
}

static void signed_rank_degenerate(void)
{
    const double zeros[] = { 0, 0, 0 };
    const double one[] = { -2.5 };
    const double bad[] = { 1, NAN };
    struct stats_rank_test r;

    /* wilcox.test(c(0, 0, 0)): V = 0, p NaN (rule 26) */
    CHECK_INT(stats_rank_signed(zeros, NULL, 3, &r), STATUS_EMPTY);
    CHECK_R(r.statistic, 0, 0);
    CHECK_NAN(r.p);
    /* wilcox.test(ex, ex, paired = TRUE): all differences zero */
    CHECK_INT(stats_rank_signed(ex, ex, 10, &r), STATUS_EMPTY);
    CHECK_R(r.statistic, 0, 0);
    CHECK_NAN(r.p);
    /* wilcox.test(-2.5): V = 0, p = 1 */
    CHECK_INT(stats_rank_signed(one, NULL, 1, &r), STATUS_OK);
    CHECK_R(r.statistic, 0, 0);
    CHECK_R(r.p, 1, 0);
    /* wilcox.test(numeric(0)): "not enough (non-missing) 'x' observations" */
    CHECK_INT(stats_rank_signed(NULL, NULL, 0, &r), STATUS_EMPTY);
    CHECK_NAN(r.statistic);
    CHECK_NAN(r.p);
    CHECK_INT(stats_rank_signed(bad, NULL, 2, &r), STATUS_DOMAIN);
    CHECK_NAN(r.statistic);
}

static void rank_sum(void)
{
    const double ta[] = { 1, 2, 2, 3, 5 };
    const double tb2[] = { 2, 3, 4, 4, 6, 7 };
    struct stats_rank_test r;

    /* wilcox.test(ra, rb), ra = d1, rb = tb: exact */
    CHECK_INT(stats_rank_sum(d1, 7, tb, 9, &r), STATUS_OK);
    CHECK_R(r.statistic, 54, 0);
    CHECK_R(r.p, 0.016433566433566436, REL);
    CHECK_INT(r.exact, 1);
    /* wilcox.test(c(1, 2, 2, 3, 5), c(2, 3, 4, 4, 6, 7)): ties, normal */
    CHECK_INT(stats_rank_sum(ta, 5, tb2, 6, &r), STATUS_OK);
    CHECK_R(r.statistic, 6.5, 0);
    CHECK_R(r.p, 0.13862587987892769, REL);
    CHECK_INT(r.exact, 0);
}

/* 49 and 49 is exact (counts up to choose(98, 49) ~ 2.5e28); 50 is normal. */
static void rank_sum_boundary(void)
{
    double r3a[49], r3b[49], r3c[49], r4a[50];
    const double r4b[] = { 0.55, 1.3, 2.2, 3.05, 4.4, 5.5, 6.1, 6.6, 6.95, 7.2 };
    const double small[] = { 5.5, 9, 1.25 };
    struct stats_rank_test r;

    for (int i = 0; i < 49; i++) {
        r3a[i] = (i + 1) * 1.01;             /* r3a <- (1:49) * 1.01 */
        r3b[i] = (i + 1) * 0.99 + 0.1234;    /* r3b <- (1:49) * 0.99 + 0.1234 */
        r3c[i] = (i + 1) + 100;              /* r3c <- (1:49) + 100 */
    }
    for (int i = 0; i < 50; i++)
        r4a[i] = (i + 1) / 7.0;              /* r4a <- (1:50) / 7 */
    /* wilcox.test(r3a, r3b) */
    CHECK_INT(stats_rank_sum(r3a, 49, r3b, 49, &r), STATUS_OK);
    CHECK_R(r.statistic, 1219, 0);
    CHECK_R(r.p, 0.89869773723220125, REL);
    CHECK_INT(r.exact, 1);
    /* wilcox.test(r3a, r3c): W = 0, p = 2 / choose(98, 49) */
    CHECK_INT(stats_rank_sum(r3a, 49, r3c, 49, &r), STATUS_OK);
    CHECK_R(r.statistic, 0, 0);
    CHECK_R(r.p, 7.8500291929632906e-29, REL);
    /* wilcox.test(r4a, r4b): 50 values on one side, normal */
    CHECK_INT(stats_rank_sum(r4a, 50, r4b, 10, &r), STATUS_OK);
    CHECK_R(r.statistic, 198, 0);
    CHECK_R(r.p, 0.30700695954022589, REL);
    CHECK_INT(r.exact, 0);
    /* wilcox.test(c(5.5, 9, 1.25), r3b) */
    CHECK_INT(stats_rank_sum(small, 3, r3b, 49, &r), STATUS_OK);
    CHECK_R(r.statistic, 14, 0);
    CHECK_R(r.p, 0.013303167420814482, REL);
}

static void rank_sum_degenerate(void)
{
    const double ones[] = { 1, 1, 1 };
    const double two[] = { 2 };
    const double one[] = { 1 };
    struct stats_rank_test r;

    /* wilcox.test(c(1, 1), c(1, 1, 1)): W = 3, p NaN */
    CHECK_INT(stats_rank_sum(ones, 2, ones, 3, &r), STATUS_EMPTY);
    CHECK_R(r.statistic, 3, 0);
    CHECK_NAN(r.p);
    /* wilcox.test(2, 1): W = 1, p = 1 */
    CHECK_INT(stats_rank_sum(two, 1, one, 1, &r), STATUS_OK);
    CHECK_R(r.statistic, 1, 0);
    CHECK_R(r.p, 1, 0);
    /* wilcox.test(numeric(0), 1): "not enough (non-missing) 'x' observations" */
    CHECK_INT(stats_rank_sum(NULL, 0, one, 1, &r), STATUS_EMPTY);
    CHECK_NAN(r.statistic);
    CHECK_NAN(r.p);
    CHECK_INT(stats_rank_sum(one, 1, NULL, 2, &r), STATUS_DOMAIN);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(signed_rank);
    RUN(signed_rank_boundary);
    RUN(signed_rank_degenerate);
    RUN(rank_sum);
    RUN(rank_sum_boundary);
    RUN(rank_sum_degenerate);
    return check_done();
}
