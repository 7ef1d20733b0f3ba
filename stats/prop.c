#include "stats/prop.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

#include "common/status.h"
#include "stats/util.h"

int stats_prop_wilson(long x, long n, struct stats_interval *out)
{
    int st = STATUS_OK;
    double est, nn, z = STATS_Z95, z22n, root, pu, pl;

    out->estimate = NAN;
    out->lower = NAN;
    out->upper = NAN;
    if (x < 0 || n < 0 || x > n) {
        st = err_set(STATUS_DOMAIN, "wilson interval: %ld events out of %ld is not a share", x, n);
        goto out;
    }
    if (n == 0) {
        st = STATUS_EMPTY;
        goto out;
    }
    nn = (double)n;
    est = (double)x / nn;
    z22n = z * z / (2 * nn);
    root = z * sqrt(est * (1 - est) / nn + z22n / (2 * nn));
    pu = est >= 1 ? 1 : (est + z22n + root) / (1 + 2 * z22n);
    pl = est <= 0 ? 0 : (est + z22n - root) / (1 + 2 * z22n);
    out->estimate = est;
    out->lower = pl > 0 ? pl : 0;
    out->upper = pu < 1 ? pu : 1;
out:
    return st;
}

int stats_prop_test2(long x1, long n1, long x2, long n2, struct stats_prop_test *out)
{
    int st = STATUS_OK;
    double e1, e2, width, p, terms[4], obs[4], expect[4];

    out->estimate = NAN;
    out->lower = NAN;
    out->upper = NAN;
    out->statistic = NAN;
    out->df = NAN;
    out->p = NAN;
    if (x1 < 0 || n1 < 0 || x1 > n1 || x2 < 0 || n2 < 0 || x2 > n2) {
        st = err_set(STATUS_DOMAIN, "test of proportions: %ld of %ld against %ld of %ld "
                     "are not shares", x1, n1, x2, n2);
        goto out;
    }
    if (n1 == 0 || n2 == 0) {
        st = STATUS_EMPTY;
        goto out;
    }
    e1 = (double)x1 / (double)n1;
    e2 = (double)x2 / (double)n2;
    terms[0] = e1 * (1 - e1) / (double)n1;
    terms[1] = e2 * (1 - e2) / (double)n2;
    width = STATS_Z95 * sqrt(stats_util_sum(terms, 2));
    out->estimate = e1 - e2;
    out->lower = fmax(out->estimate - width, -1);
    out->upper = fmin(out->estimate + width, 1);
    if (x1 + x2 == 0 || x1 + x2 == n1 + n2) {
        /* an expected count is 0: R's chi-square is 0/0 */
        st = STATUS_EMPTY;
        goto out;
    }
    p = (double)(x1 + x2) / (double)(n1 + n2);
    /* R's cbind(x, n - x) against cbind(n * p, n * (1 - p)), column by column */
    obs[0] = (double)x1;
    obs[1] = (double)x2;
    obs[2] = (double)(n1 - x1);
    obs[3] = (double)(n2 - x2);
    expect[0] = (double)n1 * p;
    expect[1] = (double)n2 * p;
    expect[2] = (double)n1 * (1 - p);
    expect[3] = (double)n2 * (1 - p);
    for (int i = 0; i < 4; i++) {
        double dev = fabs(obs[i] - expect[i]);

        terms[i] = dev * dev / expect[i];
    }
    out->statistic = stats_util_sum(terms, 4);
    out->df = 1;
    out->p = gsl_cdf_chisq_Q(out->statistic, 1);
out:
    return st;
}

/*
 * The conditional distribution of the first cell given the margins, on its
 * support lo..hi, as fisher.test sets it up: log choose(m, s) +
 * log choose(n, k - s) for s = lo + i.
 */
struct fisher_dist {
    size_t len;
    double *logdc;
    double *w;       /* scratch: probabilities at the current log odds ratio */
};

/* Probabilities at log odds ratio theta into f->w, scaled in log space. */
static void fisher_probs(const struct fisher_dist *f, double theta)
{
    double top = -INFINITY;
    long double sum = 0;

    for (size_t i = 0; i < f->len; i++) {
        f->w[i] = f->logdc[i] + theta * (double)i;
        if (f->w[i] > top)
            top = f->w[i];
    }
    for (size_t i = 0; i < f->len; i++) {
        f->w[i] = exp(f->w[i] - top);
        sum += f->w[i];
    }
    for (size_t i = 0; i < f->len; i++)
        f->w[i] /= (double)sum;
}

enum fisher_eq {
    FISHER_MEAN,    /* E[X] = x: the conditional MLE */
    FISHER_UPPER,   /* P(X >= x) = alpha: the lower limit */
    FISHER_LOWER    /* P(X <= x) = alpha: the upper limit */
};

struct fisher_fn {
    const struct fisher_dist *f;
    enum fisher_eq eq;
    size_t x;       /* the observed cell, as an offset from lo */
    double alpha;
};

/* Each equation written so that it increases with theta. */
static double fisher_eval(double theta, void *params)
{
    const struct fisher_fn *fn = params;
    const struct fisher_dist *f = fn->f;
    long double s = 0;
    double v;

    fisher_probs(f, theta);
    switch (fn->eq) {
    case FISHER_MEAN:
        for (size_t i = 0; i < f->len; i++)
            s += (long double)i * f->w[i];
        v = (double)(s - (long double)fn->x);
        break;
    case FISHER_UPPER:
        for (size_t i = fn->x; i < f->len; i++)
            s += f->w[i];
        v = (double)s - fn->alpha;
        break;
    case FISHER_LOWER:
    default:
        for (size_t i = 0; i <= fn->x; i++)
            s += f->w[i];
        v = fn->alpha - (double)s;
        break;
    }
    return v;
}

/*
 * Solve one equation for the log odds ratio: bracket the root by doubling
 * away from 0, then Brent's method until the bracket is 1e-13 wide. Called
 * only when the observed cell is strictly inside its range, so the root is
 * finite.
 */
static int fisher_root(struct fisher_fn *fn, double *root)
{
    int st = STATUS_OK, gs;
    gsl_function F;
    gsl_root_fsolver *s = NULL;
    double lo, hi, flo, fhi, f0;
    int iter;

    F.function = fisher_eval;
    F.params = fn;
    f0 = fisher_eval(0, fn);
    if (f0 == 0) {
        *root = 0;
        goto out;
    }
    if (f0 > 0) {
        hi = 0;
        fhi = f0;
        lo = -1;
        while ((flo = fisher_eval(lo, fn)) > 0 && lo > -1e5) {
            hi = lo;
            fhi = flo;
            lo *= 2;
        }
    } else {
        lo = 0;
        flo = f0;
        hi = 1;
        while ((fhi = fisher_eval(hi, fn)) < 0 && hi < 1e5) {
            lo = hi;
            flo = fhi;
            hi *= 2;
        }
    }
    if (flo == 0 || fhi == 0) {
        *root = flo == 0 ? lo : hi;
        goto out;
    }
    if (!(flo < 0 && fhi > 0)) {
        st = err_set(STATUS_NOCONV, "fisher test: no root of the odds-ratio equation found");
        goto out;
    }
    s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (s == NULL) {
        st = err_set(STATUS_NOMEM, "fisher test: out of memory for the root finder");
        goto out;
    }
    gs = gsl_root_fsolver_set(s, &F, lo, hi);
    for (iter = 0; gs == GSL_SUCCESS && iter < 500; iter++) {
        gs = gsl_root_fsolver_iterate(s);
        if (gs != GSL_SUCCESS)
            break;
        lo = gsl_root_fsolver_x_lower(s);
        hi = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(lo, hi, 1e-13, 0) == GSL_SUCCESS)
            break;
    }
    if (gs != GSL_SUCCESS || iter == 500) {
        st = err_set(STATUS_NOCONV, "fisher test: odds-ratio root not found (%s)",
                     gs != GSL_SUCCESS ? gsl_strerror(gs) : "too many iterations");
        goto out;
    }
    *root = gsl_root_fsolver_root(s);
out:
    gsl_root_fsolver_free(s);
    return st;
}

int stats_prop_fisher(long a, long b, long c, long d, struct stats_fisher *out)
{
    int st = STATUS_OK;
    struct fisher_dist f = { 0, NULL, NULL };
    struct fisher_fn fn;
    long m, n, k, lo, hi;
    size_t x;
    double theta, limit;
    long double p = 0;

    out->estimate = NAN;
    out->lower = NAN;
    out->upper = NAN;
    out->p = NAN;
    if (a < 0 || b < 0 || c < 0 || d < 0 ||
        a > INT_MAX / 4 || b > INT_MAX / 4 || c > INT_MAX / 4 || d > INT_MAX / 4) {
        st = err_set(STATUS_DOMAIN, "fisher test: cell counts %ld %ld %ld %ld out of range",
                     a, b, c, d);
        goto out;
    }
    m = a + c;          /* first column */
    n = b + d;          /* second column */
    k = a + b;          /* first row */
    lo = k - n > 0 ? k - n : 0;
    hi = k < m ? k : m;
    f.len = (size_t)(hi - lo + 1);
    x = (size_t)(a - lo);
    f.logdc = malloc(f.len * sizeof *f.logdc);
    f.w = malloc(f.len * sizeof *f.w);
    if (f.logdc == NULL || f.w == NULL) {
        st = err_set(STATUS_NOMEM, "fisher test: out of memory for %zu tables", f.len);
        goto out;
    }
    for (size_t i = 0; i < f.len; i++) {
        gsl_sf_result r1, r2;
        long s = lo + (long)i;

        if (gsl_sf_lnchoose_e((unsigned)m, (unsigned)s, &r1) != GSL_SUCCESS ||
            gsl_sf_lnchoose_e((unsigned)n, (unsigned)(k - s), &r2) != GSL_SUCCESS) {
            st = err_set(STATUS_DOMAIN, "fisher test: log binomial coefficient failed");
            goto out;
        }
        f.logdc[i] = r1.val + r2.val;
    }

    /* p: tables no more likely than the observed one, R's 1 + 1e-7 slack */
    fisher_probs(&f, 0);
    limit = f.w[x] * (1 + 1e-7);
    for (size_t i = 0; i < f.len; i++) {
        if (f.w[i] <= limit)
            p += f.w[i];
    }
    out->p = (double)p;

    fn.f = &f;
    fn.x = x;
    fn.alpha = 0.025;
    if (a == lo) {
        out->estimate = 0;
        out->lower = 0;
    }
    if (a > lo && a < hi) {
        fn.eq = FISHER_MEAN;
        st = fisher_root(&fn, &theta);
        if (st != STATUS_OK)
            goto out;
        out->estimate = exp(theta);
    }
    if (a > lo) {
        fn.eq = FISHER_UPPER;
        st = fisher_root(&fn, &theta);
        if (st != STATUS_OK)
            goto out;
        out->lower = exp(theta);
    }
    if (a < hi) {
        fn.eq = FISHER_LOWER;
        st = fisher_root(&fn, &theta);
        if (st != STATUS_OK)
            goto out;
        out->upper = exp(theta);
    }
out:
    free(f.logdc);
    free(f.w);
    return st;
}
