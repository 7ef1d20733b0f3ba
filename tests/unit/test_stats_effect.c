/*
 * Unit tests of stats/effect.h: Cohen's dz, Hedges' g, Cronbach's alpha and
 * the net promoter score, against the R expressions of SPEC 3.2-3.5 written
 * beside each value (hedges(), alpha(), nps() and npsdiff() are defined in
 * tests/data/r/stats_expected.R).
 */
#include "tests/check.h"

#include <gsl/gsl_errno.h>

#include "common/status.h"
#include "stats/effect.h"

#define REL 1e-13

static const double ex[] = { 3.5, 4.0, 2.75, 4.25, 3.0, 3.5, 4.5, 3.25, 2.5, 4.0 };
static const double ba[] = { 3.0, 3.5, 3.0, 3.75, 3.0, 2.5, 4.0, 3.5, 2.25, 3.0 };
static const double ta[] = { 4.2, 5.1, 3.9, 6.0, 5.5, 4.8, 5.0 };
static const double tb[] = { 3.1, 4.4, 2.9, 3.8, 4.0, 3.3, 5.2, 4.1, 3.6 };
static const double py[] = { 4.0, 5.3, 3.1, 6.2, 5.0, 4.1, 5.5 };

static void dz(void)
{
    const double s2[] = { 1.5, -0.3, 2.2, 0.8, -1.1, 3.0, 0.45, 1.75, -0.6, 2.6 };
    const double flat[] = { 1, 1, 1 };
    double v;

    CHECK_INT(stats_effect_dz(ex, ba, 10, &v), STATUS_OK);
    CHECK_R(v, 0.84292723042352458, REL);         /* mean(ex - ba) / sd(ex - ba) */
    CHECK_INT(stats_effect_dz(s2, NULL, 10, &v), STATUS_OK);
    CHECK_R(v, 0.73227683350600936, REL);         /* mean(s2) / sd(s2) */
    CHECK_INT(stats_effect_dz(ta, py, 7, &v), STATUS_OK);
    CHECK_R(v, 0.37037187349382328, REL);         /* mean(d1 - py) / sd(d1 - py), d1 = ta */
    CHECK_INT(stats_effect_dz(s2, NULL, 1, &v), STATUS_EMPTY);   /* n < 2 */
    CHECK_NAN(v);
    CHECK_INT(stats_effect_dz(flat, NULL, 3, &v), STATUS_EMPTY); /* sd = 0 */
    CHECK_NAN(v);
    CHECK_INT(stats_effect_dz(NULL, NULL, 0, &v), STATUS_EMPTY);
}

static void hedges(void)
{
    const double a2[] = { 1, 2 };
    const double b3[] = { 2, 4, 9 };
    const double flat[] = { 5, 5, 5 };
    struct stats_interval g;

    /* hedges(ta, tb): g, lower, upper */
    CHECK_INT(stats_effect_hedges_g(ta, 7, tb, 9, &g), STATUS_OK);
    CHECK_R(g.estimate, 1.463688634128385, REL);
    CHECK_R(g.lower, 0.35337679196919658, REL);
    CHECK_R(g.upper, 2.5740004762875737, REL);
    /* hedges(c(1, 2), c(2, 4, 9)) */
    CHECK_INT(stats_effect_hedges_g(a2, 2, b3, 3, &g), STATUS_OK);
    CHECK_R(g.estimate, -0.85645201715875841, REL);
    CHECK_R(g.lower, -2.7227292077260969, REL);
    CHECK_R(g.upper, 1.0098251734085804, REL);
    /* hedges(ex, ba) */
    CHECK_INT(stats_effect_hedges_g(ex, 10, ba, 10, &g), STATUS_OK);
    CHECK_R(g.estimate, 0.59396915155395602, REL);
    CHECK_R(g.lower, -0.30167216549295872, REL);
    CHECK_R(g.upper, 1.4896104686008709, REL);
    /* rule 35: a side below 2, or a pooled sd of 0 */
    CHECK_INT(stats_effect_hedges_g(a2, 1, b3, 3, &g), STATUS_EMPTY);
    CHECK_NAN(g.estimate);
    CHECK_NAN(g.lower);
    CHECK_INT(stats_effect_hedges_g(flat, 3, flat, 2, &g), STATUS_EMPTY);
    CHECK_NAN(g.estimate);
}

static void alpha(void)
{
    /* A <- matrix(c(4, 5, 3, 4, 2, 3, 3, 2, 5, 5, 4, 4, 4, 4, 3, 5, 1, 2, 2, 1, 3, 4, 2, 3),
                   ncol = 4, byrow = TRUE) */
    const double a[] = { 4, 5, 3, 4, 2, 3, 3, 2, 5, 5, 4, 4, 4, 4, 3, 5, 1, 2, 2, 1, 3, 4, 2, 3 };
    /* B <- matrix(c(1, 5, 2, 4, 3, 3, 4, 2, 5, 1), ncol = 2, byrow = TRUE): row sums all 6 */
    const double b[] = { 1, 5, 2, 4, 3, 3, 4, 2, 5, 1 };
    /* C <- matrix(c(2, 3, 1, 4, 4, 2, 1, 5, 3, 3, 3, 3, 5, 1, 4, 2, 2, 2, 5, 1), ncol = 4,
                   byrow = TRUE): items that disagree, a negative alpha */
    const double c[] = { 2, 3, 1, 4, 4, 2, 1, 5, 3, 3, 3, 3, 5, 1, 4, 2, 2, 2, 5, 1 };
    double v;

    CHECK_INT(stats_effect_alpha(a, 6, 4, &v), STATUS_OK);
    CHECK_R(v, 0.92374727668845313, REL);         /* alpha(A) */
    CHECK_INT(stats_effect_alpha(c, 5, 4, &v), STATUS_OK);
    CHECK_R(v, -7.6666666666666661, REL);         /* alpha(C) */
    CHECK_INT(stats_effect_alpha(b, 5, 2, &v), STATUS_EMPTY);
    CHECK_NAN(v);                                 /* alpha(B) = -Inf */
    CHECK_INT(stats_effect_alpha(a, 6, 1, &v), STATUS_EMPTY);   /* one item */
    CHECK_NAN(v);
    CHECK_INT(stats_effect_alpha(a, 1, 4, &v), STATUS_EMPTY);   /* one person */
    CHECK_INT(stats_effect_alpha(NULL, 3, 4, &v), STATUS_DOMAIN);
}

static void nps(void)
{
    struct stats_nps s;

    /* nps(40, 25, 100): estimate, lower, upper, variance */
    CHECK_INT(stats_effect_nps(40, 25, 100, &s), STATUS_OK);
    CHECK_R(s.estimate, 15.000000000000002, REL);
    CHECK_R(s.lower, -0.52583463130263475, REL);
    CHECK_R(s.upper, 30.525834631302637, REL);
    CHECK_R(s.var, 62.750000000000007, REL);
    /* nps(3, 1, 4): upper clipped at 100 */
    CHECK_INT(stats_effect_nps(3, 1, 4, &s), STATUS_OK);
    CHECK_R(s.estimate, 50, REL);
    CHECK_R(s.lower, -34.868930055712866, REL);
    CHECK_R(s.upper, 100, 0);
    CHECK_R(s.var, 1875, REL);
    /* nps(10, 0, 10) and nps(0, 0, 5): zero variance */
    CHECK_INT(stats_effect_nps(10, 0, 10, &s), STATUS_OK);
    CHECK_R(s.estimate, 100, 0);
    CHECK_R(s.lower, 100, 0);
    CHECK_R(s.var, 0, 0);
    CHECK_INT(stats_effect_nps(0, 0, 5, &s), STATUS_OK);
    CHECK_R(s.estimate, 0, 0);
    CHECK_R(s.upper, 0, 0);
    CHECK_INT(stats_effect_nps(0, 0, 0, &s), STATUS_EMPTY);
    CHECK_NAN(s.estimate);
    CHECK_NAN(s.var);
    CHECK_INT(stats_effect_nps(6, 5, 10, &s), STATUS_DOMAIN);
}

static void nps_difference(void)
{
    struct stats_nps a, b, c, none;
    struct stats_nps_diff d;

    stats_effect_nps(40, 25, 100, &a);
    stats_effect_nps(30, 30, 80, &b);
    /* npsdiff(nps(40, 25, 100), nps(30, 30, 80)): estimate, lower, upper, z, p */
    CHECK_INT(stats_effect_nps_diff(&a, &b, &d), STATUS_OK);
    CHECK_R(d.estimate, 15.000000000000002, REL);
    CHECK_R(d.lower, -9.5191416130057522, REL);
    CHECK_R(d.upper, 39.519141613005758, REL);
    CHECK_R(d.z, 1.1990411504661473, REL);
    CHECK_R(d.p, 0.2305119451249274, REL);
    /* npsdiff(nps(3, 1, 4), nps(10, 0, 10)): not clipped */
    stats_effect_nps(3, 1, 4, &a);
    stats_effect_nps(10, 0, 10, &b);
    CHECK_INT(stats_effect_nps_diff(&a, &b, &d), STATUS_OK);
    CHECK_R(d.estimate, -50, REL);
    CHECK_R(d.lower, -134.86893005571284, REL);
    CHECK_R(d.upper, 34.868930055712852, REL);
    CHECK_R(d.z, -1.1547005383792515, REL);
    CHECK_R(d.p, 0.24821307898992362, REL);
    /* rule 36: both variances 0 keep the estimate and a zero-width interval */
    stats_effect_nps(0, 0, 5, &c);
    CHECK_INT(stats_effect_nps_diff(&b, &c, &d), STATUS_EMPTY);
    CHECK_R(d.estimate, 100, 0);
    CHECK_R(d.lower, 100, 0);
    CHECK_R(d.upper, 100, 0);
    CHECK_NAN(d.z);
    CHECK_NAN(d.p);
    /* a side with nobody */
    stats_effect_nps(0, 0, 0, &none);
    CHECK_INT(stats_effect_nps_diff(&a, &none, &d), STATUS_EMPTY);
    CHECK_NAN(d.estimate);
    CHECK_NAN(d.lower);
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(dz);
    RUN(hedges);
    RUN(alpha);
    RUN(nps);
    RUN(nps_difference);
    return check_done();
}
