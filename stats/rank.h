/*
 * rank.h: Wilcoxon signed-rank and Wilcoxon-Mann-Whitney rank-sum tests.
 *
 * Both follow R's wilcox.test() with its defaults exactly:
 *  - the exact null distribution when R uses it (signed rank: fewer than 50
 *    non-zero differences, no ties among their absolute values, no zero
 *    differences; rank sum: both samples below 50 and no ties), computed
 *    once per call in O(n^3) and only then;
 *  - otherwise the normal approximation with R's tie correction and a
 *    continuity correction of 0.5 towards the mean.
 * Values are compared exactly as doubles, as R does (digits.rank = Inf):
 * compute scores and changes in double (SPEC rule 22).
 *
 * Inputs are caller-owned const arrays of finite doubles (else
 * STATUS_DOMAIN). Scratch memory is allocated and released inside the call
 * (STATUS_NOMEM when it cannot be). NAN fields are written as empty fields.
 */
#ifndef FLIPSIDE_STATS_RANK_H
#define FLIPSIDE_STATS_RANK_H

#include <stddef.h>

struct stats_rank_test {
    double statistic;  /* V (signed rank) or W (rank sum), as R reports it */
    double p;          /* two-sided */
    size_t n;          /* values ranked: non-zero differences, or na + nb */
    int exact;         /* 1 when p comes from the exact distribution */
};

/*
 * Signed-rank test of d = x - y (formed in double; `y` may be NULL when `x`
 * holds the differences): wilcox.test(x, y, paired = TRUE).
 * Zero differences are dropped as R drops them. n = 0: statistic and p NAN,
 * STATUS_EMPTY. All differences zero: statistic 0, p NAN, STATUS_EMPTY
 * (SPEC rule 26).
 */
int stats_rank_signed(const double *x, const double *y, size_t n,
                      struct stats_rank_test *out);

/*
 * Rank-sum test of a against b: wilcox.test(a, b); W = the sum of the ranks
 * of `a` minus na(na + 1)/2. Either side empty: statistic and p NAN,
 * STATUS_EMPTY. Every value tied (R's p is NaN): statistic W, p NAN,
 * STATUS_EMPTY.
 */
int stats_rank_sum(const double *a, size_t na, const double *b, size_t nb,
                   struct stats_rank_test *out);

#endif
