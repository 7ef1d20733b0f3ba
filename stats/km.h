/*
 * km.h: the Kaplan-Meier estimate with Greenwood variance and log-log
 * intervals, as survfit(Surv(time, event) ~ 1, conf.type = "log-log").
 *
 * See stats/surv.h for the input conventions (times in days >= 0, events
 * 0/1, any order or the _sorted variants). A fit is O(n log n) (O(n) when
 * sorted) and owns its step table; stats_km_free() releases it.
 * NAN fields are written as empty fields.
 */
#ifndef FLIPSIDE_STATS_KM_H
#define FLIPSIDE_STATS_KM_H

#include <stddef.h>

#include "stats/stats.h"

/*
 * The step table: one row per distinct time, event or censoring, as the
 * columns of the survfit object (summary(fit, censored = TRUE)).
 */
struct stats_km {
    size_t n;          /* people */
    size_t events;     /* all events over the whole follow-up */
    size_t n_steps;    /* rows below */
    double *time;
    size_t *n_risk;    /* at risk just before time[i] */
    size_t *n_event;
    size_t *n_censor;
    double *surv;      /* S(time[i]) */
    double *std_err;   /* fit$std.err: sqrt(sum d / (n (n - d))), the se of log S */
    double *lower;     /* 95% log-log interval; NAN where S = 1 or S = 0 */
    double *upper;
};

/*
 * Fit from data in any order. On STATUS_OK, or STATUS_EMPTY when n = 0
 * (a fit with no steps), *out is a new fit the caller frees with
 * stats_km_free(); on STATUS_DOMAIN or STATUS_NOMEM *out is NULL.
 */
int stats_km_fit(const double *time, const int *event, size_t n, struct stats_km **out);

/* As stats_km_fit(), for data sorted by ascending time (STATUS_DOMAIN if not). */
int stats_km_fit_sorted(const double *time, const int *event, size_t n,
                        struct stats_km **out);

/* Release a fit; NULL is fine. */
void stats_km_free(struct stats_km *km);

/* The estimate at one time, as summary(fit, times = t). */
struct stats_km_point {
    double surv;       /* S(t) */
    double lower;      /* 95% log-log interval; NAN while S = 1 and when S = 0 */
    double upper;
    double var;        /* Greenwood variance of S(t): S^2 * sum d / (n (n - d)), */
                       /* summary(fit, times = t)$std.err^2; NAN when S = 0 */
    size_t n_risk;     /* people at risk at t */
};

/*
 * S(t) and its interval (SPEC rule 16): everything NAN with STATUS_EMPTY
 * when nobody's follow-up reaches t (t above the largest time, or no data);
 * before the first time, S = 1 and var = 0.
 */
int stats_km_at(const struct stats_km *km, double t, struct stats_km_point *out);

/*
 * The difference a - b of two S(t) with the interval
 * (a - b) -/+ z * sqrt(var a + var b) (SPEC 3.1, retention.vs_comparison).
 * NAN parts when either side is NAN; STATUS_EMPTY when the estimate is.
 */
int stats_km_diff(const struct stats_km_point *a, const struct stats_km_point *b,
                  struct stats_interval *out);

#endif
