/* Unit tests of common/: dates, strings, buffers, status messages. */
#include "tests/check.h"

#include "common/buf.h"
#include "common/date.h"
#include "common/map.h"
#include "common/status.h"
#include "common/str.h"

static void date_round_trip(void)
{
    char text[DATE_TEXT_SIZE];
    int32_t d = 0;

    CHECK_INT(date_from_ymd(1970, 1, 1), 0);
    CHECK_INT(date_from_ymd(2000, 3, 1), 11017);
    CHECK_INT(date_parse("2024-02-29", 10, &d), STATUS_OK);
    date_format(d, text);
    CHECK_STR(text, "2024-02-29");
    for (int32_t x = -800000; x < 800000; x += 997) {
        int y, m, dd;

        date_to_ymd(x, &y, &m, &dd);
        if (date_from_ymd(y, m, dd) != x)
            CHECK(!"date_to_ymd and date_from_ymd disagree");
    }
}

static void date_rejects(void)
{
    int32_t d;

    CHECK_INT(date_parse("2026-02-30", 10, &d), STATUS_DATA);
    CHECK_INT(date_parse("2023-02-29", 10, &d), STATUS_DATA);
    CHECK_INT(date_parse("2026-2-03", 9, &d), STATUS_DATA);
    CHECK_INT(date_parse("2026/02/03", 10, &d), STATUS_DATA);
    CHECK_INT(date_parse("2026-13-01", 10, &d), STATUS_DATA);
    CHECK_INT(date_parse("2026-00-10", 10, &d), STATUS_DATA);
    CHECK_INT(date_parse("", 0, &d), STATUS_DATA);
}

static void datetime_forms(void)
{
    int32_t d = 0, want = date_from_ymd(2026, 7, 14);
    const char *good[] = { "2026-07-14", "2026-07-14 09:30", "2026-07-14T09:30:15",
                           "2026-07-14T09:30:15.250", "2026-07-14T09:30:15Z",
                           "2026-07-14 23:59:59+02:00", "2026-07-14T00:00-0530" };
    const char *bad[] = { "2026-07-14T", "2026-07-14T25:00", "2026-07-14 09:61",
                          "2026-07-14T09:30:15.", "2026-07-14T09:30+2", "2026-07-14x" };

    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        d = 0;
        CHECK_INT(date_parse_datetime(good[i], strlen(good[i]), &d), STATUS_OK);
        CHECK_INT(d, want);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_INT(date_parse_datetime(bad[i], strlen(bad[i]), &d), STATUS_DATA);
}

static void instants(void)
{
    int32_t d;
    int64_t a = 0, b = 0;

    CHECK_INT(date_parse_instant("2026-07-14T09:30:00+02:00", 25, &d, &a), STATUS_OK);
    CHECK_INT(date_parse_instant("2026-07-14 07:30:00", 19, &d, &b), STATUS_OK);
    CHECK_INT(a, b);
    CHECK_INT(date_parse_instant("2026-07-14", 10, &d, &a), STATUS_OK);
    CHECK_INT(a, (int64_t)date_from_ymd(2026, 7, 14) * 86400 * 1000000);
    CHECK_INT(date_parse_instant("2026-07-14T00:00:00.25Z", 23, &d, &b), STATUS_OK);
    CHECK_INT(b - a, 250000);
    CHECK_INT(date_parse_instant("2026-07-14T00:00-0130", 21, &d, &b), STATUS_OK);
    CHECK_INT(b - a, 5400LL * 1000000);
}

static void months(void)
{
    char text[DATE_TEXT_SIZE];

    date_format(date_add_months(date_from_ymd(2026, 11, 30), 3), text);
    CHECK_STR(text, "2027-02-01");
    date_format(date_add_months(date_from_ymd(2026, 1, 15), -1), text);
    CHECK_STR(text, "2025-12-01");
}

static void numbers(void)
{
    int64_t i = 0;
    double x = 0;

    CHECK_INT(str_to_int64("-42", 3, &i), STATUS_OK);
    CHECK_INT(i, -42);
    CHECK_INT(str_to_int64("4 2", 3, &i), STATUS_DATA);
    CHECK_INT(str_to_int64("-", 1, &i), STATUS_DATA);
    CHECK_INT(str_to_int64("99999999999999999999", 20, &i), STATUS_DATA);
    CHECK_INT(str_to_double("2.5", 3, &x), STATUS_OK);
    CHECK_REL(x, 2.5, 0);
    CHECK_INT(str_to_double("nan", 3, &x), STATUS_DATA);
    CHECK_INT(str_to_double("1e999", 5, &x), STATUS_DATA);
    CHECK_INT(str_to_double("", 0, &x), STATUS_DATA);
}

static void codes_and_utf8(void)
{
    CHECK(str_is_safe_code("RM-2026_a.b"));
    CHECK(!str_is_safe_code(".."));
    CHECK(!str_is_safe_code("a/b"));
    CHECK(!str_is_safe_code("a..b"));
    CHECK(!str_is_safe_code(""));
    CHECK(str_utf8_valid("M\xc3\xbcllersch\xc3\xb6n", 13));
    CHECK(!str_utf8_valid("\xc3", 1));
    CHECK(!str_utf8_valid("\xc0\xaf", 2));
    CHECK(!str_utf8_valid("\xed\xa0\x80", 3));
    CHECK(str_utf8_valid("\xf0\x9f\x98\x80", 4));
}

static void buffers_and_messages(void)
{
    struct buf b = { 0 };
    char small[4];

    CHECK_STR(buf_str(&b), "");
    CHECK_INT(buf_printf(&b, "%d-%s", 7, "x"), STATUS_OK);
    for (int k = 0; k < 1000; k++)
        buf_putc(&b, 'y');
    CHECK_INT(b.len, 1003);
    buf_free(&b);
    CHECK_INT(str_copy(small, sizeof small, "abcdef"), STATUS_LIMIT);
    CHECK_STR(small, "abc");
    err_set(STATUS_IO, "open %s: denied", "x.csv");
    err_prefix(STATUS_IO, "ingest %s", "people");
    CHECK_STR(err_msg(), "ingest people: open x.csv: denied");
    err_clear();
}

/*
 * The map: keys of every length up to 40 bytes (whole words and tails),
 * keys that differ only in their last byte, growth from empty through many
 * doublings, a reserved map that never grows, and the empty key.
 */
static void map_keys(void)
{
    struct map m = { 0 }, r = { 0 };
    char key[64];
    int64_t v = -1, *stored = NULL;
    int found = -1, ok = 1;

    CHECK_INT(map_get(&m, "x", 1, &v), 0);
    for (long i = 0; i < 100000; i++) {
        int len = snprintf(key, sizeof key, "RM\x1f" "F%ld\x1f" "baseline\x1f" "E%06ld\x1f" "conf_%ld", i % 5, i, i % 40);

        ok &= map_put(&m, key, (size_t)len, i) == STATUS_OK;
    }
    CHECK(ok);
    CHECK_INT(m.len, 100000);
    for (long i = 0; i < 100000; i++) {
        int len = snprintf(key, sizeof key, "RM\x1f" "F%ld\x1f" "baseline\x1f" "E%06ld\x1f" "conf_%ld", i % 5, i, i % 40);

        ok &= map_get(&m, key, (size_t)len, &v) == 1 && v == i;
        /* one byte off at the end: absent */
        key[len - 1] = 'x';
        ok &= map_get(&m, key, (size_t)len, NULL) == 0;
    }
    CHECK(ok);
    /* every length from 0 to 40, each a prefix of the next */
    memset(key, 'k', sizeof key);
    for (size_t len = 0; len <= 40; len++)
        ok &= map_put(&r, key, len, (int64_t)len) == STATUS_OK;
    for (size_t len = 0; len <= 40; len++)
        ok &= map_get(&r, key, len, &v) == 1 && v == (int64_t)len;
    CHECK(ok);
    CHECK_INT(map_find_or_add(&r, key, 3, 99, &found, &stored), STATUS_OK);
    CHECK_INT(found, 1);
    CHECK(stored != NULL && *stored == 3);
    map_free(&r);
    CHECK_INT(r.len, 0);
    CHECK_INT(map_get(&r, key, 3, NULL), 0);
    /* reserved: room for 50,000 keys, and no growth while filling it */
    CHECK_INT(map_reserve(&r, 50000), STATUS_OK);
    {
        size_t cap = r.cap;

        for (long i = 0; i < 50000; i++) {
            int len = snprintf(key, sizeof key, "P%ld", i);

            ok &= map_put(&r, key, (size_t)len, i) == STATUS_OK;
        }
        CHECK(ok);
        CHECK_INT(r.cap, cap);
        CHECK(cap >= 50000 * 8 / 7);
    }
    map_free(&m);
    map_free(&r);
}

int main(void)
{
    RUN(date_round_trip);
    RUN(date_rejects);
    RUN(datetime_forms);
    RUN(instants);
    RUN(months);
    RUN(numbers);
    RUN(codes_and_utf8);
    RUN(buffers_and_messages);
    RUN(map_keys);
    return check_done();
}
