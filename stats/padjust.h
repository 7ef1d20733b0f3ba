/*
 * padjust.h: multiplicity adjustment of p-values, exactly as R's p.adjust().
 *
 * NAN entries are skipped: they stay NAN and do not count in the number of
 * tests, as p.adjust() treats NA. `out` has room for n values and may be the
 * same array as `p` (adjust in place). Scratch memory is allocated inside
 * the call (STATUS_NOMEM when it cannot be). A p-value outside [0, 1] or
 * infinite gives STATUS_DOMAIN and leaves `out` all NAN.
 */
#ifndef FLIPSIDE_STATS_PADJUST_H
#define FLIPSIDE_STATS_PADJUST_H

#include <stddef.h>

/* Holm's step-down adjustment: p.adjust(p, "holm"). */
int stats_padjust_holm(const double *p, size_t n, double *out);

/* Benjamini-Hochberg false discovery rate: p.adjust(p, "BH"). */
int stats_padjust_bh(const double *p, size_t n, double *out);

#endif
