/*
 * period.h: the reporting periods of SPEC section 1.
 *
 *   2026-Q3   a quarter        2026-09   a month        2026-H2   a half year
 *   2026      a year           2026-07-01..2026-09-30   any range of days
 *
 * The default is the last complete quarter before today. The previous
 * period is the one of the same kind just before (Q3 -> Q2, a range of N
 * days -> the N days before it); the impact report compares against it.
 */
#ifndef FLIPSIDE_PIPELINE_PERIOD_H
#define FLIPSIDE_PIPELINE_PERIOD_H

#include <stdint.h>

enum period_kind { PERIOD_QUARTER, PERIOD_MONTH, PERIOD_HALF, PERIOD_YEAR, PERIOD_RANGE };

struct period {
    enum period_kind kind;
    int32_t start;   /* first day, a day number */
    int32_t end;     /* last day */
    char label[32];  /* as given ("2026-Q3"), or "START..END" for a range */
    char dir[32];    /* the folder name: the label, with ".." as "_" for a range */
};

/* Parse `text`; STATUS_USAGE with a message listing the forms when it is none of them. */
int period_parse(const char *text, struct period *p);

/* The last complete quarter before `today`. */
void period_default(int32_t today, struct period *p);

/* The period of the same kind and length just before `p`. */
void period_previous(const struct period *p, struct period *prev);

#endif
