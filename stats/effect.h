/*
 * effect.h: effect sizes and the net promoter score.
 *
 * Inputs are caller-owned; nothing is allocated. Values that cannot be
 * computed are NAN (written as empty fields) with STATUS_EMPTY; invalid
 * arguments (non-finite values, counts below 0 or above n) give
 * STATUS_DOMAIN.
 */
#ifndef FLIPSIDE_STATS_EFFECT_H
#define FLIPSIDE_STATS_EFFECT_H

#include <stddef.h>

#include "stats/stats.h"

/*
 * Cohen's dz of d = x - y (formed in double; `y` may be NULL when `x` holds
 * the changes): mean(d) / sd(d). NAN when n < 2 or sd = 0 (SPEC rule 26).
 */
int stats_effect_dz(const double *x, const double *y, size_t n, double *dz);

/*
 * Hedges' g of a against b: J * (mean(a) - mean(b)) / pooled sd, the pooled
 * sd with n - 1 weights, J = 1 - 3 / (4 (na + nb) - 9), and the interval
 * g -/+ z * sqrt((na + nb) / (na nb) + g^2 / (2 (na + nb))) (SPEC 3.5,
 * rule 35). All NAN when a side has fewer than 2 values or the pooled sd
 * is 0.
 */
int stats_effect_hedges_g(const double *a, size_t na, const double *b, size_t nb,
                          struct stats_interval *out);

/*
 * Cronbach's alpha, raw covariance form, over the n x k row-major matrix
 * `x` (n people, k items, complete cases only):
 * k/(k-1) * (1 - sum(apply(X, 2, var)) / var(rowSums(X))).
 * NAN when n < 2, k < 2, or the variance of the row sums is 0.
 */
int stats_effect_alpha(const double *x, size_t n, size_t k, double *alpha);

struct stats_nps {
    double estimate;   /* 100 * (promoters - detractors) / n */
    double lower;      /* estimate -/+ z * 100 * sqrt((pP + pD - (pP - pD)^2) / n), */
    double upper;      /* clipped to [-100, 100] */
    double var;        /* 100^2 * (pP + pD - (pP - pD)^2) / n, for differences */
    long n;
};

/*
 * The net promoter score from counts of promoters (9-10), detractors (0-6)
 * and all who answered (SPEC 3.3). n = 0: all NAN, STATUS_EMPTY.
 */
int stats_effect_nps(long promoters, long detractors, long n, struct stats_nps *out);

struct stats_nps_diff {
    double estimate;   /* NPS(a) - NPS(b) */
    double lower;      /* estimate -/+ z * sqrt(var a + var b), not clipped */
    double upper;
    double z;          /* estimate / sqrt(var a + var b) */
    double p;          /* 2 * pnorm(-|z|) */
};

/*
 * The difference of two scores from stats_effect_nps() (SPEC rule 36).
 * Either side with nobody: all NAN, STATUS_EMPTY. Both variances 0: the
 * estimate and its zero-width interval stay, z and p NAN, STATUS_EMPTY.
 */
int stats_effect_nps_diff(const struct stats_nps *a, const struct stats_nps *b,
                          struct stats_nps_diff *out);

#endif
