/*
 * ttest.h: one-sample, paired and Welch two-sample t-tests.
 *
 * Each matches the R call beside it: estimate, 95% interval, t, df and the
 * two-sided p-value. When R cannot compute the test (n = 1, zero variance:
 * "not enough observations", "data are essentially constant"), estimate
 * keeps the mean (difference of means) and lower, upper, statistic, df and
 * p are NAN, with STATUS_EMPTY (SPEC rule 26). With no data at all the
 * estimate is NAN too. NAN fields are written as empty fields.
 *
 * Inputs are caller-owned const arrays of finite doubles (else
 * STATUS_DOMAIN); nothing is allocated.
 */
#ifndef FLIPSIDE_STATS_TTEST_H
#define FLIPSIDE_STATS_TTEST_H

#include <stddef.h>

struct stats_ttest {
    double estimate;   /* mean, mean difference, or difference in means */
    double lower;      /* 95% t interval of the estimate */
    double upper;
    double statistic;  /* t */
    double df;         /* n - 1, or Welch's df */
    double p;          /* two-sided */
};

/* One-sample t-test against 0: t.test(x). */
int stats_ttest_one(const double *x, size_t n, struct stats_ttest *out);

/*
 * Paired t-test on d = x - y (formed in double, as R does):
 * t.test(x, y, paired = TRUE). `y` may be NULL when `x` already holds the
 * differences.
 */
int stats_ttest_paired(const double *x, const double *y, size_t n,
                       struct stats_ttest *out);

/*
 * Welch two-sample t-test of mean(a) - mean(b): t.test(a, b).
 * Either side with fewer than 2 values, or both with zero variance:
 * estimate = mean(a) - mean(b) (NAN when a side is empty), the rest NAN,
 * STATUS_EMPTY.
 */
int stats_ttest_welch(const double *a, size_t na, const double *b, size_t nb,
                      struct stats_ttest *out);

#endif
