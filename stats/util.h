/*
 * util.h: helpers shared by the files of stats/; not for callers outside it.
 *
 * Sums follow R's own summation (long double accumulators, a correcting
 * second pass for means; four partial sums side by side, for speed) so that
 * results agree with R to the last bits that double precision allows.
 */
#ifndef FLIPSIDE_STATS_UTIL_H
#define FLIPSIDE_STATS_UTIL_H

#include <stddef.h>

/*
 * STATUS_OK when `x` is non-NULL (or n = 0) and all of x[0..n) are finite;
 * else STATUS_DOMAIN with a message that names `what`.
 */
int stats_util_finite(const double *x, size_t n, const char *what);

/*
 * The value d[i] = x[i] - y[i] (or x[i] when `y` is NULL), computed in
 * double as R computes x - y before a paired test.
 */
static inline double stats_util_at(const double *x, const double *y, size_t i)
{
    return y != NULL ? x[i] - y[i] : x[i];
}

/* R's mean(d) over d = x - y (y may be NULL); NAN when n = 0. */
double stats_util_mean(const double *x, const double *y, size_t n);

/* R's var(d) around `mean` (from stats_util_mean); NAN when n < 2. */
double stats_util_var(const double *x, const double *y, size_t n, double mean);

/* A long double sum as R's sum() makes it. */
double stats_util_sum(const double *x, size_t n);

/* 2 * P(Z > |z|) for a standard normal Z, as R's 2 * pnorm(-abs(z)). */
double stats_util_p_normal(double z);

#endif
