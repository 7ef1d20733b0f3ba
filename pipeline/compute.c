#include "pipeline/compute.h"
#include "pipeline/pool.h"
#include "common/status.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const SCOPE_ROLE_NAMES[NSCOPE_ROLES] = { "all", "mentor", "mentee", "non-participant" };

const char *compute_cohort_code(const struct compute *cx, size_t c)
{
    return c < cx->ncohorts ? cx->m->cohorts[c].code : "all";
}

int compute_in_org(const struct compute *cx, int32_t person)
{
    if (cx->m->org == NULL)
        return 1;
    return cx->m->org_code >= 0 && cx->m->people[person].dim[DIM_ORG] == cx->m->org_code;
}

struct figure compute_figure(const struct compute *cx, const char *key, size_t cohort, const char *versus,
                             const char *role, const char *dimension, const char *group)
{
    struct figure f;

    figure_blank(&f);
    f.key = key;
    f.programme = cx->m->programme;
    f.cohort = compute_cohort_code(cx, cohort);
    f.versus = versus ? versus : "";
    f.role = role;
    f.dimension = dimension;
    f.group = group;
    return f;
}

int compute_add(struct compute *cx, struct figure *f, double people)
{
    f->people = people;
    return figtable_add(cx->t, f);
}

int compute_begin(struct compute *cx, const struct model *m, const struct compute_options *opt, struct figtable *t)
{
    int st;

    memset(cx, 0, sizeof *cx);
    cx->m = m;
    cx->t = t;
    cx->opt = *opt;
    while (cx->ncohorts < m->ncohorts && m->cohorts[cx->ncohorts].starts <= opt->as_of)
        cx->ncohorts++;
    gsl_set_error_handler_off();
    /* The Cox fits run on the other processors while this thread goes on; one waiting bounds memory. */
    cx->pool = pool_new(0, 1);
    st = compute_retention(cx);
    pool_free(cx->pool);
    cx->pool = NULL;
    return st;
}

int compute_finish(struct compute *cx, const struct engagement *eng)
{
    const char **codes = NULL;
    int st;

    cx->eng = eng;
    st = compute_engagement(cx);
    if (st == STATUS_OK && !cx->opt.headline)
        st = compute_compare(cx);
    if (st == STATUS_OK && !cx->opt.headline)
        st = compute_quality(cx);
    if (st != STATUS_OK)
        return st;
    disclosure_apply(cx->t, cx->opt.min_cell);
    st = compute_surveys_adjust(cx);
    if (st != STATUS_OK)
        return st;
    codes = calloc(cx->ncohorts + 1, sizeof *codes);
    if (codes == NULL)
        return err_set(STATUS_NOMEM, "out of memory ordering the figures");
    for (size_t c = 0; c < cx->ncohorts; c++)
        codes[c] = cx->m->cohorts[c].code;
    figtable_sort(cx->t, codes, cx->ncohorts);
    free(codes);
    return STATUS_OK;
}

int compute_figures(const struct model *m, const struct engagement *eng, const struct compute_options *opt,
                    struct figtable *t)
{
    struct compute cx;
    int st = compute_begin(&cx, m, opt, t);

    if (st == STATUS_OK)
        st = compute_surveys(&cx);
    return st == STATUS_OK ? compute_finish(&cx, eng) : st;
}

int32_t *compute_earliest(const struct compute *cx)
{
    const struct model *m = cx->m;
    int32_t *first = malloc((m->npeople ? m->npeople : 1) * sizeof *first);

    if (first == NULL)
        return NULL;
    for (size_t i = 0; i < m->npeople; i++)
        first[i] = -1;
    for (size_t k = 0; k < m->nparts; k++) {
        const struct participation *pa = &m->parts[k];
        int32_t *f = &first[pa->person];

        if ((size_t)pa->cohort >= cx->ncohorts || pa->enrolled > cx->opt.as_of)
            continue;
        /* Cohorts are in start order, then code order: the lower index wins a tie. */
        if (*f < 0 || pa->enrolled < m->parts[*f].enrolled ||
            (pa->enrolled == m->parts[*f].enrolled && pa->cohort < m->parts[*f].cohort))
            *f = (int32_t)k;
    }
    return first;
}
