#include "common/date.h"
#include "common/status.h"

#include <time.h>

/* Day-number conversions after Howard Hinnant's civil calendar algorithms. */
int32_t date_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(int32_t days, int *year, int *month, int *day)
{
    int z = days + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;

    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}

int date_month_days(int year, int month)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    if (month == 2)
        return 28 + leap;
    return len[month - 1];
}

int date_valid(int year, int month, int day)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    return day <= date_month_days(year, month);
}

static int digits(const char *s, int n, int *value)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 1;
}

int date_parse(const char *s, size_t len, int32_t *days)
{
    int y, m, d;

    if (len != 10 || s[4] != '-' || s[7] != '-')
        return STATUS_DATA;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
        return STATUS_DATA;
    if (!date_valid(y, m, d))
        return STATUS_DATA;
    *days = date_from_ymd(y, m, d);
    return STATUS_OK;
}

/* Parse "+HH:MM", "+HHMM", "+HH" or "Z" making up all of s[0..len); the offset east of UTC in minutes. */
static int parse_zone(const char *s, size_t len, int *minutes)
{
    int h, m = 0;

    *minutes = 0;
    if (len == 1 && s[0] == 'Z')
        return 1;
    /* PostgreSQL takes offsets up to 15:59; real ones run from -12:00 to +14:00. */
    if (len < 3 || (s[0] != '+' && s[0] != '-') || !digits(s + 1, 2, &h) || h > 15)
        return 0;
    if (len == 6 && s[3] == ':') {
        if (!digits(s + 4, 2, &m) || m > 59)
            return 0;
    } else if (len == 5) {
        if (!digits(s + 3, 2, &m) || m > 59)
            return 0;
    } else if (len != 3) {
        return 0;
    }
    *minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
    return 1;
}

int date_parse_instant(const char *s, size_t len, int32_t *days, int64_t *micros)
{
    size_t i;
    int h, mi, sec = 0, zone = 0;
    int64_t frac = 0;

    if (len < 10 || date_parse(s, 10, days) != STATUS_OK)
        return STATUS_DATA;
    *micros = (int64_t)*days * 86400 * 1000000;
    if (len == 10)
        return STATUS_OK;
    if ((s[10] != 'T' && s[10] != ' ') || len < 16)
        return STATUS_DATA;
    if (!digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || h > 23 || mi > 59)
        return STATUS_DATA;
    i = 16;
    if (i < len && s[i] == ':') {
        if (i + 3 > len || !digits(s + i + 1, 2, &sec) || sec > 59)
            return STATUS_DATA;
        i += 3;
        if (i < len && s[i] == '.') {
            size_t start = ++i;
            int64_t scale = 100000;

            while (i < len && s[i] >= '0' && s[i] <= '9') {
                frac += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start || i - start > 6)
                return STATUS_DATA;
        }
    }
    if (i < len && !parse_zone(s + i, len - i, &zone))
        return STATUS_DATA;
    *micros += ((int64_t)h * 3600 + mi * 60 + sec - (int64_t)zone * 60) * 1000000 + frac;
    return STATUS_OK;
}

int date_parse_datetime(const char *s, size_t len, int32_t *days)
{
    int64_t micros;

    return date_parse_instant(s, len, days, &micros);
}

void date_format(int32_t days, char out[DATE_TEXT_SIZE])
{
    int y, m, d;

    date_to_ymd(days, &y, &m, &d);
    y = y < 0 ? 0 : y % 10000;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

int32_t date_add_months(int32_t days, int months)
{
    int y, m, d;
    int index;

    date_to_ymd(days, &y, &m, &d);
    index = y * 12 + (m - 1) + months;
    return date_from_ymd(index / 12, index % 12 + 1, 1);
}

int32_t date_today(void)
{
    return (int32_t)(time(NULL) / 86400);
}
