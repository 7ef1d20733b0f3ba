#include "reports/parts.h"

#include "charts/chart_forest.h"
#include "common/status.h"
#include "common/str.h"

#include <math.h>
#include <string.h>

#define EN_DASH "\xe2\x80\x93"

int report_doc_init(struct report_doc *out, const struct report_ctx *c, const char *file,
                    const char *title, const char *subject)
{
    const struct report_input *in = c->in;

    memset(out, 0, sizeof *out);
    if (str_fmt(out->path, sizeof out->path, "%s/%s", c->dir, file) != STATUS_OK ||
        str_fmt(out->chart_dir, sizeof out->chart_dir, "%s/charts", c->dir) != STATUS_OK)
        return err_set(STATUS_USAGE, "output folder name too long: %s", c->dir);
    str_copy(out->title, sizeof out->title, title);
    if (in->org != NULL && in->org[0] != '\0')
        str_fmt(out->header_left, sizeof out->header_left, "%s \xc2\xb7 %s \xc2\xb7 organisation %s",
                in->programme, title, in->org);
    else
        str_fmt(out->header_left, sizeof out->header_left, "%s \xc2\xb7 %s", in->programme, title);
    str_fmt(out->header_right, sizeof out->header_right, "%s \xc2\xb7 as of %s", in->period,
            c->as_of_text);
    str_fmt(out->author, sizeof out->author, "flipside %s", in->version != NULL ? in->version : "");
    out->meta.path = out->path;
    out->meta.chart_dir = out->chart_dir;
    out->meta.title = out->title;
    out->meta.subject = subject;
    out->meta.author = out->author;
    out->meta.header_left = out->header_left;
    out->meta.header_right = out->header_right;
    out->meta.footer_left = "Contains no individual data";
    out->meta.as_of = in->as_of;
    return STATUS_OK;
}

void report_cover(struct doc *d, const struct report_ctx *c, const char *title,
                  const char *audience, const char *const *brief, size_t nbrief)
{
    const struct report_input *in = c->in;
    struct doc_font ft = doc_font_make(28, CHART_INK);
    struct doc_font fs = doc_font_make(13, CHART_INK);
    struct doc_font fm = doc_font_make(10.5, CHART_INK_SOFT);
    struct doc_font fh = doc_font_make(11.5, CHART_INK);
    struct doc_font fb = doc_font_make(DOC_SIZE_BODY + 0.5, CHART_INK);
    struct doc_font fsmall = doc_font_make(DOC_SIZE_SMALL, CHART_INK_SOFT);
    double y = 170, box_h = 0;
    int any = 0;

    doc_page(d, 1);
    ft.bold = 1;
    fh.bold = 1;
    fb.spacing = 2;
    doc_rect(d, DOC_LEFT, y - 44, 64, 5, DOC_ACCENT);
    doc_text_at(d, DOC_LEFT, y - 28, DOC_WIDTH, "Reverse mentoring programme", &fm);
    y += doc_text_at(d, DOC_LEFT, y, DOC_WIDTH, title, &ft) + 8;
    y += doc_text_at(d, DOC_LEFT, y, DOC_WIDTH,
                     doc_printf(d, "Programme %s%s%s", in->programme,
                                in->org != NULL && in->org[0] != '\0' ? ", organisation " : "",
                                in->org != NULL ? in->org : ""),
                     &fs) + 4;
    y += doc_text_at(d, DOC_LEFT, y, DOC_WIDTH, c->period_text, &fs) + 14;
    y += doc_text_at(d, DOC_LEFT, y, DOC_WIDTH,
                     doc_printf(d, "Figures as of %s. %s", c->as_of_text, audience), &fm) + 40;

    /* in brief: measured first, so that its box can be drawn under it */
    for (size_t i = 0; i < nbrief; i++)
        if (brief[i] != NULL && brief[i][0] != '\0') {
            box_h += doc_text_height(d, brief[i], &fb, DOC_WIDTH - 50) + 8;
            any = 1;
        }
    if (any) {
        double hh = doc_text_height(d, "In brief", &fh, DOC_WIDTH);

        box_h += 16 + hh + 10 + 8;
        doc_rect(d, DOC_LEFT, y, DOC_WIDTH, box_h, DOC_FILL);
        doc_rect(d, DOC_LEFT, y, 3, box_h, DOC_ACCENT);
        doc_text_at(d, DOC_LEFT + 18, y + 16, DOC_WIDTH - 36, "In brief", &fh);
        y += 16 + hh + 10;
        for (size_t i = 0; i < nbrief; i++) {
            if (brief[i] == NULL || brief[i][0] == '\0')
                continue;
            doc_text_at(d, DOC_LEFT + 18, y, 10, "\xe2\x80\xa2", &fb);
            y += doc_text_at(d, DOC_LEFT + 32, y, DOC_WIDTH - 50, brief[i], &fb) + 8;
        }
    }
    doc_text_at(d, DOC_LEFT, DOC_BOTTOM - 40, DOC_WIDTH,
                doc_printf(d,
                           "Every figure in this report comes from the run\xe2\x80\x99s table of "
                           "figures (figures.csv). Groups of fewer than %d people are not shown. "
                           "Produced by flipside %s.",
                           in->min_cell > 0 ? in->min_cell : 5,
                           in->version != NULL ? in->version : ""),
                &fsmall);
    doc_space(d, DOC_BOTTOM);
}

size_t report_km_ticks(double days, double *ticks, size_t max)
{
    double months = days / CHART_DAYS_PER_MONTH, step = months <= 12 ? 3 : (months <= 48 ? 6 : 12);
    size_t n = 0;

    if (!(months > 0))
        months = 12;
    for (double m = 0; m <= months + 1e-9 && n < max; m += step)
        ticks[n++] = m;
    return n;
}

void report_km_yrange(const struct chart_km_series *s, size_t n, double *y_min, double *y_max)
{
    double lo = 1;

    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < s[k].n; i++) {
            if (isfinite(s[k].surv[i]) && s[k].surv[i] < lo)
                lo = s[k].surv[i];
            if (s[k].lower != NULL && isfinite(s[k].lower[i]) && s[k].lower[i] < lo)
                lo = s[k].lower[i];
        }
    lo = floor(lo * 10 - 0.5) / 10;
    *y_min = lo < 0 ? 0 : lo;
    *y_max = 1;
}

double report_km_span(const struct report_ctx *c, const char *cohort)
{
    const struct figtable *t = c->in->figures;
    double span = 0;

    for (size_t i = 0; t != NULL && i < t->ncurves; i++) {
        const struct figcurve *cv = &t->curves[i];

        if (strcmp(cv->cohort, cohort) != 0 || cv->suppressed || cv->steps == 0)
            continue;
        if (cv->time[cv->steps - 1] > span)
            span = cv->time[cv->steps - 1];
    }
    return span;
}

int report_km_series(struct doc *d, const struct report_ctx *c, const char *cohort,
                     const char *role, const char *label, const double *ticks, size_t nticks,
                     struct chart_km_series *out)
{
    const struct figcurve *cv = c->in->figures != NULL ? figtable_curve(c->in->figures, cohort, role)
                                                      : NULL;
    double *time, *surv, *lower, *upper, *censor, *risk;
    size_t n, nc = 0;

    memset(out, 0, sizeof *out);
    out->label = label;
    out->end = NAN;
    if (cv == NULL || cv->suppressed || cv->steps == 0)
        return 0;
    n = cv->steps + 1;
    time = doc_alloc(d, n * sizeof *time);
    surv = doc_alloc(d, n * sizeof *surv);
    lower = doc_alloc(d, n * sizeof *lower);
    upper = doc_alloc(d, n * sizeof *upper);
    censor = doc_alloc(d, cv->steps * sizeof *censor);
    risk = doc_alloc(d, (nticks ? nticks : 1) * sizeof *risk);
    if (time == NULL || surv == NULL || lower == NULL || upper == NULL || censor == NULL ||
        risk == NULL)
        return 0;
    /* everyone is still there at the start */
    time[0] = 0;
    surv[0] = 1;
    lower[0] = upper[0] = NAN;
    for (size_t i = 0; i < cv->steps; i++) {
        time[i + 1] = cv->time[i];
        surv[i + 1] = cv->surv[i];
        lower[i + 1] = cv->lower[i];
        upper[i + 1] = cv->upper[i];
        if (cv->n_censor[i] > 0)
            censor[nc++] = cv->time[i];
    }
    /* at risk at t: the first step at or after t, else nobody */
    for (size_t k = 0; k < nticks; k++) {
        double t = ticks[k] * CHART_DAYS_PER_MONTH;
        size_t i = 0;

        while (i < cv->steps && cv->time[i] < t)
            i++;
        risk[k] = i < cv->steps ? cv->n_risk[i] : 0;
    }
    out->n = n;
    out->time = time;
    out->surv = surv;
    out->lower = lower;
    out->upper = upper;
    out->ncensor = nc;
    out->censor = censor;
    out->end = cv->time[cv->steps - 1];
    out->at_risk = risk;
    return 1;
}

void report_comparison_caveat(struct doc *d, const struct report_ctx *c)
{
    (void)c;
    doc_para(d,
             "People choose to take part in reverse mentoring, and those who do may already be "
             "more engaged or more likely to stay. A straight comparison of participants with "
             "everyone else therefore overstates what the programme did. The fairer figure is "
             "the adjusted hazard ratio: it compares participants with colleagues of the same "
             "grade, gender, age band and length of service, and it is the figure this report "
             "leads with. A hazard ratio below 1 means participants left at a lower rate.");
    doc_para(d,
             "Even the adjusted figure cannot rule out differences nobody measured, such as "
             "ambition or a supportive manager, so it shows an association, not proof that the "
             "programme caused people to stay. The comparison group is staff in the same "
             "organisations who were employed when each cohort started and never took part.");
}

void report_suppression_para(struct doc *d, const struct report_ctx *c)
{
    char text[600];

    doc_para(d, report_suppression_note(c, text, sizeof text));
}

void report_cell(struct doc_table *t, struct doc *d, const struct report_ctx *c,
                 const struct figure *f, enum report_kind kind, int with_ci, const char *empty)
{
    char est[REPORT_TEXT], ci[2 * REPORT_TEXT];

    if (report_hidden(f)) {
        doc_table_cell(t, c->fewer, DOC_CELL_QUIET);
        return;
    }
    if (!report_has(f)) {
        doc_table_cell(t, empty != NULL ? empty : "\xe2\x80\x93", DOC_CELL_QUIET);
        return;
    }
    report_fmt(est, sizeof est, f->estimate, kind);
    ci[0] = '\0';
    if (with_ci)
        report_fmt_ci(ci, sizeof ci, f->lower, f->upper, kind);
    (void)d;
    doc_table_cell2(t, est, ci, DOC_CELL_PLAIN);
}

void report_cells_hidden(struct doc_table *t, const struct report_ctx *c, size_t ncells)
{
    for (size_t i = 0; i < ncells; i++)
        doc_table_cell(t, i == 0 ? c->fewer : "", DOC_CELL_QUIET);
}

void report_cell_p(struct doc_table *t, double p)
{
    char text[REPORT_TEXT];

    report_fmt_p(text, sizeof text, p);
    doc_table_cell(t, text, DOC_CELL_PLAIN);
}

void report_cell_n(struct doc_table *t, const struct report_ctx *c, const struct figure *f,
                   int events)
{
    char text[REPORT_TEXT];

    if (report_hidden(f)) {
        doc_table_cell(t, c->fewer, DOC_CELL_QUIET);
        return;
    }
    report_fmt(text, sizeof text, f != NULL ? (events ? f->events : f->n) : NAN, REPORT_COUNT);
    doc_table_cell(t, text, DOC_CELL_PLAIN);
}

const char *report_str(struct doc *d, double v, enum report_kind kind)
{
    char text[REPORT_TEXT];

    report_fmt(text, sizeof text, v, kind);
    return doc_strdup(d, text);
}

const char *report_str_ci(struct doc *d, double lo, double hi, enum report_kind kind)
{
    char text[2 * REPORT_TEXT];

    report_fmt_ci(text, sizeof text, lo, hi, kind);
    return doc_strdup(d, text);
}

const char *report_str_est_ci(struct doc *d, double est, double lo, double hi,
                              enum report_kind kind)
{
    char text[3 * REPORT_TEXT];

    report_fmt_est_ci(text, sizeof text, est, lo, hi, kind);
    return doc_strdup(d, text);
}

const char *report_str_p(struct doc *d, double p)
{
    char text[REPORT_TEXT];

    if (!isfinite(p))
        return "";
    report_fmt_p(text, sizeof text, p);
    if (p < 0.001)
        return doc_printf(d, "p %s", text);
    return doc_printf(d, "p = %s", text);
}

size_t report_monthly(struct doc *d, const struct report_ctx *c, const char *cohort,
                      const char ***months, double **sessions, double **pairs)
{
    const struct figtable *t = c->in->figures;
    size_t n = 0;
    const char **m = doc_alloc(d, 60 * sizeof *m);
    double *s = doc_alloc(d, 60 * sizeof *s), *p = doc_alloc(d, 60 * sizeof *p);

    *months = m;
    *sessions = s;
    *pairs = p;
    if (m == NULL || s == NULL || p == NULL || t == NULL)
        return 0;
    /* the table is sorted, so the months of one scope come in order */
    for (size_t i = 0; i < t->len && n < 60; i++) {
        const struct figure *f = &t->rows[i];

        if (strcmp(f->key, "engagement.monthly") != 0 || strcmp(f->cohort, cohort) != 0 ||
            strcmp(f->role, "all") != 0 || strcmp(f->dimension, "none") != 0 ||
            f->month[0] == '\0')
            continue;
        m[n] = f->month;
        s[n] = f->n;
        p[n] = f->events;
        n++;
    }
    return n;
}

const struct figure *report_hr(const struct report_figs *f, const char *cohort, const char *role)
{
    return report_get(f, "retention.hr_adjusted", cohort, "non-participants", role, "none", "all",
                      NULL, NULL);
}

/* The sentence that says what the adjusted hazard ratio means. */
const char *report_hr_sentence(struct doc *d, const struct figure *f, const char *who)
{
    if (!report_has(f))
        return "";
    if (isfinite(f->upper) && f->upper < 1)
        return doc_printf(d, "After allowing for grade, gender, age band and length of service, "
                             "%s left at a %s lower rate than comparable colleagues who did not "
                             "take part.",
                          who, doc_printf(d, "%.0f%%", 100 * (1 - f->estimate)));
    if (isfinite(f->lower) && f->lower > 1)
        return doc_printf(d, "After allowing for grade, gender, age band and length of service, "
                             "%s left at a %s higher rate than comparable colleagues who did not "
                             "take part.",
                          who, doc_printf(d, "%.0f%%", 100 * (f->estimate - 1)));
    return doc_printf(d, "After allowing for grade, gender, age band and length of service, %s "
                         "left at a rate not clearly different from comparable colleagues "
                         "(the interval includes 1).",
                      who);
}


void report_hr_forest(struct doc *d, const struct report_ctx *c, const char *name)
{
    static const char *const roles[3] = { "all", "mentor", "mentee" };
    struct chart_forest_row *rows = doc_alloc(d, 3 * sizeof *rows);
    struct chart_forest *spec = doc_alloc(d, sizeof *spec);

    if (rows == NULL || spec == NULL)
        return;
    for (int i = 0; i < 3; i++) {
        const struct figure *f = report_hr(&c->now, "all", roles[i]);

        rows[i].label = report_role_label(roles[i]);
        rows[i].suppressed = report_hidden(f);
        rows[i].est = report_has(f) ? f->estimate : NAN;
        rows[i].lo = report_has(f) ? f->lower : NAN;
        rows[i].hi = report_has(f) ? f->upper : NAN;
        if (report_has(f) && isfinite(f->p))
            rows[i].text = doc_printf(d, "%s, %s",
                                      report_str_est_ci(d, f->estimate, f->lower, f->upper,
                                                        REPORT_RATIO),
                                      report_str_p(d, f->p));
    }
    spec->title = "Adjusted hazard ratio of leaving: participants against similar colleagues";
    spec->subtitle = "Allowing for grade, gender, age band and length of service; all cohorts";
    spec->x_title = "Hazard ratio (log scale)";
    spec->label_title = "Who";
    spec->left_note = "participants leave less";
    spec->right_note = "participants leave more";
    spec->format = report_chart_number(REPORT_RATIO);
    spec->log_scale = 1;
    spec->ref = 1;
    spec->nrows = 3;
    spec->rows = rows;
    spec->suppressed_text = c->fewer;
    doc_chart(d, name, 170, chart_forest_draw_cb, spec);
}

void report_km_chart(struct doc *d, const struct report_ctx *c, const char *name,
                     const char *role, const char *title)
{
    struct chart_km *spec = doc_alloc(d, sizeof *spec);
    struct chart_km_series *series = doc_alloc(d, 2 * sizeof *series);
    double *ticks = doc_alloc(d, 24 * sizeof *ticks);
    size_t nt, ns = 0;

    if (spec == NULL || series == NULL || ticks == NULL)
        return;
    nt = report_km_ticks(report_km_span(c, "all"), ticks, 12);
    ns += (size_t)report_km_series(d, c, "all", role,
                                   strcmp(role, "all") == 0 ? "Participants"
                                                            : report_role_label(role),
                                   ticks, nt, &series[ns]);
    ns += (size_t)report_km_series(d, c, "all", "non-participant", "Non-participants", ticks, nt,
                                   &series[ns]);
    spec->title = title;
    spec->subtitle = "Share still employed by months since they started (participants: since "
                     "enrolling), with 95% intervals";
    spec->note = "Tick marks: people still employed on the as-of date. Raw comparison, before "
                 "allowing for who chooses to take part.";
    spec->x_title = "Months since start";
    spec->y_title = "Still employed (%)";
    spec->unit = CHART_TIME_MONTHS;
    spec->nticks = nt;
    spec->ticks = ticks;
    spec->nseries = ns;
    spec->series = series;
    report_km_yrange(series, ns, &spec->y_min, &spec->y_max);
    spec->empty_text = doc_printf(d, "No curve to draw: %s people, or no follow-up yet",
                                  c->fewer);
    doc_chart(d, name, 300, chart_km_draw_cb, spec);
}

void report_retention_table(struct doc *d, const struct report_ctx *c, const char *cohort)
{
    static const struct doc_col cols[] = {
        { "Who", 2.0, CHART_LEFT }, { "People", 0.8, CHART_RIGHT },
        { "Leavers", 0.8, CHART_RIGHT }, { "Still employed after 6 months", 1.3, CHART_RIGHT },
        { "12 months", 1.3, CHART_RIGHT }, { "24 months", 1.3, CHART_RIGHT },
    };
    static const char *const roles[4] = { "all", "mentor", "mentee", "non-participant" };
    struct doc_table *t = doc_table_new(d, cols, sizeof cols / sizeof *cols);

    for (int r = 0; r < 4; r++) {
        const struct figure *s6 = report_top(&c->now, "retention.s6", cohort, roles[r]);

        doc_table_cell(t, report_role_label(roles[r]), r == 0 ? DOC_CELL_BOLD : DOC_CELL_PLAIN);
        if (report_hidden(s6)) {
            report_cells_hidden(t, c, 5);
            continue;
        }
        report_cell_n(t, c, s6, 0);
        report_cell_n(t, c, s6, 1);
        report_cell(t, d, c, s6, REPORT_SHARE, 1, "not yet");
        report_cell(t, d, c, report_top(&c->now, "retention.s12", cohort, roles[r]), REPORT_SHARE,
                    1, "not yet");
        report_cell(t, d, c, report_top(&c->now, "retention.s24", cohort, roles[r]), REPORT_SHARE,
                    1, "not yet");
    }
    doc_table_end(d, t);
}

