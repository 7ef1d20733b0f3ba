/*
 * str.h: bounded string helpers and strict number parsing.
 *
 * flipside never calls strcpy, sprintf, strtok or atoi; these stand in.
 */
#ifndef FLIPSIDE_COMMON_STR_H
#define FLIPSIDE_COMMON_STR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Copy `src` into `dst` of `size` bytes, always NUL-terminated.
 * STATUS_OK, or STATUS_LIMIT when `src` had to be cut short.
 */
int str_copy(char *dst, size_t size, const char *src);

/*
 * Format into `dst` of `size` bytes, always NUL-terminated.
 * STATUS_OK, or STATUS_LIMIT when the text had to be cut short.
 */
int str_fmt(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A malloc'd copy of `n` bytes of `s` plus a NUL; NULL when out of memory. */
char *str_ndup(const char *s, size_t n);

/* A malloc'd copy of `s`; NULL when out of memory. */
char *str_dup(const char *s);

/*
 * Parse all of `len` bytes of `s` as a base-10 integer with an optional sign
 * (no spaces). STATUS_OK or STATUS_DATA.
 */
int str_to_int64(const char *s, size_t len, int64_t *value);

/*
 * Parse all of `len` bytes of `s` as a finite decimal number ("3", "-2.5",
 * "1e3"; no spaces, no "nan" or "inf"). STATUS_OK or STATUS_DATA.
 */
int str_to_double(const char *s, size_t len, double *value);

/* 1 when `s` (NUL-terminated) equals `len` bytes of `p`. */
int str_eqn(const char *s, const char *p, size_t len);

/*
 * 1 when `s` is a code safe to use in a file name: 1 to 64 bytes of
 * [A-Za-z0-9_.-], not "." or "..", and without "..".
 */
int str_is_safe_code(const char *s);

/* 1 when `len` bytes of `s` are well-formed UTF-8 (no overlongs, no surrogates). */
int str_utf8_valid(const char *s, size_t len);

#endif
