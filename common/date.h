/*
 * date.h: calendar dates as whole days since 1970-01-01 (proleptic Gregorian).
 *
 * Dates travel through flipside as `int32_t` day numbers: the difference of
 * two dates is a number of days, and comparing them is comparing integers.
 */
#ifndef FLIPSIDE_COMMON_DATE_H
#define FLIPSIDE_COMMON_DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_TEXT_SIZE 11  /* "YYYY-MM-DD" and its NUL */

/* The day number of year-month-day; the date must be valid. */
int32_t date_from_ymd(int year, int month, int day);

/* Split a day number into year, month (1-12) and day (1-31). */
void date_to_ymd(int32_t days, int *year, int *month, int *day);

/* 1 when year-month-day names a real date (years 1 to 9999), else 0. */
int date_valid(int year, int month, int day);

/* Days in a month of a year. */
int date_month_days(int year, int month);

/*
 * Parse exactly "YYYY-MM-DD" (`len` bytes of `s`, no terminator needed) into
 * `*days`. STATUS_OK, or STATUS_DATA when it is not a real date in that form.
 */
int date_parse(const char *s, size_t len, int32_t *days);

/*
 * Parse an ISO 8601 date that may carry a time: "YYYY-MM-DD",
 * "YYYY-MM-DD HH:MM[:SS[.frac]]" or with "T" for the space, optionally
 * followed by "Z" or an offset "+HH:MM" / "-HH:MM" / "+HHMM" / "+HH" of at
 * most 15:59 (what PostgreSQL takes).
 * `*days` receives the date part as written. STATUS_DATA when malformed.
 */
int date_parse_datetime(const char *s, size_t len, int32_t *days);

/*
 * As date_parse_datetime, and also the instant it names, in microseconds
 * since 1970-01-01T00:00:00Z (no zone means UTC; a date alone is midnight).
 */
int date_parse_instant(const char *s, size_t len, int32_t *days, int64_t *micros);

/* Write "YYYY-MM-DD" into `out` (DATE_TEXT_SIZE bytes). */
void date_format(int32_t days, char out[DATE_TEXT_SIZE]);

/* The first day of the month that is `months` after the month of `days`. */
int32_t date_add_months(int32_t days, int months);

/* Today's date in UTC. */
int32_t date_today(void);

#endif
