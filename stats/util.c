#include "stats/util.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "common/status.h"

int stats_util_finite(const double *x, size_t n, const char *what)
{
    int st = STATUS_OK;

    if (n > 0 && x == NULL) {
        st = err_set(STATUS_DOMAIN, "%s: no data given for %zu values", what, n);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) {
            st = err_set(STATUS_DOMAIN, "%s: value %zu is not a finite number", what, i + 1);
            goto out;
        }
    }
out:
    return st;
}

/*
 * Sums in long double, as R's: four partial sums side by side, so that the
 * additions do not wait for one another, then added together. The order of
 * the additions differs from R's one by one, but with 64 bits of mantissa
 * the sum rounds to the same double but in cases far beyond the 1e-9 the
 * figures need.
 */
static long double sum_at(const double *x, const double *y, size_t n, long double shift)
{
    long double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;

    if (y == NULL) {
        for (; i + 4 <= n; i += 4) {
            s0 += x[i] - shift;
            s1 += x[i + 1] - shift;
            s2 += x[i + 2] - shift;
            s3 += x[i + 3] - shift;
        }
    } else {
        for (; i + 4 <= n; i += 4) {
            s0 += (x[i] - y[i]) - shift;
            s1 += (x[i + 1] - y[i + 1]) - shift;
            s2 += (x[i + 2] - y[i + 2]) - shift;
            s3 += (x[i + 3] - y[i + 3]) - shift;
        }
    }
    for (; i < n; i++)
        s0 += stats_util_at(x, y, i) - shift;
    return (s0 + s1) + (s2 + s3);
}

/*
 * R's mean() adds in long double, divides, and then adds the mean of the
 * residuals once more, which recovers the bits the first sum lost.
 */
double stats_util_mean(const double *x, const double *y, size_t n)
{
    long double s;

    if (n == 0)
        return NAN;
    s = sum_at(x, y, n, 0) / (long double)n;
    if (isfinite((double)s))
        s += sum_at(x, y, n, s) / (long double)n;
    return (double)s;
}

/*
 * R's var() of one complete column: each square of a deviation from the
 * (double) mean is formed in double and added into a long double sum.
 */
double stats_util_var(const double *x, const double *y, size_t n, double mean)
{
    long double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;

    if (n < 2)
        return NAN;
    for (; i + 4 <= n; i += 4) {
        double d0 = stats_util_at(x, y, i) - mean, d1 = stats_util_at(x, y, i + 1) - mean;
        double d2 = stats_util_at(x, y, i + 2) - mean, d3 = stats_util_at(x, y, i + 3) - mean;

        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
    }
    for (; i < n; i++) {
        double d = stats_util_at(x, y, i) - mean;

        s0 += d * d;
    }
    return (double)(((s0 + s1) + (s2 + s3)) / (long double)(n - 1));
}

double stats_util_sum(const double *x, size_t n)
{
    return (double)sum_at(x, NULL, n, 0);
}

double stats_util_p_normal(double z)
{
    return isnan(z) ? NAN : 2 * gsl_cdf_ugaussian_P(-fabs(z));
}
