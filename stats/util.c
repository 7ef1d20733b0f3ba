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
 * R's mean() adds in long double, divides, and then adds the mean of the
 * residuals once more, which recovers the bits the first sum lost.
 */
double stats_util_mean(const double *x, const double *y, size_t n)
{
    long double s = 0, t = 0;

    if (n == 0) {
        s = NAN;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        s += stats_util_at(x, y, i);
    s /= (long double)n;
    if (isfinite((double)s)) {
        for (size_t i = 0; i < n; i++)
            t += stats_util_at(x, y, i) - s;
        s += t / (long double)n;
    }
out:
    return (double)s;
}

/*
 * R's var() of one complete column: each square of a deviation from the
 * (double) mean is formed in double and added into a long double sum.
 */
double stats_util_var(const double *x, const double *y, size_t n, double mean)
{
    long double s = 0;

    if (n < 2) {
        s = NAN;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        double d = stats_util_at(x, y, i) - mean;

        s += d * d;
    }
    s /= (long double)(n - 1);
out:
    return (double)s;
}

double stats_util_sum(const double *x, size_t n)
{
    long double s = 0;

    for (size_t i = 0; i < n; i++)
        s += x[i];
    return (double)s;
}

double stats_util_p_normal(double z)
{
    return isnan(z) ? NAN : 2 * gsl_cdf_ugaussian_P(-fabs(z));
}
