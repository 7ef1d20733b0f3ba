/* Unit tests of the reporting periods (pipeline/period.c). */
#include "tests/check.h"

#include "pipeline/period.h"
#include "common/date.h"
#include "common/status.h"

static void check_period(const char *text, const char *start, const char *end, const char *dir)
{
    struct period p;
    char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];

    CHECK_INT(period_parse(text, &p), STATUS_OK);
    date_format(p.start, a);
    date_format(p.end, b);
    CHECK_STR(a, start);
    CHECK_STR(b, end);
    CHECK_STR(p.label, text);
    CHECK_STR(p.dir, dir);
}

static void every_form(void)
{
    check_period("2026-Q3", "2026-07-01", "2026-09-30", "2026-Q3");
    check_period("2024-Q1", "2024-01-01", "2024-03-31", "2024-Q1");
    check_period("2026-09", "2026-09-01", "2026-09-30", "2026-09");
    check_period("2024-02", "2024-02-01", "2024-02-29", "2024-02");
    check_period("2026-H2", "2026-07-01", "2026-12-31", "2026-H2");
    check_period("2026", "2026-01-01", "2026-12-31", "2026");
    check_period("2026-07-01..2026-09-30", "2026-07-01", "2026-09-30", "2026-07-01_2026-09-30");
}

static void bad_forms(void)
{
    struct period p;
    const char *bad[] = { "2026-Q5", "2026-13", "2026-H3", "26", "2026-q3", "2026-09-30..2026-07-01",
                          "2026-07-01..2026-02-30", "../etc", "", "2026-Q3x" };

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_INT(period_parse(bad[i], &p), STATUS_USAGE);
}

static void previous_and_default(void)
{
    struct period p, prev;

    period_parse("2026-Q1", &p);
    period_previous(&p, &prev);
    CHECK_STR(prev.label, "2025-Q4");
    period_parse("2026-01", &p);
    period_previous(&p, &prev);
    CHECK_STR(prev.label, "2025-12");
    period_parse("2026-H1", &p);
    period_previous(&p, &prev);
    CHECK_STR(prev.label, "2025-H2");
    period_parse("2026", &p);
    period_previous(&p, &prev);
    CHECK_STR(prev.label, "2025");
    period_parse("2026-07-01..2026-07-10", &p);
    period_previous(&p, &prev);
    CHECK_STR(prev.label, "2026-06-21..2026-06-30");
    period_default(date_from_ymd(2026, 11, 22), &p);
    CHECK_STR(p.label, "2026-Q3");
    period_default(date_from_ymd(2026, 1, 1), &p);
    CHECK_STR(p.label, "2025-Q4");
}

int main(void)
{
    RUN(every_form);
    RUN(bad_forms);
    RUN(previous_and_default);
    return check_done();
}
