#include "stats/ttest.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "common/status.h"
#include "stats/util.h"

static void ttest_clear(struct stats_ttest *out)
{
    out->estimate = NAN;
    out->lower = NAN;
    out->upper = NAN;
    out->statistic = NAN;
    out->df = NAN;
    out->p = NAN;
}

/*
 * t, p and the interval from an estimate and its standard error. The
 * interval is formed as R forms it, (t -/+ q) * se, not estimate -/+ q * se,
 * so that the last bits agree.
 */
static void ttest_finish(struct stats_ttest *out, double diff, double se, double df)
{
    double t = diff / se;
    double q = gsl_cdf_tdist_Pinv(0.975, df);

    out->statistic = t;
    out->df = df;
    out->p = 2 * gsl_cdf_tdist_P(-fabs(t), df);
    out->lower = (t - q) * se;
    out->upper = (t + q) * se;
}

/* The one-sample test on d = x - y (y may be NULL). */
static int ttest_on(const double *x, const double *y, size_t n, struct stats_ttest *out)
{
    int st = STATUS_EMPTY;
    double mx, se;

    if (n == 0)
        goto out;
    mx = stats_util_mean(x, y, n);
    out->estimate = mx;
    if (n < 2)
        goto out;
    se = sqrt(stats_util_var(x, y, n, mx) / (double)n);
    /* R stops with "data are essentially constant" below this */
    if (!(se > 0) || se < 10 * DBL_EPSILON * fabs(mx))
        goto out;
    ttest_finish(out, mx, se, (double)(n - 1));
    st = STATUS_OK;
out:
    return st;
}

int stats_ttest_one(const double *x, size_t n, struct stats_ttest *out)
{
    int st;

    ttest_clear(out);
    st = stats_util_finite(x, n, "t-test");
    if (st != STATUS_OK)
        goto out;
    st = ttest_on(x, NULL, n, out);
out:
    return st;
}

int stats_ttest_paired(const double *x, const double *y, size_t n, struct stats_ttest *out)
{
    int st;

    ttest_clear(out);
    st = stats_util_finite(x, n, "paired t-test");
    if (st == STATUS_OK && y != NULL)
        st = stats_util_finite(y, n, "paired t-test");
    if (st != STATUS_OK)
        goto out;
    st = ttest_on(x, y, n, out);
out:
    return st;
}

int stats_ttest_welch(const double *a, size_t na, const double *b, size_t nb,
                      struct stats_ttest *out)
{
    int st;
    double ma, mb, sa, sb, se, df;

    ttest_clear(out);
    st = stats_util_finite(a, na, "welch t-test");
    if (st == STATUS_OK)
        st = stats_util_finite(b, nb, "welch t-test");
    if (st != STATUS_OK)
        goto out;
    st = STATUS_EMPTY;
    if (na == 0 || nb == 0)
        goto out;
    ma = stats_util_mean(a, NULL, na);
    mb = stats_util_mean(b, NULL, nb);
    out->estimate = ma - mb;
    if (na < 2 || nb < 2)
        goto out;
    /* the same steps as R, squares of square roots included */
    sa = sqrt(stats_util_var(a, NULL, na, ma) / (double)na);
    sb = sqrt(stats_util_var(b, NULL, nb, mb) / (double)nb);
    se = sqrt(sa * sa + sb * sb);
    if (!(se > 0) || se < 10 * DBL_EPSILON * fmax(fabs(ma), fabs(mb)))
        goto out;
    df = pow(se, 4) / (pow(sa, 4) / (double)(na - 1) + pow(sb, 4) / (double)(nb - 1));
    ttest_finish(out, ma - mb, se, df);
    st = STATUS_OK;
out:
    return st;
}
