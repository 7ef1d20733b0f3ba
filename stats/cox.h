/*
 * cox.h: the Cox proportional-hazards model with Efron's ties, as
 * coxph(Surv(time, event) ~ x1 + ... + xp, ties = "efron") fits it.
 *
 * The design is a numeric n x ncol row-major matrix built by the caller
 * (dummy columns for factors, no intercept). The fit is coxph.fit's:
 * columns not entirely in {-1, 0, 1} are centred and scaled (nocenter =
 * c(-1, 0, 1)); Newton-Raphson from 0 with step-halving; convergence when
 * |1 - loglik_old / loglik_new| <= 1e-9; at most 20 iterations; a pivot
 * below .Machine$double.eps^0.75 times the largest in the Cholesky
 * decomposition of the information leaves its column out (R's NA); R's
 * "coefficient may be infinite" rule with toler.inf = sqrt(1e-9).
 * Each iteration is O(nnz ncol + events + times ncol^2), nnz being the
 * non-zero values of the design (a row's products are taken with its
 * non-zero values only, and Efron's terms of a tied time are summed in
 * closed form), after one O(n log n) sort (none for the _sorted variants);
 * memory is one copy of the non-zero values.
 *
 * See stats/surv.h for the time and event conventions. The fit owns its
 * arrays; stats_cox_free() releases it. NAN fields are written as empty
 * fields.
 */
#ifndef FLIPSIDE_STATS_COX_H
#define FLIPSIDE_STATS_COX_H

#include <stddef.h>
#include <stdint.h>

#include "stats/stats.h"

struct stats_cox {
    size_t n;           /* rows */
    size_t events;
    size_t ncol;        /* columns of the design */
    double *coef;       /* log hazard ratios; NAN for a column left out */
    double *se;         /* sqrt of the diagonal of var; NAN for a column left out */
    double *z;          /* Wald z = coef / se */
    double *p;          /* pchisq(z^2, 1, lower.tail = FALSE), as summary(fit) */
    double *var;        /* ncol x ncol row-major, fit$var (0 rows for columns left out) */
    double *means;      /* fit$means: what each column was centred on (0 if not) */
    int *dropped;       /* 1: the column is collinear with earlier ones and left out */
    int *infinite;      /* 1: R warns "coefficient may be infinite" for this column */
    int any_infinite;   /* some column is flagged, or (not converged) R's
                           "one or more coefficients may be infinite" */
    int converged;      /* 0: ran out of iterations (STATUS_NOCONV) */
    int iter;           /* fit$iter (iter_max + 1 when not converged, as R) */
    double loglik0;     /* fit$loglik[1]: at coef = 0 */
    double loglik;      /* fit$loglik[2]: at the estimate */
};

/*
 * Fit from data in any order: time[i], event[i] and row i of x (x[i * ncol
 * + j]) belong to one person. Returns:
 *   STATUS_OK      a fit; check `any_infinite` (SPEC rule 20: the caller
 *                  leaves the figure empty then) and `dropped`
 *   STATUS_EMPTY   no rows or no events: a fit with every coefficient NAN
 *   STATUS_NOCONV  20 iterations were not enough: a fit holding R's values
 *                  for that case (converged = 0); treat it as empty
 *   STATUS_DOMAIN, STATUS_NOMEM  *out is NULL
 * For every status but the last two *out is a new fit the caller frees with
 * stats_cox_free(). ncol must be 1 to 1000; every value of x finite.
 */
int stats_cox_fit(const double *time, const int *event, const double *x, size_t n,
                  size_t ncol, struct stats_cox **out);

/* As stats_cox_fit(), for rows sorted by ascending time. */
int stats_cox_fit_sorted(const double *time, const int *event, const double *x, size_t n,
                         size_t ncol, struct stats_cox **out);

/*
 * A design in compressed rows, for designs of dummy columns, which are
 * mostly zeros: row i's non-zero values are val[k] in columns col[k], k =
 * start[i] .. start[i + 1] - 1, columns ascending within a row. A column
 * missing from a row is 0 there.
 */
struct stats_cox_rows {
    const size_t *start;    /* n + 1 offsets */
    const uint16_t *col;
    const double *val;
};

/*
 * As stats_cox_fit_sorted() for a design in compressed rows: the same fit,
 * in time and memory that grow with the non-zero values rather than with
 * n * ncol.
 */
int stats_cox_fit_rows(const double *time, const int *event, const struct stats_cox_rows *x, size_t n,
                       size_t ncol, struct stats_cox **out);

/*
 * As stats_cox_fit_rows(), with the values `val` lent as the working copy:
 * when every column not entirely in {-1, 0, 1} is given in every row (as a
 * numeric covariate is), they are centred and scaled in place and hold no
 * design afterwards, which saves a copy of them; otherwise they are copied
 * and left as they were. The same fit either way.
 */
int stats_cox_fit_rows_inplace(const double *time, const int *event, const size_t *start, const uint16_t *col,
                               double *val, size_t n, size_t ncol, struct stats_cox **out);

/* coxph.control(): the settings of a fit. */
struct stats_cox_control {
    double eps;         /* convergence: |1 - old / new loglik| <= eps (1e-9) */
    int iter_max;       /* Newton-Raphson iterations, 2 to 1000 (20) */
    double toler_chol;  /* singular pivot, relative (.Machine$double.eps^0.75) */
    double toler_inf;   /* the infinite-coefficient check (sqrt(1e-9)) */
};

/* Fill `ctl` with coxph.control()'s defaults, those of stats_cox_fit(). */
void stats_cox_control_default(struct stats_cox_control *ctl);

/*
 * As stats_cox_fit() (`sorted` 0) or stats_cox_fit_sorted() (`sorted` 1)
 * with other settings, as coxph(..., control = coxph.control(...));
 * `control` NULL means the defaults. Settings out of range: STATUS_DOMAIN.
 */
int stats_cox_fit_control(const double *time, const int *event, const double *x, size_t n,
                          size_t ncol, int sorted, const struct stats_cox_control *control,
                          struct stats_cox **out);

/* Release a fit; NULL is fine. */
void stats_cox_free(struct stats_cox *fit);

/*
 * The hazard ratio of column j with its 95% interval exp(coef -/+ z se), as
 * summary(fit)$conf.int. All NAN with STATUS_EMPTY for a column left out;
 * STATUS_DOMAIN when j is out of range.
 */
int stats_cox_hr(const struct stats_cox *fit, size_t j, struct stats_interval *out);

#endif
