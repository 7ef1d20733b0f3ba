#include "common/str.h"
#include "common/status.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int str_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (size == 0)
        return STATUS_LIMIT;
    if (n >= size) {
        memcpy(dst, src, size - 1);
        dst[size - 1] = '\0';
        return STATUS_LIMIT;
    }
    memcpy(dst, src, n + 1);
    return STATUS_OK;
}

int str_fmt(char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(dst, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size)
        return STATUS_LIMIT;
    return STATUS_OK;
}

char *str_ndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *str_dup(const char *s)
{
    return str_ndup(s, strlen(s));
}

int str_to_int64(const char *s, size_t len, int64_t *value)
{
    char tmp[32];
    char *end;
    long long v;

    if (len == 0 || len >= sizeof tmp)
        return STATUS_DATA;
    for (size_t i = 0; i < len; i++) {
        int digit = s[i] >= '0' && s[i] <= '9';
        int sign = i == 0 && (s[i] == '-' || s[i] == '+') && len > 1;

        if (!digit && !sign)
            return STATUS_DATA;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    errno = 0;
    v = strtoll(tmp, &end, 10);
    if (errno != 0 || *end != '\0')
        return STATUS_DATA;
    *value = v;
    return STATUS_OK;
}

int str_to_double(const char *s, size_t len, double *value)
{
    char tmp[64];
    char *end;
    double v;

    if (len == 0 || len >= sizeof tmp)
        return STATUS_DATA;
    for (size_t i = 0; i < len; i++) {
        if (!strchr("0123456789+-.eE", s[i]))
            return STATUS_DATA;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    errno = 0;
    v = strtod(tmp, &end);
    if (errno != 0 || *end != '\0' || end == tmp || !isfinite(v))
        return STATUS_DATA;
    *value = v;
    return STATUS_OK;
}

int str_eqn(const char *s, const char *p, size_t len)
{
    return strlen(s) == len && memcmp(s, p, len) == 0;
}

int str_is_safe_code(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 64 || strstr(s, "..") != NULL || strcmp(s, ".") == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';

        if (!ok)
            return 0;
    }
    return 1;
}

int str_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned c = p[i];
        size_t need;
        unsigned cp;

        /* Most text is ASCII: step over eight such bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;

            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i == len)
            break;
        c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (len - i <= need)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        if (cp >= 0xD800 && cp <= 0xDFFF)
            return 0;
        i += need + 1;
    }
    return 1;
}
