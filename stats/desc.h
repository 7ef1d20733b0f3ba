/*
 * desc.h: descriptive statistics and the t interval of a mean.
 *
 * Inputs are caller-owned const arrays of finite doubles; a non-finite value
 * or a NULL array with n > 0 gives STATUS_DOMAIN. Results that cannot be
 * computed are NAN (written as an empty field), see stats/stats.h.
 */
#ifndef FLIPSIDE_STATS_DESC_H
#define FLIPSIDE_STATS_DESC_H

#include <stddef.h>

#include "stats/stats.h"

/*
 * The mean of x[0..n), as R's mean(x). n = 0: *mean = NAN, STATUS_EMPTY.
 */
int stats_desc_mean(const double *x, size_t n, double *mean);

/*
 * The sample variance (n - 1 denominator), as R's var(x).
 * n < 2: *var = NAN, STATUS_EMPTY.
 */
int stats_desc_var(const double *x, size_t n, double *var);

/*
 * The sample standard deviation, as R's sd(x). n < 2: *sd = NAN,
 * STATUS_EMPTY.
 */
int stats_desc_sd(const double *x, size_t n, double *sd);

/*
 * The median, as R's median(x): the middle value, or the mean of the two
 * middle values. Works on a private sorted copy (STATUS_NOMEM when it cannot
 * be made). n = 0: *median = NAN, STATUS_EMPTY.
 */
int stats_desc_median(const double *x, size_t n, double *median);

/*
 * The mean with its 95% t interval, as t.test(x)$conf.int.
 * n = 0: all NAN, STATUS_EMPTY. n = 1 or zero variance (R: "not enough
 * observations", "data are essentially constant"): estimate = the mean,
 * lower = upper = NAN, STATUS_EMPTY (SPEC rule 26).
 */
int stats_desc_t_interval(const double *x, size_t n, struct stats_interval *out);

#endif
