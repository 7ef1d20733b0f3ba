/*
 * format.h: how the reports print numbers and dates for a reader.
 *
 * One rule per kind of figure, so that a number reads the same in a tile,
 * a table, a sentence and the chart beside it: shares as 84.1%, means to
 * two decimals, differences signed (+0.42, −0.10 with U+2212), differences
 * of shares in percentage points (+2.1 pts), counts with thousands
 * separators, p-values to three significant digits or "< 0.001". A NAN or
 * infinite value prints as "" (the caller decides what an empty figure
 * says). Output is cut to `size` bytes, always NUL-terminated.
 */
#ifndef FLIPSIDE_REPORTS_FORMAT_H
#define FLIPSIDE_REPORTS_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "charts/chart.h"

#define REPORT_TEXT 96

enum report_kind {
    REPORT_COUNT,       /* 1,234 */
    REPORT_SHARE,       /* 84.1% (value 0 to 1) */
    REPORT_MEAN,        /* 4.21 */
    REPORT_CHANGE,      /* +0.42: a signed difference of means, or an effect size */
    REPORT_POINTS,      /* +2.1 pts: a signed difference of shares (value -1 to 1) */
    REPORT_NPS,         /* +38.2: a net promoter score, -100 to 100 */
    REPORT_NPS_CHANGE,  /* +5.1: a difference of net promoter scores */
    REPORT_RATIO,       /* 0.72: a hazard or odds ratio */
    REPORT_HOURS,       /* 1,187.4 */
    REPORT_DAYS,        /* 14.5 */
    REPORT_STAT,        /* 3.21: a test statistic */
    REPORT_COUNT_CHANGE /* +12: a signed difference of counts */
};

/* How charts print values of this kind (for chart specs). */
struct chart_number report_chart_number(enum report_kind kind);

/* v in the kind's format; "" for NAN. */
void report_fmt(char *out, size_t size, double v, enum report_kind kind);

/* "80.2% to 87.5%", "−1.0 to 5.6 pts" (bounds never carry a "+"; a unit that
 * is a word is said once); "" when either is NAN. */
void report_fmt_ci(char *out, size_t size, double lo, double hi, enum report_kind kind);

/* "84.1% (80.2% to 87.5%)", or the estimate alone without an interval; "" for NAN. */
void report_fmt_est_ci(char *out, size_t size, double est, double lo, double hi,
                       enum report_kind kind);

/* A p-value: "0.0457", "0.500", "< 0.001"; "" for NAN. */
void report_fmt_p(char *out, size_t size, double p);

/* Degrees of freedom: "2", or "41.3" for a Welch df; "" for NAN. */
void report_fmt_df(char *out, size_t size, double df);

/* "30 September 2026". */
void report_fmt_date(char *out, size_t size, int32_t day);

/* "Jul 2026" from "2026-07"; anything else is copied. */
void report_fmt_month(char *out, size_t size, const char *month);

#endif
