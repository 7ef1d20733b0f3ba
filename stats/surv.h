/*
 * surv.h: what the survival methods (km.h, logrank.h, cox.h) share.
 *
 * Survival data is a time in days (a finite double >= 0) and an event
 * indicator (int, 1 = the event, 0 = censored) per person. Each survival
 * method takes the data in any order, or (the _sorted variants) already
 * sorted by ascending time, so that a caller who fits many subgroups sorts
 * once with stats_surv_order(), gathers each subgroup in that order and
 * skips the sort. Times are compared exactly; R's survival functions first
 * merge times closer than about 1e-8 relative (aeqSurv), which changes
 * nothing for whole days.
 */
#ifndef FLIPSIDE_STATS_SURV_H
#define FLIPSIDE_STATS_SURV_H

#include <stddef.h>

/*
 * Fill order[0..n) with the positions of `time` by ascending time, ties in
 * their original order (as R's order(time)). O(n log n); scratch memory is
 * allocated inside (STATUS_NOMEM). STATUS_DOMAIN when a time is not finite.
 * `order` is caller-owned.
 */
int stats_surv_order(const double *time, size_t n, size_t *order);

/*
 * Check survival input: time finite and >= 0, event 0 or 1, and with
 * `sorted` set, time non-decreasing. STATUS_OK or STATUS_DOMAIN with a
 * message that names `what` and the position at fault.
 */
int stats_surv_check(const double *time, const int *event, size_t n, int sorted,
                     const char *what);

#endif
