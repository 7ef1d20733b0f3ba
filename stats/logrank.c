#include "stats/logrank.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "common/status.h"
#include "stats/surv.h"

void stats_logrank_free(struct stats_logrank *lr)
{
    if (lr != NULL) {
        free(lr->n);
        free(lr->observed);
        free(lr->expected);
        free(lr->var);
        free(lr);
    }
}

/* A zeroed result for `groups` groups with NAN test fields, or NULL. */
static struct stats_logrank *logrank_alloc(size_t groups)
{
    struct stats_logrank *lr = calloc(1, sizeof *lr);

    if (lr == NULL)
        goto out;
    lr->groups = groups;
    /* at least one element each, so that 0 groups is not an allocation failure */
    lr->n = calloc(groups > 0 ? groups : 1, sizeof *lr->n);
    lr->observed = calloc(groups > 0 ? groups : 1, sizeof *lr->observed);
    lr->expected = calloc(groups > 0 ? groups : 1, sizeof *lr->expected);
    lr->var = calloc(groups > 0 ? groups * groups : 1, sizeof *lr->var);
    lr->statistic = NAN;
    lr->df = NAN;
    lr->p = NAN;
    if (lr->n == NULL || lr->observed == NULL || lr->expected == NULL || lr->var == NULL) {
        stats_logrank_free(lr);
        lr = NULL;
    }
out:
    return lr;
}

/*
 * survdiff's chi-square: drop the groups with expected 0 and the first of
 * the rest, solve V x = (O - E) on what is left, chi = sum x (O - E).
 * R's solve() is an LU decomposition with partial pivoting, as GSL's.
 */
static int logrank_chisq(struct stats_logrank *lr)
{
    int st = STATUS_EMPTY, sign, gs;
    size_t k = lr->groups, used = 0, m, *keep = NULL;
    gsl_matrix *v = NULL;
    gsl_vector *b = NULL, *x = NULL;
    gsl_permutation *perm = NULL;
    double chi = 0;

    keep = malloc((k > 0 ? k : 1) * sizeof *keep);
    if (keep == NULL) {
        st = err_set(STATUS_NOMEM, "log-rank test: out of memory");
        goto out;
    }
    for (size_t g = 0; g < k; g++) {
        if (lr->expected[g] > 0)
            keep[used++] = g;
    }
    if (used < 2)
        goto out;
    m = used - 1;
    v = gsl_matrix_alloc(m, m);
    b = gsl_vector_alloc(m);
    x = gsl_vector_alloc(m);
    perm = gsl_permutation_alloc(m);
    if (v == NULL || b == NULL || x == NULL || perm == NULL) {
        st = err_set(STATUS_NOMEM, "log-rank test: out of memory");
        goto out;
    }
    for (size_t i = 0; i < m; i++) {
        size_t gi = keep[i + 1];

        gsl_vector_set(b, i, lr->observed[gi] - lr->expected[gi]);
        for (size_t j = 0; j < m; j++)
            gsl_matrix_set(v, i, j, lr->var[gi * k + keep[j + 1]]);
    }
    gs = gsl_linalg_LU_decomp(v, perm, &sign);
    for (size_t i = 0; gs == GSL_SUCCESS && i < m; i++) {
        if (gsl_matrix_get(v, i, i) == 0)
            gs = GSL_ESING;   /* R's solve() stops: "exactly singular" */
    }
    if (gs == GSL_SUCCESS)
        gs = gsl_linalg_LU_solve(v, perm, b, x);
    if (gs != GSL_SUCCESS)
        goto out;
    for (size_t i = 0; i < m; i++)
        chi += gsl_vector_get(x, i) * gsl_vector_get(b, i);
    lr->statistic = chi;
    lr->df = (double)m;
    lr->p = gsl_cdf_chisq_Q(chi, (double)m);
    st = STATUS_OK;
out:
    free(keep);
    gsl_matrix_free(v);
    gsl_vector_free(b);
    gsl_vector_free(x);
    gsl_permutation_free(perm);
    return st;
}

/*
 * The sums of survdiff2.c at one event time with N at risk, D events and
 * n_g at risk in group g: E_g += D n_g / N and, when N > 1,
 * V_gh += D (N - D) / (N (N - 1)) * n_g (delta_gh - n_h / N).
 */
static void logrank_time(struct stats_logrank *lr, const double *risk, size_t at_risk, double deaths)
{
    size_t groups = lr->groups;
    double nrisk = (double)at_risk;

    for (size_t g = 0; g < groups; g++)
        lr->expected[g] += deaths * risk[g] / nrisk;
    if (at_risk == 1)
        return;
    for (size_t g = 0; g < groups; g++) {
        double tmp = deaths * risk[g] * (nrisk - deaths) / (nrisk * (nrisk - 1));

        lr->var[g * groups + g] += tmp;
        for (size_t h = 0; h < groups; h++)
            lr->var[g * groups + h] -= tmp * risk[h] / nrisk;
    }
}

/* A zeroed result and risk sets for `groups` groups. */
static int logrank_begin(size_t groups, struct stats_logrank **lr, double **risk)
{
    *lr = logrank_alloc(groups);
    *risk = calloc(groups > 0 ? groups : 1, sizeof **risk);
    if (*lr == NULL || *risk == NULL)
        return err_set(STATUS_NOMEM, "log-rank test: out of memory for %zu groups", groups);
    return STATUS_OK;
}

/* The chi-square of the sums, and the result handed over (freed unless OK or EMPTY). */
static int logrank_finish(struct stats_logrank *lr, double *risk, int st, struct stats_logrank **out)
{
    if (st == STATUS_OK)
        st = logrank_chisq(lr);
    free(risk);
    if (st != STATUS_OK && st != STATUS_EMPTY) {
        stats_logrank_free(lr);
        lr = NULL;
    }
    *out = lr;
    return st;
}

/*
 * The test from rows sorted by time (through `order` when not NULL),
 * walking from the last time back to the first so that the risk sets grow.
 */
static int logrank_build(const double *time, const int *event, const int *group,
                         const size_t *order, size_t n, size_t groups,
                         struct stats_logrank **out)
{
    struct stats_logrank *lr = NULL;
    double *risk = NULL;
    size_t at_risk = 0;
    int st = logrank_begin(groups, &lr, &risk);

    for (size_t i = n; i > 0 && st == STATUS_OK;) {
        double t = time[order ? order[i - 1] : i - 1], deaths = 0;
        size_t j = i;

        for (; j > 0 && time[order ? order[j - 1] : j - 1] == t; j--) {
            size_t p = order ? order[j - 1] : j - 1;
            size_t g = (size_t)group[p];

            risk[g] += 1;
            lr->n[g]++;
            deaths += event[p];
            lr->observed[g] += event[p];
        }
        at_risk += i - j;
        i = j;
        if (deaths > 0)
            logrank_time(lr, risk, at_risk, deaths);
    }
    return logrank_finish(lr, risk, st, out);
}

int stats_logrank_test_counts(const double *time, const size_t *ended, const size_t *events, size_t ntimes,
                              size_t groups, struct stats_logrank **out)
{
    int st;
    struct stats_logrank *lr = NULL;
    double *risk = NULL;
    size_t at_risk = 0;

    *out = NULL;
    if (groups > STATS_LOGRANK_MAX_GROUPS || (ntimes > 0 && (time == NULL || ended == NULL || events == NULL)))
        return err_set(STATUS_DOMAIN, "log-rank test: no counts given, or %zu groups", groups);
    for (size_t t = 0; t < ntimes; t++) {
        if (!isfinite(time[t]) || time[t] < 0 || (t > 0 && !(time[t] > time[t - 1])))
            return err_set(STATUS_DOMAIN, "log-rank test: time %zu is not after the one before it", t + 1);
        for (size_t g = 0; g < groups; g++) {
            if (events[t * groups + g] > ended[t * groups + g])
                return err_set(STATUS_DOMAIN, "log-rank test: more events than people at time %zu", t + 1);
        }
    }
    st = logrank_begin(groups, &lr, &risk);
    /* The same sums, in the same order, as the rows they count would give. */
    for (size_t t = ntimes; t > 0 && st == STATUS_OK; t--) {
        double deaths = 0;

        for (size_t g = 0; g < groups; g++) {
            size_t e = ended[(t - 1) * groups + g], d = events[(t - 1) * groups + g];

            risk[g] += (double)e;
            lr->n[g] += e;
            deaths += (double)d;
            lr->observed[g] += (double)d;
            at_risk += e;
        }
        if (deaths > 0)
            logrank_time(lr, risk, at_risk, deaths);
    }
    return logrank_finish(lr, risk, st, out);
}

static int logrank_check_groups(const int *group, size_t n, size_t groups)
{
    int st = STATUS_OK;

    if (n > 0 && group == NULL) {
        st = err_set(STATUS_DOMAIN, "log-rank test: no groups given");
        goto out;
    }
    if (groups > STATS_LOGRANK_MAX_GROUPS) {
        st = err_set(STATUS_DOMAIN, "log-rank test: %zu groups, more than %d", groups,
                     STATS_LOGRANK_MAX_GROUPS);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (group[i] < 0 || (size_t)group[i] >= groups) {
            st = err_set(STATUS_DOMAIN, "log-rank test: group %d of person %zu is not in 0..%zu",
                         group[i], i + 1, groups > 0 ? groups - 1 : 0);
            goto out;
        }
    }
out:
    return st;
}

int stats_logrank_test_sorted(const double *time, const int *event, const int *group,
                              size_t n, size_t groups, struct stats_logrank **out)
{
    int st;

    *out = NULL;
    st = stats_surv_check(time, event, n, 1, "log-rank test");
    if (st == STATUS_OK)
        st = logrank_check_groups(group, n, groups);
    if (st != STATUS_OK)
        goto out;
    st = logrank_build(time, event, group, NULL, n, groups, out);
out:
    return st;
}

int stats_logrank_test(const double *time, const int *event, const int *group, size_t n,
                       size_t groups, struct stats_logrank **out)
{
    int st;
    size_t *order = NULL;

    *out = NULL;
    st = stats_surv_check(time, event, n, 0, "log-rank test");
    if (st == STATUS_OK)
        st = logrank_check_groups(group, n, groups);
    if (st != STATUS_OK)
        goto out;
    order = malloc((n > 0 ? n : 1) * sizeof *order);
    if (order == NULL) {
        st = err_set(STATUS_NOMEM, "log-rank test: out of memory for %zu people", n);
        goto out;
    }
    st = stats_surv_order(time, n, order);
    if (st != STATUS_OK)
        goto out;
    st = logrank_build(time, event, group, order, n, groups, out);
out:
    free(order);
    return st;
}
