/*
 * retention.pdf: the retention report for diversity and inclusion leads
 * (SPEC section 5), all cohorts pooled.
 *
 *   1  cover, with the points in brief
 *   2  overview: the adjusted hazard ratios, 6/12/24-month retention by role
 *   3  survival curves: participants, mentors and mentees against non-participants
 *   4+ one section per demographic dimension: 12-month retention by group
 *      (chart), 6/12/24 months for participants and non-participants with
 *      intervals and the difference (table), the log-rank tests with their
 *      Holm-adjusted p-values, withheld groups marked
 *   -  methods and disclosure control
 */
#include "reports/documents.h"

#include "charts/chart_dot.h"
#include "common/status.h"
#include "common/str.h"
#include "reports/format.h"
#include "reports/parts.h"

#include <math.h>
#include <string.h>

#define MAX_GROUPS 1024

static const struct figure *s_of(const struct report_ctx *c, const char *key, const char *role,
                                 const char *dim, const char *group)
{
    return report_get(&c->now, key, "all", NULL, role, dim, group, NULL, NULL);
}

static const struct figure *vs_of(const struct report_ctx *c, const char *dim, const char *group)
{
    return report_get(&c->now, "retention.vs_comparison", "all", "non-participants", "all", dim,
                      group, NULL, NULL);
}

/*
 * The groups of a dimension: those of the participants, then any that only
 * the comparison group has; "unknown" last.
 */
static size_t dim_groups(const struct report_ctx *c, const char *dim, const char **out)
{
    const char *np[MAX_GROUPS];
    size_t n = report_groups(&c->now, "retention.s12", "all", NULL, "all", dim, out, MAX_GROUPS);
    size_t m = report_groups(&c->now, "retention.s12", "all", NULL, "non-participant", dim, np,
                             MAX_GROUPS);

    if (n > MAX_GROUPS)
        n = MAX_GROUPS;
    if (m > MAX_GROUPS)
        m = MAX_GROUPS;
    for (size_t j = 0; j < m && n < MAX_GROUPS; j++) {
        int seen = 0;

        for (size_t i = 0; i < n; i++)
            if (strcmp(out[i], np[j]) == 0)
                seen = 1;
        if (!seen)
            out[n++] = np[j];
    }
    /* keep "unknown" last */
    for (size_t i = 0; i + 1 < n; i++)
        if (strcmp(out[i], "unknown") == 0) {
            const char *u = out[i];

            memmove(&out[i], &out[i + 1], (n - i - 1) * sizeof *out);
            out[n - 1] = u;
            break;
        }
    return n;
}

/* Counts over the breakdowns for the cover: groups shown, better, clearly better, withheld. */
struct group_counts {
    size_t shown, better, clearly_better, clearly_worse, withheld;
};

static void count_groups(const struct report_ctx *c, struct group_counts *k)
{
    memset(k, 0, sizeof *k);
    for (size_t di = 0; REPORT_DIMENSIONS[di] != NULL; di++) {
        const char *groups[MAX_GROUPS];
        size_t n = report_groups(&c->now, "retention.s12", "all", NULL, "all",
                                 REPORT_DIMENSIONS[di], groups, MAX_GROUPS);

        if (n > MAX_GROUPS)
            n = MAX_GROUPS;
        for (size_t g = 0; g < n; g++) {
            const struct figure *s12 = s_of(c, "retention.s12", "all", REPORT_DIMENSIONS[di],
                                            groups[g]);
            const struct figure *vs = vs_of(c, REPORT_DIMENSIONS[di], groups[g]);

            if (report_hidden(s12)) {
                k->withheld++;
                continue;
            }
            if (!report_has(vs))
                continue;
            k->shown++;
            k->better += vs->estimate > 0;
            k->clearly_better += isfinite(vs->lower) && vs->lower > 0;
            k->clearly_worse += isfinite(vs->upper) && vs->upper < 0;
        }
    }
}

/* "gender and ethnicity": the breakdowns whose groups differ after Holm. */
static const char *differing_dims(struct doc *d, const struct report_ctx *c, const char *role)
{
    const char *list = "";
    size_t n = 0;

    for (size_t di = 0; REPORT_DIMENSIONS[di] != NULL; di++) {
        const struct figure *lr = report_get(&c->now, "retention.logrank", "all", NULL, role,
                                             REPORT_DIMENSIONS[di], "all", NULL, NULL);
        char label[64];

        if (lr == NULL || lr->suppressed || !isfinite(lr->p_adj) || lr->p_adj >= 0.05)
            continue;
        str_copy(label, sizeof label, report_dimension_label(REPORT_DIMENSIONS[di]));
        label[0] = (char)(label[0] >= 'A' && label[0] <= 'Z' ? label[0] - 'A' + 'a' : label[0]);
        list = n == 0 ? doc_strdup(d, label) : doc_printf(d, "%s, %s", list, label);
        n++;
    }
    return n == 0 ? NULL : list;
}

/* ---- the log-rank sentence ------------------------------------------------------ */

static const char *logrank_text(struct doc *d, const struct report_ctx *c, const char *dim,
                                const char *role, const char *who)
{
    const struct figure *lr = report_get(&c->now, "retention.logrank", "all", NULL, role, dim,
                                         "all", NULL, NULL);
    char chi[REPORT_TEXT], df[REPORT_TEXT];
    const char *verdict;

    if (lr == NULL)
        return doc_printf(d, "%s: no test.", who);
    if (lr->suppressed)
        return doc_printf(d, "%s: no test, because no group has %d or more people.", who,
                          c->in->min_cell);
    if (!isfinite(lr->p))
        return doc_printf(d, "%s: no test, because fewer than two groups can be shown.", who);
    report_fmt(chi, sizeof chi, lr->statistic, REPORT_STAT);
    report_fmt_df(df, sizeof df, lr->df);
    if (isfinite(lr->p_adj) && lr->p_adj < 0.05)
        verdict = "the groups differ in how long people stay";
    else
        verdict = "no clear difference between the groups";
    return doc_printf(d, "%s: log-rank test over the groups shown, chi-square %s on %s df, %s; "
                         "Holm-adjusted over the seven breakdowns, %s: %s.",
                      who, chi, df, report_str_p(d, lr->p),
                      isfinite(lr->p_adj) ? report_str_p(d, lr->p_adj) : "not available",
                      verdict);
}

/* ---- one dimension -------------------------------------------------------------- */

static void dim_chart(struct doc *d, const struct report_ctx *c, const char *dim,
                      const char **groups, size_t n)
{
    struct chart_dot_row *rows = doc_alloc(d, (n ? n : 1) * sizeof *rows);
    struct chart_dot *spec = doc_alloc(d, sizeof *spec);
    const struct figure *all = s_of(c, "retention.s12", "all", "none", "all");

    if (rows == NULL || spec == NULL)
        return;
    for (size_t g = 0; g < n; g++) {
        const struct figure *p = s_of(c, "retention.s12", "all", dim, groups[g]);
        const struct figure *q = s_of(c, "retention.s12", "non-participant", dim, groups[g]);

        rows[g].label = report_group_label(groups[g]);
        /* a withheld participant group draws nothing at all, either series */
        rows[g].suppressed = report_hidden(p);
        rows[g].est[0] = report_has(p) ? p->estimate : NAN;
        rows[g].lo[0] = report_has(p) ? p->lower : NAN;
        rows[g].hi[0] = report_has(p) ? p->upper : NAN;
        rows[g].est[1] = report_has(q) ? q->estimate : NAN;
        rows[g].lo[1] = report_has(q) ? q->lower : NAN;
        rows[g].hi[1] = report_has(q) ? q->upper : NAN;
    }
    spec->title = doc_printf(d, "Still employed after 12 months, by %s",
                             doc_printf(d, "%c%s", report_dimension_label(dim)[0] - 'A' + 'a',
                                        report_dimension_label(dim) + 1));
    spec->subtitle = "Participants and non-participants of the same group, with 95% intervals";
    spec->x_title = "Still employed after 12 months (%)";
    spec->series_label[0] = "Participants";
    spec->series_label[1] = "Non-participants";
    spec->nseries = 2;
    spec->nrows = n;
    spec->rows = rows;
    spec->format = report_chart_number(REPORT_SHARE);
    spec->suppressed_text = c->fewer;
    spec->missing_text = "no 12-month figure";
    if (report_has(all)) {
        spec->has_ref = 1;
        spec->ref = all->estimate;
        spec->ref_label = doc_printf(d, "all participants %s",
                                     report_str(d, all->estimate, REPORT_SHARE));
    }
    /* a long breakdown squeezes its rows (the chart says how many it leaves out);
     * the table below lists every group */
    doc_chart(d, doc_printf(d, "retention-%s", dim), fmin(96 + 22 * (double)(n ? n : 1), 640),
              chart_dot_draw_cb, spec);
}

static void dim_table(struct doc *d, const struct report_ctx *c, const char *dim,
                      const char **groups, size_t n)
{
    static const struct doc_col cols[] = {
        { "Who", 0.95, CHART_LEFT }, { "People", 0.7, CHART_RIGHT },
        { "Still employed after 6 months", 0.85, CHART_RIGHT },
        { "12 months", 0.85, CHART_RIGHT }, { "24 months", 0.85, CHART_RIGHT },
        { "Difference at 12 months", 0.95, CHART_RIGHT }, { "p (log-rank)", 0.55, CHART_RIGHT },
    };
    struct doc_table *t = doc_table_new(d, cols, sizeof cols / sizeof *cols);

    for (size_t g = 0; g < n; g++) {
        doc_table_group(t, report_group_label(groups[g]));
        for (int side = 0; side < 2; side++) {
            const char *role = side == 0 ? "all" : "non-participant";
            const struct figure *s6 = s_of(c, "retention.s6", role, dim, groups[g]);
            const struct figure *vs = vs_of(c, dim, groups[g]);

            doc_table_cell(t, side == 0 ? "Participants" : "Non-participants", DOC_CELL_PLAIN);
            if (s6 == NULL) {
                doc_table_cell(t, "none", DOC_CELL_QUIET);
                for (int i = 0; i < 5; i++)
                    doc_table_cell(t, "", DOC_CELL_PLAIN);
                continue;
            }
            if (report_hidden(s6)) {
                report_cells_hidden(t, c, 6);
                continue;
            }
            report_cell_n(t, c, s6, 0);
            report_cell(t, d, c, s6, REPORT_SHARE, 1, "not yet");
            report_cell(t, d, c, s_of(c, "retention.s12", role, dim, groups[g]), REPORT_SHARE, 1,
                        "not yet");
            report_cell(t, d, c, s_of(c, "retention.s24", role, dim, groups[g]), REPORT_SHARE, 1,
                        "not yet");
            if (side == 0 && report_hidden(vs)) {
                doc_table_cell(t, c->fewer, DOC_CELL_QUIET);
                doc_table_cell(t, "", DOC_CELL_PLAIN);
            } else if (side == 0 && vs != NULL) {
                report_cell(t, d, c, vs, REPORT_POINTS, 1, "no estimate");
                report_cell_p(t, vs->p);
            } else {
                doc_table_cell(t, "", DOC_CELL_PLAIN);
                doc_table_cell(t, "", DOC_CELL_PLAIN);
            }
        }
    }
    doc_table_end(d, t);
}

static void dimension_section(struct doc *d, const struct report_ctx *c, const char *dim)
{
    const char *groups[MAX_GROUPS];
    size_t n = dim_groups(c, dim, groups), shown = 0, better = 0, clear = 0, worse = 0, hidden = 0;
    const char *label = report_dimension_label(dim);

    for (size_t g = 0; g < n; g++) {
        const struct figure *p = s_of(c, "retention.s12", "all", dim, groups[g]);
        const struct figure *vs = vs_of(c, dim, groups[g]);

        if (report_hidden(p)) {
            hidden++;
            continue;
        }
        if (!report_has(vs))
            continue;
        shown++;
        better += vs->estimate > 0;
        clear += isfinite(vs->lower) && vs->lower > 0;
        worse += isfinite(vs->upper) && vs->upper < 0;
    }
    /* sections flow on from the last one when the heading, its text and chart fit */
    doc_heading(d, 1, label, fmin(200 + 22 * (double)n, 700));
    if (n == 0) {
        doc_para(d, doc_printf(d, "The roster records no %s for anyone.", label));
        return;
    }
    if (shown > 0)
        doc_para(d, doc_printf(d, "In %zu of the %zu groups that can be compared, participants "
                                  "were more likely than non-participants of the same group to "
                                  "be still employed after 12 months; the difference is clear "
                                  "(its interval excludes zero) in %zu%s. These are raw "
                                  "comparisons, before allowing for who chooses to take part.",
                               better, shown, clear,
                               worse > 0 ? doc_printf(d, ", and clearly the other way in %zu",
                                                      worse)
                                         : ""));
    doc_para(d, logrank_text(d, c, dim, "all", "Among participants"));
    doc_para(d, logrank_text(d, c, dim, "non-participant", "Among non-participants"));
    dim_chart(d, c, dim, groups, n);
    doc_heading(d, 3, doc_printf(d, "%s: still employed after 6, 12 and 24 months", label), 90);
    dim_table(d, c, dim, groups, n);
    if (hidden > 0) {
        char note[600];

        doc_para(d, report_suppression_note(c, note, sizeof note));
    }
}

/* ---- overview and curves --------------------------------------------------------- */

static void overview_page(struct doc *d, const struct report_ctx *c)
{
    const struct figure *hr = report_hr(&c->now, "all", "all");

    doc_page(d, 0);
    doc_heading(d, 1, "Overview", 0);
    if (report_has(hr))
        doc_para(d, doc_printf(d, "%s The adjusted hazard ratio is %s (95%% CI %s, %s).",
                               report_hr_sentence(d, hr, "participants"),
                               report_str(d, hr->estimate, REPORT_RATIO),
                               report_str_ci(d, hr->lower, hr->upper, REPORT_RATIO),
                               report_str_p(d, hr->p)));
    report_comparison_caveat(d, c);
    report_hr_forest(d, c, "retention-hr");
    doc_heading(d, 2, "Still employed after 6, 12 and 24 months, all cohorts", 90);
    report_retention_table(d, c, "all");
    doc_para(d, "\xe2\x80\x9cNot yet\xe2\x80\x9d: nobody has been followed that long. The pages "
                "that follow break 12-month retention down by each demographic group; groups are "
                "compared with non-participants of the same group.");
}

static void curves_pages(struct doc *d, const struct report_ctx *c)
{
    doc_page(d, 0);
    doc_heading(d, 1, "Survival curves", 0);
    doc_para(d, "The share of people still employed by months since they started (participants: "
                "since they enrolled; non-participants: since their cohort began), with 95% "
                "intervals shaded and the number still followed under each chart.");
    report_km_chart(d, c, "retention-curves-all", "all",
                    "All participants and non-participants");
    report_km_chart(d, c, "retention-curves-mentor", "mentor",
                    "Mentors (junior staff) and non-participants");
    report_km_chart(d, c, "retention-curves-mentee", "mentee",
                    "Mentees (senior leaders) and non-participants");
}

static void methods_page(struct doc *d, const struct report_ctx *c)
{
    doc_page(d, 0);
    doc_heading(d, 1, "Methods and disclosure control", 0);
    doc_bullet(d, doc_printf(d, "Still employed after 6, 12 and 24 months: the Kaplan-Meier "
                                "estimate from the HR roster, counting %s up to %s; people who "
                                "are still employed count for as long as they have been "
                                "followed. \xe2\x80\x9cNot yet\xe2\x80\x9d means nobody has "
                                "been followed that long.",
                             c->in->voluntary_only ? "only voluntary leavers as leaving (others "
                                                     "count until they left)"
                                                   : "every leaver",
                             c->as_of_text));
    doc_bullet(d, "Participants are followed from the day they enrolled; non-participants from "
                  "the start of the cohort they are compared with, if they were employed then in "
                  "an organisation the cohort drew from.");
    doc_bullet(d, "Difference at 12 months: participants less non-participants of the same "
                  "group, in percentage points, with a 95% interval; the p-value is from a "
                  "log-rank test of the two whole curves.");
    doc_bullet(d, "Log-rank test over a breakdown: whether the groups shown differ in how long "
                  "people stay. Seven breakdowns are tested, so the p-values are Holm-adjusted: a "
                  "difference counts as clear when the adjusted p is below 0.05.");
    doc_bullet(d, "Adjusted hazard ratio: a Cox model of leaving, comparing participants with "
                  "non-participants while holding grade, gender, age band and length of service "
                  "equal.");
    doc_heading(d, 2, "What the comparison can and cannot show", 60);
    report_comparison_caveat(d, c);
    doc_heading(d, 2, "Small groups", 40);
    report_suppression_para(d, c);
    doc_para(d, "Groups whose value was left blank in the roster are shown as \xe2\x80\x9cNot "
                "recorded\xe2\x80\x9d.");
}

int report_retention_build(struct doc *d, void *ctx)
{
    const struct report_ctx *c = ctx;
    const struct figure *hr = report_hr(&c->now, "all", "all");
    const struct figure *sp = report_top(&c->now, "retention.s12", "all", "all");
    const struct figure *sn = report_top(&c->now, "retention.s12", "all", "non-participant");
    const char *brief[5] = { NULL, NULL, NULL, NULL, NULL };
    const char *diff;
    struct group_counts k;

    count_groups(c, &k);
    if (report_has(hr))
        brief[0] = doc_printf(d, "%s (Adjusted hazard ratio %s, 95%% CI %s.)",
                              report_hr_sentence(d, hr, "participants"),
                              report_str(d, hr->estimate, REPORT_RATIO),
                              report_str_ci(d, hr->lower, hr->upper, REPORT_RATIO));
    if (report_has(sp) && report_has(sn))
        brief[1] = doc_printf(d, "After 12 months, %s of participants and %s of non-participants "
                                 "were still employed (a raw comparison).",
                              report_str(d, sp->estimate, REPORT_SHARE),
                              report_str(d, sn->estimate, REPORT_SHARE));
    if (k.shown > 0)
        brief[2] = doc_printf(d, "Across the %zu demographic groups that can be compared, "
                                 "participants were more likely to stay than non-participants "
                                 "of the same group in %zu, clearly so in %zu%s.",
                              k.shown, k.better, k.clearly_better,
                              k.clearly_worse > 0
                                  ? doc_printf(d, "; clearly less likely in %zu", k.clearly_worse)
                                  : "");
    diff = differing_dims(d, c, "all");
    brief[3] = diff != NULL
                   ? doc_printf(d, "Among participants, retention differs between the groups of: "
                                   "%s (Holm-adjusted log-rank p below 0.05).",
                                diff)
                   : "Among participants, no breakdown shows a clear difference in retention "
                     "between its groups (Holm-adjusted log-rank tests).";
    if (k.withheld > 0)
        brief[4] = doc_printf(d, "%zu participant %s withheld (%s people, or hidden so that a "
                                 "small group cannot be worked out).",
                              k.withheld, k.withheld == 1 ? "group is" : "groups are", c->fewer);
    report_cover(d, c, "Retention report",
                 "Prepared for diversity and inclusion leads.", brief, 5);
    overview_page(d, c);
    curves_pages(d, c);
    for (size_t di = 0; REPORT_DIMENSIONS[di] != NULL; di++)
        dimension_section(d, c, REPORT_DIMENSIONS[di]);
    methods_page(d, c);
    return doc_status(d);
}
