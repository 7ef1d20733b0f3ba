/*
 * compute_quality.c: SPEC 3.6, data quality, and rules 32-33.
 */
#include "pipeline/compute.h"
#include "stats/prop.h"
#include "common/status.h"

#include <math.h>
#include <stdlib.h>

static const char *const KINDS[7] = { "people", "cohorts", "items", "participants", "pairs", "sessions", "responses" };

/* Whether the participant answered any item of the wave in the cohort of the participation. */
static int answered(const struct compute *cx, const struct participation *pa, int wave)
{
    int32_t key[2] = { pa->cohort, pa->person };
    int64_t slot;

    if (!map_get(&cx->m->slot_index, (const char *)key, sizeof key, &slot))
        return 0;
    return cx->m->slots[slot].first_answer[wave] <= cx->opt.as_of;
}

/*
 * quality.response_rate: the participants of the scope enrolled by the as-of
 * date (in "all", each person once, rule 3) and those who answered any item of
 * the wave; a wave nobody answered has no record (rule 32).
 */
static int response_rates(struct compute *cx, size_t c, const int32_t *first)
{
    const struct model *m = cx->m;
    long n = 0, events[NWAVES] = { 0 };
    int st = STATUS_OK;

    for (size_t k = 0; k < m->nparts; k++) {
        const struct participation *pa = &m->parts[k];

        if (c == cx->ncohorts ? first[pa->person] != (int32_t)k
                              : ((size_t)pa->cohort != c || pa->enrolled > cx->opt.as_of))
            continue;
        if (!compute_in_org(cx, pa->person))
            continue;
        n++;
        for (int w = 0; w < NWAVES; w++)
            events[w] += answered(cx, pa, w);
    }
    for (int w = 0; w < NWAVES && st == STATUS_OK; w++) {
        struct figure f = compute_figure(cx, "quality.response_rate", c, NULL, "all", "wave", WAVE_NAMES[w]);
        struct stats_interval iv;

        if (events[w] == 0)
            continue;
        f.n = (double)n;
        f.events = (double)events[w];
        if (stats_prop_wilson(events[w], n, &iv) == STATUS_OK) {
            f.estimate = iv.estimate;
            f.lower = iv.lower;
            f.upper = iv.upper;
        }
        st = compute_add(cx, &f, (double)n);
    }
    return st;
}

int compute_quality(struct compute *cx)
{
    int32_t *first = compute_earliest(cx);
    int st = first ? STATUS_OK : err_set(STATUS_NOMEM, "out of memory computing response rates");

    for (size_t c = 0; c <= cx->ncohorts && st == STATUS_OK; c++)
        st = response_rates(cx, c, first);
    free(first);
    /* Rows quarantined so far, every kind, zeros included (rule 33): about rows, never suppressed. */
    for (int k = 0; k < 7 && st == STATUS_OK; k++) {
        struct figure f = compute_figure(cx, "quality.quarantined", cx->ncohorts, NULL, "all", "kind", KINDS[k]);

        f.n = (double)cx->m->quarantined[k];
        st = compute_add(cx, &f, NAN);
    }
    return st;
}
