/*
 * Unit tests of stats/cox.h against coxph(..., ties = "efron") in R 4.2 with
 * survival 3.5: lung and veteran from tests/data/stats_surv.c (made by
 * tests/data/r/stats_surv.R), and small cases (heavy ties, separation, a
 * collinear column, no events) with the R call beside each value
 * (tests/data/r/stats_expected.R).
 */
#include "tests/check.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/cox.h"
#include "stats/surv.h"

#include "tests/data/stats_surv.c"

static void check_fit(const struct stats_cox *fit, size_t p, const double *coef,
                      const double *se, const double *pv, const double *var,
                      const double *means, const double *loglik, int iter, double rel)
{
    for (size_t j = 0; j < p; j++) {
        CHECK_R(fit->coef[j], coef[j], rel);
        CHECK_R(fit->se[j], se[j], rel);
        CHECK_R(fit->p[j], pv[j], rel);
        CHECK_P(fit->p[j], pv[j]);
        CHECK_R(fit->means[j], means[j], 1e-14);
        CHECK_R(fit->z[j], coef[j] / se[j], rel);
        for (size_t k = 0; k < p; k++)
            CHECK_R(fit->var[j * p + k], var[j * p + k], rel);
    }
    CHECK_R(fit->loglik0, loglik[0], 1e-13);
    CHECK_R(fit->loglik, loglik[1], 1e-13);
    CHECK_INT(fit->iter, iter);
    CHECK_INT(fit->converged, 1);
    CHECK_INT(fit->any_infinite, 0);
}

static void lung(void)
{
    double t[LUNG_N], x[LUNG_N * 3];
    int e[LUNG_N];
    size_t n = 0;
    struct stats_cox *fit = NULL;

    /* coxph drops the row with ph.ecog NA */
    for (size_t i = 0; i < LUNG_N; i++) {
        if (isnan(lung_ecog[i]))
            continue;
        t[n] = lung_time[i];
        e[n] = lung_event[i];
        x[n * 3 + 0] = lung_age[i];
        x[n * 3 + 1] = lung_sex[i];
        x[n * 3 + 2] = lung_ecog[i];
        n++;
    }
    CHECK_INT(n, 227);
    CHECK_INT(stats_cox_fit(t, e, x, n, 3, &fit), STATUS_OK);
    if (fit == NULL)
        return;
    CHECK_INT(fit->events, 164);
    /* coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "efron") */
    check_fit(fit, 3, lung_cox_coef, lung_cox_se, lung_cox_p, lung_cox_var, lung_cox_means,
              lung_cox_loglik, LUNG_COX_ITER, 1e-9);
    stats_cox_free(fit);
}

/* veteran: trt, karno, diagtime, age, prior and three cell-type dummies. */
/* Out of iterations: R's values for that case, and STATUS_NOCONV. */
static void out_of_iterations(void)
{
    double t[LUNG_N], x[LUNG_N * 3];
    int e[LUNG_N];
    size_t n = 0;
    struct stats_cox *fit = NULL;
    struct stats_cox_control ctl;
    /* f <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung,
                  control = coxph.control(iter.max = 2, eps = 1e-30)) */
    const double coef[3] = { 0.011068314297635945, -0.55254481188921534, 0.46362511910512122 };
    const double var[3] = { 8.3309722119524846e-05, 0.02806780204775124,   /* diag(f$var); */
                            0.012483231462819466 };                       /* the rest 0 */

    for (size_t i = 0; i < LUNG_N; i++) {
        if (isnan(lung_ecog[i]))
            continue;
        t[n] = lung_time[i];
        e[n] = lung_event[i];
        x[n * 3 + 0] = lung_age[i];
        x[n * 3 + 1] = lung_sex[i];
        x[n * 3 + 2] = lung_ecog[i];
        n++;
    }
    stats_cox_control_default(&ctl);
    ctl.iter_max = 2;
    ctl.eps = 1e-30;
    CHECK_INT(stats_cox_fit_control(t, e, x, n, 3, 0, &ctl, &fit), STATUS_NOCONV);
    CHECK(fit != NULL);
    if (fit == NULL)
        return;
    CHECK_INT(fit->converged, 0);
    CHECK_INT(fit->iter, 3);                                 /* f$iter */
    for (size_t j = 0; j < 3; j++) {
        CHECK_R(fit->coef[j], coef[j], 1e-12);               /* coef(f) */
        CHECK_R(fit->var[j * 3 + j], var[j], 1e-12);
        CHECK_R(fit->var[j * 3 + (j + 1) % 3], 0, 0);
    }
    CHECK_R(fit->loglik0, -744.48045576144023, 1e-13);       /* f$loglik */
    CHECK_R(fit->loglik, -729.23012185339576, 1e-13);
    CHECK_INT(fit->any_infinite, 0);
    stats_cox_free(fit);
    fit = NULL;
    ctl.iter_max = 1;
    CHECK_INT(stats_cox_fit_control(t, e, x, n, 3, 0, &ctl, &fit), STATUS_DOMAIN);
    CHECK(fit == NULL);
}

static void veteran(void)
{
    double x[VET_N * 8];
    struct stats_cox *fit = NULL;
    struct stats_interval hr;

    for (size_t i = 0; i < VET_N; i++) {
        double *r = x + i * 8;

        r[0] = vet_trt[i];
        r[1] = vet_karno[i];
        r[2] = vet_diagtime[i];
        r[3] = vet_age[i];
        r[4] = vet_prior[i];
        r[5] = vet_cell[i] == 1;
        r[6] = vet_cell[i] == 2;
        r[7] = vet_cell[i] == 3;
    }
    CHECK_INT(stats_cox_fit(vet_time, vet_event, x, VET_N, 8, &fit), STATUS_OK);
    if (fit == NULL)
        return;
    /* coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior + celltype,
             data = veteran, ties = "efron") */
    check_fit(fit, 8, vet_cox_coef, vet_cox_se, vet_cox_p, vet_cox_var, vet_cox_means,
              vet_cox_loglik, VET_COX_ITER, 1e-9);
    /* summary(fit)$conf.int["karno", c(1, 3, 4)]: exp(coef), exp(coef -/+ qnorm(0.975) se) */
    CHECK_INT(stats_cox_hr(fit, 1, &hr), STATUS_OK);
    CHECK_R(hr.estimate, 0.96771725511665074, 1e-9);
    CHECK_R(hr.lower, 0.95732692511358253, 1e-9);
    CHECK_R(hr.upper, 0.97822035637344706, 1e-9);
    CHECK_INT(stats_cox_hr(fit, 8, &hr), STATUS_DOMAIN);
    stats_cox_free(fit);
}

/* Six times each shared by five people: Efron's weights at every event time. */
static void heavy_ties(void)
{
    /* set.seed(7); n <- 30; tt <- rep(1:6, 5); ee <- rbinom(n, 1, 0.7);
       x1 <- round(rnorm(n, 50, 10), 1); x2 <- rbinom(n, 1, 0.4);
       x3 <- sample(c(-1, 0, 1), n, TRUE) */
    const int ee[30] = { 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0,
                         0, 1, 1, 1, 0, 1 };
    const double x1[30] = { 54.7, 41.1, 46.9, 50, 59.9, 58.4, 57.1, 63.1, 36.1, 62.7, 51.8, 57.5,
                            55.9, 40.2, 47.2, 41.3, 57.2, 51.1, 49.2, 45.8, 44.4, 60, 38.9, 48.6,
                            53.1, 62.2, 43, 47.1, 36.9, 46.1 };
    const int x2[30] = { 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1,
                         1, 1, 0, 1, 0, 1 };
    const int x3[30] = { 1, 0, -1, 0, -1, -1, 1, -1, 0, 0, 1, -1, 0, -1, 0, 1, 0, -1, 1, 0, -1, 1,
                         1, 1, 0, 1, 0, 0, -1, -1 };
    /* f <- coxph(Surv(tt, ee) ~ x1 + x2 + x3, ties = "efron") */
    const double coef[3] = { -0.0068059902798840392, 0.13646614509105953, 0.14637817339333473 };
    const double se[3] = { 0.029786730909754693, 0.44356808789303598, 0.257014163579246 };
    const double pv[3] = { 0.81926480394163415, 0.75834451292847838, 0.56899415036709133 };
    const double var[9] = { /* f$var */
        0.0008872493382901356, 0.00036536323656398591, 0.0014587497414251895,
        0.00036536323656398591, 0.19675264859708411, -0.0040678646776494964,
        0.0014587497414251895, -0.0040678646776494964, 0.066056280280339427 };
    const double means[3] = { 50.250000000000007, 0, 0 };                     /* f$means */
    const double loglik[2] = { -53.929463368075943, -53.651741820874385 };  /* f$loglik */
    double t[30], x[90];
    struct stats_cox *fit = NULL;

    for (int i = 0; i < 30; i++) {
        t[i] = (double)(i % 6 + 1);
        x[i * 3 + 0] = x1[i];
        x[i * 3 + 1] = x2[i];
        x[i * 3 + 2] = x3[i];
    }
    CHECK_INT(stats_cox_fit(t, ee, x, 30, 3, &fit), STATUS_OK);
    if (fit == NULL)
        return;
    check_fit(fit, 3, coef, se, pv, var, means, loglik, 3, 1e-9);  /* f$iter = 3 */
    stats_cox_free(fit);
}

/* Every event in x = 1: the coefficient runs off to infinity (rule 20). */
static void separation(void)
{
    const double t[8] = { 5, 8, 3, 9, 12, 4, 7, 10 };
    const int e[8] = { 1, 0, 1, 0, 1, 1, 0, 0 };
    const double x[8] = { 1, 0, 1, 0, 1, 1, 0, 0 };
    struct stats_cox *fit = NULL;

    /* f <- coxph(Surv(t2, e2) ~ x): "Loglik converged before variable 1;
       coefficient may be infinite", f$iter 20 */
    CHECK_INT(stats_cox_fit(t, e, x, 8, 1, &fit), STATUS_OK);
    if (fit == NULL)
        return;
    CHECK_INT(fit->infinite[0], 1);
    CHECK_INT(fit->any_infinite, 1);
    CHECK_INT(fit->converged, 1);
    CHECK_INT(fit->iter, 20);
    CHECK_R(fit->coef[0], 21.628606706781639, 1e-9);       /* coef(f) */
    CHECK_R(fit->var[0], 570640309.6788137, 1e-6);          /* f$var */
    CHECK_R(fit->loglik0, -5.8171111599632042, 1e-13);      /* f$loglik[1] */
    CHECK_R(fit->loglik, -3.178053832100364, 1e-12);        /* f$loglik[2] */
    CHECK_P(fit->p[0], 0.99927758405622713);                /* summary(f)$coefficients[, 5] */
    stats_cox_free(fit);
}

/* z = 2 x: R leaves the second column out (NA) and fits the first alone. */
static void collinear(void)
{
    const double t[8] = { 5, 8, 3, 9, 12, 4, 7, 10 };
    const int e[8] = { 1, 1, 0, 1, 1, 0, 1, 0 };
    const double x1[8] = { 1, 0, 1, 0, 1, 1, 0, 0 };
    double x[16];
    struct stats_cox *fit = NULL;
    struct stats_interval hr;

    for (int i = 0; i < 8; i++) {
        x[i * 2] = x1[i];
        x[i * 2 + 1] = 2 * x1[i];
    }
    /* f <- coxph(Surv(t2, c(1,1,0,1,1,0,1,0)) ~ x + z), z <- 2 * x */
    CHECK_INT(stats_cox_fit(t, e, x, 8, 2, &fit), STATUS_OK);
    if (fit == NULL)
        return;
    CHECK_INT(fit->dropped[0], 0);
    CHECK_INT(fit->dropped[1], 1);
    CHECK_R(fit->coef[0], -0.15238058372694538, 1e-9);     /* coef(f)["x"] */
    CHECK_R(fit->se[0], 1.1634186106402722, 1e-9);         /* sqrt(f$var[1, 1]) */
    CHECK_R(fit->p[0], 0.89579383899831089, 1e-9);         /* summary(f)$coefficients["x", 5] */
    CHECK_NAN(fit->coef[1]);                               /* coef(f)["z"]: NA */
    CHECK_NAN(fit->se[1]);
    CHECK_NAN(fit->p[1]);
    CHECK_R(fit->var[3], 0, 0);                            /* f$var[2, 2] */
    CHECK_R(fit->means[1], 1, 0);                          /* f$means */
    CHECK_R(fit->loglik, -5.8773180448034257, 1e-13);      /* f$loglik[2] */
    CHECK_INT(fit->iter, 3);
    CHECK_INT(fit->any_infinite, 0);
    CHECK_INT(stats_cox_hr(fit, 1, &hr), STATUS_EMPTY);
    CHECK_NAN(hr.estimate);
    stats_cox_free(fit);
}

static void no_events(void)
{
    const double t[8] = { 5, 8, 3, 9, 12, 4, 7, 10 };
    const int e[8] = { 0 };
    const double x[8] = { 1, 0, 1, 0, 1, 1, 0, 0 };
    struct stats_cox *fit = NULL;

    /* coxph(Surv(t, rep(0, 8)) ~ x): coefficient NA */
    CHECK_INT(stats_cox_fit(t, e, x, 8, 1, &fit), STATUS_EMPTY);
    CHECK(fit != NULL);
    if (fit != NULL) {
        CHECK_INT(fit->events, 0);
        CHECK_NAN(fit->coef[0]);
        CHECK_NAN(fit->se[0]);
        CHECK_NAN(fit->p[0]);
    }
    stats_cox_free(fit);
    fit = NULL;
    CHECK_INT(stats_cox_fit(NULL, NULL, NULL, 0, 2, &fit), STATUS_EMPTY);
    stats_cox_free(fit);
    stats_cox_free(NULL);
}

static void bad_input(void)
{
    const double t[3] = { 1, 2, 3 };
    const int e[3] = { 1, 0, 1 };
    const double x[3] = { 1, NAN, 0 };
    const double good[3] = { 1, 2, 0 };
    const double unsorted[3] = { 3, 2, 1 };
    struct stats_cox *fit = (struct stats_cox *)1;

    CHECK_INT(stats_cox_fit(t, e, x, 3, 1, &fit), STATUS_DOMAIN);
    CHECK(fit == NULL);
    CHECK_INT(stats_cox_fit(t, e, good, 3, 0, &fit), STATUS_DOMAIN);
    CHECK_INT(stats_cox_fit_sorted(unsorted, e, good, 3, 1, &fit), STATUS_DOMAIN);
    CHECK(fit == NULL);
}

/* The sorted entry point on rows sorted once gives the unsorted fit. */
static void sorted_matches(void)
{
    size_t order[VET_N];
    double t[VET_N], x[VET_N * 2];
    int e[VET_N];
    struct stats_cox *a = NULL, *b = NULL;
    double xu[VET_N * 2];

    CHECK_INT(stats_surv_order(vet_time, VET_N, order), STATUS_OK);
    for (size_t i = 0; i < VET_N; i++) {
        size_t r = order[i];

        t[i] = vet_time[r];
        e[i] = vet_event[r];
        x[i * 2] = vet_karno[r];
        x[i * 2 + 1] = vet_trt[r];
        xu[i * 2] = vet_karno[i];
        xu[i * 2 + 1] = vet_trt[i];
    }
    CHECK_INT(stats_cox_fit_sorted(t, e, x, VET_N, 2, &a), STATUS_OK);
    CHECK_INT(stats_cox_fit(vet_time, vet_event, xu, VET_N, 2, &b), STATUS_OK);
    if (a != NULL && b != NULL) {
        CHECK_REL(a->coef[0], b->coef[0], 0);
        CHECK_REL(a->se[1], b->se[1], 0);
        /* coef(coxph(Surv(time, status) ~ karno + trt, data = veteran)) */
        CHECK_R(a->coef[0], -0.033953564351845954, 1e-9);
        CHECK_R(a->coef[1], 0.17732225669218066, 1e-9);
    }
    stats_cox_free(a);
    stats_cox_free(b);
}

/*
 * The veteran model of veteran() given as compressed rows in time order:
 * R's fit, and the dense sorted fit bit for bit; a row with its columns out
 * of order is refused.
 */
static void rows_match(void)
{
    size_t order[VET_N], start[VET_N + 1], k = 0;
    double t[VET_N], x[VET_N * 8], val[VET_N * 8];
    uint16_t col[VET_N * 8];
    int e[VET_N];
    struct stats_cox *a = NULL, *b = NULL;
    struct stats_cox_rows rows = { start, col, val };

    CHECK_INT(stats_surv_order(vet_time, VET_N, order), STATUS_OK);
    for (size_t i = 0; i < VET_N; i++) {
        size_t r = order[i];
        double *row = x + i * 8;

        t[i] = vet_time[r];
        e[i] = vet_event[r];
        row[0] = vet_trt[r];
        row[1] = vet_karno[r];
        row[2] = vet_diagtime[r];
        row[3] = vet_age[r];
        row[4] = vet_prior[r];
        row[5] = vet_cell[r] == 1;
        row[6] = vet_cell[r] == 2;
        row[7] = vet_cell[r] == 3;
        start[i] = k;
        for (uint16_t j = 0; j < 8; j++) {
            if (row[j] != 0) {
                col[k] = j;
                val[k++] = row[j];
            }
        }
    }
    start[VET_N] = k;
    CHECK(k < VET_N * 8);
    CHECK_INT(stats_cox_fit_rows(t, e, &rows, VET_N, 8, &a), STATUS_OK);
    CHECK_INT(stats_cox_fit_sorted(t, e, x, VET_N, 8, &b), STATUS_OK);
    if (a != NULL && b != NULL) {
        /* coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior + celltype,
                 data = veteran, ties = "efron") */
        check_fit(a, 8, vet_cox_coef, vet_cox_se, vet_cox_p, vet_cox_var, vet_cox_means,
                  vet_cox_loglik, VET_COX_ITER, 1e-9);
        for (int j = 0; j < 8; j++) {
            CHECK_REL(a->coef[j], b->coef[j], 0);
            CHECK_REL(a->se[j], b->se[j], 0);
        }
        CHECK_REL(a->loglik, b->loglik, 0);
    }
    stats_cox_free(a);
    stats_cox_free(b);
    /* the first row's first two columns swapped */
    if (start[1] - start[0] >= 2) {
        uint16_t c0 = col[0];

        col[0] = col[1];
        col[1] = c0;
        CHECK_INT(stats_cox_fit_rows(t, e, &rows, VET_N, 8, &a), STATUS_DOMAIN);
        CHECK(a == NULL);
    }
}

/*
 * Lending the values: with every numeric column in every row they are
 * worked on in place, otherwise copied and left alone; the fit is the same
 * as from the dense design, bit for bit, either way.
 */
static void rows_inplace(void)
{
    size_t order[VET_N], start[VET_N + 1], k = 0;
    double t[VET_N], x[VET_N * 3], val[VET_N * 3], before[VET_N * 3];
    uint16_t col[VET_N * 3];
    int e[VET_N];
    struct stats_cox *a = NULL, *b = NULL;

    CHECK_INT(stats_surv_order(vet_time, VET_N, order), STATUS_OK);
    for (int numeric_everywhere = 1; numeric_everywhere >= 0; numeric_everywhere--) {
        k = 0;
        for (size_t i = 0; i < VET_N; i++) {
            size_t r = order[i];
            double *row = x + i * 3;

            t[i] = vet_time[r];
            e[i] = vet_event[r];
            row[0] = vet_trt[r] == 2;      /* binary */
            row[1] = vet_karno[r];         /* numeric, never 0 */
            row[2] = vet_prior[r];         /* numeric, 0 or 10 */
            start[i] = k;
            for (uint16_t j = 0; j < 3; j++) {
                if (row[j] != 0 || (j == 2 && numeric_everywhere)) {
                    col[k] = j;
                    val[k++] = row[j];
                }
            }
        }
        start[VET_N] = k;
        memcpy(before, val, k * sizeof *val);
        CHECK_INT(stats_cox_fit_sorted(t, e, x, VET_N, 3, &a), STATUS_OK);
        CHECK_INT(stats_cox_fit_rows_inplace(t, e, start, col, val, VET_N, 3, &b), STATUS_OK);
        if (a != NULL && b != NULL) {
            for (int j = 0; j < 3; j++) {
                CHECK_REL(b->coef[j], a->coef[j], 0);
                CHECK_REL(b->se[j], a->se[j], 0);
            }
            CHECK_REL(b->loglik, a->loglik, 0);
        }
        /* worked on in place only when every numeric column was there in every row */
        CHECK_INT(memcmp(before, val, k * sizeof *val) != 0, numeric_everywhere);
        stats_cox_free(a);
        stats_cox_free(b);
        a = b = NULL;
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(lung);
    RUN(veteran);
    RUN(out_of_iterations);
    RUN(heavy_ties);
    RUN(separation);
    RUN(collinear);
    RUN(no_events);
    RUN(bad_input);
    RUN(sorted_matches);
    RUN(rows_match);
    RUN(rows_inplace);
    return check_done();
}
