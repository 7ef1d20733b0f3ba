/*
 * compute_surveys.c: SPEC 3.2 and 3.3, confidence, satisfaction and
 * recommendation from the survey answers, and rules 3, 14, 22-28.
 *
 * A scope's units are the people whose answers count in it: in a cohort,
 * everyone who answered in it (a participant with their role; someone who
 * answered without taking part counts in role "all" only, rule 14); in "all",
 * each person once, through their earliest participation (rule 3), and
 * someone who never took part through the first cohort they answered in.
 */
#include "pipeline/compute.h"
#include "stats/desc.h"
#include "stats/effect.h"
#include "stats/padjust.h"
#include "stats/prop.h"
#include "stats/rank.h"
#include "stats/ttest.h"
#include "common/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static long slot_find(const struct model *m, int32_t cohort, int32_t person)
{
    int32_t key[2] = { cohort, person };
    int64_t idx;

    return map_get(&m->slot_index, (const char *)key, sizeof key, &idx) ? (long)idx : -1;
}

int survey_units(const struct compute *cx, size_t c, struct survey_unit **units, size_t *n)
{
    const struct model *m = cx->m;
    int32_t *first = NULL;
    uint8_t *role = NULL;
    int st = STATUS_OK;

    *n = 0;
    *units = malloc((m->nslots + 1) * sizeof **units);
    role = malloc(m->npeople + 1);
    if (*units == NULL || role == NULL) {
        st = err_set(STATUS_NOMEM, "out of memory gathering survey answers");
        goto out;
    }
    memset(role, ROLE_NONE, m->npeople + 1);
    if (c < cx->ncohorts) {
        for (size_t k = 0; k < m->nparts; k++) {
            if ((size_t)m->parts[k].cohort == c && m->parts[k].enrolled <= cx->opt.as_of)
                role[m->parts[k].person] = m->parts[k].role;
        }
        for (size_t s = 0; s < m->nslots; s++) {
            const struct slot *sl = &m->slots[s];

            if ((size_t)sl->cohort != c || !compute_in_org(cx, sl->person))
                continue;
            (*units)[(*n)++] = (struct survey_unit){ sl->person, (int32_t)s, role[sl->person] };
        }
        goto out;
    }
    first = compute_earliest(cx);
    if (first == NULL) {
        st = err_set(STATUS_NOMEM, "out of memory gathering survey answers");
        goto out;
    }
    for (size_t i = 0; i < m->npeople; i++) {
        const struct participation *pa = first[i] >= 0 ? &m->parts[first[i]] : NULL;
        long s;

        if (pa == NULL || !compute_in_org(cx, (int32_t)i))
            continue;
        s = slot_find(m, pa->cohort, (int32_t)i);
        if (s >= 0)
            (*units)[(*n)++] = (struct survey_unit){ (int32_t)i, (int32_t)s, pa->role };
    }
    /* People who answered without taking part: through the first cohort they answered in. */
    for (size_t s = 0; s < m->nslots; s++) {
        const struct slot *sl = &m->slots[s];
        long earlier = -1;

        if ((size_t)sl->cohort >= cx->ncohorts || first[sl->person] >= 0 || !compute_in_org(cx, sl->person))
            continue;
        for (int32_t k = 0; k < sl->cohort && earlier < 0; k++)
            earlier = slot_find(m, k, sl->person);
        if (earlier < 0)
            (*units)[(*n)++] = (struct survey_unit){ sl->person, (int32_t)s, ROLE_NONE };
    }
out:
    free(first);
    free(role);
    if (st != STATUS_OK) {
        free(*units);
        *units = NULL;
    }
    return st;
}

/* The value of item `it` in a slot's wave when submitted by the as-of date, reverse-scored; NAN if none. */
static double answer(const struct compute *cx, int32_t slot, int wave, const struct item *it, int reverse)
{
    double v = model_values(cx->m, (size_t)slot, wave)[it->slot];

    if (isnan(v) || model_dates(cx->m, (size_t)slot, wave)[it->slot] > cx->opt.as_of)
        return NAN;
    return reverse && it->reverse ? it->min + it->max - v : v;
}

/* The mean of a construct's answers in a wave when at least half of its items are answered (rule 22). */
static double construct_score(const struct compute *cx, int32_t slot, int wave, int construct)
{
    double sum = 0;
    int k = 0, answered = 0;

    for (size_t i = 0; i < cx->m->nitems; i++) {
        const struct item *it = &cx->m->items[i];
        double v;

        if (it->construct != construct)
            continue;
        k++;
        v = answer(cx, slot, wave, it, 1);
        if (!isnan(v)) {
            sum += v;
            answered++;
        }
    }
    if (answered == 0 || answered < (k + 1) / 2)
        return NAN;
    return sum / answered;
}

double survey_confidence(const struct compute *cx, int32_t slot, int wave)
{
    return construct_score(cx, slot, wave, CONSTRUCT_CONFIDENCE);
}

/* Exit when the person gave any satisfaction answer at exit, else midpoint, else -1 (rule 23). */
static int satisfaction_wave(const struct compute *cx, int32_t slot)
{
    static const int waves[2] = { WAVE_EXIT, WAVE_MIDPOINT };

    for (int w = 0; w < 2; w++) {
        for (size_t i = 0; i < cx->m->nitems; i++) {
            const struct item *it = &cx->m->items[i];

            if (it->construct == CONSTRUCT_SATISFACTION && !isnan(answer(cx, slot, waves[w], it, 0)))
                return waves[w];
        }
    }
    return -1;
}

double survey_satisfaction(const struct compute *cx, int32_t slot)
{
    int wave = satisfaction_wave(cx, slot);

    return wave < 0 ? NAN : construct_score(cx, slot, wave, CONSTRUCT_SATISFACTION);
}

/*
 * The answer at exit, else midpoint (rule 24), to the programme's NPS item.
 * CHOICE: with several nps items, the first by code that the person answered.
 */
double survey_nps(const struct compute *cx, int32_t slot)
{
    static const int waves[2] = { WAVE_EXIT, WAVE_MIDPOINT };

    for (int w = 0; w < 2; w++) {
        for (size_t i = 0; i < cx->m->nitems; i++) {
            const struct item *it = &cx->m->items[i];
            double v;

            if (it->construct != CONSTRUCT_NPS)
                continue;
            v = answer(cx, slot, waves[w], it, 0);
            if (!isnan(v))
                return v;
        }
    }
    return NAN;
}

/* ---- The figures of one group ------------------------------------------------------------- */

/* One unit's per-scope values, computed once; its confidence items are in a matrix beside. */
struct unit_values {
    double base, exit, sat, nps;
    long top2_n, top2_events;
};

/* A scope's units, their values, and their confidence items (2 * nconf a unit, reverse-scored, NAN unanswered). */
struct scope_data {
    struct survey_unit *units;
    struct unit_values *vals;
    double *items;
    size_t n;
};

/*
 * The units of one group, copied side by side so that each figure reads
 * them in order, and working arrays; all sized for the whole scope.
 */
struct group_data {
    size_t n, nconf;
    struct unit_values *vals;
    double *items;                     /* n rows: nconf at baseline, then nconf at exit */
    double *base, *exit, *a, *b, *x;   /* scores and pairs; x: alpha matrix */
};

/* Copy the units idx[0 .. n) of a scope into the group. */
static void group_gather(const struct scope_data *sd, const int *idx, size_t n, struct group_data *g)
{
    size_t width = 2 * g->nconf;

    g->n = n;
    for (size_t i = 0; i < n; i++) {
        g->vals[i] = sd->vals[idx[i]];
        memcpy(g->items + i * width, sd->items + (size_t)idx[i] * width, width * sizeof *g->items);
    }
}

static void add_t(struct figure *f, const struct stats_ttest *t)
{
    f->estimate = t->estimate;
    f->lower = t->lower;
    f->upper = t->upper;
    f->statistic = t->statistic;
    f->df = t->df;
    f->p = t->p;
}

static void add_interval(struct figure *f, const struct stats_interval *iv)
{
    f->estimate = iv->estimate;
    f->lower = iv->lower;
    f->upper = iv->upper;
}

/* A mean with its t interval (t.test(x)$conf.int); rule 26 for n = 1 or zero variance. */
static int add_mean(struct compute *cx, struct figure *f, const double *x, size_t n)
{
    struct stats_interval iv;
    int st = stats_desc_t_interval(x, n, &iv);

    f->n = (double)n;
    if (st == STATUS_OK || st == STATUS_EMPTY)
        add_interval(f, &iv);
    else
        return st;
    return compute_add(cx, f, (double)n);
}

/* A share with its Wilson interval, prop.test(events, n, correct = FALSE)$conf.int. */
static void set_share(struct figure *f, long events, long n)
{
    struct stats_interval iv;

    f->n = (double)n;
    f->events = (double)events;
    if (stats_prop_wilson(events, n, &iv) == STATUS_OK)
        add_interval(f, &iv);
}

static int is_demographic(const char *dim)
{
    return strcmp(dim, "none") != 0;
}

static int confidence_figures(struct compute *cx, size_t c, const char *role, const char *dim, const char *group,
                              struct group_data *g)
{
    struct figure f;
    size_t nb = 0, ne = 0, np = 0;
    long improved = 0;
    int st = STATUS_OK;

    for (size_t i = 0; i < g->n; i++) {
        const struct unit_values *v = &g->vals[i];

        if (!isnan(v->base))
            g->base[nb++] = v->base;
        if (!isnan(v->exit))
            g->exit[ne++] = v->exit;
        if (!isnan(v->base) && !isnan(v->exit)) {
            g->a[np] = v->exit;
            g->b[np] = v->base;
            improved += v->exit > v->base;
            np++;
        }
    }
    if (nb > 0 || !is_demographic(dim)) {
        f = compute_figure(cx, "confidence.baseline", c, NULL, role, dim, group);
        st = add_mean(cx, &f, g->base, nb);
    }
    if (st == STATUS_OK && (ne > 0 || !is_demographic(dim))) {
        f = compute_figure(cx, "confidence.exit", c, NULL, role, dim, group);
        st = add_mean(cx, &f, g->exit, ne);
    }
    if (st != STATUS_OK || (np == 0 && is_demographic(dim)))
        return st;
    {
        struct stats_ttest t;
        struct stats_rank_test w;
        double dz;

        /* t.test(exit, baseline, paired = TRUE) */
        f = compute_figure(cx, "confidence.change", c, NULL, role, dim, group);
        f.n = (double)np;
        stats_ttest_paired(g->a, g->b, np, &t);
        add_t(&f, &t);
        st = compute_add(cx, &f, (double)np);
        /* wilcox.test(exit, baseline, paired = TRUE) */
        f = compute_figure(cx, "confidence.wilcoxon", c, NULL, role, dim, group);
        f.n = (double)np;
        stats_rank_signed(g->a, g->b, np, &w);
        f.statistic = w.statistic;
        f.p = w.p;
        if (st == STATUS_OK)
            st = compute_add(cx, &f, (double)np);
        f = compute_figure(cx, "confidence.dz", c, NULL, role, dim, group);
        f.n = (double)np;
        stats_effect_dz(g->a, g->b, np, &dz);
        f.estimate = dz;
        if (st == STATUS_OK)
            st = compute_add(cx, &f, (double)np);
        f = compute_figure(cx, "confidence.improved", c, NULL, role, dim, group);
        set_share(&f, improved, (long)np);
        if (st == STATUS_OK)
            st = compute_add(cx, &f, (double)np);
    }
    return st;
}

/* Cronbach's alpha over the people who answered every confidence item of the wave (rule 25). */
static int alpha_figure(struct compute *cx, size_t c, const char *role, const char *dim, const char *group,
                        struct group_data *g, int wave, const char *key)
{
    struct figure f;
    size_t rows = 0;
    double alpha = NAN;

    for (size_t i = 0; i < g->n; i++) {
        const double *x = g->items + i * 2 * g->nconf + (wave == WAVE_BASELINE ? 0 : g->nconf);
        size_t k = 0;

        while (k < g->nconf && !isnan(x[k]))
            k++;
        if (k < g->nconf || k == 0)
            continue;
        memcpy(g->x + rows * g->nconf, x, g->nconf * sizeof *x);
        rows++;
    }
    if (rows == 0 && is_demographic(dim))
        return STATUS_OK;
    f = compute_figure(cx, key, c, NULL, role, dim, group);
    f.n = (double)rows;
    /* k/(k-1) * (1 - sum(apply(X, 2, var)) / var(rowSums(X))) */
    stats_effect_alpha(g->x, rows, g->nconf, &alpha);
    f.estimate = alpha;
    return compute_add(cx, &f, (double)rows);
}

/* Per item: the change (paired t), and for dimension none the item's mean at baseline and exit. */
static int item_figures(struct compute *cx, size_t c, const char *role, const char *dim, const char *group,
                        struct group_data *g)
{
    size_t k = 0;
    int st = STATUS_OK;

    for (size_t it = 0; it < cx->m->nitems && st == STATUS_OK; it++) {
        const struct item *item = &cx->m->items[it];
        struct figure f;
        struct stats_ttest t;
        size_t np = 0, nb = 0, ne = 0;

        if (item->construct != CONSTRUCT_CONFIDENCE)
            continue;
        for (size_t i = 0; i < g->n; i++) {
            const double *row = g->items + i * 2 * g->nconf;
            double b = row[k], e = row[g->nconf + k];

            if (!isnan(b))
                g->base[nb++] = b;
            if (!isnan(e))
                g->exit[ne++] = e;
            if (!isnan(b) && !isnan(e)) {
                g->a[np] = e;
                g->b[np] = b;
                np++;
            }
        }
        k++;
        if (np > 0 || !is_demographic(dim)) {
            f = compute_figure(cx, "confidence.item_change", c, NULL, role, dim, group);
            f.item = item->code;
            f.n = (double)np;
            stats_ttest_paired(g->a, g->b, np, &t);
            add_t(&f, &t);
            st = compute_add(cx, &f, (double)np);
        }
        if (st != STATUS_OK || is_demographic(dim))
            continue;
        f = compute_figure(cx, "confidence.item_baseline", c, NULL, role, dim, group);
        f.item = item->code;
        st = add_mean(cx, &f, g->base, nb);
        if (st == STATUS_OK) {
            f = compute_figure(cx, "confidence.item_exit", c, NULL, role, dim, group);
            f.item = item->code;
            st = add_mean(cx, &f, g->exit, ne);
        }
    }
    return st;
}

static int satisfaction_figures(struct compute *cx, size_t c, const char *role, const char *dim,
                                const char *group, struct group_data *g)
{
    struct figure f;
    size_t ns = 0;
    long answers = 0, top = 0, people = 0, np = 0, promoters = 0, detractors = 0;
    int st = STATUS_OK;

    for (size_t i = 0; i < g->n; i++) {
        const struct unit_values *v = &g->vals[i];

        if (!isnan(v->sat))
            g->base[ns++] = v->sat;
        answers += v->top2_n;
        top += v->top2_events;
        people += v->top2_n > 0;
        if (!isnan(v->nps)) {
            np++;
            promoters += v->nps >= 9;
            detractors += v->nps <= 6;
        }
    }
    if (ns > 0 || !is_demographic(dim)) {
        f = compute_figure(cx, "satisfaction.mean", c, NULL, role, dim, group);
        st = add_mean(cx, &f, g->base, ns);
    }
    if (st == STATUS_OK && (answers > 0 || !is_demographic(dim))) {
        /* Its people count for disclosure control is the people who gave the answers (rule 23). */
        f = compute_figure(cx, "satisfaction.top2", c, NULL, role, dim, group);
        set_share(&f, top, answers);
        st = compute_add(cx, &f, (double)people);
    }
    if (st != STATUS_OK || (np == 0 && is_demographic(dim)))
        return st;
    {
        struct stats_nps nps;

        f = compute_figure(cx, "nps", c, NULL, role, dim, group);
        f.n = (double)np;
        stats_effect_nps(promoters, detractors, np, &nps);
        f.estimate = nps.estimate;
        f.lower = nps.lower;
        f.upper = nps.upper;
        st = compute_add(cx, &f, (double)np);
        f = compute_figure(cx, "nps.promoters", c, NULL, role, dim, group);
        set_share(&f, promoters, np);
        if (st == STATUS_OK)
            st = compute_add(cx, &f, (double)np);
        f = compute_figure(cx, "nps.detractors", c, NULL, role, dim, group);
        set_share(&f, detractors, np);
        if (st == STATUS_OK)
            st = compute_add(cx, &f, (double)np);
    }
    return st;
}

static int group_figures(struct compute *cx, size_t c, const char *role, const char *dim, const char *group,
                         struct group_data *g)
{
    int st = confidence_figures(cx, c, role, dim, group, g);

    if (st == STATUS_OK && !cx->opt.headline)
        st = alpha_figure(cx, c, role, dim, group, g, WAVE_BASELINE, "confidence.alpha_baseline");
    if (st == STATUS_OK && !cx->opt.headline)
        st = alpha_figure(cx, c, role, dim, group, g, WAVE_EXIT, "confidence.alpha_exit");
    if (st == STATUS_OK && !cx->opt.headline)
        st = item_figures(cx, c, role, dim, group, g);
    if (st == STATUS_OK)
        st = satisfaction_figures(cx, c, role, dim, group, g);
    return st;
}

/* ---- A scope ------------------------------------------------------------------------------ */

/* The indices of the units of a role into `idx`; returns how many. */
static size_t select_role(const struct scope_data *sd, int role, int *idx)
{
    size_t n = 0;

    for (size_t i = 0; i < sd->n; i++) {
        const struct survey_unit *u = &sd->units[i];

        if ((role == SR_MENTOR && u->role != ROLE_MENTOR) || (role == SR_MENTEE && u->role != ROLE_MENTEE))
            continue;
        idx[n++] = (int)i;
    }
    return n;
}

/* Per unit: its scores, and its confidence items at baseline and exit into `items` (2 * nconf). */
static void unit_values_fill(const struct compute *cx, const struct survey_unit *u, struct unit_values *v,
                             double *items, size_t nconf)
{
    int wave = satisfaction_wave(cx, u->slot);
    size_t k = 0;

    v->base = survey_confidence(cx, u->slot, WAVE_BASELINE);
    v->exit = survey_confidence(cx, u->slot, WAVE_EXIT);
    v->sat = wave < 0 ? NAN : construct_score(cx, u->slot, wave, CONSTRUCT_SATISFACTION);
    v->nps = survey_nps(cx, u->slot);
    v->top2_n = v->top2_events = 0;
    for (size_t i = 0; i < cx->m->nitems; i++) {
        const struct item *it = &cx->m->items[i];
        double a;

        if (it->construct == CONSTRUCT_CONFIDENCE) {
            items[k] = answer(cx, u->slot, WAVE_BASELINE, it, 1);
            items[nconf + k] = answer(cx, u->slot, WAVE_EXIT, it, 1);
            k++;
        }
        if (it->construct != CONSTRUCT_SATISFACTION || wave < 0)
            continue;
        a = answer(cx, u->slot, wave, it, 0);
        if (isnan(a))
            continue;
        v->top2_n++;
        v->top2_events += a >= it->max - 1;
    }
}

/*
 * The units idx[0 .. n) grouped by their code in dimension `dim`: group k
 * is order[start[k] .. start[k + 1]), in the order of idx.
 */
static void unit_buckets(const struct compute *cx, const struct scope_data *sd, const int *idx, size_t n, int dim,
                         size_t *start, int *order)
{
    size_t ncodes = cx->m->dims[dim].n;

    memset(start, 0, (ncodes + 2) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[cx->m->people[sd->units[idx[i]].person].dim[dim] + 1]++;
    for (size_t k = 0; k < ncodes; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < n; i++)
        order[start[cx->m->people[sd->units[idx[i]].person].dim[dim]]++] = idx[i];
    memmove(start + 1, start, ncodes * sizeof *start);
    start[0] = 0;
}

static int surveys_scope(struct compute *cx, size_t c)
{
    struct scope_data sd;
    struct group_data g;
    size_t *start = NULL;
    int *role_units = NULL, *order = NULL;
    size_t maxcodes = 0, width;
    int st;

    memset(&sd, 0, sizeof sd);
    memset(&g, 0, sizeof g);
    st = survey_units(cx, c, &sd.units, &sd.n);
    if (st != STATUS_OK)
        return st;
    for (size_t i = 0; i < cx->m->nitems; i++)
        g.nconf += cx->m->items[i].construct == CONSTRUCT_CONFIDENCE;
    width = 2 * g.nconf;
    for (int d = 0; d < NDIMS; d++)
        maxcodes = cx->m->dims[d].n > maxcodes ? cx->m->dims[d].n : maxcodes;
    sd.vals = malloc((sd.n + 1) * sizeof *sd.vals);
    sd.items = malloc(((sd.n + 1) * (width + 1)) * sizeof *sd.items);
    g.vals = malloc((sd.n + 1) * sizeof *g.vals);
    g.items = malloc(((sd.n + 1) * (width + 1)) * sizeof *g.items);
    role_units = malloc((sd.n + 1) * sizeof *role_units);
    order = malloc((sd.n + 1) * sizeof *order);
    start = malloc((maxcodes + 2) * sizeof *start);
    g.base = malloc((sd.n + 1) * sizeof *g.base);
    g.exit = malloc((sd.n + 1) * sizeof *g.exit);
    g.a = malloc((sd.n + 1) * sizeof *g.a);
    g.b = malloc((sd.n + 1) * sizeof *g.b);
    g.x = malloc(((sd.n + 1) * (g.nconf + 1)) * sizeof *g.x);
    if (!sd.vals || !sd.items || !g.vals || !g.items || !role_units || !order || !start || !g.base || !g.exit ||
        !g.a || !g.b || !g.x) {
        st = err_set(STATUS_NOMEM, "out of memory computing the survey figures");
        goto out;
    }
    for (size_t i = 0; i < sd.n; i++)
        unit_values_fill(cx, &sd.units[i], &sd.vals[i], sd.items + i * width, g.nconf);
    for (int role = SR_ALL; role <= SR_MENTEE && st == STATUS_OK; role++) {
        const char *rname = SCOPE_ROLE_NAMES[role];
        size_t nrole;

        if (cx->opt.headline && role != SR_ALL)
            continue;
        nrole = select_role(&sd, role, role_units);
        group_gather(&sd, role_units, nrole, &g);
        st = group_figures(cx, c, rname, "none", "all", &g);
        for (int d = 0; d < NDIMS && st == STATUS_OK && !cx->opt.headline; d++) {
            const struct dict *dict = &cx->m->dims[d];

            unit_buckets(cx, &sd, role_units, nrole, d, start, order);
            for (size_t k = 0; k < dict->n && st == STATUS_OK; k++) {
                if (start[k] == start[k + 1])
                    continue;
                group_gather(&sd, order + start[k], start[k + 1] - start[k], &g);
                st = group_figures(cx, c, rname, DIM_NAMES[d], dict->names[k], &g);
            }
        }
    }
out:
    free(sd.units);
    free(sd.vals);
    free(sd.items);
    free(g.vals);
    free(g.items);
    free(role_units);
    free(order);
    free(start);
    free(g.base);
    free(g.exit);
    free(g.a);
    free(g.b);
    free(g.x);
    return st;
}

int compute_surveys(struct compute *cx)
{
    int st = STATUS_OK;

    for (size_t c = 0; c <= cx->ncohorts && st == STATUS_OK; c++) {
        if (cx->opt.headline && c != cx->ncohorts)
            continue;
        st = surveys_scope(cx, c);
    }
    return st;
}

/* ---- Benjamini-Hochberg over the items shown (rule 28), after disclosure control ---------- */

static const struct figure *bh_rows;

static int bh_cmp(const void *pa, const void *pb)
{
    const struct figure *a = &bh_rows[*(const size_t *)pa], *b = &bh_rows[*(const size_t *)pb];
    int c;

    if ((c = strcmp(a->cohort, b->cohort)) != 0 || (c = strcmp(a->role, b->role)) != 0 ||
        (c = strcmp(a->dimension, b->dimension)) != 0 || (c = strcmp(a->group, b->group)) != 0)
        return c;
    return strcmp(a->item, b->item);
}

/* The same breakdown of item figures: cohort, role, dimension and group. */
static int bh_same(const struct figure *a, const struct figure *b)
{
    return strcmp(a->cohort, b->cohort) == 0 && strcmp(a->role, b->role) == 0 &&
           strcmp(a->dimension, b->dimension) == 0 && strcmp(a->group, b->group) == 0;
}

int compute_surveys_adjust(struct compute *cx)
{
    struct figtable *t = cx->t;
    size_t *idx = malloc((t->len + 1) * sizeof *idx);
    double *p = malloc((t->len + 1) * sizeof *p);
    size_t n = 0;
    int st = STATUS_OK;

    if (idx == NULL || p == NULL) {
        free(idx);
        free(p);
        return err_set(STATUS_NOMEM, "out of memory adjusting p-values");
    }
    for (size_t i = 0; i < t->len; i++) {
        if (strcmp(t->rows[i].key, "confidence.item_change") == 0 && !t->rows[i].suppressed)
            idx[n++] = i;
    }
    bh_rows = t->rows;
    qsort(idx, n, sizeof *idx, bh_cmp);
    for (size_t i = 0; i < n && st == STATUS_OK;) {
        size_t j = i;

        while (j < n && bh_same(&t->rows[idx[i]], &t->rows[idx[j]]))
            j++;
        for (size_t k = i; k < j; k++)
            p[k - i] = t->rows[idx[k]].p;
        st = stats_padjust_bh(p, j - i, p);
        if (st == STATUS_EMPTY)
            st = STATUS_OK;
        for (size_t k = i; k < j && st == STATUS_OK; k++)
            t->rows[idx[k]].p_adj = p[k - i];
        i = j;
    }
    free(idx);
    free(p);
    return st;
}
