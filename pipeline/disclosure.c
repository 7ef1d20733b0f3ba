/*
 * disclosure.c: disclosure control over the table of figures (SPEC section 4,
 * rules 39-41).
 *
 * Primary: a figure about people whose people count is below min_cell is
 * suppressed. Secondary, one pass: within a breakdown (key, cohort, role,
 * dimension, versus, item, month) where exactly one group is suppressed, the
 * shown group with the smallest people count is suppressed too (ties: group
 * text in byte order), so that no count can be worked out from a total.
 * Figures about pairs and sessions carry no people count and are never
 * suppressed.
 */
#include "pipeline/compute.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int breakdown_cmp(const struct figure *a, const struct figure *b)
{
    int c;

    if ((c = strcmp(a->key, b->key)) != 0 || (c = strcmp(a->cohort, b->cohort)) != 0 ||
        (c = strcmp(a->role, b->role)) != 0 || (c = strcmp(a->dimension, b->dimension)) != 0 ||
        (c = strcmp(a->versus, b->versus)) != 0 || (c = strcmp(a->item, b->item)) != 0)
        return c;
    return strcmp(a->month, b->month);
}

static const struct figure *sort_rows;

static int index_cmp(const void *pa, const void *pb)
{
    const struct figure *a = &sort_rows[*(const size_t *)pa], *b = &sort_rows[*(const size_t *)pb];
    int c = breakdown_cmp(a, b);

    return c ? c : strcmp(a->group, b->group);
}

void disclosure_groups(const double *people, size_t n, int min_cell, int *shown)
{
    size_t suppressed = 0, pick = (size_t)-1;

    for (size_t i = 0; i < n; i++) {
        shown[i] = !(people[i] < min_cell);
        suppressed += !shown[i];
    }
    if (suppressed != 1)
        return;
    /* The groups are in byte order of their names, so the first of equal counts wins the tie. */
    for (size_t i = 0; i < n; i++) {
        if (shown[i] && (pick == (size_t)-1 || people[i] < people[pick]))
            pick = i;
    }
    if (pick != (size_t)-1)
        shown[pick] = 0;
}

void disclosure_apply(struct figtable *t, int min_cell)
{
    size_t *order = malloc((t->len ? t->len : 1) * sizeof *order);
    size_t *rows = malloc((t->len ? t->len : 1) * sizeof *rows);
    double *people = malloc((t->len ? t->len : 1) * sizeof *people);
    int *shown = malloc((t->len ? t->len : 1) * sizeof *shown);
    size_t i = 0;

    if (order == NULL || rows == NULL || people == NULL || shown == NULL) {
        /* Without memory to find the breakdowns, withhold every figure about people rather than risk one. */
        for (size_t r = 0; r < t->len; r++) {
            if (!isnan(t->rows[r].people))
                figure_withhold(&t->rows[r]);
        }
        goto out;
    }
    for (size_t r = 0; r < t->len; r++)
        order[r] = r;
    sort_rows = t->rows;
    qsort(order, t->len, sizeof *order, index_cmp);
    while (i < t->len) {
        size_t j = i, n = 0;

        while (j < t->len && breakdown_cmp(&t->rows[order[i]], &t->rows[order[j]]) == 0)
            j++;
        /* The breakdown's figures about people, in group order. */
        for (size_t k = i; k < j; k++) {
            if (!isnan(t->rows[order[k]].people)) {
                rows[n] = order[k];
                people[n++] = t->rows[order[k]].people;
            }
        }
        disclosure_groups(people, n, min_cell, shown);
        for (size_t k = 0; k < n; k++) {
            if (!shown[k])
                figure_withhold(&t->rows[rows[k]]);
        }
        i = j;
    }
out:
    free(order);
    free(rows);
    free(people);
    free(shown);
}
