/*
 * stats.h: what every part of stats/ shares.
 *
 * stats/ holds flipside's statistical methods (SPEC section 3). Each one
 * matches the R call named beside it in its header. The code is pure: it
 * reads caller-owned const arrays, never does I/O, never prints, never
 * aborts (the program calls gsl_set_error_handler_off() once; tests do the
 * same) and returns an `int` status from common/status.h:
 *
 *   STATUS_OK      everything was computed
 *   STATUS_EMPTY   too little data for some or all of the result (n = 0,
 *                  n = 1, zero variance, no events, ...): what could be
 *                  computed is filled in, the rest is NAN; no message is set
 *   STATUS_DOMAIN  an argument outside the method's domain (a NULL array,
 *                  a non-finite value, a count below 0, an event not 0/1,
 *                  unsorted times for a _sorted function); err_set() names it
 *   STATUS_NOCONV  an iterative method did not converge; err_set() says so
 *   STATUS_NOMEM   an allocation failed; err_set() says so
 *
 * NAN convention: a field of a result that cannot be computed is NAN, never
 * a number R would not give. R's Inf and NaN are NAN too (SPEC rule 38).
 * The figures layer writes NAN as an empty field. Every function sets every
 * field of its result on every return, NAN first, so a caller may write a
 * result whatever the status.
 *
 * The parts, one header each:
 *   desc.h     mean, variance, sd, median, t interval of a mean
 *   ttest.h    one-sample, paired and Welch t-tests
 *   rank.h     Wilcoxon signed-rank and rank-sum tests
 *   prop.h     Wilson interval, two-sample test of proportions, Fisher's test
 *   effect.h   Cohen's dz, Hedges' g, Cronbach's alpha, net promoter score
 *   padjust.h  Holm and Benjamini-Hochberg adjustment
 *   surv.h     survival input rules and the sort order shared by
 *   km.h       Kaplan-Meier,
 *   logrank.h  the k-group log-rank test and
 *   cox.h      the Cox model with Efron ties
 */
#ifndef FLIPSIDE_STATS_STATS_H
#define FLIPSIDE_STATS_STATS_H

/*
 * z = qnorm(0.975), for every 95% normal interval and test (SPEC rule 17):
 * R's double qnorm(0.975) to 17 digits, which gsl_cdf_ugaussian_Pinv
 * (0.975) also gives; "1.959963984540054" rounds to a double 2 ulp away.
 */
#define STATS_Z95 1.9599639845400536

/* An estimate with its 95% interval; NAN where not computable. */
struct stats_interval {
    double estimate;
    double lower;
    double upper;
};

#endif
