/*
 * impact.pdf: the quarterly impact report for leadership (SPEC section 5).
 *
 *   1  cover, with the points in brief
 *   2  summary: seven headline tiles, each with its change on the previous period
 *   3  engagement: monthly series, engagement by cohort, channels and topics
 *   4  confidence before and after, by item, role and cohort
 *   5  satisfaction and recommendation by role and cohort
 *   6  retention against non-participants, led by the adjusted hazard ratio
 *   7  methods: what each figure is, what the comparison can and cannot show
 *   8  data quality: response rates, quarantined rows, withheld figures
 */
#include "reports/documents.h"

#include "charts/chart_dot.h"
#include "charts/chart_dumbbell.h"
#include "charts/chart_forest.h"
#include "charts/chart_km.h"
#include "charts/chart_monthly.h"
#include "charts/chart_tiles.h"
#include "common/status.h"
#include "common/str.h"
#include "reports/context.h"
#include "reports/doc.h"
#include "reports/format.h"
#include "reports/parts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH "\xe2\x80\x93"
#define MINUS "\xe2\x88\x92"

/* ---- small helpers ------------------------------------------------------------ */

static const struct figure *top(const struct report_ctx *c, const char *key)
{
    return report_top(&c->now, key, "all", "all");
}

static const struct figure *top_prev(const struct report_ctx *c, const char *key)
{
    return report_top(&c->prev, key, "all", "all");
}

static const struct figure *hr_of(const struct report_figs *f, const char *cohort,
                                  const char *role)
{
    return report_hr(f, cohort, role);
}

/* 1 when a printed number has a non-zero digit. */
static int nonzero_text(const char *s)
{
    for (; *s; s++)
        if (*s >= '1' && *s <= '9')
            return 1;
    return 0;
}

/*
 * The change line of a tile: "up 16 from 398 in 2026-Q2". `kind` prints the
 * values, `diff_kind` the size of the change.
 */
static void tile_change(struct doc *d, const struct report_ctx *c, struct chart_tile *t,
                        double now, double prev, enum report_kind kind, enum report_kind diff_kind,
                        enum chart_polarity polarity)
{
    struct chart_number f = report_chart_number(diff_kind);
    char size[REPORT_TEXT], was[REPORT_TEXT];
    double diff;

    t->polarity = polarity;
    t->trend = CHART_TREND_NONE;
    if (!isfinite(now))
        return;
    if (!isfinite(prev)) {
        t->change = doc_printf(d, "no figure for %s", c->previous_text);
        return;
    }
    diff = now - prev;
    f.plus = 0;
    chart_number_format(size, sizeof size, fabs(diff), &f);
    report_fmt(was, sizeof was, prev, kind);
    if (!nonzero_text(size)) {
        t->trend = CHART_TREND_FLAT;
        t->change = doc_printf(d, "no change from %s in %s", was, c->previous_text);
        return;
    }
    t->trend = diff > 0 ? CHART_TREND_UP : CHART_TREND_DOWN;
    t->change = doc_printf(d, "%s %s from %s in %s", diff > 0 ? "up" : "down", size, was,
                           c->previous_text);
}

/* A tile whose figure is withheld or missing: say so and nothing else. */
static int tile_empty(const struct report_ctx *c, struct chart_tile *t, const struct figure *f)
{
    if (report_hidden(f)) {
        t->value = c->fewer;
        t->sentence = "Too few people to show this figure without identifying anyone.";
        return 1;
    }
    if (!report_has(f)) {
        t->value = EN_DASH;
        t->sentence = "There is no figure for this period.";
        return 1;
    }
    return 0;
}

static double prev_estimate(const struct figure *f)
{
    return report_has(f) ? f->estimate : NAN;
}

/* ---- 2: summary ------------------------------------------------------------ */

static void tile_active(struct doc *d, const struct report_ctx *c, struct chart_tile *t)
{
    const struct figure *f = top(c, "engagement.active_rate");
    const struct figure *p = top_prev(c, "engagement.active_rate");
    const struct figure *stalled = top(c, "engagement.stalled_rate");

    t->title = "Active pairs";
    if (f == NULL || !isfinite(f->events)) {
        tile_empty(c, t, NULL);
        return;
    }
    t->value = report_str(d, f->events, REPORT_COUNT);
    if (isfinite(f->n))
        t->interval = doc_printf(d, "of %s matched pairs (%s)", report_str(d, f->n, REPORT_COUNT),
                                 report_str(d, f->estimate, REPORT_SHARE));
    tile_change(d, c, t, f->events, p != NULL && !p->suppressed ? p->events : NAN, REPORT_COUNT,
                REPORT_COUNT, CHART_UP_IS_GOOD);
    if (report_has(stalled))
        t->sentence = doc_printf(d, "Pairs that met at least once in %s. %s of matched pairs have "
                                    "not met for more than 60 days.",
                                 c->in->period, report_str(d, stalled->estimate, REPORT_SHARE));
    else
        t->sentence = doc_printf(d, "Pairs that met at least once in %s.", c->in->period);
}

static void tile_sessions(struct doc *d, const struct report_ctx *c, struct chart_tile *t)
{
    const struct figure *f = top(c, "engagement.contact_hours");
    const struct figure *p = top_prev(c, "engagement.contact_hours");
    const struct figure *spp = top(c, "engagement.sessions_per_pair");
    const struct figure *cancel = top(c, "engagement.cancel_rate");

    t->title = "Sessions held";
    if (f == NULL || !isfinite(f->n)) {
        tile_empty(c, t, NULL);
        return;
    }
    t->value = report_str(d, f->n, REPORT_COUNT);
    if (report_has(spp))
        t->interval = doc_printf(d, "%s per active pair (95%% CI %s)",
                                 report_str(d, spp->estimate, REPORT_MEAN),
                                 report_str_ci(d, spp->lower, spp->upper, REPORT_MEAN));
    tile_change(d, c, t, f->n, p != NULL ? p->n : NAN, REPORT_COUNT, REPORT_COUNT,
                CHART_UP_IS_GOOD);
    if (report_has(cancel))
        t->sentence = doc_printf(d, "Mentoring sessions that took place. %s of booked sessions "
                                    "were cancelled or missed.",
                                 report_str(d, cancel->estimate, REPORT_SHARE));
    else
        t->sentence = "Mentoring sessions that took place.";
}

static void tile_hours(struct doc *d, const struct report_ctx *c, struct chart_tile *t)
{
    const struct figure *f = top(c, "engagement.contact_hours");
    const struct figure *p = top_prev(c, "engagement.contact_hours");

    t->title = "Contact hours";
    if (tile_empty(c, t, f))
        return;
    t->value = report_str(d, f->estimate, REPORT_HOURS);
    if (isfinite(f->n))
        t->interval = doc_printf(d, "hours in %s sessions", report_str(d, f->n, REPORT_COUNT));
    tile_change(d, c, t, f->estimate, prev_estimate(p), REPORT_HOURS, REPORT_HOURS,
                CHART_UP_IS_GOOD);
    t->sentence = doc_printf(d, "Time junior mentors and senior leaders spent together in "
                                "sessions held in %s.",
                             c->in->period);
}

/*
 * A tile's estimate with its interval and n, and its change from the
 * previous period (`diff_kind` formats the change), up being good news.
 */
static void tile_estimate(struct doc *d, const struct report_ctx *c, struct chart_tile *t, const struct figure *f,
                          const struct figure *p, enum report_kind kind, enum report_kind diff_kind)
{
    t->value = report_str(d, f->estimate, kind);
    t->interval = doc_printf(d, "95%% CI %s, n = %s", report_str_ci(d, f->lower, f->upper, kind),
                             report_str(d, f->n, REPORT_COUNT));
    tile_change(d, c, t, f->estimate, prev_estimate(p), kind, diff_kind, CHART_UP_IS_GOOD);
}

static void tile_confidence(struct doc *d, const struct report_ctx *c, struct chart_tile *t)
{
    const struct figure *f = top(c, "confidence.change");
    const struct figure *p = top_prev(c, "confidence.change");
    const struct figure *imp = top(c, "confidence.improved");
    char scale[40];

    report_scale_text(c->conf_min, c->conf_max, scale, sizeof scale);
    t->title = doc_printf(d, "Confidence change (scale %s)", scale);
    if (tile_empty(c, t, f))
        return;
    tile_estimate(d, c, t, f, p, REPORT_CHANGE, REPORT_MEAN);
    if (isfinite(f->lower) && f->lower > 0)
        t->sentence = doc_printf(d, "Participants rated their confidence %s points higher on "
                                    "leaving than on joining%s%s%s.",
                                 report_str(d, fabs(f->estimate), REPORT_MEAN),
                                 report_has(imp) ? "; " : "",
                                 report_has(imp) ? report_str(d, imp->estimate, REPORT_SHARE) : "",
                                 report_has(imp) ? " of them improved" : "");
    else if (isfinite(f->upper) && f->upper < 0)
        t->sentence = doc_printf(d, "Participants rated their confidence %s points lower on "
                                    "leaving than on joining.",
                                 report_str(d, fabs(f->estimate), REPORT_MEAN));
    else
        t->sentence = "Participants' confidence on leaving is not clearly different from when "
                      "they joined.";
}

static void tile_satisfaction(struct doc *d, const struct report_ctx *c, struct chart_tile *t)
{
    const struct figure *f = top(c, "satisfaction.mean");
    const struct figure *p = top_prev(c, "satisfaction.mean");
    const struct figure *top2 = top(c, "satisfaction.top2");
    char scale[40];

    report_scale_text(c->sat_min, c->sat_max, scale, sizeof scale);
    t->title = doc_printf(d, "Satisfaction (scale %s)", scale);
    if (tile_empty(c, t, f))
        return;
    tile_estimate(d, c, t, f, p, REPORT_MEAN, REPORT_MEAN);
    if (report_has(top2))
        t->sentence = doc_printf(d, "Average rating of the programme. %s of answers were in the "
                                    "top two points of the scale.",
                                 report_str(d, top2->estimate, REPORT_SHARE));
    else
        t->sentence = "Average rating of the programme by its participants.";
}

static void tile_nps(struct doc *d, const struct report_ctx *c, struct chart_tile *t)
{
    const struct figure *f = top(c, "nps");
    const struct figure *p = top_prev(c, "nps");
    const struct figure *pro = top(c, "nps.promoters");
    const struct figure *det = top(c, "nps.detractors");

    t->title = "Net promoter score";
    if (tile_empty(c, t, f))
        return;
    tile_estimate(d, c, t, f, p, REPORT_NPS, REPORT_NPS);
    if (report_has(pro) && report_has(det))
        t->sentence = doc_printf(d, "%s would recommend the programme (9 or 10 out of 10) and %s "
                                    "would not (0 to 6), on a scale of " MINUS "100 to +100.",
                                 report_str(d, pro->estimate, REPORT_SHARE),
                                 report_str(d, det->estimate, REPORT_SHARE));
    else
        t->sentence = "Share who would recommend the programme less the share who would not.";
}

static void tile_hr(struct doc *d, const struct report_ctx *c, struct chart_tile *t)
{
    const struct figure *f = hr_of(&c->now, "all", "all");
    const struct figure *p = hr_of(&c->prev, "all", "all");

    t->title = "Leaving rate against similar colleagues";
    if (tile_empty(c, t, f))
        return;
    t->value = report_str(d, f->estimate, REPORT_RATIO);
    t->interval = doc_printf(d, "adjusted hazard ratio, 95%% CI %s",
                             report_str_ci(d, f->lower, f->upper, REPORT_RATIO));
    t->polarity = CHART_UP_IS_BAD;
    if (report_has(p)) {
        char now[REPORT_TEXT], was[REPORT_TEXT];

        report_fmt(now, sizeof now, f->estimate, REPORT_RATIO);
        report_fmt(was, sizeof was, p->estimate, REPORT_RATIO);
        t->trend = strcmp(now, was) == 0 ? CHART_TREND_FLAT
                                         : (f->estimate > p->estimate ? CHART_TREND_UP
                                                                      : CHART_TREND_DOWN);
        t->change = doc_printf(d, "%s%s in %s", t->trend == CHART_TREND_FLAT ? "the same as " : "was ",
                               was, c->previous_text);
    } else {
        t->change = doc_printf(d, "no figure for %s", c->previous_text);
    }
    t->sentence = report_hr_sentence(d, f, "participants");
}

static void tile_retention(struct doc *d, const struct report_ctx *c, struct chart_tile *t)
{
    const struct figure *f = report_top(&c->now, "retention.s12", "all", "all");
    const struct figure *p = report_top(&c->prev, "retention.s12", "all", "all");
    const struct figure *np = report_top(&c->now, "retention.s12", "all", "non-participant");

    t->title = "Still employed after 12 months";
    if (tile_empty(c, t, f))
        return;
    t->value = report_str(d, f->estimate, REPORT_SHARE);
    t->interval = doc_printf(d, "of participants, 95%% CI %s",
                             report_str_ci(d, f->lower, f->upper, REPORT_SHARE));
    tile_change(d, c, t, f->estimate, prev_estimate(p), REPORT_SHARE, REPORT_POINTS,
                CHART_UP_IS_GOOD);
    if (report_has(np))
        t->sentence = doc_printf(d, "Against %s of colleagues who did not take part: a raw "
                                    "comparison, which the adjusted figure beside it corrects "
                                    "for who chooses to join.",
                                 report_str(d, np->estimate, REPORT_SHARE));
    else
        t->sentence = "A raw figure; the adjusted comparison beside it is the fairer one.";
}

static void summary_page(struct doc *d, const struct report_ctx *c)
{
    struct chart_tile *tiles = doc_alloc(d, 8 * sizeof *tiles);
    struct chart_tiles spec;

    if (tiles == NULL)
        return;
    doc_page(d, 0);
    doc_heading(d, 1, doc_printf(d, "Summary of %s", c->in->period), 0);
    doc_para(d, doc_printf(d, "The headline figures for all cohorts together, each with its "
                              "change since %s. Arrows point the way a figure moved: green when "
                              "that is good news, vermillion when it is not; the words say the "
                              "same.",
                           c->previous_text));
    tile_active(d, c, &tiles[0]);
    tile_sessions(d, c, &tiles[1]);
    tile_hours(d, c, &tiles[2]);
    tile_confidence(d, c, &tiles[3]);
    tile_satisfaction(d, c, &tiles[4]);
    tile_nps(d, c, &tiles[5]);
    tile_hr(d, c, &tiles[6]);
    tile_retention(d, c, &tiles[7]);
    memset(&spec, 0, sizeof spec);
    spec.ntiles = 8;
    spec.tiles = tiles;
    spec.columns = 2;
    spec.note = doc_printf(d, "95%% CI: the range that the true value lies in with 95%% "
                              "confidence. n: the people behind a figure. The hazard ratio "
                              "compares participants with colleagues of the same grade, gender, "
                              "age band and length of service; below 1 means they leave less "
                              "(page on retention).");
    doc_chart(d, "impact-summary", doc_room(d) - 4, chart_tiles_draw_cb, &spec);
}

/* ---- 3: engagement --------------------------------------------------------- */

static void engagement_table(struct doc *d, const struct report_ctx *c)
{
    static const struct doc_col cols[] = {
        { "Cohort", 2.5, CHART_LEFT }, { "Matched pairs", 0.9, CHART_RIGHT },
        { "Active (met at least once)", 1.2, CHART_RIGHT },
        { "Sessions per active pair", 1.0, CHART_RIGHT },
        { "Cancelled or missed", 1.0, CHART_RIGHT }, { "Stalled over 60 days", 1.0, CHART_RIGHT },
        { "Median days between sessions", 1.1, CHART_RIGHT },
        { "Contact hours", 0.9, CHART_RIGHT },
    };
    struct doc_table *t = doc_table_new(d, cols, sizeof cols / sizeof *cols);

    for (size_t i = 0; i <= c->in->ncohorts; i++) {
        const char *code = i == 0 ? "all" : c->in->cohorts[i - 1].code;
        const struct figure *act = report_top(&c->now, "engagement.active_rate", code, "all");
        char label[160];

        report_cohort_label(c, code, 1, label, sizeof label);
        doc_table_cell(t, label, i == 0 ? DOC_CELL_BOLD : DOC_CELL_PLAIN);
        report_cell_n(t, c, act, 0);
        if (act != NULL && isfinite(act->events))
            doc_table_cell2(t, report_str(d, act->events, REPORT_COUNT),
                            report_str(d, act->estimate, REPORT_SHARE), DOC_CELL_PLAIN);
        else
            doc_table_cell(t, EN_DASH, DOC_CELL_QUIET);
        report_cell(t, d, c, report_top(&c->now, "engagement.sessions_per_pair", code, "all"),
                    REPORT_MEAN, 0, NULL);
        report_cell(t, d, c, report_top(&c->now, "engagement.cancel_rate", code, "all"),
                    REPORT_SHARE, 0, NULL);
        report_cell(t, d, c, report_top(&c->now, "engagement.stalled_rate", code, "all"),
                    REPORT_SHARE, 0, NULL);
        report_cell(t, d, c, report_top(&c->now, "engagement.gap_days", code, "all"),
                    REPORT_DAYS, 0, NULL);
        report_cell(t, d, c, report_top(&c->now, "engagement.contact_hours", code, "all"),
                    REPORT_HOURS, 0, NULL);
    }
    doc_table_end(d, t);
}

/* Bars of the shares of one engagement breakdown (channel or topic), largest first. */
static void share_chart(struct doc *d, const struct report_ctx *c, const char *key,
                        const char *dimension, const char *name, const char *title,
                        const char *note)
{
    enum { MAX_SHOWN = 15, MAX_GROUPS = 1024 };
    const char *groups[MAX_GROUPS];
    size_t n = report_groups(&c->now, key, "all", NULL, "all", dimension, groups, MAX_GROUPS);
    size_t all;
    struct chart_dot_row *rows;
    struct chart_dot *spec;

    if (n > MAX_GROUPS)
        n = MAX_GROUPS;
    all = n;
    rows = doc_alloc(d, (n ? n : 1) * sizeof *rows);
    spec = doc_alloc(d, sizeof *spec);
    if (rows == NULL || spec == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        const struct figure *f = report_get(&c->now, key, "all", NULL, "all", dimension,
                                            groups[i], NULL, NULL);

        rows[i].label = strcmp(dimension, "channel") == 0 ? report_channel_label(groups[i])
                                                          : report_group_label(groups[i]);
        rows[i].suppressed = report_hidden(f);
        rows[i].est[0] = report_has(f) ? f->estimate : NAN;
        rows[i].lo[0] = rows[i].hi[0] = NAN;
        rows[i].est[1] = rows[i].lo[1] = rows[i].hi[1] = NAN;
    }
    /* largest share first (insertion sort: a handful of rows) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && (rows[j].est[0] > rows[j - 1].est[0] ||
                                     (isnan(rows[j - 1].est[0]) && !isnan(rows[j].est[0])));
             j--) {
            struct chart_dot_row tmp = rows[j];

            rows[j] = rows[j - 1];
            rows[j - 1] = tmp;
        }
    /* free-text tags can be many: the most common ones, and say so */
    if (n > MAX_SHOWN) {
        n = MAX_SHOWN;
        note = doc_printf(d, "%s The %d most common of %zu; the workbook lists them all.", note,
                          MAX_SHOWN, all);
    }
    spec->title = title;
    spec->note = note;
    spec->x_title = "Share of sessions held (%)";
    spec->nseries = 1;
    spec->nrows = n;
    spec->rows = rows;
    spec->format = report_chart_number(REPORT_SHARE);
    spec->x_min = 0;
    spec->x_max = 0;
    spec->bars = 1;
    spec->show_values = 1;
    spec->suppressed_text = c->fewer;
    doc_chart(d, name, 58 + 18 * (double)(n ? n : 1) + 14, chart_dot_draw_cb, spec);
}

static void engagement_pages(struct doc *d, const struct report_ctx *c)
{
    const struct figure *act = top(c, "engagement.active_rate");
    const struct figure *hours = top(c, "engagement.contact_hours");
    struct chart_monthly *m = doc_alloc(d, sizeof *m);
    const char **months;
    double *sessions, *pairs;
    size_t nm = report_monthly(d, c, "all", &months, &sessions, &pairs);
    char last[40] = "";

    if (m == NULL)
        return;
    doc_page(d, 0);
    doc_heading(d, 1, "Engagement", 0);
    if (act != NULL && isfinite(act->events) && hours != NULL && isfinite(hours->n))
        doc_para(d, doc_printf(d, "In %s, %s of %s matched pairs (%s) held at least one "
                                  "session: %s sessions and %s hours together in all.",
                               c->in->period, report_str(d, act->events, REPORT_COUNT),
                               report_str(d, act->n, REPORT_COUNT),
                               report_str(d, act->estimate, REPORT_SHARE),
                               report_str(d, hours->n, REPORT_COUNT),
                               report_str(d, hours->estimate, REPORT_HOURS)));
    if (nm > 0)
        report_fmt_month(last, sizeof last, months[nm - 1]);
    m->title = "Sessions held and active pairs, month by month";
    m->subtitle = nm > 0 ? doc_printf(d, "All cohorts, the %zu months to %s", nm, last) : NULL;
    m->note = "Active pairs: pairs that held at least one session that month.";
    m->nmonths = nm;
    m->months = months;
    m->sessions = sessions;
    m->pairs = pairs;
    doc_chart(d, "impact-monthly", 270, chart_monthly_draw_cb, m);

    doc_heading(d, 2, "Engagement by cohort", 80);
    engagement_table(d, c);
    doc_para(d, "Stalled: a matched pair whose last session was more than 60 days before the "
                "end of the period. Cancelled or missed: the share of booked sessions that were "
                "cancelled or where someone did not show.");

    share_chart(d, c, "engagement.channel", "channel", "impact-channels",
                "How pairs met", "Share of the sessions held in the period, all cohorts.");
    share_chart(d, c, "engagement.topic", "topic", "impact-topics", "What pairs talked about",
                "A session can cover several topics, so the shares add up to more than 100%.");
}

/* ---- 4: confidence ----------------------------------------------------------- */

static void confidence_rows_table(struct doc *d, const struct report_ctx *c)
{
    static const struct doc_col cols[] = {
        { "Who", 2.2, CHART_LEFT }, { "People with both surveys", 1.0, CHART_RIGHT },
        { "On joining", 0.9, CHART_RIGHT }, { "On leaving", 0.9, CHART_RIGHT },
        { "Change (95% CI)", 1.5, CHART_RIGHT }, { "p (paired t-test)", 0.9, CHART_RIGHT },
        { "Improved", 0.9, CHART_RIGHT },
    };
    static const char *const roles[3] = { "all", "mentor", "mentee" };
    struct doc_table *t = doc_table_new(d, cols, sizeof cols / sizeof *cols);

    for (size_t i = 0; i < 3 + c->in->ncohorts; i++) {
        const char *cohort = i < 3 ? "all" : c->in->cohorts[i - 3].code;
        const char *role = i < 3 ? roles[i] : "all";
        const struct figure *ch = report_top(&c->now, "confidence.change", cohort, role);
        char label[160];

        if (i == 0)
            doc_table_group(t, "All cohorts, by role");
        if (i == 3)
            doc_table_group(t, "By cohort, everyone");
        if (i < 3)
            str_copy(label, sizeof label, report_role_label(role));
        else
            report_cohort_label(c, cohort, 1, label, sizeof label);
        doc_table_cell(t, label, DOC_CELL_PLAIN);
        if (report_hidden(ch)) {
            report_cells_hidden(t, c, 6);
            continue;
        }
        report_cell_n(t, c, ch, 0);
        report_cell(t, d, c, report_top(&c->now, "confidence.baseline", cohort, role), REPORT_MEAN,
                    0, NULL);
        report_cell(t, d, c, report_top(&c->now, "confidence.exit", cohort, role), REPORT_MEAN, 0,
                    NULL);
        report_cell(t, d, c, ch, REPORT_CHANGE, 1, NULL);
        if (report_has(ch))
            report_cell_p(t, ch->p);
        else
            doc_table_cell(t, "", DOC_CELL_PLAIN);
        report_cell(t, d, c, report_top(&c->now, "confidence.improved", cohort, role),
                    REPORT_SHARE, 0, NULL);
    }
    doc_table_end(d, t);
}

/* The items in full, with their change and its Benjamini-Hochberg-adjusted p. */
static void confidence_items_table(struct doc *d, const struct report_ctx *c, const char **items,
                                   size_t ni)
{
    static const struct doc_col cols[] = {
        { "Topic", 3.2, CHART_LEFT }, { "On joining", 0.8, CHART_RIGHT },
        { "On leaving", 0.8, CHART_RIGHT }, { "Change (95% CI)", 1.2, CHART_RIGHT },
        { "p (adjusted over the topics)", 1.1, CHART_RIGHT },
    };
    struct doc_table *t;

    if (ni == 0)
        return;
    doc_heading(d, 3, "Each topic in full", 60);
    t = doc_table_new(d, cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < ni; i++) {
        const struct figure *k = report_get(&c->now, "confidence.item_change", "all", NULL, "all",
                                            "none", "all", items[i], NULL);

        if (report_item_reversed(c, items[i]))
            doc_table_cell2(t, report_item_label(c, items[i]),
                            "reversed: worded negatively, scored so that higher is better",
                            DOC_CELL_PLAIN);
        else
            doc_table_cell(t, report_item_label(c, items[i]), DOC_CELL_PLAIN);
        if (report_hidden(k)) {
            report_cells_hidden(t, c, 4);
            continue;
        }
        report_cell(t, d, c, report_get(&c->now, "confidence.item_baseline", "all", NULL, "all",
                                        "none", "all", items[i], NULL),
                    REPORT_MEAN, 0, NULL);
        report_cell(t, d, c, report_get(&c->now, "confidence.item_exit", "all", NULL, "all", "none",
                                        "all", items[i], NULL),
                    REPORT_MEAN, 0, NULL);
        report_cell(t, d, c, k, REPORT_CHANGE, 1, NULL);
        report_cell_p(t, k != NULL ? k->p_adj : NAN);
    }
    doc_table_end(d, t);
}

static void confidence_page(struct doc *d, const struct report_ctx *c)
{
    const struct figure *base = top(c, "confidence.baseline");
    const struct figure *exit_ = top(c, "confidence.exit");
    const struct figure *ch = top(c, "confidence.change");
    const struct figure *wil = top(c, "confidence.wilcoxon");
    const struct figure *dz = top(c, "confidence.dz");
    const struct figure *imp = top(c, "confidence.improved");
    const struct figure *ab = top(c, "confidence.alpha_baseline");
    const struct figure *ae = top(c, "confidence.alpha_exit");
    const char *items[32];
    size_t ni = report_items_of(c, "confidence", items, 32);
    struct chart_dumbbell_row *rows = doc_alloc(d, (ni ? ni : 1) * sizeof *rows);
    struct chart_dumbbell *spec = doc_alloc(d, sizeof *spec);
    char scale[40];

    if (rows == NULL || spec == NULL)
        return;
    report_scale_text(c->conf_min, c->conf_max, scale, sizeof scale);
    doc_page(d, 0);
    doc_heading(d, 1, "Confidence before and after", 0);
    if (report_has(ch) && report_has(base) && report_has(exit_)) {
        doc_para(d, doc_printf(d, "Participants rated their confidence on %zu topics, from %s, "
                                  "when they joined and when they left. The average score was "
                                  "%s on joining (%s people) and %s on leaving (%s people). "
                                  "Among the %s people who answered both times, it changed by "
                                  "%s points (95%% CI %s; paired t-test %s%s%s).",
                               ni, scale, report_str(d, base->estimate, REPORT_MEAN),
                               report_str(d, base->n, REPORT_COUNT),
                               report_str(d, exit_->estimate, REPORT_MEAN),
                               report_str(d, exit_->n, REPORT_COUNT),
                               report_str(d, ch->n, REPORT_COUNT),
                               report_str(d, ch->estimate, REPORT_CHANGE),
                               report_str_ci(d, ch->lower, ch->upper, REPORT_CHANGE),
                               report_str_p(d, ch->p),
                               wil != NULL && isfinite(wil->p) ? "; Wilcoxon signed-rank " : "",
                               wil != NULL && isfinite(wil->p) ? report_str_p(d, wil->p) : ""));
        if (report_has(dz) && report_has(imp))
            doc_para(d, doc_printf(d, "%s of them improved. The effect size (Cohen's d for paired "
                                      "scores) is %s: about 0.2 is small, 0.5 medium, 0.8 large.",
                                   report_str(d, imp->estimate, REPORT_SHARE),
                                   report_str(d, dz->estimate, REPORT_MEAN)));
        if (report_has(ab) && report_has(ae))
            doc_para(d, doc_printf(d, "The %zu questions measure one thing consistently "
                                      "(Cronbach's alpha %s on joining and %s on leaving; 0.7 or "
                                      "more is usually taken as reliable).",
                                   ni, report_str(d, ab->estimate, REPORT_MEAN),
                                   report_str(d, ae->estimate, REPORT_MEAN)));
    } else if (report_hidden(ch)) {
        doc_para(d, doc_printf(d, "Fewer than %d people answered the confidence survey both on "
                                  "joining and on leaving, so no figures are shown.",
                               c->in->min_cell));
    } else {
        doc_para(d, "Nobody has yet answered the confidence survey both on joining and on "
                    "leaving.");
    }
    for (size_t i = 0; i < ni; i++) {
        const struct figure *b = report_get(&c->now, "confidence.item_baseline", "all", NULL, "all",
                                            "none", "all", items[i], NULL);
        const struct figure *e = report_get(&c->now, "confidence.item_exit", "all", NULL, "all",
                                            "none", "all", items[i], NULL);
        const struct figure *k = report_get(&c->now, "confidence.item_change", "all", NULL, "all",
                                            "none", "all", items[i], NULL);

        rows[i].label = report_item_reversed(c, items[i])
                            ? doc_printf(d, "(reversed) %s", report_item_label(c, items[i]))
                            : report_item_label(c, items[i]);
        rows[i].suppressed = report_hidden(b) || report_hidden(e) || report_hidden(k);
        rows[i].before = report_has(b) ? b->estimate : NAN;
        rows[i].after = report_has(e) ? e->estimate : NAN;
        rows[i].change = report_has(k) ? k->estimate : NAN;
        rows[i].change_lo = report_has(k) ? k->lower : NAN;
        rows[i].change_hi = report_has(k) ? k->upper : NAN;
    }
    spec->title = "Confidence on each topic, on joining and on leaving";
    spec->subtitle = doc_printf(d, "Average score (%s), all cohorts; right: the average change of "
                                   "the people who answered both times",
                                scale);
    spec->before_label = "On joining";
    spec->after_label = "On leaving";
    spec->x_title = doc_printf(d, "Average score (%s)", scale);
    spec->format = report_chart_number(REPORT_MEAN);
    spec->format.decimals = 1;
    spec->x_min = c->conf_min;
    spec->x_max = c->conf_max;
    spec->show_change = 1;
    spec->change_title = "Change (95% CI)";
    spec->change_format = report_chart_number(REPORT_CHANGE);
    spec->change_format.decimals = 1;
    spec->nrows = ni;
    spec->rows = rows;
    spec->suppressed_text = c->fewer;
    doc_chart(d, "impact-confidence-items", 92 + 20 * (double)(ni ? ni : 1), chart_dumbbell_draw_cb,
              spec);
    confidence_items_table(d, c, items, ni);
    doc_heading(d, 2, "By role and by cohort", 80);
    confidence_rows_table(d, c);
}

/* ---- 5: satisfaction and NPS ------------------------------------------------- */

/* The scopes of the satisfaction page: all cohorts by role, then each cohort. */
static size_t sat_scopes(const struct report_ctx *c, size_t i, const char **cohort,
                         const char **role)
{
    static const char *const roles[3] = { "all", "mentor", "mentee" };

    *cohort = i < 3 ? "all" : c->in->cohorts[i - 3].code;
    *role = i < 3 ? roles[i] : "all";
    return 3 + c->in->ncohorts;
}

static void sat_chart(struct doc *d, const struct report_ctx *c, const char *key,
                      enum report_kind kind, const char *name, const char *title,
                      const char *subtitle, const char *x_title, double lo, double hi)
{
    size_t n = 3 + c->in->ncohorts, nrows = n + 2, r = 0;
    struct chart_dot_row *rows = doc_alloc(d, nrows * sizeof *rows);
    struct chart_dot *spec = doc_alloc(d, sizeof *spec);

    if (rows == NULL || spec == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        const char *cohort, *role;
        const struct figure *f;
        char label[160];

        sat_scopes(c, i, &cohort, &role);
        if (i == 0 || i == 3) {
            rows[r].label = i == 0 ? "All cohorts" : "By cohort";
            rows[r].header = 1;
            for (int j = 0; j < 2; j++)
                rows[r].est[j] = rows[r].lo[j] = rows[r].hi[j] = NAN;
            r++;
        }
        f = report_top(&c->now, key, cohort, role);
        if (i < 3)
            rows[r].label = report_role_label(role);
        else {
            report_cohort_label(c, cohort, 1, label, sizeof label);
            rows[r].label = doc_strdup(d, label);
        }
        rows[r].suppressed = report_hidden(f);
        rows[r].est[0] = report_has(f) ? f->estimate : NAN;
        rows[r].lo[0] = report_has(f) ? f->lower : NAN;
        rows[r].hi[0] = report_has(f) ? f->upper : NAN;
        rows[r].est[1] = rows[r].lo[1] = rows[r].hi[1] = NAN;
        r++;
    }
    spec->title = title;
    spec->subtitle = subtitle;
    spec->x_title = x_title;
    spec->nseries = 1;
    spec->nrows = r;
    spec->rows = rows;
    spec->format = report_chart_number(kind);
    spec->x_min = lo;
    spec->x_max = hi;
    spec->show_values = 1;
    spec->suppressed_text = c->fewer;
    if (kind == REPORT_NPS) {
        spec->has_ref = 1;
        spec->ref = 0;
    }
    doc_chart(d, name, 84 + 18 * (double)r, chart_dot_draw_cb, spec);
}

static void satisfaction_page(struct doc *d, const struct report_ctx *c)
{
    static const struct doc_col cols[] = {
        { "Who", 2.1, CHART_LEFT }, { "People", 0.7, CHART_RIGHT },
        { "Satisfaction (95% CI)", 1.3, CHART_RIGHT }, { "Top two points", 0.9, CHART_RIGHT },
        { "Net promoter score (95% CI)", 1.4, CHART_RIGHT }, { "Promoters", 0.9, CHART_RIGHT },
        { "Detractors", 0.9, CHART_RIGHT },
    };
    const struct figure *sat = top(c, "satisfaction.mean");
    const struct figure *nps = top(c, "nps");
    const struct figure *pro = top(c, "nps.promoters");
    const struct figure *det = top(c, "nps.detractors");
    struct doc_table *t;
    char scale[40];
    size_t n = 3 + c->in->ncohorts;

    report_scale_text(c->sat_min, c->sat_max, scale, sizeof scale);
    doc_page(d, 0);
    doc_heading(d, 1, "Satisfaction and recommendation", 0);
    if (report_has(sat) && report_has(nps) && report_has(pro) && report_has(det))
        doc_para(d, doc_printf(d, "Participants rated the programme %s on average on a scale of "
                                  "%s (95%% CI %s, %s people). Asked how likely they are to "
                                  "recommend it, %s answered 9 or 10 and %s answered 0 to 6: a "
                                  "net promoter score of %s (95%% CI %s). Scores above 0 mean "
                                  "more promoters than detractors; above +30 is usually read "
                                  "as good.",
                               report_str(d, sat->estimate, REPORT_MEAN), scale,
                               report_str_ci(d, sat->lower, sat->upper, REPORT_MEAN),
                               report_str(d, sat->n, REPORT_COUNT),
                               report_str(d, pro->estimate, REPORT_SHARE),
                               report_str(d, det->estimate, REPORT_SHARE),
                               report_str(d, nps->estimate, REPORT_NPS),
                               report_str_ci(d, nps->lower, nps->upper, REPORT_NPS)));
    sat_chart(d, c, "satisfaction.mean", REPORT_MEAN, "impact-satisfaction",
              "Satisfaction by role and cohort",
              "Average rating with its 95% interval; the latest survey each person answered",
              doc_printf(d, "Average rating (%s)", scale), c->sat_min, c->sat_max);
    sat_chart(d, c, "nps", REPORT_NPS, "impact-nps", "Net promoter score by role and cohort",
              "Share of promoters (9-10) less share of detractors (0-6), with its 95% interval",
              "Net promoter score (" MINUS "100 to +100)", 0, 0);
    doc_heading(d, 2, "The figures behind the charts", 80);
    t = doc_table_new(d, cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < n; i++) {
        const char *cohort, *role;
        const struct figure *s, *f;
        char label[160];

        sat_scopes(c, i, &cohort, &role);
        if (i == 0)
            doc_table_group(t, "All cohorts, by role");
        if (i == 3)
            doc_table_group(t, "By cohort, everyone");
        if (i < 3)
            str_copy(label, sizeof label, report_role_label(role));
        else
            report_cohort_label(c, cohort, 1, label, sizeof label);
        s = report_top(&c->now, "satisfaction.mean", cohort, role);
        f = report_top(&c->now, "nps", cohort, role);
        doc_table_cell(t, label, DOC_CELL_PLAIN);
        if (report_hidden(s) && report_hidden(f)) {
            report_cells_hidden(t, c, 6);
            continue;
        }
        report_cell_n(t, c, s, 0);
        report_cell(t, d, c, s, REPORT_MEAN, 1, NULL);
        report_cell(t, d, c, report_top(&c->now, "satisfaction.top2", cohort, role), REPORT_SHARE,
                    0, NULL);
        report_cell(t, d, c, f, REPORT_NPS, 1, NULL);
        report_cell(t, d, c, report_top(&c->now, "nps.promoters", cohort, role), REPORT_SHARE, 0,
                    NULL);
        report_cell(t, d, c, report_top(&c->now, "nps.detractors", cohort, role), REPORT_SHARE, 0,
                    NULL);
    }
    doc_table_end(d, t);
    doc_para(d, doc_printf(d, "Top two points: the share of all answers to the satisfaction "
                              "questions in the two highest points of the scale. People: those "
                              "with a satisfaction score."));
}

/* ---- 6: retention ------------------------------------------------------------ */

static void retention_page(struct doc *d, const struct report_ctx *c)
{
    const struct figure *hr = hr_of(&c->now, "all", "all");
    const struct figure *vs = report_get(&c->now, "retention.vs_comparison", "all",
                                         "non-participants", "all", "none", "all", NULL, NULL);
    const struct figure *sp = report_top(&c->now, "retention.s12", "all", "all");
    const struct figure *sn = report_top(&c->now, "retention.s12", "all", "non-participant");

    doc_page(d, 0);
    doc_heading(d, 1, "Retention against non-participants", 0);
    if (report_has(hr))
        doc_para(d, doc_printf(d, "%s The adjusted hazard ratio is %s (95%% CI %s, %s).",
                               report_hr_sentence(d, hr, "participants"),
                               report_str(d, hr->estimate, REPORT_RATIO),
                               report_str_ci(d, hr->lower, hr->upper, REPORT_RATIO),
                               report_str_p(d, hr->p)));
    else if (report_hidden(hr))
        doc_para(d, doc_printf(d, "The adjusted comparison is withheld: %s people on one side.",
                               c->fewer));
    report_comparison_caveat(d, c);
    report_hr_forest(d, c, "impact-retention-hr");
    report_km_chart(d, c, "impact-retention-curves", "all",
                    "Still employed: participants and non-participants");
    if (report_has(sp) && report_has(sn) && report_has(vs))
        doc_para(d, doc_printf(d, "After 12 months, %s of participants were still employed "
                                  "against %s of non-participants: a raw difference of %s "
                                  "(95%% CI %s; log-rank %s). Part of this raw difference "
                                  "reflects who chooses to take part.",
                               report_str(d, sp->estimate, REPORT_SHARE),
                               report_str(d, sn->estimate, REPORT_SHARE),
                               report_str(d, vs->estimate, REPORT_POINTS),
                               report_str_ci(d, vs->lower, vs->upper, REPORT_POINTS),
                               report_str_p(d, vs->p)));
    doc_heading(d, 2, "Still employed after 6, 12 and 24 months, all cohorts", 90);
    report_retention_table(d, c, "all");
    doc_para(d, "\xe2\x80\x9cNot yet\xe2\x80\x9d: nobody has been followed that long. The "
                "retention report breaks these figures down by gender, ethnicity, age band, "
                "grade, staff network, department and organisation.");
}

/* ---- 7: methods --------------------------------------------------------------- */

static void methods_page(struct doc *d, const struct report_ctx *c)
{
    char scale[40], sscale[40];

    report_scale_text(c->conf_min, c->conf_max, scale, sizeof scale);
    report_scale_text(c->sat_min, c->sat_max, sscale, sizeof sscale);
    doc_page(d, 0);
    doc_heading(d, 1, "Methods: what each figure is", 0);
    doc_para(d, doc_printf(d, "All figures cover %s and count what happened up to %s. A pair is "
                              "a junior mentor and the senior leader they mentor.",
                           c->period_text, c->as_of_text));
    doc_bullet(d, "Active pairs: matched pairs that held at least one session in the period, out "
                  "of the pairs matched and not ended by then.");
    doc_bullet(d, "Sessions held and contact hours: sessions that took place in the period and "
                  "the hours they lasted (a session without a recorded length counts as zero).");
    doc_bullet(d, doc_printf(d, "Confidence change: each participant answers the same questions "
                                "on joining and on leaving (%s); their score is the average of "
                                "their answers, and the change is the leaving score less the "
                                "joining score, averaged over everyone who answered both times.",
                             scale));
    doc_bullet(d, doc_printf(d, "Satisfaction: the average of each person's answers to the "
                                "satisfaction questions (%s) in the latest survey they answered.",
                             sscale));
    doc_bullet(d, "Net promoter score: the share who would recommend the programme (9 or 10 out "
                  "of 10) less the share who would not (0 to 6).");
    doc_bullet(d, "Retention: the share of people still employed 6, 12 and 24 months after they "
                  "started, from the HR roster (Kaplan-Meier estimates, which use everyone for as "
                  "long as they have been followed).");
    doc_bullet(d, "Adjusted hazard ratio: how fast participants leave compared with similar "
                  "colleagues who did not take part, allowing for grade, gender, age band and "
                  "length of service (a Cox model). Below 1, participants leave at a lower rate "
                  "at any point in time; 1 means no difference.");
    doc_heading(d, 2, "What the comparison can and cannot show", 60);
    report_comparison_caveat(d, c);
    doc_heading(d, 2, "Intervals, tests and change since the last period", 60);
    doc_para(d, "A 95% interval (95% CI) gives the range the true figure lies in with 95% "
                "confidence; a wide interval means few people. A p-value below 0.05 is "
                "conventionally read as a difference unlikely to be chance. Where many groups are "
                "tested together, p-values are adjusted (Holm, or Benjamini-Hochberg for the "
                "survey questions) so that some differences do not look real by chance alone.");
    doc_para(d, doc_printf(d, "Changes on the summary page compare each figure with the same "
                              "figure for %s, the previous period of the same length; they are "
                              "not tested, so small changes may be noise.",
                           c->previous_text));
    doc_heading(d, 2, "Small groups", 40);
    report_suppression_para(d, c);
}

/* ---- 8: data quality ------------------------------------------------------------ */

static void quality_page(struct doc *d, const struct report_ctx *c)
{
    static const char *const waves[4] = { "baseline", "midpoint", "exit", "followup" };
    static const char *const kinds[7] = { "people", "cohorts", "items", "participants", "pairs",
                                          "sessions", "responses" };
    struct doc_col cols[5] = {
        { "Cohort", 2.0, CHART_LEFT }, { "Baseline (on joining)", 1.0, CHART_RIGHT },
        { "Midpoint", 1.0, CHART_RIGHT }, { "Exit (on leaving)", 1.0, CHART_RIGHT },
        { "Follow-up", 1.0, CHART_RIGHT },
    };
    static const struct doc_col qcols[3] = {
        { "Input", 2.0, CHART_LEFT }, { "Rows in the database", 1.0, CHART_RIGHT },
        { "Rows set aside (quarantined) so far", 1.4, CHART_RIGHT },
    };
    struct doc_table *t;
    double total_q = 0;
    size_t withheld = 0, all = 0;

    doc_page(d, 0);
    doc_heading(d, 1, "Data quality", 0);
    doc_para(d, "How complete the data behind this report is. Low response rates make survey "
                "figures less certain and may tilt them towards the more enthusiastic.");
    doc_heading(d, 2, "Survey response rates", 80);
    t = doc_table_new(d, cols, 5);
    for (size_t i = 0; i <= c->in->ncohorts; i++) {
        const char *code = i == 0 ? "all" : c->in->cohorts[i - 1].code;
        char label[160];

        report_cohort_label(c, code, 1, label, sizeof label);
        doc_table_cell(t, label, i == 0 ? DOC_CELL_BOLD : DOC_CELL_PLAIN);
        for (int w = 0; w < 4; w++) {
            const struct figure *f = report_get(&c->now, "quality.response_rate", code, NULL, "all",
                                                "wave", waves[w], NULL, NULL);

            if (f != NULL && !f->suppressed && isfinite(f->estimate))
                doc_table_cell2(t, report_str(d, f->estimate, REPORT_SHARE),
                                doc_printf(d, "%s of %s", report_str(d, f->events, REPORT_COUNT),
                                           report_str(d, f->n, REPORT_COUNT)),
                                DOC_CELL_PLAIN);
            else if (report_hidden(f))
                doc_table_cell(t, c->fewer, DOC_CELL_QUIET);
            else
                doc_table_cell(t, "no answers yet", DOC_CELL_QUIET);
        }
    }
    doc_table_end(d, t);
    doc_para(d, "Response rate: the share of the cohort's participants who answered at least one "
                "question of that survey.");

    doc_heading(d, 2, "Rows set aside on loading", 80);
    t = doc_table_new(d, qcols, 3);
    for (int k = 0; k < 7; k++) {
        const struct figure *f = report_get(&c->now, "quality.quarantined", "all", NULL, "all",
                                            "kind", kinds[k], NULL, NULL);

        doc_table_cell(t, report_kind_label(kinds[k]), DOC_CELL_PLAIN);
        doc_table_cell(t, report_str(d, (double)c->in->input_rows[k], REPORT_COUNT),
                       DOC_CELL_PLAIN);
        if (f != NULL && isfinite(f->n)) {
            doc_table_cell(t, report_str(d, f->n, REPORT_COUNT), DOC_CELL_PLAIN);
            total_q += f->n;
        } else {
            doc_table_cell(t, EN_DASH, DOC_CELL_QUIET);
        }
    }
    doc_table_end(d, t);
    doc_para(d, doc_printf(d, "%s rows were set aside because they broke a rule (a missing "
                              "value, a date that does not exist, a reference to someone not in "
                              "the roster). Each one is listed with its reason by the load "
                              "command so that it can be fixed at source and loaded again.",
                           report_str(d, total_q, REPORT_COUNT)));

    for (size_t i = 0; c->in->figures != NULL && i < c->in->figures->len; i++) {
        all++;
        withheld += (size_t)(c->in->figures->rows[i].suppressed != 0);
    }
    doc_heading(d, 2, "Figures withheld", 40);
    doc_para(d, doc_printf(d, "%s of the %s figures of this run are withheld because they "
                              "describe %s people.",
                           report_str(d, (double)withheld, REPORT_COUNT),
                           report_str(d, (double)all, REPORT_COUNT), c->fewer));
}

/* ---- the document ------------------------------------------------------------- */

int report_impact_build(struct doc *d, void *ctx)
{
    const struct report_ctx *c = ctx;
    const struct figure *hr = hr_of(&c->now, "all", "all");
    const struct figure *ch = top(c, "confidence.change");
    const struct figure *sat = top(c, "satisfaction.mean");
    const struct figure *nps = top(c, "nps");
    const struct figure *act = top(c, "engagement.active_rate");
    const char *brief[4] = { NULL, NULL, NULL, NULL };

    if (report_has(hr))
        brief[0] = doc_printf(d, "%s (Adjusted hazard ratio %s, 95%% CI %s.)",
                              report_hr_sentence(d, hr, "participants"),
                              report_str(d, hr->estimate, REPORT_RATIO),
                              report_str_ci(d, hr->lower, hr->upper, REPORT_RATIO));
    if (report_has(ch))
        brief[1] = doc_printf(d, "Confidence changed by %s points on average between joining and "
                                 "leaving (95%% CI %s, %s people).",
                              report_str(d, ch->estimate, REPORT_CHANGE),
                              report_str_ci(d, ch->lower, ch->upper, REPORT_CHANGE),
                              report_str(d, ch->n, REPORT_COUNT));
    if (report_has(sat) && report_has(nps))
        brief[2] = doc_printf(d, "Participants rate the programme %s out of %g; the net promoter "
                                 "score is %s.",
                              report_str(d, sat->estimate, REPORT_MEAN), c->sat_max,
                              report_str(d, nps->estimate, REPORT_NPS));
    if (act != NULL && isfinite(act->events) && isfinite(act->n))
        brief[3] = doc_printf(d, "%s of %s matched pairs met in %s.",
                              report_str(d, act->events, REPORT_COUNT),
                              report_str(d, act->n, REPORT_COUNT), c->in->period);
    report_cover(d, c, "Quarterly impact report",
                 "Prepared for the leadership team.", brief, 4);
    summary_page(d, c);
    engagement_pages(d, c);
    confidence_page(d, c);
    satisfaction_page(d, c);
    retention_page(d, c);
    methods_page(d, c);
    quality_page(d, c);
    return doc_status(d);
}
