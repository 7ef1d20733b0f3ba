#include "pipeline/figures.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const FIGURE_FIELDS[] = {
    "key", "programme", "cohort", "versus", "role", "dimension", "group", "item", "month",
    "n", "events", "estimate", "lower", "upper", "statistic", "df", "p", "p_adj", "suppressed", NULL
};

/* The catalogue of SPEC section 3, in its order: the first sort key of the table. */
static const char *const KEYS[] = {
    "retention.s6", "retention.s12", "retention.s24", "retention.logrank",
    "retention.vs_comparison", "retention.hr_adjusted",
    "confidence.baseline", "confidence.exit", "confidence.change", "confidence.wilcoxon",
    "confidence.dz", "confidence.improved", "confidence.alpha_baseline", "confidence.alpha_exit",
    "confidence.item_change", "confidence.item_baseline", "confidence.item_exit",
    "satisfaction.mean", "satisfaction.top2", "nps", "nps.promoters", "nps.detractors",
    "engagement.active_rate", "engagement.sessions_per_pair", "engagement.cancel_rate",
    "engagement.contact_hours", "engagement.stalled_rate", "engagement.gap_days",
    "engagement.monthly", "engagement.channel", "engagement.topic",
    "compare.retention", "compare.confidence_change", "compare.satisfaction",
    "compare.satisfaction_mwu", "compare.confidence_change_g", "compare.satisfaction_g",
    "compare.nps", "compare.active_rate", "compare.active_rate_fisher",
    "quality.response_rate", "quality.quarantined", NULL
};

static const char *const ROLES[] = { "all", "mentor", "mentee", "non-participant", NULL };
static const char *const DIMENSIONS[] = {
    "none", "gender", "ethnicity", "age_band", "grade", "network", "department", "org",
    "channel", "topic", "wave", "kind", NULL
};

static int rank_in(const char *const *list, const char *s)
{
    int i;

    for (i = 0; list[i]; i++) {
        if (strcmp(list[i], s) == 0)
            return i;
    }
    return i;
}

void figure_blank(struct figure *f)
{
    f->key = f->programme = f->cohort = f->versus = f->role = "";
    f->dimension = f->group = f->item = f->month = "";
    f->n = f->events = f->estimate = f->lower = f->upper = NAN;
    f->statistic = f->df = f->p = f->p_adj = NAN;
    f->suppressed = 0;
    f->people = NAN;
}

const char *figtable_intern(struct figtable *t, const char *s)
{
    size_t len;
    int64_t idx;
    char *copy;

    if (s == NULL)
        s = "";
    len = strlen(s);
    if (map_get(&t->pool_index, s, len, &idx))
        return t->pool[idx];
    if (t->npool == t->pool_cap) {
        size_t cap = t->pool_cap ? t->pool_cap * 2 : 256;
        char **pool = realloc(t->pool, cap * sizeof *pool);

        if (pool == NULL)
            return NULL;
        t->pool = pool;
        t->pool_cap = cap;
    }
    copy = str_ndup(s, len);
    if (copy == NULL)
        return NULL;
    if (map_put(&t->pool_index, s, len, (int64_t)t->npool) != STATUS_OK) {
        free(copy);
        return NULL;
    }
    t->pool[t->npool++] = copy;
    return copy;
}

void figure_withhold(struct figure *f)
{
    f->suppressed = 1;
    f->n = f->events = f->estimate = f->lower = f->upper = NAN;
    f->statistic = f->df = f->p = f->p_adj = NAN;
}

int figtable_add(struct figtable *t, const struct figure *f)
{
    struct figure *r;
    const char **texts[9];

    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        struct figure *rows = realloc(t->rows, cap * sizeof *rows);

        if (rows == NULL)
            return err_set(STATUS_NOMEM, "out of memory adding a figure");
        t->rows = rows;
        t->cap = cap;
    }
    r = &t->rows[t->len];
    *r = *f;
    texts[0] = &r->key;
    texts[1] = &r->programme;
    texts[2] = &r->cohort;
    texts[3] = &r->versus;
    texts[4] = &r->role;
    texts[5] = &r->dimension;
    texts[6] = &r->group;
    texts[7] = &r->item;
    texts[8] = &r->month;
    for (int i = 0; i < 9; i++) {
        *texts[i] = figtable_intern(t, *texts[i]);
        if (*texts[i] == NULL)
            return err_set(STATUS_NOMEM, "out of memory adding a figure");
    }
    if (r->suppressed)
        figure_withhold(r);
    t->len++;
    return STATUS_OK;
}

static double *copy_doubles(const double *src, size_t n)
{
    double *p = malloc((n ? n : 1) * sizeof *p);

    if (p != NULL && n > 0)
        memcpy(p, src, n * sizeof *p);
    return p;
}

static void curve_free(struct figcurve *c)
{
    free(c->time);
    free(c->n_risk);
    free(c->n_event);
    free(c->n_censor);
    free(c->surv);
    free(c->lower);
    free(c->upper);
}

int figtable_add_curve(struct figtable *t, const struct figcurve *c)
{
    struct figcurve *r;

    if (t->ncurves == t->curves_cap) {
        size_t cap = t->curves_cap ? t->curves_cap * 2 : 32;
        struct figcurve *curves = realloc(t->curves, cap * sizeof *curves);

        if (curves == NULL)
            return err_set(STATUS_NOMEM, "out of memory adding a curve");
        t->curves = curves;
        t->curves_cap = cap;
    }
    r = &t->curves[t->ncurves];
    *r = *c;
    r->cohort = figtable_intern(t, c->cohort);
    r->role = figtable_intern(t, c->role);
    r->time = copy_doubles(c->time, c->steps);
    r->n_risk = copy_doubles(c->n_risk, c->steps);
    r->n_event = copy_doubles(c->n_event, c->steps);
    r->n_censor = copy_doubles(c->n_censor, c->steps);
    r->surv = copy_doubles(c->surv, c->steps);
    r->lower = copy_doubles(c->lower, c->steps);
    r->upper = copy_doubles(c->upper, c->steps);
    if (!r->cohort || !r->role || !r->time || !r->n_risk || !r->n_event || !r->n_censor || !r->surv ||
        !r->lower || !r->upper) {
        curve_free(r);
        return err_set(STATUS_NOMEM, "out of memory adding a curve");
    }
    t->ncurves++;
    return STATUS_OK;
}

static int same(const char *a, const char *b)
{
    return strcmp(a, b ? b : "") == 0;
}

const struct figure *figtable_find(const struct figtable *t, const char *key, const char *cohort,
                                   const char *versus, const char *role, const char *dimension,
                                   const char *group, const char *item, const char *month)
{
    for (size_t i = 0; i < t->len; i++) {
        const struct figure *f = &t->rows[i];

        if (same(f->key, key) && same(f->cohort, cohort) && same(f->versus, versus) && same(f->role, role) &&
            same(f->dimension, dimension) && same(f->group, group) && same(f->item, item) &&
            same(f->month, month))
            return f;
    }
    return NULL;
}

const struct figcurve *figtable_curve(const struct figtable *t, const char *cohort, const char *role)
{
    for (size_t i = 0; i < t->ncurves; i++) {
        if (strcmp(t->curves[i].cohort, cohort) == 0 && strcmp(t->curves[i].role, role) == 0)
            return &t->curves[i];
    }
    return NULL;
}

/* ---- Order ---------------------------------------------------------------------------------- */

static const char *const *sort_cohorts;
static size_t sort_ncohorts;

static size_t cohort_rank(const char *c)
{
    if (strcmp(c, "all") == 0 || c[0] == '\0')
        return 0;
    for (size_t i = 0; i < sort_ncohorts; i++) {
        if (strcmp(sort_cohorts[i], c) == 0)
            return i + 1;
    }
    if (strcmp(c, "non-participants") == 0)
        return sort_ncohorts + 2;
    return sort_ncohorts + 1;
}

static int cmp_group(const char *a, const char *b)
{
    int aa = strcmp(a, "all") == 0, ba = strcmp(b, "all") == 0;

    if (aa != ba)
        return ba - aa;
    return strcmp(a, b);
}

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

static int figure_cmp(const void *pa, const void *pb)
{
    const struct figure *a = pa, *b = pb;
    int c;

    CMP(rank_in(KEYS, a->key), rank_in(KEYS, b->key));
    c = strcmp(a->key, b->key);
    if (c)
        return c;
    CMP(cohort_rank(a->cohort), cohort_rank(b->cohort));
    CMP(cohort_rank(a->versus), cohort_rank(b->versus));
    CMP(rank_in(ROLES, a->role), rank_in(ROLES, b->role));
    CMP(rank_in(DIMENSIONS, a->dimension), rank_in(DIMENSIONS, b->dimension));
    c = cmp_group(a->group, b->group);
    if (c)
        return c;
    c = strcmp(a->item, b->item);
    if (c)
        return c;
    return strcmp(a->month, b->month);
}

void figtable_sort(struct figtable *t, const char *const *cohorts, size_t ncohorts)
{
    sort_cohorts = cohorts;
    sort_ncohorts = ncohorts;
    /* Records are unique in their text fields, so qsort's instability changes nothing. */
    if (t->len > 1)
        qsort(t->rows, t->len, sizeof *t->rows, figure_cmp);
}

/* ---- Writing and reading -------------------------------------------------------------------- */

void figure_number(double x, char *out, size_t size)
{
    if (!isfinite(x)) {
        out[0] = '\0';
        return;
    }
    if (x == 0) {
        str_copy(out, size, "0");
        return;
    }
    if (x == floor(x) && fabs(x) < 9007199254740992.0) {
        str_fmt(out, size, "%.0f", x);
        return;
    }
    str_fmt(out, size, "%.17g", x);
}

static void figure_numbers(const struct figure *f, double out[10])
{
    out[0] = f->n;
    out[1] = f->events;
    out[2] = f->estimate;
    out[3] = f->lower;
    out[4] = f->upper;
    out[5] = f->statistic;
    out[6] = f->df;
    out[7] = f->p;
    out[8] = f->p_adj;
}

static void figure_texts(const struct figure *f, const char *out[9])
{
    out[0] = f->key;
    out[1] = f->programme;
    out[2] = f->cohort;
    out[3] = f->versus;
    out[4] = f->role;
    out[5] = f->dimension;
    out[6] = f->group;
    out[7] = f->item;
    out[8] = f->month;
}

int figtable_write_csv(const struct figtable *t, FILE *out)
{
    struct buf b = { 0 };
    char num[40];
    int st = STATUS_OK;

    for (int i = 0; FIGURE_FIELDS[i]; i++)
        buf_printf(&b, "%s%s", i ? "," : "", FIGURE_FIELDS[i]);
    buf_putc(&b, '\n');
    for (size_t r = 0; r < t->len && st == STATUS_OK; r++) {
        const char *texts[9];
        double nums[10];

        figure_texts(&t->rows[r], texts);
        figure_numbers(&t->rows[r], nums);
        for (int i = 0; i < 9; i++) {
            if (i)
                buf_putc(&b, ',');
            buf_csv_field(&b, texts[i]);
        }
        for (int i = 0; i < 9; i++) {
            figure_number(nums[i], num, sizeof num);
            buf_printf(&b, ",%s", num);
        }
        buf_printf(&b, ",%d\n", t->rows[r].suppressed ? 1 : 0);
        if (b.len > 65536 || r + 1 == t->len) {
            if (fwrite(b.data, 1, b.len, out) != b.len)
                st = err_set(STATUS_IO, "write the figures: disk full or unwritable");
            buf_reset(&b);
        }
    }
    if (st == STATUS_OK && b.len > 0 && fwrite(b.data, 1, b.len, out) != b.len)
        st = err_set(STATUS_IO, "write the figures: disk full or unwritable");
    buf_free(&b);
    return st;
}

static void json_string(struct buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

int figtable_write_json(const struct figtable *t, FILE *out)
{
    struct buf b = { 0 };
    char num[40];
    int st = STATUS_OK;

    buf_puts(&b, "[");
    for (size_t r = 0; r < t->len && st == STATUS_OK; r++) {
        const char *texts[9];
        double nums[10];

        figure_texts(&t->rows[r], texts);
        figure_numbers(&t->rows[r], nums);
        buf_puts(&b, r ? ",\n  {" : "\n  {");
        for (int i = 0; i < 9; i++) {
            buf_printf(&b, "%s\"%s\": ", i ? ", " : "", FIGURE_FIELDS[i]);
            if (texts[i][0] == '\0')
                buf_puts(&b, "null");
            else
                json_string(&b, texts[i]);
        }
        for (int i = 0; i < 9; i++) {
            figure_number(nums[i], num, sizeof num);
            buf_printf(&b, ", \"%s\": %s", FIGURE_FIELDS[9 + i], num[0] ? num : "null");
        }
        buf_printf(&b, ", \"suppressed\": %d}", t->rows[r].suppressed ? 1 : 0);
        if (b.len > 65536) {
            if (fwrite(b.data, 1, b.len, out) != b.len)
                st = err_set(STATUS_IO, "write the figures: disk full or unwritable");
            buf_reset(&b);
        }
    }
    buf_puts(&b, t->len ? "\n]\n" : "]\n");
    if (st == STATUS_OK && fwrite(b.data, 1, b.len, out) != b.len)
        st = err_set(STATUS_IO, "write the figures: disk full or unwritable");
    buf_free(&b);
    return st;
}

void figtable_free(struct figtable *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->ncurves; i++)
        curve_free(&t->curves[i]);
    for (size_t i = 0; i < t->npool; i++)
        free(t->pool[i]);
    free(t->pool);
    free(t->rows);
    free(t->curves);
    map_free(&t->pool_index);
    memset(t, 0, sizeof *t);
}
