/*
 * bench_stats: times Kaplan-Meier, a 4-group log-rank test and a Cox model
 * with 15 columns on 200,000 synthetic people (times in whole days, about a
 * third leaving), and prints one line per method with its time in seconds.
 * The data are deterministic; each fit starts from unsorted data, so the
 * times include the sort.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/cox.h"
#include "stats/km.h"
#include "stats/logrank.h"

#define PEOPLE 200000
#define COLS 15

/* splitmix64: a small deterministic generator */
static uint64_t bench_state = 20260701;

static double bench_uniform(void)
{
    uint64_t z = (bench_state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static double bench_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    int rc = 1, st;
    double *time = malloc(PEOPLE * sizeof *time);
    int *event = malloc(PEOPLE * sizeof *event);
    int *group = malloc(PEOPLE * sizeof *group);
    double *x = malloc((size_t)PEOPLE * COLS * sizeof *x);
    struct stats_km *km = NULL;
    struct stats_logrank *lr = NULL;
    struct stats_cox *cox = NULL;
    double t0;

    gsl_set_error_handler_off();
    if (time == NULL || event == NULL || group == NULL || x == NULL) {
        fprintf(stderr, "bench_stats: out of memory\n");
        goto out;
    }
    /*
     * Columns: participant, 5 grade dummies, 2 gender dummies, 5 age-band
     * dummies, tenure in years, and one more continuous score. The hazard
     * depends on a few of them; follow-up is censored at up to 4 years.
     */
    for (size_t i = 0; i < PEOPLE; i++) {
        double *r = x + i * COLS, lp, hazard, t, cens;
        int grade = (int)(bench_uniform() * 6), gender = (int)(bench_uniform() * 3);
        int band = (int)(bench_uniform() * 6);

        for (int j = 0; j < COLS; j++)
            r[j] = 0;
        r[0] = bench_uniform() < 0.2;
        if (grade > 0)
            r[grade] = 1;
        if (gender > 0)
            r[5 + gender] = 1;
        if (band > 0)
            r[7 + band] = 1;
        r[13] = floor(bench_uniform() * 3000) / 365.25;
        r[14] = round(bench_uniform() * 100) / 10;
        group[i] = (int)(bench_uniform() * 4);
        lp = -0.3 * r[0] + 0.1 * grade - 0.05 * r[13] + 0.02 * r[14] + 0.1 * group[i];
        hazard = 0.0004 * exp(lp);
        t = ceil(-log(bench_uniform()) / hazard);
        cens = ceil(bench_uniform() * 1461);
        time[i] = t < cens ? t : cens;
        event[i] = t <= cens;
    }

    t0 = bench_seconds();
    st = stats_km_fit(time, event, PEOPLE, &km);
    if (st != STATUS_OK) {
        fprintf(stderr, "bench_stats: kaplan-meier: %s\n", err_msg());
        goto out;
    }
    printf("kaplan-meier, %d people, %zu steps: %.3f s\n", PEOPLE, km->n_steps,
           bench_seconds() - t0);

    t0 = bench_seconds();
    st = stats_logrank_test(time, event, group, PEOPLE, 4, &lr);
    if (st != STATUS_OK) {
        fprintf(stderr, "bench_stats: log-rank: %s\n", err_msg());
        goto out;
    }
    printf("log-rank, %d people, 4 groups (chi-square %.2f): %.3f s\n", PEOPLE, lr->statistic,
           bench_seconds() - t0);

    t0 = bench_seconds();
    st = stats_cox_fit(time, event, x, PEOPLE, COLS, &cox);
    if (st != STATUS_OK) {
        fprintf(stderr, "bench_stats: cox: %s\n", err_msg());
        goto out;
    }
    printf("cox (efron), %d people, %d columns, %zu events, %d iterations: %.3f s\n", PEOPLE,
           COLS, cox->events, cox->iter, bench_seconds() - t0);
    rc = 0;
out:
    stats_km_free(km);
    stats_logrank_free(lr);
    stats_cox_free(cox);
    free(time);
    free(event);
    free(group);
    free(x);
    return rc;
}
