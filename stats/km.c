#include "stats/km.h"

#include <math.h>
#include <stdlib.h>

#include "common/status.h"
#include "stats/surv.h"

void stats_km_free(struct stats_km *km)
{
    if (km != NULL) {
        free(km->time);
        free(km->n_risk);
        free(km->n_event);
        free(km->n_censor);
        free(km->surv);
        free(km->std_err);
        free(km->lower);
        free(km->upper);
        free(km);
    }
}

/* A fit with room for `steps` rows (at least one), or NULL. */
static struct stats_km *km_alloc(size_t steps)
{
    struct stats_km *km = calloc(1, sizeof *km);
    size_t m = steps > 0 ? steps : 1;

    if (km == NULL)
        goto out;
    km->time = malloc(m * sizeof *km->time);
    km->n_risk = malloc(m * sizeof *km->n_risk);
    km->n_event = malloc(m * sizeof *km->n_event);
    km->n_censor = malloc(m * sizeof *km->n_censor);
    km->surv = malloc(m * sizeof *km->surv);
    km->std_err = malloc(m * sizeof *km->std_err);
    km->lower = malloc(m * sizeof *km->lower);
    km->upper = malloc(m * sizeof *km->upper);
    if (km->time == NULL || km->n_risk == NULL || km->n_event == NULL ||
        km->n_censor == NULL || km->surv == NULL || km->std_err == NULL ||
        km->lower == NULL || km->upper == NULL) {
        stats_km_free(km);
        km = NULL;
    }
out:
    return km;
}

/*
 * The log-log interval of survfit_confint(): S^exp(-/+ z se / log S), written
 * as R writes it. R leaves it out (NA) where S is 0 or 1.
 */
static void km_loglog(double s, double se, double *lower, double *upper)
{
    double w;

    *lower = NAN;
    *upper = NAN;
    if (s > 0 && s < 1) {
        w = STATS_Z95 * se / log(s);
        *lower = exp(-exp(log(-log(s)) - w));
        *upper = exp(-exp(log(-log(s)) + w));
    }
}

/* The table from sorted data, time[order[i]] ascending (order NULL: identity). */
static int km_build(const double *time, const int *event, const size_t *order, size_t n,
                    struct stats_km **out)
{
    int st = STATUS_OK;
    struct stats_km *km = NULL;
    size_t steps = 0, step = 0, at_risk = n;
    double s = 1, green = 0;

    for (size_t i = 0; i < n; i++) {
        if (i == 0 || time[order ? order[i] : i] != time[order ? order[i - 1] : i - 1])
            steps++;
    }
    km = km_alloc(steps);
    if (km == NULL) {
        st = err_set(STATUS_NOMEM, "kaplan-meier: out of memory for %zu steps", steps);
        goto out;
    }
    km->n = n;
    km->n_steps = steps;
    for (size_t i = 0; i < n; step++) {
        double t = time[order ? order[i] : i];
        size_t d = 0, c = 0, j = i;

        for (; j < n && time[order ? order[j] : j] == t; j++) {
            if (event[order ? order[j] : j])
                d++;
            else
                c++;
        }
        if (d > 0) {
            double nr = (double)at_risk, dd = (double)d;

            s *= (nr - dd) / nr;
            /* d = n gives d / 0 = Inf, as in R: S is 0 from here on */
            green += dd / (nr * (nr - dd));
        }
        km->time[step] = t;
        km->n_risk[step] = at_risk;
        km->n_event[step] = d;
        km->n_censor[step] = c;
        km->surv[step] = s;
        km->std_err[step] = sqrt(green);
        km_loglog(s, km->std_err[step], &km->lower[step], &km->upper[step]);
        km->events += d;
        at_risk -= j - i;
        i = j;
    }
    if (n == 0)
        st = STATUS_EMPTY;
out:
    *out = km;
    return st;
}

int stats_km_fit_sorted(const double *time, const int *event, size_t n, struct stats_km **out)
{
    int st;

    *out = NULL;
    st = stats_surv_check(time, event, n, 1, "kaplan-meier");
    if (st != STATUS_OK)
        goto out;
    st = km_build(time, event, NULL, n, out);
out:
    return st;
}

int stats_km_fit(const double *time, const int *event, size_t n, struct stats_km **out)
{
    int st;
    size_t *order = NULL;

    *out = NULL;
    st = stats_surv_check(time, event, n, 0, "kaplan-meier");
    if (st != STATUS_OK)
        goto out;
    order = malloc((n > 0 ? n : 1) * sizeof *order);
    if (order == NULL) {
        st = err_set(STATUS_NOMEM, "kaplan-meier: out of memory for %zu people", n);
        goto out;
    }
    st = stats_surv_order(time, n, order);
    if (st != STATUS_OK)
        goto out;
    st = km_build(time, event, order, n, out);
out:
    free(order);
    return st;
}

int stats_km_at(const struct stats_km *km, double t, struct stats_km_point *out)
{
    int st = STATUS_OK;
    size_t lo = 0, hi;

    out->surv = NAN;
    out->lower = NAN;
    out->upper = NAN;
    out->var = NAN;
    out->n_risk = 0;
    if (km == NULL || isnan(t)) {
        st = err_set(STATUS_DOMAIN, "kaplan-meier at t: no fit or no time");
        goto out;
    }
    if (km->n_steps == 0 || t > km->time[km->n_steps - 1]) {
        st = STATUS_EMPTY;
        goto out;
    }
    /* lo = the number of steps at or before t */
    hi = km->n_steps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (km->time[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) {
        out->surv = 1;
        out->var = 0;
        out->n_risk = km->n;
        goto out;
    }
    out->surv = km->surv[lo - 1];
    out->lower = km->lower[lo - 1];
    out->upper = km->upper[lo - 1];
    out->var = km->std_err[lo - 1] * out->surv;
    out->var *= out->var;
    /* at risk at t: everyone whose time is t or later */
    if (km->time[lo - 1] == t)
        out->n_risk = km->n_risk[lo - 1];
    else
        out->n_risk = lo < km->n_steps ? km->n_risk[lo] : 0;
out:
    return st;
}

int stats_km_diff(const struct stats_km_point *a, const struct stats_km_point *b,
                  struct stats_interval *out)
{
    int st = STATUS_OK;
    double se = sqrt(a->var + b->var);

    out->estimate = a->surv - b->surv;
    out->lower = out->estimate - STATS_Z95 * se;
    out->upper = out->estimate + STATS_Z95 * se;
    if (isnan(out->estimate))
        st = STATUS_EMPTY;
    return st;
}
