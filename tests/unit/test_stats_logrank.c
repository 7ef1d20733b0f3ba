/*
 * Unit tests of stats/logrank.h against survdiff(Surv(time, event) ~ group)
 * in R 4.2 with survival 3.5: lung by sex and veteran by cell type from
 * tests/data/stats_surv.c (made by tests/data/r/stats_surv.R), and small
 * cases with the R call beside each value (tests/data/r/stats_expected.R).
 */
#include "tests/check.h"

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/logrank.h"
#include "stats/surv.h"

#include "tests/data/stats_surv.c"

static void check_fit(const struct stats_logrank *lr, size_t k, const double *obs,
                      const double *expect, const double *var, double chisq, double p)
{
    for (size_t g = 0; g < k; g++) {
        CHECK_R(lr->observed[g], obs[g], 0);
        CHECK_R(lr->expected[g], expect[g], 1e-13);
        for (size_t h = 0; h < k; h++)
            CHECK_R(lr->var[g * k + h], var[g * k + h], 1e-13);
    }
    CHECK_R(lr->statistic, chisq, 1e-12);
    CHECK_R(lr->p, p, 1e-10);
    CHECK_P(lr->p, p);
}

static void lung_by_sex(void)
{
    int group[LUNG_N];
    struct stats_logrank *lr = NULL;

    for (size_t i = 0; i < LUNG_N; i++)
        group[i] = (int)lung_sex[i] - 1;
    CHECK_INT(stats_logrank_test(lung_time, lung_event, group, LUNG_N, 2, &lr), STATUS_OK);
    if (lr == NULL)
        return;
    CHECK_INT(lr->n[0], 138);  /* table(lung$sex) */
    CHECK_INT(lr->n[1], 90);
    /* survdiff(Surv(time, status) ~ sex, data = lung) */
    check_fit(lr, 2, lung_lr_obs, lung_lr_exp, lung_lr_var, lung_lr_chisq, lung_lr_p);
    CHECK_REL(lr->df, 1, 0);
    stats_logrank_free(lr);
}

static void veteran_by_cell(void)
{
    struct stats_logrank *lr = NULL;

    CHECK_INT(stats_logrank_test(vet_time, vet_event, vet_cell, VET_N, 4, &lr), STATUS_OK);
    if (lr == NULL)
        return;
    /* survdiff(Surv(time, status) ~ celltype, data = veteran) */
    check_fit(lr, 4, vet_lr_obs, vet_lr_exp, vet_lr_var, vet_lr_chisq, vet_lr_p);
    CHECK_REL(lr->df, 3, 0);
    stats_logrank_free(lr);
}

static void three_groups_ties(void)
{
    /* t <- c(1,2,2,3,4,5,5,6,7,8,9,10); e <- c(1,1,0,1,1,0,1,1,0,1,1,0);
       gr <- c(0,1,2,0,1,2,0,1,2,0,1,2); f <- survdiff(Surv(t, e) ~ gr) */
    const double t[] = { 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10 };
    const int e[] = { 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0 };
    const int gr[] = { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2 };
    const double obs[] = { 4, 4, 0 };  /* f$obs */
    /* f$exp */
    const double expect[] = { 2.0084415584415583, 2.9243506493506497, 3.0672077922077929 };
    const double var[] = { /* t(f$var) */
        1.4165954067577442, -0.68788954011356607, -0.72870586664417836,
        -0.68788954011356607, 1.8265282579974136, -1.1386387178838477,
        -0.72870586664417836, -1.1386387178838477, 1.8673445845280259 };
    struct stats_logrank *lr = NULL;

    CHECK_INT(stats_logrank_test(t, e, gr, 12, 3, &lr), STATUS_OK);
    if (lr == NULL)
        return;
    /* f$chisq, f$pvalue */
    check_fit(lr, 3, obs, expect, var, 5.5957269809231258, 0.060940122791969607);
    CHECK_REL(lr->df, 2, 0);
    stats_logrank_free(lr);
}

/* A group whose members all leave before the first event has expected 0 (rule 19). */
static void group_without_expected(void)
{
    /* t2 <- c(0.5, 0.5, 1, 2, 3, 4, 5, 6); e2 <- c(0, 0, 1, 1, 0, 1, 1, 0);
       g2 <- c(2, 2, 0, 1, 0, 1, 0, 1); f <- survdiff(Surv(t2, e2) ~ g2) */
    const double t[] = { 0.5, 0.5, 1, 2, 3, 4, 5, 6 };
    const int e[] = { 0, 0, 1, 1, 0, 1, 1, 0 };
    const int gr[] = { 2, 2, 0, 1, 0, 1, 0, 1 };
    const double obs[] = { 2, 2, 0 };                                   /* f$obs */
    const double expect[] = { 1.7333333333333334, 2.2666666666666666, 0 }; /* f$exp */
    const double var[] = { /* t(f$var): R's own sums are not exactly symmetric */
        0.96222222222222209, -0.9622222222222222, 0,
        -0.96222222222222231, 0.96222222222222209, 0,
        0, 0, 0 };
    struct stats_logrank *lr = NULL;

    CHECK_INT(stats_logrank_test_sorted(t, e, gr, 8, 3, &lr), STATUS_OK);
    if (lr == NULL)
        return;
    /* f$chisq, f$pvalue; df = sum(f$exp > 0) - 1 = 1 */
    check_fit(lr, 3, obs, expect, var, 0.073903002309468793, 0.78573653795991283);
    CHECK_REL(lr->df, 1, 0);
    stats_logrank_free(lr);
}

static void too_few_groups(void)
{
    const double t[] = { 1, 2, 2, 3, 4, 5 };
    const int e[] = { 1, 1, 0, 1, 1, 0 };
    const int none[] = { 0, 0, 0, 0, 0, 0 };
    const int zero[] = { 0, 0, 0, 0, 0, 0 };
    const int gr[] = { 0, 1, 0, 1, 0, 1 };
    struct stats_logrank *lr = NULL;

    /* survdiff(Surv(t, e) ~ rep(1, 6)): "There is only 1 group"; a second, empty group */
    CHECK_INT(stats_logrank_test(t, e, zero, 6, 2, &lr), STATUS_EMPTY);
    CHECK(lr != NULL);
    if (lr != NULL) {
        CHECK_REL(lr->observed[0], 4, 0);
        CHECK_INT(lr->n[1], 0);
        CHECK_NAN(lr->statistic);
        CHECK_NAN(lr->df);
        CHECK_NAN(lr->p);
    }
    stats_logrank_free(lr);
    lr = NULL;
    /* survdiff(Surv(t, rep(0, 6)) ~ gr): no events, chisq 0 and p NaN in R; empty here */
    CHECK_INT(stats_logrank_test(t, none, gr, 6, 2, &lr), STATUS_EMPTY);
    if (lr != NULL) {
        CHECK_REL(lr->expected[0], 0, 0);
        CHECK_NAN(lr->statistic);
    }
    stats_logrank_free(lr);
    lr = NULL;
    CHECK_INT(stats_logrank_test(NULL, NULL, NULL, 0, 2, &lr), STATUS_EMPTY);
    stats_logrank_free(lr);
    stats_logrank_free(NULL);
}

static void bad_input(void)
{
    const double t[] = { 1, 2, 3 };
    const int e[] = { 1, 0, 1 };
    const int gr[] = { 0, 3, 1 };
    const double unsorted[] = { 2, 1, 3 };
    const int ok[] = { 0, 1, 1 };
    struct stats_logrank *lr = (struct stats_logrank *)1;

    CHECK_INT(stats_logrank_test(t, e, gr, 3, 2, &lr), STATUS_DOMAIN);
    CHECK(lr == NULL);
    CHECK_INT(stats_logrank_test_sorted(unsorted, e, ok, 3, 2, &lr), STATUS_DOMAIN);
    CHECK_INT(stats_logrank_test(t, e, ok, 3, STATS_LOGRANK_MAX_GROUPS + 1, &lr), STATUS_DOMAIN);
}

/* Sorting once and fitting a subgroup in that order gives the same test. */
static void sorted_subgroup(void)
{
    size_t order[VET_N], m = 0;
    double t[VET_N];
    int e[VET_N], g[VET_N];
    struct stats_logrank *a = NULL, *b = NULL;

    CHECK_INT(stats_surv_order(vet_time, VET_N, order), STATUS_OK);
    for (size_t i = 0; i < VET_N; i++) {
        size_t r = order[i];

        if (vet_trt[r] != 1)
            continue;
        t[m] = vet_time[r];
        e[m] = vet_event[r];
        g[m] = vet_cell[r];
        m++;
    }
    CHECK_INT(stats_logrank_test_sorted(t, e, g, m, 4, &a), STATUS_OK);
    CHECK_INT(stats_logrank_test(t, e, g, m, 4, &b), STATUS_OK);
    if (a != NULL && b != NULL) {
        CHECK_REL(a->statistic, b->statistic, 0);
        /* survdiff(Surv(time, status) ~ celltype, data = veteran, subset = trt == 1)$chisq */
        CHECK_R(a->statistic, 9.640765017687265, 1e-12);
    }
    stats_logrank_free(a);
    stats_logrank_free(b);
}

/*
 * Veteran by cell type from counts at each distinct time: R's survdiff, and
 * the test from the rows bit for bit; counts that cannot be are refused.
 */
static void veteran_counts(void)
{
    size_t order[VET_N], ended[VET_N * 4] = { 0 }, events[VET_N * 4] = { 0 }, nt = 0;
    double time[VET_N];
    struct stats_logrank *a = NULL, *b = NULL;

    CHECK_INT(stats_surv_order(vet_time, VET_N, order), STATUS_OK);
    for (size_t i = 0; i < VET_N; i++) {
        size_t r = order[i], g = (size_t)vet_cell[r];

        if (nt == 0 || vet_time[r] != time[nt - 1])
            time[nt++] = vet_time[r];
        ended[(nt - 1) * 4 + g]++;
        events[(nt - 1) * 4 + g] += (size_t)vet_event[r];
    }
    CHECK_INT(stats_logrank_test_counts(time, ended, events, nt, 4, &a), STATUS_OK);
    CHECK_INT(stats_logrank_test(vet_time, vet_event, vet_cell, VET_N, 4, &b), STATUS_OK);
    if (a != NULL && b != NULL) {
        /* survdiff(Surv(time, status) ~ celltype, data = veteran) */
        check_fit(a, 4, vet_lr_obs, vet_lr_exp, vet_lr_var, vet_lr_chisq, vet_lr_p);
        CHECK_REL(a->statistic, b->statistic, 0);
        CHECK_REL(a->p, b->p, 0);
        for (size_t g = 0; g < 4; g++) {
            CHECK_INT(a->n[g], b->n[g]);
            CHECK_REL(a->expected[g], b->expected[g], 0);
        }
    }
    stats_logrank_free(a);
    stats_logrank_free(b);
    /* more events than people at the first time; then times out of order */
    events[0] = ended[0] + 1;
    CHECK_INT(stats_logrank_test_counts(time, ended, events, nt, 4, &a), STATUS_DOMAIN);
    CHECK(a == NULL);
    events[0] = 0;
    time[1] = time[0];
    CHECK_INT(stats_logrank_test_counts(time, ended, events, nt, 4, &a), STATUS_DOMAIN);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(lung_by_sex);
    RUN(veteran_by_cell);
    RUN(three_groups_ties);
    RUN(group_without_expected);
    RUN(too_few_groups);
    RUN(bad_input);
    RUN(sorted_subgroup);
    RUN(veteran_counts);
    return check_done();
}
