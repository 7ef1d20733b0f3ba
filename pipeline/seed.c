#include "pipeline/seed.h"
#include "common/buf.h"
#include "common/date.h"
#include "common/status.h"
#include "common/str.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const SEED_FILES[] = {
    "people.csv", "cohorts.csv", "items.csv", "participants.csv", "pairs.csv",
    "sessions.csv", "responses.csv", NULL
};

enum { F_PEOPLE, F_COHORTS, F_ITEMS, F_PARTICIPANTS, F_PAIRS, F_SESSIONS, F_RESPONSES, F_COUNT };

#define PROGRAMME "RM"
#define NCOHORTS 5
#define NO_DATE INT32_MAX

/* ---- A small deterministic generator (xoshiro256**, seeded by splitmix64) ------------------ */

struct rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_init(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform on [0, 1). */
static double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform on 0..n-1. */
static int rng_int(struct rng *r, int n)
{
    return (int)(rng_unit(r) * n);
}

static int rng_chance(struct rng *r, double p)
{
    return rng_unit(r) < p;
}

static double rng_normal(struct rng *r, double mean, double sd)
{
    double u = 1.0 - rng_unit(r);
    double v = rng_unit(r);

    return mean + sd * sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* Exponential waiting time in days for an annual rate. */
static double rng_exp_days(struct rng *r, double annual_rate)
{
    return -log(1.0 - rng_unit(r)) / annual_rate * 365.25;
}

/* Index drawn with the given weights (which need not sum to 1). */
static int rng_pick(struct rng *r, const double *w, int n)
{
    double total = 0, x;

    for (int i = 0; i < n; i++)
        total += w[i];
    x = rng_unit(r) * total;
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* ---- The world ------------------------------------------------------------------------------ */

static const char *const ORGS[] = { "northwind", "muellerschoen" };
static const double ORG_W[] = { 0.72, 0.28 };
static const char *const DEPTS[] = { "Technology", "Finance", "Operations", "Marketing & Communications",
                                     "People & Culture", "Legal", "Sales", "Forschung & Entwicklung" };
static const double DEPT_W[] = { 18, 12, 22, 9, 6, 4, 19, 10 };
static const char *const GENDERS[] = { "Woman", "Man", "Non-binary", "" };
static const double GENDER_W[] = { 47, 49.5, 1.2, 2.3 };
static const char *const ETHNICITIES[] = { "White", "Asian", "Black", "Mixed", "Other", "" };
static const double ETHNICITY_W[] = { 69, 12.5, 7, 4, 2, 5.5 };
static const char *const AGES[] = { "16-24", "25-34", "35-44", "45-54", "55+" };
static const char *const NETWORKS[] = { "", "Women's Network", "Race Equality Network", "Pride Network",
                                        "Parents Network", "Disability Network" };
static const double NETWORK_W[] = { 79, 7.5, 6, 3, 3, 1.5 };
static const double GRADE_W[] = { 20, 20, 18, 15, 12, 9, 6 };             /* G1..G7 */
static const double LEAVE_RATE[] = { 0.19, 0.16, 0.13, 0.11, 0.09, 0.08, 0.07 };
static const char *const CHANNELS[] = { "video", "in_person", "phone", "chat", "other", "" };
static const double CHANNEL_W[] = { 50, 30, 9, 7, 1, 3 };
static const char *const TOPICS[] = { "AI tools", "social media", "LinkedIn", "inclusion", "hybrid work",
                                      "Gen Z culture", "data literacy", "cybersecurity", "TikTok",
                                      "accessibility", "podcasts", "allyship" };

struct item {
    const char *code;
    const char *construct;
    int min, max;
    int reverse;
    const char *text;
    double offset;  /* how hard the item is, on the latent scale */
};

static const struct item ITEMS[] = {
    { "conf_ai", "confidence", 1, 5, 0, "I feel confident using AI tools in my work", -0.3 },
    { "conf_social", "confidence", 1, 5, 0, "I can use social media to engage colleagues and customers", -0.2 },
    { "conf_digital", "confidence", 1, 5, 0, "I keep up with the digital tools my teams use", 0.0 },
    { "conf_genz", "confidence", 1, 5, 0, "I understand what younger colleagues expect from work", 0.1 },
    { "conf_inclusion", "confidence", 1, 5, 0, "I feel able to talk about race and inclusion with my team", -0.1 },
    { "conf_hybrid", "confidence", 1, 5, 0, "I am comfortable leading hybrid teams", 0.3 },
    { "conf_feedback", "confidence", 1, 5, 0, "I ask junior colleagues for feedback", 0.0 },
    { "conf_outoftouch", "confidence", 1, 5, 1, "I worry about looking out of touch with technology", 0.0 },
    { "sat_overall", "satisfaction", 1, 5, 0, "Overall, I am satisfied with the programme", 0.0 },
    { "sat_match", "satisfaction", 1, 5, 0, "My mentoring partner was a good match for me", 0.1 },
    { "sat_time", "satisfaction", 1, 5, 0, "The time I gave to the programme was worth it", -0.2 },
    { "nps", "nps", 0, 10, 0, "How likely are you to recommend the programme to a colleague?", 0.0 },
};
enum { NITEMS = sizeof ITEMS / sizeof *ITEMS, NCONF = 8 };

struct person {
    int32_t hired;
    int32_t left;        /* NO_DATE while employed */
    uint8_t grade;       /* 0..6 for G1..G7 */
    uint8_t org, dept, gender, ethnicity, age, network;
    uint8_t reason;      /* index into REASONS when left */
    int8_t cohort;       /* first cohort joined, or -1 */
};

static const char *const REASONS[] = { "voluntary", "involuntary", "retirement", "other" };

struct cohort {
    const char *code;
    const char *kind;
    const char *name;
    int32_t starts;
    int32_t ends;
    int pairs;
    double satisfaction;  /* mean of the latent satisfaction */
};

struct pair {
    int mentor, mentee;   /* person indices */
    int cohort;
    int32_t matched;
    int32_t ended;        /* NO_DATE when open */
};

struct world {
    struct rng rng;
    const struct seed_options *opt;
    struct person *people;
    int npeople;
    struct cohort cohorts[NCOHORTS];
    struct pair *pairs;
    int npairs;
    FILE *out[F_COUNT];
    long rows[F_COUNT];
    struct buf line;
};

/* ---- CSV writing ---------------------------------------------------------------------------- */

static void csv_date(struct buf *b, int32_t d)
{
    char text[DATE_TEXT_SIZE];

    if (d == NO_DATE)
        return;
    date_format(d, text);
    buf_puts(b, text);
}

/* Write the fields of `w->line` as one line of file `f`. */
static int emit(struct world *w, int f)
{
    buf_putc(&w->line, '\n');
    if (fwrite(w->line.data, 1, w->line.len, w->out[f]) != w->line.len)
        return err_set(STATUS_IO, "write %s: %s", SEED_FILES[f], strerror(errno));
    buf_reset(&w->line);
    w->rows[f]++;
    return STATUS_OK;
}

static void person_ref(char *out, size_t size, int i)
{
    str_fmt(out, size, "E%06d", i + 1);
}

/* ---- The roster ----------------------------------------------------------------------------- */

static int age_for_grade(struct rng *r, int grade)
{
    /* Junior grades are young, senior grades older. */
    double centre = 0.6 + grade * 0.52 + rng_normal(r, 0, 0.7);
    int age = (int)lround(centre);

    return age < 0 ? 0 : age > 4 ? 4 : age;
}

static void roster_make(struct world *w)
{
    int32_t anchor = w->opt->anchor;
    int32_t first = anchor - (int32_t)(15 * 365.25);

    for (int i = 0; i < w->npeople; i++) {
        struct person *p = &w->people[i];
        double u = rng_unit(&w->rng);
        double rate;

        memset(p, 0, sizeof *p);
        /* More hires in recent years: the organisation grows. */
        p->hired = first + (int32_t)((anchor - first) * sqrt(u));
        p->grade = (uint8_t)rng_pick(&w->rng, GRADE_W, 7);
        p->org = (uint8_t)rng_pick(&w->rng, ORG_W, 2);
        p->dept = (uint8_t)rng_pick(&w->rng, DEPT_W, p->org == 1 ? 8 : 7);
        p->gender = (uint8_t)rng_pick(&w->rng, GENDER_W, 4);
        p->ethnicity = (uint8_t)rng_pick(&w->rng, ETHNICITY_W, 6);
        p->age = (uint8_t)age_for_grade(&w->rng, p->grade);
        p->network = (uint8_t)rng_pick(&w->rng, NETWORK_W, 6);
        p->cohort = -1;
        rate = LEAVE_RATE[p->grade] + (p->age == 4 ? 0.06 : 0);
        p->left = p->hired + 1 + (int32_t)rng_exp_days(&w->rng, rate);
    }
}

/* Why someone left: retirement is for the over-55s. */
static uint8_t leave_reason(struct rng *r, const struct person *p)
{
    static const double young[] = { 74, 17, 0, 9 };
    static const double old[] = { 35, 10, 50, 5 };

    return (uint8_t)rng_pick(r, p->age == 4 ? old : young, 4);
}

static int roster_write(struct world *w)
{
    char ref[16];
    int st = STATUS_OK;

    buf_puts(&w->line, "person_ref,org,department,grade,gender,ethnicity,age_band,network,hired_on,left_on,leave_reason");
    st = emit(w, F_PEOPLE);
    w->rows[F_PEOPLE] = 0;
    for (int i = 0; i < w->npeople && st == STATUS_OK; i++) {
        struct person *p = &w->people[i];
        int left = p->left <= w->opt->anchor;

        person_ref(ref, sizeof ref, i);
        buf_printf(&w->line, "%s,%s,", ref, ORGS[p->org]);
        buf_csv_field(&w->line, DEPTS[p->dept]);
        buf_printf(&w->line, ",G%d,%s,%s,%s,", p->grade + 1, GENDERS[p->gender], ETHNICITIES[p->ethnicity],
                   AGES[p->age]);
        buf_csv_field(&w->line, NETWORKS[p->network]);
        buf_putc(&w->line, ',');
        csv_date(&w->line, p->hired);
        buf_putc(&w->line, ',');
        if (left) {
            csv_date(&w->line, p->left);
            buf_printf(&w->line, ",%s", REASONS[p->reason]);
        } else {
            buf_putc(&w->line, ',');
        }
        st = emit(w, F_PEOPLE);
    }
    if (st == STATUS_OK && w->opt->bad_rows) {
        /* An HR export typo: the 30th of February. */
        buf_puts(&w->line, "E900001,northwind,Finance,G4,Woman,White,35-44,,2019-02-30,,");
        st = emit(w, F_PEOPLE);
    }
    return st;
}

/* ---- Cohorts, participants and pairs -------------------------------------------------------- */

static void cohorts_make(struct world *w)
{
    static const int demo_pairs[NCOHORTS] = { 24, 40, 50, 60, 70 };
    static const int large_pairs[NCOHORTS] = { 2000, 4500, 4500, 4500, 4500 };
    static const int start_months[NCOHORTS] = { -30, -24, -18, -12, -6 };
    static const char *const codes[NCOHORTS] = { "P1", "F1", "F2", "F3", "F4" };
    static const char *const names[NCOHORTS] = {
        "Pilot \xe2\x80\x93 Digital & Culture", "Cohort 1 \xe2\x80\x93 Spring", "Cohort 2 \xe2\x80\x93 Autumn",
        "Cohort 3 \xe2\x80\x93 Spring", "Cohort 4 \xe2\x80\x93 Autumn"
    };
    int32_t next_quarter = w->opt->anchor + 1;

    for (int c = 0; c < NCOHORTS; c++) {
        struct cohort *k = &w->cohorts[c];

        k->code = codes[c];
        k->kind = c == 0 ? "pilot" : "full";
        k->name = names[c];
        k->starts = date_add_months(next_quarter, start_months[c]);
        k->ends = date_add_months(k->starts, c == 0 ? 9 : 12) - 1;
        k->pairs = w->opt->scale == SEED_LARGE ? large_pairs[c] : demo_pairs[c];
        /* The pilot's hand-picked pairs were a little happier than the full-scale ones. */
        k->satisfaction = c == 0 ? 4.25 : 4.0 - 0.04 * c;
    }
}

static int employed_on(const struct person *p, int32_t day)
{
    return p->hired <= day && p->left > day;
}

/*
 * Pick `n` people employed 90 days before `start` whose grade is in
 * [lo, hi] and who have not taken part yet (a few repeat: mentees who come
 * back for a second round), in a random order.
 */
static int pick_people(struct world *w, int *order, int lo, int hi, int32_t start, int n, int *picked)
{
    int got = 0;

    for (int i = w->npeople - 1; i > 0; i--) {
        int j = rng_int(&w->rng, i + 1);
        int t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < w->npeople && got < n; i++) {
        struct person *p = &w->people[order[i]];
        int repeat = p->cohort >= 0 && lo >= 4 && rng_chance(&w->rng, 0.03);

        if (p->grade < lo || p->grade > hi || !employed_on(p, start) || p->hired > start - 90)
            continue;
        if (p->cohort >= 0 && !repeat)
            continue;
        picked[got++] = order[i];
    }
    return got;
}

static int participants_make(struct world *w)
{
    int *order = malloc((size_t)w->npeople * sizeof *order);
    int *mentors = NULL, *mentees = NULL;
    int total = 0, st = STATUS_OK;

    for (int c = 0; c < NCOHORTS; c++)
        total += w->cohorts[c].pairs;
    w->pairs = calloc((size_t)total, sizeof *w->pairs);
    mentors = malloc((size_t)total * sizeof *mentors);
    mentees = malloc((size_t)total * sizeof *mentees);
    if (order == NULL || w->pairs == NULL || mentors == NULL || mentees == NULL) {
        st = err_set(STATUS_NOMEM, "seed: out of memory");
        goto out;
    }
    for (int i = 0; i < w->npeople; i++)
        order[i] = i;
    for (int c = 0; c < NCOHORTS; c++) {
        struct cohort *k = &w->cohorts[c];
        int n = k->pairs;
        int a = pick_people(w, order, 0, 2, k->starts, n, mentors);
        int b = pick_people(w, order, 4, 6, k->starts, n, mentees);

        n = a < b ? a : b;
        for (int i = 0; i < n; i++) {
            int who[2] = { mentors[i], mentees[i] };
            struct pair *pr = &w->pairs[w->npairs++];
            int32_t enrolled[2];

            for (int r = 0; r < 2; r++) {
                struct person *p = &w->people[who[r]];

                enrolled[r] = k->starts + rng_int(&w->rng, 15);
                if (p->cohort < 0) {
                    /* Taking part: from enrolment on, leaving is about a quarter less likely. */
                    double rate = (LEAVE_RATE[p->grade] + (p->age == 4 ? 0.06 : 0)) * (r == 0 ? 0.78 : 0.72);

                    p->cohort = (int8_t)c;
                    if (p->left > enrolled[r])
                        p->left = enrolled[r] + (int32_t)rng_exp_days(&w->rng, rate);
                }
            }
            pr->mentor = who[0];
            pr->mentee = who[1];
            pr->cohort = c;
            pr->matched = (enrolled[0] > enrolled[1] ? enrolled[0] : enrolled[1]) + rng_int(&w->rng, 10);
            pr->ended = NO_DATE;
            if (rng_chance(&w->rng, 0.1))
                pr->ended = pr->matched + 60 + rng_int(&w->rng, 140);
            else if (k->ends <= w->opt->anchor)
                pr->ended = k->ends;
            if (pr->ended > w->opt->anchor)
                pr->ended = NO_DATE;
            /* A pair ends when either partner leaves. */
            for (int r = 0; r < 2; r++) {
                int32_t left = w->people[who[r]].left;

                if (left <= w->opt->anchor && left >= pr->matched && left < pr->ended)
                    pr->ended = left;
            }
        }
    }
    for (int i = 0; i < w->npeople; i++)
        w->people[i].reason = leave_reason(&w->rng, &w->people[i]);
out:
    free(order);
    free(mentors);
    free(mentees);
    return st;
}

static int cohorts_write(struct world *w)
{
    int st;

    buf_puts(&w->line, "programme,cohort,kind,starts_on,ends_on,name");
    st = emit(w, F_COHORTS);
    w->rows[F_COHORTS] = 0;
    for (int c = 0; c < NCOHORTS && st == STATUS_OK; c++) {
        const struct cohort *k = &w->cohorts[c];

        buf_printf(&w->line, "%s,%s,%s,", PROGRAMME, k->code, k->kind);
        csv_date(&w->line, k->starts);
        buf_putc(&w->line, ',');
        csv_date(&w->line, k->ends);
        buf_putc(&w->line, ',');
        buf_csv_field(&w->line, k->name);
        st = emit(w, F_COHORTS);
    }
    return st;
}

static int items_write(struct world *w)
{
    int st;

    buf_puts(&w->line, "item,construct,scale_min,scale_max,reverse,text");
    st = emit(w, F_ITEMS);
    w->rows[F_ITEMS] = 0;
    for (int i = 0; i < NITEMS && st == STATUS_OK; i++) {
        buf_printf(&w->line, "%s,%s,%d,%d,%s,", ITEMS[i].code, ITEMS[i].construct, ITEMS[i].min, ITEMS[i].max,
                   ITEMS[i].reverse ? "true" : "false");
        buf_csv_field(&w->line, ITEMS[i].text);
        st = emit(w, F_ITEMS);
    }
    return st;
}

static int participants_write(struct world *w)
{
    char ref[16];
    int st;

    buf_puts(&w->line, "programme,cohort,person_ref,role,enrolled_on,withdrew_on");
    st = emit(w, F_PARTICIPANTS);
    w->rows[F_PARTICIPANTS] = 0;
    for (int i = 0; i < w->npairs && st == STATUS_OK; i++) {
        const struct pair *pr = &w->pairs[i];
        const struct cohort *k = &w->cohorts[pr->cohort];

        for (int r = 0; r < 2 && st == STATUS_OK; r++) {
            int32_t enrolled = pr->matched - rng_int(&w->rng, 5);
            int32_t withdrew = NO_DATE;

            if (enrolled < k->starts)
                enrolled = k->starts;
            if (rng_chance(&w->rng, 0.05))
                withdrew = enrolled + 30 + rng_int(&w->rng, 150);
            if (withdrew > w->opt->anchor)
                withdrew = NO_DATE;
            person_ref(ref, sizeof ref, r == 0 ? pr->mentor : pr->mentee);
            buf_printf(&w->line, "%s,%s,%s,%s,", PROGRAMME, k->code, ref, r == 0 ? "mentor" : "mentee");
            csv_date(&w->line, enrolled);
            buf_putc(&w->line, ',');
            csv_date(&w->line, withdrew);
            st = emit(w, F_PARTICIPANTS);
        }
    }
    return st;
}

static int pairs_write(struct world *w)
{
    char a[16], b[16];
    int st;

    buf_puts(&w->line, "programme,cohort,mentor_ref,mentee_ref,matched_on,ended_on");
    st = emit(w, F_PAIRS);
    w->rows[F_PAIRS] = 0;
    for (int i = 0; i < w->npairs && st == STATUS_OK; i++) {
        const struct pair *pr = &w->pairs[i];

        person_ref(a, sizeof a, pr->mentor);
        person_ref(b, sizeof b, pr->mentee);
        buf_printf(&w->line, "%s,%s,%s,%s,", PROGRAMME, w->cohorts[pr->cohort].code, a, b);
        csv_date(&w->line, pr->matched);
        buf_putc(&w->line, ',');
        csv_date(&w->line, pr->ended);
        st = emit(w, F_PAIRS);
    }
    return st;
}

/* ---- Sessions ------------------------------------------------------------------------------- */

static void topics_field(struct world *w)
{
    int n = 1 + rng_int(&w->rng, 3);
    int used[3] = { -1, -1, -1 };

    if (rng_chance(&w->rng, 0.1))
        return;
    for (int i = 0; i < n; i++) {
        int t = rng_int(&w->rng, (int)(sizeof TOPICS / sizeof *TOPICS));

        if (t == used[0] || t == used[1])
            continue;
        used[i] = t;
        /* Survey tools are inconsistent about spaces after the separator. */
        buf_puts(&w->line, i == 0 ? "" : rng_chance(&w->rng, 0.5) ? "; " : ";");
        buf_puts(&w->line, TOPICS[t]);
    }
}

static int session_write(struct world *w, const struct pair *pr, int32_t day, const char *status)
{
    static const int durations[] = { 30, 45, 60, 90 };
    static const double duration_w[] = { 25, 30, 37, 8 };
    char a[16], b[16], date[DATE_TEXT_SIZE];

    person_ref(a, sizeof a, pr->mentor);
    person_ref(b, sizeof b, pr->mentee);
    date_format(day, date);
    buf_printf(&w->line, "%s,%s,%s,%s,%s", PROGRAMME, w->cohorts[pr->cohort].code, a, b, date);
    if (rng_chance(&w->rng, 0.6))
        buf_printf(&w->line, "T%02d:%02d:00", 8 + rng_int(&w->rng, 10), rng_chance(&w->rng, 0.5) ? 0 : 30);
    buf_putc(&w->line, ',');
    if (strcmp(status, "held") == 0 && !rng_chance(&w->rng, 0.02))
        buf_printf(&w->line, "%d", durations[rng_pick(&w->rng, duration_w, 4)]);
    buf_printf(&w->line, ",%s,%s,", status, CHANNELS[rng_pick(&w->rng, CHANNEL_W, 6)]);
    topics_field(w);
    return emit(w, F_SESSIONS);
}

static int sessions_write(struct world *w)
{
    static const char *const statuses[] = { "held", "cancelled", "no_show" };
    static const double status_w[] = { 86, 9, 5 };
    int st;

    buf_puts(&w->line, "programme,cohort,mentor_ref,mentee_ref,held_on,duration_min,status,channel,topics");
    st = emit(w, F_SESSIONS);
    w->rows[F_SESSIONS] = 0;
    for (int i = 0; i < w->npairs && st == STATUS_OK; i++) {
        const struct pair *pr = &w->pairs[i];
        int32_t last = pr->ended < w->opt->anchor ? pr->ended : w->opt->anchor;
        int stall = rng_chance(&w->rng, 0.09) ? 1 + rng_int(&w->rng, 3) : -1;
        int held = 0;
        double pace = 5.5 + rng_unit(&w->rng) * 5;  /* days between sessions */

        for (int32_t day = pr->matched + rng_int(&w->rng, 10); day <= last && st == STATUS_OK;
             day += (int32_t)(pace * (0.6 + 0.8 * rng_unit(&w->rng))) + 1) {
            const char *status = statuses[rng_pick(&w->rng, status_w, 3)];

            if (stall >= 0 && held >= stall)
                break;
            held += strcmp(status, "held") == 0;
            st = session_write(w, pr, day, status);
        }
        /* Now and then the pair meets once more after the pair officially ended (SPEC rule 14). */
        if (st == STATUS_OK && pr->ended != NO_DATE && pr->ended + 5 <= w->opt->anchor && rng_chance(&w->rng, 0.01))
            st = session_write(w, pr, pr->ended + 5, "held");
    }
    if (st == STATUS_OK && w->opt->bad_rows && w->npairs > 1) {
        const struct pair *pr = &w->pairs[w->npairs - 1];
        char a[16], b[16], date[DATE_TEXT_SIZE];

        person_ref(a, sizeof a, pr->mentor);
        person_ref(b, sizeof b, pr->mentee);
        date_format(pr->matched + 20 <= w->opt->anchor ? pr->matched + 20 : pr->matched, date);
        /* A status typed by hand, and a negative duration. */
        buf_printf(&w->line, "%s,%s,%s,%s,%s,45,Held,video,", PROGRAMME, w->cohorts[pr->cohort].code, a, b, date);
        st = emit(w, F_SESSIONS);
        if (st == STATUS_OK) {
            buf_printf(&w->line, "%s,%s,%s,%s,%s,-15,held,phone,", PROGRAMME, w->cohorts[pr->cohort].code, a, b, date);
            st = emit(w, F_SESSIONS);
        }
    }
    return st;
}

/* ---- Surveys -------------------------------------------------------------------------------- */

enum wave { BASELINE, MIDPOINT, EXIT, FOLLOWUP };
static const char *const WAVES[] = { "baseline", "midpoint", "exit", "followup" };

static int clamp(long v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : (int)v;
}

/* One submission of one person in one wave: every item the wave asks, some skipped. */
static int submission_write(struct world *w, const char *cohort, const char *ref, enum wave wave,
                            int32_t day, const char *time, double confidence, double satisfaction)
{
    char date[DATE_TEXT_SIZE];
    int st = STATUS_OK;

    date_format(day, date);
    for (int i = 0; i < NITEMS && st == STATUS_OK; i++) {
        const struct item *it = &ITEMS[i];
        /* Every item at every wave but the follow-up, which asks confidence only. */
        int asked = i < NCONF || wave != FOLLOWUP;
        double latent;
        int value;

        if (!asked || rng_chance(&w->rng, 0.03))
            continue;
        if (strcmp(it->construct, "nps") == 0) {
            value = clamp(lround(6.6 + 1.8 * (satisfaction - 3) + rng_normal(&w->rng, 0, 1.3)), 0, 10);
        } else {
            latent = (i < NCONF ? confidence - it->offset : satisfaction - it->offset) + rng_normal(&w->rng, 0, 0.65);
            value = clamp(lround(latent), it->min, it->max);
            if (it->reverse)
                value = it->min + it->max - value;
        }
        buf_printf(&w->line, "%s,%s,%s,%s,%s%s,%s,%d", PROGRAMME, cohort, WAVES[wave], ref, date, time, it->code, value);
        st = emit(w, F_RESPONSES);
    }
    return st;
}

static int responses_write(struct world *w)
{
    static const double rate[] = { 0.96, 0.9, 0.9, 0.6 };
    char ref[16], time[16];
    int st;

    buf_puts(&w->line, "programme,cohort,wave,person_ref,submitted_on,item,value");
    st = emit(w, F_RESPONSES);
    w->rows[F_RESPONSES] = 0;
    for (int i = 0; i < w->npairs && st == STATUS_OK; i++) {
        const struct pair *pr = &w->pairs[i];
        const struct cohort *k = &w->cohorts[pr->cohort];

        for (int r = 0; r < 2 && st == STATUS_OK; r++) {
            int who = r == 0 ? pr->mentor : pr->mentee;
            const struct person *p = &w->people[who];
            double base = rng_normal(&w->rng, r == 0 ? 3.4 : 2.9, 0.55);
            double gain = rng_normal(&w->rng, r == 0 ? 0.25 : 0.6, 0.35);
            double satisfaction = rng_normal(&w->rng, k->satisfaction, 0.6);
            int32_t when[4] = { pr->matched + rng_int(&w->rng, 14), k->starts + (k->ends - k->starts) / 2 + rng_int(&w->rng, 14),
                                k->ends - 20 + rng_int(&w->rng, 21), k->ends + 182 + rng_int(&w->rng, 21) };
            double share[4] = { 0, 0.5, 1, 0.8 };

            person_ref(ref, sizeof ref, who);
            for (int v = BASELINE; v <= FOLLOWUP && st == STATUS_OK; v++) {
                if (when[v] > w->opt->anchor || when[v] >= p->left || !rng_chance(&w->rng, rate[v]))
                    continue;
                time[0] = '\0';
                if (rng_chance(&w->rng, 0.7))
                    str_fmt(time, sizeof time, " %02d:%02d:%02d", 7 + rng_int(&w->rng, 14), rng_int(&w->rng, 60),
                            rng_int(&w->rng, 60));
                /* A few people submit twice: the later submission is the one that counts. */
                if (rng_chance(&w->rng, 0.03))
                    st = submission_write(w, k->code, ref, (enum wave)v, when[v] - 1 - rng_int(&w->rng, 3), "",
                                          base + gain * share[v] - 0.5, satisfaction - 0.5);
                if (st == STATUS_OK)
                    st = submission_write(w, k->code, ref, (enum wave)v, when[v], time, base + gain * share[v],
                                          satisfaction);
            }
        }
    }
    if (st == STATUS_OK && w->opt->bad_rows && w->npairs > 0) {
        person_ref(ref, sizeof ref, w->pairs[0].mentee);
        buf_printf(&w->line, "%s,%s,exit,%s,", PROGRAMME, w->cohorts[0].code, ref);
        csv_date(&w->line, w->cohorts[0].ends + 3);
        buf_puts(&w->line, ",sat_overall,7");
        st = emit(w, F_RESPONSES);
    }
    return st;
}

/* ---- Putting it together -------------------------------------------------------------------- */

int seed_write_csv(const struct seed_options *opt, const char *dir, long *rows)
{
    struct world w;
    char path[4096];
    int st = STATUS_OK;

    memset(&w, 0, sizeof w);
    w.opt = opt;
    rng_init(&w.rng, opt->seed);
    w.npeople = opt->scale == SEED_LARGE ? 200000 : 4000;
    w.people = calloc((size_t)w.npeople, sizeof *w.people);
    if (w.people == NULL) {
        st = err_set(STATUS_NOMEM, "seed: out of memory");
        goto out;
    }
    for (int f = 0; f < F_COUNT; f++) {
        if (str_fmt(path, sizeof path, "%s/%s", dir, SEED_FILES[f]) != STATUS_OK) {
            st = err_set(STATUS_USAGE, "seed: the folder name %s is too long", dir);
            goto out;
        }
        w.out[f] = fopen(path, "w");
        if (w.out[f] == NULL) {
            st = err_set(STATUS_IO, "seed: create %s: %s", path, strerror(errno));
            goto out;
        }
    }
    roster_make(&w);
    cohorts_make(&w);
    st = participants_make(&w);
    if (st == STATUS_OK)
        st = roster_write(&w);
    if (st == STATUS_OK)
        st = cohorts_write(&w);
    if (st == STATUS_OK)
        st = items_write(&w);
    if (st == STATUS_OK)
        st = participants_write(&w);
    if (st == STATUS_OK)
        st = pairs_write(&w);
    if (st == STATUS_OK)
        st = sessions_write(&w);
    if (st == STATUS_OK)
        st = responses_write(&w);
out:
    for (int f = 0; f < F_COUNT; f++) {
        if (w.out[f] != NULL && fclose(w.out[f]) != 0 && st == STATUS_OK)
            st = err_set(STATUS_IO, "seed: write %s/%s: %s", dir, SEED_FILES[f], strerror(errno));
        if (rows)
            rows[f] = w.rows[f];
    }
    free(w.people);
    free(w.pairs);
    buf_free(&w.line);
    return st;
}
