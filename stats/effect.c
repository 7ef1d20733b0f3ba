#include "stats/effect.h"

#include <math.h>
#include <stdlib.h>

#include "common/status.h"
#include "stats/util.h"

int stats_effect_dz(const double *x, const double *y, size_t n, double *dz)
{
    int st;
    double m, sd;

    *dz = NAN;
    st = stats_util_finite(x, n, "cohen's dz");
    if (st == STATUS_OK && y != NULL)
        st = stats_util_finite(y, n, "cohen's dz");
    if (st != STATUS_OK)
        goto out;
    st = STATUS_EMPTY;
    if (n < 2)
        goto out;
    m = stats_util_mean(x, y, n);
    sd = sqrt(stats_util_var(x, y, n, m));
    if (!(sd > 0))
        goto out;
    *dz = m / sd;
    st = STATUS_OK;
out:
    return st;
}

int stats_effect_hedges_g(const double *a, size_t na, const double *b, size_t nb,
                          struct stats_interval *out)
{
    int st;
    double ma, mb, va, vb, sp, fa = (double)na, fb = (double)nb, j, g, se;

    out->estimate = NAN;
    out->lower = NAN;
    out->upper = NAN;
    st = stats_util_finite(a, na, "hedges' g");
    if (st == STATUS_OK)
        st = stats_util_finite(b, nb, "hedges' g");
    if (st != STATUS_OK)
        goto out;
    st = STATUS_EMPTY;
    if (na < 2 || nb < 2)
        goto out;
    ma = stats_util_mean(a, NULL, na);
    mb = stats_util_mean(b, NULL, nb);
    va = stats_util_var(a, NULL, na, ma);
    vb = stats_util_var(b, NULL, nb, mb);
    sp = sqrt(((fa - 1) * va + (fb - 1) * vb) / (fa + fb - 2));
    if (!(sp > 0))
        goto out;
    j = 1 - 3 / (4 * (fa + fb) - 9);
    g = j * (ma - mb) / sp;
    se = sqrt((fa + fb) / (fa * fb) + g * g / (2 * (fa + fb)));
    out->estimate = g;
    out->lower = g - STATS_Z95 * se;
    out->upper = g + STATS_Z95 * se;
    st = STATUS_OK;
out:
    return st;
}

int stats_effect_alpha(const double *x, size_t n, size_t k, double *alpha)
{
    int st;
    double *col = NULL, *rows = NULL, *vars = NULL;
    double total;

    *alpha = NAN;
    if (n > 0 && k > 0 && n > (size_t)-1 / k) {
        st = err_set(STATUS_DOMAIN, "cronbach's alpha: %zu x %zu is too large", n, k);
        goto out;
    }
    st = stats_util_finite(x, n * k, "cronbach's alpha");
    if (st != STATUS_OK)
        goto out;
    if (n < 2 || k < 2) {
        st = STATUS_EMPTY;
        goto out;
    }
    col = malloc(n * sizeof *col);
    rows = malloc(n * sizeof *rows);
    vars = malloc(k * sizeof *vars);
    if (col == NULL || rows == NULL || vars == NULL) {
        st = err_set(STATUS_NOMEM, "cronbach's alpha: out of memory for %zu x %zu", n, k);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        rows[i] = stats_util_sum(x + i * k, k);      /* R's rowSums: long double */
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < n; i++)
            col[i] = x[i * k + j];
        vars[j] = stats_util_var(col, NULL, n, stats_util_mean(col, NULL, n));
    }
    total = stats_util_var(rows, NULL, n, stats_util_mean(rows, NULL, n));
    if (!(total > 0)) {
        st = STATUS_EMPTY;
        goto out;
    }
    *alpha = (double)k / (double)(k - 1) * (1 - stats_util_sum(vars, k) / total);
out:
    free(col);
    free(rows);
    free(vars);
    return st;
}

int stats_effect_nps(long promoters, long detractors, long n, struct stats_nps *out)
{
    int st = STATUS_OK;
    double pp, pd, spread, half;

    out->estimate = NAN;
    out->lower = NAN;
    out->upper = NAN;
    out->var = NAN;
    out->n = n > 0 ? n : 0;
    if (promoters < 0 || detractors < 0 || n < 0 || promoters > n - detractors) {
        st = err_set(STATUS_DOMAIN, "nps: %ld promoters and %ld detractors out of %ld",
                     promoters, detractors, n);
        goto out;
    }
    if (n == 0) {
        st = STATUS_EMPTY;
        goto out;
    }
    pp = (double)promoters / (double)n;
    pd = (double)detractors / (double)n;
    /* pP + pD - (pP - pD)^2 >= 0; rounding may leave a tiny negative */
    spread = pp + pd - (pp - pd) * (pp - pd);
    if (spread < 0)
        spread = 0;
    out->estimate = 100 * (pp - pd);
    out->var = 100 * 100 * spread / (double)n;
    half = STATS_Z95 * 100 * sqrt(spread / (double)n);
    out->lower = fmax(out->estimate - half, -100);
    out->upper = fmin(out->estimate + half, 100);
out:
    return st;
}

int stats_effect_nps_diff(const struct stats_nps *a, const struct stats_nps *b,
                          struct stats_nps_diff *out)
{
    int st = STATUS_OK;
    double se;

    out->estimate = NAN;
    out->lower = NAN;
    out->upper = NAN;
    out->z = NAN;
    out->p = NAN;
    if (a->n <= 0 || b->n <= 0 || isnan(a->estimate) || isnan(b->estimate) ||
        isnan(a->var) || isnan(b->var)) {
        st = STATUS_EMPTY;
        goto out;
    }
    se = sqrt(a->var + b->var);
    out->estimate = a->estimate - b->estimate;
    out->lower = out->estimate - STATS_Z95 * se;
    out->upper = out->estimate + STATS_Z95 * se;
    if (!(se > 0)) {
        st = STATUS_EMPTY;
        goto out;
    }
    out->z = out->estimate / se;
    out->p = stats_util_p_normal(out->z);
out:
    return st;
}
