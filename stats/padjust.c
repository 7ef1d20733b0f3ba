#include "stats/padjust.h"

#include <math.h>
#include <stdlib.h>

#include "common/status.h"

struct padjust_item {
    double p;
    size_t i;
};

/* Ascending p, then position, as R's order(p): ties keep their order. */
static int padjust_cmp(const void *a, const void *b)
{
    const struct padjust_item *x = a, *y = b;

    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/*
 * The non-NAN p-values with their positions, sorted ascending, in a new
 * array the caller frees; *m receives their number. Sets out[] to NAN.
 */
static int padjust_sort(const double *p, size_t n, double *out, const char *what,
                        struct padjust_item **items, size_t *m)
{
    int st = STATUS_OK;
    struct padjust_item *v = NULL;
    size_t k = 0;

    *items = NULL;
    *m = 0;
    if (n > 0 && (p == NULL || out == NULL)) {
        st = err_set(STATUS_DOMAIN, "%s: no p-values given", what);
        goto out;
    }
    v = malloc((n > 0 ? n : 1) * sizeof *v);
    if (v == NULL) {
        st = err_set(STATUS_NOMEM, "%s: out of memory for %zu p-values", what, n);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (isnan(p[i]))
            continue;
        if (!(p[i] >= 0 && p[i] <= 1)) {
            st = err_set(STATUS_DOMAIN, "%s: p-value %zu (%g) is not in [0, 1]", what, i + 1, p[i]);
            goto out;
        }
        v[k].p = p[i];
        v[k].i = i;
        k++;
    }
    qsort(v, k, sizeof *v, padjust_cmp);
    *items = v;
    *m = k;
    v = NULL;
out:
    /* out may alias p: clear it only once p has been read */
    for (size_t i = 0; out != NULL && i < n; i++)
        out[i] = NAN;
    free(v);
    return st;
}

int stats_padjust_holm(const double *p, size_t n, double *out)
{
    struct padjust_item *v = NULL;
    size_t m = 0;
    double run = 0;
    int st = padjust_sort(p, n, out, "holm adjustment", &v, &m);

    if (st != STATUS_OK)
        goto out;
    /* pmin(1, cummax((m + 1 - i) * p[o])) */
    for (size_t i = 0; i < m; i++) {
        double adj = (double)(m - i) * v[i].p;

        if (adj > run)
            run = adj;
        out[v[i].i] = run < 1 ? run : 1;
    }
out:
    free(v);
    return st;
}

int stats_padjust_bh(const double *p, size_t n, double *out)
{
    struct padjust_item *v = NULL;
    size_t m = 0;
    double run = INFINITY;
    int st = padjust_sort(p, n, out, "benjamini-hochberg adjustment", &v, &m);

    if (st != STATUS_OK)
        goto out;
    /* from the largest p down: pmin(1, cummin(m / i * p[o])) */
    for (size_t k = m; k-- > 0;) {
        double adj = (double)m / (double)(k + 1) * v[k].p;

        if (adj < run)
            run = adj;
        out[v[k].i] = run < 1 ? run : 1;
    }
out:
    free(v);
    return st;
}
