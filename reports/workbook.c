/*
 * PROGRAMME-PERIOD.xlsx: every figure of the run as real numbers with
 * number formats (SPEC section 5).
 *
 *   Summary       the headline figures with their change, and what the run covered
 *   Figures       every record of the table of figures, filterable
 *   Retention     the Kaplan-Meier step tables, with a native chart of the curves
 *   Confidence    confidence by cohort, role, group and item
 *   Satisfaction  satisfaction and recommendation by cohort, role and group
 *   Engagement    engagement by cohort, the monthly series (native chart), channels, topics
 *   Cohorts       every comparison of two cohorts, with whether the result held
 *   Data quality  response rates and quarantined rows
 *   Methods       what each figure is
 *
 * A figure that is empty (NAN) is an empty cell, never a number; a withheld
 * figure says "fewer than 5". Every sheet's header row is frozen. The
 * workbook is written in libxlsxwriter's constant-memory mode (rows in
 * order), so a large table of figures does not have to fit in memory twice,
 * and its creation date is the as-of date, so that a rerun gives the same
 * bytes.
 */
#include "reports/documents.h"

#include "common/date.h"
#include "common/map.h"
#include "common/status.h"
#include "common/str.h"
#include "reports/format.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct wb {
    const struct report_ctx *c;
    lxw_workbook *book;
    lxw_format *head, *title, *text, *wrap, *bold, *quiet, *plain;
    lxw_format *count, *share, *share_diff, *mean, *change, *ratio, *nps, *nps_diff, *hours;
    lxw_format *stat, *date, *month, *general;
    lxw_format *p[4];
    lxw_error err;          /* the first error of a write */
    const char *sheet;      /* the sheet being written, for messages */
};

/* ---- cells -------------------------------------------------------------------------- */

static void keep(struct wb *w, lxw_error e)
{
    if (w->err == LXW_NO_ERROR && e != LXW_NO_ERROR)
        w->err = e;
}

/* A number, or nothing at all when it is empty (NAN or infinite). */
static void num(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
                lxw_format *f)
{
    if (!isfinite(v))
        return;
    keep(w, worksheet_write_number(ws, row, col, v, f));
}

static void str(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                lxw_format *f)
{
    if (s == NULL || s[0] == '\0')
        return;
    keep(w, worksheet_write_string(ws, row, col, s, f));
}

static void day(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int32_t d,
                lxw_format *f)
{
    if (d == INT32_MAX || d == INT32_MIN)
        return;
    keep(w, worksheet_write_unixtime(ws, row, col, (int64_t)d * 86400, f));
}

/* A p-value's format: three significant digits, scientific below 0.001. */
static lxw_format *p_format(struct wb *w, double p)
{
    if (!(p < 0.001))
        return p >= 0.1 ? w->p[0] : (p >= 0.01 ? w->p[1] : w->p[2]);
    return w->p[3];
}

static void pval(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double p)
{
    num(w, ws, row, col, p, p_format(w, p));
}

static lxw_format *kind_format(struct wb *w, enum report_kind k)
{
    switch (k) {
    case REPORT_SHARE:
        return w->share;
    case REPORT_POINTS:
        return w->share_diff;
    case REPORT_MEAN:
        return w->mean;
    case REPORT_CHANGE:
        return w->change;
    case REPORT_NPS:
        return w->nps;
    case REPORT_NPS_CHANGE:
        return w->nps_diff;
    case REPORT_RATIO:
        return w->ratio;
    case REPORT_HOURS:
    case REPORT_DAYS:
        return w->hours;
    case REPORT_STAT:
        return w->stat;
    case REPORT_COUNT:
    case REPORT_COUNT_CHANGE:
    default:
        return w->count;
    }
}

/* How the estimate of a key reads (SPEC section 3). */
static enum report_kind key_kind(const char *key)
{
    static const struct {
        const char *key;
        enum report_kind kind;
    } kinds[] = {
        { "retention.s6", REPORT_SHARE }, { "retention.s12", REPORT_SHARE },
        { "retention.s24", REPORT_SHARE }, { "retention.vs_comparison", REPORT_POINTS },
        { "retention.hr_adjusted", REPORT_RATIO }, { "confidence.baseline", REPORT_MEAN },
        { "confidence.exit", REPORT_MEAN }, { "confidence.change", REPORT_CHANGE },
        { "confidence.dz", REPORT_CHANGE }, { "confidence.improved", REPORT_SHARE },
        { "confidence.alpha_baseline", REPORT_MEAN }, { "confidence.alpha_exit", REPORT_MEAN },
        { "confidence.item_change", REPORT_CHANGE }, { "confidence.item_baseline", REPORT_MEAN },
        { "confidence.item_exit", REPORT_MEAN }, { "satisfaction.mean", REPORT_MEAN },
        { "satisfaction.top2", REPORT_SHARE }, { "nps", REPORT_NPS },
        { "nps.promoters", REPORT_SHARE }, { "nps.detractors", REPORT_SHARE },
        { "engagement.active_rate", REPORT_SHARE }, { "engagement.sessions_per_pair", REPORT_MEAN },
        { "engagement.cancel_rate", REPORT_SHARE }, { "engagement.contact_hours", REPORT_HOURS },
        { "engagement.stalled_rate", REPORT_SHARE }, { "engagement.gap_days", REPORT_DAYS },
        { "engagement.channel", REPORT_SHARE }, { "engagement.topic", REPORT_SHARE },
        { "compare.retention", REPORT_POINTS }, { "compare.confidence_change", REPORT_CHANGE },
        { "compare.satisfaction", REPORT_CHANGE }, { "compare.confidence_change_g", REPORT_CHANGE },
        { "compare.satisfaction_g", REPORT_CHANGE }, { "compare.nps", REPORT_NPS_CHANGE },
        { "compare.active_rate", REPORT_POINTS }, { "compare.active_rate_fisher", REPORT_RATIO },
        { "quality.response_rate", REPORT_SHARE },
    };

    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(kinds[i].key, key) == 0)
            return kinds[i].kind;
    return REPORT_STAT;
}

/* A figure's estimate, or "fewer than 5" when withheld. */
static void est(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                const struct figure *f, enum report_kind k)
{
    if (f == NULL)
        return;
    if (f->suppressed)
        str(w, ws, row, col, w->c->fewer, w->quiet);
    else
        num(w, ws, row, col, f->estimate, kind_format(w, k));
}

/* estimate, lower, upper into three columns. */
static void est_ci(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                   const struct figure *f, enum report_kind k)
{
    est(w, ws, row, col, f, k);
    if (f != NULL && !f->suppressed) {
        num(w, ws, row, col + 1, f->lower, kind_format(w, k));
        num(w, ws, row, col + 2, f->upper, kind_format(w, k));
    }
}

struct col {
    const char *title;
    double width;
};

/* A header row, its column widths and the frozen pane under it. */
static lxw_worksheet *sheet_new(struct wb *w, const char *name, const struct col *cols,
                                size_t ncols)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->book, name);

    w->sheet = name;
    if (ws == NULL) {
        keep(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    for (size_t i = 0; i < ncols; i++)
        keep(w, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    keep(w, worksheet_set_row(ws, 0, 30, NULL));
    for (size_t i = 0; i < ncols; i++)
        str(w, ws, 0, (lxw_col_t)i, cols[i].title, w->head);
    return ws;
}

static void label_cohort(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                         const char *code)
{
    char label[160];

    report_cohort_label(w->c, code, 1, label, sizeof label);
    str(w, ws, row, col, label, NULL);
}

/* ---- Summary -------------------------------------------------------------------------- */

struct headline {
    const char *label;
    const char *key, *role, *versus;
    int field;              /* 0 estimate (with interval), 1 events, 2 n */
    enum report_kind kind;
    const char *note;
};

static const struct headline HEADLINES[] = {
    { "Active pairs", "engagement.active_rate", "all", NULL, 1, REPORT_COUNT,
      "matched pairs that held at least one session in the period" },
    { "Share of matched pairs active", "engagement.active_rate", "all", NULL, 0, REPORT_SHARE,
      "active pairs out of the pairs matched and not ended" },
    { "Sessions held", "engagement.contact_hours", "all", NULL, 2, REPORT_COUNT,
      "sessions that took place in the period" },
    { "Sessions per active pair", "engagement.sessions_per_pair", "all", NULL, 0, REPORT_MEAN,
      "average held sessions of the pairs that met" },
    { "Contact hours", "engagement.contact_hours", "all", NULL, 0, REPORT_HOURS,
      "hours of the sessions held" },
    { "Confidence change", "confidence.change", "all", NULL, 0, REPORT_CHANGE,
      "average change of the score between joining and leaving" },
    { "Share whose confidence rose", "confidence.improved", "all", NULL, 0, REPORT_SHARE,
      "of the people who answered both times" },
    { "Satisfaction", "satisfaction.mean", "all", NULL, 0, REPORT_MEAN,
      "average rating of the programme" },
    { "Net promoter score", "nps", "all", NULL, 0, REPORT_NPS,
      "share of promoters (9-10) less share of detractors (0-6), -100 to 100" },
    { "Still employed after 12 months, participants", "retention.s12", "all", NULL, 0,
      REPORT_SHARE, "raw: before allowing for who chooses to take part" },
    { "Still employed after 12 months, non-participants", "retention.s12", "non-participant",
      NULL, 0, REPORT_SHARE, "the comparison group" },
    { "Adjusted hazard ratio of leaving", "retention.hr_adjusted", "all", "non-participants", 0,
      REPORT_RATIO, "participants against similar colleagues; below 1: they leave less" },
};

static double field_of(const struct figure *f, int field)
{
    if (f == NULL || f->suppressed)
        return NAN;
    return field == 1 ? f->events : (field == 2 ? f->n : f->estimate);
}

static void sheet_summary(struct wb *w)
{
    static const struct col cols[] = {
        { "Measure (all cohorts)", 44 }, { "This period", 13 }, { "Lower 95%", 11 },
        { "Upper 95%", 11 }, { "People or pairs", 11 }, { "Previous period", 13 },
        { "Change", 11 }, { "What it is", 60 },
    };
    const struct report_ctx *c = w->c;
    const struct report_input *in = c->in;
    lxw_worksheet *ws = sheet_new(w, "Summary", cols, sizeof cols / sizeof *cols);
    lxw_row_t row = 1;
    char text[256];

    if (ws == NULL)
        return;
    for (size_t i = 0; i < sizeof HEADLINES / sizeof *HEADLINES; i++, row++) {
        const struct headline *h = &HEADLINES[i];
        const struct figure *f = report_get(&c->now, h->key, "all", h->versus, h->role, "none",
                                            "all", NULL, NULL);
        const struct figure *p = report_get(&c->prev, h->key, "all", h->versus, h->role, "none",
                                            "all", NULL, NULL);
        double now = field_of(f, h->field), was = field_of(p, h->field);
        lxw_format *fmt = kind_format(w, h->kind);

        str(w, ws, row, 0, h->label, NULL);
        if (f != NULL && f->suppressed) {
            str(w, ws, row, 1, c->fewer, w->quiet);
        } else if (f != NULL) {
            num(w, ws, row, 1, now, fmt);
            if (h->field == 0) {
                num(w, ws, row, 2, f->lower, fmt);
                num(w, ws, row, 3, f->upper, fmt);
            }
            num(w, ws, row, 4, h->field == 2 ? NAN : f->n, w->count);
        }
        if (p != NULL && p->suppressed)
            str(w, ws, row, 5, c->fewer, w->quiet);
        else
            num(w, ws, row, 5, was, fmt);
        /* a ratio's change is told by its previous value, not a difference */
        if (h->kind != REPORT_RATIO)
            num(w, ws, row, 6, now - was,
                h->kind == REPORT_SHARE ? w->share_diff
                                        : (h->kind == REPORT_MEAN ? w->change : fmt));
        str(w, ws, row, 7, h->note, NULL);
    }
    row += 2;
    str(w, ws, row++, 0, "About this workbook", w->bold);
    str(w, ws, row, 0, "Programme", NULL);
    str(w, ws, row++, 1, in->programme, NULL);
    if (in->org != NULL && in->org[0] != '\0') {
        str(w, ws, row, 0, "Organisation", NULL);
        str(w, ws, row++, 1, in->org, NULL);
    }
    str(w, ws, row, 0, "Period", NULL);
    str(w, ws, row++, 1, in->period, NULL);
    str(w, ws, row, 0, "Period starts", NULL);
    day(w, ws, row++, 1, in->period_start, w->date);
    str(w, ws, row, 0, "Period ends", NULL);
    day(w, ws, row++, 1, in->period_end, w->date);
    str(w, ws, row, 0, "Figures as of", NULL);
    day(w, ws, row++, 1, in->as_of, w->date);
    str(w, ws, row, 0, "Previous period (for the change)", NULL);
    str(w, ws, row++, 1, c->previous_text, NULL);
    str(w, ws, row, 0, "Groups withheld below (people)", NULL);
    num(w, ws, row++, 1, in->min_cell, w->count);
    str(w, ws, row, 0, "Leavers counted", NULL);
    str(w, ws, row++, 1, in->voluntary_only ? "voluntary leavers only" : "every leaver", NULL);
    str(w, ws, row, 0, "flipside version", NULL);
    str(w, ws, row++, 1, in->version, NULL);
    row++;
    str_fmt(text, sizeof text, "Withheld figures read \"%s\". Empty cells: the figure could not "
                               "be computed (for example nobody followed for 24 months yet).",
            c->fewer);
    str(w, ws, row++, 0, text, NULL);
    str(w, ws, row++, 0, "The Methods sheet says what each figure is; the Figures sheet holds "
                         "every record of the run.", NULL);
}

/* ---- Figures ----------------------------------------------------------------------------- */

static void sheet_figures(struct wb *w)
{
    static const struct col cols[] = {
        { "key", 28 }, { "programme", 12 }, { "cohort", 8 }, { "versus", 15 }, { "role", 14 },
        { "dimension", 11 }, { "group", 26 }, { "item", 15 }, { "month", 8 }, { "n", 9 },
        { "events", 9 }, { "estimate", 11 }, { "lower", 10 }, { "upper", 10 },
        { "statistic", 10 }, { "df", 8 }, { "p", 10 }, { "p_adj", 10 }, { "suppressed", 10 },
    };
    const struct figtable *t = w->c->in->figures;
    lxw_worksheet *ws = sheet_new(w, "Figures", cols, sizeof cols / sizeof *cols);

    if (ws == NULL)
        return;
    keep(w, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(t->len > 0 ? t->len : 1), 18));
    for (size_t i = 0; i < t->len && w->err == LXW_NO_ERROR; i++) {
        const struct figure *f = &t->rows[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        lxw_format *fe = kind_format(w, key_kind(f->key));

        str(w, ws, row, 0, f->key, NULL);
        str(w, ws, row, 1, f->programme, NULL);
        str(w, ws, row, 2, f->cohort, NULL);
        str(w, ws, row, 3, f->versus, NULL);
        str(w, ws, row, 4, f->role, NULL);
        str(w, ws, row, 5, f->dimension, NULL);
        str(w, ws, row, 6, f->group, NULL);
        str(w, ws, row, 7, f->item, NULL);
        str(w, ws, row, 8, f->month, NULL);
        if (f->suppressed) {
            str(w, ws, row, 11, w->c->fewer, w->quiet);
        } else {
            num(w, ws, row, 9, f->n, w->general);
            num(w, ws, row, 10, f->events, w->general);
            num(w, ws, row, 11, f->estimate, fe);
            num(w, ws, row, 12, f->lower, fe);
            num(w, ws, row, 13, f->upper, fe);
            num(w, ws, row, 14, f->statistic, w->stat);
            num(w, ws, row, 15, f->df, w->general);
            pval(w, ws, row, 16, f->p);
            pval(w, ws, row, 17, f->p_adj);
        }
        num(w, ws, row, 18, f->suppressed ? 1 : 0, w->general);
    }
}

/* ---- Retention ----------------------------------------------------------------------------- */

static void sheet_retention(struct wb *w)
{
    static const struct col cols[] = {
        { "Cohort", 28 }, { "Who", 24 }, { "Days since start", 10 }, { "At risk", 9 },
        { "Left", 8 }, { "Censored", 9 }, { "Still employed", 10 }, { "Lower 95%", 10 },
        { "Upper 95%", 10 }, { "", 3 }, { "Chart: days", 10 }, { "Participants", 12 },
        { "Chart: days", 10 }, { "Non-participants", 14 },
    };
    const struct figtable *t = w->c->in->figures;
    lxw_worksheet *ws = sheet_new(w, "Retention", cols, sizeof cols / sizeof *cols);
    const struct figcurve *curves[2] = { figtable_curve(t, "all", "all"),
                                         figtable_curve(t, "all", "non-participant") };
    lxw_row_t row = 1, last[2] = { 0, 0 };
    size_t nchart[2] = { 0, 0 }, total = 0;

    if (ws == NULL)
        return;
    for (size_t i = 0; i < t->ncurves; i++)
        total += t->curves[i].suppressed || t->curves[i].steps == 0 ? 1 : t->curves[i].steps;
    keep(w, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(total > 0 ? total : 1), 8));
    /* step points of the chart's two curves, beside the table: (t, S before), (t, S after) */
    for (int k = 0; k < 2; k++)
        if (curves[k] != NULL && !curves[k]->suppressed)
            nchart[k] = 2 * curves[k]->steps + 1;

    /*
     * Rows go out in order (constant-memory mode): row r holds the r-th line
     * of the step tables and, beside it, the r-th step point of the chart.
     */
    {
        size_t ci = 0, si = 0, nrows = total;

        for (int k = 0; k < 2; k++)
            if (nchart[k] > nrows)
                nrows = nchart[k];
        for (size_t r = 0; r < nrows && w->err == LXW_NO_ERROR; r++, row++) {
            if (ci < t->ncurves) {
                const struct figcurve *cv = &t->curves[ci];

                label_cohort(w, ws, row, 0, cv->cohort);
                str(w, ws, row, 1, report_role_label(cv->role), NULL);
                if (cv->suppressed || cv->steps == 0) {
                    str(w, ws, row, 3, cv->suppressed ? w->c->fewer : "nobody followed yet",
                        w->quiet);
                    ci++;
                } else {
                    num(w, ws, row, 2, cv->time[si], w->general);
                    num(w, ws, row, 3, cv->n_risk[si], w->general);
                    num(w, ws, row, 4, cv->n_event[si], w->general);
                    num(w, ws, row, 5, cv->n_censor[si], w->general);
                    num(w, ws, row, 6, cv->surv[si], w->share);
                    num(w, ws, row, 7, cv->lower[si], w->share);
                    num(w, ws, row, 8, cv->upper[si], w->share);
                    if (++si == cv->steps) {
                        si = 0;
                        ci++;
                    }
                }
            }
            for (int k = 0; k < 2; k++) {
                const struct figcurve *ck = curves[k];
                size_t st;
                double x, y;

                if (r >= nchart[k])
                    continue;
                /* (0, 1), then at each step time the level before and after it */
                if (r == 0) {
                    x = 0;
                    y = 1;
                } else {
                    st = (r - 1) / 2;
                    x = ck->time[st];
                    y = (r - 1) % 2 == 0 ? (st == 0 ? 1 : ck->surv[st - 1]) : ck->surv[st];
                }
                num(w, ws, row, (lxw_col_t)(10 + 2 * k), x, w->general);
                num(w, ws, row, (lxw_col_t)(11 + 2 * k), y, w->share);
                last[k] = row;
            }
        }
    }
    if (last[0] > 0 || last[1] > 0) {
        lxw_chart *chart = workbook_add_chart(w->book, LXW_CHART_SCATTER_STRAIGHT);
        lxw_chart_options opt = { 10, 10, 1.6, 1.5, 0, NULL, 0 };

        if (chart == NULL) {
            keep(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        for (int k = 0; k < 2; k++) {
            lxw_chart_series *s;

            if (last[k] == 0)
                continue;
            s = chart_add_series(chart, NULL, NULL);
            if (s == NULL) {
                keep(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
                return;
            }
            chart_series_set_categories(s, "Retention", 1, (lxw_col_t)(10 + 2 * k), last[k],
                                        (lxw_col_t)(10 + 2 * k));
            chart_series_set_values(s, "Retention", 1, (lxw_col_t)(11 + 2 * k), last[k],
                                    (lxw_col_t)(11 + 2 * k));
            chart_series_set_name(s, k == 0 ? "Participants" : "Non-participants");
        }
        chart_title_set_name(chart, "Still employed: participants and non-participants, all "
                                    "cohorts");
        chart_axis_set_name(chart->x_axis, "Days since start");
        chart_axis_set_name(chart->y_axis, "Still employed");
        chart_axis_set_num_format(chart->y_axis, "0%");
        chart_axis_set_max(chart->y_axis, 1);
        chart_axis_set_min(chart->x_axis, 0);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        keep(w, worksheet_insert_chart_opt(ws, 1, 15, chart, &opt));
    }
}

/* ---- Confidence and Satisfaction ------------------------------------------------------------ */

static void scope_cells(struct wb *w, lxw_worksheet *ws, lxw_row_t row, const struct figure *f)
{
    label_cohort(w, ws, row, 0, f->cohort);
    str(w, ws, row, 1, report_role_label(f->role), NULL);
    str(w, ws, row, 2, report_dimension_label(f->dimension), NULL);
    str(w, ws, row, 3, strcmp(f->dimension, "none") == 0 ? "" : report_group_label(f->group),
        NULL);
}

/*
 * The scopes (cohort, role, dimension, group, item) that any of `keys` has,
 * each once, in the table's order: every record of the first key, then
 * those of the next keys whose scope is new. Calls `row` for each.
 */
static size_t each_scope(struct wb *w, const char *const *keys, size_t nkeys,
                         void (*row)(struct wb *w, lxw_worksheet *ws, lxw_row_t r,
                                     const struct figure *f),
                         lxw_worksheet *ws, lxw_row_t first)
{
    const struct figtable *t = w->c->in->figures;
    struct map seen = { 0 };
    size_t n = 0;

    for (size_t k = 0; k < nkeys && w->err == LXW_NO_ERROR; k++)
        for (size_t i = 0; i < t->len && w->err == LXW_NO_ERROR; i++) {
            const struct figure *f = &t->rows[i];
            char scope[1024];
            int len;

            if (strcmp(f->key, keys[k]) != 0)
                continue;
            len = snprintf(scope, sizeof scope, "%s\x1f%s\x1f%s\x1f%s\x1f%s", f->cohort, f->role,
                           f->dimension, f->group, f->item);
            if (len < 0 || (size_t)len >= sizeof scope || map_get(&seen, scope, (size_t)len, NULL))
                continue;
            if (map_put(&seen, scope, (size_t)len, 1) != STATUS_OK) {
                keep(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
                break;
            }
            if (row != NULL)
                row(w, ws, (lxw_row_t)(first + n), f);
            n++;
        }
    map_free(&seen);
    return n;
}

static const char *const CONF_KEYS[3] = { "confidence.baseline", "confidence.exit",
                                          "confidence.change" };
static const char *const ITEM_KEYS[3] = { "confidence.item_baseline", "confidence.item_exit",
                                          "confidence.item_change" };

/* One row of the Confidence sheet: the scope of f, construct or item. */
static void confidence_row(struct wb *w, lxw_worksheet *ws, lxw_row_t row,
                           const struct figure *f)
{
    const struct report_ctx *c = w->c;
    int item = f->item[0] != '\0';
    const char *const *keys = item ? ITEM_KEYS : CONF_KEYS;
    const struct figure *b = report_get(&c->now, keys[0], f->cohort, NULL, f->role, f->dimension,
                                        f->group, f->item, NULL);
    const struct figure *e = report_get(&c->now, keys[1], f->cohort, NULL, f->role, f->dimension,
                                        f->group, f->item, NULL);
    const struct figure *ch = report_get(&c->now, keys[2], f->cohort, NULL, f->role,
                                         f->dimension, f->group, f->item, NULL);

    scope_cells(w, ws, row, f);
    if (item)
        str(w, ws, row, 4, report_item_label(c, f->item), NULL);
    if (ch != NULL && ch->suppressed)
        str(w, ws, row, 5, c->fewer, w->quiet);
    else if (ch != NULL)
        num(w, ws, row, 5, ch->n, w->count);
    est(w, ws, row, 6, b, REPORT_MEAN);
    est(w, ws, row, 7, e, REPORT_MEAN);
    if (ch == NULL || ch->suppressed)
        return;
    est_ci(w, ws, row, 8, ch, REPORT_CHANGE);
    num(w, ws, row, 11, ch->statistic, w->stat);
    num(w, ws, row, 12, ch->df, w->general);
    pval(w, ws, row, 13, ch->p);
    pval(w, ws, row, 14, ch->p_adj);
    if (!item) {
        const struct figure *wx = report_get(&c->now, "confidence.wilcoxon", f->cohort, NULL,
                                             f->role, f->dimension, f->group, NULL, NULL);
        static const char *const more[4] = { "confidence.dz", "confidence.improved",
                                             "confidence.alpha_baseline",
                                             "confidence.alpha_exit" };
        static const enum report_kind kinds[4] = { REPORT_MEAN, REPORT_SHARE, REPORT_MEAN,
                                                   REPORT_MEAN };

        if (wx != NULL && !wx->suppressed) {
            num(w, ws, row, 15, wx->statistic, w->general);
            pval(w, ws, row, 16, wx->p);
        }
        for (int k = 0; k < 4; k++)
            est(w, ws, row, (lxw_col_t)(17 + k),
                report_get(&c->now, more[k], f->cohort, NULL, f->role, f->dimension, f->group,
                           NULL, NULL),
                kinds[k]);
    }
}

static void sheet_confidence(struct wb *w)
{
    static const struct col cols[] = {
        { "Cohort", 26 }, { "Who", 22 }, { "Breakdown", 13 }, { "Group", 26 }, { "Item", 40 },
        { "People with both surveys", 11 }, { "On joining", 10 }, { "On leaving", 10 },
        { "Change", 9 }, { "Lower 95%", 9 }, { "Upper 95%", 9 }, { "t", 8 }, { "df", 6 },
        { "p", 10 }, { "p (BH, items)", 10 }, { "Wilcoxon V", 10 }, { "Wilcoxon p", 10 },
        { "Cohen's dz", 9 }, { "Improved", 9 }, { "Alpha on joining", 9 },
        { "Alpha on leaving", 9 },
    };
    lxw_worksheet *ws = sheet_new(w, "Confidence", cols, sizeof cols / sizeof *cols);
    size_t n, m;

    if (ws == NULL)
        return;
    /* count first: the filter covers every row, and rows go out in order */
    n = each_scope(w, CONF_KEYS, 3, NULL, ws, 1);
    m = each_scope(w, ITEM_KEYS, 3, NULL, ws, 1);
    keep(w, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(n + m > 0 ? n + m : 1), 20));
    each_scope(w, CONF_KEYS, 3, confidence_row, ws, 1);
    each_scope(w, ITEM_KEYS, 3, confidence_row, ws, (lxw_row_t)(1 + n));
}

static const char *const SAT_KEYS[5] = { "satisfaction.mean", "satisfaction.top2", "nps",
                                         "nps.promoters", "nps.detractors" };

static void satisfaction_row(struct wb *w, lxw_worksheet *ws, lxw_row_t row,
                             const struct figure *anchor)
{
    const struct report_ctx *c = w->c;
    const struct figure *f[5];

    for (int k = 0; k < 5; k++)
        f[k] = report_get(&c->now, SAT_KEYS[k], anchor->cohort, NULL, anchor->role,
                          anchor->dimension, anchor->group, NULL, NULL);
    scope_cells(w, ws, row, anchor);
    if (f[0] != NULL && f[0]->suppressed)
        str(w, ws, row, 4, c->fewer, w->quiet);
    else if (f[0] != NULL)
        num(w, ws, row, 4, f[0]->n, w->count);
    est_ci(w, ws, row, 5, f[0], REPORT_MEAN);
    if (f[1] != NULL && !f[1]->suppressed)
        num(w, ws, row, 8, f[1]->n, w->count);
    est(w, ws, row, 9, f[1], REPORT_SHARE);
    if (f[2] != NULL && f[2]->suppressed)
        str(w, ws, row, 10, c->fewer, w->quiet);
    else if (f[2] != NULL)
        num(w, ws, row, 10, f[2]->n, w->count);
    if (f[2] != NULL && !f[2]->suppressed)
        est_ci(w, ws, row, 11, f[2], REPORT_NPS);
    if (f[3] != NULL && !f[3]->suppressed)
        est(w, ws, row, 14, f[3], REPORT_SHARE);
    if (f[4] != NULL && !f[4]->suppressed)
        est(w, ws, row, 15, f[4], REPORT_SHARE);
}

static void sheet_satisfaction(struct wb *w)
{
    static const struct col cols[] = {
        { "Cohort", 26 }, { "Who", 22 }, { "Breakdown", 13 }, { "Group", 26 },
        { "People with a score", 10 }, { "Satisfaction", 11 }, { "Lower 95%", 9 },
        { "Upper 95%", 9 }, { "Answers", 9 }, { "Top two points", 10 },
        { "People answering NPS", 10 }, { "Net promoter score", 10 }, { "Lower 95%", 9 },
        { "Upper 95%", 9 }, { "Promoters", 10 }, { "Detractors", 10 },
    };
    lxw_worksheet *ws = sheet_new(w, "Satisfaction", cols, sizeof cols / sizeof *cols);
    size_t n;

    if (ws == NULL)
        return;
    n = each_scope(w, SAT_KEYS, 5, NULL, ws, 1);
    keep(w, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(n > 0 ? n : 1), 15));
    each_scope(w, SAT_KEYS, 5, satisfaction_row, ws, 1);
}

/* ---- Engagement ------------------------------------------------------------------------------- */

static void sheet_engagement(struct wb *w)
{
    static const struct col cols[] = {
        { "Cohort", 28 }, { "Matched pairs", 10 }, { "Active pairs", 10 }, { "Active", 9 },
        { "Lower 95%", 9 }, { "Upper 95%", 9 }, { "Sessions per active pair", 10 },
        { "Lower 95%", 9 }, { "Upper 95%", 9 }, { "Cancelled or missed", 10 },
        { "Stalled over 60 days", 10 }, { "Median days between sessions", 11 },
        { "Sessions held", 10 }, { "Contact hours", 10 },
    };
    const struct report_ctx *c = w->c;
    const struct report_input *in = c->in;
    const struct figtable *t = in->figures;
    lxw_worksheet *ws = sheet_new(w, "Engagement", cols, sizeof cols / sizeof *cols);
    lxw_row_t row = 1, month_first = 0, month_last = 0;

    if (ws == NULL)
        return;
    for (size_t i = 0; i <= in->ncohorts; i++, row++) {
        const char *code = i == 0 ? "all" : in->cohorts[i - 1].code;
        const struct figure *act = report_top(&c->now, "engagement.active_rate", code, "all");
        const struct figure *hours = report_top(&c->now, "engagement.contact_hours", code, "all");

        label_cohort(w, ws, row, 0, code);
        if (act != NULL) {
            num(w, ws, row, 1, act->n, w->count);
            num(w, ws, row, 2, act->events, w->count);
            est_ci(w, ws, row, 3, act, REPORT_SHARE);
        }
        est_ci(w, ws, row, 6, report_top(&c->now, "engagement.sessions_per_pair", code, "all"),
               REPORT_MEAN);
        est(w, ws, row, 9, report_top(&c->now, "engagement.cancel_rate", code, "all"),
            REPORT_SHARE);
        est(w, ws, row, 10, report_top(&c->now, "engagement.stalled_rate", code, "all"),
            REPORT_SHARE);
        est(w, ws, row, 11, report_top(&c->now, "engagement.gap_days", code, "all"), REPORT_DAYS);
        if (hours != NULL) {
            num(w, ws, row, 12, hours->n, w->count);
            num(w, ws, row, 13, hours->estimate, w->hours);
        }
    }

    /* the monthly series, month by month, all cohorts first */
    row += 1;
    str(w, ws, row, 0, "Month by month", w->bold);
    row++;
    str(w, ws, row, 0, "Cohort", w->head);
    str(w, ws, row, 1, "Month", w->head);
    str(w, ws, row, 2, "Sessions held", w->head);
    str(w, ws, row, 3, "Active pairs", w->head);
    row++;
    for (size_t i = 0; i <= in->ncohorts; i++) {
        const char *code = i == 0 ? "all" : in->cohorts[i - 1].code;

        for (size_t r = 0; r < t->len && w->err == LXW_NO_ERROR; r++) {
            const struct figure *f = &t->rows[r];
            int32_t first;
            char full[16];

            if (strcmp(f->key, "engagement.monthly") != 0 || strcmp(f->cohort, code) != 0 ||
                strcmp(f->role, "all") != 0 || strcmp(f->dimension, "none") != 0)
                continue;
            label_cohort(w, ws, row, 0, code);
            str_fmt(full, sizeof full, "%s-01", f->month);
            if (date_parse(full, strlen(full), &first) == STATUS_OK)
                day(w, ws, row, 1, first, w->month);
            else
                str(w, ws, row, 1, f->month, NULL);
            num(w, ws, row, 2, f->n, w->count);
            num(w, ws, row, 3, f->events, w->count);
            if (i == 0) {
                if (month_first == 0)
                    month_first = row;
                month_last = row;
            }
            row++;
        }
    }

    /* channels and topics of all cohorts */
    for (int k = 0; k < 2; k++) {
        const char *key = k == 0 ? "engagement.channel" : "engagement.topic";

        row++;
        str(w, ws, row, 0, k == 0 ? "How pairs met (all cohorts)" : "What pairs talked about "
                                                                      "(all cohorts)",
            w->bold);
        row++;
        str(w, ws, row, 0, k == 0 ? "Channel" : "Topic", w->head);
        str(w, ws, row, 1, "Sessions", w->head);
        str(w, ws, row, 2, "Share of sessions held", w->head);
        row++;
        for (size_t r = 0; r < t->len && w->err == LXW_NO_ERROR; r++) {
            const struct figure *f = &t->rows[r];

            if (strcmp(f->key, key) != 0 || strcmp(f->cohort, "all") != 0)
                continue;
            str(w, ws, row, 0, k == 0 ? report_channel_label(f->group)
                                      : report_group_label(f->group),
                NULL);
            num(w, ws, row, 1, f->n, w->count);
            est(w, ws, row, 2, f, REPORT_SHARE);
            row++;
        }
    }

    if (month_last > 0) {
        lxw_chart *chart = workbook_add_chart(w->book, LXW_CHART_COLUMN);
        lxw_chart_options opt = { 10, 10, 1.6, 1.3, 0, NULL, 0 };
        const char *names[2] = { "Sessions held", "Active pairs" };

        if (chart == NULL) {
            keep(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        for (int k = 0; k < 2; k++) {
            lxw_chart_series *s = chart_add_series(chart, NULL, NULL);

            if (s == NULL) {
                keep(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
                return;
            }
            chart_series_set_categories(s, "Engagement", month_first, 1, month_last, 1);
            chart_series_set_values(s, "Engagement", month_first, (lxw_col_t)(2 + k), month_last,
                                    (lxw_col_t)(2 + k));
            chart_series_set_name(s, names[k]);
        }
        chart_title_set_name(chart, "Sessions held and active pairs by month, all cohorts");
        chart_axis_set_num_format(chart->x_axis, "mmm yyyy");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        keep(w, worksheet_insert_chart_opt(ws, month_first, 5, chart, &opt));
    }
}

/* ---- Cohorts ---------------------------------------------------------------------------------- */

static const char *measure_of(const char *key)
{
    static const struct {
        const char *key, *label;
    } words[] = {
        { "compare.retention", "Still employed after 12 months (difference)" },
        { "compare.confidence_change", "Confidence change (difference)" },
        { "compare.confidence_change_g", "Confidence change (Hedges' g)" },
        { "compare.satisfaction", "Satisfaction (difference)" },
        { "compare.satisfaction_mwu", "Satisfaction (Mann-Whitney test)" },
        { "compare.satisfaction_g", "Satisfaction (Hedges' g)" },
        { "compare.nps", "Net promoter score (difference)" },
        { "compare.active_rate", "Pairs active (difference)" },
        { "compare.active_rate_fisher", "Pairs active (odds ratio, Fisher's test)" },
    };

    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i].key, key) == 0)
            return words[i].label;
    return key;
}

static const char *held_word(const struct figure *f)
{
    int clear;

    if (f == NULL || f->suppressed || !isfinite(f->estimate))
        return "";
    clear = isfinite(f->p) ? f->p < 0.05
                           : (isfinite(f->lower) && f->lower > 0) ||
                                 (isfinite(f->upper) && f->upper < 0);
    if (!clear)
        return "held";
    return f->estimate > 0 ? "held and improved" : "not held";
}

static void sheet_cohorts(struct wb *w)
{
    static const struct col cols[] = {
        { "Cohort (A)", 28 }, { "Against (B)", 28 }, { "Measure", 40 }, { "n (A)", 9 },
        { "Events (A)", 9 }, { "A less B", 10 }, { "Lower 95%", 10 }, { "Upper 95%", 10 },
        { "Statistic", 10 }, { "df", 8 }, { "p", 10 }, { "Result", 18 },
    };
    const struct report_ctx *c = w->c;
    const struct figtable *t = c->in->figures;
    lxw_worksheet *ws = sheet_new(w, "Cohorts", cols, sizeof cols / sizeof *cols);
    lxw_row_t row = 1;
    size_t rows = 0;

    if (ws == NULL)
        return;
    for (size_t i = 0; i < t->len; i++)
        rows += strncmp(t->rows[i].key, "compare.", 8) == 0;
    keep(w, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(rows > 0 ? rows : 1), 11));
    for (size_t i = 0; i < t->len && w->err == LXW_NO_ERROR; i++) {
        const struct figure *f = &t->rows[i];
        enum report_kind k;

        if (strncmp(f->key, "compare.", 8) != 0)
            continue;
        k = key_kind(f->key);
        label_cohort(w, ws, row, 0, f->cohort);
        label_cohort(w, ws, row, 1, f->versus);
        str(w, ws, row, 2, measure_of(f->key), NULL);
        if (f->suppressed) {
            str(w, ws, row, 3, c->fewer, w->quiet);
            row++;
            continue;
        }
        num(w, ws, row, 3, f->n, w->count);
        num(w, ws, row, 4, f->events, w->count);
        num(w, ws, row, 5, f->estimate, kind_format(w, k));
        num(w, ws, row, 6, f->lower, kind_format(w, k));
        num(w, ws, row, 7, f->upper, kind_format(w, k));
        num(w, ws, row, 8, f->statistic, w->stat);
        num(w, ws, row, 9, f->df, w->general);
        pval(w, ws, row, 10, f->p);
        if (strcmp(f->key, "compare.retention") == 0 || strcmp(f->key, "compare.confidence_change") == 0 ||
            strcmp(f->key, "compare.satisfaction") == 0 || strcmp(f->key, "compare.nps") == 0 ||
            strcmp(f->key, "compare.active_rate") == 0)
            str(w, ws, row, 11, held_word(f), NULL);
        row++;
    }
}

/* ---- Data quality ------------------------------------------------------------------------------- */

static void sheet_quality(struct wb *w)
{
    static const struct col cols[] = {
        { "Cohort", 28 }, { "Survey", 22 }, { "Participants", 12 }, { "Answered", 10 },
        { "Response rate", 10 }, { "Lower 95%", 10 }, { "Upper 95%", 10 },
    };
    static const char *const kinds[7] = { "people", "cohorts", "items", "participants", "pairs",
                                          "sessions", "responses" };
    const struct report_ctx *c = w->c;
    const struct figtable *t = c->in->figures;
    lxw_worksheet *ws = sheet_new(w, "Data quality", cols, sizeof cols / sizeof *cols);
    lxw_row_t row = 1;

    if (ws == NULL)
        return;
    for (size_t i = 0; i < t->len && w->err == LXW_NO_ERROR; i++) {
        const struct figure *f = &t->rows[i];

        if (strcmp(f->key, "quality.response_rate") != 0)
            continue;
        label_cohort(w, ws, row, 0, f->cohort);
        str(w, ws, row, 1, report_wave_label(f->group), NULL);
        if (f->suppressed) {
            str(w, ws, row, 2, c->fewer, w->quiet);
        } else {
            num(w, ws, row, 2, f->n, w->count);
            num(w, ws, row, 3, f->events, w->count);
            est_ci(w, ws, row, 4, f, REPORT_SHARE);
        }
        row++;
    }
    row++;
    str(w, ws, row, 0, "Input", w->head);
    str(w, ws, row, 1, "Rows in the database", w->head);
    str(w, ws, row, 2, "Quarantined so far", w->head);
    row++;
    for (int k = 0; k < 7; k++, row++) {
        const struct figure *f = report_get(&c->now, "quality.quarantined", "all", NULL, "all",
                                            "kind", kinds[k], NULL, NULL);

        str(w, ws, row, 0, report_kind_label(kinds[k]), NULL);
        num(w, ws, row, 1, (double)c->in->input_rows[k], w->count);
        if (f != NULL)
            num(w, ws, row, 2, f->n, w->count);
    }
}

/* ---- Methods ------------------------------------------------------------------------------------- */

static void sheet_methods(struct wb *w)
{
    static const struct col cols[] = { { "Figure", 30 }, { "What it is", 110 } };
    static const char *const lines[][2] = {
        { "retention.s6, s12, s24",
          "Share still employed 6, 12 and 24 months after the start (participants: enrolment; "
          "non-participants: their cohort's start); Kaplan-Meier estimate with a 95% log-log "
          "interval. n: people; events: leavers over the whole follow-up." },
        { "retention.logrank",
          "Log-rank test of whether the groups of a breakdown differ; p_adj: Holm over the "
          "seven breakdowns of one cohort and role." },
        { "retention.vs_comparison",
          "12-month retention of participants less that of non-participants of the same group, "
          "with a Greenwood interval and a log-rank test." },
        { "retention.hr_adjusted",
          "Hazard ratio of leaving for participants against non-participants, adjusted for "
          "grade, gender, age band and length of service (Cox model). Participants choose to "
          "take part, so the raw comparison overstates; this is the figure the reports lead "
          "with. It shows an association, not proof of cause." },
        { "confidence.*",
          "Score: a person's mean answer to the confidence items (reverse items turned round) "
          "when they answered at least half. Change: exit less baseline, paired t-test and "
          "Wilcoxon signed-rank test; dz: mean change / sd of change; improved: share whose "
          "score rose; alpha: Cronbach's alpha. Items: the same per item, p_adj by "
          "Benjamini-Hochberg." },
        { "satisfaction.*, nps",
          "Satisfaction: mean of the satisfaction items in the latest wave answered; top two: "
          "share of answers in the two highest points. NPS: share of 9-10 less share of 0-6, "
          "times 100." },
        { "engagement.*",
          "Pairs matched and not ended in the period; active: held at least one session; "
          "sessions, hours, cancellations, stalled pairs (no session for 60 days), median days "
          "between sessions, and the monthly series." },
        { "compare.*",
          "A later cohort (cohort) less an earlier one (versus): retention, confidence change "
          "and satisfaction (Welch), NPS, pairs active (chi-square; Fisher's odds ratio), and "
          "Hedges' g. Held: no clear difference (p of 0.05 or more) or better." },
        { "quality.*",
          "Response rate per survey wave; rows quarantined on loading per input file." },
        { "fewer than N",
          "Figures about fewer people than the minimum group size are withheld, and where one "
          "group of a breakdown would be the only one withheld, the next smallest is withheld "
          "too." },
        { "Empty cell",
          "The figure could not be computed (nobody followed long enough, a single answer, "
          "no variation)." },
    };
    lxw_worksheet *ws = sheet_new(w, "Methods", cols, sizeof cols / sizeof *cols);

    if (ws == NULL)
        return;
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        str(w, ws, (lxw_row_t)(i + 1), 0, lines[i][0], w->bold);
        str(w, ws, (lxw_row_t)(i + 1), 1, lines[i][1], w->wrap);
    }
}

/* ---- the workbook ---------------------------------------------------------------------------- */

static lxw_format *format_new(struct wb *w, const char *num_format)
{
    lxw_format *f = workbook_add_format(w->book);

    if (f == NULL) {
        keep(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    if (num_format != NULL)
        format_set_num_format(f, num_format);
    return f;
}

static void formats(struct wb *w)
{
    w->head = format_new(w, NULL);
    w->bold = format_new(w, NULL);
    w->quiet = format_new(w, NULL);
    w->wrap = format_new(w, NULL);
    w->general = format_new(w, "General");
    w->count = format_new(w, "#,##0");
    w->share = format_new(w, "0.0%");
    w->share_diff = format_new(w, "+0.0%;-0.0%;0.0%");
    w->mean = format_new(w, "0.00");
    w->change = format_new(w, "+0.00;-0.00;0.00");
    w->ratio = format_new(w, "0.00");
    w->nps = format_new(w, "+0.0;-0.0;0.0");
    w->nps_diff = w->nps;
    w->hours = format_new(w, "#,##0.0");
    w->stat = format_new(w, "0.00");
    w->date = format_new(w, "d mmm yyyy");
    w->month = format_new(w, "mmm yyyy");
    w->p[0] = format_new(w, "0.000");
    w->p[1] = format_new(w, "0.0000");
    w->p[2] = format_new(w, "0.00000");
    w->p[3] = format_new(w, "0.00E+00");
    if (w->err != LXW_NO_ERROR)
        return;
    format_set_bold(w->head);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(w->head, 0xF2F4F6);
    format_set_bottom(w->head, LXW_BORDER_THIN);
    format_set_bold(w->bold);
    format_set_italic(w->quiet);
    format_set_font_color(w->quiet, 0x5C5C5C);
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
}

int report_workbook_name(const struct report_input *in, char *out, size_t size)
{
    char stem[140];
    size_t j = 0;

    /* the period as its folder is named: a range's ".." becomes "_" */
    for (const char *p = in->period != NULL ? in->period : ""; *p != '\0' && j + 1 < sizeof stem;
         p++) {
        if (p[0] == '.' && p[1] == '.') {
            stem[j++] = '_';
            p++;
        } else {
            stem[j++] = *p;
        }
    }
    stem[j] = '\0';
    if (in->programme == NULL || !str_is_safe_code(in->programme) || !str_is_safe_code(stem))
        return err_set(STATUS_USAGE, "workbook: programme \"%s\" or period \"%s\" cannot name a "
                                     "file (use letters, digits, '_', '.' and '-')",
                       in->programme != NULL ? in->programme : "", in->period != NULL ? in->period : "");
    if (str_fmt(out, size, "%s-%s.xlsx", in->programme, stem) != STATUS_OK)
        return err_set(STATUS_USAGE, "workbook: name too long for %s", in->programme);
    return STATUS_OK;
}

int report_workbook_make(const struct report_ctx *c)
{
    const struct report_input *in = c->in;
    lxw_workbook_options opt = { 1, NULL, 0 };
    lxw_doc_properties props;
    struct wb w;
    char path[4096], title[256], name[160];
    lxw_error e;
    int st = STATUS_OK;

    memset(&w, 0, sizeof w);
    w.c = c;
    st = report_workbook_name(in, name, sizeof name);
    if (st != STATUS_OK)
        return st;
    if (str_fmt(path, sizeof path, "%s/%s", c->dir, name) != STATUS_OK)
        return err_set(STATUS_USAGE, "output folder name too long: %s", c->dir);
    /* a file that cannot be written is found here, in our words, rather than by
     * libxlsxwriter at the end (which also prints to stderr) */
    {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);

        if (fd < 0)
            return err_set(STATUS_IO, "write %s: %s", path, strerror(errno));
        close(fd);
    }
    w.book = workbook_new_opt(path, &opt);
    if (w.book == NULL) {
        remove(path);
        return err_set(STATUS_NOMEM, "write %s: could not start the workbook", path);
    }
    memset(&props, 0, sizeof props);
    str_fmt(title, sizeof title, "%s %s: reverse mentoring figures", in->programme, in->period);
    props.title = title;
    props.subject = "Every figure of the run, with the Kaplan-Meier step tables and methods";
    props.author = "flipside";
    props.company = "";
    props.comments = "";
    /* the as-of date, never the clock: a rerun gives the same bytes */
    props.created = (time_t)in->as_of * 86400;
    keep(&w, workbook_set_properties(w.book, &props));
    formats(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_summary(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_figures(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_retention(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_confidence(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_satisfaction(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_engagement(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_cohorts(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_quality(&w);
    if (w.err == LXW_NO_ERROR)
        sheet_methods(&w);
    if (w.err != LXW_NO_ERROR)
        st = err_set(w.err == LXW_ERROR_MEMORY_MALLOC_FAILED ? STATUS_NOMEM : STATUS_RENDER,
                     "write %s: sheet %s: %s", path, w.sheet != NULL ? w.sheet : "",
                     lxw_strerror(w.err));
    /* close even after an error: it frees the workbook (and writes what it has) */
    e = workbook_close(w.book);
    if (st == STATUS_OK && e != LXW_NO_ERROR)
        st = err_set(e == LXW_ERROR_MEMORY_MALLOC_FAILED ? STATUS_NOMEM : STATUS_IO, "write %s: %s",
                     path, lxw_strerror(e));
    if (st != STATUS_OK)
        remove(path);
    else
        chmod(path, 0640);
    return st;
}
