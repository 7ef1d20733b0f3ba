#include "stats/surv.h"

#include <math.h>
#include <stdlib.h>

#include "common/status.h"
#include "stats/util.h"

struct surv_item {
    double t;
    size_t i;
};

static int surv_item_cmp(const void *a, const void *b)
{
    const struct surv_item *x = a, *y = b;

    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

int stats_surv_order(const double *time, size_t n, size_t *order)
{
    int st;
    struct surv_item *items = NULL;

    st = stats_util_finite(time, n, "survival order");
    if (st != STATUS_OK)
        goto out;
    if (n > 0 && order == NULL) {
        st = err_set(STATUS_DOMAIN, "survival order: no room for the order");
        goto out;
    }
    items = malloc((n > 0 ? n : 1) * sizeof *items);
    if (items == NULL) {
        st = err_set(STATUS_NOMEM, "survival order: out of memory for %zu people", n);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        items[i].t = time[i];
        items[i].i = i;
    }
    qsort(items, n, sizeof *items, surv_item_cmp);
    for (size_t i = 0; i < n; i++)
        order[i] = items[i].i;
out:
    free(items);
    return st;
}

int stats_surv_check(const double *time, const int *event, size_t n, int sorted,
                     const char *what)
{
    int st = STATUS_OK;

    if (n > 0 && (time == NULL || event == NULL)) {
        st = err_set(STATUS_DOMAIN, "%s: no data given for %zu people", what, n);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(time[i]) || time[i] < 0) {
            st = err_set(STATUS_DOMAIN, "%s: time %zu (%g) is not a finite number >= 0",
                         what, i + 1, time[i]);
            goto out;
        }
        if (event[i] != 0 && event[i] != 1) {
            st = err_set(STATUS_DOMAIN, "%s: event %zu is %d, not 0 or 1", what, i + 1, event[i]);
            goto out;
        }
        if (sorted && i > 0 && time[i] < time[i - 1]) {
            st = err_set(STATUS_DOMAIN, "%s: times are not sorted at %zu (%g after %g)",
                         what, i + 1, time[i], time[i - 1]);
            goto out;
        }
    }
out:
    return st;
}
