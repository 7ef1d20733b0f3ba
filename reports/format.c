#include "reports/format.h"

#include "common/date.h"
#include "common/str.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct chart_number report_chart_number(enum report_kind kind)
{
    struct chart_number f = { 1, 0, 0, NULL };

    switch (kind) {
    case REPORT_SHARE:
        f.scale = 100;
        f.decimals = 1;
        f.suffix = "%";
        break;
    case REPORT_MEAN:
    case REPORT_RATIO:
    case REPORT_STAT:
        f.decimals = 2;
        break;
    case REPORT_CHANGE:
        f.decimals = 2;
        f.plus = 1;
        break;
    case REPORT_POINTS:
        f.scale = 100;
        f.decimals = 1;
        f.plus = 1;
        f.suffix = " pts";
        break;
    case REPORT_NPS:
    case REPORT_NPS_CHANGE:
        f.decimals = 1;
        f.plus = 1;
        break;
    case REPORT_HOURS:
    case REPORT_DAYS:
        f.decimals = 1;
        break;
    case REPORT_COUNT_CHANGE:
        f.plus = 1;
        break;
    case REPORT_COUNT:
    default:
        break;
    }
    return f;
}

void report_fmt(char *out, size_t size, double v, enum report_kind kind)
{
    struct chart_number f = report_chart_number(kind);

    chart_number_format(out, size, v, &f);
}

void report_fmt_ci(char *out, size_t size, double lo, double hi, enum report_kind kind)
{
    struct chart_number f = report_chart_number(kind);
    char a[REPORT_TEXT], b[REPORT_TEXT];

    if (size == 0)
        return;
    out[0] = '\0';
    if (!isfinite(lo) || !isfinite(hi))
        return;
    f.plus = 0;
    /* a unit that is a word ("pts") is said once, at the end */
    if (f.suffix != NULL && f.suffix[0] == ' ') {
        struct chart_number bare = f;

        bare.suffix = NULL;
        chart_number_format(a, sizeof a, lo, &bare);
    } else {
        chart_number_format(a, sizeof a, lo, &f);
    }
    chart_number_format(b, sizeof b, hi, &f);
    str_fmt(out, size, "%s to %s", a, b);
}

void report_fmt_est_ci(char *out, size_t size, double est, double lo, double hi,
                       enum report_kind kind)
{
    char e[REPORT_TEXT], ci[2 * REPORT_TEXT];

    if (size == 0)
        return;
    out[0] = '\0';
    if (!isfinite(est))
        return;
    report_fmt(e, sizeof e, est, kind);
    report_fmt_ci(ci, sizeof ci, lo, hi, kind);
    if (ci[0] == '\0')
        str_copy(out, size, e);
    else
        str_fmt(out, size, "%s (%s)", e, ci);
}

void report_fmt_p(char *out, size_t size, double p)
{
    if (size == 0)
        return;
    out[0] = '\0';
    if (!isfinite(p))
        return;
    if (p < 0.001) {
        str_copy(out, size, "< 0.001");
        return;
    }
    /* three significant digits, trailing zeros kept: 0.500, 0.0457, 0.00120 */
    str_fmt(out, size, "%#.3g", p);
}

void report_fmt_df(char *out, size_t size, double df)
{
    if (size == 0)
        return;
    out[0] = '\0';
    if (!isfinite(df))
        return;
    if (df == floor(df) && fabs(df) < 1e9)
        str_fmt(out, size, "%.0f", df);
    else
        str_fmt(out, size, "%.1f", df);
}

static const char *const MONTHS[12] = { "January", "February", "March", "April", "May", "June",
                                        "July", "August", "September", "October", "November",
                                        "December" };

void report_fmt_date(char *out, size_t size, int32_t day)
{
    int y, m, d;

    date_to_ymd(day, &y, &m, &d);
    str_fmt(out, size, "%d %s %d", d, MONTHS[(m - 1) % 12], y);
}

void report_fmt_month(char *out, size_t size, const char *month)
{
    int32_t day;
    char full[DATE_TEXT_SIZE + 4];
    int y, m, d;

    if (month == NULL || strlen(month) != 7) {
        str_copy(out, size, month != NULL ? month : "");
        return;
    }
    str_fmt(full, sizeof full, "%s-01", month);
    if (date_parse(full, 10, &day) != 0) {
        str_copy(out, size, month);
        return;
    }
    date_to_ymd(day, &y, &m, &d);
    str_fmt(out, size, "%.3s %d", MONTHS[m - 1], y);
}
