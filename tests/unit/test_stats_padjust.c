/*
 * Unit tests of stats/padjust.h against p.adjust() in R 4.2; NA entries are
 * NAN here. The R call is beside each value (tests/data/r/stats_expected.R).
 */
#include "tests/check.h"

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/padjust.h"

/* pv <- c(0.01, 0.04, 0.03, NA, 0.2, 0.04, 0.5, 0.001): ties and an NA */
static const double pv[8] = { 0.01, 0.04, 0.03, NAN, 0.2, 0.04, 0.5, 0.001 };

static void holm(void)
{
    /* p.adjust(pv, "holm") */
    const double want[8] = { 0.059999999999999998, 0.16, 0.14999999999999999, NAN,
                             0.40000000000000002, 0.16, 0.5, 0.0070000000000000001 };
    /* p.adjust(c(0.9, 0.95, 0.5, 0.99), "holm") */
    const double pw[4] = { 0.9, 0.95, 0.5, 0.99 };
    double out[8];

    CHECK_INT(stats_padjust_holm(pv, 8, out), STATUS_OK);
    for (int i = 0; i < 8; i++)
        CHECK_R(out[i], want[i], 1e-15);
    CHECK_INT(stats_padjust_holm(pw, 4, out), STATUS_OK);
    for (int i = 0; i < 4; i++)
        CHECK_R(out[i], 1, 0);
}

static void bh(void)
{
    /* p.adjust(pv, "BH") */
    const double want[8] = { 0.035000000000000003, 0.055999999999999994, 0.055999999999999994,
                             NAN, 0.23333333333333336, 0.055999999999999994, 0.5,
                             0.0070000000000000001 };
    /* p.adjust(c(0.9, 0.95, 0.5, 0.99), "BH") */
    const double pw[4] = { 0.9, 0.95, 0.5, 0.99 };
    double out[8];

    CHECK_INT(stats_padjust_bh(pv, 8, out), STATUS_OK);
    for (int i = 0; i < 8; i++)
        CHECK_R(out[i], want[i], 1e-15);
    CHECK_INT(stats_padjust_bh(pw, 4, out), STATUS_OK);
    for (int i = 0; i < 4; i++)
        CHECK_R(out[i], 0.98999999999999999, 1e-15);
}

static void edges(void)
{
    double p[2] = { 0.03, NAN };
    double none[3] = { NAN, NAN, NAN };
    const double bad[2] = { 0.5, 1.5 };
    double out[3];

    /* p.adjust(c(0.03, NA), "holm"): one test, unchanged, in place */
    CHECK_INT(stats_padjust_holm(p, 2, p), STATUS_OK);
    CHECK_R(p[0], 0.029999999999999999, 0);
    CHECK_NAN(p[1]);
    CHECK_INT(stats_padjust_bh(none, 3, out), STATUS_OK);
    CHECK_NAN(out[0]);
    CHECK_NAN(out[2]);
    CHECK_INT(stats_padjust_bh(NULL, 0, NULL), STATUS_OK);
    CHECK_INT(stats_padjust_holm(bad, 2, out), STATUS_DOMAIN);
    CHECK_NAN(out[0]);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(holm);
    RUN(bh);
    RUN(edges);
    return check_done();
}
