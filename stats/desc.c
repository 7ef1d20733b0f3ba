#include "stats/desc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "stats/ttest.h"
#include "stats/util.h"

int stats_desc_mean(const double *x, size_t n, double *mean)
{
    int st;

    *mean = NAN;
    st = stats_util_finite(x, n, "mean");
    if (st != STATUS_OK)
        goto out;
    if (n == 0) {
        st = STATUS_EMPTY;
        goto out;
    }
    *mean = stats_util_mean(x, NULL, n);
out:
    return st;
}

int stats_desc_var(const double *x, size_t n, double *var)
{
    int st;

    *var = NAN;
    st = stats_util_finite(x, n, "variance");
    if (st != STATUS_OK)
        goto out;
    if (n < 2) {
        st = STATUS_EMPTY;
        goto out;
    }
    *var = stats_util_var(x, NULL, n, stats_util_mean(x, NULL, n));
out:
    return st;
}

int stats_desc_sd(const double *x, size_t n, double *sd)
{
    double var;
    int st = stats_desc_var(x, n, &var);

    *sd = sqrt(var);
    return st;
}

static int desc_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

int stats_desc_median(const double *x, size_t n, double *median)
{
    int st;
    double *copy = NULL;

    *median = NAN;
    st = stats_util_finite(x, n, "median");
    if (st != STATUS_OK)
        goto out;
    if (n == 0) {
        st = STATUS_EMPTY;
        goto out;
    }
    copy = malloc(n * sizeof *copy);
    if (copy == NULL) {
        st = err_set(STATUS_NOMEM, "median: out of memory for %zu values", n);
        goto out;
    }
    memcpy(copy, x, n * sizeof *copy);
    qsort(copy, n, sizeof *copy, desc_cmp);
    if (n % 2 == 1)
        *median = copy[n / 2];
    else
        *median = stats_util_mean(copy + n / 2 - 1, NULL, 2); /* R: mean() of the two */
out:
    free(copy);
    return st;
}

int stats_desc_t_interval(const double *x, size_t n, struct stats_interval *out)
{
    struct stats_ttest t;
    int st = stats_ttest_one(x, n, &t);

    out->estimate = t.estimate;
    out->lower = t.lower;
    out->upper = t.upper;
    return st;
}
