/*
 * Unit tests of stats/prop.h against prop.test(..., correct = FALSE) and
 * fisher.test() in R 4.2. Fisher's odds ratio and interval are checked
 * against the exact roots of fisher.test's equations (SPEC rule 37),
 * computed in R by exact() in tests/data/r/stats_expected.R, with R's own
 * uniroot values beside them; its p-value against fisher.test itself.
 */
#include "tests/check.h"

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/prop.h"

#define REL 1e-12

static void wilson(void)
{
    struct stats_interval w;

    /* prop.test(7, 20, correct = FALSE)$conf.int */
    CHECK_INT(stats_prop_wilson(7, 20, &w), STATUS_OK);
    CHECK_R(w.estimate, 0.35, 0);
    CHECK_R(w.lower, 0.18119182410108206, REL);
    CHECK_R(w.upper, 0.56714572331476365, REL);
    /* prop.test(0, 15, correct = FALSE)$conf.int */
    CHECK_INT(stats_prop_wilson(0, 15, &w), STATUS_OK);
    CHECK_R(w.lower, 0, 0);
    CHECK_R(w.upper, 0.20388330103584854, REL);
    /* prop.test(15, 15, correct = FALSE)$conf.int */
    CHECK_INT(stats_prop_wilson(15, 15, &w), STATUS_OK);
    CHECK_R(w.lower, 0.79611669896415138, REL);
    CHECK_R(w.upper, 1, 0);
    /* prop.test(1, 1, correct = FALSE)$conf.int */
    CHECK_INT(stats_prop_wilson(1, 1, &w), STATUS_OK);
    CHECK_R(w.lower, 0.2065493143772375, REL);
    CHECK_R(w.upper, 1, 0);
    /* prop.test(0, 1, correct = FALSE)$conf.int */
    CHECK_INT(stats_prop_wilson(0, 1, &w), STATUS_OK);
    CHECK_R(w.upper, 0.79345068562276255, REL);
    /* prop.test(123, 4567, correct = FALSE)$conf.int */
    CHECK_INT(stats_prop_wilson(123, 4567, &w), STATUS_OK);
    CHECK_R(w.lower, 0.022620022313028027, REL);
    CHECK_R(w.upper, 0.032039816815401238, REL);
    /* prop.test(0, 0): "elements of 'n' must be positive" */
    CHECK_INT(stats_prop_wilson(0, 0, &w), STATUS_EMPTY);
    CHECK_NAN(w.estimate);
    CHECK_NAN(w.lower);
    CHECK_INT(stats_prop_wilson(3, 2, &w), STATUS_DOMAIN);
    CHECK_INT(stats_prop_wilson(-1, 2, &w), STATUS_DOMAIN);
}

static void two_sample(void)
{
    struct stats_prop_test t;

    /* prop.test(c(15, 8), c(40, 45), correct = FALSE) */
    CHECK_INT(stats_prop_test2(15, 40, 8, 45, &t), STATUS_OK);
    CHECK_R(t.estimate, 0.375 - 0.17777777777777778, REL);
    CHECK_R(t.lower, 0.010174896442853243, REL);
    CHECK_R(t.upper, 0.38426954800159119, REL);
    CHECK_R(t.statistic, 4.1733383980052992, REL);
    CHECK_R(t.df, 1, 0);
    CHECK_R(t.p, 0.041064810495800304, REL);
    /* prop.test(c(0, 5), c(10, 10), correct = FALSE) */
    CHECK_INT(stats_prop_test2(0, 10, 5, 10, &t), STATUS_OK);
    CHECK_R(t.estimate, -0.5, 0);
    CHECK_R(t.lower, -0.80989751615228078, REL);
    CHECK_R(t.upper, -0.19010248384771927, REL);
    CHECK_R(t.statistic, 6.666666666666667, REL);
    CHECK_R(t.p, 0.0098232745075192644, REL);
    /* prop.test(c(200, 150), c(1000, 900), correct = FALSE) */
    CHECK_INT(stats_prop_test2(200, 1000, 150, 900, &t), STATUS_OK);
    CHECK_R(t.estimate, 0.20000000000000001 - 0.16666666666666666, REL);
    CHECK_R(t.lower, -0.0014150641916458387, REL);
    CHECK_R(t.upper, 0.068081730858312539, REL);
    CHECK_R(t.statistic, 3.5023041474654404, REL);
    CHECK_R(t.p, 0.061283509427655904, REL);
}

/* Both shares 0 or both 1: R's chi-square is NaN (rule 38). */
static void two_sample_degenerate(void)
{
    struct stats_prop_test t;

    /* prop.test(c(0, 0), c(10, 12), correct = FALSE): interval c(0, 0), statistic NaN */
    CHECK_INT(stats_prop_test2(0, 10, 0, 12, &t), STATUS_EMPTY);
    CHECK_R(t.estimate, 0, 0);
    CHECK_R(t.lower, 0, 0);
    CHECK_R(t.upper, 0, 0);
    CHECK_NAN(t.statistic);
    CHECK_NAN(t.df);
    CHECK_NAN(t.p);
    /* prop.test(c(10, 12), c(10, 12), correct = FALSE) */
    CHECK_INT(stats_prop_test2(10, 10, 12, 12, &t), STATUS_EMPTY);
    CHECK_R(t.estimate, 0, 0);
    CHECK_NAN(t.p);
    /* a side without trials: R stops */
    CHECK_INT(stats_prop_test2(0, 0, 3, 12, &t), STATUS_EMPTY);
    CHECK_NAN(t.estimate);
    CHECK_NAN(t.lower);
    CHECK_INT(stats_prop_test2(4, 3, 3, 12, &t), STATUS_DOMAIN);
}

/*
 * fisher.test(matrix(c(a, c, b, d), 2)): p from fisher.test, estimate and
 * limits from exact() (R's uniroot values in the comment).
 */
static void fisher_case(long a, long b, long c, long d, double p, double est, double lo,
                        double up)
{
    struct stats_fisher f;

    CHECK_INT(stats_prop_fisher(a, b, c, d, &f), STATUS_OK);
    CHECK_R(f.p, p, 1e-9);
    CHECK_P(f.p, p);
    CHECK_R(f.estimate, est, 1e-9);
    CHECK_R(f.lower, lo, 1e-9);
    CHECK_R(f.upper, up, 1e-9);
}

static void fisher(void)
{
    /* matrix(c(3, 1, 1, 3), 2): R 6.4083088670057879 (0.21173291530550292, 621.9337505454173) */
    fisher_case(3, 1, 1, 3, 0.48571428571428582,
                6.4083196581996678, 0.2117355954465785, 626.24353058881445);
    /* matrix(c(180, 150, 20, 50), 2):
       R 2.9919078832927761 (1.663603756058134, 5.554856507292703) */
    fisher_case(180, 20, 150, 50, 0.0001127817279577936,
                2.9919055512084052, 1.663562157444358, 5.5545754424092157);
    /* matrix(c(3, 3, 3, 3), 2): R 1 (0.063920331064620403, 15.644474666269275) */
    fisher_case(3, 3, 3, 3, 1, 1, 0.063907480601829394, 15.647620444160866);
    /* matrix(c(1800, 1500, 200, 500), 2):
       R 2.9991915643807276 (2.5040791684314176, 3.6019763110677139) */
    fisher_case(1800, 200, 1500, 500, 1.8568334450070071e-36,
                2.999189325807452, 2.5039330155950585, 3.6019888704761684);
    /* matrix(c(2, 7, 9, 1), 2):
       R 0.041667274169332101 (0.00064551020813184375, 0.56942892959745972) */
    fisher_case(2, 9, 7, 1, 0.0054774946415813309,
                0.041666484072053769, 0.0006367574547977516, 0.56942853437717411);
}

/* The observed cell at an end of its range (R's 0 and Inf, rule 37-38). */
static void fisher_boundary(void)
{
    struct stats_fisher f;

    /* fisher.test(matrix(c(0, 4, 5, 2), 2)): estimate 0, conf.int c(0, 1.36...) */
    CHECK_INT(stats_prop_fisher(0, 5, 4, 2, &f), STATUS_OK);
    CHECK_R(f.p, 0.060606060606060622, 1e-9);
    CHECK_R(f.estimate, 0, 0);
    CHECK_R(f.lower, 0, 0);
    CHECK_R(f.upper, 1.3639501358765496, 1e-9);   /* exact(); R 1.3639653491873591 */
    /* fisher.test(matrix(c(5, 2, 0, 4), 2)): estimate Inf, conf.int c(0.733..., Inf) */
    CHECK_INT(stats_prop_fisher(5, 0, 2, 4, &f), STATUS_OK);
    CHECK_R(f.p, 0.060606060606060622, 1e-9);
    CHECK_NAN(f.estimate);
    CHECK_R(f.lower, 0.73316463241329943, 1e-9);  /* exact(); R 0.73315645488779679 */
    CHECK_NAN(f.upper);
    /* fisher.test(matrix(c(0, 3, 0, 4), 2)): no active pair; estimate 0, conf.int c(0, Inf), p 1 */
    CHECK_INT(stats_prop_fisher(0, 0, 3, 4, &f), STATUS_OK);
    CHECK_R(f.p, 1, 0);
    CHECK_R(f.estimate, 0, 0);
    CHECK_R(f.lower, 0, 0);
    CHECK_NAN(f.upper);
    /* every pair active: matrix(c(3, 4, 0, 0), 2) gives the same */
    CHECK_INT(stats_prop_fisher(3, 0, 4, 0, &f), STATUS_OK);
    CHECK_R(f.p, 1, 0);
    CHECK_R(f.estimate, 0, 0);
    CHECK_NAN(f.upper);
    CHECK_INT(stats_prop_fisher(0, 0, 0, 0, &f), STATUS_OK);
    CHECK_R(f.p, 1, 0);
    CHECK_INT(stats_prop_fisher(-1, 0, 0, 0, &f), STATUS_DOMAIN);
    CHECK_NAN(f.p);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(wilson);
    RUN(two_sample);
    RUN(two_sample_degenerate);
    RUN(fisher);
    RUN(fisher_boundary);
    return check_done();
}
