/*
 * prop.h: proportions: the Wilson score interval, the two-sample test of
 * proportions, and Fisher's exact test on a 2x2 table.
 *
 * Counts are `long`; a count below 0, or more events than trials, gives
 * STATUS_DOMAIN. Nothing is allocated by the Wilson and two-sample calls;
 * Fisher's test allocates scratch memory for the table's support inside the
 * call (STATUS_NOMEM when it cannot). NAN fields (R's NA, NaN and Inf, SPEC
 * rule 38) are written as empty fields.
 */
#ifndef FLIPSIDE_STATS_PROP_H
#define FLIPSIDE_STATS_PROP_H

#include "stats/stats.h"

/*
 * The share x / n with its Wilson score interval:
 * prop.test(x, n, correct = FALSE)$estimate and $conf.int.
 * n = 0: all NAN, STATUS_EMPTY.
 */
int stats_prop_wilson(long x, long n, struct stats_interval *out);

struct stats_prop_test {
    double estimate;   /* x1/n1 - x2/n2 */
    double lower;      /* R's 95% interval of the difference, within [-1, 1] */
    double upper;
    double statistic;  /* chi-square, no continuity correction */
    double df;         /* 1 */
    double p;
};

/*
 * Two-sample test of equal proportions:
 * prop.test(c(x1, x2), c(n1, n2), correct = FALSE).
 * n1 or n2 = 0: all NAN, STATUS_EMPTY. Both shares 0 or both 1 (R's
 * statistic is NaN): estimate and interval kept, statistic, df and p NAN,
 * STATUS_EMPTY.
 */
int stats_prop_test2(long x1, long n1, long x2, long n2, struct stats_prop_test *out);

struct stats_fisher {
    double estimate;   /* conditional maximum-likelihood odds ratio */
    double lower;      /* its 95% interval */
    double upper;
    double p;          /* two-sided, R's rule */
};

/*
 * Fisher's exact test of the table with rows (a, b) and (c, d), as
 * fisher.test(matrix(c(a, c, b, d), nrow = 2)). The p-value is R's: the sum
 * of the probabilities of tables no more likely than the observed one, with
 * R's relative tolerance 1 + 1e-7. The odds ratio and its interval are the
 * exact roots of the noncentral hypergeometric equations fisher.test solves
 * (mean = a; upper tail = 0.025; lower tail = 0.025), solved on the log
 * odds ratio to 1e-13 (SPEC rule 37), not uniroot's approximations.
 * When `a` is at the lower end of its range: estimate 0 and lower 0; at the
 * upper end: estimate and upper are R's Inf, so NAN (SPEC rule 38). A table
 * with a zero margin gives estimate 0, lower 0, upper NAN, p 1, as R does.
 * STATUS_OK whenever the counts are valid.
 */
int stats_prop_fisher(long a, long b, long c, long d, struct stats_fisher *out);

#endif
