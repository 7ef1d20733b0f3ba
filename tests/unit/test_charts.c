/*
 * Unit tests of charts/: every chart against a reference PNG, the
 * disclosure rule that a suppressed row draws nothing, byte-identical
 * output, error statuses, UTF-8 text and degenerate inputs.
 *
 * References live in tests/data/charts/NAME.png (paths relative to the
 * repository top, where tests/run starts us). FLIPSIDE_UPDATE_REFS=1
 * rewrites them; look at every changed image before committing it.
 * FLIPSIDE_CHART_SAMPLES=DIR also writes each chart at twice the size to
 * DIR, for looking at.
 */
#include "tests/check.h"

#include "charts/chart.h"
#include "charts/chart_dot.h"
#include "charts/chart_dumbbell.h"
#include "charts/chart_forest.h"
#include "charts/chart_km.h"
#include "charts/chart_likert.h"
#include "charts/chart_monthly.h"
#include "charts/chart_tiles.h"
#include "common/status.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define REF_DIR "tests/data/charts"
#define PCT { 100, 0, 0, "%" }

/* A pixel differs when a channel moves by more than this ... */
#define PIXEL_TOLERANCE 16
/* ... and an image differs when more than this many pixels do. */
#define PIXELS_ALLOWED 6

static char tmp_dir[256];

/*
 * LeakSanitizer reads its suppressions from this hook. fontconfig leaks a
 * few blocks in any pango program (its config parser, the patterns of
 * pango's font-loading thread); valgrind has the same list in
 * tests/data/charts/fontconfig.supp.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* ---- fixtures ------------------------------------------------------------ */

/* Kaplan-Meier steps, as stats/ would give them (days). */
static const double km_t0[] = { 0, 24, 48, 72, 96, 120, 144, 168, 192, 216, 240, 264, 288,
                                312, 336, 360, 384, 408, 432, 456, 480, 504, 528, 552, 576,
                                600, 624, 648, 672, 696 };
static const double km_s0[] = { 1.0, 0.9895, 0.9788, 0.9741, 0.9741, 0.9705, 0.9549, 0.932,
                                0.9165, 0.9165, 0.9165, 0.9165, 0.9165, 0.8843, 0.8585, 0.8585,
                                0.8585, 0.8585, 0.8585, 0.8464, 0.8073, 0.802, 0.802, 0.802,
                                0.802, 0.802, 0.7646, 0.7469, 0.7469, 0.7469 };
static const double km_l0[] = { NAN, 0.9711, 0.9525, 0.9446, 0.9442, 0.9384, 0.915, 0.8831,
                                0.8621, 0.8614, 0.8607, 0.8601, 0.8594, 0.8174, 0.7848, 0.7839,
                                0.783, 0.782, 0.7811, 0.7654, 0.7176, 0.7102, 0.7091, 0.708,
                                0.7069, 0.7057, 0.6609, 0.6393, 0.638, 0.6367 };
static const double km_u0[] = { NAN, 1, 1, 1, 1, 1, 0.9948, 0.981, 0.971, 0.9717, 0.9723, 0.973,
                                0.9737, 0.9512, 0.9323, 0.9332, 0.9341, 0.935, 0.9359, 0.9274,
                                0.897, 0.8937, 0.8948, 0.8959, 0.8971, 0.8982, 0.8683, 0.8544,
                                0.8557, 0.857 };
static const double km_c0[] = { 15, 38, 61, 84, 107, 130, 153, 176, 199, 222, 245, 268, 291, 314,
                                337, 360, 383, 406, 429, 452, 475, 498, 521, 544, 567, 590, 613,
                                636, 659, 682 };
static const double km_r0[] = { 120, 96, 77, 62, 50 };
static const double km_t1[] = { 0, 31, 55, 79, 103, 127, 151, 175, 199, 223, 247, 271, 295, 319,
                                343, 367, 391, 415, 439, 463, 487, 511, 535, 559, 583, 607, 631,
                                655, 679, 703 };
static const double km_s1[] = { 1.0, 0.977, 0.9589, 0.9518, 0.9518, 0.9472, 0.9203, 0.8819,
                                0.8566, 0.8566, 0.8566, 0.8566, 0.8566, 0.8061, 0.7657, 0.7657,
                                0.7657, 0.7657, 0.7657, 0.748, 0.6892, 0.6814, 0.6814, 0.6814,
                                0.6814, 0.6814, 0.628, 0.603, 0.603, 0.603 };
static const double km_l1[] = { NAN, 0.9664, 0.9447, 0.9364, 0.9362, 0.9307, 0.9001, 0.8575,
                                0.8297, 0.8294, 0.8291, 0.8287, 0.8284, 0.774, 0.7309, 0.7304,
                                0.73, 0.7296, 0.7291, 0.7101, 0.6483, 0.6397, 0.6392, 0.6387,
                                0.6382, 0.6377, 0.5821, 0.556, 0.5554, 0.5549 };
static const double km_u1[] = { NAN, 0.9875, 0.973, 0.9672, 0.9674, 0.9637, 0.9406, 0.9063,
                                0.8834, 0.8837, 0.884, 0.8844, 0.8847, 0.8383, 0.8005, 0.801,
                                0.8014, 0.8018, 0.8023, 0.786, 0.7301, 0.7231, 0.7236, 0.7241,
                                0.7246, 0.7252, 0.6739, 0.6501, 0.6507, 0.6512 };
static const double km_c1[] = { 18, 41, 64, 87, 110, 133, 156, 179, 202, 225, 248, 271, 294, 317,
                                340, 363, 386, 409, 432, 455, 478, 501, 524, 547, 570, 593, 616,
                                639, 662, 685 };
static const double km_r1[] = { 800, 643, 516, 415, 333 };
static const double km_ticks[] = { 0, 6, 12, 18, 24 };

static struct chart_km_series km_series[2];
static struct chart_km km_spec;

static void fixture_km(void)
{
    struct chart_km_series *s = km_series;

    memset(km_series, 0, sizeof km_series);
    s[0].label = "Participants";
    s[0].n = 30;
    s[0].time = km_t0;
    s[0].surv = km_s0;
    s[0].lower = km_l0;
    s[0].upper = km_u0;
    s[0].ncensor = 30;
    s[0].censor = km_c0;
    s[0].end = 730;
    s[0].at_risk = km_r0;
    s[1] = s[0];
    s[1].label = "Non-participants";
    s[1].time = km_t1;
    s[1].surv = km_s1;
    s[1].lower = km_l1;
    s[1].upper = km_u1;
    s[1].censor = km_c1;
    s[1].at_risk = km_r1;
    memset(&km_spec, 0, sizeof km_spec);
    km_spec.title = "Participants stay longer than colleagues who did not take part";
    km_spec.subtitle = "Share still employed by months since the cohort started, with 95% intervals";
    km_spec.note = "Tick marks: people still employed on the as-of date (censored).";
    km_spec.x_title = "Months since the cohort started";
    km_spec.y_title = "Still employed (%)";
    km_spec.unit = CHART_TIME_MONTHS;
    km_spec.nticks = 5;
    km_spec.ticks = km_ticks;
    km_spec.nseries = 2;
    km_spec.series = km_series;
}

static struct chart_dot_row dot_rows[] = {
    { "Gender", 1, 0, { NAN, NAN }, { NAN, NAN }, { NAN, NAN } },
    { "Women", 0, 0, { 0.86, 0.74 }, { 0.79, 0.70 }, { 0.92, 0.78 } },
    { "Men", 0, 0, { 0.81, 0.71 }, { 0.72, 0.66 }, { 0.88, 0.75 } },
    { "Non-binary", 0, 1, { NAN, NAN }, { NAN, NAN }, { NAN, NAN } },
    { "Ethnicity", 1, 0, { NAN, NAN }, { NAN, NAN }, { NAN, NAN } },
    { "Asian or Asian British", 0, 0, { 0.84, 0.72 }, { 0.71, 0.65 }, { 0.93, 0.79 } },
    { "Black, Black British, Caribbean or African", 0, 0, { 0.79, 0.69 }, { 0.62, 0.6 },
      { 0.9, 0.77 } },
    { "Mixed or multiple ethnic groups", 0, 1, { NAN, NAN }, { NAN, NAN }, { NAN, NAN } },
    { "White", 0, 0, { 0.83, 0.73 }, { 0.77, 0.71 }, { 0.88, 0.75 } },
    { "Other (M\xc3\xbcllersch\xc3\xb6n, D\xe2\x80\x99Souza)", 0, 0, { 0.9, NAN }, { 0.9, NAN },
      { 0.9, NAN } },
};
static struct chart_dot dot_spec;

static void fixture_dot(void)
{
    memset(&dot_spec, 0, sizeof dot_spec);
    dot_spec.title = "Retention at 12 months by group";
    dot_spec.subtitle = "Participants and non-participants, with 95% intervals";
    dot_spec.note = "Groups with fewer than 5 people are not shown.";
    dot_spec.x_title = "Still employed at 12 months (%)";
    dot_spec.series_label[0] = "Participants";
    dot_spec.series_label[1] = "Non-participants";
    dot_spec.nseries = 2;
    dot_spec.nrows = sizeof dot_rows / sizeof *dot_rows;
    dot_spec.rows = dot_rows;
    dot_spec.format = (struct chart_number)PCT;
    dot_spec.has_ref = 1;
    dot_spec.ref = 0.78;
    dot_spec.ref_label = "All staff 78%";
}

static const double lk_counts[][5] = {
    { 4, 9, 12, 20, 8 }, { 2, 4, 8, 26, 13 }, { 6, 10, 9, 15, 5 },
    { 3, 5, 7, 22, 18 }, { 10, 12, 8, 6, 2 }, { 5, 9, 11, 14, 6 },
};
static struct chart_likert_bar lk_bars[3][2];
static struct chart_likert_item lk_items[3];
static const char *const lk_points[5] = { "Strongly disagree", "Disagree", "Neither", "Agree",
                                          "Strongly agree" };
static struct chart_likert lk_spec;

static void fixture_likert(void)
{
    static const char *items[3] = { "I feel confident sharing my views with senior leaders",
                                    "I understand the experiences of colleagues from other backgrounds",
                                    "I know who to ask for advice" };

    for (size_t i = 0; i < 3; i++) {
        lk_bars[i][0] = (struct chart_likert_bar){ "Baseline", lk_counts[2 * i], 0 };
        lk_bars[i][1] = (struct chart_likert_bar){ "Exit", lk_counts[2 * i + 1], 0 };
        lk_items[i] = (struct chart_likert_item){ items[i], 2, lk_bars[i] };
    }
    lk_bars[2][1].suppressed = 1;
    memset(&lk_spec, 0, sizeof lk_spec);
    lk_spec.title = "Confidence items at baseline and exit";
    lk_spec.subtitle = "Share of answers to each item";
    lk_spec.npoints = 5;
    lk_spec.point_labels = lk_points;
    lk_spec.nitems = 3;
    lk_spec.items = lk_items;
    lk_spec.show_n = 1;
}

static struct chart_dumbbell_row db_rows[] = {
    { "I feel confident sharing my views with senior leaders", 0, 0, 3.1, 3.8, 0.7, 0.45, 0.95 },
    { "I understand colleagues' experiences", 0, 0, 3.4, 4.1, 0.7, 0.5, 0.9 },
    { "I know who to ask for advice", 0, 0, 3.9, 3.95, 0.05, -0.2, 0.3 },
    { "I can influence decisions in my team", 0, 0, 2.8, 3.2, 0.4, 0.1, 0.7 },
    { "Withheld item", 0, 1, NAN, NAN, NAN, NAN, NAN },
    { "I feel I belong here", 0, 0, 3.6, 3.5, -0.1, -0.35, 0.15 },
};
static struct chart_dumbbell db_spec;

static void fixture_dumbbell(void)
{
    memset(&db_spec, 0, sizeof db_spec);
    db_spec.title = "Confidence rose on most items";
    db_spec.subtitle = "Mean score, baseline and exit, people who answered both";
    db_spec.before_label = "Baseline";
    db_spec.after_label = "Exit";
    db_spec.x_title = "Mean score (1 to 5)";
    db_spec.format = (struct chart_number){ 1, 1, 0, NULL };
    db_spec.x_min = 1;
    db_spec.x_max = 5;
    db_spec.show_change = 1;
    db_spec.change_format = (struct chart_number){ 1, 1, 0, NULL };
    db_spec.nrows = sizeof db_rows / sizeof *db_rows;
    db_spec.rows = db_rows;
}

static const char *const mo_months[12] = { "2025-10", "2025-11", "2025-12", "2026-01",
                                           "2026-02", "2026-03", "2026-04", "2026-05",
                                           "2026-06", "2026-07", "2026-08", "2026-09" };
static const double mo_sessions[12] = { 42, 51, 38, 60, 64, 71, 69, NAN, 74, 55, 62, 80 };
static const double mo_pairs[12] = { 30, 34, 29, 41, 44, 47, 46, NAN, 50, 40, 43, 52 };
static struct chart_monthly mo_spec;

static void fixture_monthly(void)
{
    memset(&mo_spec, 0, sizeof mo_spec);
    mo_spec.title = "Sessions held and active pairs, last 12 months";
    mo_spec.subtitle = "An active pair held at least one session in the month";
    mo_spec.nmonths = 12;
    mo_spec.months = mo_months;
    mo_spec.sessions = mo_sessions;
    mo_spec.pairs = mo_pairs;
}

static struct chart_forest_row fo_rows[] = {
    { "Retention", 1, 0, NAN, NAN, NAN, NULL },
    { "12-month retention", 0, 0, 0.12, -0.03, 0.27, NULL },
    { "Active pairs", 0, 0, 0.08, 0.01, 0.15, NULL },
    { "Confidence and satisfaction", 1, 0, NAN, NAN, NAN, NULL },
    { "Confidence change (Hedges' g)", 0, 0, 0.21, 0.02, 0.40, NULL },
    { "Satisfaction (Hedges' g)", 0, 0, -0.05, -0.31, 0.21, NULL },
    { "Small group", 0, 1, NAN, NAN, NAN, NULL },
    { "Net promoter score / 100", 0, 0, 0.04, 0.04, 0.04, NULL },
};
static struct chart_forest fo_spec;

static struct chart_forest_row hr_rows[] = {
    { "Participants (all)", 0, 0, 0.72, 0.55, 0.94, NULL },
    { "Mentors", 0, 0, 0.81, 0.52, 1.27, NULL },
    { "Mentees", 0, 0, 0.66, 0.47, 0.93, NULL },
};
static struct chart_forest hr_spec;

static void fixture_forest(void)
{
    memset(&fo_spec, 0, sizeof fo_spec);
    fo_spec.title = "Full-scale cohort against the pilot";
    fo_spec.subtitle = "Differences with 95% intervals";
    fo_spec.x_title = "Difference (full-scale minus pilot)";
    fo_spec.label_title = "Measure";
    fo_spec.left_note = "pilot higher";
    fo_spec.right_note = "full-scale higher";
    fo_spec.format = (struct chart_number){ 1, 2, 0, NULL };
    fo_spec.nrows = sizeof fo_rows / sizeof *fo_rows;
    fo_spec.rows = fo_rows;

    memset(&hr_spec, 0, sizeof hr_spec);
    hr_spec.title = "Hazard of leaving: participants against the comparison group";
    hr_spec.x_title = "Hazard ratio, adjusted (log scale)";
    hr_spec.text_title = "Hazard ratio (95% CI)";
    hr_spec.left_note = "participants stay longer";
    hr_spec.right_note = "participants leave sooner";
    hr_spec.format = (struct chart_number){ 1, 2, 0, NULL };
    hr_spec.log_scale = 1;
    hr_spec.nrows = sizeof hr_rows / sizeof *hr_rows;
    hr_spec.rows = hr_rows;
}

static struct chart_tile ti_tiles[] = {
    { "Still employed after 12 months", "84%", "95% CI 78% to 89%", "up 4 points on 2026-Q2",
      CHART_TREND_UP, CHART_UP_IS_GOOD,
      "Participants were more likely to stay than similar colleagues (72%)." },
    { "Confidence change", "+0.42", "95% CI 0.25 to 0.59", "down 0.05 on 2026-Q2",
      CHART_TREND_DOWN, CHART_UP_IS_GOOD,
      "Scores rose between the baseline and exit surveys on a 1 to 5 scale." },
    { "Net promoter score", "+38", "95% CI +21 to +55", "no change on 2026-Q2", CHART_TREND_FLAT,
      CHART_UP_IS_GOOD, "More participants would recommend the programme than would not." },
    { "Cancelled sessions", "12%", "95% CI 9% to 15%", "up 3 points on 2026-Q2", CHART_TREND_UP,
      CHART_UP_IS_BAD, "One session in eight was cancelled or missed." },
    { "Active pairs", "52 of 60", "87% of live pairs", NULL, CHART_TREND_NONE,
      CHART_POLARITY_NEUTRAL, "Most pairs met at least once in the last month." },
    { "Contact hours", "1,284", NULL, "up 210 hours on 2026-Q2", CHART_TREND_UP,
      CHART_POLARITY_NEUTRAL,
      "A very long sentence that keeps going to check that wrapping and ellipsizing work when "
      "the tile runs out of room for all these words." },
};
static struct chart_tiles ti_spec;

static void fixture_tiles(void)
{
    memset(&ti_spec, 0, sizeof ti_spec);
    ti_spec.title = "Headline figures, 2026-Q3";
    ti_spec.ntiles = sizeof ti_tiles / sizeof *ti_tiles;
    ti_spec.tiles = ti_tiles;
}

static void fixtures(void)
{
    fixture_km();
    fixture_dot();
    fixture_likert();
    fixture_dumbbell();
    fixture_monthly();
    fixture_forest();
    fixture_tiles();
}

/* ---- images ---------------------------------------------------------------- */

static int env_set(const char *name)
{
    const char *v = getenv(name);

    return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

static void tmp_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", tmp_dir, name);
}

/* 1 when the two files hold the same bytes. */
static int same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa != NULL && fb != NULL;

    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);

        if (ca != cb)
            same = 0;
        if (ca == EOF || cb == EOF)
            break;
    }
    if (fa != NULL)
        fclose(fa);
    if (fb != NULL)
        fclose(fb);
    return same;
}

/*
 * How many pixels of two PNGs differ by more than PIXEL_TOLERANCE in a
 * channel; -1 when either cannot be read or the sizes differ.
 */
static long png_diff(const char *a, const char *b)
{
    cairo_surface_t *sa = cairo_image_surface_create_from_png(a);
    cairo_surface_t *sb = cairo_image_surface_create_from_png(b);
    long count = -1;

    if (cairo_surface_status(sa) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_status(sb) != CAIRO_STATUS_SUCCESS)
        goto out;
    if (cairo_image_surface_get_width(sa) != cairo_image_surface_get_width(sb) ||
        cairo_image_surface_get_height(sa) != cairo_image_surface_get_height(sb))
        goto out;
    count = 0;
    for (int yy = 0; yy < cairo_image_surface_get_height(sa); yy++) {
        const uint32_t *ra = (const uint32_t *)(cairo_image_surface_get_data(sa) +
                                                yy * cairo_image_surface_get_stride(sa));
        const uint32_t *rb = (const uint32_t *)(cairo_image_surface_get_data(sb) +
                                                yy * cairo_image_surface_get_stride(sb));

        for (int xx = 0; xx < cairo_image_surface_get_width(sa); xx++)
            for (int sh = 0; sh < 24; sh += 8) {
                int ca = (int)((ra[xx] >> sh) & 0xFF), cb = (int)((rb[xx] >> sh) & 0xFF);

                if (abs(ca - cb) > PIXEL_TOLERANCE) {
                    count++;
                    break;
                }
            }
    }
out:
    cairo_surface_destroy(sa);
    cairo_surface_destroy(sb);
    return count;
}

struct ref_case {
    const char *name;
    chart_draw_fn *draw;
    const void *spec;
    double w, h;
};

/*
 * Render a case to PNG and compare it with its reference. With
 * FLIPSIDE_UPDATE_REFS set, the reference is rewritten instead.
 */
static void check_ref(const struct ref_case *c)
{
    char ref[512], got[512], keep[512];
    long diff;

    snprintf(ref, sizeof ref, "%s/%s.png", REF_DIR, c->name);
    if (env_set("FLIPSIDE_CHART_SAMPLES")) {
        char sample[512];

        snprintf(sample, sizeof sample, "%s/%s.png", getenv("FLIPSIDE_CHART_SAMPLES"), c->name);
        CHECK_INT(chart_write_png(sample, c->w, c->h, 2, c->draw, c->spec), STATUS_OK);
        snprintf(sample, sizeof sample, "%s/%s.svg", getenv("FLIPSIDE_CHART_SAMPLES"), c->name);
        CHECK_INT(chart_write_svg(sample, c->w, c->h, c->draw, c->spec), STATUS_OK);
    }
    if (env_set("FLIPSIDE_UPDATE_REFS")) {
        CHECK_INT(chart_write_png(ref, c->w, c->h, 1, c->draw, c->spec), STATUS_OK);
        return;
    }
    snprintf(got, sizeof got, "%s/%s.png", tmp_dir, c->name);
    CHECK_INT(chart_write_png(got, c->w, c->h, 1, c->draw, c->spec), STATUS_OK);
    if (access(ref, R_OK) != 0) {
        check_fail(__FILE__, __LINE__, "%s: no reference (run with FLIPSIDE_UPDATE_REFS=1)", ref);
        return;
    }
    diff = png_diff(got, ref);
    if (diff == 0 || (diff > 0 && diff <= PIXELS_ALLOWED))
        return;
    /* keep the image for looking at */
    snprintf(keep, sizeof keep, "%s/flipside-chart-%s.png",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp", c->name);
    chart_write_png(keep, c->w, c->h, 1, c->draw, c->spec);
    check_fail(__FILE__, __LINE__, "%s: %ld pixels differ from %s (actual kept in %s)", c->name,
               diff, ref, keep);
}

/* ---- degenerate fixtures ---------------------------------------------------- */

static const double nan3[3] = { NAN, NAN, NAN };
static const double nan5[5] = { NAN, NAN, NAN, NAN, NAN };
static const double one_t[1] = { 0 };
static const double one_s[1] = { 1 };

static struct chart_km km_empty;
static struct chart_km_series km_nan_series[1];
static struct chart_km km_nan;
static struct chart_km_series km_one_series[1];
static struct chart_km km_one;
static struct chart_dot_row dot_many_rows[200];
static struct chart_dot dot_many;
static struct chart_dot_row dot_long_rows[3];
static struct chart_dot dot_long;
static struct chart_dot_row dot_all_suppressed_rows[2];
static struct chart_dot dot_all_suppressed;

static const char long_label[] =
    "A very long group label that goes on and on, naming M\xc3\xbcllersch\xc3\xb6n, "
    "D\xe2\x80\x99Souza and everyone else in the department of extremely long names";

static void fixtures_degenerate(void)
{
    memset(&km_empty, 0, sizeof km_empty);
    km_empty.title = "No series at all";

    memset(km_nan_series, 0, sizeof km_nan_series);
    km_nan_series[0].label = "All missing";
    km_nan_series[0].n = 3;
    km_nan_series[0].time = nan3;
    km_nan_series[0].surv = nan3;
    km_nan_series[0].lower = nan3;
    km_nan_series[0].upper = nan3;
    km_nan_series[0].end = NAN;
    km_nan = km_empty;
    km_nan.title = "All values missing";
    km_nan.nseries = 1;
    km_nan.series = km_nan_series;

    memset(km_one_series, 0, sizeof km_one_series);
    km_one_series[0].label = "One point";
    km_one_series[0].n = 1;
    km_one_series[0].time = one_t;
    km_one_series[0].surv = one_s;
    km_one_series[0].end = NAN;
    km_one = km_empty;
    km_one.title = "One point only";
    km_one.nseries = 1;
    km_one.series = km_one_series;

    for (size_t i = 0; i < 200; i++) {
        dot_many_rows[i].label = long_label;
        dot_many_rows[i].header = i % 25 == 0;
        dot_many_rows[i].suppressed = i % 7 == 3;
        dot_many_rows[i].est[0] = 0.5 + 0.002 * (double)i;
        dot_many_rows[i].lo[0] = dot_many_rows[i].est[0] - 0.05;
        dot_many_rows[i].hi[0] = dot_many_rows[i].est[0] + 0.05;
        dot_many_rows[i].est[1] = NAN;
        dot_many_rows[i].lo[1] = NAN;
        dot_many_rows[i].hi[1] = NAN;
    }
    memset(&dot_many, 0, sizeof dot_many);
    dot_many.title = "Two hundred rows";
    dot_many.nrows = 200;
    dot_many.rows = dot_many_rows;
    dot_many.format = (struct chart_number)PCT;

    /* zero-width intervals, one value, a very long label */
    dot_long_rows[0] = (struct chart_dot_row){ long_label, 0, 0, { 0.5, 0.5 }, { 0.5, 0.5 },
                                               { 0.5, 0.5 } };
    dot_long_rows[1] = (struct chart_dot_row){ "Zero-width", 0, 0, { 0.5, NAN }, { 0.5, NAN },
                                               { 0.5, NAN } };
    dot_long_rows[2] = (struct chart_dot_row){ long_label, 0, 1, { NAN, NAN }, { NAN, NAN },
                                               { NAN, NAN } };
    memset(&dot_long, 0, sizeof dot_long);
    dot_long.title = long_label;
    dot_long.subtitle = long_label;
    dot_long.series_label[0] = long_label;
    dot_long.series_label[1] = "Second";
    dot_long.nseries = 2;
    dot_long.nrows = 3;
    dot_long.rows = dot_long_rows;
    dot_long.format = (struct chart_number)PCT;

    dot_all_suppressed_rows[0] = (struct chart_dot_row){ "Women", 0, 1, { NAN, NAN },
                                                         { NAN, NAN }, { NAN, NAN } };
    dot_all_suppressed_rows[1] = dot_all_suppressed_rows[0];
    dot_all_suppressed_rows[1].label = "Men";
    memset(&dot_all_suppressed, 0, sizeof dot_all_suppressed);
    dot_all_suppressed.title = "Every group withheld";
    dot_all_suppressed.nrows = 2;
    dot_all_suppressed.rows = dot_all_suppressed_rows;
    dot_all_suppressed.format = (struct chart_number)PCT;
}

/* ---- tests ---------------------------------------------------------------- */

static void reference_images(void)
{
    const struct ref_case cases[] = {
        { "km", chart_km_draw_cb, &km_spec, 480, 330 },
        { "dot", chart_dot_draw_cb, &dot_spec, 480, 300 },
        { "likert", chart_likert_draw_cb, &lk_spec, 480, 210 },
        { "dumbbell", chart_dumbbell_draw_cb, &db_spec, 480, 190 },
        { "monthly", chart_monthly_draw_cb, &mo_spec, 480, 280 },
        { "forest", chart_forest_draw_cb, &fo_spec, 480, 240 },
        { "forest_ratio", chart_forest_draw_cb, &hr_spec, 480, 150 },
        { "tiles", chart_tiles_draw_cb, &ti_spec, 480, 290 },
        { "km_empty", chart_km_draw_cb, &km_empty, 300, 160 },
        { "dot_many", chart_dot_draw_cb, &dot_many, 480, 300 },
        { "dot_long", chart_dot_draw_cb, &dot_long, 300, 160 },
        { "dot_all_suppressed", chart_dot_draw_cb, &dot_all_suppressed, 300, 120 },
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_ref(&cases[i]);
}

static void reference_variants(void)
{
    static double g_surv[5][30], g_lower[5][30], g_upper[5][30];
    struct chart_km_series groups[5];
    struct chart_km by_group = km_spec;
    struct chart_km zoom = km_spec;
    struct chart_km days = km_spec;
    struct chart_dot bars = dot_spec;

    zoom.y_min = 0.5;
    zoom.y_max = 1;
    zoom.hide_bands = 1;
    days.unit = CHART_TIME_DAYS;
    days.nticks = 0;
    days.ticks = NULL;
    days.x_title = NULL;
    days.y_title = NULL;
    /* five groups, as for retention by ethnicity; one without intervals */
    static const char *names[5] = { "Asian or Asian British", "Black, Black British, Caribbean or African",
                                    "Mixed or multiple ethnic groups", "White", "Other ethnic group" };
    for (size_t i = 0; i < 5; i++) {
        /* each group leaves at its own pace: 1 - S scaled */
        double k = 0.6 + 0.25 * (double)i;

        for (size_t j = 0; j < 30; j++) {
            g_surv[i][j] = 1 - (1 - km_s0[j]) * k;
            g_lower[i][j] = 1 - (1 - km_l0[j]) * k;
            g_upper[i][j] = 1 - (1 - km_u0[j]) * k;
        }
        groups[i] = km_series[0];
        groups[i].surv = g_surv[i];
        groups[i].lower = g_lower[i];
        groups[i].upper = g_upper[i];
        groups[i].label = names[i];
        groups[i].n = 30 - 4 * i;
        groups[i].end = 700 - 60 * (double)i;
    }
    groups[4].lower = NULL;
    groups[4].upper = NULL;
    by_group.series = groups;
    by_group.nseries = 5;
    by_group.title = "Retention by ethnic group";
    by_group.subtitle = NULL;
    by_group.note = NULL;
    bars.bars = 1;
    bars.show_values = 1;
    bars.has_ref = 0;
    {
        const struct ref_case cases[] = {
            { "km_zoom", chart_km_draw_cb, &zoom, 480, 330 },
            { "km_groups", chart_km_draw_cb, &by_group, 480, 360 },
            { "km_days", chart_km_draw_cb, &days, 400, 240 },
            { "dot_bars", chart_dot_draw_cb, &bars, 480, 300 },
        };

        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
            check_ref(&cases[i]);
    }
}

/* An image of w x h points at scale 1 with the chart drawn on white. */
static cairo_surface_t *render(chart_draw_fn *draw, const void *spec, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw(cr, 0, 0, w, h, spec);
    CHECK_INT(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    const unsigned char *row = cairo_image_surface_get_data(s) +
                               y * cairo_image_surface_get_stride(s);

    return ((const uint32_t *)row)[x] & 0xFFFFFF;
}

/*
 * Draw a chart twice: with one row suppressed (a) and with that row shown,
 * its interval spanning (most of) the axis (b); the layout must be the same.
 * The pixels b draws and a does not mark out the row's band; their
 * horizontal runs of 40 pixels or more span the data area, from the first
 * run's start to the last run's end. In a, that stretch of the band must be
 * pure background (a pixel's margin above and below is left for
 * antialiasing at the band's edges), and a must draw something of its own
 * in the band (the "fewer than 5" text).
 */
static void check_suppressed_blank(chart_draw_fn *draw, const void *spec_a, const void *spec_b,
                                   int w, int h)
{
    cairo_surface_t *a = render(draw, spec_a, w, h);
    cairo_surface_t *b = render(draw, spec_b, w, h);
    int y0 = h, y1 = -1, x0 = w, x1 = -1, background = 1, note = 0;

    for (int yy = 0; yy < h; yy++)
        for (int xx = 0; xx < w; xx++)
            if (pixel(b, xx, yy) != 0xFFFFFF && pixel(a, xx, yy) == 0xFFFFFF) {
                if (yy < y0)
                    y0 = yy;
                if (yy > y1)
                    y1 = yy;
            }
    CHECK(y1 - y0 >= 4);
    for (int yy = y0; yy <= y1; yy++) {
        int run = 0;

        for (int xx = 0; xx <= w; xx++) {
            if (xx < w && pixel(b, xx, yy) != 0xFFFFFF && pixel(a, xx, yy) == 0xFFFFFF) {
                run++;
                continue;
            }
            if (run >= 40) {
                if (xx - run < x0)
                    x0 = xx - run;
                if (xx - 1 > x1)
                    x1 = xx - 1;
            }
            run = 0;
        }
    }
    CHECK(x1 > x0);
    for (int yy = y0; yy <= y1; yy++)
        for (int xx = 0; xx < w; xx++) {
            uint32_t pa = pixel(a, xx, yy);

            if (xx >= x0 && xx <= x1 && yy > y0 && yy < y1 && pa != 0xFFFFFF)
                background = 0;
            if (pa != 0xFFFFFF && pixel(b, xx, yy) == 0xFFFFFF)
                note = 1;
        }
    CHECK(background);
    CHECK(note);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
}

static void suppressed_rows_draw_nothing(void)
{
    struct chart_dot_row rows_a[3], rows_b[3];
    struct chart_dot a = dot_spec, b;
    struct chart_forest_row frows_a[3], frows_b[3];
    struct chart_forest fa = fo_spec, fb;
    struct chart_dumbbell_row drows_a[3], drows_b[3];
    struct chart_dumbbell da = db_spec, dbb;

    /* dot: the last of three rows, two series, gridlines and a reference line */
    rows_a[0] = dot_rows[6];
    rows_a[1] = dot_rows[2];
    rows_a[2] = dot_rows[3];
    memcpy(rows_b, rows_a, sizeof rows_b);
    rows_b[2] = (struct chart_dot_row){ "Non-binary", 0, 0, { 0.8, 0.8 }, { 0.6, 0.6 },
                                        { 1.0, 1.0 } };
    a.rows = rows_a;
    a.nrows = 3;
    a.x_min = 0.6;
    a.x_max = 1.0;
    b = a;
    b.rows = rows_b;
    check_suppressed_blank(chart_dot_draw_cb, &a, &b, 480, 200);
    /* and a suppressed row between two others */
    rows_a[1] = dot_rows[3];
    rows_a[2] = dot_rows[2];
    rows_b[1] = rows_b[2];
    rows_b[2] = dot_rows[2];
    check_suppressed_blank(chart_dot_draw_cb, &a, &b, 480, 200);

    /* forest: zero line and gridlines */
    memcpy(frows_a, &fo_rows[4], sizeof frows_a);
    memcpy(frows_b, frows_a, sizeof frows_b);
    frows_b[2] = (struct chart_forest_row){ "Small group", 0, 0, 0, -0.4, 0.4, NULL };
    fa.rows = frows_a;
    fa.nrows = 3;
    fa.x_min = -0.4;
    fa.x_max = 0.4;
    fb = fa;
    fb.rows = frows_b;
    check_suppressed_blank(chart_forest_draw_cb, &fa, &fb, 480, 160);

    /* dumbbell with its change panel */
    memcpy(drows_a, &db_rows[3], sizeof drows_a);
    memcpy(drows_b, drows_a, sizeof drows_b);
    drows_b[1] = (struct chart_dumbbell_row){ "Withheld item", 0, 0, 1, 5, 0.1, -0.3, 0.6 };
    da.rows = drows_a;
    da.nrows = 3;
    dbb = da;
    dbb.rows = drows_b;
    check_suppressed_blank(chart_dumbbell_draw_cb, &da, &dbb, 480, 160);
}

static void output_is_deterministic(void)
{
    char p1[512], p2[512], s1[512], s2[512];
    cairo_surface_t *noise;

    tmp_path(p1, sizeof p1, "twice-1.png");
    tmp_path(p2, sizeof p2, "twice-2.png");
    tmp_path(s1, sizeof s1, "twice-1.svg");
    tmp_path(s2, sizeof s2, "twice-2.svg");
    CHECK_INT(chart_write_png(p1, 480, 330, 2, chart_km_draw_cb, &km_spec), STATUS_OK);
    CHECK_INT(chart_write_svg(s1, 480, 330, chart_km_draw_cb, &km_spec), STATUS_OK);
    /* other surfaces in between move cairo's process-wide counters */
    noise = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    cairo_surface_destroy(noise);
    CHECK_INT(chart_write_svg(s2, 480, 330, chart_km_draw_cb, &km_spec), STATUS_OK);
    CHECK_INT(chart_write_png(p2, 480, 330, 2, chart_km_draw_cb, &km_spec), STATUS_OK);
    CHECK(same_bytes(p1, p2));
    CHECK(same_bytes(s1, s2));
    CHECK_INT(chart_write_svg(s1, 480, 290, chart_tiles_draw_cb, &ti_spec), STATUS_OK);
    CHECK_INT(chart_write_svg(s2, 480, 290, chart_tiles_draw_cb, &ti_spec), STATUS_OK);
    CHECK(same_bytes(s1, s2));
    remove(p1);
    remove(p2);
    remove(s1);
    remove(s2);
}

/* A draw callback that leaves cairo in an error state. */
static void draw_broken(cairo_t *cr, double x, double y, double w, double h, const void *spec)
{
    (void)x;
    (void)y;
    (void)w;
    (void)h;
    (void)spec;
    cairo_restore(cr);
}

static void write_errors(void)
{
    char path[512];
    const char *missing = "tests/data/charts/no-such-folder/km.png";

    err_clear();
    CHECK_INT(chart_write_png(missing, 100, 100, 1, chart_km_draw_cb, &km_spec), STATUS_IO);
    CHECK(strstr(err_msg(), missing) != NULL);
    CHECK(strstr(err_msg(), "No such file") != NULL);
    CHECK_INT(chart_write_svg(missing, 100, 100, chart_km_draw_cb, &km_spec), STATUS_IO);
    CHECK(strstr(err_msg(), missing) != NULL);
    /* a folder where the file should be */
    CHECK_INT(chart_write_png("tests/unit", 100, 100, 1, chart_km_draw_cb, &km_spec), STATUS_IO);
    CHECK(strstr(err_msg(), "tests/unit") != NULL);
    /* cairo's own errors become STATUS_RENDER, and nothing is left behind */
    tmp_path(path, sizeof path, "broken.png");
    CHECK_INT(chart_write_png(path, 100, 100, 1, draw_broken, NULL), STATUS_RENDER);
    CHECK(strstr(err_msg(), "broken.png") != NULL);
    CHECK(access(path, F_OK) != 0);
    tmp_path(path, sizeof path, "broken.svg");
    CHECK_INT(chart_write_svg(path, 100, 100, draw_broken, NULL), STATUS_RENDER);
    CHECK(access(path, F_OK) != 0);
    /* sizes */
    tmp_path(path, sizeof path, "size.png");
    CHECK_INT(chart_write_png(path, 0, 100, 1, chart_km_draw_cb, &km_spec), STATUS_USAGE);
    CHECK_INT(chart_write_png(path, NAN, 100, 1, chart_km_draw_cb, &km_spec), STATUS_USAGE);
    CHECK_INT(chart_write_png(path, 100, 100, 1e6, chart_km_draw_cb, &km_spec), STATUS_USAGE);
    CHECK_INT(chart_write_svg(NULL, 100, 100, chart_km_draw_cb, &km_spec), STATUS_USAGE);
    err_clear();
}

static void utf8_text(void)
{
    static const char *names[] = {
        "M\xc3\xbcllersch\xc3\xb6n", "D\xe2\x80\x99Souza", "D'Souza", "\xc5\x81ukasz \xc5\xbb\xc3\xb3\xc5\x82w",
        "\xc3\x93lafsd\xc3\xb3ttir", "\xce\x94\xce\xb7\xce\xbc\xce\xae\xcf\x84\xcf\x81\xce\xb7\xcf\x82",
        "\xd0\x9e\xd0\xbb\xd1\x8c\xd0\xb3\xd0\xb0", "Nguy\xe1\xbb\x85n", "0.12 (\xe2\x88\x92" "0.03 to 0.27)",
        "fewer than 5 \xe2\x80\x93 n/a \xe2\x80\xa6",
    };
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
    cairo_t *cr = cairo_create(s);
    struct chart_font f = chart_font_make(CHART_SIZE_TEXT, CHART_INK);
    double w, h;

    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (chart_text_unknown_glyphs(cr, names[i], &f) != 0)
            check_fail(__FILE__, __LINE__, "\"%s\" has glyphs missing from the fonts", names[i]);
        f.bold = 1;
        CHECK_INT(chart_text_unknown_glyphs(cr, names[i], &f), 0);
        f.bold = 0;
    }
    /* a Chinese name needs a CJK font besides DejaVu: say so when there is none */
    if (chart_text_unknown_glyphs(cr, "\xe6\x9d\x8e", &f) != 0)
        printf("# note: no font for Chinese text (\xe6\x9d\x8e): install fonts-wqy-microhei "
               "or fonts-noto-cjk\n");
    /* invalid UTF-8 is drawn with replacements, never crashes */
    chart_text_size(cr, "bad \xc3 byte \xff", &f, &w, &h);
    CHECK(w > 0 && h > 0);
    chart_text_size(cr, NULL, &f, &w, &h);
    CHECK(w == 0 && h == 0);
    CHECK_INT(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* Every chart with nothing or nonsense to draw: no crash, no cairo error. */
static void degenerate_inputs(void)
{
    struct chart_dot dot_none = dot_spec;
    struct chart_likert lk_none = lk_spec;
    struct chart_likert lk_bad_points = lk_spec;
    struct chart_likert_bar zero_bar[1] = { { "Exit", nan5, 0 } };
    struct chart_likert_item zero_item[1] = { { long_label, 1, zero_bar } };
    struct chart_likert lk_zero = lk_spec;
    struct chart_dumbbell db_none = db_spec;
    struct chart_monthly mo_nan = mo_spec;
    struct chart_monthly mo_one = mo_spec;
    struct chart_forest fo_none = fo_spec;
    struct chart_forest fo_bad_log = hr_spec;
    struct chart_forest_row bad_log_rows[2] = { { "Negative", 0, 0, -1, -2, 0, NULL },
                                                { "Zero", 0, 0, 0, 0, 0, NULL } };
    struct chart_tiles ti_none = ti_spec;
    struct chart_tiles ti_many = ti_spec;
    double mo_nan_values[12];
    const struct ref_case cases[] = {
        { "km_nan", chart_km_draw_cb, &km_nan, 300, 200 },
        { "km_one", chart_km_draw_cb, &km_one, 300, 200 },
        { "dot_none", chart_dot_draw_cb, &dot_none, 300, 200 },
        { "lk_none", chart_likert_draw_cb, &lk_none, 300, 200 },
        { "lk_bad_points", chart_likert_draw_cb, &lk_bad_points, 300, 200 },
        { "lk_zero", chart_likert_draw_cb, &lk_zero, 300, 200 },
        { "db_none", chart_dumbbell_draw_cb, &db_none, 300, 200 },
        { "mo_nan", chart_monthly_draw_cb, &mo_nan, 300, 200 },
        { "mo_one", chart_monthly_draw_cb, &mo_one, 300, 200 },
        { "fo_none", chart_forest_draw_cb, &fo_none, 300, 200 },
        { "fo_bad_log", chart_forest_draw_cb, &fo_bad_log, 300, 200 },
        { "ti_none", chart_tiles_draw_cb, &ti_none, 300, 200 },
        { "ti_many", chart_tiles_draw_cb, &ti_many, 120, 90 },
        { "km_tiny", chart_km_draw_cb, &km_spec, 40, 30 },
        { "dot_tiny", chart_dot_draw_cb, &dot_spec, 40, 30 },
        { "lk_tiny", chart_likert_draw_cb, &lk_spec, 40, 30 },
        { "db_tiny", chart_dumbbell_draw_cb, &db_spec, 40, 30 },
        { "mo_tiny", chart_monthly_draw_cb, &mo_spec, 40, 30 },
        { "fo_tiny", chart_forest_draw_cb, &fo_spec, 40, 30 },
        { "ti_tiny", chart_tiles_draw_cb, &ti_spec, 40, 30 },
    };

    dot_none.nrows = 0;
    lk_none.nitems = 0;
    lk_bad_points.npoints = 99;
    lk_zero.nitems = 1;
    lk_zero.items = zero_item;
    db_none.rows = NULL;
    for (size_t i = 0; i < 12; i++)
        mo_nan_values[i] = NAN;
    mo_nan.sessions = mo_nan_values;
    mo_nan.pairs = NULL;
    mo_one.nmonths = 1;
    fo_none.nrows = 0;
    fo_bad_log.rows = bad_log_rows;
    fo_bad_log.nrows = 2;
    ti_none.ntiles = 0;
    ti_many.columns = 9;

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cairo_surface_t *s = render(cases[i].draw, cases[i].spec, (int)cases[i].w,
                                    (int)cases[i].h);
        int inked = 0;

        for (int yy = 0; yy < (int)cases[i].h && !inked; yy++)
            for (int xx = 0; xx < (int)cases[i].w; xx++)
                if (pixel(s, xx, yy) != 0xFFFFFF) {
                    inked = 1;
                    break;
                }
        /* something (a title or a message) is drawn unless the box is tiny */
        if (!inked && cases[i].w > 100)
            check_fail(__FILE__, __LINE__, "%s drew nothing at all", cases[i].name);
        cairo_surface_destroy(s);
    }
    /* a NULL spec, an empty or non-finite box and a NULL cairo_t are ignored */
    {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
        cairo_t *cr = cairo_create(s);

        chart_km_draw(cr, 0, 0, 10, 10, NULL);
        chart_dot_draw(cr, 0, 0, 0, 10, &dot_spec);
        chart_forest_draw(cr, NAN, 0, 10, 10, &fo_spec);
        chart_tiles_draw(NULL, 0, 0, 10, 10, &ti_spec);
        CHECK_INT(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
    }
}

/* A small deterministic generator for the scrambled inputs below. */
static uint64_t lcg_state = 42;

static double lcg_value(void)
{
    static const double odd[] = { NAN, INFINITY, -INFINITY, 0, -0.0, 1e308, -1e308, 1e-308, 1 };
    double u;

    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    u = (double)(lcg_state >> 11) / 9007199254740992.0;
    if (u < 0.15)
        return odd[(lcg_state >> 5) % (sizeof odd / sizeof *odd)];
    return u * 4 - 1;
}

/* Every chart with scrambled numbers (NAN, infinities, huge, unsorted): no
 * crash, no cairo error, no endless loop. */
static void scrambled_inputs(void)
{
    enum { N = 24 };
    static double v[8][N];
    static struct chart_dot_row drows[N];
    static struct chart_forest_row frows[N];
    static struct chart_dumbbell_row brows[N];
    static const char *labels[N];
    struct chart_km_series ks[3];
    struct chart_likert_bar lbar[2];
    struct chart_likert_item litem[1];

    for (int round = 0; round < 40; round++) {
        struct chart_km km = km_spec;
        struct chart_dot dot = dot_spec;
        struct chart_forest fo = fo_spec;
        struct chart_dumbbell db = db_spec;
        struct chart_likert lk = lk_spec;
        struct chart_monthly mo = mo_spec;
        size_t n = (size_t)(round % N) + 1;

        for (size_t k = 0; k < 8; k++)
            for (size_t i = 0; i < N; i++)
                v[k][i] = lcg_value();
        for (size_t i = 0; i < N; i++) {
            labels[i] = i % 3 == 0 ? long_label : "x";
            drows[i] = (struct chart_dot_row){ labels[i], i % 5 == 0, i % 4 == 1,
                                               { v[0][i], v[1][i] }, { v[2][i], v[3][i] },
                                               { v[4][i], v[5][i] } };
            frows[i] = (struct chart_forest_row){ labels[i], i % 5 == 0, i % 4 == 1, v[0][i],
                                                  v[1][i], v[2][i], NULL };
            brows[i] = (struct chart_dumbbell_row){ labels[i], i % 5 == 0, i % 4 == 1, v[0][i],
                                                    v[1][i], v[2][i], v[3][i], v[4][i] };
        }
        for (size_t j = 0; j < 3; j++) {
            memset(&ks[j], 0, sizeof ks[j]);
            ks[j].label = labels[j];
            ks[j].n = n;
            ks[j].time = v[j];
            ks[j].surv = v[j + 1];
            ks[j].lower = v[j + 2];
            ks[j].upper = v[j + 3];
            ks[j].ncensor = n;
            ks[j].censor = v[j + 4];
            ks[j].end = v[7][j];
            ks[j].at_risk = v[6];
        }
        km.series = ks;
        km.nseries = 3;
        km.x_max = v[7][3];
        km.y_min = v[7][4];
        km.y_max = v[7][5];
        km.unit = round % 2 ? CHART_TIME_DAYS : CHART_TIME_MONTHS;
        km.nticks = round % 3 == 0 ? 0 : 5;
        km.ticks = v[5];
        dot.rows = drows;
        dot.nrows = n;
        dot.bars = round % 2;
        dot.show_values = 1;
        dot.x_min = v[7][6];
        dot.x_max = v[7][7];
        dot.ref = v[7][8];
        fo.rows = frows;
        fo.nrows = n;
        fo.log_scale = round % 2;
        fo.ref = v[7][9];
        db.rows = brows;
        db.nrows = n;
        db.x_min = v[7][10];
        db.x_max = v[7][11];
        lbar[0] = (struct chart_likert_bar){ "a", v[0], 0 };
        lbar[1] = (struct chart_likert_bar){ "b", v[1], round % 3 == 0 };
        litem[0] = (struct chart_likert_item){ long_label, 2, lbar };
        lk.items = litem;
        lk.nitems = 1;
        lk.npoints = (size_t)(round % 11) + 1;
        lk.point_labels = NULL;
        mo.sessions = v[2];
        mo.pairs = v[3];
        mo.nmonths = n < 12 ? n : 12;
        {
            const struct ref_case cases[] = {
                { "km", chart_km_draw_cb, &km, 240, 180 },
                { "dot", chart_dot_draw_cb, &dot, 240, 180 },
                { "forest", chart_forest_draw_cb, &fo, 240, 180 },
                { "dumbbell", chart_dumbbell_draw_cb, &db, 240, 180 },
                { "likert", chart_likert_draw_cb, &lk, 240, 180 },
                { "monthly", chart_monthly_draw_cb, &mo, 240, 180 },
            };

            for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
                cairo_surface_destroy(render(cases[c].draw, cases[c].spec, (int)cases[c].w,
                                             (int)cases[c].h));
        }
    }
}

static void numbers_and_axes(void)
{
    char out[CHART_NUMBER_MAX];
    struct chart_number pct = PCT;
    struct chart_number two = { 1, 2, 0, NULL };
    struct chart_number change = { 1, 0, 1, " points" };
    struct chart_axis ax;

    chart_number_format(out, sizeof out, -0.03, &two);
    CHECK_STR(out, "\xe2\x88\x92" "0.03");
    chart_number_format(out, sizeof out, 0.784, &pct);
    CHECK_STR(out, "78%");
    chart_number_format(out, sizeof out, 1234567, NULL);
    CHECK_STR(out, "1,234,567");
    chart_number_format(out, sizeof out, 4, &change);
    CHECK_STR(out, "+4 points");
    chart_number_format(out, sizeof out, -0.001, &two);
    CHECK_STR(out, "0.00");
    chart_number_format(out, sizeof out, NAN, &two);
    CHECK_STR(out, "");
    chart_number_format(out, 4, 123456, NULL);
    CHECK_STR(out, "123");
    chart_interval_format(out, sizeof out, 0.12, -0.03, 0.27, &two);
    CHECK_STR(out, "0.12 (\xe2\x88\x92" "0.03 to 0.27)");
    chart_interval_format(out, sizeof out, 0.12, NAN, 0.27, &two);
    CHECK_STR(out, "0.12");

    chart_axis_nice(&ax, 0, 1, 5, 0, &pct);
    CHECK_INT(ax.nticks, 6);
    CHECK_ABS(ax.ticks[1], 0.2, 1e-12);
    CHECK_INT(ax.format.decimals, 0);
    chart_axis_nice(&ax, 0.013, 0.087, 4, 0, NULL);
    CHECK_ABS(ax.lo, 0, 1e-12);
    CHECK_ABS(ax.hi, 0.1, 1e-12);
    CHECK_INT(ax.format.decimals, 2);
    chart_axis_nice(&ax, 7, 7, 5, 0, NULL);
    CHECK(ax.lo < 7 && ax.hi > 7 && ax.nticks >= 2);
    chart_axis_nice(&ax, NAN, 3, 5, 0, NULL);
    CHECK(ax.lo == 0 && ax.hi == 1);
    chart_axis_nice(&ax, 0.47, 1.27, 5, 1, NULL);
    CHECK(ax.lo <= 0.47 && ax.hi >= 1.27 && ax.nticks >= 3);
    for (size_t i = 0; i + 1 < ax.nticks; i++)
        CHECK(ax.ticks[i] < ax.ticks[i + 1]);
    CHECK_ABS(chart_axis_map(&ax, 1, 0, 100), 100 * log(1 / ax.lo) / log(ax.hi / ax.lo), 1e-9);
    CHECK(isnan(chart_axis_map(&ax, -1, 0, 100)));
    chart_axis_nice(&ax, -1e300, 1e300, 5, 0, NULL);
    CHECK(ax.nticks >= 2 && ax.nticks <= CHART_TICKS_MAX);
    chart_axis_nice(&ax, -DBL_MAX, DBL_MAX, 5, 0, NULL);
    CHECK(ax.nticks >= 2 && ax.nticks <= CHART_TICKS_MAX && isfinite(ax.hi - ax.lo));
    chart_axis_nice(&ax, 1e-300, 1e300, 5, 1, NULL);
    CHECK(ax.nticks >= 2 && ax.nticks <= CHART_TICKS_MAX);
}

static void palette(void)
{
    /* series 0 and 1 differ in colour, marker and dash */
    struct chart_style a = chart_style_of(0), b = chart_style_of(1);

    CHECK(a.rgb == 0x0072B2);
    CHECK(a.rgb != b.rgb && a.marker != b.marker && a.dash != b.dash);
    CHECK_INT(chart_okabe_ito(1), 0xE69F00);
    CHECK_INT(chart_tint(0x000000, 1), 0xFFFFFF);
    CHECK_INT(chart_tint(0x0072B2, 0), 0x0072B2);
    CHECK(chart_likert_colour(0, 5) != chart_likert_colour(4, 5));
    CHECK_INT(chart_likert_colour(2, 5), 0xE3E3E3);
    CHECK_INT(chart_tile_colour(CHART_TREND_UP, CHART_UP_IS_GOOD), CHART_GOOD);
    CHECK_INT(chart_tile_colour(CHART_TREND_UP, CHART_UP_IS_BAD), CHART_BAD);
    CHECK_INT(chart_tile_colour(CHART_TREND_DOWN, CHART_UP_IS_BAD), CHART_GOOD);
    CHECK_INT(chart_tile_colour(CHART_TREND_FLAT, CHART_UP_IS_GOOD), CHART_INK_SOFT);
}

/* Charts draw as vectors into a region of a PDF page, other regions untouched. */
static void pdf_region(void)
{
    char path[512];
    cairo_surface_t *s;
    cairo_t *cr;
    struct stat st;

    if (env_set("FLIPSIDE_CHART_SAMPLES"))
        snprintf(path, sizeof path, "%s/page.pdf", getenv("FLIPSIDE_CHART_SAMPLES"));
    else
        tmp_path(path, sizeof path, "page.pdf");
    s = cairo_pdf_surface_create(path, 595, 842);
    cr = cairo_create(s);
    chart_km_draw(cr, 50, 60, 495, 330, &km_spec);
    chart_forest_draw(cr, 50, 420, 495, 240, &fo_spec);
    chart_tiles_draw(cr, 50, 680, 495, 120, &ti_spec);
    chart_monthly_draw(cr, 50, 420, 0, 240, &mo_spec);
    cairo_show_page(cr);
    CHECK_INT(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    CHECK_INT(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    CHECK(stat(path, &st) == 0 && st.st_size > 1000);
    if (!env_set("FLIPSIDE_CHART_SAMPLES"))
        remove(path);
}

int main(void)
{
    const char *t = getenv("TMPDIR");

    snprintf(tmp_dir, sizeof tmp_dir, "%s/flipside-charts.XXXXXX", t != NULL ? t : "/tmp");
    if (mkdtemp(tmp_dir) == NULL) {
        printf("FAIL setup: mkdtemp %s: %s\n", tmp_dir, strerror(errno));
        return 1;
    }
    fixtures();
    fixtures_degenerate();
    RUN(reference_images);
    RUN(reference_variants);
    RUN(suppressed_rows_draw_nothing);
    RUN(output_is_deterministic);
    RUN(write_errors);
    RUN(utf8_text);
    RUN(degenerate_inputs);
    RUN(scrambled_inputs);
    RUN(numbers_and_axes);
    RUN(palette);
    RUN(pdf_region);
    /* the temporary folder holds only the images compared just now */
    {
        static const char *left[] = { "km", "dot", "likert", "dumbbell", "monthly", "forest",
                                      "forest_ratio", "tiles", "km_empty", "dot_many",
                                      "dot_long", "dot_all_suppressed", "km_zoom", "km_groups", "km_days",
                                      "dot_bars" };
        char p[512];

        for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
            snprintf(p, sizeof p, "%s/%s.png", tmp_dir, left[i]);
            remove(p);
        }
        rmdir(tmp_dir);
    }
    chart_cleanup();
    return check_done();
}
