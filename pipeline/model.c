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
    m->input_rows[0]++;
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
    m->input_rows[3]++;
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
    size_t per = MODEL_WAVES * m->ntracked;

    if (map_get(&m->slot_index, (const char *)key, sizeof key, &idx))
        return (long)idx;
    if (m->nslots == m->slots_cap) {
        /* About one slot a participation: start there, and grow by half, not double. */
        size_t cap = m->slots_cap ? m->slots_cap + m->slots_cap / 2 : m->nparts + m->nparts / 16 + 64;
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
    /* The last row's cohort, person and slot: answers come grouped by person, so most rows reuse them. */
    char last_cohort[128], last_person[128];
    long last_slot;
};

/* A number as text: whole numbers (most answers) without strtod's general machinery. */
static double parse_number(const char *s)
{
    double v = 0;
    const char *p = s;

    for (; *p >= '0' && *p <= '9' && p - s < 15; p++)
        v = v * 10 + (*p - '0');
    return *p == '\0' && p != s ? v : strtod(s, NULL);
}

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
    m->input_rows[6]++;
    wave = wave_of(cells[2]);
    if (wave < 0 || !map_get(&rc->items, cells[3], strlen(cells[3]), &item))
        return STATUS_OK;
    if (rc->last_slot >= 0 && strcmp(cells[1], rc->last_person) == 0 && strcmp(cells[0], rc->last_cohort) == 0) {
        slot = rc->last_slot;
    } else {
        cohort = cohort_index(m, cells[0]);
        if (cohort < 0 || !map_get(&m->person_index, cells[1], strlen(cells[1]), &person))
            return STATUS_OK;  /* a cohort that has not started (rule 1) */
        slot = slot_of(m, cohort, (int32_t)person);
        if (slot < 0)
            return err_set(STATUS_NOMEM, "out of memory reading the responses");
        if (str_copy(rc->last_person, sizeof rc->last_person, cells[1]) == STATUS_OK &&
            str_copy(rc->last_cohort, sizeof rc->last_cohort, cells[0]) == STATUS_OK)
            rc->last_slot = slot;
        else
            rc->last_slot = -1;
    }
    day = day_number(cells[5]);
    if (day < m->slots[slot].first_answer[wave])
        m->slots[slot].first_answer[wave] = day;
    if (m->items[item].slot >= 0 && wave < MODEL_WAVES) {
        model_values(m, (size_t)slot, wave)[m->items[item].slot] = parse_number(cells[4]);
        model_dates(m, (size_t)slot, wave)[m->items[item].slot] = day;
    }
    return STATUS_OK;
}

static int read_responses(struct db *db, struct model *m)
{
    struct response_ctx rc = { m, { 0 }, "", "", -1 };
    int st = STATUS_OK;

    for (size_t i = 0; i < m->nitems && st == STATUS_OK; i++)
        st = map_put(&rc.items, m->items[i].code, strlen(m->items[i].code), (int64_t)i);
    if (st == STATUS_OK)
        st = run_copy(db, "responses", "read the responses", responses_row, &rc);
    map_free(&rc.items);
    return st;
}

static int read_quarantined(struct db *db, struct model *m)
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
    return st;
}

int model_read_roster(struct db *db, struct model *m)
{
    int st = read_cohorts(db, m);

    if (st == STATUS_OK)
        st = read_items(db, m);
    if (st == STATUS_OK)
        st = run_copy(db, "people", "read the people", people_row, m);
    if (st == STATUS_OK)
        st = run_copy(db, "participants", "read the participants", participants_row, m);
    if (st == STATUS_OK)
        st = read_quarantined(db, m);
    m->input_rows[1] = (long)m->ncohorts;
    m->input_rows[2] = (long)m->nitems;
    if (st == STATUS_OK) {
        int64_t code;

        m->org_code = -1;
        if (m->org && map_get(&m->dims[DIM_ORG].index, m->org, strlen(m->org), &code))
            m->org_code = (int)code;
    }
    return st;
}

int model_read_answers(struct db *db, struct model *m)
{
    return read_responses(db, m);
}

void model_release_data(struct model *m)
{
    for (int d = 0; d < NDIMS; d++)
        dict_free(&m->dims[d]);
    free(m->people);
    map_free(&m->person_index);
    free(m->parts);
    free(m->slots);
    free(m->values);
    free(m->dates);
    map_free(&m->slot_index);
    m->people = NULL;
    m->parts = NULL;
    m->slots = NULL;
    m->values = NULL;
    m->dates = NULL;
    m->npeople = m->nparts = m->parts_cap = m->nslots = m->slots_cap = 0;
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

enum { MAX_WINDOWS = 2 };

/* A pair in scope, and what its sessions add up to in each window. */
struct epair {
    int32_t cohort;
    int32_t matched, ended;         /* ended NO_DATE while open */
    long held[MAX_WINDOWS];         /* held sessions in the window */
    int32_t last_held[MAX_WINDOWS]; /* the last held session by the window's end, or NO_DATE */
    uint16_t months[MAX_WINDOWS];   /* months of the series with a held session */
    int32_t *dates[MAX_WINDOWS];    /* held sessions in the window, for the gaps */
    size_t ndates[MAX_WINDOWS], cap[MAX_WINDOWS];
};

struct eng_read {
    struct model *m;
    const struct engagement_window *w;
    size_t nw;
    struct engagement *out;
    int month0[MAX_WINDOWS];        /* year * 12 + month of each series' first month */
    struct epair *pairs;
    size_t npairs, cap;
    struct map index;               /* cohort \x1f mentor \x1f mentee -> pair */
    struct buf key;
    struct buf last_key;            /* the last session's pair: sessions come grouped by pair */
    int64_t last_pair;              /* its index, or -1 when out of scope */
};

static int push_double(double **arr, size_t n, double v)
{
    double *p;

    if (n % 256 == 0) {
        p = realloc(*arr, (n + 256) * sizeof *p);
        if (p == NULL)
            return err_set(STATUS_NOMEM, "out of memory aggregating engagement");
        *arr = p;
    }
    (*arr)[n] = v;
    return STATUS_OK;
}

/* Add `count` to the named value of a list (channels or topics), making it when new. */
static int named_add(char ***names, long **counts, size_t *n, const char *name, size_t len, long count)
{
    for (size_t i = 0; i < *n; i++) {
        if (str_eqn((*names)[i], name, len)) {
            (*counts)[i] += count;
            return STATUS_OK;
        }
    }
    if (*n % 16 == 0) {
        char **nn = realloc(*names, (*n + 16) * sizeof *nn);
        long *cc;

        if (nn == NULL)
            return err_set(STATUS_NOMEM, "out of memory aggregating engagement");
        *names = nn;
        cc = realloc(*counts, (*n + 16) * sizeof *cc);
        if (cc == NULL)
            return err_set(STATUS_NOMEM, "out of memory aggregating engagement");
        *counts = cc;
    }
    (*names)[*n] = str_ndup(name, len);
    if ((*names)[*n] == NULL)
        return err_set(STATUS_NOMEM, "out of memory aggregating engagement");
    (*counts)[(*n)++] = count;
    return STATUS_OK;
}

static int pair_key(struct eng_read *e, const char *cohort, const char *mentor, const char *mentee)
{
    buf_reset(&e->key);
    buf_puts(&e->key, cohort);
    buf_putc(&e->key, '\x1f');
    buf_puts(&e->key, mentor);
    buf_putc(&e->key, '\x1f');
    return buf_puts(&e->key, mentee);
}

static int eng_pairs_row(void *ctx, int ncols, const char *const *cells)
{
    struct eng_read *e = ctx;
    struct epair *p;
    int cohort = ncols == 5 ? cohort_index(e->m, cells[0]) : -1;

    e->m->input_rows[4]++;
    if (cohort < 0)
        return STATUS_OK;
    /* A run for one org keeps the pairs whose mentee is in it (rule 43). */
    if (e->m->org != NULL) {
        int64_t mentee;

        if (e->m->org_code < 0 || !map_get(&e->m->person_index, cells[2], strlen(cells[2]), &mentee) ||
            e->m->people[mentee].dim[DIM_ORG] != e->m->org_code)
            return STATUS_OK;
    }
    if (e->npairs == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 1024;

        p = realloc(e->pairs, cap * sizeof *p);
        if (p == NULL)
            return err_set(STATUS_NOMEM, "out of memory reading the pairs");
        e->pairs = p;
        e->cap = cap;
    }
    p = &e->pairs[e->npairs];
    memset(p, 0, sizeof *p);
    p->cohort = cohort;
    p->matched = day_number(cells[3]);
    p->ended = day_number(cells[4]);
    for (size_t w = 0; w < MAX_WINDOWS; w++)
        p->last_held[w] = NO_DATE;
    if (pair_key(e, cells[0], cells[1], cells[2]) != STATUS_OK ||
        map_put(&e->index, e->key.data, e->key.len, (int64_t)e->npairs) != STATUS_OK)
        return err_set(STATUS_NOMEM, "out of memory reading the pairs");
    e->npairs++;
    return STATUS_OK;
}

/* Topics split on ';', trimmed, empty ones dropped, each once a session (rule 29). */
static int add_topics(struct engagement_scope *s[2], const char *topics)
{
    const char *seen[64];
    size_t seen_len[64], nseen = 0;

    for (const char *p = topics; *p;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *t = p;
        int dup = 0;

        while (len > 0 && strchr(" \t\r\n", *t)) {
            t++;
            len--;
        }
        while (len > 0 && strchr(" \t\r\n", t[len - 1]))
            len--;
        for (size_t i = 0; i < nseen && !dup; i++)
            dup = seen_len[i] == len && memcmp(seen[i], t, len) == 0;
        if (len > 0 && !dup && nseen < 64) {
            seen[nseen] = t;
            seen_len[nseen++] = len;
            for (int k = 0; k < 2; k++) {
                int st = named_add(&s[k]->topics, &s[k]->topic_held, &s[k]->ntopics, t, len, 1);

                if (st != STATUS_OK)
                    return st;
            }
        }
        p = end ? end + 1 : p + strlen(p);
    }
    return STATUS_OK;
}

static int eng_sessions_row(void *ctx, int ncols, const char *const *cells)
{
    struct eng_read *e = ctx;
    struct epair *p;
    int64_t idx;
    int32_t day;
    int held;
    int st = STATUS_OK;

    e->m->input_rows[5]++;
    if (ncols != 8 || pair_key(e, cells[0], cells[1], cells[2]) != STATUS_OK)
        return STATUS_OK;
    if (e->last_key.len == e->key.len && memcmp(e->last_key.data, e->key.data, e->key.len) == 0) {
        idx = e->last_pair;
    } else {
        if (!map_get(&e->index, e->key.data, e->key.len, &idx))
            idx = -1;
        buf_reset(&e->last_key);
        buf_append(&e->last_key, e->key.data, e->key.len);
        e->last_pair = idx;
    }
    if (idx < 0)
        return STATUS_OK;  /* a pair out of scope */
    p = &e->pairs[idx];
    day = day_number(cells[3]);
    held = strcmp(cells[4], "held") == 0;
    for (size_t w = 0; w < e->nw && st == STATUS_OK; w++) {
        const struct engagement_window *win = &e->w[w];
        struct engagement *out = &e->out[w];
        struct engagement_scope *s[2] = { &out->scopes[p->cohort], &out->scopes[out->nscopes - 1] };
        int y, mo, d, month;

        if (e->m->cohorts[p->cohort].starts > win->as_of || day > win->as_of)
            continue;
        if (held && day <= win->end && (p->last_held[w] == NO_DATE || day > p->last_held[w]))
            p->last_held[w] = day;
        date_to_ymd(day, &y, &mo, &d);
        month = y * 12 + mo - 1 - e->month0[w];
        if (held && month >= 0 && month < 12 && day <= win->period_end) {
            s[0]->month_held[month]++;
            s[1]->month_held[month]++;
            p->months[w] |= (uint16_t)(1u << month);
        }
        if (day < win->start || day > win->end)
            continue;
        for (int k = 0; k < 2; k++) {
            s[k]->sessions++;
            s[k]->cancelled += !held;
        }
        if (!held)
            continue;
        p->held[w]++;
        if (p->ndates[w] == p->cap[w]) {
            size_t cap = p->cap[w] ? p->cap[w] * 2 : 8;
            int32_t *dates = realloc(p->dates[w], cap * sizeof *dates);

            if (dates == NULL)
                return err_set(STATUS_NOMEM, "out of memory aggregating engagement");
            p->dates[w] = dates;
            p->cap[w] = cap;
        }
        p->dates[w][p->ndates[w]++] = day;
        for (int k = 0; k < 2 && st == STATUS_OK; k++) {
            s[k]->held++;
            s[k]->minutes += parse_number(cells[5]);
            st = named_add(&s[k]->channels, &s[k]->channel_held, &s[k]->nchannels, cells[6], strlen(cells[6]), 1);
        }
        if (st == STATUS_OK)
            st = add_topics(s, cells[7]);
    }
    return st;
}

static int day_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

    return (x > y) - (x < y);
}

/*
 * The pair figures of one window: live (matched by the window's end and not
 * ended before its start, an end after the as-of date unknown), active,
 * stalled (the last held session by the window's end, or the match, more
 * than 60 days before it, rule 30), and the gaps between its held sessions.
 */
static int eng_pairs_close(struct eng_read *e, size_t w)
{
    const struct engagement_window *win = &e->w[w];
    struct engagement *out = &e->out[w];
    int st = STATUS_OK;

    for (size_t i = 0; i < e->npairs && st == STATUS_OK; i++) {
        struct epair *p = &e->pairs[i];
        struct engagement_scope *s[2] = { &out->scopes[p->cohort], &out->scopes[out->nscopes - 1] };
        int32_t ended = p->ended <= win->as_of ? p->ended : NO_DATE;
        int32_t last = p->last_held[w] != NO_DATE ? p->last_held[w] : p->matched;
        int live = p->matched <= win->end && (ended == NO_DATE || ended >= win->start);

        if (e->m->cohorts[p->cohort].starts > win->as_of || p->matched > win->as_of)
            continue;
        if (p->ndates[w] > 1)
            qsort(p->dates[w], p->ndates[w], sizeof *p->dates[w], day_cmp);
        for (int k = 0; k < 2 && st == STATUS_OK; k++) {
            for (size_t j = 1; j < p->ndates[w] && st == STATUS_OK; j++)
                st = push_double(&s[k]->gaps, s[k]->ngaps++, (double)(p->dates[w][j] - p->dates[w][j - 1]));
            for (int mo = 0; mo < 12; mo++)
                s[k]->month_active[mo] += (p->months[w] >> mo) & 1;
            if (!live)
                continue;
            s[k]->live++;
            s[k]->stalled += win->end - last > 60;
            if (p->held[w] > 0 && st == STATUS_OK)
                st = push_double(&s[k]->held_per_active, (size_t)s[k]->active++, (double)p->held[w]);
        }
    }
    return st;
}

static int eng_copy(struct db *db, const char *section, const char *what, db_row_fn fn, void *ctx)
{
    struct buf sql = { 0 };
    int st = sql_section("run/engagement.sql", section, &sql);

    if (st == STATUS_OK)
        st = db_copy_out(db, what, buf_str(&sql), fn, ctx);
    buf_free(&sql);
    return st;
}

int model_engagement_read(struct db *db, struct model *m, const struct engagement_window *w, size_t nw,
                          struct engagement *out)
{
    struct eng_read e;
    int st = STATUS_OK;

    memset(&e, 0, sizeof e);
    e.m = m;
    e.w = w;
    e.nw = nw < MAX_WINDOWS ? nw : MAX_WINDOWS;
    e.out = out;
    for (size_t k = 0; k < e.nw && st == STATUS_OK; k++) {
        int y, mo, d;

        memset(&out[k], 0, sizeof out[k]);
        out[k].nscopes = m->ncohorts + 1;
        out[k].scopes = calloc(out[k].nscopes, sizeof *out[k].scopes);
        if (out[k].scopes == NULL)
            st = err_set(STATUS_NOMEM, "out of memory aggregating engagement");
        date_to_ymd(w[k].period_end, &y, &mo, &d);
        e.month0[k] = y * 12 + mo - 1 - 11;
        for (int i = 0; i < 12; i++) {
            int index = e.month0[k] + i;

            str_fmt(out[k].months[i], sizeof out[k].months[i], "%04d-%02d", index / 12, index % 12 + 1);
        }
    }
    if (st == STATUS_OK)
        st = eng_copy(db, "pairs", "read the pairs", eng_pairs_row, &e);
    if (st == STATUS_OK)
        st = eng_copy(db, "sessions", "read the sessions", eng_sessions_row, &e);
    for (size_t k = 0; k < e.nw && st == STATUS_OK; k++)
        st = eng_pairs_close(&e, k);
    for (size_t i = 0; i < e.npairs; i++) {
        for (size_t k = 0; k < MAX_WINDOWS; k++)
            free(e.pairs[i].dates[k]);
    }
    free(e.pairs);
    map_free(&e.index);
    buf_free(&e.key);
    buf_free(&e.last_key);
    return st;
}

void model_engagement_free(struct engagement *e)
{
    for (size_t i = 0; e->scopes && i < e->nscopes; i++) {
        struct engagement_scope *s = &e->scopes[i];

        free(s->held_per_active);
        free(s->gaps);
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
