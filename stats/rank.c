#include "stats/rank.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "common/status.h"
#include "stats/util.h"

/* R switches from the exact distribution to the normal one at 50. */
#define RANK_EXACT_MAX 50

struct rank_item {
    double v;
    size_t i;
};

static int rank_item_cmp(const void *a, const void *b)
{
    const struct rank_item *x = a, *y = b;

    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int rank_item_less(const struct rank_item *x, const struct rank_item *y)
{
    return x->v < y->v || (x->v == y->v && x->i < y->i);
}

static void rank_item_swap(struct rank_item *x, struct rank_item *y)
{
    struct rank_item t = *x;

    *x = *y;
    *y = t;
}

/*
 * Sort by value, then index (every key distinct): a quicksort with the
 * comparison inline, the median of three as pivot, insertion sort for short
 * runs, and qsort() past a depth that only a pathological input reaches.
 * The survey figures rank thousands of small samples; qsort's call through
 * a pointer for each comparison was most of their time.
 */
static void rank_sort(struct rank_item *a, size_t n, int depth)
{
    while (n > 16) {
        size_t mid = n / 2, i = 0, j = n - 1;
        struct rank_item pivot;

        if (depth-- == 0) {
            qsort(a, n, sizeof *a, rank_item_cmp);
            return;
        }
        if (rank_item_less(&a[mid], &a[0]))
            rank_item_swap(&a[mid], &a[0]);
        if (rank_item_less(&a[n - 1], &a[0]))
            rank_item_swap(&a[n - 1], &a[0]);
        if (rank_item_less(&a[n - 1], &a[mid]))
            rank_item_swap(&a[n - 1], &a[mid]);
        pivot = a[mid];
        /* Hoare's partition: a[0 .. j] <= pivot <= a[j + 1 .. n) */
        for (;;) {
            while (rank_item_less(&a[i], &pivot))
                i++;
            while (rank_item_less(&pivot, &a[j]))
                j--;
            if (i >= j)
                break;
            rank_item_swap(&a[i], &a[j]);
            i++;
            j--;
        }
        /* the smaller side by recursion, the larger by the loop: the stack stays O(log n) */
        if (j + 1 < n - j - 1) {
            rank_sort(a, j + 1, depth);
            a += j + 1;
            n -= j + 1;
        } else {
            rank_sort(a + j + 1, n - j - 1, depth);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        struct rank_item x = a[i];
        size_t k = i;

        for (; k > 0 && rank_item_less(&x, &a[k - 1]); k--)
            a[k] = a[k - 1];
        a[k] = x;
    }
}

/*
 * Average ranks of v[0..n) into r[0..n), as R's rank(); *ties receives the
 * sum of t^3 - t over the groups of t equal values (0 without ties).
 */
static int rank_average(const double *v, size_t n, double *r, double *ties)
{
    int st = STATUS_OK;
    struct rank_item *items = NULL;

    *ties = 0;
    items = malloc((n > 0 ? n : 1) * sizeof *items);
    if (items == NULL) {
        st = err_set(STATUS_NOMEM, "rank test: out of memory for %zu values", n);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        items[i].v = v[i];
        items[i].i = i;
    }
    rank_sort(items, n, 64);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double t;

        while (j + 1 < n && items[j + 1].v == items[i].v)
            j++;
        /* ranks i + 1 .. j + 1 share their mean */
        for (size_t k = i; k <= j; k++)
            r[items[k].i] = ((double)(i + 1) + (double)(j + 1)) / 2;
        t = (double)(j - i + 1);
        *ties += t * t * t - t;
        i = j + 1;
    }
out:
    free(items);
    return st;
}

/* R's sign(): -1, 0 or 1. */
static double rank_sign(double z)
{
    return (double)((z > 0) - (z < 0));
}

/*
 * Two-sided exact p of the signed-rank statistic v among m non-zero
 * differences, as R's psignrank() tails. The counts of each sum of a subset
 * of 1..m are at most 2^49 here, so they are exact in 64-bit integers and
 * the p-value is exact up to its final rounding.
 */
static double rank_signed_exact(double v, size_t m)
{
    uint64_t count[RANK_EXACT_MAX * (RANK_EXACT_MAX + 1) / 2 + 1] = { 0 };
    size_t top = m * (m + 1) / 2;
    uint64_t tail = 0;
    double p;

    count[0] = 1;
    for (size_t k = 1; k <= m; k++) {
        for (size_t s = k * (k + 1) / 2; s >= k; s--)
            count[s] += count[s - k];
    }
    if (v > (double)m * (double)(m + 1) / 4) {
        for (size_t s = (size_t)v; s <= top; s++)
            tail += count[s];
    } else {
        for (size_t s = 0; s <= (size_t)v; s++)
            tail += count[s];
    }
    p = 2 * ldexp((double)tail, -(int)m);
    return p < 1 ? p : 1;
}

int stats_rank_signed(const double *x, const double *y, size_t n, struct stats_rank_test *out)
{
    int st;
    int zeros = 0;
    size_t m = 0;
    double *d = NULL, *a = NULL, *r = NULL;
    double ties, v, z, sigma;
    long double sum = 0;

    out->statistic = NAN;
    out->p = NAN;
    out->n = 0;
    out->exact = 0;
    st = stats_util_finite(x, n, "signed-rank test");
    if (st == STATUS_OK && y != NULL)
        st = stats_util_finite(y, n, "signed-rank test");
    if (st != STATUS_OK)
        goto out;
    if (n == 0) {
        st = STATUS_EMPTY;
        goto out;
    }
    d = malloc(n * sizeof *d);
    a = malloc(n * sizeof *a);
    r = malloc(n * sizeof *r);
    if (d == NULL || a == NULL || r == NULL) {
        st = err_set(STATUS_NOMEM, "signed-rank test: out of memory for %zu values", n);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        double di = stats_util_at(x, y, i);

        if (di == 0) {
            zeros = 1;
        } else {
            d[m] = di;
            a[m] = fabs(di);
            m++;
        }
    }
    out->n = m;
    if (m == 0) {
        /* R: V = 0 and a p-value of NaN */
        out->statistic = 0;
        st = STATUS_EMPTY;
        goto out;
    }
    st = rank_average(a, m, r, &ties);
    if (st != STATUS_OK)
        goto out;
    for (size_t i = 0; i < m; i++) {
        if (d[i] > 0)
            sum += r[i];
    }
    v = (double)sum;
    out->statistic = v;
    if (m < RANK_EXACT_MAX && ties == 0 && !zeros) {
        out->exact = 1;
        out->p = rank_signed_exact(v, m);
        goto out;
    }
    z = v - (double)m * ((double)m + 1) / 4;
    sigma = sqrt((double)m * ((double)m + 1) * (2 * (double)m + 1) / 24 - ties / 48);
    z = (z - rank_sign(z) * 0.5) / sigma;
    out->p = stats_util_p_normal(z);
    if (isnan(out->p))
        st = STATUS_EMPTY;
out:
    free(d);
    free(a);
    free(r);
    return st;
}

/*
 * Counts up to 2^95 (choose(98, 49)) need more than 64 bits: a two-word
 * unsigned integer, wrapping modulo 2^128 like any unsigned type, so that
 * intermediate negative values cancel exactly.
 */
struct rank_wide {
    uint64_t hi;
    uint64_t lo;
};

static void rank_wide_add(struct rank_wide *a, const struct rank_wide *b)
{
    uint64_t lo = a->lo + b->lo;

    a->hi += b->hi + (lo < a->lo);
    a->lo = lo;
}

static void rank_wide_sub(struct rank_wide *a, const struct rank_wide *b)
{
    uint64_t borrow = a->lo < b->lo;

    a->lo -= b->lo;
    a->hi -= b->hi + borrow;
}

static double rank_wide_double(const struct rank_wide *a)
{
    return ldexp((double)a->hi, 64) + (double)a->lo;
}

/*
 * Two-sided exact p of the rank-sum statistic w for samples of na and nb,
 * as R's pwilcox() tails. The counts of each w are the coefficients of the
 * Gaussian binomial [na + nb choose m]_q = prod_{i=1..m} (1 - q^(n+i)) /
 * (1 - q^i), m = min(na, nb), n = max: m multiplications and exact
 * divisions of a polynomial of degree na * nb, O(m * na * nb), in exact
 * integers (doubles would lose the tails to cancellation).
 */
static int rank_sum_exact(double w, size_t na, size_t nb, double *p)
{
    int st = STATUS_OK;
    size_t m = na < nb ? na : nb, n = na < nb ? nb : na;
    size_t len = na * nb + 1;
    struct rank_wide *c = NULL, tail = { 0, 0 }, total = { 0, 0 };

    c = calloc(len, sizeof *c);
    if (c == NULL) {
        st = err_set(STATUS_NOMEM, "rank-sum test: out of memory");
        goto out;
    }
    c[0].lo = 1;
    for (size_t i = 1; i <= m; i++) {
        size_t up = n + i;

        for (size_t j = len - 1; j >= up && up < len; j--)
            rank_wide_sub(&c[j], &c[j - up]);
        for (size_t j = i; j < len; j++)
            rank_wide_add(&c[j], &c[j - i]);
    }
    for (size_t j = 0; j < len; j++)
        rank_wide_add(&total, &c[j]);
    if (w > (double)na * (double)nb / 2) {
        for (size_t j = (size_t)w; j < len; j++)
            rank_wide_add(&tail, &c[j]);
    } else {
        for (size_t j = 0; j <= (size_t)w; j++)
            rank_wide_add(&tail, &c[j]);
    }
    *p = 2 * (rank_wide_double(&tail) / rank_wide_double(&total));
    if (*p > 1)
        *p = 1;
out:
    free(c);
    return st;
}

int stats_rank_sum(const double *a, size_t na, const double *b, size_t nb,
                   struct stats_rank_test *out)
{
    int st;
    size_t n = na + nb;
    double *v = NULL, *r = NULL;
    double ties, w, z, sigma, fa = (double)na, fb = (double)nb;
    long double sum = 0;

    out->statistic = NAN;
    out->p = NAN;
    out->n = n;
    out->exact = 0;
    st = stats_util_finite(a, na, "rank-sum test");
    if (st == STATUS_OK)
        st = stats_util_finite(b, nb, "rank-sum test");
    if (st != STATUS_OK)
        goto out;
    if (na == 0 || nb == 0) {
        st = STATUS_EMPTY;
        goto out;
    }
    v = malloc(n * sizeof *v);
    r = malloc(n * sizeof *r);
    if (v == NULL || r == NULL) {
        st = err_set(STATUS_NOMEM, "rank-sum test: out of memory for %zu values", n);
        goto out;
    }
    for (size_t i = 0; i < na; i++)
        v[i] = a[i];
    for (size_t i = 0; i < nb; i++)
        v[na + i] = b[i];
    st = rank_average(v, n, r, &ties);
    if (st != STATUS_OK)
        goto out;
    for (size_t i = 0; i < na; i++)
        sum += r[i];
    w = (double)sum - fa * (fa + 1) / 2;
    out->statistic = w;
    if (na < RANK_EXACT_MAX && nb < RANK_EXACT_MAX && ties == 0) {
        out->exact = 1;
        st = rank_sum_exact(w, na, nb, &out->p);
        goto out;
    }
    z = w - fa * fb / 2;
    sigma = sqrt((fa * fb / 12) * ((fa + fb + 1) - ties / ((fa + fb) * (fa + fb - 1))));
    z = (z - rank_sign(z) * 0.5) / sigma;
    out->p = stats_util_p_normal(z);
    if (isnan(out->p))
        st = STATUS_EMPTY;
out:
    free(v);
    free(r);
    return st;
}
