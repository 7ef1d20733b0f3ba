#include "stats/cox.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "common/status.h"
#include "stats/surv.h"
#include "stats/util.h"


/* Columns wider than this are refused: the work is O(n ncol^2). */
#define COX_MAX_COLS 1000

/*
 * The design as the caller gave it: dense rows (x[order[i]], or x[i] when
 * order is NULL) or compressed rows (stats_cox_rows, already in time order).
 */
struct cox_input {
    const double *x;
    const size_t *order;
    const struct stats_cox_rows *rows;
    double *lent;            /* rows->val itself, lent as the working copy (stats_cox_fit_rows_inplace) */
};

/* Row i of the design (in time order) into dense[0 .. p). */
static void cox_input_row(const struct cox_input *in, size_t p, size_t i, double *dense)
{
    if (in->rows == NULL) {
        memcpy(dense, in->x + (in->order ? in->order[i] : i) * p, p * sizeof *dense);
        return;
    }
    memset(dense, 0, p * sizeof *dense);
    for (size_t k = in->rows->start[i]; k < in->rows->start[i + 1]; k++)
        dense[in->rows->col[k]] = in->rows->val[k];
}

/*
 * The working state of one fit. The design is held sorted by time, centred
 * and scaled, in compressed rows: row i's non-zero values are val[k] in
 * columns col[k] (ascending), k = start[i] .. start[i + 1] - 1. A design of
 * dummy columns is mostly zeros, and a zero adds nothing to any sum, so
 * visiting only the non-zero values gives the same sums in a fraction of the
 * time and memory. The square matrices are p x p row-major, used in the lower
 * triangle where only half is needed, as the survival package's ragged
 * arrays are.
 */
struct cox_work {
    size_t n, p;
    const double *time;      /* sorted */
    const int *event;        /* sorted */
    const size_t *start;
    const uint16_t *col;
    double *val;
    int lent;                /* start, col and val are the caller's */
    double *scale;
    double *u;               /* score */
    double *imat;            /* information, then its factor, then its inverse */
    double *a, *a2;          /* risk-weighted sums of x: risk set, tied deaths */
    double *cmat, *cmat2;    /* risk-weighted sums of x x' */
};

/*
 * The log partial likelihood at beta, with the score into w->u and the
 * information into the upper triangle of w->imat (the rest zeroed), Efron's
 * approximation for tied deaths. As coxfit6.c, the rows are walked from the
 * last time to the first so that each risk set is the previous one plus the
 * rows at the current time; censored rows at a time join before its deaths.
 *
 * With d tied deaths, Efron's k-th term (k = 1 .. d) has the deaths' sums
 * weighted t = k / d: denominator D_k = D + t D2, mean a_k / D_k with a_k =
 * a + t a2, and x x' sums c + t c2. coxfit6.c adds the d terms one by one,
 * O(d p^2) a time; here their sums are taken in closed form, with S1 =
 * sum 1/D_k, T1 = sum t/D_k, S2 = sum 1/D_k^2, T2 = sum t/D_k^2 and U2 =
 * sum t^2/D_k^2:
 *   score        -= a S1 + a2 T1
 *   information  += c S1 + c2 T1 - (a a' S2 + (a a2' + a2 a') T2 + a2 a2' U2)
 * which is O(d + p^2). The same sums, rounded differently: the results agree
 * with R's to about 1e-15.
 */
static double cox_iter(struct cox_work *w, const double *beta)
{
    size_t p = w->p;
    double loglik = 0, denom = 0;

    memset(w->u, 0, p * sizeof *w->u);
    memset(w->imat, 0, p * p * sizeof *w->imat);
    memset(w->a, 0, p * sizeof *w->a);
    memset(w->a2, 0, p * sizeof *w->a2);
    memset(w->cmat, 0, p * p * sizeof *w->cmat);
    memset(w->cmat2, 0, p * p * sizeof *w->cmat2);
    for (size_t person = w->n; person > 0;) {
        double dtime = w->time[person - 1], denom2 = 0;
        size_t ndead = 0;

        for (; person > 0 && w->time[person - 1] == dtime; person--) {
            size_t lo = w->start[person - 1], m = w->start[person] - lo;
            const uint16_t *col = w->col + lo;
            const double *val = w->val + lo;
            double zbeta = 0, risk, *sum, *cm;

            for (size_t k = 0; k < m; k++)
                zbeta += beta[col[k]] * val[k];
            risk = exp(zbeta);
            if (w->event[person - 1] == 0) {
                denom += risk;
                sum = w->a;
                cm = w->cmat;
            } else {
                ndead++;
                denom2 += risk;
                loglik += zbeta;
                for (size_t k = 0; k < m; k++)
                    w->u[col[k]] += val[k];
                sum = w->a2;
                cm = w->cmat2;
            }
            for (size_t k = 0; k < m; k++) {
                double rx = risk * val[k], *ci = cm + (size_t)col[k] * p;

                sum[col[k]] += rx;
                for (size_t l = 0; l <= k; l++)
                    ci[col[l]] += rx * val[l];
            }
        }
        if (ndead == 0)
            continue;
        if (ndead == 1) {
            /* Breslow's term */
            denom += denom2;
            loglik -= log(denom);
            for (size_t i = 0; i < p; i++) {
                double *ci = w->cmat + i * p, *c2 = w->cmat2 + i * p, mean;

                w->a[i] += w->a2[i];
                mean = w->a[i] / denom;
                w->u[i] -= mean;
                for (size_t j = 0; j <= i; j++) {
                    ci[j] += c2[j];
                    w->imat[j * p + i] += (ci[j] - mean * w->a[j]) / denom;
                }
            }
        } else {
            double d = (double)ndead, s1 = 0, t1 = 0, s2 = 0, t2 = 0, u2 = 0;

            for (size_t k = 1; k <= ndead; k++) {
                double t = (double)k / d, dk = denom + t * denom2, inv = 1 / dk;

                loglik -= log(dk);
                s1 += inv;
                t1 += t * inv;
                s2 += inv * inv;
                t2 += t * inv * inv;
                u2 += t * t * inv * inv;
            }
            for (size_t i = 0; i < p; i++) {
                double *ci = w->cmat + i * p, *c2 = w->cmat2 + i * p, ai = w->a[i], a2i = w->a2[i];

                w->u[i] -= ai * s1 + a2i * t1;
                for (size_t j = 0; j <= i; j++) {
                    double aj = w->a[j], a2j = w->a2[j];

                    w->imat[j * p + i] += ci[j] * s1 + c2[j] * t1 -
                                          (ai * aj * s2 + (ai * a2j + a2i * aj) * t2 + a2i * a2j * u2);
                }
            }
            denom += denom2;
            for (size_t i = 0; i < p; i++) {
                double *ci = w->cmat + i * p, *c2 = w->cmat2 + i * p;

                w->a[i] += w->a2[i];
                for (size_t j = 0; j <= i; j++)
                    ci[j] += c2[j];
            }
        }
        memset(w->a2, 0, p * sizeof *w->a2);
        memset(w->cmat2, 0, p * p * sizeof *w->cmat2);
    }
    return loglik;
}

/*
 * LDL' decomposition of the symmetric matrix whose upper triangle is in m
 * (cholesky2.c's rule): L below the diagonal, D on it. A pivot that is not
 * finite or below toler times the largest diagonal is set to 0 and its
 * column left out. Returns the rank, negated when the matrix is not
 * non-negative definite.
 */
static int cox_chol(double *m, size_t p, double toler)
{
    double eps = 0;
    int rank = 0, nonneg = 1;

    for (size_t i = 0; i < p; i++) {
        if (m[i * p + i] > eps)
            eps = m[i * p + i];
        for (size_t j = i + 1; j < p; j++)
            m[j * p + i] = m[i * p + j];
    }
    eps = eps == 0 ? toler : eps * toler;
    for (size_t i = 0; i < p; i++) {
        double pivot = m[i * p + i];

        if (!isfinite(pivot) || pivot < eps) {
            m[i * p + i] = 0;
            if (pivot < -8 * eps)
                nonneg = -1;
            continue;
        }
        rank++;
        for (size_t j = i + 1; j < p; j++) {
            double temp = m[j * p + i] / pivot;

            m[j * p + i] = temp;
            m[j * p + j] -= temp * temp * pivot;
            for (size_t k = j + 1; k < p; k++)
                m[k * p + j] -= temp * m[k * p + i];
        }
    }
    return rank * nonneg;
}

/* Solve (LDL') b = y in place (chsolve2.c); a left-out column gets 0. */
static void cox_solve(const double *m, size_t p, double *y)
{
    for (size_t i = 0; i < p; i++) {
        double temp = y[i];

        for (size_t j = 0; j < i; j++)
            temp -= y[j] * m[i * p + j];
        y[i] = temp;
    }
    for (size_t i = p; i-- > 0;) {
        if (m[i * p + i] == 0) {
            y[i] = 0;
        } else {
            double temp = y[i] / m[i * p + i];

            for (size_t j = i + 1; j < p; j++)
                temp -= y[j] * m[j * p + i];
            y[i] = temp;
        }
    }
}

/*
 * The inverse from the LDL' factor (chinv2.c): into the upper triangle and
 * diagonal, zero rows and columns for left-out columns.
 */
static void cox_invert(double *m, size_t p)
{
    for (size_t i = 0; i < p; i++) {
        if (m[i * p + i] > 0) {
            m[i * p + i] = 1 / m[i * p + i];
            for (size_t j = i + 1; j < p; j++) {
                m[j * p + i] = -m[j * p + i];
                for (size_t k = 0; k < i; k++)
                    m[j * p + k] += m[j * p + i] * m[i * p + k];
            }
        }
    }
    for (size_t i = 0; i < p; i++) {
        if (m[i * p + i] == 0) {
            for (size_t j = 0; j < i; j++)
                m[j * p + i] = 0;
            for (size_t j = i; j < p; j++)
                m[i * p + j] = 0;
            continue;
        }
        for (size_t j = i + 1; j < p; j++) {
            double temp = m[j * p + i] * m[j * p + j];

            m[i * p + j] = temp;
            for (size_t k = i; k < j; k++)
                m[i * p + k] += temp * m[j * p + k];
        }
    }
}

/* Back to the scale of the data: beta, score and a symmetric variance. */
static void cox_unscale(struct cox_work *w, const double *beta_scaled, double *beta)
{
    size_t p = w->p;

    for (size_t i = 0; i < p; i++) {
        beta[i] = beta_scaled[i] * w->scale[i];
        w->u[i] /= w->scale[i];
        w->imat[i * p + i] *= w->scale[i] * w->scale[i];
        for (size_t j = 0; j < i; j++) {
            w->imat[j * p + i] *= w->scale[i] * w->scale[j];
            w->imat[i * p + j] = w->imat[j * p + i];
        }
    }
}

/*
 * cox_prepare() on the caller's own compressed rows, when it lends them and
 * every column not all in {-1, 0, 1} is given in every row: the centring
 * and scaling are done on its values in place (a value that becomes 0 stays
 * as an entry, which adds 0 to every sum). The same sums in the same order
 * as cox_prepare() takes, so the same fit. Returns 0 when the rows do not
 * qualify (nothing is changed then).
 */
static int cox_prepare_lent(struct cox_work *w, const struct cox_input *in, double *means, int *binary,
                            size_t *count, double *dev)
{
    const struct stats_cox_rows *x = in->rows;
    size_t n = w->n, p = w->p, nnz = x->start[n];

    for (size_t j = 0; j < p; j++) {
        means[j] = 0;
        binary[j] = 1;
        count[j] = 0;
    }
    for (size_t k = 0; k < nnz; k++) {
        double v = x->val[k];

        binary[x->col[k]] &= v == 0 || v == 1 || v == -1;
        means[x->col[k]] += v;
        count[x->col[k]]++;
    }
    for (size_t j = 0; j < p; j++) {
        if (!binary[j] && count[j] != n)
            return 0;
    }
    for (size_t j = 0; j < p; j++)
        means[j] = binary[j] ? 0 : means[j] / (double)n;
    for (size_t k = 0; k < nnz; k++) {
        if (!binary[x->col[k]])
            dev[x->col[k]] += fabs(x->val[k] - means[x->col[k]]);
    }
    for (size_t j = 0; j < p; j++)
        w->scale[j] = binary[j] || dev[j] == 0 ? 1 : (double)n / dev[j];
    for (size_t k = 0; k < nnz; k++) {
        if (!binary[x->col[k]])
            in->lent[k] = (in->lent[k] - means[x->col[k]]) * w->scale[x->col[k]];
    }
    w->start = x->start;
    w->col = x->col;
    w->val = in->lent;
    w->lent = 1;
    return 1;
}

/*
 * The working copy of the design, in compressed rows, with coxph.fit's
 * centring: a column with a value outside {-1, 0, 1} has its mean taken off
 * and is multiplied by n / sum |x - mean| (1 when that sum is 0), in double
 * and in row order as coxfit6.c does. Three passes over the rows: the
 * columns' sums, their deviations and the count of entries, the entries.
 */
static int cox_prepare(struct cox_work *w, const struct cox_input *in, double *means)
{
    size_t n = w->n, p = w->p, nnz = 0;
    double *row = malloc(p * sizeof *row), *dev = calloc(p, sizeof *dev);
    int *binary = malloc(p * sizeof *binary);
    size_t *count = malloc(p * sizeof *count), *start = NULL;
    uint16_t *col = NULL;
    int st = STATUS_OK;

    if (row == NULL || dev == NULL || binary == NULL || count == NULL)
        goto nomem;
    if (in->lent != NULL && cox_prepare_lent(w, in, means, binary, count, dev))
        goto out;
    w->start = start = malloc((n + 1) * sizeof *start);
    if (start == NULL)
        goto nomem;
    for (size_t j = 0; j < p; j++) {
        means[j] = 0;
        binary[j] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        cox_input_row(in, p, i, row);
        for (size_t j = 0; j < p; j++) {
            binary[j] &= row[j] == 0 || row[j] == 1 || row[j] == -1;
            means[j] += row[j];
        }
    }
    for (size_t j = 0; j < p; j++)
        means[j] = binary[j] ? 0 : means[j] / (double)n;
    for (size_t i = 0; i < n; i++) {
        cox_input_row(in, p, i, row);
        for (size_t j = 0; j < p; j++) {
            double v = row[j] - means[j];

            dev[j] += fabs(v);
            nnz += v != 0;
        }
    }
    for (size_t j = 0; j < p; j++)
        w->scale[j] = binary[j] || dev[j] == 0 ? 1 : (double)n / dev[j];
    w->col = col = malloc((nnz + 1) * sizeof *col);
    w->val = malloc((nnz + 1) * sizeof *w->val);
    if (col == NULL || w->val == NULL)
        goto nomem;
    nnz = 0;
    for (size_t i = 0; i < n; i++) {
        start[i] = nnz;
        cox_input_row(in, p, i, row);
        for (size_t j = 0; j < p; j++) {
            double v = row[j] - means[j];

            if (v == 0)
                continue;
            col[nnz] = (uint16_t)j;
            w->val[nnz++] = binary[j] ? v : v * w->scale[j];
        }
    }
    start[n] = nnz;
    goto out;
nomem:
    st = err_set(STATUS_NOMEM, "cox model: out of memory for %zu rows x %zu columns", n, p);
out:
    free(row);
    free(dev);
    free(binary);
    free(count);
    return st;
}

void stats_cox_free(struct stats_cox *fit)
{
    if (fit != NULL) {
        free(fit->coef);
        free(fit->se);
        free(fit->z);
        free(fit->p);
        free(fit->var);
        free(fit->means);
        free(fit->dropped);
        free(fit->infinite);
        free(fit);
    }
}

/* A fit for n rows and p columns with every number NAN, or NULL. */
static struct stats_cox *cox_alloc(size_t n, size_t p)
{
    struct stats_cox *fit = calloc(1, sizeof *fit);

    if (fit == NULL)
        goto out;
    fit->n = n;
    fit->ncol = p;
    fit->coef = malloc(p * sizeof *fit->coef);
    fit->se = malloc(p * sizeof *fit->se);
    fit->z = malloc(p * sizeof *fit->z);
    fit->p = malloc(p * sizeof *fit->p);
    fit->var = malloc(p * p * sizeof *fit->var);
    fit->means = calloc(p, sizeof *fit->means);
    fit->dropped = calloc(p, sizeof *fit->dropped);
    fit->infinite = calloc(p, sizeof *fit->infinite);
    if (fit->coef == NULL || fit->se == NULL || fit->z == NULL || fit->p == NULL ||
        fit->var == NULL || fit->means == NULL || fit->dropped == NULL ||
        fit->infinite == NULL) {
        stats_cox_free(fit);
        fit = NULL;
        goto out;
    }
    for (size_t j = 0; j < p; j++) {
        fit->coef[j] = NAN;
        fit->se[j] = NAN;
        fit->z[j] = NAN;
        fit->p[j] = NAN;
    }
    for (size_t j = 0; j < p * p; j++)
        fit->var[j] = NAN;
    fit->loglik0 = NAN;
    fit->loglik = NAN;
out:
    return fit;
}

static void cox_work_free(struct cox_work *w)
{
    if (!w->lent) {
        free((void *)w->start);
        free((void *)w->col);
        free(w->val);
    }
    free(w->scale);
    free(w->u);
    free(w->imat);
    free(w->a);
    free(w->a2);
    free(w->cmat);
    free(w->cmat2);
}

/*
 * R's largest centred linear predictor, max(x %*% coef - sum(coef * means)),
 * for its "may be infinite" warning after running out of iterations.
 */
static double cox_max_lp(const struct cox_work *w, const double *coef)
{
    double top = -INFINITY;

    /* The working copy is (x - means) * scale, column by column: undo the scale. */
    for (size_t i = 0; i < w->n; i++) {
        double lp = 0;

        for (size_t k = w->start[i]; k < w->start[i + 1]; k++)
            lp += w->val[k] / w->scale[w->col[k]] * coef[w->col[k]];
        if (lp > top)
            top = lp;
    }
    return top;
}

/*
 * The whole of coxph.fit on the rows of `in` in time order, `time_s` and
 * `event_s` being the sorted times and events.
 */
static int cox_run(const double *time_s, const int *event_s, const struct cox_input *in, size_t n, size_t p,
                   const struct stats_cox_control *ctl, struct stats_cox *fit)
{
    int st = STATUS_OK, flag, halving = 0;
    struct cox_work w;
    double *beta = NULL, *newbeta = NULL, *step = NULL;
    double loglik_best, newlk;

    memset(&w, 0, sizeof w);
    w.n = n;
    w.p = p;
    w.time = time_s;
    w.event = event_s;
    w.scale = malloc(p * sizeof *w.scale);
    w.u = malloc(p * sizeof *w.u);
    w.imat = malloc(p * p * sizeof *w.imat);
    w.a = malloc(p * sizeof *w.a);
    w.a2 = malloc(p * sizeof *w.a2);
    w.cmat = malloc(p * p * sizeof *w.cmat);
    w.cmat2 = malloc(p * p * sizeof *w.cmat2);
    beta = calloc(p, sizeof *beta);
    newbeta = calloc(p, sizeof *newbeta);
    step = calloc(p, sizeof *step);
    if (w.scale == NULL || w.u == NULL || w.imat == NULL || w.a == NULL || w.a2 == NULL || w.cmat == NULL ||
        w.cmat2 == NULL || beta == NULL || newbeta == NULL || step == NULL) {
        st = err_set(STATUS_NOMEM, "cox model: out of memory for %zu columns", p);
        goto out;
    }
    st = cox_prepare(&w, in, fit->means);
    if (st != STATUS_OK)
        goto out;

    /* the first Newton step from 0 */
    fit->iter = 0;
    fit->loglik0 = cox_iter(&w, beta);
    loglik_best = fit->loglik0;
    memcpy(step, w.u, p * sizeof *step);
    flag = cox_chol(w.imat, p, ctl->toler_chol);
    cox_solve(w.imat, p, step);
    if (!isfinite(fit->loglik0)) {
        /* R gives up here without complaint; so do we, loudly */
        cox_invert(w.imat, p);
        cox_unscale(&w, beta, beta);
        fit->loglik = fit->loglik0;
        fit->converged = 0;
        goto finish;
    }
    for (size_t i = 0; i < p; i++)
        newbeta[i] = beta[i] + step[i];

    for (fit->iter = 1; fit->iter <= ctl->iter_max; fit->iter++) {
        int notfinite = 0;

        newlk = cox_iter(&w, newbeta);
        flag = cox_chol(w.imat, p, ctl->toler_chol);
        for (size_t i = 0; i < p; i++) {
            if (!isfinite(w.u[i]))
                notfinite = 1;
        }
        for (size_t i = 0; i < p * p; i++) {
            if (!isfinite(w.imat[i]))
                notfinite = 1;
        }
        if (!isfinite(newlk))
            notfinite = 1;
        if (!notfinite && fabs(1 - loglik_best / newlk) <= ctl->eps) {
            fit->loglik = newlk;
            fit->converged = 1;
            cox_invert(w.imat, p);
            cox_unscale(&w, newbeta, beta);
            goto finish;
        }
        if (notfinite || newlk < loglik_best) {
            /* worse: step back towards the last good beta, harder each time */
            halving++;
            for (size_t i = 0; i < p; i++)
                newbeta[i] = (newbeta[i] + halving * beta[i]) / (halving + 1.0);
        } else {
            halving = 0;
            loglik_best = newlk;
            cox_solve(w.imat, p, w.u);
            for (size_t i = 0; i < p; i++) {
                beta[i] = newbeta[i];
                newbeta[i] = newbeta[i] + w.u[i];
            }
        }
    }
    /*
     * Out of iterations. coxfit6.c recomputes the sums at the last good
     * beta and inverts the information without factoring it again, which
     * leaves the inverse of its diagonal: kept, to report what R reports
     * (fit$iter is then iter.max + 1, as the loop leaves it).
     */
    fit->loglik = cox_iter(&w, beta);
    cox_invert(w.imat, p);
    cox_unscale(&w, beta, beta);
    fit->converged = 0;
    flag = 1000;

finish:
    /* coxph.fit: singular columns, the infinite-coefficient check, Wald tests */
    for (size_t i = 0; i < p * p; i++)
        fit->var[i] = w.imat[i];
    for (size_t j = 0; j < p; j++) {
        double infs = 0;

        for (size_t i = 0; i < p; i++)
            infs += w.u[i] * fit->var[i * p + j];
        infs = fabs(infs);
        if (fit->converged) {
            fit->infinite[j] = !isfinite(w.u[j]) ||
                (infs > ctl->eps && infs > ctl->toler_inf * fabs(beta[j]));
        } else if (!isfinite(infs)) {
            fit->any_infinite = 1;
        }
        if (fit->infinite[j])
            fit->any_infinite = 1;
        fit->dropped[j] = flag < (int)p && fit->var[j * p + j] == 0;
    }
    if (!fit->converged && cox_max_lp(&w, beta) > 500)
        fit->any_infinite = 1;
    for (size_t j = 0; j < p; j++) {
        if (fit->dropped[j])
            continue;
        fit->coef[j] = beta[j];
        fit->se[j] = sqrt(fit->var[j * p + j]);
        fit->z[j] = fit->coef[j] / fit->se[j];
        fit->p[j] = gsl_cdf_chisq_Q(fit->z[j] * fit->z[j], 1);
    }
    if (!fit->converged)
        st = err_set(STATUS_NOCONV, "cox model: no convergence in %d iterations", ctl->iter_max);
out:
    cox_work_free(&w);
    free(beta);
    free(newbeta);
    free(step);
    return st;
}

/* A compressed-row design: offsets that grow, columns in range and ascending, finite values. */
static int cox_check_rows(const struct stats_cox_rows *x, size_t n, size_t p)
{
    if (x == NULL || x->start == NULL || (x->start[n] > 0 && (x->col == NULL || x->val == NULL)))
        return err_set(STATUS_DOMAIN, "cox model design: no data given");
    for (size_t i = 0; i < n; i++) {
        if (x->start[i + 1] < x->start[i])
            return err_set(STATUS_DOMAIN, "cox model design: row %zu ends before it starts", i + 1);
        for (size_t k = x->start[i]; k < x->start[i + 1]; k++) {
            if (x->col[k] >= p || (k > x->start[i] && x->col[k] <= x->col[k - 1]))
                return err_set(STATUS_DOMAIN, "cox model design: row %zu: columns must be ascending and below "
                               "%zu", i + 1, p);
            if (!isfinite(x->val[k]))
                return err_set(STATUS_DOMAIN, "cox model design: row %zu: a value is not a finite number", i + 1);
        }
    }
    return STATUS_OK;
}

/* Checks and the empty cases shared by the entry points. */
static int cox_start(const double *time, const int *event, const struct cox_input *in, size_t n,
                     size_t p, int sorted, const struct stats_cox_control *ctl,
                     struct stats_cox **fit)
{
    int st;

    *fit = NULL;
    st = stats_surv_check(time, event, n, sorted, "cox model");
    if (st != STATUS_OK)
        goto out;
    if (p == 0 || p > COX_MAX_COLS || (n > 0 && n > SIZE_MAX / sizeof(double) / p)) {
        st = err_set(STATUS_DOMAIN, "cox model: %zu columns for %zu rows is not a design",
                     p, n);
        goto out;
    }
    if (!(ctl->eps > 0) || ctl->iter_max < 2 || ctl->iter_max > 1000 ||
        !(ctl->toler_chol > 0) || !(ctl->toler_inf > 0)) {
        st = err_set(STATUS_DOMAIN, "cox model: control settings out of range");
        goto out;
    }
    st = in->rows ? cox_check_rows(in->rows, n, p) : stats_util_finite(in->x, n * p, "cox model design");
    if (st != STATUS_OK)
        goto out;
    *fit = cox_alloc(n, p);
    if (*fit == NULL) {
        st = err_set(STATUS_NOMEM, "cox model: out of memory for %zu columns", p);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        (*fit)->events += (size_t)event[i];
    if ((*fit)->events == 0)
        st = STATUS_EMPTY;
out:
    return st;
}

void stats_cox_control_default(struct stats_cox_control *ctl)
{
    ctl->eps = 1e-9;
    ctl->iter_max = 20;
    ctl->toler_chol = pow(DBL_EPSILON, 0.75);
    ctl->toler_inf = sqrt(1e-9);
}

/* The work of every entry point: compressed rows come sorted, dense ones in any order unless `sorted`. */
static int cox_fit(const double *time, const int *event, struct cox_input *in, size_t n, size_t ncol, int sorted,
                   const struct stats_cox_control *control, struct stats_cox **out)
{
    int st;
    size_t *order = NULL;
    double *time_s = NULL;
    int *event_s = NULL;
    struct stats_cox_control ctl;

    stats_cox_control_default(&ctl);
    if (control != NULL)
        ctl = *control;
    st = cox_start(time, event, in, n, ncol, sorted, &ctl, out);
    if (st != STATUS_OK)
        goto out;
    if (sorted) {
        st = cox_run(time, event, in, n, ncol, &ctl, *out);
        goto out;
    }
    order = malloc(n * sizeof *order);
    time_s = malloc(n * sizeof *time_s);
    event_s = malloc(n * sizeof *event_s);
    if (order == NULL || time_s == NULL || event_s == NULL) {
        st = err_set(STATUS_NOMEM, "cox model: out of memory for %zu rows", n);
        goto out;
    }
    st = stats_surv_order(time, n, order);
    if (st != STATUS_OK)
        goto out;
    for (size_t i = 0; i < n; i++) {
        time_s[i] = time[order[i]];
        event_s[i] = event[order[i]];
    }
    in->order = order;
    st = cox_run(time_s, event_s, in, n, ncol, &ctl, *out);
out:
    if (st != STATUS_OK && st != STATUS_EMPTY && st != STATUS_NOCONV) {
        stats_cox_free(*out);
        *out = NULL;
    }
    free(order);
    free(time_s);
    free(event_s);
    return st;
}

int stats_cox_fit_control(const double *time, const int *event, const double *x, size_t n,
                          size_t ncol, int sorted, const struct stats_cox_control *control,
                          struct stats_cox **out)
{
    struct cox_input in = { x, NULL, NULL, NULL };

    return cox_fit(time, event, &in, n, ncol, sorted, control, out);
}

int stats_cox_fit_rows(const double *time, const int *event, const struct stats_cox_rows *x, size_t n,
                       size_t ncol, struct stats_cox **out)
{
    struct cox_input in = { NULL, NULL, x, NULL };

    return cox_fit(time, event, &in, n, ncol, 1, NULL, out);
}

int stats_cox_fit_rows_inplace(const double *time, const int *event, const size_t *start, const uint16_t *col,
                               double *val, size_t n, size_t ncol, struct stats_cox **out)
{
    struct stats_cox_rows rows = { start, col, val };
    struct cox_input in = { NULL, NULL, &rows, val };

    return cox_fit(time, event, &in, n, ncol, 1, NULL, out);
}

int stats_cox_fit(const double *time, const int *event, const double *x, size_t n,
                  size_t ncol, struct stats_cox **out)
{
    return stats_cox_fit_control(time, event, x, n, ncol, 0, NULL, out);
}

int stats_cox_fit_sorted(const double *time, const int *event, const double *x, size_t n,
                         size_t ncol, struct stats_cox **out)
{
    return stats_cox_fit_control(time, event, x, n, ncol, 1, NULL, out);
}

int stats_cox_hr(const struct stats_cox *fit, size_t j, struct stats_interval *out)
{
    int st = STATUS_OK;

    out->estimate = NAN;
    out->lower = NAN;
    out->upper = NAN;
    if (fit == NULL || j >= fit->ncol) {
        st = err_set(STATUS_DOMAIN, "cox hazard ratio: no column %zu", j + 1);
        goto out;
    }
    if (isnan(fit->coef[j])) {
        st = STATUS_EMPTY;
        goto out;
    }
    out->estimate = exp(fit->coef[j]);
    out->lower = exp(fit->coef[j] - STATS_Z95 * fit->se[j]);
    out->upper = exp(fit->coef[j] + STATS_Z95 * fit->se[j]);
out:
    return st;
}
