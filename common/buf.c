#include "common/buf.h"
#include "common/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int buf_reserve(struct buf *b, size_t extra)
{
    size_t need;
    size_t cap;
    char *p;

    if (extra >= BUF_MAX - b->len)
        return err_set(STATUS_LIMIT, "buffer would exceed %zu bytes", (size_t)BUF_MAX);
    need = b->len + extra + 1;
    if (need <= b->cap)
        return STATUS_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > BUF_MAX / 2 ? BUF_MAX : cap * 2;
    p = realloc(b->data, cap);
    if (p == NULL)
        return err_set(STATUS_NOMEM, "out of memory growing a buffer to %zu bytes", cap);
    b->data = p;
    b->cap = cap;
    return STATUS_OK;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
    int st = buf_reserve(b, n);

    if (st != STATUS_OK)
        return st;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return STATUS_OK;
}

int buf_puts(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_putc(struct buf *b, char c)
{
    return buf_append(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    int n;
    int st;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return err_set(STATUS_INTERNAL, "bad format \"%s\"", fmt);
    st = buf_reserve(b, (size_t)n);
    if (st != STATUS_OK)
        return st;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return STATUS_OK;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int st;

    va_start(ap, fmt);
    st = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

int buf_csv_field(struct buf *b, const char *s)
{
    int st;

    if (strpbrk(s, ",\"\r\n") == NULL)
        return buf_puts(b, s);
    st = buf_putc(b, '"');
    for (; *s && st == STATUS_OK; s++) {
        if (*s == '"')
            st = buf_putc(b, '"');
        if (st == STATUS_OK)
            st = buf_putc(b, *s);
    }
    return st == STATUS_OK ? buf_putc(b, '"') : st;
}

const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

char *buf_take(struct buf *b)
{
    char *s = b->data;

    if (s == NULL)
        s = calloc(1, 1);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return s;
}
