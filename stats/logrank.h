/*
 * logrank.h: the k-group log-rank test, as survdiff(Surv(time, event) ~ group).
 *
 * See stats/surv.h for the input conventions. Groups are numbered
 * 0 .. groups - 1 by the caller (a group may be empty). The test is
 * O(n log n) for the sort (O(n) sorted) plus O(groups^2) per distinct event
 * time. The result owns its arrays; stats_logrank_free() releases it.
 * NAN fields are written as empty fields.
 */
#ifndef FLIPSIDE_STATS_LOGRANK_H
#define FLIPSIDE_STATS_LOGRANK_H

#include <stddef.h>

/* More groups than this is STATUS_DOMAIN (the variance matrix is groups^2). */
#define STATS_LOGRANK_MAX_GROUPS 4096

struct stats_logrank {
    size_t groups;
    size_t *n;          /* people per group */
    double *observed;   /* events per group */
    double *expected;   /* expected events per group */
    double *var;        /* groups x groups variance matrix of O - E, row-major */
    double statistic;   /* chi-square; NAN when fewer than 2 groups have expected > 0 */
    double df;          /* groups with expected > 0, minus 1; NAN likewise */
    double p;
};

/*
 * Test from data in any order; group[i] in 0 .. groups - 1. On STATUS_OK,
 * or STATUS_EMPTY when fewer than two groups have expected > 0 (SPEC rule
 * 19: observed, expected and var filled, statistic, df and p NAN), *out is
 * a new result the caller frees with stats_logrank_free(); on
 * STATUS_DOMAIN or STATUS_NOMEM *out is NULL. A variance matrix R could not
 * invert also gives NAN statistic, df and p with STATUS_EMPTY.
 */
int stats_logrank_test(const double *time, const int *event, const int *group, size_t n,
                       size_t groups, struct stats_logrank **out);

/* As stats_logrank_test(), for data sorted by ascending time. */
int stats_logrank_test_sorted(const double *time, const int *event, const int *group,
                              size_t n, size_t groups, struct stats_logrank **out);

/*
 * As stats_logrank_test() from counts instead of one row a person: at each
 * distinct time time[t] (ascending), ended[t * groups + g] people of group g
 * whose follow-up ends then, events[t * groups + g] of them with the event
 * (a Kaplan-Meier step table's n_event + n_censor and n_event). The same
 * sums in the same order as the rows would give, so the same result to the
 * last bit, in O(ntimes groups^2) whatever the number of people.
 */
int stats_logrank_test_counts(const double *time, const size_t *ended, const size_t *events, size_t ntimes,
                              size_t groups, struct stats_logrank **out);

/* Release a result; NULL is fine. */
void stats_logrank_free(struct stats_logrank *lr);

#endif
