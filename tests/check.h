/*
 * check.h: the small test harness of flipside's C tests.
 *
 * A test is a `static void name(void)`; main() calls RUN(name) for each and
 * returns check_done(). Each test prints one line, "ok NAME" or
 * "FAIL NAME: file:line: what", which tests/run counts.
 * Expected statistical values come from R: write the R call beside each.
 */
#ifndef FLIPSIDE_TESTS_CHECK_H
#define FLIPSIDE_TESTS_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int check_fails_in_test;
static int check_total_passed;
static int check_total_failed;
static char check_first[512];

__attribute__((format(printf, 3, 4)))
static void check_fail(const char *file, int line, const char *fmt, ...)
{
    if (check_fails_in_test++ == 0) {
        char what[400];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        snprintf(check_first, sizeof check_first, "%s:%d: %s", file, line, what);
    }
}

/* Relative difference, with an absolute floor for values near zero. */
__attribute__((unused))
static int check_close(double got, double want, double rel, double abs_floor)
{
    if (isnan(want))
        return isnan(got);
    if (isinf(want))
        return got == want;
    return fabs(got - want) <= rel * fabs(want) || fabs(got - want) <= abs_floor;
}

#define CHECK(cond) do { \
        if (!(cond)) check_fail(__FILE__, __LINE__, "%s", #cond); \
    } while (0)

#define CHECK_INT(got, want) do { \
        long long g_ = (long long)(got), w_ = (long long)(want); \
        if (g_ != w_) check_fail(__FILE__, __LINE__, "%s = %lld, want %lld", #got, g_, w_); \
    } while (0)

#define CHECK_STR(got, want) do { \
        const char *g_ = (got), *w_ = (want); \
        if (g_ == NULL || strcmp(g_, w_) != 0) \
            check_fail(__FILE__, __LINE__, "%s = \"%s\", want \"%s\"", #got, g_ ? g_ : "(null)", w_); \
    } while (0)

/* got agrees with want to a relative `rel` (or absolutely within 1e-300). */
#define CHECK_REL(got, want, rel) do { \
        double g_ = (got), w_ = (want); \
        if (!check_close(g_, w_, (rel), 1e-300)) \
            check_fail(__FILE__, __LINE__, "%s = %.17g, want %.17g (rel %.3g)", #got, g_, w_, \
                       w_ != 0 ? fabs(g_ - w_) / fabs(w_) : fabs(g_)); \
    } while (0)

/* got agrees with want within an absolute `tol`. */
#define CHECK_ABS(got, want, tol) do { \
        double g_ = (got), w_ = (want); \
        if (!check_close(g_, w_, 0, (tol))) \
            check_fail(__FILE__, __LINE__, "%s = %.17g, want %.17g", #got, g_, w_); \
    } while (0)

/* A p-value: relative 1e-6 above 1e-6, absolute 1e-9 below (SPEC section 3). */
#define CHECK_P(got, want) do { \
        double g_ = (got), w_ = (want); \
        if (!check_close(g_, w_, 1e-6, w_ < 1e-6 ? 1e-9 : 0)) \
            check_fail(__FILE__, __LINE__, "%s = %.17g, want %.17g", #got, g_, w_); \
    } while (0)

#define CHECK_NAN(got) do { \
        double g_ = (got); \
        if (!isnan(g_)) check_fail(__FILE__, __LINE__, "%s = %.17g, want empty (NaN)", #got, g_); \
    } while (0)

/*
 * A value computed by R: CHECK_REL that also keeps the largest relative
 * difference seen, which check_done() prints as a "#" line for the notes.
 */
static double check_max_rel = -1;

#define CHECK_R(got, want, tol) do { \
        double gr_ = (got), wr_ = (want); \
        if (isfinite(wr_) && wr_ != 0 && isfinite(gr_) && fabs(gr_ - wr_) / fabs(wr_) > check_max_rel) \
            check_max_rel = fabs(gr_ - wr_) / fabs(wr_); \
        if (check_max_rel < 0) \
            check_max_rel = 0; \
        CHECK_REL(gr_, wr_, tol); \
    } while (0)

#define RUN(test) check_run(#test, test)

static void check_run(const char *name, void (*test)(void))
{
    check_fails_in_test = 0;
    test();
    if (check_fails_in_test == 0) {
        printf("ok %s\n", name);
        check_total_passed++;
    } else {
        printf("FAIL %s: %s", name, check_first);
        if (check_fails_in_test > 1)
            printf(" (and %d more)", check_fails_in_test - 1);
        printf("\n");
        check_total_failed++;
    }
    fflush(stdout);
}

static int check_done(void)
{
    if (check_max_rel >= 0)
        printf("# largest relative difference from R: %.3g\n", check_max_rel);
    return check_total_failed == 0 ? 0 : 1;
}

#endif
