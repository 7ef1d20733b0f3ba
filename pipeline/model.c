#include "pipeline/model.h"
#include "pipeline/db.h"
#include "pipeline/sqlfiles.h"
#include "common/buf.h"
#include "common/date.h"
#include "common/status.h"
#include "common/str.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const DIM_NAMES[NDIMS] = { "gender", "ethnicity", "age_band", "grade", "network", "department", "org" };
const char *const WAVE_NAMES[NWAVES] = { "baseline", "midpoint", "exit", "followup" };

static const char *const KINDS[7] = { "people", "cohorts", "items", "participants", "pairs", "sessions", "responses" };

/* ---- Dictionaries ----------------------------------------------------------------------------- */

/* The code of `value` in `d`, added when new; a blank value is "unknown" (rule 6). -1 on NOMEM. */
static int dict_code(struct dict *d, const char *value)
{
    int64_t code;
    size_t len;

    if (value == NULL || value[0] == '\0')
        value = "unknown";
    len = strlen(value);
    if (map_get(&d->index, value, len, &code))
        return (int)code;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        char **names = realloc(d->names, cap * sizeof *names);

        if (names == NULL)
            return -1;
        d->names = names;
        d->cap = cap;
    }
    d->names[d->n] = str_dup(value);
    if (d->names[d->n] == NULL || map_put(&d->index, value, len, (int64_t)d->n) != STATUS_OK)
        return -1;
    return (int)d->n++;
}

static void dict_free(struct dict *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->names[i]);
    free(d->names);
    map_free(&d->index);
    memset(d, 0, sizeof *d);
}

static int32_t day_number(const char *cell)
{
    return cell == NULL || cell[0] == '\0' ? NO_DATE : (int32_t)strtol(cell, NULL, 10);
}

/* ---- Reading ---------------------------------------------------------------------------------- */

static int run_query(struct db *db, const char *section, const char *what, struct db_result **r)
{
    struct buf sql = { 0 };
    int st = sql_section("run/model.sql", section, &sql);

    if (st == STATUS_OK)
        st = db_query(db, what, buf_str(&sql), 0, NULL, r);
    buf_free(&sql);
    return st;
}

static int run_copy(struct db *db, const char *section, const char *what, db_row_fn fn, void *ctx)
{
    struct buf sql = { 0 };
    int st = sql_section("run/model.sql", section, &sql);

    if (st == STATUS_OK)
        st = db_copy_out(db, what, buf_str(&sql), fn, ctx);
    buf_free(&sql);
    return st;
}

int model_programmes(struct db *db, char ***codes, size_t *n)
{
    struct db_result *r = NULL;
    int st = run_query(db, "programmes", "list the programmes", &r);

    *codes = NULL;
    *n = 0;
    if (st == STATUS_OK && db_result_rows(r) > 0) {
        *codes = calloc((size_t)db_result_rows(r), sizeof **codes);
        if (*codes == NULL)
            st = err_set(STATUS_NOMEM, "out of memory");
        for (int i = 0; st == STATUS_OK && i < db_result_rows(r); i++) {
            (*codes)[i] = str_dup(db_result_get(r, i, 0));
            if ((*codes)[i] == NULL)
                st = err_set(STATUS_NOMEM, "out of memory");
            (*n)++;
        }
    }
    db_result_free(r);
    return st;
}

static int read_cohorts(struct db *db, struct model *m)
{
    struct db_result *r = NULL;
    int st = run_query(db, "cohorts", "read the cohorts", &r);
    size_t n = (size_t)db_result_rows(r);

    if (st == STATUS_OK && n > 0) {
        m->cohorts = calloc(n, sizeof *m->cohorts);
        if (m->cohorts == NULL)
            st = err_set(STATUS_NOMEM, "out of memory reading cohorts");
    }
    for (size_t i = 0; st == STATUS_OK && i < n; i++) {
        struct cohort *c = &m->cohorts[i];

        c->code = str_dup(db_result_get(r, (int)i, 0));
        c->kind = str_dup(db_result_get(r, (int)i, 1));
        c->name = str_dup(db_result_get(r, (int)i, 2));
        c->starts = day_number(db_result_get(r, (int)i, 3));
        c->ends = day_number(db_result_get(r, (int)i, 4));
        m->ncohorts++;
        if (!c->code || !c->kind || !c->name)
            st = err_set(STATUS_NOMEM, "out of memory reading cohorts");
    }
    db_result_free(r);
    return st;
}

static int construct_of(const char *s)
{
    if (strcmp(s, "confidence") == 0)
        return CONSTRUCT_CONFIDENCE;
    if (strcmp(s, "satisfaction") == 0)
        return CONSTRUCT_SATISFACTION;
    if (strcmp(s, "nps") == 0)
        return CONSTRUCT_NPS;
    return CONSTRUCT_OTHER;
}

static int read_items(struct db *db, struct model *m)
{
    struct db_result *r = NULL;
    int st = run_query(db, "items", "read the items", &r);
    size_t n = (size_t)db_result_rows(r);

    if (st == STATUS_OK && n > 0) {
        m->items = calloc(n, sizeof *m->items);
        if (m->items == NULL)
            st = err_set(STATUS_NOMEM, "out of memory reading items");
    }
    for (size_t i = 0; st == STATUS_OK && i < n; i++) {
        struct item *it = &m->items[i];

        it->code = str_dup(db_result_get(r, (int)i, 0));
        it->construct = construct_of(db_result_get(r, (int)i, 1));
        it->min = strtod(db_result_get(r, (int)i, 2), NULL);
        it->max = strtod(db_result_get(r, (int)i, 3), NULL);
        it->reverse = strcmp(db_result_get(r, (int)i, 4), "t") == 0;
        it->text = str_dup(db_result_get(r, (int)i, 5));
        it->slot = it->construct == CONSTRUCT_OTHER ? -1 : (int)m->ntracked++;
        m->nitems++;
        if (!it->code || !it->text)
            st = err_set(STATUS_NOMEM, "out of memory reading items");
    }
    db_result_free(r);
    return st;
}

static int people_row(void *ctx, int ncols, const char *const *cells)
{
    struct model *m = ctx;
    struct person *p;
    static const int columns[NDIMS] = {
        [DIM_ORG] = 1, [DIM_DEPARTMENT] = 2, [DIM_GRADE] = 3, [DIM_GENDER] = 4,
        [DIM_ETHNICITY] = 5, [DIM_AGE_BAND] = 6, [DIM_NETWORK] = 7
    };

    if (ncols != 11)
        return err_set(STATUS_INTERNAL, "read the people: %d columns, want 11", ncols);
    if (m->npeople % 4096 == 0) {
        p = realloc(m->people, (m->npeople + 4096) * sizeof *p);
        if (p == NULL)
            return err_set(STATUS_NOMEM, "out of memory reading the people");
        m->people = p;
    }
    p = &m->people[m->npeople];
    for (int d = 0; d < NDIMS; d++) {
        int code = dict_code(&m->dims[d], cells[columns[d]]);

        if (code < 0)
            return err_set(STATUS_NOMEM, "out of memory reading the people");
        p->dim[d] = (uint16_t)code;
    }
    p->hired = day_number(cells[8]);
    p->left = day_number(cells[9]);
    p->first_enrolled = NO_DATE;
    p->reason = p->left == NO_DATE ? LEAVE_NONE
              : strcmp(cells[10], "voluntary") == 0 ? LEAVE_VOLUNTARY : LEAVE_OTHER_REASON;
    if (map_put(&m->person_index, cells[0], strlen(cells[0]), (int64_t)m->npeople) != STATUS_OK)
        return err_set(STATUS_NOMEM, "out of memory reading the people");
    m->npeople++;
    return STATUS_OK;
}

static int cohort_index(const struct model *m, const char *code)
{
    for (size_t i = 0; i < m->ncohorts; i++) {
        if (strcmp(m->cohorts[i].code, code) == 0)
            return (int)i;
    }
    return -1;
}

static int participants_row(void *ctx, int ncols, const char *const *cells)
{
    struct model *m = ctx;
    struct participation *pa;
    struct person *p;
    int64_t person;
    int32_t enrolled;
    int cohort;

    if (ncols != 4)
        return err_set(STATUS_INTERNAL, "read the participants: %d columns, want 4", ncols);
    if (!map_get(&m->person_index, cells[1], strlen(cells[1]), &person))
        return STATUS_OK;  /* ingest admits no such row; nothing to count it by */
    p = &m->people[person];
    enrolled = day_number(cells[3]);
    if (enrolled < p->first_enrolled)
        p->first_enrolled = enrolled;
    cohort = cohort_index(m, cells[0]);
    if (cohort < 0)
        return STATUS_OK;  /* a cohort that has not started: no records (rule 1) */
    if (m->nparts == m->parts_cap) {
        size_t cap = m->parts_cap ? m->parts_cap * 2 : 1024;

        pa = realloc(m->parts, cap * sizeof *pa);
        if (pa == NULL)
            return err_set(STATUS_NOMEM, "out of memory reading the participants");
        m->parts = pa;
        m->parts_cap = cap;
    }
    pa = &m->parts[m->nparts++];
    pa->person = (int32_t)person;
    pa->cohort = cohort;
    pa->enrolled = enrolled;
    pa->role = strcmp(cells[2], "mentor") == 0 ? ROLE_MENTOR : ROLE_MENTEE;
    return STATUS_OK;
}

/* The survey slot of a person in a cohort, made when new; -1 on NOMEM. */
static long slot_of(struct model *m, int cohort, int32_t person)
{
    int32_t key[2] = { cohort, person };
    int64_t idx;
    size_t per = NWAVES * m->ntracked;

    if (map_get(&m->slot_index, (const char *)key, sizeof key, &idx))
        return (long)idx;
    if (m->nslots == m->slots_cap) {
        size_t cap = m->slots_cap ? m->slots_cap * 2 : 1024;
        struct slot *slots = realloc(m->slots, cap * sizeof *slots);
        double *values;
        int32_t *dates;

        if (slots == NULL)
            return -1;
        m->slots = slots;
        values = realloc(m->values, cap * per * sizeof *values + 1);
        if (values == NULL)
            return -1;
        m->values = values;
        dates = realloc(m->dates, cap * per * sizeof *dates + 1);
        if (dates == NULL)
            return -1;
        m->dates = dates;
        m->slots_cap = cap;
    }
    idx = (int64_t)m->nslots;
    m->slots[idx].person = person;
    m->slots[idx].cohort = cohort;
    for (int w = 0; w < NWAVES; w++)
        m->slots[idx].first_answer[w] = NO_DATE;
    for (size_t k = 0; k < per; k++) {
        m->values[(size_t)idx * per + k] = NAN;
        m->dates[(size_t)idx * per + k] = NO_DATE;
    }
    if (map_put(&m->slot_index, (const char *)key, sizeof key, idx) != STATUS_OK)
        return -1;
    m->nslots++;
    return (long)idx;
}

struct response_ctx {
    struct model *m;
    struct map items;    /* code -> index into m->items */
};

static int wave_of(const char *s)
{
    for (int w = 0; w < NWAVES; w++) {
        if (strcmp(s, WAVE_NAMES[w]) == 0)
            return w;
    }
    return -1;
}

static int responses_row(void *ctx, int ncols, const char *const *cells)
{
    struct response_ctx *rc = ctx;
    struct model *m = rc->m;
    int64_t person, item;
    int32_t day;
    long slot;
    int cohort, wave;

    if (ncols != 6)
        return err_set(STATUS_INTERNAL, "read the responses: %d columns, want 6", ncols);
    cohort = cohort_index(m, cells[0]);
    wave = wave_of(cells[2]);
    if (cohort < 0 || wave < 0 || !map_get(&m->person_index, cells[1], strlen(cells[1]), &person) ||
        !map_get(&rc->items, cells[3], strlen(cells[3]), &item))
        return STATUS_OK;  /* a cohort that has not started (rule 1) */
    slot = slot_of(m, cohort, (int32_t)person);
    if (slot < 0)
        return err_set(STATUS_NOMEM, "out of memory reading the responses");
    day = day_number(cells[5]);
    if (day < m->slots[slot].first_answer[wave])
        m->slots[slot].first_answer[wave] = day;
    if (m->items[item].slot >= 0) {
        model_values(m, (size_t)slot, wave)[m->items[item].slot] = strtod(cells[4], NULL);
        model_dates(m, (size_t)slot, wave)[m->items[item].slot] = day;
    }
    return STATUS_OK;
}

static int read_responses(struct db *db, struct model *m)
{
    struct response_ctx rc = { m, { 0 } };
    int st = STATUS_OK;

    for (size_t i = 0; i < m->nitems && st == STATUS_OK; i++)
        st = map_put(&rc.items, m->items[i].code, strlen(m->items[i].code), (int64_t)i);
    if (st == STATUS_OK)
        st = run_copy(db, "responses", "read the responses", responses_row, &rc);
    map_free(&rc.items);
    return st;
}

static int read_counts(struct db *db, struct model *m)
{
    struct db_result *r = NULL;
    int st = run_query(db, "quarantined", "count the quarantined rows", &r);

    for (int i = 0; st == STATUS_OK && i < db_result_rows(r); i++) {
        for (int k = 0; k < 7; k++) {
            if (strcmp(db_result_get(r, i, 0), KINDS[k]) == 0)
                m->quarantined[k] = strtol(db_result_get(r, i, 1), NULL, 10);
        }
    }
    db_result_free(r);
    r = NULL;
    if (st == STATUS_OK)
        st = run_query(db, "counts", "count the input rows", &r);
    for (int k = 0; st == STATUS_OK && k < 7; k++)
        m->input_rows[k] = strtol(db_result_get(r, 0, k), NULL, 10);
    db_result_free(r);
    return st;
}

int model_read(struct db *db, struct model *m)
{
    int st = read_cohorts(db, m);

    if (st == STATUS_OK)
        st = read_items(db, m);
    if (st == STATUS_OK)
        st = run_copy(db, "people", "read the people", people_row, m);
    if (st == STATUS_OK)
        st = run_copy(db, "participants", "read the participants", participants_row, m);
    if (st == STATUS_OK)
        st = read_responses(db, m);
    if (st == STATUS_OK)
        st = read_counts(db, m);
    if (st == STATUS_OK) {
        int64_t code;

        m->org_code = -1;
        if (m->org && map_get(&m->dims[DIM_ORG].index, m->org, strlen(m->org), &code))
            m->org_code = (int)code;
    }
    return st;
}

void model_free(struct model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->ncohorts; i++) {
        free(m->cohorts[i].code);
        free(m->cohorts[i].kind);
        free(m->cohorts[i].name);
    }
    free(m->cohorts);
    for (size_t i = 0; i < m->nitems; i++) {
        free(m->items[i].code);
        free(m->items[i].text);
    }
    free(m->items);
    for (int d = 0; d < NDIMS; d++)
        dict_free(&m->dims[d]);
    free(m->people);
    map_free(&m->person_index);
    free(m->parts);
    free(m->slots);
    free(m->values);
    free(m->dates);
    map_free(&m->slot_index);
    memset(m, 0, sizeof *m);
}

/* ---- Engagement ------------------------------------------------------------------------------- */

struct eng_ctx {
    const struct model *m;
    struct engagement *e;
    const char *section;
};

/* The scope of a result row: its cohort, or "all" for the pooled row (cohort NULL). */
static struct engagement_scope *eng_scope(struct eng_ctx *c, const char *cohort)
{
    int i = cohort == NULL ? (int)c->m->ncohorts : cohort_index(c->m, cohort);

    return i < 0 ? NULL : &c->e->scopes[i];
}

static int push_double(double **arr, size_t n, double v)
{
    double *p;

    if (n % 256 == 0) {
        p = realloc(*arr, (n + 256) * sizeof *p);
        if (p == NULL)
            return err_set(STATUS_NOMEM, "out of memory reading engagement");
        *arr = p;
    }
    (*arr)[n] = v;
    return STATUS_OK;
}

/* Add `count` to the named value of a list (channels or topics), making it when new. */
static int named_add(char ***names, long **counts, size_t *n, const char *name, long count)
{
    size_t i;

    for (i = 0; i < *n; i++) {
        if (strcmp((*names)[i], name) == 0) {
            (*counts)[i] += count;
            return STATUS_OK;
        }
    }
    if (*n % 16 == 0) {
        char **nn = realloc(*names, (*n + 16) * sizeof *nn);
        long *cc;

        if (nn == NULL)
            return err_set(STATUS_NOMEM, "out of memory reading engagement");
        *names = nn;
        cc = realloc(*counts, (*n + 16) * sizeof *cc);
        if (cc == NULL)
            return err_set(STATUS_NOMEM, "out of memory reading engagement");
        *counts = cc;
    }
    (*names)[*n] = str_dup(name);
    if ((*names)[*n] == NULL)
        return err_set(STATUS_NOMEM, "out of memory reading engagement");
    (*counts)[(*n)++] = count;
    return STATUS_OK;
}

static int eng_pairs_row(void *ctx, int ncols, const char *const *cells)
{
    struct eng_ctx *c = ctx;
    struct engagement_scope *targets[2];
    int live, stalled;
    long held;

    (void)ncols;
    targets[0] = eng_scope(c, cells[0]);
    targets[1] = &c->e->scopes[c->m->ncohorts];
    if (targets[0] == NULL)
        return STATUS_OK;
    live = cells[1][0] == '1';
    held = strtol(cells[2], NULL, 10);
    stalled = cells[3][0] == '1';
    for (int t = 0; t < 2 && live; t++) {
        struct engagement_scope *s = targets[t];

        s->live++;
        s->stalled += stalled;
        if (held > 0) {
            int st = push_double(&s->held_per_active, (size_t)s->active, (double)held);

            if (st != STATUS_OK)
                return st;
            s->active++;
        }
    }
    return STATUS_OK;
}

static int eng_sessions_row(void *ctx, int ncols, const char *const *cells)
{
    struct eng_ctx *c = ctx;
    struct engagement_scope *s = eng_scope(c, cells[0]);

    (void)ncols;
    if (s != NULL) {
        s->sessions = strtol(cells[1], NULL, 10);
        s->cancelled = strtol(cells[2], NULL, 10);
        s->held = strtol(cells[3], NULL, 10);
        s->minutes = strtod(cells[4], NULL);
    }
    return STATUS_OK;
}

static int eng_named_row(void *ctx, int ncols, const char *const *cells)
{
    struct eng_ctx *c = ctx;
    struct engagement_scope *s = eng_scope(c, cells[0]);
    long n = strtol(cells[2], NULL, 10);

    (void)ncols;
    if (s == NULL)
        return STATUS_OK;
    if (strcmp(c->section, "channels") == 0)
        return named_add(&s->channels, &s->channel_held, &s->nchannels, cells[1], n);
    return named_add(&s->topics, &s->topic_held, &s->ntopics, cells[1], n);
}

static int eng_gaps_row(void *ctx, int ncols, const char *const *cells)
{
    struct eng_ctx *c = ctx;
    struct engagement_scope *s = eng_scope(c, cells[0]);

    (void)ncols;
    if (s != NULL) {
        s->gaps = strtol(cells[1], NULL, 10);
        s->gap_median = cells[2] ? strtod(cells[2], NULL) : NAN;
    }
    return STATUS_OK;
}

static int eng_monthly_row(void *ctx, int ncols, const char *const *cells)
{
    struct eng_ctx *c = ctx;
    struct engagement_scope *s = eng_scope(c, cells[0]);

    (void)ncols;
    for (int i = 0; s != NULL && i < 12; i++) {
        if (strcmp(c->e->months[i], cells[1]) == 0) {
            s->month_held[i] = strtol(cells[2], NULL, 10);
            s->month_active[i] = strtol(cells[3], NULL, 10);
        }
    }
    return STATUS_OK;
}

int model_engagement_read(struct db *db, const struct model *m, int32_t period_end, struct engagement *e)
{
    static const struct {
        const char *section;
        db_row_fn fn;
    } queries[] = {
        { "pairs", eng_pairs_row }, { "sessions", eng_sessions_row }, { "channels", eng_named_row },
        { "topics", eng_named_row }, { "gaps", eng_gaps_row }, { "monthly", eng_monthly_row },
    };
    struct eng_ctx c = { m, e, NULL };
    struct buf scope = { 0 }, sql = { 0 };
    int st;

    memset(e, 0, sizeof *e);
    e->nscopes = m->ncohorts + 1;
    e->scopes = calloc(e->nscopes, sizeof *e->scopes);
    if (e->scopes == NULL)
        return err_set(STATUS_NOMEM, "out of memory reading engagement");
    for (size_t i = 0; i < e->nscopes; i++)
        e->scopes[i].gap_median = NAN;
    for (int i = 0; i < 12; i++) {
        int32_t first = date_add_months(period_end, i - 11);
        int y, mo, d;

        date_to_ymd(first, &y, &mo, &d);
        str_fmt(e->months[i], sizeof e->months[i], "%04d-%02d", y, mo);
    }
    st = sql_section("run/engagement.sql", "scope", &scope);
    for (size_t q = 0; st == STATUS_OK && q < sizeof queries / sizeof *queries; q++) {
        char what[64];

        st = sql_section("run/engagement.sql", queries[q].section, &sql);
        if (st != STATUS_OK)
            break;
        buf_reset(&scope);
        st = sql_section("run/engagement.sql", "scope", &scope);
        if (st == STATUS_OK)
            st = buf_puts(&scope, buf_str(&sql));
        c.section = queries[q].section;
        str_fmt(what, sizeof what, "aggregate the engagement (%s)", queries[q].section);
        if (st == STATUS_OK)
            st = db_stream(db, what, buf_str(&scope), 0, NULL, queries[q].fn, &c);
    }
    buf_free(&scope);
    buf_free(&sql);
    return st;
}

void model_engagement_free(struct engagement *e)
{
    for (size_t i = 0; e->scopes && i < e->nscopes; i++) {
        struct engagement_scope *s = &e->scopes[i];

        free(s->held_per_active);
        for (size_t k = 0; k < s->nchannels; k++)
            free(s->channels[k]);
        for (size_t k = 0; k < s->ntopics; k++)
            free(s->topics[k]);
        free(s->channels);
        free(s->channel_held);
        free(s->topics);
        free(s->topic_held);
    }
    free(e->scopes);
    memset(e, 0, sizeof *e);
}
