#include "pipeline/period.h"
#include "common/date.h"
#include "common/status.h"
#include "common/str.h"

#include <string.h>

static int number(const char *s, size_t n, int *out)
{
    int v = 0;

    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* Fill the label and folder name from the kind and dates. */
static void period_name(struct period *p)
{
    int y, m, d;

    date_to_ymd(p->start, &y, &m, &d);
    switch (p->kind) {
    case PERIOD_QUARTER:
        str_fmt(p->label, sizeof p->label, "%04d-Q%d", y, (m - 1) / 3 + 1);
        break;
    case PERIOD_MONTH:
        str_fmt(p->label, sizeof p->label, "%04d-%02d", y, m);
        break;
    case PERIOD_HALF:
        str_fmt(p->label, sizeof p->label, "%04d-H%d", y, m <= 6 ? 1 : 2);
        break;
    case PERIOD_YEAR:
        str_fmt(p->label, sizeof p->label, "%04d", y);
        break;
    case PERIOD_RANGE: {
        char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];

        date_format(p->start, a);
        date_format(p->end, b);
        str_fmt(p->label, sizeof p->label, "%s..%s", a, b);
        break;
    }
    }
    str_copy(p->dir, sizeof p->dir, p->label);
    if (p->kind == PERIOD_RANGE) {
        char *dots = strstr(p->dir, "..");

        /* "..", which no path may hold, becomes "_": 2026-07-01_2026-09-30. */
        dots[0] = '_';
        memmove(dots + 1, dots + 2, strlen(dots + 2) + 1);
    }
}

/* A span of whole months starting at month `m0` (1-based) of year `y`. */
static void months(struct period *p, enum period_kind kind, int y, int m0, int count)
{
    p->kind = kind;
    p->start = date_from_ymd(y, m0, 1);
    p->end = date_add_months(p->start, count) - 1;
    period_name(p);
}

int period_parse(const char *text, struct period *p)
{
    size_t n = strlen(text);
    int y, v;

    memset(p, 0, sizeof *p);
    if (n >= 4 && number(text, 4, &y) && y >= 1900 && y <= 9998) {
        if (n == 4) {
            months(p, PERIOD_YEAR, y, 1, 12);
            return STATUS_OK;
        }
        if (n == 7 && text[4] == '-' && text[5] == 'Q' && number(text + 6, 1, &v) && v >= 1 && v <= 4) {
            months(p, PERIOD_QUARTER, y, (v - 1) * 3 + 1, 3);
            return STATUS_OK;
        }
        if (n == 7 && text[4] == '-' && text[5] == 'H' && number(text + 6, 1, &v) && v >= 1 && v <= 2) {
            months(p, PERIOD_HALF, y, v == 1 ? 1 : 7, 6);
            return STATUS_OK;
        }
        if (n == 7 && text[4] == '-' && number(text + 5, 2, &v) && v >= 1 && v <= 12) {
            months(p, PERIOD_MONTH, y, v, 1);
            return STATUS_OK;
        }
        if (n == 22 && memcmp(text + 10, "..", 2) == 0 && date_parse(text, 10, &p->start) == STATUS_OK &&
            date_parse(text + 12, 10, &p->end) == STATUS_OK) {
            if (p->end < p->start)
                return err_set(STATUS_USAGE, "--period \"%s\": the range ends before it starts", text);
            p->kind = PERIOD_RANGE;
            period_name(p);
            return STATUS_OK;
        }
    }
    return err_set(STATUS_USAGE, "--period \"%s\" is not a period (use 2026-Q3, 2026-09, 2026-H2, 2026 "
                   "or 2026-07-01..2026-09-30)", text);
}

void period_default(int32_t today, struct period *p)
{
    int y, m, d;

    date_to_ymd(today, &y, &m, &d);
    memset(p, 0, sizeof *p);
    p->kind = PERIOD_QUARTER;
    p->end = date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1) - 1;
    date_to_ymd(p->end, &y, &m, &d);
    months(p, PERIOD_QUARTER, y, m - 2, 3);
}

void period_previous(const struct period *p, struct period *prev)
{
    static const int span[] = { [PERIOD_QUARTER] = 3, [PERIOD_MONTH] = 1, [PERIOD_HALF] = 6, [PERIOD_YEAR] = 12 };
    int y, m, d;

    memset(prev, 0, sizeof *prev);
    prev->kind = p->kind;
    if (p->kind == PERIOD_RANGE) {
        int32_t length = p->end - p->start + 1;

        prev->start = p->start - length;
        prev->end = p->start - 1;
        period_name(prev);
        return;
    }
    prev->start = date_add_months(p->start, -span[p->kind]);
    prev->end = p->start - 1;
    date_to_ymd(prev->start, &y, &m, &d);
    period_name(prev);
}
