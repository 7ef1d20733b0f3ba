/*
 * buf.h: a growable byte buffer that is always NUL-terminated.
 *
 * A zeroed `struct buf` is an empty buffer ready for use. The buffer owns
 * `data`; buf_free() releases it. Growth is capped at BUF_MAX bytes so that
 * no input can make a buffer grow without bound.
 */
#ifndef FLIPSIDE_COMMON_BUF_H
#define FLIPSIDE_COMMON_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_MAX ((size_t)1 << 31)

struct buf {
    char *data;  /* NULL while empty and never grown, else NUL-terminated */
    size_t len;
    size_t cap;
};

/* Make room for `extra` more bytes (and the NUL); STATUS_NOMEM or STATUS_LIMIT on failure. */
int buf_reserve(struct buf *b, size_t extra);

/* Append `n` bytes of `p`. */
int buf_append(struct buf *b, const void *p, size_t n);

/* Append a NUL-terminated string. */
int buf_puts(struct buf *b, const char *s);

/* Append one byte. */
int buf_putc(struct buf *b, char c);

/* Append formatted text. */
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/*
 * Append `s` as one CSV field (RFC 4180): as it is, or in double quotes with
 * inner quotes doubled when it holds a comma, a quote or a line end.
 */
int buf_csv_field(struct buf *b, const char *s);

/* The text so far; "" for an empty buffer (never NULL). */
const char *buf_str(const struct buf *b);

/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);

/* Release the memory; the buffer is empty and usable afterwards. */
void buf_free(struct buf *b);

/*
 * Hand the text over to the caller, who frees it with free(); the buffer is
 * left empty. Returns NULL when nothing was ever appended and allocation fails.
 */
char *buf_take(struct buf *b);

#endif
