#include "reports/context.h"

#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <math.h>
#include <string.h>

const char *const REPORT_DIMENSIONS[] = { "gender", "ethnicity", "age_band", "grade", "network",
                                          "department", "org", NULL };

/* ---- the index ---------------------------------------------------------------- */

/* The fields that identify a record, joined by a unit separator; 0 when too long. */
static size_t scope_key(char *out, size_t size, const char *key, const char *cohort,
                        const char *versus, const char *role, const char *dimension,
                        const char *group, const char *item, const char *month)
{
    const char *parts[8] = { key, cohort, versus, role, dimension, group, item, month };
    size_t len = 0;

    for (int i = 0; i < 8; i++) {
        const char *p = parts[i] != NULL ? parts[i] : "";
        size_t n = strlen(p);

        if (len + n + 2 > size)
            return 0;
        memcpy(out + len, p, n);
        len += n;
        out[len++] = '\x1f';
    }
    out[len] = '\0';
    return len;
}

static int figs_open(struct report_figs *f, const struct figtable *t)
{
    char key[2048];

    memset(f, 0, sizeof *f);
    f->t = t;
    if (t == NULL)
        return STATUS_OK;
    for (size_t i = 0; i < t->len; i++) {
        const struct figure *r = &t->rows[i];
        size_t len = scope_key(key, sizeof key, r->key, r->cohort, r->versus, r->role,
                               r->dimension, r->group, r->item, r->month);

        /* the first record of a scope wins, as figtable_find() would find it */
        if (len > 0 && !map_get(&f->index, key, len, NULL) &&
            map_put(&f->index, key, len, (int64_t)i) != STATUS_OK)
            return err_set(STATUS_NOMEM, "out of memory indexing the figures");
    }
    return STATUS_OK;
}

const struct figure *report_get(const struct report_figs *f, const char *key, const char *cohort,
                                const char *versus, const char *role, const char *dimension,
                                const char *group, const char *item, const char *month)
{
    char k[2048];
    size_t len;
    int64_t idx;

    if (f == NULL || f->t == NULL)
        return NULL;
    len = scope_key(k, sizeof k, key, cohort, versus, role, dimension, group, item, month);
    if (len == 0)
        return figtable_find(f->t, key, cohort, versus, role, dimension, group, item, month);
    if (!map_get(&f->index, k, len, &idx))
        return NULL;
    return &f->t->rows[idx];
}

const struct figure *report_top(const struct report_figs *f, const char *key, const char *cohort,
                                const char *role)
{
    return report_get(f, key, cohort, NULL, role, "none", "all", NULL, NULL);
}

static int same(const char *a, const char *b)
{
    return strcmp(a, b != NULL ? b : "") == 0;
}

size_t report_groups(const struct report_figs *f, const char *key, const char *cohort,
                     const char *versus, const char *role, const char *dimension,
                     const char **out, size_t max)
{
    size_t n = 0, shown = 0;
    const char *unknown = NULL;

    if (f == NULL || f->t == NULL)
        return 0;
    for (size_t i = 0; i < f->t->len; i++) {
        const struct figure *r = &f->t->rows[i];
        int seen = 0;

        if (!same(r->key, key) || !same(r->cohort, cohort) || !same(r->versus, versus) ||
            !same(r->role, role) || !same(r->dimension, dimension) || strcmp(r->group, "all") == 0)
            continue;
        if (strcmp(r->group, "unknown") == 0) {
            if (unknown == NULL)
                n++;
            unknown = r->group;
            continue;
        }
        /* the table's strings are interned: equal texts are one pointer */
        for (size_t j = 0; j < shown && j < max; j++)
            if (out[j] == r->group)
                seen = 1;
        if (seen)
            continue;
        if (shown < max)
            out[shown] = r->group;
        shown++;
        n++;
    }
    if (unknown != NULL && shown < max)
        out[shown] = unknown;
    return n;
}

/* ---- opening ---------------------------------------------------------------- */

static void scale_of(const struct report_input *in, const char *construct, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;

    for (size_t i = 0; i < in->nitems; i++) {
        const struct report_item *it = &in->items[i];

        if (it->construct == NULL || strcmp(it->construct, construct) != 0)
            continue;
        if (isfinite(it->scale_min) && it->scale_min < a)
            a = it->scale_min;
        if (isfinite(it->scale_max) && it->scale_max > b)
            b = it->scale_max;
    }
    if (!(a < b)) {
        a = 1;
        b = 5;
    }
    *lo = a;
    *hi = b;
}

int report_ctx_open(struct report_ctx *c, const struct report_input *in, const char *dir)
{
    char a[40], b[40];
    int st;

    memset(c, 0, sizeof *c);
    c->in = in;
    c->dir = dir;
    str_fmt(c->fewer, sizeof c->fewer, "fewer than %d", in->min_cell > 0 ? in->min_cell : 5);
    report_fmt_date(a, sizeof a, in->period_start);
    report_fmt_date(b, sizeof b, in->period_end);
    str_fmt(c->period_text, sizeof c->period_text, "%s (%s to %s)", in->period, a, b);
    report_fmt_date(c->as_of_text, sizeof c->as_of_text, in->as_of);
    str_copy(c->previous_text, sizeof c->previous_text,
             in->previous_period != NULL && in->previous_period[0] != '\0' ? in->previous_period
                                                                            : "the previous period");
    scale_of(in, "confidence", &c->conf_min, &c->conf_max);
    scale_of(in, "satisfaction", &c->sat_min, &c->sat_max);
    for (size_t i = 0; i < in->ncohorts; i++)
        if (in->cohorts[i].kind != NULL && strcmp(in->cohorts[i].kind, "pilot") == 0) {
            c->pilot = in->cohorts[i].code;
            break;
        }
    st = figs_open(&c->now, in->figures);
    if (st == STATUS_OK)
        st = figs_open(&c->prev, in->previous);
    return st;
}

void report_ctx_close(struct report_ctx *c)
{
    if (c == NULL)
        return;
    map_free(&c->now.index);
    map_free(&c->prev.index);
}

/* ---- figures as text -------------------------------------------------------- */

int report_has(const struct figure *f)
{
    return f != NULL && !f->suppressed && isfinite(f->estimate);
}

int report_hidden(const struct figure *f)
{
    return f != NULL && f->suppressed;
}

/* ---- words ------------------------------------------------------------------ */

struct word {
    const char *code, *label;
};

static const char *lookup(const struct word *w, const char *code)
{
    for (; w->code != NULL; w++)
        if (code != NULL && strcmp(w->code, code) == 0)
            return w->label;
    return code != NULL ? code : "";
}

const char *report_dimension_label(const char *dimension)
{
    static const struct word words[] = {
        { "none", "Everyone" }, { "gender", "Gender" }, { "ethnicity", "Ethnicity" },
        { "age_band", "Age band" }, { "grade", "Grade" }, { "network", "Staff network" },
        { "department", "Department" }, { "org", "Organisation" }, { "channel", "Channel" },
        { "topic", "Topic" }, { "wave", "Survey wave" }, { "kind", "Input file" }, { NULL, NULL }
    };

    return lookup(words, dimension);
}

const char *report_role_label(const char *role)
{
    static const struct word words[] = {
        { "all", "All participants" }, { "mentor", "Mentors (junior staff)" },
        { "mentee", "Mentees (senior leaders)" }, { "non-participant", "Non-participants" },
        { NULL, NULL }
    };

    return lookup(words, role);
}

const char *report_group_label(const char *group)
{
    if (group != NULL && strcmp(group, "unknown") == 0)
        return "Not recorded";
    if (group != NULL && strcmp(group, "all") == 0)
        return "Everyone";
    return group != NULL ? group : "";
}

const char *report_channel_label(const char *channel)
{
    static const struct word words[] = {
        { "in_person", "In person" }, { "video", "Video call" }, { "phone", "Phone" },
        { "chat", "Chat" }, { "other", "Other" }, { "unknown", "Not recorded" }, { NULL, NULL }
    };

    return lookup(words, channel);
}

const char *report_wave_label(const char *wave)
{
    static const struct word words[] = {
        { "baseline", "Baseline (on joining)" }, { "midpoint", "Midpoint" },
        { "exit", "Exit (on leaving)" }, { "followup", "Follow-up" }, { NULL, NULL }
    };

    return lookup(words, wave);
}

const char *report_kind_label(const char *kind)
{
    static const struct word words[] = {
        { "people", "People (HR roster)" }, { "cohorts", "Cohorts" }, { "items", "Survey items" },
        { "participants", "Participants" }, { "pairs", "Pairs" }, { "sessions", "Sessions" },
        { "responses", "Survey responses" }, { NULL, NULL }
    };

    return lookup(words, kind);
}

const struct report_cohort *report_cohort_of(const struct report_ctx *c, const char *code)
{
    for (size_t i = 0; i < c->in->ncohorts; i++)
        if (code != NULL && strcmp(c->in->cohorts[i].code, code) == 0)
            return &c->in->cohorts[i];
    return NULL;
}

void report_cohort_label(const struct report_ctx *c, const char *code, int with_name, char *out,
                         size_t size)
{
    const struct report_cohort *co = report_cohort_of(c, code);

    if (code != NULL && strcmp(code, "all") == 0) {
        str_copy(out, size, "All cohorts");
        return;
    }
    if (with_name && co != NULL && co->name != NULL && co->name[0] != '\0')
        str_fmt(out, size, "%s (%s)", code, co->name);
    else
        str_copy(out, size, code != NULL ? code : "");
}

const char *report_item_label(const struct report_ctx *c, const char *code)
{
    for (size_t i = 0; i < c->in->nitems; i++) {
        const struct report_item *it = &c->in->items[i];

        if (code != NULL && strcmp(it->code, code) == 0)
            return it->text != NULL && it->text[0] != '\0' ? it->text : it->code;
    }
    return code != NULL ? code : "";
}

int report_item_reversed(const struct report_ctx *c, const char *code)
{
    for (size_t i = 0; i < c->in->nitems; i++)
        if (code != NULL && strcmp(c->in->items[i].code, code) == 0)
            return c->in->items[i].reverse != 0;
    return 0;
}

size_t report_items_of(const struct report_ctx *c, const char *construct, const char **out,
                       size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < c->in->nitems && n < max; i++)
        if (c->in->items[i].construct != NULL && strcmp(c->in->items[i].construct, construct) == 0)
            out[n++] = c->in->items[i].code;
    return n;
}

void report_scale_text(double lo, double hi, char *out, size_t size)
{
    str_fmt(out, size, "%g to %g", lo, hi);
}

const char *report_suppression_note(const struct report_ctx *c, char *out, size_t size)
{
    int m = c->in->min_cell > 0 ? c->in->min_cell : 5;

    str_fmt(out, size,
            "\xe2\x80\x9c%s\xe2\x80\x9d marks a group of fewer than %d people: its figures are "
            "withheld so that nobody can be identified, and nothing is drawn for it. Where only "
            "one group of a breakdown would be withheld, the next smallest is withheld too, so "
            "that the hidden one cannot be worked out from the total.",
            c->fewer, m);
    return out;
}
