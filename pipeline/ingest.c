#include "pipeline/ingest.h"
#include "pipeline/csv.h"
#include "pipeline/db.h"
#include "pipeline/progress.h"
#include "pipeline/sqlfiles.h"
#include "common/buf.h"
#include "common/date.h"
#include "common/map.h"
#include "common/status.h"
#include "common/str.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- What each kind of file holds ---------------------------------------------------------- */

enum col_type {
    COL_TEXT,
    COL_DATE,
    COL_DATETIME,  /* staged as the full timestamp and its date part */
    COL_NUMBER,
    COL_ENUM,
    COL_BOOL
};

struct column {
    const char *name;
    enum col_type type;
    int required;
    const char *const *choices;  /* COL_ENUM: the codes, NULL-terminated */
};

enum { MAX_COLUMNS = 16 };

struct kind_spec {
    const char *name;
    const char *sql;        /* sql/ingest/NAME.sql */
    const struct column *columns;
    int ncolumns;
    const int *key;         /* the key's columns, ended by -1 */
    int timed;              /* the column whose latest value wins, or -1 (then the later line wins) */
};

static const char *const LEAVE_REASONS[] = { "voluntary", "involuntary", "retirement", "other", NULL };
static const char *const COHORT_KINDS[] = { "pilot", "full", NULL };
static const char *const CONSTRUCTS[] = { "confidence", "satisfaction", "nps", "other", NULL };
static const char *const ROLES[] = { "mentor", "mentee", NULL };
static const char *const STATUSES[] = { "held", "cancelled", "no_show", NULL };
static const char *const CHANNELS[] = { "in_person", "video", "phone", "chat", "other", NULL };
static const char *const WAVES[] = { "baseline", "midpoint", "exit", "followup", NULL };

static const struct column PEOPLE[] = {
    { "person_ref", COL_TEXT, 1, NULL }, { "org", COL_TEXT, 0, NULL },
    { "department", COL_TEXT, 0, NULL }, { "grade", COL_TEXT, 0, NULL },
    { "gender", COL_TEXT, 0, NULL }, { "ethnicity", COL_TEXT, 0, NULL },
    { "age_band", COL_TEXT, 0, NULL }, { "network", COL_TEXT, 0, NULL },
    { "hired_on", COL_DATE, 1, NULL }, { "left_on", COL_DATE, 0, NULL },
    { "leave_reason", COL_ENUM, 0, LEAVE_REASONS },
};
static const struct column COHORTS[] = {
    { "programme", COL_TEXT, 1, NULL }, { "cohort", COL_TEXT, 1, NULL },
    { "kind", COL_ENUM, 1, COHORT_KINDS }, { "starts_on", COL_DATE, 1, NULL },
    { "ends_on", COL_DATE, 0, NULL }, { "name", COL_TEXT, 0, NULL },
};
static const struct column ITEMS[] = {
    { "item", COL_TEXT, 1, NULL }, { "construct", COL_ENUM, 1, CONSTRUCTS },
    { "scale_min", COL_NUMBER, 1, NULL }, { "scale_max", COL_NUMBER, 1, NULL },
    { "reverse", COL_BOOL, 0, NULL }, { "text", COL_TEXT, 0, NULL },
};
static const struct column PARTICIPANTS[] = {
    { "programme", COL_TEXT, 1, NULL }, { "cohort", COL_TEXT, 1, NULL },
    { "person_ref", COL_TEXT, 1, NULL }, { "role", COL_ENUM, 1, ROLES },
    { "enrolled_on", COL_DATE, 1, NULL }, { "withdrew_on", COL_DATE, 0, NULL },
};
static const struct column PAIRS[] = {
    { "programme", COL_TEXT, 1, NULL }, { "cohort", COL_TEXT, 1, NULL },
    { "mentor_ref", COL_TEXT, 1, NULL }, { "mentee_ref", COL_TEXT, 1, NULL },
    { "matched_on", COL_DATE, 1, NULL }, { "ended_on", COL_DATE, 0, NULL },
};
static const struct column SESSIONS[] = {
    { "programme", COL_TEXT, 1, NULL }, { "cohort", COL_TEXT, 1, NULL },
    { "mentor_ref", COL_TEXT, 1, NULL }, { "mentee_ref", COL_TEXT, 1, NULL },
    { "held_on", COL_DATETIME, 1, NULL }, { "duration_min", COL_NUMBER, 0, NULL },
    { "status", COL_ENUM, 1, STATUSES }, { "channel", COL_ENUM, 0, CHANNELS },
    { "topics", COL_TEXT, 0, NULL },
};
static const struct column RESPONSES[] = {
    { "programme", COL_TEXT, 1, NULL }, { "cohort", COL_TEXT, 1, NULL },
    { "wave", COL_ENUM, 1, WAVES }, { "person_ref", COL_TEXT, 1, NULL },
    { "submitted_on", COL_DATETIME, 1, NULL }, { "item", COL_TEXT, 1, NULL },
    { "value", COL_NUMBER, 1, NULL },
};
/* The wide layout: these, then one column per item code. */
enum { WIDE_FIXED = 5 };

/* Keys (SPEC section 2): re-ingest replaces the row with the same key. */
static const int PEOPLE_KEY[] = { 0, -1 };
static const int COHORTS_KEY[] = { 0, 1, -1 };
static const int ITEMS_KEY[] = { 0, -1 };
static const int PARTICIPANTS_KEY[] = { 0, 1, 2, -1 };
static const int PAIRS_KEY[] = { 0, 1, 2, 3, -1 };
static const int SESSIONS_KEY[] = { 0, 1, 2, 3, 4, 6, 7, -1 };  /* all but duration and topics */
static const int RESPONSES_KEY[] = { 0, 1, 2, 3, 5, -1 };

#define SPEC(name, cols, key, timed) \
    { name, "ingest/" name ".sql", cols, (int)(sizeof cols / sizeof *cols), key, timed }
static const struct kind_spec KINDS[KIND_COUNT] = {
    [KIND_PEOPLE] = SPEC("people", PEOPLE, PEOPLE_KEY, -1),
    [KIND_COHORTS] = SPEC("cohorts", COHORTS, COHORTS_KEY, -1),
    [KIND_ITEMS] = SPEC("items", ITEMS, ITEMS_KEY, -1),
    [KIND_PARTICIPANTS] = SPEC("participants", PARTICIPANTS, PARTICIPANTS_KEY, -1),
    [KIND_PAIRS] = SPEC("pairs", PAIRS, PAIRS_KEY, -1),
    [KIND_SESSIONS] = SPEC("sessions", SESSIONS, SESSIONS_KEY, -1),
    [KIND_RESPONSES] = SPEC("responses", RESPONSES, RESPONSES_KEY, 4),
};

int ingest_kind_parse(const char *name, enum ingest_kind *kind)
{
    for (int k = 0; k < KIND_COUNT; k++) {
        if (strcmp(name, KINDS[k].name) == 0) {
            *kind = (enum ingest_kind)k;
            return STATUS_OK;
        }
    }
    return err_set(STATUS_USAGE, "unknown kind \"%s\" (use people, cohorts, items, participants, "
                   "pairs, sessions or responses)", name);
}

/* ---- The state of one file's ingest ------------------------------------------------------- */

struct item_info {
    char *code;
    char construct[16];
    double min;
    double max;
};

/* The rows a file may refer to, read from the database before the file. */
struct lookups {
    struct map people;    /* person_ref */
    struct map cohorts;   /* programme \x1f cohort -> starts_on */
    struct map items;     /* item -> index into item_info */
    struct item_info *item_info;
    size_t nitems;
    struct map pairs;     /* programme \x1f cohort \x1f mentor \x1f mentee -> matched_on */
};

/* One record's values, by column of the kind. */
struct values {
    const char *text[MAX_COLUMNS];  /* trimmed; NULL when blank or absent */
    size_t len[MAX_COLUMNS];
    int32_t date[MAX_COLUMNS];
    int64_t instant[MAX_COLUMNS];   /* COL_DATETIME: microseconds since the epoch, UTC */
    double number[MAX_COLUMNS];
};

/*
 * The record that holds a key so far: its line, when it was submitted
 * (timed kinds) and, for the wide layout, which column holds the answer.
 */
struct candidate {
    long line;
    int64_t instant;
    int column;
};

struct ingest {
    const struct kind_spec *spec;
    enum ingest_kind kind;
    const char *path;
    const struct ingest_options *opt;
    FILE *log;
    struct db *db;
    struct lookups look;
    int colmap[MAX_COLUMNS];   /* header position of each column, or -1 */
    size_t header_fields;
    int *item_cols;            /* wide: header position -> item index, or -1 */
    char **header_names;       /* the header's column names, trimmed */
    char ingest_id[32];
    struct map winners;        /* key -> index into cand: who holds each key */
    struct candidate *cand;
    size_t ncand, cand_cap;
    struct candidate *losers;  /* rows sent that a later line replaced: withdrawn after the COPY */
    size_t nlosers, losers_cap;
    unsigned char *good;       /* --strict: by record ordinal, 1 when the record passed every check */
    size_t good_cap;
    int held_back;             /* --strict and a bad row: nothing loads */
    struct buf copy;           /* COPY rows not yet sent */
    struct buf reasons;        /* the current record's problems */
    struct buf key;
    struct buf scratch;
    FILE *bad;                 /* quarantine rows, as COPY text */
    long rows;
    long good_rows;
    long listed;
};

enum { COPY_FLUSH = 1 << 16, RAW_MAX = 1 << 16, QUOTE_MAX = 60, REASONS_MAX = 3 };

static const char SEP = '\x1f';

/* Key of several codes joined by the unit separator (which codes never hold). */
static int key_join(struct buf *b, const char *const *parts, const size_t *lens, int n)
{
    buf_reset(b);
    for (int i = 0; i < n; i++) {
        int st = (i ? buf_putc(b, SEP) : STATUS_OK);

        if (st == STATUS_OK)
            st = buf_append(b, parts[i], lens[i]);
        if (st != STATUS_OK)
            return st;
    }
    return STATUS_OK;
}

static int lookups_row_people(void *ctx, int ncols, const char *const *cells)
{
    struct lookups *l = ctx;

    (void)ncols;
    return map_put(&l->people, cells[0], strlen(cells[0]), 1);
}

static int lookups_row_cohorts(void *ctx, int ncols, const char *const *cells)
{
    struct lookups *l = ctx;
    struct buf key = { 0 };
    const char *parts[2] = { cells[0], cells[1] };
    size_t lens[2] = { strlen(cells[0]), strlen(cells[1]) };
    int st;

    (void)ncols;
    st = key_join(&key, parts, lens, 2);
    if (st == STATUS_OK)
        st = map_put(&l->cohorts, key.data, key.len, strtol(cells[2], NULL, 10));
    buf_free(&key);
    return st;
}

static int lookups_row_items(void *ctx, int ncols, const char *const *cells)
{
    struct lookups *l = ctx;
    struct item_info *info;

    (void)ncols;
    info = realloc(l->item_info, (l->nitems + 1) * sizeof *info);
    if (info == NULL)
        return err_set(STATUS_NOMEM, "out of memory reading items");
    l->item_info = info;
    info += l->nitems;
    info->code = str_dup(cells[0]);
    if (info->code == NULL)
        return err_set(STATUS_NOMEM, "out of memory reading items");
    str_copy(info->construct, sizeof info->construct, cells[1]);
    info->min = strtod(cells[2], NULL);
    info->max = strtod(cells[3], NULL);
    return map_put(&l->items, cells[0], strlen(cells[0]), (int64_t)l->nitems++);
}

static int lookups_row_pairs(void *ctx, int ncols, const char *const *cells)
{
    struct lookups *l = ctx;
    struct buf key = { 0 };
    size_t lens[4];
    int st;

    (void)ncols;
    for (int i = 0; i < 4; i++)
        lens[i] = strlen(cells[i]);
    st = key_join(&key, cells, lens, 4);
    if (st == STATUS_OK)
        st = map_put(&l->pairs, key.data, key.len, strtol(cells[4], NULL, 10));
    buf_free(&key);
    return st;
}

static int lookups_load_one(struct db *db, const char *section, db_row_fn fn, struct lookups *l)
{
    struct buf sql = { 0 };
    char what[64];
    int st = sql_section("ingest/lookups.sql", section, &sql);

    str_fmt(what, sizeof what, "read %s", section);
    if (st == STATUS_OK)
        st = db_stream(db, what, buf_str(&sql), 0, NULL, fn, l);
    buf_free(&sql);
    return st;
}

/* Read what this kind refers to. */
static int lookups_load(struct db *db, enum ingest_kind kind, int wide, struct lookups *l)
{
    int need_people = kind == KIND_PARTICIPANTS || kind == KIND_PAIRS || kind == KIND_RESPONSES;
    int need_cohorts = kind == KIND_PARTICIPANTS || kind == KIND_PAIRS || kind == KIND_RESPONSES;
    int st = STATUS_OK;

    (void)wide;
    if (need_people)
        st = lookups_load_one(db, "people", lookups_row_people, l);
    if (st == STATUS_OK && need_cohorts)
        st = lookups_load_one(db, "cohorts", lookups_row_cohorts, l);
    if (st == STATUS_OK && kind == KIND_RESPONSES)
        st = lookups_load_one(db, "items", lookups_row_items, l);
    if (st == STATUS_OK && kind == KIND_SESSIONS)
        st = lookups_load_one(db, "pairs", lookups_row_pairs, l);
    return st;
}

static void lookups_free(struct lookups *l)
{
    map_free(&l->people);
    map_free(&l->cohorts);
    map_free(&l->items);
    map_free(&l->pairs);
    for (size_t i = 0; i < l->nitems; i++)
        free(l->item_info[i].code);
    free(l->item_info);
}

/* ---- Checking one record ------------------------------------------------------------------ */

static void trim(const char **p, size_t *n)
{
    while (*n > 0 && (**p == ' ' || **p == '\t')) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
        (*n)--;
}

/* Append a value for a message: quoted, cut short, control characters as '?'. */
static void quote_value(struct buf *b, const char *p, size_t n)
{
    size_t shown = n > QUOTE_MAX ? QUOTE_MAX : n;

    /* Do not cut a UTF-8 sequence in two. */
    while (shown < n && shown > 0 && ((unsigned char)p[shown] & 0xC0) == 0x80)
        shown--;
    buf_putc(b, '"');
    for (size_t i = 0; i < shown; i++)
        buf_putc(b, (unsigned char)p[i] < 0x20 ? '?' : p[i]);
    if (shown < n)
        buf_puts(b, "...");
    buf_putc(b, '"');
}

/* Start a new reason in the current record's list (at most REASONS_MAX shown). */
static int reason_begin(struct ingest *in, int *count)
{
    if (*count >= REASONS_MAX) {
        (*count)++;
        return 0;
    }
    if ((*count)++ > 0)
        buf_puts(&in->reasons, "; ");
    return 1;
}

__attribute__((format(printf, 3, 4)))
static void reason_add(struct ingest *in, int *count, const char *fmt, ...)
{
    va_list ap;

    if (!reason_begin(in, count))
        return;
    va_start(ap, fmt);
    buf_vprintf(&in->reasons, fmt, ap);
    va_end(ap);
}

/* "name \"value\" what" */
static void reason_value(struct ingest *in, int *count, const char *name, const char *p, size_t n,
                         const char *what)
{
    if (!reason_begin(in, count))
        return;
    buf_printf(&in->reasons, "%s ", name);
    quote_value(&in->reasons, p, n);
    buf_printf(&in->reasons, " %s", what);
}

static void choices_text(struct buf *b, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        buf_printf(b, "%s%s", i ? (choices[i + 1] ? ", " : " or ") : "", choices[i]);
}

/* Check one value against its column's type; record why not. */
static void check_value(struct ingest *in, int *count, const struct column *c, struct values *v, int k)
{
    const char *p = v->text[k];
    size_t n = v->len[k];

    if (p == NULL) {
        if (c->required)
            reason_add(in, count, "%s is missing (it is required)", c->name);
        return;
    }
    switch (c->type) {
    case COL_TEXT:
        break;
    case COL_DATE:
        if (date_parse(p, n, &v->date[k]) != STATUS_OK)
            reason_value(in, count, c->name, p, n, "is not a date (use YYYY-MM-DD)");
        break;
    case COL_DATETIME:
        if (date_parse_instant(p, n, &v->date[k], &v->instant[k]) != STATUS_OK)
            reason_value(in, count, c->name, p, n, "is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)");
        break;
    case COL_NUMBER:
        if (str_to_double(p, n, &v->number[k]) != STATUS_OK)
            reason_value(in, count, c->name, p, n, "is not a number");
        break;
    case COL_BOOL:
        if (!str_eqn("true", p, n) && !str_eqn("false", p, n))
            reason_value(in, count, c->name, p, n, "is not true or false");
        break;
    case COL_ENUM: {
        int ok = 0;

        for (int i = 0; c->choices[i]; i++)
            ok |= str_eqn(c->choices[i], p, n);
        if (!ok && reason_begin(in, count)) {
            buf_printf(&in->reasons, "%s ", c->name);
            quote_value(&in->reasons, p, n);
            buf_puts(&in->reasons, " is not one of ");
            choices_text(&in->reasons, c->choices);
            buf_puts(&in->reasons, " (codes are case-sensitive)");
        }
        break;
    }
    }
}

static int known_person(struct ingest *in, const struct values *v, int k)
{
    return map_get(&in->look.people, v->text[k], v->len[k], NULL);
}

static void check_person(struct ingest *in, int *count, const struct values *v, int k, const char *name)
{
    if (v->text[k] != NULL && !known_person(in, v, k))
        reason_value(in, count, name, v->text[k], v->len[k],
                     "is not in the people table (ingest people first, or correct the reference)");
}

static void check_cohort(struct ingest *in, int *count, const struct values *v)
{
    const char *parts[2] = { v->text[0], v->text[1] };
    size_t lens[2] = { v->len[0], v->len[1] };

    if (parts[0] == NULL || parts[1] == NULL)
        return;
    key_join(&in->scratch, parts, lens, 2);
    if (map_get(&in->look.cohorts, in->scratch.data, in->scratch.len, NULL))
        return;
    if (reason_begin(in, count)) {
        buf_puts(&in->reasons, "cohort ");
        quote_value(&in->reasons, v->text[1], v->len[1]);
        buf_puts(&in->reasons, " of programme ");
        quote_value(&in->reasons, v->text[0], v->len[0]);
        buf_puts(&in->reasons, " is not in the cohorts table (ingest cohorts first)");
    }
}

/* "A is before B" for two dates of the record when both are there. */
static void check_order(struct ingest *in, int *count, const struct values *v, int early, int late,
                        const struct column *cols)
{
    char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];

    if (v->text[early] == NULL || v->text[late] == NULL || v->date[late] >= v->date[early])
        return;
    date_format(v->date[late], a);
    date_format(v->date[early], b);
    reason_add(in, count, "%s %s is before %s %s", cols[late].name, a, cols[early].name, b);
}

/* A response value inside its item's scale. */
static void check_answer(struct ingest *in, int *count, const char *item, size_t item_len,
                         double value, const char *what)
{
    int64_t idx;
    const struct item_info *info;

    if (!map_get(&in->look.items, item, item_len, &idx)) {
        reason_value(in, count, "item", item, item_len, "is not in the items table (ingest items first)");
        return;
    }
    info = &in->look.item_info[idx];
    if (value < info->min || value > info->max) {
        if (reason_begin(in, count)) {
            buf_printf(&in->reasons, "%s %.15g is outside the scale of item ", what, value);
            quote_value(&in->reasons, item, item_len);
            buf_printf(&in->reasons, " (%.15g to %.15g)", info->min, info->max);
        }
    }
}

/* The rules of each kind beyond single values (SPEC section 2 and rules 11 to 14). */
static void check_kind(struct ingest *in, int *count, struct values *v)
{
    const struct column *cols = in->spec->columns;

    switch (in->kind) {
    case KIND_PEOPLE:
        check_order(in, count, v, 8, 9, cols);
        break;
    case KIND_COHORTS:
        check_order(in, count, v, 3, 4, cols);
        break;
    case KIND_ITEMS:
        if (v->text[2] && v->text[3] && v->number[2] >= v->number[3])
            reason_add(in, count, "scale_min %.15g is not below scale_max %.15g", v->number[2], v->number[3]);
        if (v->text[1] && str_eqn("nps", v->text[1], v->len[1]) && v->text[2] && v->text[3] &&
            (v->number[2] != 0 || v->number[3] != 10))
            reason_add(in, count, "an nps item's scale is 0 to 10, not %.15g to %.15g", v->number[2], v->number[3]);
        break;
    case KIND_PARTICIPANTS:
        check_cohort(in, count, v);
        check_person(in, count, v, 2, "person_ref");
        break;
    case KIND_PAIRS:
        check_cohort(in, count, v);
        check_person(in, count, v, 2, "mentor_ref");
        check_person(in, count, v, 3, "mentee_ref");
        if (v->text[2] && v->text[3] && v->len[2] == v->len[3] && memcmp(v->text[2], v->text[3], v->len[2]) == 0)
            reason_add(in, count, "mentor_ref and mentee_ref are the same person");
        check_order(in, count, v, 4, 5, cols);
        break;
    case KIND_SESSIONS: {
        const char *parts[4] = { v->text[0], v->text[1], v->text[2], v->text[3] };
        int64_t matched;

        if (v->text[5] && v->number[5] < 0)
            reason_add(in, count, "duration_min %.15g is negative", v->number[5]);
        if (!parts[0] || !parts[1] || !parts[2] || !parts[3] || v->text[4] == NULL)
            break;
        key_join(&in->scratch, parts, v->len, 4);
        if (!map_get(&in->look.pairs, in->scratch.data, in->scratch.len, &matched)) {
            if (reason_begin(in, count)) {
                buf_puts(&in->reasons, "no pair of mentor ");
                quote_value(&in->reasons, v->text[2], v->len[2]);
                buf_puts(&in->reasons, " and mentee ");
                quote_value(&in->reasons, v->text[3], v->len[3]);
                buf_puts(&in->reasons, " in cohort ");
                quote_value(&in->reasons, v->text[1], v->len[1]);
                buf_puts(&in->reasons, " of programme ");
                quote_value(&in->reasons, v->text[0], v->len[0]);
                buf_puts(&in->reasons, " (ingest pairs first)");
            }
        } else if (v->date[4] < matched) {
            char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];

            date_format(v->date[4], a);
            date_format((int32_t)matched, b);
            reason_add(in, count, "held_on %s is before the pair was matched on %s", a, b);
        }
        break;
    }
    case KIND_RESPONSES:
        check_cohort(in, count, v);
        check_person(in, count, v, 3, "person_ref");
        if (!in->opt->wide && v->text[5] && v->text[6])
            check_answer(in, count, v->text[5], v->len[5], v->number[6], "value");
        break;
    case KIND_COUNT:
        break;
    }
}

/* ---- Writing rows for COPY ---------------------------------------------------------------- */

/* Append a value in COPY text format (\N for NULL). */
static void copy_value(struct buf *b, const char *p, size_t n)
{
    size_t run = 0;

    if (p == NULL) {
        buf_append(b, "\\N", 2);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *esc = NULL;

        switch (p[i]) {
        case '\\': esc = "\\\\"; break;
        case '\t': esc = "\\t"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        default: continue;
        }
        buf_append(b, p + run, i - run);
        buf_puts(b, esc);
        run = i + 1;
    }
    buf_append(b, p + run, n - run);
}

static void copy_date(struct buf *b, int32_t days)
{
    char text[DATE_TEXT_SIZE];

    date_format(days, text);
    buf_append(b, text, DATE_TEXT_SIZE - 1);
}

/* The raw text of a record as valid UTF-8 without NULs ("\xNN" for bad bytes), cut at RAW_MAX. */
static void raw_text(struct buf *b, const char *p, size_t n)
{
    size_t i = 0;

    while (i < n && b->len < RAW_MAX) {
        size_t k = 1;

        while (k <= 4 && i + k <= n && !str_utf8_valid(p + i, k))
            k++;
        if (k <= 4 && i + k <= n && p[i] != '\0') {
            buf_append(b, p + i, k);
            i += k;
        } else {
            buf_printf(b, "\\x%02X", (unsigned char)p[i]);
            i++;
        }
    }
    if (i < n)
        buf_printf(b, " [... %zu more bytes]", n - i);
}

/* Spool one quarantine row (COPY text) to `f`. */
static int spool_bad(struct ingest *in, FILE *f, long line, const char *raw, size_t raw_len, const char *reason)
{
    struct buf row = { 0 };
    struct buf text = { 0 };
    int st = STATUS_OK;

    raw_text(&text, raw, raw_len);
    buf_printf(&row, "%s\t%s\t", in->ingest_id, in->spec->name);
    copy_value(&row, in->path, strlen(in->path));
    buf_printf(&row, "\t%ld\t", line);
    copy_value(&row, buf_str(&text), text.len);
    buf_putc(&row, '\t');
    copy_value(&row, reason, strlen(reason));
    buf_putc(&row, '\n');
    if (fwrite(row.data, 1, row.len, f) != row.len)
        st = err_set(STATUS_IO, "%s: write the quarantine spool: %s", in->path, strerror(errno));
    buf_free(&text);
    buf_free(&row);
    return st;
}

static int quarantine_row(struct ingest *in, long line, const char *raw, size_t raw_len, const char *reason)
{
    if (in->listed < in->opt->list_max && in->log) {
        fprintf(in->log, "%s:%ld: %s\n", in->path, line, reason);
        in->listed++;
    }
    return spool_bad(in, in->bad, line, raw, raw_len, reason);
}

static int flush_copy(struct ingest *in, int force)
{
    int st = STATUS_OK;

    if (in->copy.len >= COPY_FLUSH || (force && in->copy.len > 0)) {
        st = db_copy_put(in->db, in->copy.data, in->copy.len);
        buf_reset(&in->copy);
    }
    return st;
}

/* ---- Header ------------------------------------------------------------------------------- */

static int header_read(struct ingest *in, struct csv_reader *r)
{
    const struct kind_spec *spec = in->spec;
    struct buf warnings = { 0 };
    struct csv_record rec;
    int fixed = in->opt->wide ? WIDE_FIXED : spec->ncolumns;
    int st;

    st = csv_next(r, &rec);
    if (st == STATUS_EMPTY)
        return err_set(STATUS_USAGE, "%s: the file is empty (a header row naming the columns is required)", in->path);
    if (st != STATUS_OK)
        return st;
    if (rec.error)
        return err_set(STATUS_USAGE, "%s:%ld: cannot read the header row: %s", in->path, rec.line, rec.error);
    in->header_fields = rec.nfields;
    for (int k = 0; k < MAX_COLUMNS; k++)
        in->colmap[k] = -1;
    in->item_cols = calloc(rec.nfields, sizeof *in->item_cols);
    in->header_names = calloc(rec.nfields, sizeof *in->header_names);
    if (in->item_cols == NULL || in->header_names == NULL)
        return err_set(STATUS_NOMEM, "%s: out of memory", in->path);
    int items_found = 0;
    for (size_t f = 0; f < rec.nfields; f++) {
        const char *p = rec.fields[f].p;
        size_t n = rec.fields[f].len;
        int64_t item;
        int matched = 0;

        in->item_cols[f] = -1;
        trim(&p, &n);
        in->header_names[f] = str_ndup(p, n);
        if (in->header_names[f] == NULL) {
            st = err_set(STATUS_NOMEM, "%s: out of memory", in->path);
            goto out;
        }
        for (int k = 0; k < fixed && !matched; k++) {
            const char *name = spec->columns[k].name;

            if (strlen(name) == n && strncasecmp(name, p, n) == 0) {
                if (in->colmap[k] >= 0) {
                    st = err_set(STATUS_USAGE, "%s: column %s appears twice in the header (keep one)", in->path, name);
                    goto out;
                }
                in->colmap[k] = (int)f;
                matched = 1;
            }
        }
        if (!matched && in->opt->wide && map_get(&in->look.items, p, n, &item)) {
            for (size_t e = 0; e < f; e++) {
                if (in->item_cols[e] == (int)item) {
                    st = err_set(STATUS_USAGE, "%s: item column %.*s appears twice in the header (keep one)",
                                 in->path, (int)n, p);
                    goto out;
                }
            }
            in->item_cols[f] = (int)item;
            items_found++;
            matched = 1;
        }
        if (!matched) {
            buf_printf(&warnings, "%s: warning: column ", in->path);
            quote_value(&warnings, p, n);
            buf_printf(&warnings, " is not a %s column%s: ignored\n", spec->name,
                       in->opt->wide ? " nor an item code" : "");
        }
    }
    for (int k = 0; k < fixed; k++) {
        if (spec->columns[k].required && in->colmap[k] < 0) {
            st = err_set(STATUS_USAGE, "%s: the required column %s is missing from the header "
                         "(is this a %s file?)", in->path, spec->columns[k].name, spec->name);
            goto out;
        }
    }
    if (in->opt->wide && items_found == 0) {
        st = err_set(STATUS_USAGE, "%s: no column of the header is an item code of the items table "
                     "(ingest items first, or leave out --wide for the long layout)", in->path);
        goto out;
    }
    /* Warn about extra columns only once the file is known to be of this kind. */
    if (in->log && warnings.len > 0)
        fputs(buf_str(&warnings), in->log);
out:
    buf_free(&warnings);
    return st;
}

/* ---- Records ------------------------------------------------------------------------------ */

/* Pick and trim the record's values by column. */
static void values_take(const struct ingest *in, const struct csv_record *rec, struct values *v, int ncols)
{
    for (int k = 0; k < ncols; k++) {
        int f = in->colmap[k];
        const char *p = NULL;
        size_t n = 0;

        if (f >= 0) {
            p = rec->fields[f].p;
            n = rec->fields[f].len;
            trim(&p, &n);
            if (n == 0)
                p = NULL;
        }
        v->text[k] = p;
        v->len[k] = n;
    }
}

/* Wide layout: check every answer cell of the record (SPEC rule 13). */
static void wide_check(struct ingest *in, int *count, const struct csv_record *rec)
{
    for (size_t f = 0; f < rec->nfields; f++) {
        const char *p = rec->fields[f].p;
        size_t n = rec->fields[f].len;
        const char *code;
        double value;
        int idx = in->item_cols[f];

        if (idx < 0)
            continue;
        trim(&p, &n);
        if (n == 0)
            continue;
        code = in->look.item_info[idx].code;
        if (str_to_double(p, n, &value) != STATUS_OK) {
            if (reason_begin(in, count)) {
                buf_puts(&in->reasons, "the answer to item ");
                quote_value(&in->reasons, code, strlen(code));
                buf_puts(&in->reasons, ", ");
                quote_value(&in->reasons, p, n);
                buf_puts(&in->reasons, ", is not a number");
            }
            continue;
        }
        check_answer(in, count, code, strlen(code), value, "the answer");
    }
}

/* The record's key in in->key: its key columns joined, a datetime as the instant it names. */
static int key_build(struct ingest *in, const struct values *v)
{
    struct buf *b = &in->key;
    int st = STATUS_OK;

    buf_reset(b);
    for (const int *k = in->spec->key; *k >= 0 && st == STATUS_OK; k++) {
        if (k != in->spec->key)
            buf_putc(b, SEP);
        if (in->spec->columns[*k].type == COL_DATETIME)
            st = buf_append(b, &v->instant[*k], sizeof v->instant[*k]);
        else if (v->text[*k] != NULL)
            st = buf_append(b, v->text[*k], v->len[*k]);
    }
    return st;
}

/* Keep a row that was sent but lost its key to a later one: it is withdrawn after the COPY. */
static int loser_add(struct ingest *in, long line, int column)
{
    if (in->nlosers == in->losers_cap) {
        size_t cap = in->losers_cap ? in->losers_cap * 2 : 256;
        struct candidate *l = realloc(in->losers, cap * sizeof *l);

        if (l == NULL)
            return err_set(STATUS_NOMEM, "%s: out of memory", in->path);
        in->losers = l;
        in->losers_cap = cap;
    }
    in->losers[in->nlosers].line = line;
    in->losers[in->nlosers].column = column;
    in->nlosers++;
    return STATUS_OK;
}

/*
 * Offer the row of `line` (and answer `column` in the wide layout) as the
 * holder of its key: it wins over an earlier row with the same key, except
 * that for a timed kind it must be submitted as late or later (SPEC rule 7:
 * the full timestamp, then the later line). The row that loses is kept for
 * withdrawal.
 */
static int candidate_offer(struct ingest *in, long line, int column, const struct values *v)
{
    int timed = in->spec->timed;
    int64_t instant = timed >= 0 ? v->instant[timed] : 0;
    struct candidate *c;
    int64_t *idx;
    int found;
    int st;

    if (in->ncand == in->cand_cap) {
        size_t cap = in->cand_cap ? in->cand_cap * 2 : 1024;

        c = realloc(in->cand, cap * sizeof *c);
        if (c == NULL)
            return err_set(STATUS_NOMEM, "%s: out of memory", in->path);
        in->cand = c;
        in->cand_cap = cap;
    }
    st = key_build(in, v);
    if (st == STATUS_OK)
        st = map_find_or_add(&in->winners, in->key.data, in->key.len, (int64_t)in->ncand, &found, &idx);
    if (st != STATUS_OK)
        return st;
    if (!found) {
        c = &in->cand[in->ncand++];
        c->line = line;
        c->instant = instant;
        c->column = column;
        return STATUS_OK;
    }
    c = &in->cand[*idx];
    if (timed >= 0 && instant < c->instant)
        return loser_add(in, line, column);
    st = loser_add(in, c->line, c->column);
    c->line = line;
    c->instant = instant;
    c->column = column;
    return st;
}

static int good_mark(struct ingest *in, long ordinal)
{
    if ((size_t)ordinal >= in->good_cap) {
        size_t cap = in->good_cap ? in->good_cap * 2 : 4096;
        unsigned char *g;

        while (cap <= (size_t)ordinal)
            cap *= 2;
        g = realloc(in->good, cap);
        if (g == NULL)
            return err_set(STATUS_NOMEM, "%s: out of memory", in->path);
        memset(g + in->good_cap, 0, cap - in->good_cap);
        in->good = g;
        in->good_cap = cap;
    }
    in->good[ordinal] = 1;
    return STATUS_OK;
}

/* Put the answer of header column `f` in the long layout's item and value slots; 0 when blank. */
static int wide_cell(const struct ingest *in, const struct csv_record *rec, size_t f, struct values *v)
{
    const char *p = rec->fields[f].p;
    size_t n = rec->fields[f].len;
    const char *code;

    if (in->item_cols[f] < 0)
        return 0;
    trim(&p, &n);
    if (n == 0)
        return 0;
    code = in->look.item_info[in->item_cols[f]].code;
    v->text[5] = code;
    v->len[5] = strlen(code);
    v->text[6] = p;
    v->len[6] = n;
    return 1;
}

/* One row for COPY: each column, a datetime as its text and its date part, then its line. */
static void copy_row(struct ingest *in, const struct values *v, long line)
{
    struct buf *b = &in->copy;

    for (int k = 0; k < in->spec->ncolumns; k++) {
        if (k > 0)
            buf_putc(b, '\t');
        /* A blank true/false cell is false (items.reverse), not NULL. */
        if (in->spec->columns[k].type == COL_BOOL && v->text[k] == NULL)
            copy_value(b, "false", 5);
        else
            copy_value(b, v->text[k], v->len[k]);
        if (in->spec->columns[k].type == COL_DATETIME) {
            buf_putc(b, '\t');
            copy_date(b, v->date[k]);
        }
    }
    /* The line number, written by hand: printf's machinery costs more than the rest of the row. */
    {
        char digits[24];
        size_t n = 0;
        unsigned long v = (unsigned long)line;

        do {
            digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
            v /= 10;
        } while (v > 0 && n < sizeof digits - 1);
        digits[sizeof digits - 1 - n++] = '\t';
        buf_append(b, digits + sizeof digits - n, n);
        buf_putc(b, '\n');
    }
}

/*
 * Check one data record: quarantine it, or send its rows to COPY at once
 * and offer them for their keys (a row a later line replaces is withdrawn
 * after the COPY).
 */
static int record_check(struct ingest *in, long ordinal, const struct csv_record *rec)
{
    struct values v;
    int ncols = in->opt->wide ? WIDE_FIXED : in->spec->ncolumns;
    int count = 0;
    int st = STATUS_OK;

    in->rows++;
    buf_reset(&in->reasons);
    if (rec->error != NULL && rec->error_field > 0 && rec->error_field <= in->header_fields) {
        /* Name the column the over-long field is in. */
        buf_printf(&in->reasons, "%s (column %s)", rec->error, in->header_names[rec->error_field - 1]);
        return quarantine_row(in, rec->line, rec->raw, rec->raw_len, buf_str(&in->reasons));
    }
    if (rec->error != NULL)
        return quarantine_row(in, rec->line, rec->raw, rec->raw_len, rec->error);
    if (rec->nfields != in->header_fields) {
        buf_printf(&in->reasons, "has %zu field%s, the header has %zu", rec->nfields,
                   rec->nfields == 1 ? "" : "s", in->header_fields);
        return quarantine_row(in, rec->line, rec->raw, rec->raw_len, buf_str(&in->reasons));
    }
    memset(&v, 0, sizeof v);
    values_take(in, rec, &v, ncols);
    for (int k = 0; k < ncols; k++)
        check_value(in, &count, &in->spec->columns[k], &v, k);
    check_kind(in, &count, &v);
    if (in->opt->wide)
        wide_check(in, &count, rec);
    if (count > REASONS_MAX)
        buf_printf(&in->reasons, "; and %d more problem%s", count - REASONS_MAX, count - REASONS_MAX > 1 ? "s" : "");
    if (count > 0)
        return quarantine_row(in, rec->line, rec->raw, rec->raw_len, buf_str(&in->reasons));
    in->good_rows++;
    if (in->opt->strict)
        st = good_mark(in, ordinal);
    if (!in->opt->wide) {
        copy_row(in, &v, rec->line);
        if (st == STATUS_OK)
            st = candidate_offer(in, rec->line, -1, &v);
    }
    for (size_t f = 0; in->opt->wide && f < rec->nfields && st == STATUS_OK; f++) {
        if (wide_cell(in, rec, f, &v)) {
            copy_row(in, &v, rec->line);
            st = candidate_offer(in, rec->line, (int)f, &v);
        }
    }
    return st == STATUS_OK ? flush_copy(in, 0) : st;
}

/* Read every data record of `r` once, after the header. */
static int ingest_pass(struct ingest *in, struct csv_reader *r, struct progress *progress)
{
    struct csv_record rec;
    long ordinal = 0;
    int st;

    while ((st = csv_next(r, &rec)) == STATUS_OK) {
        st = record_check(in, ++ordinal, &rec);
        if (st == STATUS_OK && ordinal == 4096) {
            size_t done, size;

            /* Size the map of keys for the whole file from its first rows, rather than grow it over and over. */
            csv_extent(r, &done, &size);
            if (done > 0)
                st = map_reserve(&in->winners, (size_t)((double)size / (double)done * 4096 * 1.05));
        }
        if (st != STATUS_OK)
            return st;
        progress_update(progress, ordinal);
    }
    return st == STATUS_EMPTY ? STATUS_OK : st;
}

/* --strict with bad rows: the good rows go to the quarantine too, so that none is lost. */
static int hold_back_good_rows(struct ingest *in, struct csv_reader *r)
{
    struct csv_record rec;
    long ordinal = 0;
    int st;

    csv_rewind(r);
    st = csv_next(r, &rec);  /* the header */
    while (st == STATUS_OK && (st = csv_next(r, &rec)) == STATUS_OK) {
        ordinal++;
        if ((size_t)ordinal < in->good_cap && in->good[ordinal])
            st = spool_bad(in, in->bad, rec.line, rec.raw, rec.raw_len,
                           "held back by --strict: this file has bad rows (fix them and ingest the file again)");
    }
    return st == STATUS_EMPTY ? STATUS_OK : st;
}

/* Append a PostgreSQL array element in double quotes. */
static void array_text(struct buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

/* Withdraw the rows that a later line of the file replaced, by their line (and item, wide). */
static int drop_losers(struct ingest *in, int direct)
{
    struct buf sql = { 0 }, lines = { 0 }, items = { 0 };
    const char *params[2] = { NULL, NULL };
    char section[32];
    int wide = in->opt->wide;
    int st;

    buf_putc(&lines, '{');
    buf_putc(&items, '{');
    for (size_t i = 0; i < in->nlosers; i++) {
        buf_printf(&lines, "%s%ld", i ? "," : "", in->losers[i].line);
        if (wide) {
            buf_puts(&items, i ? "," : "");
            array_text(&items, in->look.item_info[in->item_cols[in->losers[i].column]].code);
        }
    }
    buf_putc(&lines, '}');
    st = buf_putc(&items, '}');
    params[0] = buf_str(&lines);
    params[1] = buf_str(&items);
    str_fmt(section, sizeof section, "drop_%s%s", direct ? "direct" : "stage", wide ? "_wide" : "");
    if (st == STATUS_OK)
        st = sql_section(in->spec->sql, section, &sql);
    if (st == STATUS_OK)
        st = db_query(in->db, "withdraw the rows later lines replaced", buf_str(&sql), wide ? 2 : 1, params, NULL);
    buf_free(&sql);
    buf_free(&lines);
    buf_free(&items);
    return st;
}

/* Run one section of the kind's SQL file as a command. */
static int ingest_sql(struct ingest *in, const char *section, const char *what)
{
    struct buf sql = { 0 };
    int st = sql_section(in->spec->sql, section, &sql);

    if (st == STATUS_OK)
        st = db_exec(in->db, what, buf_str(&sql));
    buf_free(&sql);
    return st;
}

/* Send the quarantine spool to the quarantine table. */
static int quarantine_store(struct ingest *in)
{
    struct buf sql = { 0 };
    char chunk[65536];
    size_t n;
    int st;

    if (fflush(in->bad) != 0 || fseek(in->bad, 0, SEEK_SET) != 0)
        return err_set(STATUS_IO, "%s: read back the quarantine spool: %s", in->path, strerror(errno));
    st = sql_section("ingest/quarantine.sql", "copy", &sql);
    if (st == STATUS_OK)
        st = db_copy_begin(in->db, "store the quarantined rows", buf_str(&sql));
    buf_free(&sql);
    if (st != STATUS_OK)
        return st;
    while (st == STATUS_OK && (n = fread(chunk, 1, sizeof chunk, in->bad)) > 0)
        st = db_copy_put(in->db, chunk, n);
    if (st == STATUS_OK && ferror(in->bad))
        st = err_set(STATUS_IO, "%s: read back the quarantine spool: %s", in->path, strerror(errno));
    if (st != STATUS_OK) {
        db_copy_end(in->db);
        return st;
    }
    return db_copy_end(in->db);
}

/* Record the ingest in the ingest log: its id goes with every quarantined row. */
static int ingest_begin(struct ingest *in)
{
    struct buf sql = { 0 };
    struct db_result *r = NULL;
    const char *params[3] = { in->spec->name, in->path, in->opt->strict ? "true" : "false" };
    int st = sql_section("ingest/quarantine.sql", "start", &sql);

    if (st == STATUS_OK)
        st = db_query(in->db, "record the ingest", buf_str(&sql), 3, params, &r);
    if (st == STATUS_OK)
        str_copy(in->ingest_id, sizeof in->ingest_id, db_result_get(r, 0, 0));
    db_result_free(r);
    buf_free(&sql);
    return st;
}

/* Lock the table and say whether it is empty. */
static int ingest_lock(struct ingest *in, int *empty)
{
    struct buf sql = { 0 };
    struct db_result *r = NULL;
    int st = ingest_sql(in, "lock", "lock the table");

    *empty = 0;
    if (st == STATUS_OK)
        st = sql_section(in->spec->sql, "empty", &sql);
    if (st == STATUS_OK)
        st = db_query(in->db, "look at the table", buf_str(&sql), 0, NULL, &r);
    if (st == STATUS_OK)
        *empty = strcmp(db_result_get(r, 0, 0), "t") == 0;
    db_result_free(r);
    buf_free(&sql);
    return st;
}

static int ingest_finish(struct ingest *in, const struct ingest_result *res)
{
    struct buf sql = { 0 };
    char rows[24], loaded[24], quarantined[24];
    const char *params[4] = { in->ingest_id, rows, loaded, quarantined };
    int st = STATUS_OK;

    if (res->quarantined > 0)
        st = quarantine_store(in);
    str_fmt(rows, sizeof rows, "%ld", res->rows);
    str_fmt(loaded, sizeof loaded, "%ld", res->loaded);
    str_fmt(quarantined, sizeof quarantined, "%ld", res->quarantined);
    if (st == STATUS_OK)
        st = sql_section("ingest/quarantine.sql", "finish", &sql);
    if (st == STATUS_OK)
        st = db_query(in->db, "record the ingest", buf_str(&sql), 4, params, NULL);
    buf_free(&sql);
    return st;
}

/*
 * The load, in the file's transaction: an empty table takes the rows
 * straight from COPY, as they are read; a table with rows (or any --strict
 * load) takes them through a staging table and a merge (sql/ingest/KIND.sql).
 */
static int ingest_load(struct ingest *in, struct csv_reader *r, struct progress *progress,
                       struct ingest_result *res)
{
    struct buf sql = { 0 };
    int empty = 0, direct;
    int st;

    st = ingest_lock(in, &empty);
    if (st != STATUS_OK)
        return st;
    direct = empty && !in->opt->strict;
    if (!direct)
        st = ingest_sql(in, "stage", "create the staging table");
    if (st == STATUS_OK)
        st = sql_section(in->spec->sql, direct ? "copy_direct" : "copy_stage", &sql);
    if (st == STATUS_OK)
        st = db_copy_begin(in->db, "load the rows", buf_str(&sql));
    buf_free(&sql);
    if (st != STATUS_OK)
        return st;
    st = ingest_pass(in, r, progress);
    if (st == STATUS_OK)
        st = flush_copy(in, 1);
    if (st != STATUS_OK) {
        db_copy_end(in->db);
        return st;
    }
    st = db_copy_end(in->db);
    if (st != STATUS_OK)
        return st;
    in->held_back = in->opt->strict && in->good_rows < in->rows;
    res->rows = in->rows;
    res->loaded = in->held_back ? 0 : in->good_rows;
    res->quarantined = in->rows - res->loaded;
    /* --strict with a bad row: the staged rows are dropped with the transaction, none merged. */
    if (in->held_back)
        st = hold_back_good_rows(in, r);
    else if (in->nlosers > 0)
        st = drop_losers(in, direct);
    if (st == STATUS_OK && !direct && !in->held_back)
        st = ingest_sql(in, "merge", "merge the rows into the table");
    if (st == STATUS_OK)
        st = ingest_finish(in, res);
    return st;
}

int ingest_file(struct db *db, enum ingest_kind kind, const char *path,
                const struct ingest_options *opt, FILE *log, struct ingest_result *res)
{
    struct ingest in;
    struct csv_reader *r = NULL;
    struct progress progress;
    int in_tx = 0;
    int st;

    memset(&in, 0, sizeof in);
    memset(res, 0, sizeof *res);
    in.spec = &KINDS[kind];
    in.kind = kind;
    in.path = path;
    in.opt = opt;
    in.log = log;
    in.db = db;
    progress_begin(&progress, opt->progress, path, "rows");
    if (opt->wide && kind != KIND_RESPONSES) {
        st = err_set(STATUS_USAGE, "--wide is for responses only");
        goto out;
    }
    st = csv_open(path, &r);
    if (st != STATUS_OK)
        goto out;
    if (csv_looks_binary(r)) {
        st = err_set(STATUS_USAGE, "%s: not a text file (it holds NUL bytes): give a UTF-8 CSV file", path);
        goto out;
    }
    st = lookups_load(db, kind, opt->wide, &in.look);
    if (st == STATUS_OK)
        st = header_read(&in, r);
    if (st != STATUS_OK)
        goto out;
    in.bad = tmpfile();
    if (in.bad == NULL) {
        st = err_set(STATUS_IO, "%s: cannot create a temporary file: %s", path, strerror(errno));
        goto out;
    }
    st = db_begin(db);
    if (st != STATUS_OK)
        goto out;
    in_tx = 1;
    st = ingest_begin(&in);
    if (st != STATUS_OK)
        goto out;
    st = ingest_load(&in, r, &progress, res);
    if (st != STATUS_OK)
        goto out;
    st = db_commit(db);
    in_tx = 0;
    if (st == STATUS_OK && log && in.listed < in.rows - in.good_rows)
        fprintf(log, "%s: %ld more quarantined rows not listed (see flipside quarantine --file %s)\n",
                path, in.rows - in.good_rows - in.listed, path);
    if (st == STATUS_OK && log && in.held_back && in.good_rows > 0)
        fprintf(log, "%s: --strict: the file has bad rows, so its %ld good rows were not loaded either "
                "(they are in the quarantine)\n", path, in.good_rows);
out:
    progress_end(&progress);
    if (in_tx)
        db_rollback(db);
    if (st != STATUS_OK)
        memset(res, 0, sizeof *res);
    if (in.bad)
        fclose(in.bad);
    csv_close(r);
    lookups_free(&in.look);
    map_free(&in.winners);
    free(in.cand);
    free(in.losers);
    free(in.good);
    free(in.item_cols);
    for (size_t i = 0; in.header_names && i < in.header_fields; i++)
        free(in.header_names[i]);
    free(in.header_names);
    buf_free(&in.copy);
    buf_free(&in.reasons);
    buf_free(&in.key);
    buf_free(&in.scratch);
    return st;
}
