/*
 * cohorts.pdf: the cohort comparison for sponsors (SPEC section 5).
 *
 *   1  cover, with each full-scale cohort's result against the pilot in brief
 *   2  the cohorts side by side: retention, confidence, satisfaction, NPS, activity
 *   3  each full-scale cohort against the pilot: forest plots of the
 *      differences (percentage points) and the effect sizes (Hedges' g)
 *   4  survival by cohort: curves and 6/12/24-month retention
 *   5+ every pair of cohorts the figures hold (compare.*, cohort = A,
 *      versus = B), pilot pairs first: a side-by-side table with the
 *      difference, its interval, p-value and effect size, and a sentence per
 *      row saying whether the result held
 *   -  methods
 */
#include "reports/documents.h"

#include "charts/chart_forest.h"
#include "charts/chart_km.h"
#include "common/status.h"
#include "common/str.h"
#include "reports/format.h"
#include "reports/parts.h"

#include <math.h>
#include <string.h>

#define EN_DASH "\xe2\x80\x93"
#define MAX_PAIRS 256

struct measure {
    const char *label;          /* row label */
    const char *what;           /* in sentences: "12-month retention" */
    const char *value_key;      /* each cohort's own figure */
    enum report_kind value_kind;
    const char *diff_key;       /* the comparison: A - B */
    enum report_kind diff_kind;
    const char *effect_key;     /* Hedges' g, or NULL */
    const char *extra_key;      /* a second test (Mann-Whitney, Fisher), or NULL */
    const char *extra_name;
    const char *empty;          /* a cohort's own figure when it has none */
    const char *missing;        /* the result when the difference is empty */
};

static const struct measure MEASURES[] = {
    { "Still employed after 12 months", "12-month retention", "retention.s12", REPORT_SHARE,
      "compare.retention", REPORT_POINTS, NULL, NULL, NULL, "not yet",
      "Not known yet: a cohort has not been followed for 12 months." },
    { "Confidence change", "confidence gain", "confidence.change", REPORT_CHANGE,
      "compare.confidence_change", REPORT_CHANGE, "compare.confidence_change_g", NULL, NULL,
      "no answers", "Not compared: a cohort has no answers on joining and leaving yet." },
    { "Satisfaction", "satisfaction", "satisfaction.mean", REPORT_MEAN, "compare.satisfaction",
      REPORT_CHANGE, "compare.satisfaction_g", "compare.satisfaction_mwu", "Mann-Whitney",
      "no answers", "Not compared: a cohort has no satisfaction answers yet." },
    { "Net promoter score", "net promoter score", "nps", REPORT_NPS, "compare.nps",
      REPORT_NPS_CHANGE, NULL, NULL, NULL, "no answers",
      "Not compared: a cohort has no answers to the recommendation question yet." },
    { "Pairs active in the period", "share of pairs active", "engagement.active_rate",
      REPORT_SHARE, "compare.active_rate", REPORT_POINTS, NULL, "compare.active_rate_fisher",
      "Fisher", "no pairs", "Not compared: a cohort had no matched pairs in this period." },
};
#define NMEASURES (sizeof MEASURES / sizeof *MEASURES)

struct pair {
    const char *a, *b;
};

static const struct figure *cmp_of(const struct report_ctx *c, const char *key, const char *a,
                                   const char *b)
{
    return report_get(&c->now, key, a, b, "all", "none", "all", NULL, NULL);
}

/* The cohort everything is compared with first: the pilot, else the earliest. */
static const char *base_cohort(const struct report_ctx *c)
{
    if (c->pilot != NULL)
        return c->pilot;
    return c->in->ncohorts > 0 ? c->in->cohorts[0].code : NULL;
}

static int pair_held(const struct report_ctx *c, const char *a, const char *b)
{
    for (size_t m = 0; m < NMEASURES; m++)
        if (cmp_of(c, MEASURES[m].diff_key, a, b) != NULL)
            return 1;
    return 0;
}

/* Every pair the figures hold: against the base cohort first, then the rest in cohort order. */
static size_t cohort_pairs(const struct report_ctx *c, struct pair *out, size_t max)
{
    const char *base = base_cohort(c);
    size_t n = 0;

    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < c->in->ncohorts; i++)
            for (size_t j = 0; j < c->in->ncohorts; j++) {
                const char *a = c->in->cohorts[i].code, *b = c->in->cohorts[j].code;
                int against_base = base != NULL && strcmp(b, base) == 0;

                if (i == j || (pass == 0) != against_base || n >= max || !pair_held(c, a, b))
                    continue;
                out[n].a = a;
                out[n].b = b;
                n++;
            }
    return n;
}

/* ---- whether a result held ---------------------------------------------------- */

enum verdict { V_NONE, V_HELD, V_IMPROVED, V_LOWER };

static enum verdict verdict_of(const struct figure *f)
{
    int clear;

    if (!report_has(f))
        return V_NONE;
    if (isfinite(f->p))
        clear = f->p < 0.05;
    else
        clear = (isfinite(f->lower) && f->lower > 0) || (isfinite(f->upper) && f->upper < 0);
    if (!clear)
        return V_HELD;
    return f->estimate > 0 ? V_IMPROVED : V_LOWER;
}

static const char *held_text(struct doc *d, const struct report_ctx *c, const struct measure *m,
                             const struct figure *f, const char *a, const char *b, int *quiet)
{
    *quiet = 0;
    /* the log-rank test compares the whole curves, so the sentence does too */
    if (strcmp(m->diff_key, "compare.retention") == 0 && report_has(f)) {
        switch (verdict_of(f)) {
        case V_IMPROVED:
            return doc_printf(d, "Held and improved: %s's people stay longer than %s's "
                                 "(log-rank %s).",
                              a, b, report_str_p(d, f->p));
        case V_LOWER:
            return doc_printf(d, "Not held: %s's people leave sooner than %s's (log-rank %s).", a,
                              b, report_str_p(d, f->p));
        default:
            return doc_printf(d, "Held: %s's retention is within chance of %s's (log-rank %s).",
                              a, b,
                              isfinite(f->p) ? report_str_p(d, f->p) : "not available");
        }
    }
    switch (verdict_of(f)) {
    case V_HELD:
        return doc_printf(d, "Held: %s's %s is within chance of %s's (%s).", a, m->what, b,
                          isfinite(f->p) ? report_str_p(d, f->p) : "interval includes 0");
    case V_IMPROVED:
        return doc_printf(d, "Held and improved: %s's %s is higher than %s's (%s).", a, m->what,
                          b, isfinite(f->p) ? report_str_p(d, f->p) : "interval above 0");
    case V_LOWER:
        return doc_printf(d, "Not held: %s's %s is lower than %s's (%s).", a, m->what, b,
                          isfinite(f->p) ? report_str_p(d, f->p) : "interval below 0");
    case V_NONE:
    default:
        break;
    }
    *quiet = 1;
    if (f == NULL)
        return "Not compared: no figure.";
    if (f->suppressed)
        return doc_printf(d, "Not compared: %s people on one side.", c->fewer);
    return m->missing;
}

/* ---- side by side ----------------------------------------------------------------- */

static void side_by_side(struct doc *d, const struct report_ctx *c)
{
    static const struct doc_col cols[] = {
        { "Cohort", 1.7, CHART_LEFT }, { "People", 0.7, CHART_RIGHT },
        { "Still employed after 12 months", 1.15, CHART_RIGHT },
        { "Confidence change", 1.05, CHART_RIGHT }, { "Satisfaction", 1.0, CHART_RIGHT },
        { "Net promoter score", 1.05, CHART_RIGHT }, { "Pairs active", 1.0, CHART_RIGHT },
    };
    struct doc_table *t = doc_table_new(d, cols, sizeof cols / sizeof *cols);

    for (size_t i = 0; i <= c->in->ncohorts; i++) {
        const struct report_cohort *co = i > 0 ? &c->in->cohorts[i - 1] : NULL;
        const char *code = co != NULL ? co->code : "all";
        const struct figure *s12 = report_top(&c->now, "retention.s12", code, "all");
        char label[160], start[40];

        report_cohort_label(c, code, 1, label, sizeof label);
        if (co != NULL) {
            report_fmt_date(start, sizeof start, co->starts_on);
            doc_table_cell2(t, label,
                            doc_printf(d, "%s, started %s",
                                       co->kind != NULL && strcmp(co->kind, "pilot") == 0
                                           ? "pilot"
                                           : "full scale",
                                       start),
                            DOC_CELL_PLAIN);
        } else {
            doc_table_cell(t, label, DOC_CELL_BOLD);
        }
        report_cell_n(t, c, s12, 0);
        report_cell(t, d, c, s12, REPORT_SHARE, 1, "not yet");
        report_cell(t, d, c, report_top(&c->now, "confidence.change", code, "all"), REPORT_CHANGE,
                    1, NULL);
        report_cell(t, d, c, report_top(&c->now, "satisfaction.mean", code, "all"), REPORT_MEAN, 1,
                    NULL);
        report_cell(t, d, c, report_top(&c->now, "nps", code, "all"), REPORT_NPS, 1, NULL);
        report_cell(t, d, c, report_top(&c->now, "engagement.active_rate", code, "all"),
                    REPORT_SHARE, 1, NULL);
    }
    doc_table_end(d, t);
}

/* ---- forest plots against the base cohort ------------------------------------------- */

static void forest(struct doc *d, const struct report_ctx *c, const char *name, const char *title,
                   const char *x_title, const size_t *which, size_t nwhich, int effect,
                   const struct pair *pairs, size_t npairs)
{
    const char *base = base_cohort(c);
    size_t nrows = 0, cap = nwhich * (npairs + 1);
    struct chart_forest_row *rows = doc_alloc(d, (cap ? cap : 1) * sizeof *rows);
    struct chart_forest *spec = doc_alloc(d, sizeof *spec);

    if (rows == NULL || spec == NULL || base == NULL)
        return;
    for (size_t w = 0; w < nwhich; w++) {
        const struct measure *m = &MEASURES[which[w]];
        const char *key = effect ? m->effect_key : m->diff_key;
        enum report_kind kind = effect ? REPORT_CHANGE : m->diff_kind;
        double scale = !effect && m->diff_kind == REPORT_POINTS ? 100 : 1;

        rows[nrows].label = m->label;
        rows[nrows].header = 1;
        rows[nrows].est = rows[nrows].lo = rows[nrows].hi = NAN;
        nrows++;
        for (size_t p = 0; p < npairs; p++) {
            const struct figure *f;
            char label[160];

            if (strcmp(pairs[p].b, base) != 0)
                continue;
            f = cmp_of(c, key, pairs[p].a, base);
            report_cohort_label(c, pairs[p].a, 1, label, sizeof label);
            rows[nrows].label = doc_strdup(d, label);
            rows[nrows].suppressed = report_hidden(f);
            rows[nrows].est = report_has(f) ? f->estimate * scale : NAN;
            rows[nrows].lo = report_has(f) ? f->lower * scale : NAN;
            rows[nrows].hi = report_has(f) ? f->upper * scale : NAN;
            if (report_has(f))
                rows[nrows].text = effect ? doc_printf(d, "g = %s",
                                                       report_str_est_ci(d, f->estimate, f->lower,
                                                                         f->upper, kind))
                                          : report_str_est_ci(d, f->estimate, f->lower,
                                                              f->upper, kind);
            nrows++;
        }
    }
    spec->title = title;
    spec->subtitle = doc_printf(d, "Each full-scale cohort less %s, with 95%% intervals",
                                base);
    spec->x_title = x_title;
    spec->label_title = "Measure and cohort";
    spec->text_title = effect ? "Hedges' g (95% CI)" : "Difference (95% CI)";
    spec->left_note = doc_printf(d, "%s better", base);
    spec->right_note = "later cohort better";
    spec->format = (struct chart_number){ 1, effect ? 1 : 0, 1, NULL };
    spec->ref = 0;
    spec->nrows = nrows;
    spec->rows = rows;
    spec->suppressed_text = c->fewer;
    spec->missing_text = "no estimate";
    doc_chart(d, name, 84 + 17 * (double)nrows, chart_forest_draw_cb, spec);
}

static void forest_page(struct doc *d, const struct report_ctx *c, const struct pair *pairs,
                        size_t npairs)
{
    static const size_t points[3] = { 0, 4, 3 };
    static const size_t effects[2] = { 1, 2 };
    const char *base = base_cohort(c);
    char label[160];

    if (base == NULL || npairs == 0 || strcmp(pairs[0].b, base) != 0)
        return;
    report_cohort_label(c, base, 1, label, sizeof label);
    doc_heading(d, 1, doc_printf(d, "Each full-scale cohort against %s", base), 420);
    doc_para(d, doc_printf(d, "Each row is a later cohort's figure minus that of %s. A dot right "
                              "of the line means the later cohort did better; an interval that "
                              "crosses the line means the two are within chance of each other, "
                              "so the result held. Hedges' g puts survey differences on one "
                              "scale: about 0.2 is small, 0.5 medium and 0.8 large.",
                           label));
    forest(d, c, "cohorts-forest-differences", "Differences in retention, activity and "
           "recommendation", "Difference (percentage points; NPS in points)", points, 3, 0,
           pairs, npairs);
    forest(d, c, "cohorts-forest-effects", "Effect sizes for confidence and satisfaction",
           "Hedges' g (difference in standard deviations)", effects, 2, 1, pairs, npairs);
}

/* ---- survival by cohort ---------------------------------------------------------------- */

static void survival_page(struct doc *d, const struct report_ctx *c)
{
    static const struct doc_col cols[] = {
        { "Cohort", 2.0, CHART_LEFT }, { "People", 0.7, CHART_RIGHT },
        { "Leavers", 0.7, CHART_RIGHT }, { "Still employed after 6 months", 1.2, CHART_RIGHT },
        { "12 months", 1.2, CHART_RIGHT }, { "24 months", 1.2, CHART_RIGHT },
    };
    size_t n = c->in->ncohorts < CHART_MAX_SERIES ? c->in->ncohorts : CHART_MAX_SERIES, ns = 0;
    struct chart_km *spec = doc_alloc(d, sizeof *spec);
    struct chart_km_series *series = doc_alloc(d, (n ? n : 1) * sizeof *series);
    double *ticks = doc_alloc(d, 24 * sizeof *ticks), span = 0;
    struct doc_table *t;
    size_t nt;

    if (spec == NULL || series == NULL || ticks == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        double s = report_km_span(c, c->in->cohorts[i].code);

        if (s > span)
            span = s;
    }
    nt = report_km_ticks(span, ticks, 12);
    for (size_t i = 0; i < n; i++) {
        char label[160];

        report_cohort_label(c, c->in->cohorts[i].code, 1, label, sizeof label);
        ns += (size_t)report_km_series(d, c, c->in->cohorts[i].code, "all", doc_strdup(d, label),
                                       ticks, nt, &series[ns]);
    }
    doc_page(d, 0);
    doc_heading(d, 1, "Survival by cohort", 0);
    doc_para(d, "The share of each cohort's participants still employed by months since they "
                "enrolled. Later cohorts have been followed for less time, so their curves are "
                "shorter; compare them over the months they share.");
    spec->title = c->in->ncohorts > n ? doc_printf(d, "Still employed, by cohort (the first %zu "
                                                     "of %zu cohorts)",
                                                  n, c->in->ncohorts)
                                      : "Still employed, by cohort";
    spec->subtitle = "Participants (mentors and mentees), months since enrolling";
    spec->note = "Tick marks: people still employed on the as-of date. With more than three "
                 "cohorts the intervals are left out of the chart; the table gives them.";
    spec->x_title = "Months since enrolling";
    spec->y_title = "Still employed (%)";
    spec->unit = CHART_TIME_MONTHS;
    spec->nticks = nt;
    spec->ticks = ticks;
    spec->nseries = ns;
    spec->series = series;
    report_km_yrange(series, ns, &spec->y_min, &spec->y_max);
    spec->empty_text = "No curve to draw yet";
    doc_chart(d, "cohorts-survival", 330 + 11 * (double)(ns > 2 ? ns - 2 : 0), chart_km_draw_cb,
              spec);
    doc_heading(d, 2, "Still employed after 6, 12 and 24 months, by cohort", 90);
    t = doc_table_new(d, cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < c->in->ncohorts; i++) {
        const char *code = c->in->cohorts[i].code;
        const struct figure *s6 = report_top(&c->now, "retention.s6", code, "all");
        char label[160];

        report_cohort_label(c, code, 1, label, sizeof label);
        doc_table_cell(t, label, DOC_CELL_PLAIN);
        if (report_hidden(s6)) {
            report_cells_hidden(t, c, 5);
            continue;
        }
        report_cell_n(t, c, s6, 0);
        report_cell_n(t, c, s6, 1);
        report_cell(t, d, c, s6, REPORT_SHARE, 1, "not yet");
        report_cell(t, d, c, report_top(&c->now, "retention.s12", code, "all"), REPORT_SHARE, 1,
                    "not yet");
        report_cell(t, d, c, report_top(&c->now, "retention.s24", code, "all"), REPORT_SHARE, 1,
                    "not yet");
    }
    doc_table_end(d, t);
}

/* ---- one pair ----------------------------------------------------------------------- */

static void pair_section(struct doc *d, const struct report_ctx *c, const struct pair *p)
{
    struct doc_col cols[] = {
        { "Measure", 1.35, CHART_LEFT }, { p->a, 0.85, CHART_RIGHT }, { p->b, 0.85, CHART_RIGHT },
        { "Difference (95% CI)", 1.2, CHART_RIGHT }, { "p", 0.75, CHART_RIGHT },
        { "Effect size (95% CI)", 1.0, CHART_RIGHT }, { "Result", 2.2, CHART_LEFT },
    };
    struct doc_table *t;
    char la[160], lb[160];

    report_cohort_label(c, p->a, 1, la, sizeof la);
    report_cohort_label(c, p->b, 1, lb, sizeof lb);
    /* the whole table with its heading, when a page can hold it */
    doc_heading(d, 2, doc_printf(d, "%s against %s", la, lb), 235);
    t = doc_table_new(d, cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < NMEASURES; i++) {
        const struct measure *m = &MEASURES[i];
        const struct figure *f = cmp_of(c, m->diff_key, p->a, p->b);
        const struct figure *g = m->effect_key != NULL ? cmp_of(c, m->effect_key, p->a, p->b) : NULL;
        const struct figure *x = m->extra_key != NULL ? cmp_of(c, m->extra_key, p->a, p->b) : NULL;
        const char *result;
        int quiet;

        doc_table_cell(t, m->label, DOC_CELL_PLAIN);
        report_cell(t, d, c, report_top(&c->now, m->value_key, p->a, "all"), m->value_kind, 0,
                    m->empty);
        report_cell(t, d, c, report_top(&c->now, m->value_key, p->b, "all"), m->value_kind, 0,
                    m->empty);
        if (report_hidden(f)) {
            doc_table_cell(t, c->fewer, DOC_CELL_QUIET);
            doc_table_cell(t, "", DOC_CELL_PLAIN);
            doc_table_cell(t, "", DOC_CELL_PLAIN);
        } else {
            char pv[REPORT_TEXT] = "", xv[REPORT_TEXT] = "";

            report_cell(t, d, c, f, m->diff_kind, 1, "\xe2\x80\x93");
            if (f != NULL)
                report_fmt_p(pv, sizeof pv, f->p);
            if (x != NULL && !x->suppressed && isfinite(x->p))
                report_fmt_p(xv, sizeof xv, x->p);
            doc_table_cell2(t, pv, xv[0] != '\0' ? doc_printf(d, "%s\n%s", m->extra_name, xv) : NULL,
                            DOC_CELL_PLAIN);
            if (report_has(g))
                doc_table_cell2(t, doc_printf(d, "g = %s", report_str(d, g->estimate, REPORT_CHANGE)),
                                report_str_ci(d, g->lower, g->upper, REPORT_CHANGE),
                                DOC_CELL_PLAIN);
            else if (x != NULL && strcmp(m->extra_key, "compare.active_rate_fisher") == 0 &&
                     report_has(x))
                doc_table_cell2(t, doc_printf(d, "odds ratio %s",
                                              report_str(d, x->estimate, REPORT_RATIO)),
                                report_str_ci(d, x->lower, x->upper, REPORT_RATIO),
                                DOC_CELL_PLAIN);
            else
                doc_table_cell(t, "", DOC_CELL_PLAIN);
        }
        result = held_text(d, c, m, f, p->a, p->b, &quiet);
        doc_table_cell(t, result, quiet ? DOC_CELL_QUIET : DOC_CELL_PLAIN);
    }
    doc_table_end(d, t);
}

/* ---- methods ------------------------------------------------------------------------- */

static void methods_page(struct doc *d, const struct report_ctx *c)
{
    doc_page(d, 0);
    doc_heading(d, 1, "Methods", 0);
    doc_para(d, "Each comparison takes a later cohort (A) and an earlier one (B) and reports A "
                "less B, with a 95% interval, a test of whether the difference could be chance, "
                "and for survey scores an effect size.");
    doc_bullet(d, "Still employed after 12 months: Kaplan-Meier estimates from each cohort's own "
                  "enrolment dates; the difference has a Greenwood interval and the p-value is a "
                  "log-rank test of the whole curves.");
    doc_bullet(d, "Confidence change and satisfaction: differences in means with Welch's t-test "
                  "and interval; for satisfaction also the Mann-Whitney test, which does not "
                  "assume the scores are evenly spread.");
    doc_bullet(d, "Net promoter score: the difference with an interval from the two scores' "
                  "variances and a z-test.");
    doc_bullet(d, "Pairs active: the difference in shares with its chi-square test, and the odds "
                  "ratio with Fisher's exact test.");
    doc_bullet(d, "Hedges' g: the difference in standard deviations (pooled), corrected for small "
                  "samples; about 0.2 is small, 0.5 medium, 0.8 large.");
    doc_bullet(d, "Held: the later cohort's figure is within chance of the earlier one's "
                  "(p of 0.05 or more), or better. Not held: clearly lower (p below 0.05).");
    doc_heading(d, 2, "What the comparison can and cannot show", 60);
    doc_para(d, "Cohorts started at different times, drew different people and have been "
                "followed for different lengths of time, so a difference between two cohorts is "
                "not only the effect of how the programme was run. Many pairs and measures are "
                "compared here without adjusting the p-values for it, so an occasional p below "
                "0.05 is expected by chance: look for patterns across measures and cohorts "
                "rather than single results.");
    doc_heading(d, 2, "Small groups", 40);
    report_suppression_para(d, c);
}

/* ---- the document ---------------------------------------------------------------------- */

int report_cohorts_build(struct doc *d, void *ctx)
{
    const struct report_ctx *c = ctx;
    struct pair *pairs = doc_alloc(d, MAX_PAIRS * sizeof *pairs);
    const char *base = base_cohort(c);
    const char **brief = doc_alloc(d, 8 * sizeof *brief);
    size_t npairs, nbrief = 0;

    if (pairs == NULL || brief == NULL)
        return doc_status(d);
    npairs = cohort_pairs(c, pairs, MAX_PAIRS);
    for (size_t p = 0; p < npairs && nbrief < 7; p++) {
        size_t compared = 0, held = 0, improved = 0;
        const char *lower = NULL;

        if (strcmp(pairs[p].b, base) != 0)
            continue;
        for (size_t m = 0; m < NMEASURES; m++) {
            enum verdict v = verdict_of(cmp_of(c, MEASURES[m].diff_key, pairs[p].a, base));

            compared += v != V_NONE;
            held += v == V_HELD || v == V_IMPROVED;
            improved += v == V_IMPROVED;
            if (v == V_LOWER)
                lower = lower == NULL ? MEASURES[m].what
                                      : doc_printf(d, "%s, %s", lower, MEASURES[m].what);
        }
        brief[nbrief++] = doc_printf(d, "%s kept %s's results on %zu of the %zu measures that can "
                                        "be compared%s%s%s.",
                                     pairs[p].a, base, held, compared,
                                     improved > 0 ? doc_printf(d, ", doing better on %zu", improved)
                                                  : "",
                                     lower != NULL ? "; lower on " : "",
                                     lower != NULL ? lower : "");
    }
    if (npairs == 0)
        brief[nbrief++] = "There is only one cohort so far: nothing to compare yet.";
    report_cover(d, c, "Cohort comparison", "Prepared for the programme's sponsors.", brief,
                 nbrief);
    doc_page(d, 0);
    doc_heading(d, 1, "The cohorts side by side", 0);
    doc_para(d, "Each cohort's own figures with 95% intervals. People: participants (mentors and "
                "mentees) followed for retention.");
    side_by_side(d, c);
    forest_page(d, c, pairs, npairs);
    survival_page(d, c);
    if (npairs > 0) {
        doc_page(d, 0);
        doc_heading(d, 1, "Every pair of cohorts", 0);
        doc_para(d, "For each pair, the later cohort (first column of figures) against the "
                    "earlier one, measure by measure. Comparisons against the pilot come first.");
    }
    for (size_t p = 0; p < npairs; p++)
        pair_section(d, c, &pairs[p]);
    methods_page(d, c);
    return doc_status(d);
}
